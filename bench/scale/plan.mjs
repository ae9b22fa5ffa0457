/**
 * The shape of the scale data, decided in JavaScript before any row is written: which
 * committees exist, how many commitments and assignments each holds, who sits where and
 * how many assignments the benchmark people carry. Everything else is drawn in SQL.
 */
import { COMMITTEE_SECTORS, COMMITTEE_TOPICS } from './vocabulary.mjs';

/** Demo committees by role in the benchmark (codes from src/demo/demo-data.ts). */
export const BIG = 'LB-SY-NARC';
export const SMALL = 'LB-SY-CT';
const DEMO_SPREAD = ['LB-SY-ARMS', 'LB-SY-MIGR'];
/** Proposed in the demo: no work yet. */
const DEMO_EMPTY = 'LB-SY-BORD';
export const DEMO_CODES = [BIG, SMALL, ...DEMO_SPREAD, DEMO_EMPTY];

const BIG_SHARE = 0.2;
const SMALL_SHARE = 0.01;
/** Sizes of the other committees fall off as rank^-0.9: from ~15 % of N down to ~0.5 %. */
const SPREAD_EXPONENT = 0.9;
/** Generated committees where the demo secretaries also sit (the largest generated ones). */
const DEMO_SECRETARY_SEATS = 5;
/** Suspended generated committees (the smallest), when there are enough. */
const SUSPENDED = 3;

/** Splits `total` into integers proportional to `weights`, summing exactly to `total`. */
export function allocate(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (sum ? (total * w) / sum : 0));
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]++;
  }
  return out;
}

const isoDate = (date) => date.toISOString().slice(0, 10);

/**
 * @param {{ commitments: number, committees: number, today: Date }} options
 *   `today`: midnight UTC of the day the seed counts back from.
 * @returns the plan: `committees` (demo ones first), `assignments` (N/5) and `special`
 *   (assignment counts for the benchmark people).
 */
export function buildPlan({ commitments, committees, today }) {
  const generatedCount = committees - DEMO_CODES.length;
  const generated = Array.from({ length: generatedCount }, (_, i) => generatedCommittee(i, generatedCount, today));
  const list = [
    ...DEMO_CODES.map((code) => ({ code, demo: true, status: code === DEMO_EMPTY ? 'proposed' : 'active' })),
    ...generated,
  ];
  const spread = list.filter((c) => c.status !== 'proposed' && c.code !== BIG && c.code !== SMALL);
  const weights = spread.map((_, rank) => (rank + 1) ** -SPREAD_EXPONENT);
  const assignments = Math.round(commitments / 5);
  for (const [total, key] of [
    [commitments, 'commitments'],
    [assignments, 'assignments'],
  ]) {
    const big = Math.round(total * BIG_SHARE);
    const small = Math.round(total * SMALL_SHARE);
    const rest = allocate(total - big - small, weights);
    for (const c of list) c[key] = 0;
    list.find((c) => c.code === BIG)[key] = big;
    list.find((c) => c.code === SMALL)[key] = small;
    spread.forEach((c, i) => (c[key] = rest[i]));
  }
  let nextCommitment = 1;
  let nextAssignment = 1;
  for (const [k, c] of list.entries()) {
    c.k = k;
    c.firstCommitment = nextCommitment;
    c.firstAssignment = nextAssignment;
    nextCommitment += c.commitments;
    nextAssignment += c.assignments;
    // Enough liaison officers that nobody but the benchmark people carries tens of thousands.
    c.liaisonsPerParty =
      c.status === 'proposed' ? 0 : Math.max(2, Math.min(12, Math.round(2 + (40 * c.commitments) / commitments)));
  }
  const many = Math.min(5000, Math.max(50, Math.floor(assignments / 4)));
  return {
    committees: list,
    assignments,
    special: {
      many,
      few: Math.min(50, many),
      // The demo liaison officers: thousands at the default size (3 % of the assignments).
      demoLiaison: Math.round(assignments * 0.03),
    },
    secretarySeats: generated.slice(0, DEMO_SECRETARY_SEATS).map((c) => c.code),
    manySeats: [BIG, DEMO_SPREAD[0], ...generated.slice(0, 2).map((c) => c.code)],
    fewSeats: [BIG, DEMO_SPREAD[1]],
  };
}

/** The i-th generated sub-committee: a topic in a border sector, established 13 to 36 months ago. */
function generatedCommittee(i, count, today) {
  const [topicEn, topicAr, area] = COMMITTEE_TOPICS[i % COMMITTEE_TOPICS.length];
  const [sectorEn, sectorAr] = COMMITTEE_SECTORS[Math.floor(i / COMMITTEE_TOPICS.length) % COMMITTEE_SECTORS.length];
  const round = Math.floor(i / (COMMITTEE_TOPICS.length * COMMITTEE_SECTORS.length));
  const suffix = round > 0 ? ` (${round + 1})` : '';
  const second = ['intelligence_sharing', 'organized_crime', 'border_monitoring'][i % 3];
  const established = new Date(today.getTime() - (400 + ((i * 211) % 690)) * 86_400_000);
  return {
    code: `LB-SY-S${String(i + 1).padStart(2, '0')}`,
    demo: false,
    nameEn: `Joint Sub-Committee on ${topicEn} — ${sectorEn}${suffix}`,
    nameAr: `اللجنة الفرعية المشتركة ${topicAr} — ${sectorAr}${suffix}`,
    mandate: `Carry out the joint work on ${topicEn.toLowerCase()} in the ${sectorEn} sector and report to the joint committees.`,
    status: count >= 10 && i >= count - SUSPENDED ? 'suspended' : 'active',
    establishedOn: isoDate(established),
    areas: second === area ? [area] : [area, second],
  };
}
