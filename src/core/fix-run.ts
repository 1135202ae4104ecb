import { availableParallelism } from 'node:os';
import { DirectoryCache } from '../go/project.js';
import { findTransform, transforms as allTransforms, type Transform } from '../transforms/index.js';
import type { FixSafety, Settings } from '../transforms/transform.js';
import { discover } from './discover.js';
import { InputError } from './read-dockerfile.js';
import { fail, processOptions, processPaths, type JobSpec, type RenderSpec, type SweepOutcome } from './workers/job.js';
import { writeFileAtomic } from './write-file.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FixRunOptions {
  /** Asked between files: true stops the sweep there (Ctrl-C), leaving every file old or new. */
  shouldStop?: () => boolean;
  paths: string[];
  settings: Settings;
  only: string[];
  skip: string[];
  write: boolean;
  unsafeFixes: boolean;
  context: string | null;
  /** Extra globs for files to treat as Dockerfiles, and globs to leave out (see discover). */
  include?: string[];
  exclude?: string[];
  /** Threads to use; 1 runs everything in this thread. Default: the machine's available parallelism. */
  jobs?: number;
  /** Told the number of files (and the worker threads chosen for them) once discovery is done, then the number done as results come in. */
  onStart?: (total: number, workers: number) => void;
  onProgress?: (done: number, total: number) => void;
  /** Render each file's report fragment in parallel (see RenderSpec). */
  render?: RenderSpec | null;
  /** Keep input/output texts in the outcomes (default true). */
  keepText?: boolean;
  /** Keep all findings, withheld fixes and other files' texts in the outcomes (default true; see JobSpec). */
  keepDetails?: boolean;
}

/**
 * When worker threads pay (measured on the benchmark corpus on two cores; see BENCHMARKS.md). A
 * worker is a V8 isolate that loads the code again (~110 ms of CPU) and JIT-warms it again: the
 * first 1,000 files cost ~1.9 s of CPU against ~0.5 s once warm, so ~1.5-2 s extra per isolate,
 * and a run in this thread already keeps a second core ~35% busy with V8's GC and compiler
 * threads. Now that a warm file costs ~0.35 ms, warm-up is the larger share: at 10,000 files this
 * thread takes 3.5 s (178 MB) and two workers 3.95 s (216 MB); at 20,000 they are even (5.9 s
 * against 5.7 s). So two workers only from 20,000 files. Three or more workers were estimated to
 * pay from ~3,000 files (not re-measured: two cores here).
 * GOMOD_FIX_WORKER_MIN_FILES overrides the per-worker minimum (tests, benchmarks).
 */
export const MIN_FILES_PER_WORKER = 1000;
export const MIN_FILES_FOR_TWO_WORKERS = 20_000;

/** Chooses the transforms from --only/--skip, refusing unknown rule ids. */
export function selectTransforms(only: readonly string[], skip: readonly string[]): Transform[] {
  for (const id of [...only, ...skip]) {
    if (!findTransform(id)) {
      throw new UsageError(`unknown rule "${id}" (see \`gomod-fix rules\`; known: ${allTransforms.map((t) => t.id).join(', ')})`);
    }
  }
  return allTransforms.filter((t) => (only.length === 0 || only.includes(t.id)) && !skip.includes(t.id));
}

/** How many worker threads a sweep of `files` files with `jobs` threads uses; 0: all in this thread. */
export function workerCount(files: number, jobs: number, env: NodeJS.ProcessEnv = process.env): number {
  const override = Number(env.GOMOD_FIX_WORKER_MIN_FILES);
  const perWorker = Number.isInteger(override) && override > 0 ? override : MIN_FILES_PER_WORKER;
  const workers = Math.min(jobs, Math.floor(files / perWorker));
  if (workers < 2) return 0;
  // Two workers barely beat one thread (whose GC and JIT already use the second core).
  if (workers === 2 && perWorker === MIN_FILES_PER_WORKER && files < MIN_FILES_FOR_TWO_WORKERS) return 0;
  return workers;
}

/**
 * Runs the codemod over the named paths and returns one outcome per file (and per discovery
 * error), sorted by path. Writes only with `write`: each Dockerfile where it was processed, then
 * other files (`.dockerignore`) here, once each even when several Dockerfiles share them.
 */
export async function fixRun(options: FixRunOptions): Promise<SweepOutcome[]> {
  const transforms = selectTransforms(options.only, options.skip);
  const apply: FixSafety[] = options.unsafeFixes ? ['safe', 'unsafe'] : ['safe'];
  // The walk's directory listings answer the build-context lookups of files processed in this thread.
  const directories = new DirectoryCache();
  const { files, errors } = discover(options.paths, {
    include: options.include ?? [],
    exclude: options.exclude ?? [],
    onDirectory: (dir, entries) => directories.seed(dir, entries),
  });
  const spec: JobSpec = { rules: transforms.map((t) => t.id), settings: options.settings, apply, context: options.context, write: options.write, render: options.render ?? null, keepText: options.keepText ?? true, keepDetails: options.keepDetails ?? true };
  const jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  const workers = workerCount(files.length, jobs);
  options.onStart?.(files.length, workers);
  let outcomes: SweepOutcome[];
  if (workers === 0) {
    outcomes = [];
    const processing = { ...processOptions(spec), directories };
    for (const path of files) {
      if (options.shouldStop?.()) break;
      outcomes.push(...processPaths([path], spec, processing));
      options.onProgress?.(outcomes.length, files.length);
      // Let a signal handler run now and then: the loop is otherwise synchronous.
      if (options.shouldStop && outcomes.length % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    const { runInWorkers } = await import('./workers/pool.js');
    outcomes = await runInWorkers(files, spec, {
      workers,
      onProgress: (done) => options.onProgress?.(done, files.length),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
  }
  if (options.write) writeOtherFiles(outcomes);
  for (const error of errors) outcomes.push(errorOutcome(error));
  return outcomes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Other files, in path order of the Dockerfiles proposing them; the first proposal of a path wins. */
export function writeOtherFiles(outcomes: readonly SweepOutcome[]): void {
  const written = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.status !== 'changed') continue;
    for (const f of outcome.files) {
      if (written.has(f.path)) continue;
      try {
        writeFileAtomic(f.path, f.after, null);
        written.add(f.path);
      } catch (error) {
        fail(outcome, error);
        break;
      }
    }
  }
}

function errorOutcome(error: InputError): SweepOutcome {
  return { path: error.path, status: 'error', findings: [], input: '', output: '', files: [], error, refused: [], loaded: null };
}
