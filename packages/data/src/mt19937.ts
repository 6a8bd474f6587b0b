/**
 * The Mersenne Twister exactly as numpy's legacy `RandomState` runs it, written by hand because the
 * point is bit-for-bit agreement with `np.random.seed(s); np.random.permutation(n)`: an integer seed goes
 * through `init_genrand` (numpy's `_legacy_seeding` calls `mt19937_seed`), and a shuffle draws each index
 * with numpy's masked rejection sampling (`random_interval`).
 */
export class MT19937 {
  private readonly state = new Uint32Array(624);
  private index = 624;

  /** `seed`: an integer in 0..2^32-1. */
  constructor(seed: number) {
    const mt = this.state;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = (mt[i - 1] as number) ^ ((mt[i - 1] as number) >>> 30);
      mt[i] = Math.imul(1812433253, prev) + i; // (1812433253 * prev + i) mod 2^32
    }
  }

  nextUint32(): number {
    if (this.index >= 624) this.twist();
    let y = this.state[this.index++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) from 53 random bits, as numpy's `random_sample`. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniform integer in 0..max (max < 2^32): draw, mask to max's bit length, reject values above max. */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** numpy's `permutation(n)`: arange(n) shuffled by Fisher-Yates from the last element down. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const t = out[i] as number;
      out[i] = out[j] as number;
      out[j] = t;
    }
    return out;
  }

  private twist(): void {
    const mt = this.state;
    for (let i = 0; i < 624; i++) {
      const y = ((mt[i] as number) & 0x80000000) | ((mt[(i + 1) % 624] as number) & 0x7fffffff);
      mt[i] = (mt[(i + 397) % 624] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}
