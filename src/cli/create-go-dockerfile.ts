#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_ERROR } from './exit-codes.js';
import { packageVersion } from './version.js';

const ASKED = 'Questions (each asked on a terminal unless its flag is given; --yes takes the defaults):';
const OUTPUT = 'Output:';

async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('create-go-dockerfile')
    .usage(
      [
        'create-go-dockerfile [dir]',
        '',
        'Reads the Go module in [dir] (go.mod, go.work, main packages, vendor/, cgo, ports) and writes a',
        'multi-stage Dockerfile and .dockerignore: proxy settings as build ARGs, BuildKit cache mounts,',
        'go.mod before sources, private-module auth through SSH or secret mounts, and a small non-root',
        'runtime image.',
      ].join('\n'),
    )
    .command(
      '$0 [dir]',
      'Scaffold a Dockerfile for the Go module in dir',
      (y) =>
        y
          .positional('dir', { type: 'string', default: '.', describe: 'The Go module (or go.work workspace) directory: the build context' })
          .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Accept every detected default; no questions (for CI)' })
          .option('force', { type: 'boolean', default: false, group: OUTPUT, describe: 'Overwrite an existing Dockerfile' })
          .option('dry-run', { type: 'boolean', default: false, group: OUTPUT, describe: 'Print the files instead of writing them' })
          .option('main', { type: 'string', group: ASKED, describe: 'Main package directory (e.g. cmd/api); default: the only one' })
          .option('all', { type: 'boolean', group: ASKED, describe: 'One Dockerfile.<name> per main package (default with several)' })
          .option('binary', { type: 'string', group: ASKED, describe: 'Binary name (default: the package directory or module name)' })
          .option('go-version', { type: 'string', group: ASKED, describe: 'Go version of the builder image (default: from go.mod)' })
          .option('builder', { type: 'string', choices: ['bookworm', 'alpine'], group: ASKED, describe: 'Builder image variant (default: bookworm)' })
          .option('runtime', {
            type: 'string',
            choices: ['distroless', 'alpine', 'scratch', 'debian-slim'],
            group: ASKED,
            describe: 'Runtime image (default: distroless static nonroot; with cgo distroless base)',
          })
          .option('cgo', { type: 'boolean', group: ASKED, describe: 'Build with cgo (--no-cgo: without); default: detected from import "C"' })
          .option('proxy', { type: 'string', group: ASKED, describe: 'GOPROXY: default, goproxy.cn, goproxy.io, aliyun, or a URL list' })
          .option('sumdb', { type: 'string', group: ASKED, describe: 'GOSUMDB: default, sum.golang.google.cn, "name URL", or off (needs --allow-sumdb-off)' })
          .option('allow-sumdb-off', { type: 'boolean', group: ASKED, describe: 'Confirm --sumdb off (checksum verification off; the Dockerfile says so)' })
          .option('private', { type: 'string', group: ASKED, describe: 'GOPRIVATE module path globs, comma-separated; "none" for none (default: suggested from go.mod)' })
          .option('private-via', {
            type: 'string',
            choices: ['direct', 'proxy'],
            group: ASKED,
            describe: 'Private modules come from git (direct) or from the GOPROXY (proxy: GONOPROXY=none)',
          })
          .option('auth', { type: 'string', choices: ['none', 'ssh', 'netrc', 'token'], group: ASKED, describe: 'Login for private modules (default: ssh with --private, else none)' })
          .option('packages', { type: 'string', group: ASKED, describe: 'Extra build packages (apt or apk, by builder), comma-separated (or repeat the flag)' })
          .option('port', { type: 'string', group: ASKED, describe: 'Port(s) to EXPOSE, comma-separated, or none (default: found in the code)' })
          .option('platforms', { type: 'string', group: ASKED, describe: 'Cross-compile for these platforms, comma-separated (e.g. linux/amd64,linux/arm64)' })
          .option('version-var', { type: 'string', group: ASKED, describe: 'Stamp this variable from the VERSION build arg (e.g. main.version), or none' })
          .option('build-parallelism', { type: 'string', group: ASKED, describe: 'Limit go build to N parallel jobs (go build -p N)' }),
      async (argv) => {
        const { runScaffold } = await import('./scaffold-command.js');
        process.exitCode = await runScaffold({
          dir: argv.dir,
          yes: argv.yes,
          force: argv.force,
          dryRun: argv['dry-run'],
          main: argv.main,
          all: argv.all,
          binary: argv.binary,
          goVersion: argv['go-version'],
          builder: argv.builder,
          runtime: argv.runtime,
          cgo: argv.cgo,
          proxy: argv.proxy,
          sumdb: argv.sumdb,
          allowSumdbOff: argv['allow-sumdb-off'],
          private: argv.private,
          privateVia: argv['private-via'],
          auth: argv.auth,
          // A repeated flag arrives as a list.
          packages: argv.packages as string | string[] | undefined,
          port: argv.port,
          platforms: argv.platforms as string | string[] | undefined,
          versionVar: argv['version-var'],
          buildParallelism: argv['build-parallelism'],
        });
      },
    )
    .example('npx create-go-dockerfile', 'Answer a few questions and write ./Dockerfile and ./.dockerignore')
    .example('npx create-go-dockerfile --yes', 'Take the detected defaults (works without a terminal)')
    .example('npx create-go-dockerfile --yes --proxy goproxy.cn', 'Use the goproxy.cn mirror (and sum.golang.google.cn)')
    .example('npx create-go-dockerfile --yes --private git.corp.example.com --auth ssh', 'Private modules over SSH (docker build --ssh default)')
    .example('npx create-go-dockerfile --yes --all', 'One Dockerfile.<name> per main package (docker build -f Dockerfile.<name> .)')
    .epilogue(
      [
        'With several main packages and no --main, the default is --all: Dockerfile.<name> for each, where',
        '<name> is the package directory (cmd/api -> Dockerfile.api; two with the same name get their',
        'path: cmd-api, tools-api).',
        '',
        'Exit codes:',
        '  0  files written (or printed with --dry-run)',
        '  1  cancelled at a question',
        '  2  usage error, no go.mod, invalid value, no terminal without --yes, or refused to overwrite',
      ].join('\n'),
    )
    .version(packageVersion())
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .strict()
    .wrap(Math.min(120, process.stdout.columns || 100))
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
