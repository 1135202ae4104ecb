import { rootImage, shellCommands, type DockerfileDocument, type Instruction, type ShellCommand, type ShellWord, type Stage } from '../../dockerfile/index.js';
import { isExecForm } from '../../dockerfile/shell.js';
import { isGolangImage } from '../../go/images.js';
import { goStages, runOf } from '../../go/stages.js';
import { MemoSlot } from '../../dockerfile/memo.js';

/**
 * Facts about the RUNs of a document that the package-manager, static-binary and dockerignore
 * rules share: every RUN with its shell commands, how stages build on each other, and whether a
 * command hides what it does in a script.
 */

export interface RunInfo {
  /** The top-level instruction (the RUN, or the ONBUILD holding it). */
  owner: Instruction;
  /** The RUN itself (for `ONBUILD RUN`, the trigger). */
  run: Instruction;
  stage: Stage;
  /** Registered with ONBUILD: runs in a later build that uses this image, not in this one. */
  onbuild: boolean;
  /** `RUN ["cmd", "arg"]`: no shell, words are JSON strings. */
  exec: boolean;
  /** The command line's commands in order, then those of heredoc bodies (`inHeredoc`, never edited). */
  commands: ShellCommand[];
}

const cache = new MemoSlot<DockerfileDocument, RunInfo[]>();

/** Every RUN of the document (and every ONBUILD RUN), in file order. Computed once per document. */
export function runsOf(doc: DockerfileDocument): RunInfo[] {
  const cached = cache.get(doc);
  if (cached) return cached;
  const runs: RunInfo[] = [];
  for (const stage of doc.stages) {
    for (const owner of stage.instructions) {
      const run = runOf(owner);
      if (!run) continue;
      const args = run.logical.text.slice(run.argsIndex);
      const exec = isExecForm(args);
      // A command line with an unterminated quote or `$(` is a shell syntax error: nothing in it can be read reliably.
      const commands = exec || shellBalanced(args) ? shellCommands(doc, run, true) : [];
      runs.push({ owner, run, stage, onbuild: owner !== run, exec, commands });
    }
  }
  cache.set(doc, runs);
  return runs;
}

const UNBALANCEABLE = /['"`(]/;

/**
 * Whether every quote, backtick and `$(`/`(` of a shell command line is closed. The shell reader
 * runs an unterminated quote to the end of the text, where a fix appended after the "last command"
 * would land inside the quote and never be seen, so such lines are not read at all.
 */
export function shellBalanced(text: string): boolean {
  // Only a quote, a backtick or a `(` (also of `$(`) can open something; a lone `)` is ignored.
  if (!UNBALANCEABLE.test(text)) return true;
  const open: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const top = open[open.length - 1];
    if (top === "'") {
      if (c === "'") open.pop();
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (top === '"') {
      if (c === '"') open.pop();
      else if (c === '`') open.push('`');
      else if (c === '$' && text[i + 1] === '(') {
        open.push(')');
        i++;
      }
      continue;
    }
    if (c === '#' && (i === 0 || /[\s;&|()]/.test(text[i - 1] as string))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"') open.push(c);
    else if (c === '`') {
      if (top === '`') open.pop();
      else open.push('`');
    } else if (c === '(') open.push(')');
    // A `)` with nothing open is a `case` pattern.
    else if (c === ')' && top === ')') open.pop();
  }
  return open.length === 0;
}

/** The stages a stage builds on (`FROM <stage>`), nearest last; the stage itself is not included. */
export function ancestors(doc: DockerfileDocument, stage: Stage): Stage[] {
  const out: Stage[] = [];
  let s = stage;
  while (s.baseStage !== null) {
    s = doc.stages[s.baseStage] as Stage;
    if (out.includes(s)) break;
    out.unshift(s);
  }
  return out;
}

/** The stages built on this one, directly or through others. */
export function descendants(doc: DockerfileDocument, stage: Stage): Stage[] {
  return doc.stages.filter((s) => s !== stage && ancestors(doc, s).includes(stage));
}

/** Whether the stage ends up in the image `docker build` produces by default: the last stage or one it builds on. */
export function shipsInFinalImage(doc: DockerfileDocument, stage: Stage): boolean {
  const last = doc.stages[doc.stages.length - 1];
  return last !== undefined && (last === stage || ancestors(doc, last).includes(stage));
}

/** RUNs that execute before `run` in this build: earlier in its stage, or anywhere in a stage it builds on. */
export function runsBefore(doc: DockerfileDocument, run: RunInfo): RunInfo[] {
  const chain = ancestors(doc, run.stage);
  return runsOf(doc).filter(
    (r) => !r.onbuild && (chain.includes(r.stage) || (r.stage === run.stage && r.owner.index < run.owner.index)),
  );
}

/** RUNs that execute after `run` and see its layer: later in its stage, or in a stage built on it. */
export function runsAfter(doc: DockerfileDocument, run: RunInfo): RunInfo[] {
  const below = descendants(doc, run.stage);
  return runsOf(doc).filter(
    (r) => !r.onbuild && (below.includes(r.stage) || (r.stage === run.stage && r.owner.index > run.owner.index)),
  );
}

/**
 * Whether this is a Dockerfile of a Go project: some stage runs `go` or builds on the golang image.
 * The package-manager rules stay out of other Dockerfiles (an nginx or node image that happens to
 * live in a Go repository is not this tool's business).
 */
export function isGoDockerfile(doc: DockerfileDocument): boolean {
  return goStages(doc).length > 0 || doc.stages.some((s) => isGolangImage(rootImage(doc, s)));
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);
const BUILD_TOOLS = new Set(['make', 'gmake', 'task', 'just', 'mage', 'bazel', 'bazelisk', 'goreleaser', 'eval', 'source', '.']);

/**
 * Whether a command runs code we cannot see: a script file, a build tool (make, task, ...), or a
 * shell given a file or a `-c` string. What such a command does to the package index or to `.git`
 * is unknown, so fixes that depend on "nothing else uses it" become unsafe.
 */
export function runsHiddenCode(command: ShellCommand): boolean {
  const first = command.argv[0];
  if (!first) return false;
  const name = first.value;
  if (/\.(sh|bash)$/.test(name) || name.startsWith('./') || name.startsWith('../')) return true;
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (BUILD_TOOLS.has(base)) return true;
  // `bash <<EOF` reads the heredoc (whose commands we parse); `bash script.sh` or `sh -c '...'` does not.
  return SHELLS.has(base) && command.argv.length > 1;
}

/**
 * Where an inline `NAME=value` for the command goes: before its first assignment or, without one,
 * its command name (after any `if`/`!`/redirection, where an assignment is still valid shell).
 */
export function assignmentPoint(command: ShellCommand): ShellWord | null {
  return command.assignments[0] ?? command.argv[0] ?? null;
}

/**
 * The first word of a command when the command can be prefixed with `other && `: null when a
 * reserved word or a redirection comes first (`if cmd`, `! cmd`, `2>/dev/null cmd`), where a
 * prefix would change what the condition or redirection applies to.
 */
export function commandStart(command: ShellCommand): ShellWord | null {
  const start = command.assignments[0] ?? command.argv[0];
  if (!start || command.argv.length === 0) return null;
  return command.words[0] === start ? start : null;
}

/** The text that adds `flag` right after a word: ` flag` in a shell command, `, "flag"` in an exec-form RUN. */
export function flagAfterWord(exec: boolean, flag: string): string {
  return exec ? `, ${JSON.stringify(flag)}` : ` ${flag}`;
}
