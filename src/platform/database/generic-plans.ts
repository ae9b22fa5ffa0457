import pg from 'pg';
import type { DataSource } from 'typeorm';
import { poolOf, runnerOn, type StatementRunner } from './direct-reads.js';
import { PreparingClient } from './preparing-client.js';

/** The run-time parameter that makes a session plan each prepared statement once. */
export const GENERIC_PLAN_OPTION = '-c plan_cache_mode=force_generic_plan';

/** Each data source's generic-plan pool, made on first use; `'closed'` once the app shut down. */
const pools = new WeakMap<DataSource, pg.Pool | 'closed'>();

/**
 * The pool of `dataSource`'s generic-plan sessions: the same settings as TypeORM's pool
 * (`driver.master`: `PreparingClient`s, size, connection timeout, statement timeout, time
 * zone) plus `plan_cache_mode = force_generic_plan`. Made on first use, so it holds up to
 * `DATABASE_POOL_SIZE` connections more (docs/performance.md, "Pool and memory"). Without
 * prepared statements (DATABASE_PREPARED_STATEMENTS=false) there is no plan to keep: the
 * main pool itself. Throws once `closeGenericPlanPool` ran.
 */
export function genericPlanPool(dataSource: DataSource): pg.Pool {
  let pool = pools.get(dataSource);
  if (pool === 'closed') throw new Error('The generic-plan pool is closed: the application has shut down.');
  const main = poolOf(dataSource);
  const options = main.options as pg.PoolConfig & { Client?: unknown };
  if (options.Client !== PreparingClient) return main;
  if (!pool) {
    pool = new pg.Pool({
      ...options,
      // pg-pool keeps a given password out of its enumerable options.
      password: options.password,
      options: `${options.options ?? ''} ${GENERIC_PLAN_OPTION}`.trim(),
      // Told apart from TypeORM's sessions in pg_stat_activity.
      application_name: `${options.application_name ?? 'tansiq'} (generic plans)`,
    });
    // As pg-pool does for TypeORM's pool: an idle client whose server went away is dropped,
    // not an uncaught exception.
    pool.on('error', () => undefined);
    pools.set(dataSource, pool);
  }
  return pool;
}

/**
 * A `StatementRunner` for statements whose plan does not depend on their values: each is
 * planned once per session (a generic plan) instead of at every execution. PostgreSQL keeps
 * a prepared statement's generic plan only when its estimated cost is no higher than the
 * custom plans' average. A page of the commitments list and its stamps (a committee's rows in
 * an index's order, LIMIT 51) estimate a few percent cheaper for the actual committee and
 * status, so each execution planned the statement again: per execution, a page 0.58–0.62 ms
 * planned once against 0.85–0.86 ms, the stamps 0.42 against 0.52–0.61 ms (docs/performance.md,
 * "Plans made once per session"). Only for statements whose
 * generic plan is checked (`test/work/list-indexes.e2e-spec.ts`): where a value decides the
 * best plan (the log's sequencer, a search, a filtered list in another order than due dates:
 * `plannedOnce` in the work kernel) the planner must see it. The setting
 * is the session's: PL/pgSQL a statement calls plans generically too. Reads only, outside a
 * transaction.
 */
export function genericPlans(dataSource: DataSource): StatementRunner {
  return runnerOn(() => genericPlanPool(dataSource));
}

/** Ends the generic-plan pool of `dataSource`, if one was made (the app's shutdown). */
export async function closeGenericPlanPool(dataSource: DataSource): Promise<void> {
  const pool = pools.get(dataSource);
  pools.set(dataSource, 'closed');
  if (pool && pool !== 'closed') await pool.end();
}
