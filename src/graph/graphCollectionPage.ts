import { isRecord, optionalString } from "../shared/jsonRecord";

export interface GraphCollectionPage<T> {
  readonly items: readonly T[];
  /** Absolute `@odata.nextLink`, when there is another page. */
  readonly nextLink?: string;
}

/** Reads `{ value: [...], "@odata.nextLink"? }`; undefined when the page or any item is not the expected shape. */
export function parseCollectionPage<T>(value: unknown, parseItem: (item: unknown) => T | undefined): GraphCollectionPage<T> | undefined {
  if (!isRecord(value) || !Array.isArray(value.value)) {
    return undefined;
  }
  const items: T[] = [];
  for (const raw of value.value) {
    const item = parseItem(raw);
    if (item === undefined) {
      return undefined;
    }
    items.push(item);
  }
  const nextLink = optionalString(value, "@odata.nextLink");
  return nextLink === undefined ? { items } : { items, nextLink };
}
