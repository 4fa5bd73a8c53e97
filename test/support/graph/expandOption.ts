/** One navigation property to expand, with the properties its nested `$select` keeps (all when undefined). */
export interface Expansion {
  readonly name: string;
  readonly select: readonly string[] | undefined;
}

export type ExpandParse = { readonly ok: true; readonly expansions: readonly Expansion[] } | { readonly ok: false; readonly message: string };

const item = /^\s*(\w+)\s*(?:\(\s*\$select\s*=\s*([\w\s,]+)\))?\s*$/i;

/**
 * Reads `$expand=a,b($select=x,y)`: commas inside parentheses belong to the nested option, so the
 * list is split at top-level commas only. Nested options other than `$select` are refused.
 * `known` maps each expandable property to the properties its nested `$select` may name.
 */
export function parseExpandOption(text: string, known: Readonly<Record<string, readonly string[]>>): ExpandParse {
  const expansions: Expansion[] = [];
  for (const raw of splitTopLevel(text)) {
    const match = item.exec(raw);
    const name = Object.keys(known).find((candidate) => candidate.toLowerCase() === match?.[1]?.toLowerCase());
    if (match === null || name === undefined) {
      return { ok: false, message: `The emulator expands ${Object.keys(known).join(" and ")} (with an optional nested $select) only, not '${raw.trim()}'.` };
    }
    let select: string[] | undefined;
    if (match[2] !== undefined) {
      select = [];
      for (const property of match[2].split(",")) {
        const canonical = known[name]?.find((candidate) => candidate.toLowerCase() === property.trim().toLowerCase());
        if (canonical === undefined) return { ok: false, message: `Could not find a property named '${property.trim()}' on the expanded ${name}.` };
        if (!select.includes(canonical)) select.push(canonical);
      }
    }
    if (!expansions.some((expansion) => expansion.name === name)) expansions.push({ name, select });
  }
  return { ok: true, expansions };
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (char === "," && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
