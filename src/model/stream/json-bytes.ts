// Byte values and helpers shared by the byte-level JSON splitters (json-array-splitter.ts, member-router.ts).

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
export const COMMA = 0x2c;
export const NEWLINE = 0x0a;

/** A member key from the byte pieces of its quoted text; '' for a key longer than any we route on, or malformed. */
export function decodeKey(pieces: Buffer[]): string {
  const raw = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
  if (raw.length > 256) return '';
  try {
    return JSON.parse(raw.toString('utf8')) as string;
  } catch {
    return '';
  }
}
