import type { ObjectBody } from './body.js';

export function zerosBody(size: number): ObjectBody {
  return { size, read: (offset, length) => Buffer.alloc(Math.max(0, Math.min(length, size - offset))) };
}

/** 32-bit finaliser of MurmurHash3: a good counter-based mixer, so any word is computable from its index alone. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Deterministic pseudo-random bytes: word i is fmix32(seed ^ i * golden ratio). */
export function randomBody(size: number, seed: number): ObjectBody {
  return {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = Buffer.allocUnsafe(n);
      const firstWord = Math.floor(offset / 4);
      const lastWord = Math.floor((offset + n - 1) / 4);
      const tmp = Buffer.allocUnsafe(4);
      let w = 0;
      for (let word = firstWord; word <= lastWord && n > 0; word++) {
        tmp.writeUInt32LE(fmix32((seed ^ Math.imul(word, 0x9e3779b9)) >>> 0), 0);
        for (let b = 0; b < 4; b++) {
          const pos = word * 4 + b;
          if (pos >= offset && pos < offset + n) out[w++] = tmp[b];
        }
      }
      return out;
    },
  };
}

/** Stable 32-bit hash of a string (FNV-1a), used as a default seed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
