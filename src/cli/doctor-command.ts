/**
 * `gomod-fix doctor`: argument parsing and output only; the work is in src/doctor.
 * Exit codes (process.exitCode): 0 every check passed (warnings allowed), 1 a check failed,
 * 2 usage error (bad flag value, unreadable --dockerfile).
 */

import type { Argv, CommandModule } from 'yargs';
// Types only: the doctor (node:http, node:tls, ...) is loaded when the command runs, so other
// gomod-fix commands do not pay for it at startup.
import type { GoEnvReader, StaticChecker } from '../doctor/index.js';

export interface DoctorArgs {
  proxy?: string;
  sumdb?: string;
  private?: string;
  module?: string;
  timeout: string;
  dockerfile?: string;
  json: boolean;
}

export interface DoctorCommandDeps {
  /** The codemod's rules, run read-only over --dockerfile. */
  staticCheck?: StaticChecker;
  /** Loads `staticCheck` when the command runs, so other commands do not load the rules. */
  loadStaticCheck?: () => Promise<StaticChecker>;
  /** For tests: where output goes and what environment is read. */
  stdout?: { write(s: string): unknown; isTTY?: boolean };
  stderr?: { write(s: string): unknown };
  env?: Record<string, string | undefined>;
  readGoEnv?: GoEnvReader;
}

export function createDoctorCommand(deps: DoctorCommandDeps = {}): CommandModule<object, DoctorArgs> {
  return {
    command: 'doctor',
    describe: 'Diagnose why `go mod download` hangs: probe GOPROXY, the checksum database and private hosts; check a Dockerfile',
    builder: (yargs: Argv) =>
      yargs
        .option('proxy', { type: 'string', describe: 'GOPROXY to check (default: environment, go env, --dockerfile, then Go\'s default)' })
        .option('sumdb', { type: 'string', describe: 'GOSUMDB to check' })
        .option('private', { type: 'string', describe: 'GOPRIVATE module path globs (their hosts are probed on 443 and 22)' })
        .option('module', { type: 'string', describe: 'module path for the proxy protocol request', defaultDescription: 'golang.org/x/mod' })
        .option('timeout', { type: 'string', default: '5s', describe: 'timeout per step (300ms, 5s, 1m; a bare number is seconds)' })
        .option('dockerfile', { type: 'string', describe: 'read GOPROXY/GOSUMDB/... defaults from this Dockerfile\'s Go build stage and check it' })
        .option('json', { type: 'boolean', default: false, describe: 'print a machine-readable report (schema: src/doctor/types.ts)' })
        .example('$0 doctor', 'check the settings from the environment and go env')
        .example('$0 doctor --dockerfile Dockerfile', 'also use the Dockerfile\'s ARG/ENV defaults and check it')
        .example('$0 doctor --proxy https://goproxy.cn,direct --sumdb sum.golang.google.cn', 'try a mirror')
        .example('$0 doctor --private "*.corp.example.com,github.com/acme/*" --timeout 2s', 'probe private hosts too')
        .example('$0 doctor --json > doctor.json', 'for CI: exit 1 when a check fails') as unknown as Argv<DoctorArgs>,
    handler: async (argv) => {
      const { DoctorUsageError, renderJson, renderText, runDoctor, useColor } = await import('../doctor/index.js');
      const stdout = deps.stdout ?? process.stdout;
      const stderr = deps.stderr ?? process.stderr;
      const env = deps.env ?? process.env;
      const staticCheck = deps.staticCheck ?? (deps.loadStaticCheck ? await deps.loadStaticCheck() : undefined);
      try {
        const report = await runDoctor(
          { proxy: argv.proxy, sumdb: argv.sumdb, private: argv.private, module: argv.module, timeout: argv.timeout, dockerfile: argv.dockerfile },
          { env, ...(deps.readGoEnv ? { readGoEnv: deps.readGoEnv } : {}), ...(staticCheck ? { staticCheck } : {}) },
        );
        stdout.write(argv.json ? renderJson(report) : renderText(report, useColor(stdout.isTTY, env)));
        process.exitCode = report.exitCode;
      } catch (err) {
        if (err instanceof DoctorUsageError) {
          stderr.write(`gomod-fix doctor: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
    },
  };
}

export const doctorCommand = createDoctorCommand();
