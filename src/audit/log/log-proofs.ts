import type { SqlRunner } from '../../platform/index.js';
import { readNodes } from './log-store.js';
import { consistencyRanges, inclusionRanges, proofNodes, rangeHash } from './merkle.js';

/** An inclusion proof as RFC 9162 §2.1.3.1 defines it, with the hashes it proves against. */
export interface InclusionProof {
  leafHash: Buffer;
  /** MTH of the first `size` leaves. */
  rootHash: Buffer;
  /** The audit path, bottom-up (the sibling nearest the leaf first). */
  proof: Buffer[];
}

/** A consistency proof as RFC 9162 §2.1.4.1 defines it, with both roots. */
export interface ConsistencyProof {
  fromRoot: Buffer;
  toRoot: Buffer;
  proof: Buffer[];
}

/**
 * The inclusion proof of leaf `index` in the tree of the first `size` leaves, from the stored
 * perfect subtrees, in one statement. The caller checks 0 ≤ index < size ≤ the log's size.
 * @throws Error when a stored subtree is missing (the tree is damaged: a 500, not bad input).
 */
export async function proveInclusion(runner: SqlRunner, index: number, size: number): Promise<InclusionProof> {
  const ranges = inclusionRanges(index, size);
  const lookup = await readNodes(runner, proofNodes([[index, index + 1], [0, size], ...ranges]));
  return {
    leafHash: lookup({ level: 0, index }),
    rootHash: rangeHash(0, size, lookup),
    proof: ranges.map(([lo, hi]) => rangeHash(lo, hi, lookup)),
  };
}

/**
 * The consistency proof from the tree of the first `from` leaves to that of the first `to`,
 * from the stored perfect subtrees, in one statement. Empty when from = 0 or from = to (the
 * RFC defines proofs for 0 < from < to; merkle.ts verifies the other cases without one).
 * The caller checks 0 ≤ from ≤ to ≤ the log's size.
 * @throws Error when a stored subtree is missing.
 */
export async function proveConsistency(runner: SqlRunner, from: number, to: number): Promise<ConsistencyProof> {
  const ranges = consistencyRanges(from, to);
  const lookup = await readNodes(runner, proofNodes([[0, from], [0, to], ...ranges]));
  return {
    fromRoot: rangeHash(0, from, lookup),
    toRoot: rangeHash(0, to, lookup),
    proof: ranges.map(([lo, hi]) => rangeHash(lo, hi, lookup)),
  };
}
