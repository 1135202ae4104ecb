import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../src/core/workers/job.js';
import { runInWorkers } from '../../src/core/workers/pool.js';
import { workerCount } from '../../src/core/fix-run.js';
import { tempDir } from './helpers.js';

const spec: JobSpec = { rules: [], settings: { proxy: null, sumdb: null, private: null }, apply: ['safe'], context: null, write: false, render: null, keepText: true };

describe('worker pool', () => {
  it('workers only for big sweeps: at least 1,000 files each, and two only from 20,000 files', () => {
    const none = {};
    expect([workerCount(300, 2, none), workerCount(10_000, 2, none), workerCount(19_999, 2, none), workerCount(20_000, 2, none)]).toEqual([0, 0, 0, 2]);
    expect([workerCount(2999, 8, none), workerCount(3000, 8, none), workerCount(10_000, 8, none), workerCount(100_000, 8, none)]).toEqual([0, 3, 8, 8]);
    expect(workerCount(10_000, 1, none)).toBe(0);
    expect(workerCount(300, 2, { GOMOD_FIX_WORKER_MIN_FILES: '100' })).toBe(2);
  });

  it('a worker that dies hands its files to the main thread; every result is at its index', async () => {
    const root = tempDir('gomod-fix-pool-');
    const paths: string[] = [];
    for (let i = 0; i < 200; i++) {
      const path = join(root, `svc-${String(i).padStart(3, '0')}${i === 150 ? '-crash' : ''}`, 'Dockerfile');
      mkdirSync(join(path, '..'));
      writeFileSync(path, 'FROM scratch\n');
      paths.push(path);
    }
    let progress = 0;
    const outcomes = await runInWorkers(paths, spec, { workers: 2, workerUrl: new URL('./fixtures/crashing-worker.mjs', import.meta.url), onProgress: (done) => (progress = done) });
    expect(outcomes.map((o) => o.path)).toEqual(paths);
    expect(progress).toBe(200);
    const byMain = outcomes.filter((o) => o.refused.length === 0);
    // The crashing chunk (and whatever the dead worker had queued) came from this thread, read for real.
    expect(byMain.map((o) => o.path)).toContain(paths[150]);
    expect(byMain.every((o) => o.status === 'unchanged' && o.input === 'FROM scratch\n')).toBe(true);
    expect(outcomes.filter((o) => o.refused[0] === 'worker').length).toBeGreaterThan(100);
  });

  it('when every worker dies, the main thread does all the remaining files', async () => {
    const root = tempDir('gomod-fix-pool-');
    const paths = Array.from({ length: 40 }, (_, i) => join(root, `crash-${i}.Dockerfile`));
    for (const p of paths) writeFileSync(p, 'FROM scratch\n');
    const outcomes = await runInWorkers(paths, spec, { workers: 2, workerUrl: new URL('./fixtures/crashing-worker.mjs', import.meta.url) });
    expect(outcomes.map((o) => [o.path, o.status, o.input])).toEqual(paths.map((p) => [p, 'unchanged', 'FROM scratch\n']));
  });
});
