export interface CsvRow {
  readonly cells: readonly string[];
  /** 1-based line the row starts on, for messages that point into the file. */
  readonly line: number;
}

export type CsvParseResult = { readonly ok: true; readonly rows: readonly CsvRow[] } | { readonly ok: false; readonly line: number; readonly reason: string };

/**
 * RFC 4180 rows, tolerant of what spreadsheets and hand edits produce: a UTF-8 BOM, CRLF, LF or
 * CR line ends, blank lines, spaces around fields, and quoted fields (with "" for a quote, and
 * commas or line breaks inside). Cells are trimmed. Only an unterminated quote is refused, because
 * it would silently swallow the rest of the file into one cell.
 */
export function parseCsvRows(text: string): CsvParseResult {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;

  const endCell = (): void => {
    cells.push(cell.trim());
    cell = "";
  };
  const endRow = (): void => {
    endCell();
    rows.push({ cells, line: rowLine });
    cells = [];
  };

  for (let index = 0; index < source.length; index++) {
    const char = source.charAt(index);
    if (quoted) {
      if (char === '"') {
        if (source[index + 1] === '"') {
          cell += '"';
          index++;
        } else {
          quoted = false;
        }
      } else {
        if (char === "\n" || (char === "\r" && source[index + 1] !== "\n")) line++;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell.trim() === "") {
      quoted = true;
      quoteLine = line;
      cell = "";
    } else if (char === ",") {
      endCell();
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && source[index + 1] === "\n") index++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += char;
    }
  }
  if (quoted) {
    return { ok: false, line: quoteLine, reason: `the quoted field that starts on line ${quoteLine} is never closed` };
  }
  if (cell !== "" || cells.length > 0) {
    endRow();
  }
  return { ok: true, rows };
}
