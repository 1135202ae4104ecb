import { Worker } from 'node:worker_threads';
import { processOptions, processPaths, type JobSpec, type SweepOutcome } from './job.js';
import { fromWire, type WireOutcome } from './wire.js';
import type { ChunkRequest } from './worker.js';

export interface PoolOptions {
  /** Worker threads to start (at least 1). */
  workers: number;
  /** Called as results come in, with the number of files done. */
  onProgress?: (done: number) => void;
  /** The worker script (tests substitute one that crashes). */
  workerUrl?: URL;
  /** Asked before each chunk is handed out: true stops handing out work; chunks in flight finish. */
  shouldStop?: () => boolean;
}

/** Chunks in flight per worker: one being processed, one queued so it never waits for the main thread. */
const IN_FLIGHT = 2;

/**
 * Heap limits of each worker. A worker's live data is small (the chunk at hand and the go.mod
 * facts it has read); without limits V8 lets each heap grow to a few hundred MB of garbage on a
 * sweep, which is what pushed peak RSS over 300 MB with two workers. These limits keep it at
 * ~250 MB for 10,000 files for ~7% more CPU (BENCHMARKS.md). A worker that still runs out of
 * memory (a huge Dockerfile) dies; its files are then done in the main thread, whose heap is not capped.
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 160 };

/**
 * Spreads files over worker threads in chunks of consecutive paths (files of one build context
 * tend to land in one worker, which caches that context's go.mod) and puts each result at its
 * file's index, so the order is the input order whatever the scheduling. The main thread only
 * coordinates: its heap keeps the results, the workers' heaps the garbage. If a worker dies, the
 * files it had in flight (and, once no worker is left, all the rest) are processed here.
 */
export async function runInWorkers(paths: readonly string[], spec: JobSpec, pool: PoolOptions): Promise<SweepOutcome[]> {
  const size = Math.max(4, Math.min(64, Math.ceil(paths.length / (pool.workers * 8))));
  const chunks: Array<[number, number]> = [];
  for (let start = 0; start < paths.length; start += size) chunks.push([start, Math.min(paths.length, start + size)]);

  const results: Array<SweepOutcome | undefined> = new Array(paths.length);
  let nextChunk = 0;
  let done = 0;
  let inFlightTotal = 0;
  const take = (): number | null => (nextChunk < chunks.length && !pool.shouldStop?.() ? nextChunk++ : null);
  const slice = (chunk: number): string[] => {
    const [from, to] = chunks[chunk] as [number, number];
    return paths.slice(from, to);
  };
  const store = (chunk: number, outcomes: SweepOutcome[]): void => {
    const [start] = chunks[chunk] as [number, number];
    for (let i = 0; i < outcomes.length; i++) results[start + i] = outcomes[i];
    done += outcomes.length;
    pool.onProgress?.(done);
  };

  const workerUrl = pool.workerUrl ?? new URL('./worker.js', import.meta.url);
  const workers: Worker[] = [];
  let settled = false;
  const finished = new Promise<void>((resolveAll) => {
    let live = 0;
    const checkDone = (): void => {
      const stopped = pool.shouldStop?.() === true && inFlightTotal === 0;
      if ((done === paths.length || stopped) && !settled) {
        settled = true;
        resolveAll();
      }
    };
    /** Chunks a dead worker left, and everything once no worker is left: done in this thread. */
    const inThisThread = (chunks: number[]): void => {
      setImmediate(() => {
        const options = processOptions(spec);
        for (const chunk of chunks) store(chunk, processPaths(slice(chunk), spec, options));
        if (live === 0) for (let chunk = take(); chunk !== null; chunk = take()) store(chunk, processPaths(slice(chunk), spec, options));
        checkDone();
      });
    };
    const start = (): void => {
      const worker = new Worker(workerUrl, { workerData: spec, resourceLimits: RESOURCE_LIMITS });
      workers.push(worker);
      live++;
      const inFlight = new Set<number>();
      let dead = false;
      const send = (): void => {
        const chunk = take();
        if (chunk === null) return;
        inFlight.add(chunk);
        inFlightTotal++;
        worker.postMessage({ id: chunk, paths: slice(chunk) } satisfies ChunkRequest);
      };
      const die = (): void => {
        if (dead || settled) return;
        dead = true;
        live--;
        const lost = [...inFlight];
        inFlightTotal -= inFlight.size;
        inFlight.clear();
        inThisThread(lost);
      };
      worker.on('message', (message: { id: number; outcomes: WireOutcome[] }) => {
        if (inFlight.delete(message.id)) inFlightTotal--;
        store(message.id, message.outcomes.map(fromWire));
        send();
        checkDone();
      });
      worker.on('error', die);
      worker.on('exit', die);
      for (let i = 0; i < IN_FLIGHT; i++) send();
    };
    for (let i = 0; i < pool.workers; i++) start();
    checkDone();
  });
  try {
    await finished;
  } finally {
    settled = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
  // Stopped early: only the files that were processed.
  return results.filter((r): r is SweepOutcome => r !== undefined);
}
