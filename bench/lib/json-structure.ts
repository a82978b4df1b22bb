// A streamed structural check of a JSON file too large to JSON.parse (a string stops at about 512 MiB): brackets and
// braces balance and nest, strings close, and one value fills the file. It does not check the grammar between
// tokens, so it catches a truncated or interleaved file, not every malformed one.
import { createReadStream } from 'node:fs';

export interface StructureCheck {
  ok: boolean;
  /** why not, with the byte offset */
  problem?: string;
}

export async function checkJsonStructure(path: string): Promise<StructureCheck> {
  const stack: number[] = [];
  let inString = false;
  let escaped = false;
  let closedTop = false;
  let offset = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++, offset++) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) inString = false;
        else if (c < 0x20) return { ok: false, problem: `control character in a string at byte ${offset}` };
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (closedTop) return { ok: false, problem: `content after the top-level value at byte ${offset}` };
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) stack.push(c === 0x7b ? 0x7d : 0x5d);
      else if (c === 0x7d || c === 0x5d) {
        if (stack.pop() !== c) return { ok: false, problem: `unbalanced ${String.fromCharCode(c)} at byte ${offset}` };
        if (stack.length === 0) closedTop = true;
      } else if (stack.length === 0) return { ok: false, problem: `the top-level value is not an object or array (byte ${offset})` };
    }
  }
  if (inString || stack.length) return { ok: false, problem: `the file ends inside ${inString ? 'a string' : `${stack.length} open brackets`} (truncated?)` };
  return closedTop ? { ok: true } : { ok: false, problem: 'the file is empty' };
}
