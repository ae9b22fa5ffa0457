/**
 * Positional parameters for hand-written SQL: `p.add(value)` returns its placeholder (`$3`),
 * so conditions and their values are built together and never concatenated into the text.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
