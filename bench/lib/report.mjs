// Output: what runs, a markdown table per endpoint and one JSON line each, then the summary tables.
import { cpus } from 'node:os';

const DASH = '—';

function fixedOrDash(value, digits) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : DASH;
}

function round(value, digits) {
  return typeof value === 'number' && Number.isFinite(value) ? Number(value.toFixed(digits)) : null;
}

/** A markdown table: `rows` are arrays of cells; numeric columns are right-aligned. */
export function table(header, rows, rightAligned = header.map((_, i) => i > 0)) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const rule = rightAligned.map((right) => (right ? '---:' : '---'));
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}

/**
 * The JSON line of one endpoint: `{ endpoint, rps, p50, p99, floorRps, floorP50, floorP99, ratio,
 * non2xx, statementsPerRequest, floorStatementsPerRequest, errors }`; floor fields and the ratio
 * are null where the floor has no such endpoint (or is not run).
 */
export function endpointJson(endpoint, tansiq, floor) {
  return {
    endpoint,
    rps: round(tansiq.rps, 1),
    p50: round(tansiq.p50, 2),
    p99: round(tansiq.p99, 2),
    floorRps: round(floor?.rps, 1),
    floorP50: round(floor?.p50, 2),
    floorP99: round(floor?.p99, 2),
    ratio: floor?.rps ? round(tansiq.rps / floor.rps, 3) : null,
    non2xx: tansiq.non2xx,
    statementsPerRequest: round(tansiq.statements, 2),
    floorStatementsPerRequest: round(floor?.statements, 2),
    errors: tansiq.errors,
  };
}

/** The markdown table of one endpoint: floor, Tansiq and their ratio. */
export function endpointTable(title, json) {
  const rows = [];
  if (json.floorRps !== null)
    rows.push([
      'floor',
      fixedOrDash(json.floorRps, 1),
      fixedOrDash(json.floorP50, 1),
      fixedOrDash(json.floorP99, 1),
      DASH,
      fixedOrDash(json.floorStatementsPerRequest, 2),
    ]);
  rows.push([
    'Tansiq',
    fixedOrDash(json.rps, 1),
    fixedOrDash(json.p50, 1),
    fixedOrDash(json.p99, 1),
    String(json.non2xx + (json.errors ? ` (+${json.errors} errors)` : '')),
    fixedOrDash(json.statementsPerRequest, 2),
  ]);
  rows.push(['ratio (Tansiq/floor req/s)', fixedOrDash(json.ratio, 3), '', '', '', '']);
  return `#### ${title}\n\n${table(['', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'SQL statements/request'], rows)}`;
}

/** All endpoints in one table (the one to quote). */
export function summaryTable(results) {
  const rows = results.map(({ title, json }) => [
    title,
    json.floorRps === null ? DASH : `${fixedOrDash(json.floorRps, 1)} (p50 ${fixedOrDash(json.floorP50, 1)} ms)`,
    `${fixedOrDash(json.rps, 1)} (p50 ${fixedOrDash(json.p50, 1)}, p99 ${fixedOrDash(json.p99, 1)} ms)`,
    json.ratio === null ? DASH : `**${fixedOrDash(json.ratio, 3)}**`,
    String(json.non2xx),
    `${fixedOrDash(json.statementsPerRequest, 1)}${json.floorStatementsPerRequest === null ? '' : ` (floor ${fixedOrDash(json.floorStatementsPerRequest, 1)})`}`,
  ]);
  return table(['request', 'floor req/s', 'Tansiq req/s', 'ratio', 'non-2xx', 'SQL/request'], rows, [
    false,
    true,
    true,
    true,
    true,
    true,
  ]);
}

/** One-connection latencies, small against big: `{ title, small, big, smallSize, bigSize }`. */
export function flatnessJson(name, small, big, smallSize, bigSize) {
  return {
    endpoint: name,
    smallSize,
    bigSize,
    smallP50: round(small.p50, 3),
    bigP50: round(big.p50, 3),
    smallP99: round(small.p99, 3),
    bigP99: round(big.p99, 3),
    ratio: round(big.p50 / small.p50, 2),
  };
}

export function flatnessTable(rows) {
  return table(
    ['one connection', 'small', 'big', 'p50 small ms', 'p50 big ms', 'p50 big/small'],
    rows.map(({ title, json }) => [
      title,
      json.smallSize,
      json.bigSize,
      fixedOrDash(json.smallP50, 2),
      fixedOrDash(json.bigP50, 2),
      `**${fixedOrDash(json.ratio, 2)}**`,
    ]),
  );
}

const n = (value) => Number(value).toLocaleString('en-US');
const mb = (value) => (typeof value === 'number' ? `${value.toFixed(0)} MB` : DASH);

/** What this run measures: server, data sizes, floor, run settings, idle memory (markdown list). */
export function header(targets, floor, options, idle) {
  const { server, big, small, secretary } = targets;
  const floorLine = floor
    ? `${options.floor.dir}, schema ref: ${n(options.floor.commitments)} commitments in ${options.floor.committees} committees; ` +
      `its committee ${n(floor.commitments)} (${n(floor.pending)} pending)`
    : options.floor.wanted
      ? `not found at ${options.floor.lookedIn} (set FLOOR_DIR): Tansiq only, ratios ${DASH}`
      : `off (--no-floor): ratios ${DASH}`;
  return [
    '## Tansiq bench',
    '',
    `- PostgreSQL ${server.version} (database ${server.database}); ${cpus().length} CPUs; Node ${process.version}`,
    `- Tansiq: ${secretary.email} in ${big.code}: ${n(big.commitments)} commitments (${n(big.pending)} pending)` +
      (small ? `; small committee ${small.code}: ${n(small.commitments)} (${n(small.pending)} pending)` : ''),
    `- floor: ${floorLine}`,
    `- ${options.duration} s per run, ${options.rounds} round(s) (median), ${options.connections} connections, ` +
      `${options.warmup} s of load on each side first (not counted)` +
      `${floor ? ', alternating floor and Tansiq' : ''}; SQL statements counted over ${options.sequential} sequential requests`,
    `- app RSS idle before load: ${mb(idle.rssMb)}`,
    '',
  ].join('\n');
}

/** The memory JSON line: `{ endpoint: 'memory', idleRssMb, peakRssMb, floorPeakRssMb }`. */
export function memoryJson(idle, peak, floorPeak) {
  return {
    endpoint: 'memory',
    idleRssMb: round(idle.rssMb, 1),
    peakRssMb: round(peak.peakMb, 1),
    floorPeakRssMb: round(floorPeak?.peakMb, 1),
  };
}

export function memoryLine(memory) {
  return `App RSS: idle ${mb(memory.idleRssMb)}, peak ${mb(memory.peakRssMb)} (VmHWM); floor peak ${mb(memory.floorPeakRssMb)}`;
}
