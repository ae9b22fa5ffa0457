/**
 * A plain RFC 4180 reader for the tests (independent of the csv-stringify that writes the
 * exports): quoted fields with doubled quotes, CRLF or LF line ends. The byte-order mark must
 * be stripped first (`withoutBom`).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') continue;
    else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** The text after a leading UTF-8 byte-order mark; throws when there is none. */
export function withoutBom(text: string): string {
  if (!text.startsWith('\uFEFF')) throw new Error('the CSV does not start with a byte-order mark');
  return text.slice(1);
}

/** A CSV as objects keyed by its header row. */
export function csvObjects(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header = [], ...rows] = parseCsv(withoutBom(text));
  return { header, rows: rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']))) };
}
