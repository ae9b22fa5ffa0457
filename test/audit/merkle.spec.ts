import fc from 'fast-check';
import {
  EMPTY_ROOT,
  Frontier,
  type NodeRef,
  consistencyRanges,
  inclusionRanges,
  leafHash,
  mth,
  nodeHash,
  proofNodes,
  rangeHash,
  rangeNodes,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/log/merkle.js';

/**
 * The log's Merkle tree against published vectors: RFC 6962 hashing and the 8-leaf tree of the
 * certificate-transparency test suites as transparency-dev/merkle carries them (rfc6962_test.go,
 * proof/verify_test.go); then properties over random trees up to 300 leaves.
 */
const hex = (h: string) => Buffer.from(h, 'hex');

/** The leaf inputs of the RFC 6962 test tree. */
const LEAF_DATA = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(hex);

/** MTH(D[0:n]) for n = 1 … 8. */
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hex);

/** Published inclusion proofs (0-based index; the Go table is 1-based). */
const INCLUSION: Array<{ index: number; size: number; proof: string[] }> = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

/** Published consistency proofs. */
const CONSISTENCY: Array<{ from: number; to: number; proof: string[] }> = [
  { from: 1, to: 1, proof: [] },
  {
    from: 1,
    to: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    from: 6,
    to: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const SOME_HASH = hex('abacaba000000000000000000000000000000000000000000060061e00123456');

/** A store of the perfect subtrees over `leaves`, computed by the reference `mth`. */
const referenceLookup =
  (leaves: readonly Buffer[]) =>
  ({ level, index }: NodeRef): Buffer =>
    mth(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level));

const flipBit = (hash: Buffer, bit: number): Buffer => {
  const copy = Buffer.from(hash);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
};

const leafHashes = LEAF_DATA.map((data) => leafHash(data));

describe('RFC 6962 hashing (§2.1)', () => {
  it('the empty tree is SHA-256 of nothing, not the hash of an empty leaf', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(mth([]).equals(EMPTY_ROOT)).toBe(true);
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });

  it('hashes a leaf as SHA-256(0x00 || data), strings as UTF-8', () => {
    const want = '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56';
    expect(leafHash(Buffer.from('L123456')).toString('hex')).toBe(want);
    expect(leafHash('L123456').toString('hex')).toBe(want);
    expect(leafHash(new Uint8Array(Buffer.from('L123456'))).toString('hex')).toBe(want);
  });

  it('hashes a node as SHA-256(0x01 || left || right)', () => {
    expect(nodeHash(Buffer.from('N123'), Buffer.from('N456')).toString('hex')).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });

  it('gives the published roots of the 8-leaf test tree at sizes 1 … 8', () => {
    for (let n = 1; n <= 8; n++) {
      expect(mth(leafHashes.slice(0, n)).toString('hex')).toBe(ROOTS[n - 1]!.toString('hex'));
      expect(rangeHash(0, n, referenceLookup(leafHashes)).toString('hex')).toBe(ROOTS[n - 1]!.toString('hex'));
    }
  });
});

