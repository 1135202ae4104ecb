import { contextAt, deleteInstruction, insertAt, type DockerfileDocument, type ShellCommand, type TextEdit } from '../dockerfile/index.js';
import { hasCacheMount } from '../go/cache-mounts.js';
import { APT_READS_LISTS, isApt, packageCommands } from './lib/packages.js';
import { isGoDockerfile, runsAfter, runsHiddenCode, runsOf, shipsInFinalImage, type RunInfo } from './lib/runs.js';
import { defineTransform, type Problem } from './transform.js';

interface ListsProblem extends Problem {
  edit: TextEdit | null;
}

const LISTS = '/var/lib/apt/lists';

/** `rm -rf /var/lib/apt/lists/*` (or `find /var/lib/apt/lists ... -delete`) after `from` in the RUN. */
function cleansLists(commands: readonly ShellCommand[], from: number): boolean {
  return commands.slice(from + 1).some((c) => {
    const name = c.argv[0]?.value ?? '';
    const base = name.slice(name.lastIndexOf('/') + 1);
    return (base === 'rm' || base === 'find') && c.argv.slice(1).some((w) => w.value.startsWith(LISTS) || w.value.replace(/\/+$/, '') === '/var/lib/apt');
  });
}

/** A later RUN that reads the package lists without downloading them itself would break if they were removed. */
function readsListsLater(doc: DockerfileDocument, info: RunInfo): boolean {
  return runsAfter(doc, info).some((r) => {
    let updated = false;
    for (const { pc } of packageCommands(r.commands)) {
      if (isApt(pc) && pc.subcommand === 'update') updated = true;
      else if (!updated && ((isApt(pc) && pc.subcommand !== null && APT_READS_LISTS.has(pc.subcommand)) || pc.tool === 'apt-cache' || pc.tool === 'aptitude')) return true;
    }
    return false;
  });
}

/** The line's commands form one `a && b && c` chain, so ` && rm ...` after the last runs only when all succeeded. */
function pureAndChain(commands: readonly ShellCommand[]): boolean {
  const line = commands.filter((c) => !c.inHeredoc);
  const last = line[line.length - 1];
  return last !== undefined && last.after === null && line.every((c, k) => (k === 0 ? c.before === null : c.before === '&&'));
}

export default defineTransform<ListsProblem>({
  id: 'apt-lists-cleanup',
  title: 'A RUN that runs `apt-get update` removes /var/lib/apt/lists or keeps it in a cache mount',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'In a Go Dockerfile, a RUN of the stage that ships (the last stage, or a stage it is built FROM) that runs `apt-get update` must either end with `rm -rf /var/lib/apt/lists/*` or cache-mount the lists (`--mount=type=cache,target=/var/lib/apt,sharing=locked`, with one on /var/cache/apt for the .deb files). The fix appends ` && rm -rf /var/lib/apt/lists/*` to the RUN, or removes a RUN that is only `apt-get update` when nothing after it reads the lists.',
    why:
      'The package lists `apt-get update` downloads (tens of MB) are only needed while installing. Removed in a later RUN they still sit in the earlier layer, and left in place they ship with every image and go stale, so a later `apt-get install` in a derived image fails with 404s instead of updating. Builder stages are not checked: their layers never reach the image.',
    before: 'FROM golang:1.23-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends git\n',
    after: 'FROM golang:1.23-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n',
    fixSafety:
      'Safe when the command line of the RUN is one `&&` chain (the removal runs only when everything before it succeeded, and nothing in the RUN runs after it) and no later RUN of the stage, or of a stage built on it, reads the lists without its own `apt-get update`. Declined (reported only) for chains with `;`, `||`, pipes or newlines, for heredoc bodies and exec-form RUNs, and when a later RUN depends on the lists (`RUN apt-get update` then `RUN apt-get install` is reported by `apt-update-same-run`; fix that first). Unsafe when a later RUN runs a script or make, which might read them.',
  },
  check({ doc }) {
    if (!isGoDockerfile(doc)) return [];
    const problems: ListsProblem[] = [];
    for (const info of runsOf(doc)) {
      if (info.onbuild || !shipsInFinalImage(doc, info.stage)) continue;
      const update = packageCommands(info.commands).find(({ pc }) => isApt(pc) && pc.subcommand === 'update');
      if (!update) continue;
      const vars = contextAt(doc, info.stage, info.owner).vars;
      if (hasCacheMount(info.run, vars, LISTS) || cleansLists(info.commands, update.index)) continue;

      const line = info.commands.filter((c) => !c.inHeredoc);
      const last = line[line.length - 1];
      const needed = readsListsLater(doc, info);
      let edit: TextEdit | null = null;
      if (!needed && info.commands.length === 1 && info.run.heredocs.length === 0) {
        // `RUN apt-get update` alone, and nothing after it reads the lists: the whole RUN goes.
        edit = deleteInstruction(doc, info.owner);
      } else if (!needed && !update.pc.command.inHeredoc && !info.exec && info.run.heredocs.length === 0 && pureAndChain(info.commands) && last) {
        edit = insertAt(last.range.end, ' && rm -rf /var/lib/apt/lists/*');
      }
      const hidden = runsAfter(doc, info).some((r) => r.commands.some(runsHiddenCode));
      problems.push({
        range: update.pc.toolWord.range,
        message: `\`${update.pc.tool} update\` without \`rm -rf /var/lib/apt/lists/*\` in the same RUN (or an apt cache mount): the package lists, tens of MB, stay in the image`,
        fixSafety: edit ? (hidden ? 'unsafe' : 'safe') : null,
        edit,
      });
    }
    return problems;
  },
  fix(_ctx, problem) {
    return problem.edit ? { edits: [problem.edit] } : null;
  },
});
