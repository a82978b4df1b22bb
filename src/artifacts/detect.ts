// Detects an artifact's format from its first bytes, never from its name.
import { OPCODE_BY_CODE } from './pickle/opcodes.js';
import { PickleWalker } from './pickle/walker.js';

export type DetectedFormat = 'zip' | 'gzip' | 'zlib' | 'tar' | 'numpy' | 'safetensors' | 'hdf5' | 'pickle' | 'unknown';

/** Bytes of head that detection wants (tar's magic sits at 257, HDF5 may follow a 512-byte user block). */
export const DETECT_BYTES = 4096;

const HDF5_MAGIC = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isHdf5At(head: Buffer, at: number): boolean {
  return head.length >= at + 8 && head.subarray(at, at + 8).equals(HDF5_MAGIC);
}

export function detectFormat(head: Buffer, size?: number): DetectedFormat {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return 'zip';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  if (head.length >= 6 && head[0] === 0x93 && head.toString('latin1', 1, 6) === 'NUMPY') return 'numpy';
  if (isHdf5At(head, 0) || isHdf5At(head, 512) || isHdf5At(head, 1024) || isHdf5At(head, 2048)) return 'hdf5';
  if (looksLikeSafetensors(head, size)) return 'safetensors';
  if (head.length >= 2 && head[0] === 0x80 && head[1] < 16) return 'pickle';
  if (head.length >= 2 && head[0] === 0x78 && (head[0] * 256 + head[1]) % 31 === 0 && (head[1] & 0x20) === 0) return 'zlib';
  if (looksLikeProtocol0or1(head) || headWalksAsPickle(head)) return 'pickle';
  return 'unknown';
}

/**
 * A pickle needs no PROTO header and may start with any opcode (CPython loads a headerless stream of protocol 4
 * opcodes): a head that completes a pickle, or walks without error and imports a global, is one. Text and random bytes
 * fail within a few opcodes (a GET of an unknown memo key, a DICT without MARK, a byte that is no opcode).
 */
function headWalksAsPickle(head: Buffer): boolean {
  if (head.length < 2 || OPCODE_BY_CODE[head[0]] === undefined) return false;
  const w = new PickleWalker(0, { maxGlobals: 64, maxPickles: 64 });
  w.feed(head);
  const { globals, pickles } = w.progress;
  // bytes after a complete pickle may be anything (the loader stops at STOP)
  return pickles > 0 || (!w.failed && globals > 0);
}

function looksLikeSafetensors(head: Buffer, size?: number): boolean {
  if (head.length < 10) return false;
  const n = head.readBigUInt64LE(0);
  if (n < 2n || n > 100_000_000n) return false;
  if (size !== undefined && Number(n) + 8 > size) return false;
  return head[8] === 0x7b; // '{'
}

/** Protocol 0/1 pickles have no header: accept a head that starts with typical opcodes and walks a few valid ones. */
function looksLikeProtocol0or1(head: Buffer): boolean {
  if (head.length < 2) return false;
  const first = String.fromCharCode(head[0]);
  if (!'(cN]})IJKSVXUTpgliF'.includes(first)) return false;
  // the first 64 bytes must start with an opcode and contain only plausible pickle bytes; text files fail GLOBAL/line checks
  if (first === 'c' || first === 'i') return /^[ci][\w.]+\n[\w.]+\n/.test(head.toString('latin1', 0, Math.min(head.length, 512)));
  if (first === '(') return OPCODE_BY_CODE[head[1]] !== undefined && /^\((\(|c[\w.]+\n[\w.]+\n|[dlt]|[NIJKSVXUT\]}\)])/.test(head.toString('latin1', 0, Math.min(head.length, 256)));
  return head.includes(0x2e) && (first === ']' || first === '}' || first === ')' || first === 'N' || /^[IF]-?\d/.test(head.toString('latin1', 0, 4)) || /^[SV]'/.test(head.toString('latin1', 0, 2)));
}
