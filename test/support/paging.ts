import type { Actor } from './actors.js';
import type { TestApp } from './test-app.js';

/*
 * Keyset paging when many rows share a sort value (README, "Lists"): rows are ordered by the
 * sort value, then by `id` in the same direction, and the cursor resumes after the last
 * (value, id), so a page boundary inside a run of equal values neither skips nor repeats a
 * row. The expected orders are computed here from the ids the API returned at creation.
 */

/** A created row: its id and the value of the sort field the test sorts by. */
export interface PagedRow {
  id: string;
  key: string;
}

/** Ascending by (key, id); descending by both when `descending`. UUIDs order as their lowercase hex. */
function expectedOrder(rows: PagedRow[], descending: boolean): string[] {
  const sorted = [...rows].sort((a, b) =>
    a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1,
  );
  if (descending) sorted.reverse();
  return sorted.map((r) => r.id);
}

/** Every page of a list, following `nextCursor`; returns the ids in the order served and the page count. */
async function walk(
  t: TestApp,
  caller: Actor,
  path: string,
  query: Record<string, string | number>,
): Promise<{ ids: string[]; pages: number }> {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await t
      .http()
      .get(`/api/v1${path}`)
      .query(cursor ? { ...query, cursor } : query)
      .set(caller.headers);
    expect(res.status).toBe(200);
    seen.push(...(res.body.items as { id: string }[]).map((i) => i.id));
    cursor = res.body.nextCursor as string | null;
    pages++;
  } while (cursor && pages < 50);
  return { ids: seen, pages };
}

/**
 * Walks `path` (under /api/v1) two by two sorted by `sort`, then by `-sort`, and expects
 * exactly `rows` (more than four) in (key, id) order, each once, in ceil(rows / 2) pages.
 */
export async function expectPaged(
  t: TestApp,
  caller: Actor,
  path: string,
  filter: Record<string, string>,
  sort: string,
  rows: PagedRow[],
): Promise<void> {
  for (const descending of [false, true]) {
    const { ids, pages } = await walk(t, caller, path, {
      ...filter,
      sort: `${descending ? '-' : ''}${sort}`,
      limit: 2,
    });
    const expected = expectedOrder(rows, descending);
    expect(expected.length).toBeGreaterThan(4);
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(rows.length);
    expect(pages).toBe(Math.ceil(rows.length / 2));
  }
}
