/**
 * An open-addressing hash map from a pair of ids to (rank, merged id) — the BPE merge
 * table. Typed arrays and integer hashing keep lookups off the slow path of a Map keyed
 * by 40-bit numbers.
 *
 *   const m = new PairMap(2);
 *   m.set(5, 7, 0, 42);
 *   m.rank(5, 7);    // 0
 *   m.merged(5, 7);  // 42
 */
export class PairMap {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private ranks: Int32Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.ranks = new Int32Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private slot(a: number, b: number): number {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    while (true) {
      const k = this.keysA[h]!;
      if (k === -1 || (k === a && this.keysB[h] === b)) return h;
      h = (h + 1) & this.mask;
    }
  }

  set(a: number, b: number, rank: number, id: number): void {
    if ((this.size + 1) * 2 > this.keysA.length) this.grow();
    const h = this.slot(a, b);
    if (this.keysA[h] === -1) this.size++;
    this.keysA[h] = a;
    this.keysB[h] = b;
    this.ranks[h] = rank;
    this.ids[h] = id;
  }

  /** The rank of merging (a, b), or -1 when there is no such merge. */
  rank(a: number, b: number): number {
    const h = this.slot(a, b);
    return this.keysA[h] === -1 ? -1 : this.ranks[h]!;
  }

  merged(a: number, b: number): number {
    const h = this.slot(a, b);
    return this.keysA[h] === -1 ? -1 : this.ids[h]!;
  }

  private grow(): void {
    const { keysA, keysB, ranks, ids } = this;
    const cap = keysA.length * 2;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.ranks = new Int32Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < keysA.length; i++) {
      if (keysA[i] !== -1) this.set(keysA[i]!, keysB[i]!, ranks[i]!, ids[i]!);
    }
  }
}
