// CRC-32 of long runs of zero bytes in O(log n), with zlib's GF(2) matrix method (crc32_combine).
import zlib from 'node:zlib';

function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  for (let i = 0; vec; vec >>>= 1, i++) if (vec & 1) sum ^= mat[i];
  return sum >>> 0;
}

function gf2Square(square: Uint32Array, mat: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n]);
}

/** Advances a raw CRC register over `len` zero bytes. */
function zeroExtend(crc: number, len: number): number {
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  gf2Square(even, odd); // 2 zero bits
  gf2Square(odd, even); // 4 zero bits
  do {
    gf2Square(even, odd);
    if (len & 1) crc = gf2Times(even, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
    gf2Square(odd, even);
    if (len & 1) crc = gf2Times(odd, crc);
    len = Math.floor(len / 2);
  } while (len !== 0);
  return crc >>> 0;
}

/** CRC-32 (zip/zlib) of `len` zero bytes. */
export function crc32OfZeros(len: number): number {
  if (len === 0) return 0;
  return (zeroExtend(0xffffffff, len) ^ 0xffffffff) >>> 0;
}

export function crc32(buf: Buffer): number {
  return zlib.crc32(buf) >>> 0;
}
