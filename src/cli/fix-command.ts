import { ConfigError, findConfig, loadConfig, type FileConfig } from '../core/config.js';
import { fixRun, selectTransforms, UsageError } from '../core/fix-run.js';
import type { RenderSpec, SweepOutcome } from '../core/workers/job.js';
import { resolvePrivate, resolveProxy, resolveSumdb, SettingError } from '../go/proxy.js';
import type { Settings } from '../transforms/transform.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './exit-codes.js';
import { colorEnabled, colorsFor } from './report/colors.js';
import { jsonReport, summarize, type Summary } from './report/json.js';
import { sweepPatch } from './report/patch.js';
import { createProgress, type Progress } from './report/progress.js';
import { textReport } from './report/text.js';
import { packageVersion } from './version.js';

export interface FixArgs {
  paths: string[];
  write: boolean;
  check: boolean;
  listDifferent: boolean;
  format: 'text' | 'json' | 'sarif' | 'patch';
  quiet: boolean;
  only: string[];
  skip: string[];
  unsafeFixes: boolean;
  proxy: string | undefined;
  sumdb: string | undefined;
  private: string | undefined;
  context: string | undefined;
  config: string | undefined;
  noConfig: boolean;
  /** Extra file globs to treat as Dockerfiles / globs to leave out (added to the config's). */
  include?: string[];
  exclude?: string[];
  /** Threads; undefined: the machine's available parallelism. */
  jobs?: number | undefined;
}

/** Flags win over the config file; the config file wins over defaults. */
function resolveSettings(args: FixArgs, config: FileConfig): Settings {
  const proxy = args.proxy ?? config.proxy;
  const sumdb = args.sumdb ?? config.sumdb;
  const priv = args.private ?? config.private;
  return {
    proxy: proxy === undefined ? null : resolveProxy(proxy),
    sumdb: sumdb === undefined ? null : resolveSumdb(sumdb),
    private: priv === undefined ? null : resolvePrivate(priv),
  };
}

/**
 * The sweep: settings (flags > config > defaults), the run, the report on stdout (text, json,
 * sarif, patch or names), errors and the summary line on stderr, and the exit code: 2 if any file
 * errored, 1 under --check if a file would change or keeps an error-level finding, else 0.
 */