describe('ranges of stored perfect subtrees', () => {
  it('decomposes a range into its binary decomposition, largest first', () => {
    expect(rangeNodes(0, 7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(rangeNodes(4, 8)).toEqual([{ level: 2, index: 1 }]);
    expect(rangeNodes(4, 7)).toEqual([
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    // Perfect in length but not aligned: the RFC still splits it at 1.
    expect(rangeNodes(1, 3)).toEqual([
      { level: 0, index: 1 },
      { level: 0, index: 2 },
    ]);
    expect(rangeNodes(5, 5)).toEqual([]);
    expect(rangeHash(5, 5, () => SOME_HASH).equals(EMPTY_ROOT)).toBe(true);
  });

  it('refuses ranges the RFC never forms', () => {
    expect(() => rangeNodes(1, 4)).toThrow(RangeError);
    expect(() => rangeNodes(3, 7)).toThrow(RangeError);
    expect(() => rangeNodes(2, 8)).toThrow(RangeError);
    expect(() => rangeNodes(4, 3)).toThrow(RangeError);
    expect(() => rangeNodes(-1, 3)).toThrow(RangeError);
    expect(() => rangeNodes(0, 2.5)).toThrow(RangeError);
    expect(() => rangeNodes(0, 2 ** 53)).toThrow(RangeError);
  });

  it('lists the ranges of an audit path bottom-up (§2.1.3.1)', () => {
    expect(inclusionRanges(5, 8)).toEqual([
      [4, 5],
      [6, 8],
      [0, 4],
    ]);
    expect(inclusionRanges(0, 1)).toEqual([]);
  });

  it('lists the ranges of a consistency proof in SUBPROOF order (§2.1.4.1)', () => {
    expect(consistencyRanges(6, 8)).toEqual([
      [4, 6],
      [6, 8],
      [0, 4],
    ]);
    expect(consistencyRanges(4, 8)).toEqual([[4, 8]]);
    expect(consistencyRanges(0, 5)).toEqual([]);
    expect(consistencyRanges(5, 5)).toEqual([]);
  });

  it('gives the proofs of the example tree of RFC 9162 §2.1.5 (7 leaves)', () => {
    // Audit paths: d0 [b, h, l], d3 [c, g, l], d4 [f, j, k], d6 [i, k].
    expect(inclusionRanges(0, 7)).toEqual([
      [1, 2],
      [2, 4],
      [4, 7],
    ]);
    expect(inclusionRanges(3, 7)).toEqual([
      [2, 3],
      [0, 2],
      [4, 7],
    ]);
    expect(inclusionRanges(4, 7)).toEqual([
      [5, 6],
      [6, 7],
      [0, 4],
    ]);
    expect(inclusionRanges(6, 7)).toEqual([
      [4, 6],
      [0, 4],
    ]);
    // Consistency: from 3 [c, d, g, l], from 4 [l], from 6 [i, j, k].
    expect(consistencyRanges(3, 7)).toEqual([
      [2, 3],
      [3, 4],
      [0, 2],
      [4, 7],
    ]);
    expect(consistencyRanges(4, 7)).toEqual([[4, 7]]);
    expect(consistencyRanges(6, 7)).toEqual([
      [4, 6],
      [6, 7],
      [0, 4],
    ]);
  });

  it('names each perfect subtree of several ranges once', () => {
    expect(proofNodes([...inclusionRanges(5, 7), ...consistencyRanges(6, 7)])).toEqual([
      { level: 0, index: 4 },
      { level: 0, index: 6 },
      { level: 2, index: 0 },
      { level: 1, index: 2 },
    ]);
  });

  it('throws RangeError for indexes and sizes out of range', () => {
    expect(() => inclusionRanges(8, 8)).toThrow(RangeError);
    expect(() => inclusionRanges(0, 0)).toThrow(RangeError);
    expect(() => inclusionRanges(-1, 3)).toThrow(RangeError);
    expect(() => inclusionRanges(1.5, 3)).toThrow(RangeError);
    expect(() => inclusionRanges(Number.NaN, 3)).toThrow(RangeError);
    expect(() => consistencyRanges(5, 3)).toThrow(RangeError);
    expect(() => consistencyRanges(-1, 3)).toThrow(RangeError);
    expect(() => verifyInclusion(leafHashes[0]!, -1, 3, [], ROOTS[2]!)).toThrow(RangeError);
    expect(() => verifyConsistency(1, Infinity, ROOTS[0]!, ROOTS[2]!, [])).toThrow(RangeError);
  });
});

describe('inclusion proofs: the published vectors (§2.1.3)', () => {
  it.each(INCLUSION)('leaf $index of $size: built exactly, verifies', ({ index, size, proof }) => {
    const built = inclusionRanges(index, size).map(([lo, hi]) => rangeHash(lo, hi, referenceLookup(leafHashes)));
    expect(built.map((h) => h.toString('hex'))).toEqual(proof);
    expect(verifyInclusion(leafHashes[index]!, index, size, proof.map(hex), ROOTS[size - 1]!)).toBe(true);
  });

  it.each(INCLUSION)('leaf $index of $size: every corruption fails', ({ index, size, proof: hexProof }) => {
    const proof = hexProof.map(hex);
    const root = ROOTS[size - 1]!;
    const leaf = leafHashes[index]!;
    const probes: Array<[string, boolean]> = [
      ['index + 1', verifyInclusion(leaf, index + 1, size, proof, root)],
      ['index ^ 2', verifyInclusion(leaf, index ^ 2, size, proof, root)],
      ['size * 2', verifyInclusion(leaf, index, size * 2, proof, root)],
      ['size / 2', verifyInclusion(leaf, index, Math.floor(size / 2), proof, root)],
      ['wrong leaf', verifyInclusion(leafHash('WrongLeaf'), index, size, proof, root)],
      ['leaf data instead of its hash', verifyInclusion(Buffer.from('WrongLeaf'), index, size, proof, root)],
      ['empty root', verifyInclusion(leaf, index, size, proof, EMPTY_ROOT)],
      ['random root', verifyInclusion(leaf, index, size, proof, SOME_HASH)],
      ['trailing garbage', verifyInclusion(leaf, index, size, [...proof, Buffer.alloc(0)], root)],
      ['trailing root', verifyInclusion(leaf, index, size, [...proof, root], root)],
      ['preceding garbage', verifyInclusion(leaf, index, size, [Buffer.alloc(0), ...proof], root)],
      ['preceding root', verifyInclusion(leaf, index, size, [root, ...proof], root)],
    ];
    if (index > 0) probes.push(['index - 1', verifyInclusion(leaf, index - 1, size, proof, root)]);
    proof.forEach((_, i) => {
      const wrong = proof.map((h, j) => (j === i ? flipBit(h, 3) : h));
      probes.push([`proof[${i}] bit 3`, verifyInclusion(leaf, index, size, wrong, root)]);
    });
    if (proof.length > 0)
      probes.push(['removed component', verifyInclusion(leaf, index, size, proof.slice(0, -1), root)]);
    if (proof.length > 1)
      probes.push([
        'inserted component',
        verifyInclusion(leaf, index, size, [proof[0]!, SOME_HASH, ...proof.slice(1)], root),
      ]);
    expect(probes.filter(([, ok]) => ok).map(([what]) => what)).toEqual([]);
  });

  it('refuses a size-1 proof whose leaf and root are not 32-byte hashes', () => {
    const hash = leafHash('data');
    expect(verifyInclusion(hash, 0, 1, [], hash)).toBe(true);
    expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], hash)).toBe(false);
    expect(verifyInclusion(hash, 0, 1, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], Buffer.alloc(0))).toBe(false);
  });

  it('refuses indexes at or past the size', () => {
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ] as const) {
      expect(verifyInclusion(SOME_HASH, index, size, [], EMPTY_ROOT)).toBe(false);
      expect(verifyInclusion(SOME_HASH, index, size, [], SOME_HASH)).toBe(false);
    }
  });
});

