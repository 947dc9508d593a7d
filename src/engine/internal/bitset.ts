/** A fixed-size set of small integers (endpoint class indexes) as 32-bit words. */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  clone(): Bitset {
    return new Bitset(this.size, this.words.slice());
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  delete(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  orWith(other: Bitset): void {
    for (let i = 0; i < this.words.length; i++) this.words[i]! |= other.words[i]!;
  }

  andNotWith(other: Bitset): void {
    for (let i = 0; i < this.words.length; i++) this.words[i]! &= ~other.words[i]!;
  }

  isEmpty(): boolean {
    for (let i = 0; i < this.words.length; i++) if (this.words[i] !== 0) return false;
    return true;
  }

  /** Calls `f` for each member in ascending order. */
  forEach(f: (i: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const low = word & -word;
        f((w << 5) + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }

  /** A text key of the members not in `mask` (equal sets outside the mask have equal keys). */
  keyOutside(mask: Bitset | undefined): string {
    const parts: string[] = [];
    for (let w = 0; w < this.words.length; w++) {
      const word = mask ? this.words[w]! & ~mask.words[w]! : this.words[w]!;
      if (word !== 0) parts.push(`${w}:${word >>> 0}`);
    }
    return parts.join(',');
  }
}
