import { availableParallelism } from 'node:os';
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
  /** Told the number of files once discovery is done, then the number done as results come in. */
  onStart?: (total: number) => void;
  onProgress?: (done: number, total: number) => void;
  /** Render each file's report fragment in parallel (see RenderSpec). */
  render?: RenderSpec | null;
  /** Keep input/output texts in the outcomes (default true). */
  keepText?: boolean;
}

/**
 * Each worker thread should have at least this many files to be worth its start-up: a worker is a
 * V8 isolate that loads the parser and every rule again. Measured with scripts/bench (see
 * BENCHMARKS.md); smaller sweeps, and sweeps that would get a single worker, run in this thread.
 */
export const MIN_FILES_PER_WORKER = 125;

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
export function workerCount(files: number, jobs: number): number {
  const workers = Math.min(jobs, Math.floor(files / MIN_FILES_PER_WORKER));
  // One worker and an idle main thread would only add the worker's start-up.
  return workers >= 2 ? workers : 0;
}

/**
 * Runs the codemod over the named paths and returns one outcome per file (and per discovery
 * error), sorted by path. Writes only with `write`: each Dockerfile where it was processed, then
 * other files (`.dockerignore`) here, once each even when several Dockerfiles share them.
 */
export async function fixRun(options: FixRunOptions): Promise<SweepOutcome[]> {
  const transforms = selectTransforms(options.only, options.skip);
  const apply: FixSafety[] = options.unsafeFixes ? ['safe', 'unsafe'] : ['safe'];
  const { files, errors } = discover(options.paths, { include: options.include ?? [], exclude: options.exclude ?? [] });
  const spec: JobSpec = { rules: transforms.map((t) => t.id), settings: options.settings, apply, context: options.context, write: options.write, render: options.render ?? null, keepText: options.keepText ?? true };
  options.onStart?.(files.length);
  const jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  const workers = workerCount(files.length, jobs);
  if (process.env.GOMOD_FIX_DEBUG) process.stderr.write(`gomod-fix: ${files.length} files, ${workers} worker thread(s)\n`);
  let outcomes: SweepOutcome[];
  if (workers === 0) {
    outcomes = [];
    const processing = processOptions(spec);
    for (const path of files) {
      outcomes.push(...processPaths([path], spec, processing));
      options.onProgress?.(outcomes.length, files.length);
    }
  } else {
    const { runInWorkers } = await import('./workers/pool.js');
    outcomes = await runInWorkers(files, spec, { workers, onProgress: (done) => options.onProgress?.(done, files.length) });
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
