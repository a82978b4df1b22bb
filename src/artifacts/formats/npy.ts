// NumPy .npy: magic, version, header dict; an object dtype means the payload is a pickle.
import { dtypeItemSize } from '../pickle/layouts.js';

export interface NpyHeader {
  dataOffset: number;
  descr: string;
  objectDtype: boolean;
  /** payload bytes for non-object arrays */
  dataBytes?: number;
}

/** Parses the header from the first bytes; returns an error string when malformed, or 'need' with a byte count. */
export function parseNpyHeader(head: Buffer): NpyHeader | { error: string } | { need: number } {
  if (head.length < 10) return { need: 10 };
  const major = head[6];
  if (major < 1 || major > 3) return { error: `unsupported .npy version ${major}.${head[7]}` };
  const lenBytes = major === 1 ? 2 : 4;
  if (head.length < 8 + lenBytes) return { need: 8 + lenBytes };
  const hlen = major === 1 ? head.readUInt16LE(8) : head.readUInt32LE(8);
  if (hlen > 1_000_000) return { error: `.npy header length ${hlen} is implausible` };
  const dataOffset = 8 + lenBytes + hlen;
  if (head.length < dataOffset) return { need: dataOffset };
  const text = head.toString(major === 3 ? 'utf8' : 'latin1', 8 + lenBytes, dataOffset);
  const descrList = /['"]descr['"]\s*:\s*\[/.exec(text);
  const descrStr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descrList && !descrStr) return { error: '.npy header has no descr' };
  if (!shape) return { error: '.npy header has no shape' };
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => Number(s.replace(/L$/, '')));
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) return { error: '.npy shape has a non-integer dimension' };
  const count = dims.reduce((a, b) => a * b, 1);
  if (descrList) {
    const fields = text.slice(descrList.index);
    const objectDtype = /['"][<>|=]?O\d*['"]/.test(fields);
    return { dataOffset, descr: 'structured', objectDtype };
  }
  const descr = descrStr![1];
  const size = dtypeItemSize(descr);
  if (size === undefined) return { error: `.npy descr ${JSON.stringify(descr)} is not a recognized dtype` };
  if (size === 'object') return { dataOffset, descr, objectDtype: true };
  return { dataOffset, descr, objectDtype: false, dataBytes: count * size };
}
