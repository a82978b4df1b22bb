import { describe, expect, it } from 'vitest';
import { GcRecorder } from '../../bench/lib/gc-during.js';

describe('GcRecorder', () => {
  it('counts the scavenges of work that allocates, and none before it started', async () => {
    let kept: object[] = [];
    for (let i = 0; i < 200_000; i++) kept.push({ i });
    const gcs = new GcRecorder();
    gcs.start();
    for (let round = 0; round < 20; round++) {
      kept = [];
      for (let i = 0; i < 200_000; i++) kept.push({ i, round });
    }
    gcs.stage('work');
    const during = await gcs.finish();
    expect(kept).toHaveLength(200_000);
    expect(during.scavenges).toBeGreaterThan(0);
    expect(during.scavengeS).toBeGreaterThanOrEqual(0);
    for (const f of during.full) expect(f.stage).toBe('work');
  });

  it('reports nothing for work that allocates nothing', async () => {
    const gcs = new GcRecorder();
    gcs.start();
    gcs.stage('nothing');
    expect(await gcs.finish()).toEqual({ scavenges: 0, scavengeS: 0, full: [] });
  });
});
