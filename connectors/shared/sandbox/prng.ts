/** A small seeded PRNG (mulberry32): the same seed gives the same ledger on every machine. */
export type Rng = {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  uuid(): string;
};

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const word = (): string => (Math.floor(next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick: empty list');
      return items[int(0, items.length - 1)] as T;
    },
    chance: (p: number) => next() < p,
    // Version-4 layout, so schema validators that check the uuid format accept it.
    uuid: () => {
      const a = word();
      const b = word();
      const c = word();
      const d = word();
      return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${((8 + next() * 4) | 0).toString(16)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
    },
  };
}
