import { insertAt, type ShellWord, type TextEdit } from '../dockerfile/index.js';
import { aptConfigOptions, hasOption, isApt, packageCommands } from './lib/packages.js';
import { flagAfterWord, isGoDockerfile, runsBefore, runsOf } from './lib/runs.js';
import { defineTransform, type Problem } from './transform.js';

interface RecommendsProblem extends Problem {
  edit: TextEdit | null;
}

export default defineTransform<RecommendsProblem>({
  id: 'apt-no-install-recommends',
  title: '`apt-get install` uses `--no-install-recommends`',
  severity: 'info',
  fixSafety: 'unsafe',
  docs: {
    what:
      'In every stage of a Go Dockerfile, `apt-get install` (or `apt install`) without `--no-install-recommends` gets it, unless the command or an apt.conf.d file written earlier in the stage already decides `APT::Install-Recommends` (`--install-recommends` counts as a decision).',
    why:
      'By default apt also installs every package the requested ones merely recommend: often dozens of packages and hundreds of MB more to download in each uncached build (where a slow mirror makes the step crawl) and to ship in the image.',
    before: 'FROM golang:1.23-bookworm\nRUN apt-get update && apt-get install -y protobuf-compiler\n',
    after: 'FROM golang:1.23-bookworm\nRUN apt-get update && apt-get install --no-install-recommends -y protobuf-compiler\n',
    fixSafety:
      'Unsafe: it changes which packages get installed, and the build may need something that only came in as a recommendation (a CA bundle, a compiler driver); check the image still builds and runs. Commands in heredoc bodies are reported, never edited; exec-form RUNs get the flag as a JSON element. Files that run no Go at all are left alone.',
  },
  check({ doc }) {
    if (!isGoDockerfile(doc)) return [];
    const problems: RecommendsProblem[] = [];
    for (const info of runsOf(doc)) {
      for (const { pc } of packageCommands(info.commands)) {
        if (!isApt(pc) || pc.subcommand !== 'install') continue;
        if (hasOption(pc, '--no-install-recommends', '--install-recommends') || aptConfigOptions(pc).has('apt::install-recommends')) continue;
        // An apt.conf.d file written earlier may set APT::Install-Recommends.
        const earlier = info.onbuild ? [info] : [...runsBefore(doc, info), info];
        if (earlier.some((r) => /Install-Recommends/i.test(doc.source.slice(r.run.range)))) continue;
        const word = pc.subcommandWord as ShellWord;
        const edit = pc.command.inHeredoc ? null : insertAt(word.range.end, flagAfterWord(info.exec, '--no-install-recommends'));
        problems.push({
          range: pc.toolWord.range,
          message: `\`${pc.tool} install\` without \`--no-install-recommends\`: recommended packages are installed too, more to download on every uncached build and to ship in the image`,
          ...(edit === null ? { fixSafety: null } : {}),
          edit,
        });
      }
    }
    return problems;
  },
  fix(_ctx, problem) {
    return problem.edit ? { edits: [problem.edit] } : null;
  },
});
