import { contextAt, deleteInstruction, insertAt, type DockerfileDocument, type ShellCommand, type ShellWord, type TextEdit } from '../dockerfile/index.js';
import { deleteCommandAndAnd } from '../dockerfile/shell-edits.js';
import { hasCacheMount } from '../go/cache-mounts.js';
import { hasOption, packageCommands, type PackageCommand } from './lib/packages.js';
import { flagAfterWord, isGoDockerfile, runsAfter, runsHiddenCode, runsOf, type RunInfo } from './lib/runs.js';
import { defineTransform, type Problem } from './transform.js';

interface ApkProblem extends Problem {
  edit: TextEdit | null;
}

const APK_CACHE = '/var/cache/apk';

/** A cache mount on apk's cache directory (or /etc/apk/cache, its usual link) keeps the index out of the layer. */
function hasApkCacheMount(doc: DockerfileDocument, info: RunInfo): boolean {
  const vars = contextAt(doc, info.stage, info.owner).vars;
  return hasCacheMount(info.run, vars, APK_CACHE) || hasCacheMount(info.run, vars, '/etc/apk/cache');
}

/** `rm -rf /var/cache/apk/*` after command `from` of the RUN: the index does not stay either. */
function cleansCache(commands: readonly ShellCommand[], from: number): boolean {
  return commands.slice(from + 1).some((c) => {
    const name = c.argv[0]?.value ?? '';
    return name.slice(name.lastIndexOf('/') + 1) === 'rm' && c.argv.slice(1).some((w) => w.value.startsWith(APK_CACHE));
  });
}

function missingNoCache(doc: DockerfileDocument, info: RunInfo, index: number, pc: PackageCommand): ApkProblem | null {
  if (pc.subcommand !== 'add' || hasOption(pc, '--no-cache') || hasApkCacheMount(doc, info) || cleansCache(info.commands, index)) return null;
  const word = pc.subcommandWord as ShellWord;
  return {
    range: pc.toolWord.range,
    message: '`apk add` without `--no-cache`: it installs from a package index cached in an image layer (stale once that layer is cached) and leaves the index in the image',
    // Heredoc bodies are never edited.
    ...(pc.command.inHeredoc ? { fixSafety: null } : {}),
    edit: pc.command.inHeredoc ? null : insertAt(word.range.end, flagAfterWord(info.exec, '--no-cache')),
  };
}

/**
 * `apk update` whose index nothing reads: every apk command after it (in its RUN, later RUNs of the
 * stage and stages built on it) is `apk del` or runs with `--no-cache`, which fetches its own index.
 */
function redundantUpdate(doc: DockerfileDocument, info: RunInfo, index: number, pc: PackageCommand): ApkProblem | null {
  if (info.onbuild || pc.subcommand !== 'update' || hasOption(pc, '--no-cache') || hasApkCacheMount(doc, info)) return null;
  const restOfRun = info.commands.slice(index + 1);
  const later = runsAfter(doc, info);
  // A script or make may run apk without --no-cache: the index may be needed.
  if (restOfRun.some(runsHiddenCode) || later.some((r) => r.commands.some(runsHiddenCode))) return null;
  const followers = [...packageCommands(restOfRun), ...later.flatMap((r) => packageCommands(r.commands))].filter(({ pc: p }) => p.tool === 'apk');
  if (followers.length === 0 || !followers.every(({ pc: p }) => p.subcommand === 'del' || hasOption(p, '--no-cache'))) return null;

  let edit: TextEdit | null = null;
  const onlyCommand = info.commands.length === 1 && info.run.heredocs.length === 0;
  if (onlyCommand) {
    // `RUN apk update` on its own: the whole instruction goes.
    edit = deleteInstruction(doc, info.owner);
  } else if (!info.exec && !pc.command.inHeredoc) {
    const next = info.commands[index + 1];
    if (next && (pc.command.before === null || pc.command.before === '&&')) edit = deleteCommandAndAnd(doc, pc.command, next);
  }
  return {
    range: pc.toolWord.range,
    message: '`apk update` is redundant: every apk command after it uses `--no-cache`, which fetches a fresh index, so it only leaves a stale index in the layer',
    ...(edit === null ? { fixSafety: null } : {}),
    edit,
  };
}

export default defineTransform<ApkProblem>({
  id: 'apk-no-cache',
  title: '`apk add` uses `--no-cache`, and an `apk update` nothing needs is removed',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'In every stage of a Go Dockerfile, `apk add` gets `--no-cache` unless it has it, the RUN cache-mounts /var/cache/apk (or /etc/apk/cache), or the RUN removes /var/cache/apk afterwards. An `apk update` becomes redundant once every apk command after it (in its RUN, later RUNs of the stage and stages built on it) is `apk del` or uses `--no-cache`: `apk update && apk add --no-cache x` becomes `apk add --no-cache x`, and a RUN that is only `apk update` is removed. `apk upgrade` is left alone.',
    why:
      'Without `--no-cache`, `apk add` installs from the index an earlier `apk update` stored in an image layer. That layer stays cached while later lines change, so the index goes stale and installs fail ("unable to select packages") or pick old versions; the index also ships in the image. `--no-cache` fetches a fresh index for the install and stores nothing.',
    before: 'FROM golang:1.23-alpine\nRUN apk update && apk add git\n',
    after: 'FROM golang:1.23-alpine\nRUN apk add --no-cache git\n',
    fixSafety:
      'Safe: `--no-cache` downloads the index from the same repositories the packages come from, and the package set is the same. Removing `apk update` is safe only once nothing after it reads its index (another `apk upgrade`, `apk add` without `--no-cache`, or a script or make that might run apk make it needed, and then it is not reported). Declined (reported only) in heredoc bodies, and when the update is not followed by `&&` (`apk update; apk add ...`) or follows `||`/`|`. `apk update --no-cache` stores nothing and is left alone. ONBUILD triggers get `--no-cache` but are never removed. Files that run no Go at all are left alone.',
  },
  check({ doc }) {
    if (!isGoDockerfile(doc)) return [];
    const problems: ApkProblem[] = [];
    for (const info of runsOf(doc)) {
      for (const { index, pc } of packageCommands(info.commands)) {
        if (pc.tool !== 'apk') continue;
        const p = missingNoCache(doc, info, index, pc) ?? redundantUpdate(doc, info, index, pc);
        if (p) problems.push(p);
      }
    }
    return problems;
  },
  fix(_ctx, problem) {
    return problem.edit ? { edits: [problem.edit] } : null;
  },
});
