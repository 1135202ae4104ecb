#!/usr/bin/env node
import type { Argv } from 'yargs';
import { createDoctorCommand } from './doctor-command.js';
import { EXIT_CODES_HELP, EXIT_ERROR } from './exit-codes.js';
import { packageVersion } from './version.js';

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .flatMap((x) => String(x).split(','))
    .map((s) => s.trim())
    .filter(Boolean);

/** A repeatable option's values; globs are not split on commas (`{a,b}`). */
const globs = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String).filter(Boolean);

function fixOptions(y: Argv) {
  return y
    .positional('paths', { describe: 'Dockerfiles, or directories to search for Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile', type: 'string', array: true, default: ['Dockerfile'] })
    .option('write', { alias: 'w', type: 'boolean', default: false, describe: 'Rewrite files in place (safe fixes only unless --unsafe-fixes)' })
    .option('check', { alias: 'c', type: 'boolean', default: false, describe: 'Write nothing; exit 1 if a file would change or has an error-level finding' })
    .option('list-different', { alias: 'l', type: 'boolean', default: false, describe: 'Print only the names of files that would change' })
    .option('format', { alias: 'f', choices: ['text', 'json', 'sarif', 'patch'] as const, default: 'text' as const, describe: 'Output: coloured diff with reasons, a JSON report, SARIF 2.1.0 for code scanning, or one patch for git apply' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors (the exit code tells)' })
    .option('only', { type: 'string', describe: 'Run only these rules (comma-separated ids)' })
    .option('skip', { type: 'string', describe: 'Do not run these rules (comma-separated ids)' })
    .option('unsafe-fixes', { type: 'boolean', default: false, describe: 'Also apply fixes that change behaviour (review the diff)' })
    .option('proxy', { type: 'string', describe: 'GOPROXY for the proxy rules: default, goproxy.cn, goproxy.io, aliyun, or a URL list' })
    .option('sumdb', { type: 'string', describe: 'GOSUMDB: default, sum.golang.google.cn, or a URL' })
    .option('private', { type: 'string', describe: 'GOPRIVATE module path globs, comma-separated (e.g. example.com/org/*)' })
    .option('context', { type: 'string', describe: 'Build context directory (default: nearest directory with go.mod or go.work above each Dockerfile)' })
    .option('config', { type: 'string', describe: 'Config file (default: gomod-fix.config.json or a "gomod-fix" key in package.json, searched upward)' })
    .option('no-config', { type: 'boolean', default: false, describe: 'Ignore config files' })
    // Repeatable single-value options, not yargs arrays: an array option would swallow the paths after it.
    .option('include', { type: 'string', describe: 'Also treat files matching this glob as Dockerfiles when searching directories (no "/": any depth; repeatable)' })
    .option('exclude', { type: 'string', describe: 'Leave out files and directories matching this glob (repeatable; .gitignore and .gomodfixignore are honoured too)' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'Threads to use at most (default: the number of CPUs); workers start only on sweeps big enough to repay their start-up; 1: no worker threads' })
    .check((argv) => {
      if (argv.write && argv.check) throw new Error('--write and --check cannot be used together');
      return true;
    });
}

async function main(): Promise<void> {
  // `--version` answers before yargs loads: yargs and its dependencies are half of the start-up.
  const words = process.argv.slice(2);
  if (words.length === 1 && (words[0] === '--version' || words[0] === '-V')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const [{ default: yargs }, { hideBin }] = await Promise.all([import('yargs'), import('yargs/helpers')]);
  const cli = yargs(hideBin(process.argv))
    .scriptName('gomod-fix')
    .usage(
      [
        'gomod-fix [paths..]',
        '',
        'Rewrites Dockerfiles of Go projects so builds stop hanging in `go mod download`, stop re-downloading',
        'every module on every build, and stop leaking credentials for private modules. Prints a diff and the',
        'reason for each change; writes only with --write.',
      ].join('\n'),
    )
    .command(
      '$0 [paths..]',
      'Check and fix Dockerfiles (default command)',
      (y) => fixOptions(y),
      async (argv) => {
        const { runFix } = await import('./fix-command.js');
        process.exitCode = await runFix({
          paths: argv.paths as string[],
          write: argv.write,
          check: argv.check,
          listDifferent: argv['list-different'],
          format: argv.format,
          quiet: argv.quiet,
          only: list(argv.only),
          skip: list(argv.skip),
          unsafeFixes: argv['unsafe-fixes'],
          proxy: argv.proxy,
          sumdb: argv.sumdb,
          private: argv.private,
          context: argv.context,
          config: argv.config,
          noConfig: argv['no-config'],
          include: globs(argv.include),
          exclude: globs(argv.exclude),
          jobs: argv.jobs,
        });
      },
    )
    .command(createDoctorCommand({ loadStaticCheck: async () => (await import('../core/static-check.js')).staticCheck }))
    .command(
      'rules',
      'List every rule: id, severity, whether it fixes, summary',
      (y) => y.option('format', { choices: ['text', 'json'] as const, default: 'text' as const }),
      async (argv) => {
        const { runRules } = await import('./rules-command.js');
        process.exitCode = runRules(argv.format);
      },
    )
    .command(
      'explain <rule>',
      "Print a rule's rationale with a before/after example",
      (y) => y.positional('rule', { type: 'string', demandOption: true, describe: 'Rule id (see `gomod-fix rules`)' }),
      async (argv) => {
        const { runExplain } = await import('./rules-command.js');
        process.exitCode = runExplain(argv.rule);
      },
    )
    .example('gomod-fix', 'Show what would change in ./Dockerfile, with reasons')
    .example('gomod-fix --write services/', 'Fix every Dockerfile under services/')
    .example('gomod-fix --check .', 'CI gate: exit 1 if any Dockerfile needs changes')
    .example('gomod-fix --proxy goproxy.cn --sumdb sum.golang.google.cn -w', 'Use the goproxy.cn mirror for GOPROXY ARGs')
    .example('gomod-fix --format patch . > fix.patch && git apply fix.patch', 'Produce a patch instead of writing')
    .example('gomod-fix --check --format sarif . > gomod-fix.sarif', 'CI: findings for code scanning (exit 1 if anything would change)')
    .example('gomod-fix explain go-mod-layer-order', 'Why a rule exists, with an example')
    .example('gomod-fix doctor --dockerfile Dockerfile', 'Why does go mod download hang? Probe the proxy, checksum DB and private hosts')
    .epilogue(
      [
        EXIT_CODES_HELP,
        '',
        'Fix safety: safe fixes keep the build meaning and are applied by --write; unsafe fixes (a token moved to',
        'a secret mount, --no-install-recommends) need --unsafe-fixes; some findings are reported only.',
        'Suppress: `# gomod-fix ignore=RULE[,RULE]` on the line above an instruction; `# gomod-fix ignore-file` at the top.',
        'Colour: only on a terminal; NO_COLOR disables it.',
      ].join('\n'),
    )
    .version(packageVersion())
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .strict()
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`gomod-fix: ${message}\nRun \`gomod-fix --help\` for usage.\n`);
      process.exit(EXIT_ERROR);
    });
  const parsed = await cli.parseAsync();
  // doctor: a DNS lookup that never answers cannot be cancelled; its report is out, so do not wait for it.
  if (parsed._[0] === 'doctor') process.exit(process.exitCode ?? 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`gomod-fix: ${(error as Error).message}\n`);
  process.exitCode = EXIT_ERROR;
});