describe('consistency proofs: the published vectors (§2.1.4)', () => {
  it.each(CONSISTENCY)('$from → $to: built exactly, verifies', ({ from, to, proof }) => {
    const built = consistencyRanges(from, to).map(([lo, hi]) => rangeHash(lo, hi, referenceLookup(leafHashes)));
    expect(built.map((h) => h.toString('hex'))).toEqual(proof);
    expect(verifyConsistency(from, to, ROOTS[from - 1]!, ROOTS[to - 1]!, proof.map(hex))).toBe(true);
  });

  it.each(CONSISTENCY.filter((c) => c.proof.length > 0))(
    '$from → $to: every corruption fails',
    ({ from, to, proof: hexProof }) => {
      const proof = hexProof.map(hex);
      const [root1, root2] = [ROOTS[from - 1]!, ROOTS[to - 1]!];
      const wrongRoot = Buffer.from('WrongRoot'.padEnd(32, '.'));
      const probes: Array<[string, boolean]> = [
        ['from - 1', verifyConsistency(from - 1, to, root1, root2, proof)],
        ['from + 1', verifyConsistency(from + 1, to, root1, root2, proof)],
        ['from ^ 2', verifyConsistency(from ^ 2, to, root1, root2, proof)],
        ['to * 2', verifyConsistency(from, to * 2, root1, root2, proof)],
        ['to / 2', verifyConsistency(from, Math.floor(to / 2), root1, root2, proof)],
        ['wrong root1', verifyConsistency(from, to, wrongRoot, root2, proof)],
        ['wrong root2', verifyConsistency(from, to, root1, wrongRoot, proof)],
        ['swapped roots', verifyConsistency(from, to, root2, root1, proof)],
        ['empty proof', verifyConsistency(from, to, root1, root2, [])],
        ['trailing garbage', verifyConsistency(from, to, root1, root2, [...proof, Buffer.alloc(0)])],
        ['trailing root1', verifyConsistency(from, to, root1, root2, [...proof, root1])],
        ['trailing root2', verifyConsistency(from, to, root1, root2, [...proof, root2])],
        ['preceding garbage', verifyConsistency(from, to, root1, root2, [Buffer.alloc(0), ...proof])],
        ['preceding root1', verifyConsistency(from, to, root1, root2, [root1, ...proof])],
        ['preceding root2', verifyConsistency(from, to, root1, root2, [root2, ...proof])],
        ['preceding proof[0]', verifyConsistency(from, to, root1, root2, [proof[0]!, ...proof])],
        ['truncated proof', verifyConsistency(from, to, root1, root2, proof.slice(0, -1))],
      ];
      proof.forEach((_, i) => {
        const wrong = proof.map((h, j) => (j === i ? flipBit(h, 4) : h));
        probes.push([`proof[${i}] bit 4`, verifyConsistency(from, to, root1, root2, wrong)]);
      });
      expect(probes.filter(([, ok]) => ok).map(([what]) => what)).toEqual([]);
    },
  );

  it('decides the sizes the RFC leaves out as documented', () => {
    const [a, b] = [ROOTS[0]!, ROOTS[1]!];
    // Equal sizes: an empty proof, equal roots.
    expect(verifyConsistency(1, 1, b, b, [])).toBe(true);
    expect(verifyConsistency(1, 1, a, b, [])).toBe(false);
    expect(verifyConsistency(1, 1, a, a, [EMPTY_ROOT])).toBe(false);
    // From the empty tree: an empty proof, and the old root is the empty tree's.
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
    expect(verifyConsistency(0, 1, EMPTY_ROOT, b, [])).toBe(true);
    expect(verifyConsistency(0, 1, a, b, [])).toBe(false);
    expect(verifyConsistency(0, 0, EMPTY_ROOT, a, [])).toBe(false);
    expect(verifyConsistency(0, 1, EMPTY_ROOT, b, [EMPTY_ROOT])).toBe(false);
    // Time travel to the past.
    expect(verifyConsistency(1, 0, a, EMPTY_ROOT, [])).toBe(false);
    expect(verifyConsistency(2, 1, b, a, [])).toBe(false);
    // A proof is needed between different sizes.
    expect(verifyConsistency(1, 2, a, b, [])).toBe(false);
  });
});

