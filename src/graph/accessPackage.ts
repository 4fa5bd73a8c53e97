import { parseCollectionPage } from "./graphCollectionPage";
import { isRecord, optionalString } from "../shared/jsonRecord";

/** The part of an accessPackage this app reads; Graph may send more. */
export interface AccessPackage {
  readonly id: string;
  readonly displayName?: string;
}

export interface AccessPackagePage {
  readonly accessPackages: readonly AccessPackage[];
  /** Absolute `@odata.nextLink`, when there is another page. */
  readonly nextLink?: string;
}

export function parseAccessPackage(value: unknown): AccessPackage | undefined {
  if (!isRecord(value) || typeof value.id !== "string") {
    return undefined;
  }
  const displayName = optionalString(value, "displayName");
  return displayName === undefined ? { id: value.id } : { id: value.id, displayName };
}

export function parseAccessPackagePage(value: unknown): AccessPackagePage | undefined {
  const page = parseCollectionPage(value, parseAccessPackage);
  if (page === undefined) {
    return undefined;
  }
  return page.nextLink === undefined ? { accessPackages: page.items } : { accessPackages: page.items, nextLink: page.nextLink };
}
