import { insertAt, type TextEdit } from '../dockerfile/index.js';
import { APT_READS_LISTS, isApt, packageCommands } from './lib/packages.js';
import { commandStart, isGoDockerfile, runsBefore, runsOf } from './lib/runs.js';
import { defineTransform, type Problem } from './transform.js';

interface StaleListsProblem extends Problem {
  edit: TextEdit | null;
}

export default defineTransform<StaleListsProblem>({
  id: 'apt-update-same-run',
  title: '`apt-get install` runs `apt-get update` in the same RUN, not in an earlier one',
  severity: 'warning',
  fixSafety: 'unsafe',
  docs: {
    what:
      'In a Go Dockerfile, an `apt-get install` (or upgrade, build-dep, source, download) in a RUN with no `apt-get update` before it, while an earlier RUN of the stage (or of a stage it is built FROM) ran `apt-get update`, is reported. The fix puts `apt-get update && ` in front of the command.',
    why:
      'Each RUN is a cached layer. The `RUN apt-get update` layer is reused for as long as its line does not change, so when the install line changes (a package added, a version bumped) it installs from lists that may be weeks old: mirrors have moved on and the build fails with 404s, or installs outdated packages. Updating in the same RUN refreshes the lists whenever the install runs.',
    before: 'FROM golang:1.23-bookworm\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends libpcap-dev\n',
    after: 'FROM golang:1.23-bookworm\nRUN apt-get update\nRUN apt-get update && apt-get install -y --no-install-recommends libpcap-dev\n',
    fixSafety:
      'Unsafe: it adds a download of the package lists to the RUN (which then installs current versions, and needs whatever the earlier update needed, such as a secret mount for a private repository). The earlier `RUN apt-get update` is left in place; once nothing depends on its lists, remove it or let `apt-lists-cleanup` clean it. Declined when the command follows `||`, `|` or `&`, starts with `if`/`!`/a redirection, is in a heredoc body or an exec-form RUN. Without an update earlier in the file nothing is reported: the base image may ship its own lists.',
  },
  check({ doc }) {
    if (!isGoDockerfile(doc)) return [];
    const problems: StaleListsProblem[] = [];
    for (const info of runsOf(doc)) {
      if (info.onbuild) continue;
      let updated = false;
      for (const { pc } of packageCommands(info.commands)) {
        if (!isApt(pc)) continue;
        if (pc.subcommand === 'update') {
          updated = true;
          continue;
        }
        if (updated || pc.subcommand === null || !APT_READS_LISTS.has(pc.subcommand)) continue;
        const earlier = runsBefore(doc, info).some((r) => packageCommands(r.commands).some((p) => isApt(p.pc) && p.pc.subcommand === 'update'));
        if (!earlier) continue;
        const start = commandStart(pc.command);
        const before = pc.command.before;
        const fixable = start !== null && !pc.command.inHeredoc && !info.exec && (before === null || before === '&&' || before === ';' || before === '\n' || before === '(');
        problems.push({
          range: pc.toolWord.range,
          message: `\`${pc.tool} ${pc.subcommand}\` uses package lists from an earlier RUN's \`apt-get update\`: that layer stays cached while this line changes, so the lists go stale and installs fail with 404s`,
          ...(fixable ? {} : { fixSafety: null }),
          edit: fixable && start ? insertAt(start.range.start, 'apt-get update && ') : null,
        });
        // One finding per RUN: its fix refreshes the lists for every later command of the RUN.
        break;
      }
    }
    return problems;
  },
  fix(_ctx, problem) {
    return problem.edit ? { edits: [problem.edit] } : null;
  },
});
