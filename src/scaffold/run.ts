import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { writeFileAtomic } from '../core/write-file.js';
import { renderDockerfile } from '../templates/index.js';
import { defaultAnswers, resolveChoices, type Flags } from './choices.js';
import { detect } from './detect.js';
import { buildDockerignore } from './dockerignore.js';
import { askQuestions } from './questions.js';
import { ScaffoldError } from './validate.js';
import { dockerfileView } from './view.js';

export interface ScaffoldArgs extends Flags {
  dir: string;
  /** Accept every default without asking (works without a terminal). */
  yes: boolean;
  force: boolean;
  dryRun: boolean;
}

export interface ScaffoldIo {
  stdout: Writable;
  stderr: Writable;
  /** Ask questions (stdin is a terminal). */
  interactive: boolean;
  /** Where the prompts draw (stderr, so `--dry-run > file` keeps the questions on the screen). */
  promptOutput: Writable;
}

export interface ScaffoldFile {
  /** Relative to the project directory. */
  path: string;
  content: string;
  /** The file's content before, or null when it is new. */
  before: string | null;
}

export interface ScaffoldResult {
  files: ScaffoldFile[];
  /** The `docker build` command of each Dockerfile. */
  commands: string[];
  warnings: string[];
}

const TOOL = 'create-go-dockerfile';

/** Everything but the writing and the output: reads the project, asks or takes defaults, renders the files. */
export async function scaffold(args: ScaffoldArgs, io: ScaffoldIo): Promise<ScaffoldResult> {
  // 1. The Go project: go.mod (or go.work) is required; everything else is detected.
  const dir = resolve(args.dir);
  if (!existsSync(join(dir, 'go.mod')) && !existsSync(join(dir, 'go.work'))) {
    throw new ScaffoldError(
      `no go.mod (or go.work) in ${dir}: nothing was written.\n` +
        'Run create-go-dockerfile in the directory of your Go module, pass that directory as an argument, or create a module first with `go mod init <module path>`.',
    );
  }
  const detection = detect(dir);

  // 2. Questions only on a terminal; elsewhere --yes must say that the defaults are fine.
  if (!args.yes && !io.interactive) {
    throw new ScaffoldError(
      'stdin is not a terminal, so there is no one to answer the questions.\n' +
        'Pass --yes to accept the detected defaults (flags such as --main, --runtime, --proxy or --auth set the rest).',
    );
  }

  // 3. An existing Dockerfile is the user's: refuse before asking anything when it is the one we
  //    would write (one main package); with several, the answer decides the file names (step 5).
  const single = !args.all && (args.main !== undefined || detection.mains.length <= 1);
  if (!args.force && !args.dryRun && single && existsSync(join(dir, 'Dockerfile'))) throw refuseOverwrite('Dockerfile');

  // 4. Answers: flags and detected defaults, then the questions nobody answered yet.
  const defaults = defaultAnswers(detection, args);
  const answers = args.yes ? defaults : await askQuestions(detection, args, defaults, io.promptOutput);

  // 5. Validate everything into choices (exit 2 with the reason on the first problem).
  const choices = resolveChoices(detection, answers);
  if (!args.force && !args.dryRun) {
    const existing = choices.targets.find((t) => existsSync(join(dir, t.file)));
    if (existing) throw refuseOverwrite(existing.file);
  }

  // 6. Render: one Dockerfile per target, and the .dockerignore.
  const files: ScaffoldFile[] = [];
  const commands: string[] = [];
  for (const target of choices.targets) {
    const view = dockerfileView(detection, choices, target, TOOL);
    const before = existsSync(join(dir, target.file)) ? readFileSync(join(dir, target.file), 'utf8') : null;
    files.push({ path: target.file, content: renderDockerfile(view), before });
    commands.push(view.header.buildCommand.join(' '));
  }
  const ignore = buildDockerignore(detection, choices.targets);
  if (ignore.content !== null) files.push({ path: '.dockerignore', content: ignore.content, before: ignore.before });
  const warnings = [...choices.warnings];
  for (const p of ignore.excludesNeeded) warnings.push(`.dockerignore leaves ${p} out of the build context, but the build needs it: remove the pattern that matches it`);
  for (const s of detection.skippedMains) warnings.push(`skipped the main package in ${JSON.stringify(s.dir)}: ${s.reason}`);
  if (args.dryRun && !args.force) {
    for (const f of files) if (f.before !== null && f.path !== '.dockerignore') warnings.push(`${f.path} already exists: writing this would need --force (or improve it in place with gomod-fix)`);
  }
  return { files, commands, warnings };
}

function refuseOverwrite(file: string): ScaffoldError {
  return new ScaffoldError(
    `${file} already exists; it was left as it is.\n` +
      `To improve an existing Dockerfile in place, run \`npx gomod-fix ${file}\` (it shows the changes; --write applies them).\n` +
      'To replace it with a new one, pass --force; to see what would be written, pass --dry-run.',
  );
}

/**
 * Writes the rendered files into the project directory, each atomically (temporary file, then
 * rename), so a failure never leaves a half-written Dockerfile. Throws an InputError naming the file.
 */
export function writeScaffoldFiles(dir: string, files: readonly ScaffoldFile[]): void {
  for (const f of files) writeFileAtomic(join(resolve(dir), f.path), f.content, null);
}

export function processIo(): ScaffoldIo {
  return { stdout: process.stdout, stderr: process.stderr, interactive: process.stdin.isTTY === true, promptOutput: process.stderr };
}
