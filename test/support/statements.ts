import { DataSource } from 'typeorm';
import { genericPlanPool } from '../../src/platform/database/generic-plans.js';
import type { TestApp } from './test-app.js';

/** What the helper needs of a pg Pool (`pg-pool`): its checkout event and its public counters. */
interface Pool {
  on(event: 'acquire', listener: (client: Client) => void): void;
  removeListener(event: 'acquire', listener: (client: Client) => void): void;
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** A pg Client: `query(text | {name?, text, values?} | submittable, values?, callback?)`. */
interface Client {
  query: (...args: unknown[]) => unknown;
}

export interface StatementCounter {
  /**
   * Runs `send` (one request) and returns its result with the text of every statement the
   * app sent to PostgreSQL meanwhile, in order, BEGIN/COMMIT/ROLLBACK included, and statements
   * still running or released after the response (it waits until the pool has every client
   * back, at most a second).
   */
  during<T>(send: () => Promise<T>): Promise<{ result: T; sql: string[] }>;
  /** Stops counting and gives the pool's clients back their own `query`. */
  close(): void;
}

/**
 * Counts the statements the app sends to PostgreSQL, at the driver: every client the app's
 * pools (TypeORM's `driver.master` and the generic-plan pool, `appPools`) hand out, to a
 * repository, a query runner or a transaction alike, has its `query` wrapped while the
 * counter is open. A statement sent as a
 * config object (`{ name, text, values }`, a named prepared statement) counts like a string;
 * a named statement is recorded as `[name] text`. Statements of other clients (the tests' own
 * `sql` helper) are not counted. One counter per app; `close()` it in `afterAll`.
 */
export function countStatements(t: TestApp): StatementCounter {
  const pools = appPools(t) as unknown as Pool[];
  let recording: string[] | null = null;
  const wrapped = new Map<Client, Client['query']>();

  const wrap = (client: Client) => {
    if (wrapped.has(client)) return;
    const original = client.query;
    wrapped.set(client, original);
    client.query = function (this: Client, ...args: unknown[]) {
      recording?.push(statementText(args[0]));
      return original.apply(this, args);
    };
  };
  for (const pool of pools) pool.on('acquire', wrap);

  /** Every client back in the pools and nobody waiting for one: the request's statements are all sent. */
  const settled = async () => {
    for (let waited = 0; waited < 1_000; waited += 5) {
      if (pools.every((pool) => pool.totalCount === pool.idleCount && pool.waitingCount === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('countStatements: the pool still lends a client 1 s after the request');
  };

  return {
    async during(send) {
      await settled();
      const sql: string[] = [];
      recording = sql;
      try {
        const result = await send();
        await settled();
        return { result, sql };
      } finally {
        recording = null;
      }
    },
    close() {
      for (const pool of pools) pool.removeListener('acquire', wrap);
      for (const [client, original] of wrapped) {
        // The wrapper is an own property over the prototype's method: removing it restores the original.
        if (original === Object.getPrototypeOf(client).query) delete (client as Partial<Client>).query;
        else client.query = original;
      }
      wrapped.clear();
      recording = null;
    },
  };
}

/**
 * The app's pools: TypeORM's (`driver.master`) and the one of statements planned once per
 * session (`genericPlans`; the same pool when prepared statements are off).
 */
export function appPools(t: TestApp): unknown[] {
  const dataSource = t.app.get(DataSource);
  const master = (dataSource.driver as unknown as { master: unknown }).master;
  const generic = genericPlanPool(dataSource);
  return generic === master ? [master] : [master, generic];
}

function statementText(first: unknown): string {
  if (typeof first === 'string') return first;
  const config = first as { text?: unknown; name?: unknown } | null;
  const text = typeof config?.text === 'string' ? config.text : String(first);
  return typeof config?.name === 'string' ? `[${config.name}] ${text}` : text;
}
