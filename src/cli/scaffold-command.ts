import pc from 'picocolors';
import { InputError } from '../core/read-dockerfile.js';
import { processIo, scaffold, writeScaffoldFiles, type ScaffoldArgs, type ScaffoldIo, type ScaffoldResult } from '../scaffold/run.js';
import { ScaffoldError } from '../scaffold/validate.js';
import { EXIT_ERROR, EXIT_OK } from './exit-codes.js';

const TOOL = 'create-go-dockerfile';

/** create-go-dockerfile's output: warnings, the files (or their text with --dry-run), how to build. Returns the exit code. */
export async function runScaffold(args: ScaffoldArgs, io: ScaffoldIo = processIo()): Promise<number> {
  let result: ScaffoldResult;
  try {
    result = await scaffold(args, io);
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error;
    io.stderr.write(`${TOOL}: ${error.message}\n`);
    return error.exitCode;
  }
  for (const w of result.warnings) io.stderr.write(`${pc.yellow('warning:')} ${w}\n`);

  if (args.dryRun) {
    for (const f of result.files) io.stdout.write(`==> ${f.path} <==\n${f.content}\n`);
    io.stderr.write(`${pc.dim('--dry-run: nothing was written.')}\n`);
    return EXIT_OK;
  }
  for (const f of result.files) {
    try {
      writeScaffoldFiles(args.dir, [f]);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      io.stderr.write(`${TOOL}: cannot write ${error.located}\n`);
      return EXIT_ERROR;
    }
    const what = f.path === '.dockerignore' && f.before !== null ? 'updated' : f.before !== null ? 'replaced' : 'wrote';
    io.stderr.write(`${pc.green(what)} ${f.path}\n`);
  }
  io.stderr.write(`\nBuild it with:\n${result.commands.map((c) => `  ${c}\n`).join('')}`);
  return EXIT_OK;
}