export async function runFix(args: FixArgs): Promise<number> {
  const started = performance.now();
  const out = process.stdout;
  const err = process.stderr;
  let outcomes: SweepOutcome[];
  let progress: Progress | null = null;
  let only: string[];
  let skip: string[];
  // With --write, Ctrl-C stops between files instead of in the middle of one.
  const interrupt = args.write ? catchInterrupt(err) : null;
  try {
    if (args.jobs !== undefined && !(Number.isInteger(args.jobs) && args.jobs >= 1)) throw new UsageError(`--jobs must be a whole number of at least 1, not ${String(args.jobs)}`);
    const found = args.noConfig ? null : args.config ? { config: loadConfig(args.config, null), path: args.config } : findConfig(process.cwd());
    const config = found?.config ?? {};
    // Report fragments are rendered in parallel where each file is processed; only SARIF needs the texts afterwards.
    const textReportWanted = args.format === 'text' && !args.listDifferent && !args.quiet;
    const render: RenderSpec | null = textReportWanted
      ? { kind: 'text', color: colorEnabled(out), written: args.write }
      : args.format === 'patch'
        ? { kind: 'patch', root: process.cwd() }
        : null;
    only = args.only.length > 0 ? args.only : config.only ?? [];
    skip = [...args.skip, ...(config.skip ?? [])];
    outcomes = await fixRun({
      ...(interrupt ? { shouldStop: () => interrupt.stopped } : {}),
      paths: args.paths,
      settings: resolveSettings(args, config),
      only,
      skip,
      write: args.write,
      unsafeFixes: args.unsafeFixes || config.unsafeFixes === true,
      context: args.context ?? null,
      include: [...(args.include ?? []), ...(config.include ?? [])],
      exclude: [...(args.exclude ?? []), ...(config.exclude ?? [])],
      jobs: args.jobs,
      render,
      keepText: args.format === 'sarif',
      // The text format prints rendered fragments (or names): findings matter only for the exit code.
      keepDetails: args.format !== 'text',
      onStart: (total, workers) => {
        if (process.env.GOMOD_FIX_DEBUG) err.write(`gomod-fix: ${total} files, ${workers} worker thread(s)\n`);
        if (!args.quiet) progress = createProgress(err, total);
      },
      onProgress: (done) => progress?.update(done),
    });
  } catch (error) {
    if (error instanceof UsageError || error instanceof SettingError || error instanceof ConfigError) {
      err.write(`gomod-fix: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  } finally {
    (progress as Progress | null)?.done();
    interrupt?.dispose();
  }
  const c = colorsFor(out);

  if (args.format === 'json') {
    out.write(JSON.stringify(jsonReport(outcomes, performance.now() - started), null, 2) + '\n');
  } else if (args.format === 'sarif') {
    const { sarifReport } = await import('./report/sarif.js');
    out.write(JSON.stringify(sarifReport(outcomes, { transforms: selectTransforms(only, skip), version: packageVersion(), root: process.cwd() }), null, 2) + '\n');
  } else if (args.format === 'patch') {
    out.write(sweepPatch(outcomes, process.cwd()));
  } else if (args.listDifferent) {
    out.write(outcomes.filter((o) => o.status === 'changed').map((o) => o.path + '\n').join(''));
  } else if (!args.quiet) {
    let text = '';
    for (const o of outcomes) {
      text += o.rendered ?? textReport(o, c, args.write);
      // Keep memory flat on big sweeps: hand the text over in pieces.
      if (text.length > 1 << 20) {
        out.write(text);
        text = '';
      }
    }
    out.write(text);
  }

  const ec = colorsFor(err);
  const errors = outcomes.filter((o) => o.error);
  if (errors.length > 0) err.write(errors.map((o) => `${ec.red('error')} ${o.error?.located}\n`).join(''));
  if (!args.quiet && !args.listDifferent) {
    const s = summarize(outcomes, performance.now() - started);
    err.write(summaryLine(s) + '\n');
    if (!args.write && s.changed > 0 && args.format === 'text') err.write(ec.dim('Run with --write to apply the safe fixes.\n'));
  }

  if (interrupt?.stopped) {
    err.write(`gomod-fix: interrupted after ${outcomes.length} file${outcomes.length === 1 ? '' : 's'}; every file is either as it was or fully rewritten. Run again to finish.\n`);
    return EXIT_INTERRUPTED;
  }
  if (errors.length > 0) return EXIT_ERROR;
  if (args.check) {
    const wouldChange = outcomes.some((o) => o.status === 'changed');
    const errorFinding = outcomes.some((o) => o.findings.some((f) => f.severity === 'error' && !f.fixed));
    return wouldChange || errorFinding ? EXIT_FINDINGS : EXIT_OK;
  }
  return EXIT_OK;
}

/** `412 files: 97 changed, 301 unchanged, 12 skipped (ignored), 2 errors  (1.8 s)`, as codemod tools print it. */
export function summaryLine(s: Summary): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(s.files, 'file')}: ${s.changed} changed, ${s.unchanged} unchanged, ${s.ignored} skipped (ignored), ${plural(s.errors, 'error')}  (${(s.durationMs / 1000).toFixed(1)} s)`;
}

/** Exit code for a sweep stopped by Ctrl-C (128 + SIGINT, as shells report it). */
const EXIT_INTERRUPTED = 130;

/**
 * The first SIGINT/SIGTERM asks the sweep to stop after the files being written; a second one
 * exits at once (still safe: every write is a rename of a complete temporary file).
 */
function catchInterrupt(err: NodeJS.WritableStream): { readonly stopped: boolean; dispose(): void } {
  const state = { stopped: false };
  const onSignal = (): void => {
    if (state.stopped) process.exit(EXIT_INTERRUPTED);
    state.stopped = true;
    err.write('\ngomod-fix: stopping after the files being written (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get stopped() {
      return state.stopped;
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
