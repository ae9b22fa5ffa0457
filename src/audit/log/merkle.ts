/**
 * The Merkle tree of the transparency log: RFC 9162 §2.1 (the same hashing as RFC 6962 §2.1).
 *
 * Pure functions over 32-byte SHA-256 hashes (`Buffer`). Sizes and indexes are JS numbers:
 * non-negative integers up to Number.MAX_SAFE_INTEGER (2^53 − 1); anything else throws a
 * RangeError. `D[lo:hi]` is the list of leaves lo … hi−1, as in the RFC.
 *
 * A store keeps the perfect subtrees (`NodeRef`): every hash a proof or a root needs is the hash
 * of a range that decomposes into stored perfect subtrees (`rangeNodes`), so proofs are built as
 * `inclusionRanges`/`consistencyRanges` → `proofNodes` (one query) → `rangeHash` per range.
 */
import { createHash } from 'node:crypto';

/** Length in bytes of every hash here (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** Leaf hash, RFC 9162 §2.1.1: SHA-256(0x00 || data); a string is hashed as its UTF-8 bytes. */
export function leafHash(data: Uint8Array | string): Buffer {
  const hash = createHash('sha256').update(LEAF_PREFIX);
  return (typeof data === 'string' ? hash.update(data, 'utf8') : hash.update(data)).digest();
}

/** Interior node hash, RFC 9162 §2.1.1: SHA-256(0x01 || left || right); 32-byte inputs, 32-byte output. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = SHA-256() of no bytes (RFC 9162 §2.1.1): the root of the empty tree. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/**
 * The Merkle Tree Hash of a list of leaf hashes, by the recursive definition of RFC 9162 §2.1.1
 * (split at the largest power of two smaller than n). The reference for tests and for a full
 * recomputation; O(n) hashes, O(log n) stack.
 */
export function mth(leafHashes: readonly Buffer[]): Buffer {
  const hashOf = (lo: number, hi: number): Buffer => {
    const n = hi - lo;
    if (n === 1) return leafHashes[lo]!;
    const k = largestPowerOfTwoBelow(n);
    return nodeHash(hashOf(lo, lo + k), hashOf(lo + k, hi));
  };
  return leafHashes.length === 0 ? EMPTY_ROOT : hashOf(0, leafHashes.length);
}

/**
 * A perfect subtree: the 2^level leaves [index·2^level, (index+1)·2^level). Level 0 is one leaf
 * (its hash is the leaf hash); its hash is MTH of those leaves.
 */
export interface NodeRef {
  level: number;
  index: number;
}

/**
 * The perfect subtrees from which MTH(D[lo:hi]) is composed by the recursive definition of
 * RFC 9162 §2.1.1, left to right (sizes: the binary decomposition of hi − lo, largest first).
 * Only for the ranges the RFC's algorithms use: `lo` is a multiple of the largest power of two
 * smaller than hi − lo, or the range is itself a perfect subtree; otherwise a RangeError.
 * The empty range (lo = hi) gives [] (its hash is EMPTY_ROOT).
 */
export function rangeNodes(lo: number, hi: number): NodeRef[] {
  checkCount(lo, 'lo');
  checkCount(hi, 'hi');
  if (lo > hi) throw new RangeError(`rangeNodes: lo (${lo}) is above hi (${hi})`);
  const nodes: NodeRef[] = [];
  let start = lo;
  let n = hi - lo;
  // After the first split `start` is a multiple of every size that follows, so only the first
  // step can find the range misaligned.
  while (n > 0) {
    const size = isPowerOfTwo(n) && start % n === 0 ? n : largestPowerOfTwoBelow(n);
    if (start % size !== 0)
      throw new RangeError(
        `rangeNodes: [${lo}, ${hi}) is not a range of RFC 9162 §2.1 (${lo} is not a multiple of ${size})`,
      );
    nodes.push({ level: log2(size), index: start / size });
    start += size;
    n -= size;
  }
  return nodes;
}

/**
 * MTH(D[lo:hi]) from the stored perfect subtrees `rangeNodes(lo, hi)` gives, folded from the
 * right: node(h1, node(h2, … node(hk−1, hk))). Equals `mth(leaves.slice(lo, hi))`.
 * `lookup` returns the 32-byte hash of a perfect subtree (a leaf hash at level 0).
 */
