// What the bench measures, built from the discovered targets: the loaded endpoints (Tansiq's
// workload, and the floor's where it has the endpoint) and the one-connection flatness pairs.
import { fixed, pages, patching, rotating } from './workloads.mjs';

export const SPREAD = 64;
/** Pages the list workload without kept pages walks through: more than LIST_CACHE_PAGES (128). */
const PAGES = 400;
const LIST_QUERY = '?status=pending&limit=50';
// The progress figure changes with every request (1–99), so every update really rewrites the
// commitment on both sides (an unchanged figure would let Tansiq skip its UPDATE).
let progress = 0;
export const UPDATE_BODY = () => ({
  body: 'Joint patrol held at the northern crossing; two couriers detained.',
  progress: (progress++ % 99) + 1,
});

const n = (value) => Number(value).toLocaleString('en-US');
const listPath = (committeeId) => `/api/v1/committees/${committeeId}/commitments${LIST_QUERY}`;
const summaryPath = (committeeId) => `/api/v1/reports/summary?committeeId=${committeeId}`;
const reciprocityPath = (committeeId) => `/api/v1/reports/reciprocity?committeeId=${committeeId}`;
export const updatesPath = (id) => `/api/v1/commitments/${id}/updates`;

/**
 * The loaded endpoints: `{ key, title, side?, tansiq, floor? }` (`side` overrides the secretary's;
 * an endpoint whose side could not log in is left out). `sides`: `{ secretary, many, floor }`
 * where `floor` is the started floor or null.
 */
export function endpoints(targets, sides, connections) {
  const { big, open } = targets;
  const spreadIds = open.length > 1 ? open.slice(1, 1 + SPREAD) : open;
  const patchIds = (open.length > SPREAD + 1 ? open.slice(1 + SPREAD) : open).slice(0, connections);
  const floor = sides.floor;
  const list = [
    {
      key: 'commitments.list',
      title: `commitments list, ${big.code} (${n(big.commitments)}, ${n(big.pending)} pending), page of 50`,
      tansiq: fixed('GET', listPath(big.id)),
      floor: floor && fixed('GET', listPath(floor.committeeId)),
    },
    {
      key: 'commitments.pages',
      title: `commitments list, ${big.code}, ${PAGES} pages in turn (none served again; the floor: its first page)`,
      tansiq: pages(listPath(big.id), PAGES),
      floor: floor && fixed('GET', listPath(floor.committeeId)),
    },
    sides.many && {
      key: 'me.assignments',
      title: `GET /me/assignments (${n(sides.many.assignments)} assignments)`,
      side: sides.many.side,
      tansiq: fixed('GET', '/api/v1/me/assignments'),
    },
    { key: 'commitments.get', title: 'GET /commitments/{id}', tansiq: fixed('GET', `/api/v1/commitments/${open[0]}`) },
    {
      key: 'updates.one',
      title: 'progress update, one commitment',
      tansiq: fixed('POST', updatesPath(open[0]), UPDATE_BODY),
      floor: floor && fixed('POST', updatesPath(floor.commitmentIds[0]), UPDATE_BODY),
    },
    {
      key: 'updates.spread',
      title: `progress updates spread over ${spreadIds.length} commitments`,
      tansiq: rotating('POST', spreadIds.map(updatesPath), UPDATE_BODY),
      floor: floor && rotating('POST', floor.commitmentIds.map(updatesPath), UPDATE_BODY),
    },
    {
      key: 'commitments.patch',
      title: `PATCH /commitments/{id} with If-Match, ${patchIds.length} commitments (one per connection)`,
      tansiq: patching(patchIds),
    },
    // The floor has no reports: Tansiq's figures only.
    {
      key: 'reports.summary',
      title: `GET /reports/summary?committeeId= ${big.code} (${n(big.commitments)} commitments)`,
      tansiq: fixed('GET', summaryPath(big.id)),
    },
    {
      key: 'reports.reciprocity',
      title: `GET /reports/reciprocity?committeeId= ${big.code}`,
      tansiq: fixed('GET', reciprocityPath(big.id)),
    },
  ];
  return list.filter(Boolean);
}

/**
 * The one-connection pairs: `{ key, title, small, big }` with `{ side, path, size }` each; a pair
 * is left out (with the reason in `skipped`) when the data has no small counterpart.
 */
export function flatnessPairs(targets, sides) {
  const pairs = [];
  const skipped = [];
  const { small, big } = targets;
  if (small)
    pairs.push({
      key: 'flatness.commitments.list',
      title: 'commitments list (status=pending, page of 50)',
      small: { side: sides.secretary, path: listPath(small.id), size: `${n(small.commitments)} commitments` },
      big: { side: sides.secretary, path: listPath(big.id), size: `${n(big.commitments)} commitments` },
    });
  else skipped.push('the list: the secretary sits on no second committee with pending commitments');
  if (sides.many && sides.few)
    pairs.push({
      key: 'flatness.me.assignments',
      title: 'GET /me/assignments',
      small: { side: sides.few.side, path: '/api/v1/me/assignments', size: `${n(sides.few.assignments)} assignments` },
      big: { side: sides.many.side, path: '/api/v1/me/assignments', size: `${n(sides.many.assignments)} assignments` },
    });
  else skipped.push('/me/assignments: fewer than two people with assignments could log in');
  if (small)
    pairs.push({
      key: 'flatness.reports.summary',
      title: 'GET /reports/summary?committeeId=',
      small: { side: sides.secretary, path: summaryPath(small.id), size: `${n(small.commitments)} commitments` },
      big: { side: sides.secretary, path: summaryPath(big.id), size: `${n(big.commitments)} commitments` },
    });
  else skipped.push('the summary: the secretary sits on no second committee with pending commitments');
  return { pairs, skipped };
}
