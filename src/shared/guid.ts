const canonicalGuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type AssignmentIdParseResult =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly reason: string };

/** Longest id text echoed back in a message, so a 10 kB id does not become a 10 kB error. */
const maxEchoedLength = 64;

/**
 * The id as a JSON string literal of at most `maxEchoedLength` characters between the quotes.
 * Bounded after escaping, not before: a control character or lone surrogate escapes to six
 * characters, so cutting the raw id would still let 64 of them echo as 384.
 */
function echoedId(value: string): string {
  let shown = "";
  for (const char of value) {
    const escaped = JSON.stringify(char).slice(1, -1);
    if (shown.length + escaped.length > maxEchoedLength) {
      return `"${shown}"… (${value.length} characters)`;
    }
    shown += escaped;
  }
  return `"${shown}"`;
}

/**
 * Accepts only the canonical 8-4-4-4-12 hexadecimal form, in either case, and returns it in lower
 * case. Anything else (braces, whitespace, path characters, percent-encoding, unicode look-alikes)
 * is refused here, before it can become part of a Graph URL. `subject` names the id in the reason
 * ("assignment id", "assignment request id"), so a caller is told which id was wrong.
 */
export function parseGuid(value: unknown, subject: string): AssignmentIdParseResult {
  if (typeof value !== "string") {
    return { ok: false, reason: `The ${subject} must be a string GUID.` };
  }
  const lowered = value.toLowerCase();
  if (canonicalGuid.test(lowered)) {
    return { ok: true, id: lowered };
  }
  if (value.length === 0) {
    return { ok: false, reason: `The ${subject} is empty; expected a GUID such as d82eb508-acc4-43cc-bcf1-7c1c4a2c073b.` };
  }
  return {
    ok: false,
    reason: `The ${subject} ${echoedId(value)} is not a GUID; expected the form d82eb508-acc4-43cc-bcf1-7c1c4a2c073b (no braces, spaces or other characters).`,
  };
}

export function parseAssignmentId(value: unknown): AssignmentIdParseResult {
  return parseGuid(value, "assignment id");
}

export function parseAssignmentRequestId(value: unknown): AssignmentIdParseResult {
  return parseGuid(value, "assignment request id");
}

export function isCanonicalGuid(value: string): boolean {
  return canonicalGuid.test(value);
}