export function rangeHash(lo: number, hi: number, lookup: (node: NodeRef) => Buffer): Buffer {
  const nodes = rangeNodes(lo, hi);
  if (nodes.length === 0) return EMPTY_ROOT;
  let hash = lookup(nodes[nodes.length - 1]!);
  for (let i = nodes.length - 2; i >= 0; i--) hash = nodeHash(lookup(nodes[i]!), hash);
  return hash;
}

/**
 * The ranges [lo, hi) whose MTH form the audit path of leaf `index` in a tree of `size` leaves,
 * in the order of PATH(m, D[n]) of RFC 9162 §2.1.3.1 (bottom-up: the sibling nearest the leaf
 * first). RangeError unless 0 ≤ index < size.
 */
export function inclusionRanges(index: number, size: number): Array<[number, number]> {
  checkCount(index, 'index');
  checkCount(size, 'size');
  if (index >= size) throw new RangeError(`inclusionRanges: index ${index} is not below size ${size}`);
  const ranges: Array<[number, number]> = [];
  let lo = 0;
  let hi = size;
  // Walk down from the root; each step records the sibling range, so the list is top-down.
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
    }
  }
  return ranges.reverse();
}

/**
 * The ranges [lo, hi) whose MTH form the consistency proof from a tree of `from` leaves to one of
 * `to` leaves, in the order of PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1.
 * The RFC defines proofs for 0 < m < n only: from = to and from = 0 give the empty proof here
 * (the empty tree is a prefix of every tree; equal sizes need only equal roots).
 * RangeError unless 0 ≤ from ≤ to.
 */
