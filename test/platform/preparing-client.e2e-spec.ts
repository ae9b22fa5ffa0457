import type pg from 'pg';
import { PreparingClient } from '../../src/platform/database/preparing-client.js';
import { databaseUrl } from '../support/test-database.js';

/**
 * The pool's client prepares parameterized statements once per connection. A statement must
 * keep working on that connection whatever happened to an earlier call of it.
 */
describe('PreparingClient', () => {
  let client: PreparingClient;
  beforeAll(async () => {
    client = new PreparingClient({ connectionString: databaseUrl('postgres') });
    await client.connect();
  });
  afterAll(() => client.end());
  /** The client as pg's callers (TypeORM) see it. */
  const query = (text: string, values?: unknown[]) => (client as pg.Client).query(text, values);

  const prepared = async () =>
    ((await query('SELECT name, statement FROM pg_prepared_statements ORDER BY name')) as { rows: unknown[] }).rows as {
      statement: string;
    }[];

  it('sends a parameterized statement as one named statement, prepared once', async () => {
    for (const value of ['a', 'b', 'c']) {
      const result = (await query('SELECT $1::text AS v', [value])) as { rows: { v: string }[] };
      expect(result.rows).toEqual([{ v: value }]);
    }
    expect((await prepared()).map((p) => p.statement)).toEqual(['SELECT $1::text AS v']);
  });

  it('keeps a statement usable after a value pg could not encode', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(query('SELECT $1::text AS w', [circular])).rejects.toThrow();
    const result = (await query('SELECT $1::text AS w', ['after'])) as unknown as { rows: { w: string }[] };
    expect(result.rows).toEqual([{ w: 'after' }]);
  });

  it('keeps a statement usable after the server refused one of its executions', async () => {
    await expect(query('SELECT $1::int AS n', ['not a number'])).rejects.toThrow(/invalid input syntax/);
    const result = (await query('SELECT $1::int AS n', [7])) as unknown as { rows: { n: number }[] };
    expect(result.rows).toEqual([{ n: 7 }]);
  });
});

describe('DATABASE_PREPARED_STATEMENTS', () => {
  it('chooses the pool client: prepared by default, plain pg when false', async () => {
    const { dataSourceOptions } = await import('../../src/data-source.js');
    const extra = (prepared?: boolean) =>
      (dataSourceOptions('postgres://x@127.0.0.1:1/x', 10, prepared) as { extra: { Client?: unknown } }).extra;
    expect(extra().Client).toBe(PreparingClient);
    expect(extra(false).Client).toBeUndefined();
  });
});
