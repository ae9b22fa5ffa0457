import type pg from 'pg';
import type { DataSource } from 'typeorm';

/** The pool TypeORM made for `dataSource` (`driver.master`): `PreparingClient`s unless DATABASE_PREPARED_STATEMENTS=false. */
export function poolOf(dataSource: DataSource): pg.Pool {
  return (dataSource.driver as unknown as { master: pg.Pool }).master;
}

/** Runs one statement and gives its rows (pagination's `SqlRunner`, by shape). */
export interface StatementRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown[]>;
}

/**
 * An `SqlRunner` (pagination's, by shape: the database layer does not import it) for reads outside a transaction that takes a client straight from the pool
 * TypeORM made (`driver.master`, the same `PreparingClient`s: named prepared statements, the
 * same session settings and statement timeout) and returns the rows. `dataSource.query` builds
 * a query runner per statement, broadcasts its events and wraps the result: about 5 % of the
 * CPU of a list request (docs/performance.md). Errors are PostgreSQL's own (`pg.DatabaseError`)
 * or the pool's (a connection not had within the timeout), which the problem filter maps as it
 * does when TypeORM passes them on. Never for writes: a write belongs in a transaction with its
 * audit event.
 */
export function directReads(dataSource: DataSource): StatementRunner {
  return runnerOn(() => poolOf(dataSource));
}

/**
 * One statement on a client of the pool `pool()` gives (read when the statement runs, not
 * before), outside any transaction: atomic on its own, so never one of several writes.
 */
export function runnerOn(pool: () => pg.Pool): StatementRunner {
  return {
    async query(sql: string, parameters: unknown[] = []): Promise<unknown[]> {
      const client = await pool().connect();
      // pg-pool stops listening to a client's `error` while it is checked out, and pg emits
      // one when the socket fails mid-statement (a reset, a failover): unheard, it is an
      // uncaught exception that ends the process. Heard, the statement rejects (the problem
      // filter's 503) and the client goes back marked broken, so the pool drops it. As
      // TypeORM's query runner does while it holds a client.
      let broken: Error | undefined;
      const onError = (error: Error) => (broken ??= error);
      client.on('error', onError);
      try {
        // Two arguments, no callback: the form PreparingClient prepares.
        return (await client.query(sql, parameters)).rows as unknown[];
      } finally {
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
  };
}
