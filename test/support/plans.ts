import pg from 'pg';
import { appPools } from './statements.js';
import type { TestApp } from './test-app.js';

/**
 * The text and values of every parameterized statement the app's pools send while `send`
 * runs (`only`: only those pools', e.g. `[genericPlanPool(dataSource)]`).
 */
export async function statementsOf(
  t: TestApp,
  send: () => Promise<unknown>,
  only?: unknown[],
): Promise<{ text: string; values: unknown[] }[]> {
  type Client = { query: (...args: unknown[]) => unknown };
  const pools = (only ?? appPools(t)) as {
    on(e: 'acquire', l: (c: Client) => void): void;
    removeListener(e: 'acquire', l: (c: Client) => void): void;
  }[];
  const seen: { text: string; values: unknown[] }[] = [];
  const wrapped: Client[] = [];
  const wrap = (client: Client) => {
    if (wrapped.includes(client)) return;
    const original = client.query;
    wrapped.push(client);
    client.query = function (this: Client, ...args: unknown[]) {
      if (typeof args[0] === 'string' && Array.isArray(args[1])) seen.push({ text: args[0], values: args[1] });
      return original.apply(this, args);
    };
  };
  for (const pool of pools) pool.on('acquire', wrap);
  try {
    await send();
  } finally {
    for (const pool of pools) pool.removeListener('acquire', wrap);
    for (const client of wrapped) delete (client as Partial<Client>).query;
  }
  return seen;
}

/**
 * The plan of `statement`, by default with every way around an index disabled (no sequential
 * or bitmap scan, no sort; `settings` replaces these, '' for the planner's own choice): one line per node of the main query (subqueries left out), e.g. `Index Scan using commitments_due_key_idx`. A sort
 * the index cannot spare still appears (disabled only makes it expensive), so "no Sort node"
 * proves that an index delivers the rows in the page's order.
 */
export async function planOf(
  url: string,
  statement: { text: string; values: unknown[] },
  settings = 'SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off',
): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (settings) await client.query(settings);
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${statement.text}`,
      statement.values,
    );
    const lines: string[] = [];
    const walk = (node: PlanNode) => {
      lines.push(node['Index Name'] ? `${node['Node Type']} using ${node['Index Name']}` : node['Node Type']);
      // A subquery's own nodes are not the page's order: e.g. PostgreSQL 16+ plans the sort of
      // `json_agg(… ORDER BY …)` (each item's assignees) as a Sort node inside the SubPlan.
      for (const child of node.Plans ?? []) if (!SUBQUERY.has(child['Parent Relationship'] ?? '')) walk(child);
    };
    walk(rows[0]!['QUERY PLAN'][0].Plan);
    return lines;
  } finally {
    await client.end();
  }
}
const SUBQUERY = new Set(['SubPlan', 'InitPlan']);
interface PlanNode {
  'Node Type': string;
  'Parent Relationship'?: string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/**
 * Every node of the plan of `statement`, subqueries included, with the planner's own choices
 * (`settings`, e.g. `SET enable_seqscan = off`, only when given; `generic`: the generic plan a
 * prepared statement may settle on, made for any values; `mainQuery`: subqueries left out, as
 * `planOf` does): one line per node naming its
 * index and its table, e.g. `Bitmap Index Scan using updates_search_idx`, `Seq Scan on
 * memberships`, `Index Scan using assignments_pkey on assignments`. For "which tables are read
 * how": a search must read its big tables through their indexes, never by a `Seq Scan on` one.
 */
export async function planNodes(
  url: string,
  statement: { text: string; values: unknown[] },
  {
    settings = '',
    generic = false,
    mainQuery = false,
  }: { settings?: string; generic?: boolean; mainQuery?: boolean } = {},
): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (settings) await client.query(settings);
    let explained: pg.QueryResult<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>;
    if (generic) {
      // The plan a named prepared statement settles on: planned once for any values.
      await client.query('SET plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE planned AS ${statement.text}`);
      const literal = (value: unknown) =>
        value === null || value === undefined
          ? 'NULL'
          : client.escapeLiteral(Array.isArray(value) ? `{${value.join(',')}}` : String(value));
      explained = await client.query(
        `EXPLAIN (FORMAT JSON) EXECUTE planned(${statement.values.map(literal).join(', ')})`,
      );
    } else explained = await client.query(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values);
    const { rows } = explained;
    const lines: string[] = [];
    const walk = (node: PlanNode) => {
      const index = node['Index Name'] ? ` using ${node['Index Name']}` : '';
      const table = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
      lines.push(`${node['Node Type']}${index}${table}`);
      for (const child of node.Plans ?? [])
        if (!mainQuery || !SUBQUERY.has(child['Parent Relationship'] ?? '')) walk(child);
    };
    walk(rows[0]!['QUERY PLAN'][0].Plan);
    return lines;
  } finally {
    await client.end();
  }
}
