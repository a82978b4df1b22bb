import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressRenderer } from '../../../src/cli/progress-bar.js';

describe('progress renderer', () => {
  it('draws bars and notes on a TTY and nothing elsewhere', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    let drawn = '';
    tty.on('data', (d) => (drawn += d));
    const p = progressRenderer(tty);
    p.start('s3 global', 3);
    p.advance('s3 global', 2, 3);
    p.note('s3 GetBucketPolicy: still throttled after retries (SlowDown)');
    p.finish('s3 global');
    p.stop();
    expect(drawn).toContain('still throttled');

    const pipe = new PassThrough();
    let piped = '';
    pipe.on('data', (d) => (piped += d));
    const quiet = progressRenderer(pipe);
    quiet.start('s3 global', 3);
    quiet.note('x');
    quiet.stop();
    expect(piped).toBe('');
  });
});
