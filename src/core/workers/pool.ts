import { Worker } from 'node:worker_threads';
import { InputError } from '../read-dockerfile.js';
import { processOptions, processPaths, type JobSpec, type SweepOutcome } from './job.js';
import { fromWire, type WireOutcome } from './wire.js';
import type { ChunkRequest } from './worker.js';

export interface PoolOptions {
  /** Worker threads to start (at least 1). */
  workers: number;
  /** Whether the main thread processes chunks too, between handling the workers' answers. */
  mainLane: boolean;
  /** Called as results come in, with the number of files done. */
  onProgress?: (done: number) => void;
}

/** Chunks in flight per worker: one being processed, one queued so it never waits on the main thread. */
const IN_FLIGHT = 2;

/**
 * Spreads files over worker threads in chunks of consecutive paths (files of one build context
 * tend to land in one worker, which caches that context's go.mod), and puts each result at its
 * file's index, so the order is the input order whatever the scheduling. A worker that dies
 * turns its unfinished files into errors; the others carry on.
 */
export async function runInWorkers(paths: readonly string[], spec: JobSpec, pool: PoolOptions): Promise<SweepOutcome[]> {
  const lanes = pool.workers + (pool.mainLane ? 1 : 0);
  const size = Math.max(4, Math.min(64, Math.ceil(paths.length / (lanes * 8))));
  const chunks: Array<[number, number]> = [];
  for (let start = 0; start < paths.length; start += size) chunks.push([start, Math.min(paths.length, start + size)]);

  const results: Array<SweepOutcome | undefined> = new Array(paths.length);
  let nextChunk = 0;
  let done = 0;
  const take = (): number | null => (nextChunk < chunks.length ? nextChunk++ : null);
  const store = (chunk: number, outcomes: SweepOutcome[]): void => {
    const [start] = chunks[chunk] as [number, number];
    for (let i = 0; i < outcomes.length; i++) results[start + i] = outcomes[i];
    done += outcomes.length;
    pool.onProgress?.(done);
  };

  const workerUrl = new URL('./worker.js', import.meta.url);
  const workers: Worker[] = [];
  const finished = new Promise<void>((resolveAll) => {
    let live = 0;
    const checkDone = (): void => {
      if (done === paths.length) resolveAll();
    };
    const start = (): void => {
      const worker = new Worker(workerUrl, { workerData: spec });
      workers.push(worker);
      live++;
      const inFlight = new Set<number>();
      const send = (): void => {
        const chunk = take();
        if (chunk === null) return;
        inFlight.add(chunk);
        const [from, to] = chunks[chunk] as [number, number];
        worker.postMessage({ id: chunk, paths: paths.slice(from, to) } satisfies ChunkRequest);
      };
      worker.on('message', (message: { id: number; outcomes: WireOutcome[] }) => {
        inFlight.delete(message.id);
        store(message.id, message.outcomes.map(fromWire));
        send();
        checkDone();
      });
      worker.on('error', (error: Error) => {
        live--;
        for (const chunk of inFlight) {
          const [from, to] = chunks[chunk] as [number, number];
          store(chunk, paths.slice(from, to).map((path) => crashed(path, error)));
        }
        inFlight.clear();
        // Nobody left to take the rest: the main thread does it.
        if (live === 0 && !pool.mainLane) mainLoop().catch(() => undefined);
        checkDone();
      });
      for (let i = 0; i < IN_FLIGHT; i++) send();
    };
    const mainLoop = async (): Promise<void> => {
      const options = processOptions(spec);
      for (let chunk = take(); chunk !== null; chunk = take()) {
        const [from, to] = chunks[chunk] as [number, number];
        store(chunk, processPaths(paths.slice(from, to), spec, options));
        checkDone();
        // Let the workers' answers in (and hand them their next chunk) before the next chunk here.
        await new Promise<void>((r) => setImmediate(r));
      }
    };
    for (let i = 0; i < pool.workers; i++) start();
    if (pool.mainLane) mainLoop().catch(() => undefined);
    checkDone();
  });
  try {
    await finished;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results as SweepOutcome[];
}

function crashed(path: string, error: Error): SweepOutcome {
  const inputError = new InputError(path, `internal error: worker thread failed: ${error.message} (please report this with the file)`);
  return { path, status: 'error', findings: [], input: '', output: '', files: [], error: inputError, refused: [], loaded: null };
}
