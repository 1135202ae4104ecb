import { ConfigError, findConfig, loadConfig, type FileConfig } from '../core/config.js';
import { fixRun, UsageError } from '../core/fix-run.js';
import type { FileOutcome } from '../core/process-file.js';
import { resolvePrivate, resolveProxy, resolveSumdb, SettingError } from '../go/proxy.js';
import type { Settings } from '../transforms/transform.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './exit-codes.js';
import { colorsFor } from './report/colors.js';
import { jsonReport, summarize } from './report/json.js';
import { unifiedPatch } from './report/patch.js';
import { textReport } from './report/text.js';

export interface FixArgs {
  paths: string[];
  write: boolean;
  check: boolean;
  listDifferent: boolean;
  format: 'text' | 'json' | 'patch';
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

export async function runFix(args: FixArgs): Promise<number> {
  const started = performance.now();
  const out = process.stdout;
  const err = process.stderr;
  let outcomes: FileOutcome[];
  try {
    const found = args.noConfig ? null : args.config ? { config: loadConfig(args.config, null), path: args.config } : findConfig(process.cwd());
    const config = found?.config ?? {};
    outcomes = fixRun({
      paths: args.paths,
      settings: resolveSettings(args, config),
      only: args.only.length > 0 ? args.only : config.only ?? [],
      skip: [...args.skip, ...(config.skip ?? [])],
      write: args.write,
      unsafeFixes: args.unsafeFixes || config.unsafeFixes === true,
      context: args.context ?? null,
    });
  } catch (error) {
    if (error instanceof UsageError || error instanceof SettingError || error instanceof ConfigError) {
      err.write(`gomod-fix: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
  const elapsed = performance.now() - started;
  const c = colorsFor(out);

  if (args.format === 'json') {
    out.write(JSON.stringify(jsonReport(outcomes, elapsed), null, 2) + '\n');
  } else if (args.format === 'patch') {
    for (const o of outcomes) {
      if (o.status !== 'changed') continue;
      out.write(unifiedPatch(o.path, o.input, o.output));
      for (const f of o.files) out.write(unifiedPatch(relativeTo(f.path), f.before, f.after));
    }
  } else if (args.listDifferent) {
    for (const o of outcomes) if (o.status === 'changed') out.write(o.path + '\n');
  } else if (!args.quiet) {
    for (const o of outcomes) out.write(textReport(o, c, args.write));
  }

  const ec = colorsFor(err);
  for (const o of outcomes) if (o.error) err.write(`${ec.red('error')} ${o.error.located}\n`);
  if (!args.quiet && args.format === 'text' && !args.listDifferent) {
    const s = summarize(outcomes, elapsed);
    const verb = args.write ? 'fixed' : 'would change';
    err.write(
      `${s.files} file${s.files === 1 ? '' : 's'}: ${s.changed} ${verb}, ${s.unchanged} unchanged, ${s.ignored} skipped (ignored), ${s.errors} error${s.errors === 1 ? '' : 's'}  (${(elapsed / 1000).toFixed(1)} s)\n`,
    );
    if (!args.write && s.changed > 0) err.write(ec.dim('Run with --write to apply the safe fixes.\n'));
  }

  if (outcomes.some((o) => o.status === 'error')) return EXIT_ERROR;
  if (args.check) {
    const wouldChange = outcomes.some((o) => o.status === 'changed');
    const errorFinding = outcomes.some((o) => o.findings.some((f) => f.severity === 'error' && !f.fixed));
    return wouldChange || errorFinding ? EXIT_FINDINGS : EXIT_OK;
  }
  return EXIT_OK;
}

function relativeTo(path: string): string {
  const cwd = process.cwd() + '/';
  return path.startsWith(cwd) ? path.slice(cwd.length) : path;
}