export function consistencyRanges(from: number, to: number): Array<[number, number]> {
  checkCount(from, 'from');
  checkCount(to, 'to');
  if (from > to) throw new RangeError(`consistencyRanges: from (${from}) is above to (${to})`);
  const ranges: Array<[number, number]> = [];
  if (from === 0 || from === to) return ranges;
  let lo = 0;
  let hi = to;
  let whole = true; // SUBPROOF's b: is this subtree the whole old tree's rightmost path so far?
  while (from !== hi) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (from <= lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
      whole = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the old tree's last subtree, unless it is the whole old tree.
  if (!whole) ranges.push([lo, hi]);
  return ranges.reverse();
}

/**
 * The distinct perfect subtrees the given ranges are composed of (`rangeNodes` of each), in
 * first-use order, so a store fetches them in one query.
 */
export function proofNodes(ranges: Array<[number, number]>): NodeRef[] {
  const seen = new Set<string>();
  const nodes: NodeRef[] = [];
  for (const [lo, hi] of ranges)
    for (const node of rangeNodes(lo, hi)) {
      const key = `${node.level}:${node.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      nodes.push(node);
    }
  return nodes;
}

/**
 * Verifies an inclusion proof by the algorithm of RFC 9162 §2.1.3.2: `leaf` is the 32-byte leaf
 * hash (not the leaf data) at `index` in the tree of `size` leaves whose root is `root`; `proof`
 * is the audit path (bottom-up). False when index ≥ size, or when any hash is not 32 bytes (the
 * RFC's hashes all are; without this check an empty leaf and root would "verify" a size-1 tree).
 * RangeError when index or size is not a non-negative integer.
 */
export function verifyInclusion(
  leaf: Buffer,
  index: number,
  size: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  checkCount(index, 'index');
  checkCount(size, 'size');
  if (index >= size) return false;
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      // The right edge of an incomplete tree: climb past the levels where this node has no sibling.
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/**
 * Verifies a consistency proof by the algorithm of RFC 9162 §2.1.4.2: the tree of `from` leaves
 * with root `fromRoot` is a prefix of the tree of `to` leaves with root `toRoot`.
 * Cases the RFC leaves out (it defines proofs for 0 < from < to):
 * - from = to: true iff the proof is empty and the roots are equal;
 * - from = 0 (< to): true iff the proof is empty and fromRoot is EMPTY_ROOT (the only tree of
 *   size 0, a prefix of every tree); so 0 → 0 also needs both roots to be EMPTY_ROOT;
 * - from > to: false.
 * False when any hash is not 32 bytes. RangeError when a size is not a non-negative integer.
 */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Buffer,
  toRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  checkCount(from, 'from');
  checkCount(to, 'to');
  if (from > to) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !proof.every(isHash)) return false;
  if (from === 0 && !fromRoot.equals(EMPTY_ROOT)) return false;
  if (from === to) return proof.length === 0 && fromRoot.equals(toRoot);
  if (from === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  // Step 3: when the old tree is a perfect subtree of the new one, its root starts the path.
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : proof;
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

/**
 * The compact range of a tree: the perfect subtrees of its size's binary decomposition, largest
 * (leftmost) first. Enough to append leaves and compute the root without reading the rest of the
 * tree (the "frontier" of RFC 9162 §2.1.1's tree, as in transparency-dev's compact ranges).
 */
export class Frontier {
  #size: number;
  readonly #nodes: Array<NodeRef & { hash: Buffer }>;

  /** The stored perfect subtrees that make up the frontier of a tree of `size` leaves, left to right. */
  static nodesOf(size: number): NodeRef[] {
    checkCount(size, 'size');
    return size === 0 ? [] : rangeNodes(0, size);
  }

  /** `hashes`: the 32-byte hashes of `Frontier.nodesOf(size)`, in that order (Error otherwise). */
  constructor(size: number, hashes: readonly Buffer[]) {
    const nodes = Frontier.nodesOf(size);
    if (hashes.length !== nodes.length)
      throw new Error(`Frontier: a tree of ${size} leaves has ${nodes.length} frontier nodes, got ${hashes.length}`);
    hashes.forEach((hash, i) => {
      if (!isHash(hash)) throw new Error(`Frontier: hash ${i} is ${hash.length} bytes, not ${HASH_SIZE}`);
    });
    this.#size = size;
    this.#nodes = nodes.map((node, i) => ({ ...node, hash: hashes[i]! }));
  }

  /** Number of leaves so far. */
  get size(): number {
    return this.#size;
  }

  /** The frontier's nodes with their hashes, left to right (a copy). */
  nodes(): Array<NodeRef & { hash: Buffer }> {
    return this.#nodes.map((node) => ({ ...node }));
  }

  /**
   * Appends one 32-byte leaf hash (leaf index = the old size). Returns the perfect subtrees of
   * level ≥ 1 this leaf completes, in increasing level, for the store to save (the leaf itself,
   * level 0, is saved separately).
   */
  append(leaf: Buffer): Array<NodeRef & { hash: Buffer }> {
    if (!isHash(leaf)) throw new Error(`Frontier.append: the leaf hash is ${leaf.length} bytes, not ${HASH_SIZE}`);
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('Frontier.append: the tree is full');
    const completed: Array<NodeRef & { hash: Buffer }> = [];
    let node = { level: 0, index: this.#size, hash: leaf };
    // A new node merges with its left neighbour while both are perfect subtrees of the same level.
    while (this.#nodes.length > 0 && this.#nodes[this.#nodes.length - 1]!.level === node.level) {
      const left = this.#nodes.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      completed.push(node);
    }
    this.#nodes.push(node);
    this.#size += 1;
    return completed.map((n) => ({ ...n }));
  }

  /** MTH of all leaves so far (RFC 9162 §2.1.1); EMPTY_ROOT when there are none. */
  root(): Buffer {
    if (this.#nodes.length === 0) return EMPTY_ROOT;
    let hash = this.#nodes[this.#nodes.length - 1]!.hash;
    for (let i = this.#nodes.length - 2; i >= 0; i--) hash = nodeHash(this.#nodes[i]!.hash, hash);
    return hash;
  }
}

function checkCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer up to 2^53 − 1, got ${String(value)}`);
}

function isHash(hash: Buffer): boolean {
  return Buffer.isBuffer(hash) && hash.length === HASH_SIZE;
}

/** The largest power of two strictly below n (n ≥ 2): the RFC's split point k. */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

function log2(powerOfTwo: number): number {
  let level = 0;
  for (let k = 1; k < powerOfTwo; k *= 2) level++;
  return level;
}

/** Right shift by one, exact beyond 32 bits (numbers ≤ 2^53). */
function half(n: number): number {
  return Math.floor(n / 2);
}
