#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_ERROR } from './exit-codes.js';
import { packageVersion } from './version.js';

async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('create-go-dockerfile')
    .usage(
      [
        'create-go-dockerfile [dir]',
        '',
        'Reads the Go module in [dir] (go.mod, go.work, main packages, vendor/) and writes an optimized multi-stage',
        'Dockerfile and .dockerignore: proxy settings as build ARGs, BuildKit cache mounts, go.mod before sources,',
        'private-module auth through SSH or secret mounts, and a small non-root runtime image.',
      ].join('\n'),
    )
    .command(
      '$0 [dir]',
      'Scaffold a Dockerfile for the Go module in dir',
      (y) =>
        y
          .positional('dir', { type: 'string', default: '.', describe: 'The Go module (or workspace) directory' })
          .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Accept every detected default; no questions (for CI)' })
          .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing Dockerfile' })
          .option('dry-run', { type: 'boolean', default: false, describe: 'Print the files instead of writing them' }),
      async (argv) => {
        const { runScaffold } = await import('../scaffold/run.js');
        process.exitCode = await runScaffold({ dir: argv.dir, yes: argv.yes, force: argv.force, dryRun: argv['dry-run'] });
      },
    )
    .example('npx create-go-dockerfile', 'Answer a few questions and write ./Dockerfile')
    .example('npx create-go-dockerfile --yes', 'Take the detected defaults (works without a terminal)')
    .epilogue(['Exit codes:', '  0  files written (or printed with --dry-run)', '  2  usage error, no go.mod, or refused to overwrite'].join('\n'))
    .version(packageVersion())
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .strict()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`create-go-dockerfile: ${message}\nRun \`create-go-dockerfile --help\` for usage.\n`);
      process.exit(EXIT_ERROR);
    })
    .parseAsync();
}

main().catch((error: unknown) => {
  process.stderr.write(`create-go-dockerfile: ${(error as Error).message}\n`);
  process.exitCode = EXIT_ERROR;
});
