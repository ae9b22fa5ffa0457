import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Most distinct statements one connection prepares; later new texts go unnamed. TypeORM
 * writes `IN ($1, $2, …)` with as many parameters as values, so the number of distinct texts
 * is not bounded by the code alone, and each prepared statement holds server memory until the
 * connection closes.
 */
export const MAX_PREPARED_PER_CONNECTION = 500;

/** Names already computed, by text: hashing the text on every call shows in the profile. */
const names = new Map<string, string>();
const MAX_NAMES = 5_000;

/** The statement name of a text: short (PostgreSQL names are at most 63 bytes) and stable. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `t_${createHash('sha1').update(text).digest('hex')}`;
    if (names.size < MAX_NAMES) names.set(text, name);
  }
  return name;
}

/**
 * A `pg` client that sends every parameterized statement as a named prepared statement
 * (extended protocol, Parse once per connection, then Bind/Execute): PostgreSQL parses and
 * plans the text once per connection instead of on every call. For a one-row read, parsing
 * and planning cost more than executing. Statements without parameters (BEGIN, COMMIT, DDL,
 * several commands in one string) stay simple queries. Used as the pool's `Client`.
 */
export class PreparingClient extends pg.Client {
  private readonly prepared = new Set<string>();
  /** Texts whose first name was spoiled (see `named`), with the name they use now. */
  private readonly renamed = new Map<string, string>();
  private renames = 0;

  // pg's overloads (callback and promise forms) are not expressible in a subclass without
  // repeating all of them: the override takes what TypeORM sends and passes the rest through.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length === 2) {
      const name = this.nameFor(text);
      if (name) return this.named(name, text, values) as never;
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }

  /**
   * A failure on this side of the wire (a value `pg` cannot encode) makes `pg` close the
   * server's statement while it goes on recording it as prepared (the server's ParseComplete
   * arrives after the failure): every later use of that name on this connection would fail.
   * The text gets a new name instead, which is parsed again on its next use.
   */
  private async named(name: string, text: string, values: unknown[]): Promise<unknown> {
    try {
      return await (super.query as (config: pg.QueryConfig) => Promise<unknown>)({ name, text, values });
    } catch (error) {
      if (!(error instanceof pg.DatabaseError)) this.renamed.set(text, `${statementName(text)}_${++this.renames}`);
      throw error;
    }
  }

  private nameFor(text: string): string | null {
    const name = this.renamed.get(text) ?? statementName(text);
    if (this.prepared.has(name)) return name;
    if (this.prepared.size >= MAX_PREPARED_PER_CONNECTION) return null;
    this.prepared.add(name);
    return name;
  }
}