describe('Frontier: appending without reading the tree', () => {
  it('names the frontier of a size: its binary decomposition, largest first', () => {
    expect(Frontier.nodesOf(0)).toEqual([]);
    expect(Frontier.nodesOf(1)).toEqual([{ level: 0, index: 0 }]);
    expect(Frontier.nodesOf(6)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
    ]);
    expect(Frontier.nodesOf(7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(Frontier.nodesOf(8)).toEqual([{ level: 3, index: 0 }]);
  });

  it('gives the published roots while the test tree grows', () => {
    const frontier = new Frontier(0, []);
    expect(frontier.root().equals(EMPTY_ROOT)).toBe(true);
    leafHashes.forEach((leaf, i) => {
      frontier.append(leaf);
      expect(frontier.size).toBe(i + 1);
      expect(frontier.root().toString('hex')).toBe(ROOTS[i]!.toString('hex'));
    });
  });

  it('resumes from stored hashes and returns the subtrees a leaf completes', () => {
    const frontier = new Frontier(7, [
      hex('d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'), // MTH(D[0:4])
      hex('0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a'), // MTH(D[4:6])
      hex('b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f'), // leaf 6
    ]);
    expect(frontier.root().toString('hex')).toBe(ROOTS[6]!.toString('hex'));
    const completed = frontier.append(leafHashes[7]!);
    expect(completed.map(({ level, index, hash }) => ({ level, index, hash: hash.toString('hex') }))).toEqual([
      { level: 1, index: 3, hash: 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0' },
      { level: 2, index: 1, hash: '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4' },
      { level: 3, index: 0, hash: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328' },
    ]);
    expect(frontier.root().toString('hex')).toBe(ROOTS[7]!.toString('hex'));
    expect(frontier.append(leafHash('ninth'))).toEqual([]);
  });

  it('refuses hashes that do not fit the size', () => {
    expect(() => new Frontier(7, [SOME_HASH, SOME_HASH])).toThrow(/7 leaves has 3 frontier nodes, got 2/);
    expect(() => new Frontier(1, [Buffer.alloc(31)])).toThrow(/31 bytes/);
    expect(() => new Frontier(-1, [])).toThrow(RangeError);
    expect(() => new Frontier(0, []).append(Buffer.alloc(0))).toThrow(/0 bytes/);
  });
});

describe('sizes past 2^32: no 32-bit arithmetic', () => {
  // A tree whose leaves are all equal: the perfect subtree of level L hashes to PERFECT[L], so
  // every stored node of a tree of 2^53 − 1 leaves is known without building it.
  const PERFECT = [leafHash('same')];
  for (let level = 1; level <= 53; level++) PERFECT.push(nodeHash(PERFECT[level - 1]!, PERFECT[level - 1]!));
  const lookup = ({ level }: NodeRef) => PERFECT[level]!;

  it.each([2 ** 53 - 1, 2 ** 40 + 12345, 2 ** 33])('proves inclusion and consistency in a tree of %i leaves', (n) => {
    const root = rangeHash(0, n, lookup);
    for (const index of [0, 1, 2 ** 32 + 7, Math.floor(n / 2), n - 2, n - 1]) {
      const proof = inclusionRanges(index, n).map(([lo, hi]) => rangeHash(lo, hi, lookup));
      expect(verifyInclusion(PERFECT[0]!, index, n, proof, root)).toBe(true);
      expect(verifyInclusion(PERFECT[0]!, index, n, [...proof.slice(0, -1), SOME_HASH], root)).toBe(false);
    }
    for (const from of [1, 2 ** 32 - 1, 2 ** 32 + 1, 2 ** 35 + 3, n - 1]) {
      if (from >= n) continue;
      const proof = consistencyRanges(from, n).map(([lo, hi]) => rangeHash(lo, hi, lookup));
      expect(verifyConsistency(from, n, rangeHash(0, from, lookup), root, proof)).toBe(true);
      expect(verifyConsistency(from, n, rangeHash(0, from, lookup), root, [SOME_HASH, ...proof.slice(1)])).toBe(false);
    }
    const frontier = new Frontier(n - 1, Frontier.nodesOf(n - 1).map(lookup));
    frontier.append(PERFECT[0]!);
    expect(frontier.root().equals(root)).toBe(true);
  });

  it('names the 53 frontier nodes of the largest size', () => {
    const nodes = Frontier.nodesOf(2 ** 53 - 1);
    expect(nodes).toHaveLength(53);
    expect(nodes[0]).toEqual({ level: 52, index: 0 });
    expect(nodes[52]).toEqual({ level: 0, index: 2 ** 53 - 2 });
    expect(() => Frontier.nodesOf(2 ** 53)).toThrow(RangeError);
  });
});

describe('properties over random trees (up to 300 leaves)', () => {
  // size 'max': lengths spread over 1 … 300 (fast-check's default size keeps arrays to a handful).
  const leavesArb = fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 300, size: 'max' });

  /**
   * Builds the tree through Frontier, keeping every node it reports (what a store would save).
   * Each leaf starts with its index, as the log's entries carry their sequence number: with two
   * equal leaves a proof for one is, rightly, also a proof for the other at its index.
   */
  const grow = (data: Uint8Array[]) => {
    const leaves = data.map((d, i) => leafHash(Buffer.concat([Buffer.from(`${i}:`), d])));
    const store = new Map<string, Buffer>();
    const frontier = new Frontier(0, []);
    const roots: Buffer[] = [];
    leaves.forEach((leaf, i) => {
      store.set(`0:${i}`, leaf);
      for (const node of frontier.append(leaf)) store.set(`${node.level}:${node.index}`, node.hash);
      roots.push(frontier.root());
    });
    const lookup = ({ level, index }: NodeRef) => {
      const hash = store.get(`${level}:${index}`);
      if (!hash) throw new Error(`node ${level}:${index} was never stored`);
      return hash;
    };
    return { leaves, roots, lookup, store };
  };

  // Each run collects what went wrong as sentences and asserts once: an expect per proof
  // would cost more than the hashing.
  it('Frontier.root() is MTH of the leaves after every append, and stored nodes are their MTH', () => {
    fc.assert(
      fc.property(leavesArb, (data) => {
        const { leaves, roots, store } = grow(data);
        const wrong: string[] = [];
        roots.forEach((root, i) => {
          if (!root.equals(mth(leaves.slice(0, i + 1)))) wrong.push(`root after ${i + 1} leaves`);
        });
        for (const [key, hash] of store) {
          const [level, index] = key.split(':').map(Number) as [number, number];
          if (!hash.equals(mth(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level))))
            wrong.push(`stored node ${key}`);
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('a Frontier rebuilt from its stored nodes goes on to the same roots', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), (data, cut) => {
        const { leaves, roots, lookup } = grow(data);
        const at = cut % (leaves.length + 1);
        const resumed = new Frontier(at, Frontier.nodesOf(at).map(lookup));
        const wrong: number[] = [];
        leaves.slice(at).forEach((leaf, i) => {
          resumed.append(leaf);
          if (!resumed.root().equals(roots[at + i]!)) wrong.push(at + i + 1);
        });
        expect(wrong).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('rangeHash equals MTH of the slice for every range of every proof', () => {
    fc.assert(
      fc.property(leavesArb, (data) => {
        const { leaves, lookup } = grow(data);
        const n = leaves.length;
        const ranges = new Set<string>();
        for (let m = 0; m < n; m++) for (const r of inclusionRanges(m, n)) ranges.add(r.join(','));
        for (let m = 0; m <= n; m++) for (const r of consistencyRanges(m, n)) ranges.add(r.join(','));
        const wrong = [...ranges].filter((key) => {
          const [lo, hi] = key.split(',').map(Number) as [number, number];
          return !rangeHash(lo, hi, lookup).equals(mth(leaves.slice(lo, hi)));
        });
        expect(wrong).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('every inclusion proof verifies, and fails when its leaf, index, root or any element is altered', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), fc.nat({ max: 255 }), (data, pick, bit) => {
        const { leaves, roots, lookup } = grow(data);
        const n = leaves.length;
        const root = roots[n - 1]!;
        const wrong: string[] = [];
        for (let i = 0; i < n; i++) {
          const ranges = inclusionRanges(i, n);
          const proof = ranges.map(([lo, hi]) => rangeHash(lo, hi, lookup));
          const leaf = leaves[i]!;
          if (proofNodes(ranges).some((node) => lookup(node).length !== 32)) wrong.push(`${i}: nodes`);
          if (!verifyInclusion(leaf, i, n, proof, root)) wrong.push(`${i}: the proof fails`);
          if (verifyInclusion(flipBit(leaf, bit), i, n, proof, root)) wrong.push(`${i}: altered leaf verifies`);
          if (verifyInclusion(leaf, i, n, proof, flipBit(root, bit))) wrong.push(`${i}: altered root verifies`);
          const other = (i + 1 + (pick % Math.max(1, n - 1))) % n;
          if (other !== i && verifyInclusion(leaf, other, n, proof, root)) wrong.push(`${i}: verifies at ${other}`);
          proof.forEach((_, j) => {
            const altered = proof.map((h, k) => (k === j ? flipBit(h, bit) : h));
            if (verifyInclusion(leaf, i, n, altered, root)) wrong.push(`${i}: altered proof[${j}] verifies`);
          });
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it('every consistency proof verifies, and fails when a root or any element is altered', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat({ max: 255 }), (data, bit) => {
        const { leaves, roots, lookup } = grow(data);
        const n = leaves.length;
        const root = (size: number) => (size === 0 ? EMPTY_ROOT : roots[size - 1]!);
        const wrong: string[] = [];
        for (let m = 0; m <= n; m++) {
          const proof = consistencyRanges(m, n).map(([lo, hi]) => rangeHash(lo, hi, lookup));
          if (!verifyConsistency(m, n, root(m), root(n), proof)) wrong.push(`${m}: the proof fails`);
          if (verifyConsistency(m, n, flipBit(root(m), bit), root(n), proof)) wrong.push(`${m}: altered old root`);
          // From the empty tree nothing binds the new root (documented): it is checked elsewhere.
          if (m > 0 && verifyConsistency(m, n, root(m), flipBit(root(n), bit), proof)) wrong.push(`${m}: new root`);
          proof.forEach((_, j) => {
            const altered = proof.map((h, k) => (k === j ? flipBit(h, bit) : h));
            if (verifyConsistency(m, n, root(m), root(n), altered)) wrong.push(`${m}: altered proof[${j}] verifies`);
          });
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
