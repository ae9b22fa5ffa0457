/**
 * What a spreadsheet program takes for the start of a formula (or, tab and carriage return,
 * for a cell it reads past): `=`, `+`, `-`, `@`, tab, carriage return (OWASP, "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell's text made inert: when it starts with a character of FORMULA_START, it gets a `'`
 * in front (`=HYPERLINK("…")` → `'=HYPERLINK("…")`), which spreadsheet programs show as text
 * and do not evaluate. Every cell goes through here, numbers and dates included (a negative
 * number is then text: none of the exported fields is one).
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One value of a response field as a CSV cell: null or absent → empty; a date → ISO 8601 (UTC,
 * milliseconds), as the JSON has it; text, numbers and booleans as JSON writes them (without
 * quotes); arrays and objects (a committee's parties, an event's changes) → their compact JSON.
 * Then neutralised (`neutralise`).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return neutralise(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return neutralise(String(value));
  }
  return neutralise(JSON.stringify(value));
}

/** The cells of one row, in the order of `columns` (field names). */
export function csvRecord(row: object, columns: readonly string[]): string[] {
  return columns.map((column) => csvCell((row as Record<string, unknown>)[column]));
}
