import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../src/core/workers/job.js';
import { runInWorkers } from '../../src/core/workers/pool.js';
import { tempDir } from './helpers.js';

const spec: JobSpec = { rules: [], settings: { proxy: null, sumdb: null, private: null }, apply: ['safe'], context: null, write: false, render: null, keepText: true };

describe('worker pool', () => {
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
