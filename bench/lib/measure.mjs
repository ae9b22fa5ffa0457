// The three measurements: a loaded run (autocannon), the SQL statements of a short sequential run,
// and the latency of one connection sending one request after another.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { statementCount } from './children.mjs';
import { expectOk, request } from './http.mjs';

/** Median of numbers (mean of the two middle ones for an even count); null for none. */
export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One autocannon run of `workload` against `side` for `duration` s over `connections`
 * connections: `{ rps, p50, p99, non2xx, errors }` (latencies in ms, of 2xx responses only).
 */
export async function loaded(side, workload, { connections, duration }) {
  const result = await autocannon({
    url: side.base,
    connections,
    duration,
    headers: { authorization: `Bearer ${side.token}` },
    requests: await workload.requests(side),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Resolves once the side has sent no SQL statement for a request in `quietMs` (requests of a
 * previous run that the server was still working through are done) and its background work has
 * caught up (`side.caughtUp()`, when the side has one: the log's sequencer), or after `timeoutMs`.
 */
export async function settled(side, quietMs = 300, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await statementCount(side.child);
  while (Date.now() < deadline) {
    await sleep(quietMs);
    const now = await statementCount(side.child);
    if (now === last && (!side.caughtUp || (await side.caughtUp()))) return;
    last = now;
  }
}

/**
 * SQL statements per request: the change of the side's statement counter (statements sent while
 * serving a request; background work such as the log's sequencer is left out) over `n` sequential
 * requests, divided by `n`, after the workload's warm-up requests (its first touch of each
 * record costs more than the steady state: a progress figure that is already 40 is not written
 * again) and once the server is idle. Every response must be 2xx (this doubles as the
 * preflight); throws naming `label` otherwise.
 */
export async function statementsPerRequest(side, workload, n, label) {
  const step = await workload.sequence(side);
  const what = `${label} (${side.name})`;
  for (let i = 0; i < workload.warmup; i++) expectOk(`${what}, warm-up`, await step(i));
  await settled(side);
  const before = await statementCount(side.child);
  for (let i = workload.warmup; i < workload.warmup + n; i++) expectOk(what, await step(i));
  const after = await statementCount(side.child);
  if (after === before) console.error(`  warning: no SQL statement counted for ${label} (${side.name})`);
  return (after - before) / n;
}

/** Percentile `p` (0–100) of ascending `sorted` values (nearest rank). */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * One connection, one request after another, for `duration` s: `{ p50, p99, requests }` in ms
 * (timed here, so below the millisecond, which autocannon's histogram does not resolve).
 */
export async function oneConnection(side, path, duration, label) {
  const times = [];
  const until = performance.now() + duration * 1000;
  while (performance.now() < until) {
    const response = expectOk(label, await request(side.base + path, { token: side.token }));
    times.push(response.ms);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), requests: times.length };
}
