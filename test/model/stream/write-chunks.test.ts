import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/model/errors.js';
import { STREAM_CLOSED, writeChunks, writeFileChunks } from '../../../src/model/stream/write-chunks.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'aispm-write-chunks-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A writable that accepts one write at a time, later, with a small buffer: writes fill it at once. */
function slowWritable(): Writable & { text(): string; writes: number; maxBuffered: number } {
  const received: string[] = [];
  const w = new Writable({
    highWaterMark: 1024,
    decodeStrings: false,
    write(chunk, _enc, cb) {
      received.push(String(chunk));
      setTimeout(cb, 1);
    },
  }) as Writable & { text(): string; writes: number; maxBuffered: number };
  w.text = () => received.join('');
  w.writes = 0;
  w.maxBuffered = 0;
  const write = w.write.bind(w);
  w.write = ((chunk: string) => {
    w.writes++;
    w.maxBuffered = Math.max(w.maxBuffered, w.writableLength + chunk.length);
    return write(chunk);
  }) as typeof w.write;
  return w;
}

function* pieces(n: number, size: number): Generator<string> {
  for (let i = 0; i < n; i++) yield String(i % 10).repeat(size);
}

describe('writeChunks', () => {
  it('writes every chunk in order, waiting for drain: a slow reader never holds more than one write', async () => {
    const out = slowWritable();
    let produced = 0;
    const counted = (function* () {
      for (const p of pieces(3000, 1000)) {
        produced++;
        yield p;
      }
    })();
    await writeChunks(out, counted);
    expect(produced).toBe(3000);
    expect(out.text()).toBe([...pieces(3000, 1000)].join(''));
    expect(out.writes).toBeGreaterThan(1);
    // joined writes of about 1 MiB: the buffer never held two of them
    expect(out.maxBuffered).toBeLessThan(2 * (1 << 20) + 1000);
  });

  it('stops reading the chunks when the stream is closed under it (a reader that went away)', async () => {
    const out = slowWritable();
    let produced = 0;
    const endless = (function* () {
      for (;;) {
        produced++;
        if (produced === 2000) out.destroy();
        yield 'x'.repeat(1000);
      }
    })();
    await expect(writeChunks(out, endless)).rejects.toMatchObject({ code: STREAM_CLOSED });
    expect(produced).toBeLessThan(3100);
  });

  it('rejects with the stream error (a full disk)', async () => {
    const out = createWriteStream('/dev/full');
    await expect(writeChunks(out, pieces(3000, 1000))).rejects.toMatchObject({ code: 'ENOSPC' });
    out.destroy();
  });
});

describe('writeFileChunks', () => {
  it('writes through a temporary file renamed into place, replacing an existing file', async () => {
    const dir = tempDir();
    const file = join(dir, 'out.json');
    writeFileSync(file, 'old');
    await writeFileChunks(file, pieces(3, 5));
    expect(readFileSync(file, 'utf8')).toBe('000001111122222');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('a failing producer leaves no file and the previous file untouched; its error is rethrown as it is', async () => {
    const dir = tempDir();
    const file = join(dir, 'out.json');
    writeFileSync(file, 'previous');
    const failing = (function* () {
      yield* pieces(2000, 1000);
      throw new InputError('the SARIF log would be too large');
    })();
    await expect(writeFileChunks(file, failing)).rejects.toThrow(/^the SARIF log would be too large$/);
    expect(readdirSync(dir)).toEqual(['out.json']);
    expect(readFileSync(file, 'utf8')).toBe('previous');
  });

  it('a directory that does not exist (or vanished) is an InputError naming the file', async () => {
    const dir = tempDir();
    await expect(writeFileChunks(join(dir, 'gone', 'aispm.json'), pieces(3, 5), 'out/gone/aispm.json')).rejects.toThrow(
      new InputError('cannot write out/gone/aispm.json: ENOENT (the directory does not exist (any more)); nothing was written to it'),
    );
  });

  it('a directory in the way is an InputError, and the temporary file is removed', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'aispm.json'));
    await expect(writeFileChunks(join(dir, 'aispm.json'), pieces(3, 5), 'aispm.json')).rejects.toThrow(/^cannot write aispm\.json: EISDIR \(it is a directory\); nothing was written to it$/);
    expect(readdirSync(dir)).toEqual(['aispm.json']);
    expect(existsSync(join(dir, `aispm.json.tmp-${process.pid}`))).toBe(false);
  });
});
