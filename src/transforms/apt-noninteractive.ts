import {
  contextAt,
  insertAt,
  readAssignments,
  replaceInstruction,
  replaceWord,
  type DockerfileDocument,
  type Instruction,
  type ShellCommand,
  type ShellWord,
  type TextEdit,
} from '../dockerfile/index.js';
import { APT_CONFIGURING, APT_PROMPTING, aptAnswersPrompt, isApt, packageCommands, type PackageCommand } from './lib/packages.js';
import { assignmentPoint, descendants, flagAfterWord, isGoDockerfile, runsBefore, runsOf, shipsInFinalImage, type RunInfo } from './lib/runs.js';
import { defineTransform, type Problem } from './transform.js';

interface AptProblem extends Problem {
  /** The edits that fix it, computed with the problem; null when declined. */
  edits: TextEdit[] | null;
}

const FRONTEND = 'DEBIAN_FRONTEND';

/** `apt <sub>` -> what `apt-get` calls the same operation. Subcommands missing here (list, search, show, ...) have no apt-get equivalent. */
const APT_GET_EQUIVALENT: Record<string, { subcommand?: string; extra?: string }> = {
  install: {},
  remove: {},
  purge: {},
  autoremove: {},
  update: {},
  clean: {},
  autoclean: {},
  'build-dep': {},
  source: {},
  download: {},
  changelog: {},
  satisfy: {},
  // `apt upgrade` installs new dependencies; `apt-get upgrade` holds such packages back.
  upgrade: { extra: '--with-new-pkgs' },
  'full-upgrade': { subcommand: 'dist-upgrade' },
  reinstall: { subcommand: 'install --reinstall' },
};

function label(pc: PackageCommand): string {
  return `\`${pc.tool}${pc.subcommand ? ' ' + pc.subcommand : ''}\``;
}

/** `-y` is missing and the command would stop at apt's confirmation prompt. */
function missingYes(doc: DockerfileDocument, info: RunInfo, pc: PackageCommand): AptProblem | null {
  if (!pc.subcommand || !APT_PROMPTING.has(pc.subcommand) || aptAnswersPrompt(pc)) return null;
  // Input piped in (`yes | apt-get install x`) answers the prompt.
  if (pc.command.before === '|') return null;
  // APT_CONFIG points at a config file we cannot read; an apt.conf.d file written earlier may set Assume-Yes.
  if (pc.env.has('APT_CONFIG') || contextAt(doc, info.stage, info.owner).vars.has('APT_CONFIG')) return null;
  const earlier = info.onbuild ? [] : runsBefore(doc, info);
  if ([...earlier, info].some((r) => /Assume-Yes/i.test(doc.source.slice(r.run.range)))) return null;
  const word = pc.subcommandWord as ShellWord;
  return {
    range: pc.toolWord.range,
    message: `${label(pc)} without \`-y\`: apt asks "Do you want to continue? [Y/n]" and, with no terminal to answer, the build aborts`,
    // Heredoc bodies are never edited.
    edits: pc.command.inHeredoc ? null : [insertAt(word.range.end, flagAfterWord(info.exec, '-y'))],
  };
}

/** Whether DEBIAN_FRONTEND is set for this command: on it, earlier in the RUN, or by ENV/ARG in the stage. */
function frontendSet(doc: DockerfileDocument, info: RunInfo, index: number, pc: PackageCommand): boolean {
  if (pc.env.has(FRONTEND)) return true;
  for (let k = 0; k < index; k++) {
    const c = info.commands[k];
    if (!c) continue;
    // `export DEBIAN_FRONTEND=noninteractive`, or a bare assignment (exported later or already in the environment).
    if (c.argv[0]?.value === 'export' && c.argv.some((w) => w.value.startsWith(`${FRONTEND}=`))) return true;
    if (c.argv.length === 0 && c.assignments.some((w) => w.value.startsWith(`${FRONTEND}=`))) return true;
  }
  // Any value counts: `ARG DEBIAN_FRONTEND` without a default is the user's to pass, another value is their choice.
  return contextAt(doc, info.stage, info.owner).vars.has(FRONTEND);
}

/**
 * Whether a `time` word comes before `at`: a keyword in bash (`time X=1 cmd` is valid there) but
 * /usr/bin/time under /bin/sh (dash), which would try to run `X=1` as a command. Moving the prefix
 * in front of `time` would, under a bash SHELL, turn the keyword into /usr/bin/time, which the
 * image may not have; `time env X=1 cmd` means the same under both.
 */
function afterTime(command: ShellCommand, at: ShellWord): boolean {
  const k = command.words.indexOf(at);
  return command.words.slice(0, k).some((w) => w.raw === 'time');
}

function missingFrontend(doc: DockerfileDocument, info: RunInfo, index: number, pc: PackageCommand): AptProblem | null {
  // What an ONBUILD trigger sees depends on the image that uses it.
  if (info.onbuild || !pc.subcommand || !APT_CONFIGURING.has(pc.subcommand)) return null;
  if (frontendSet(doc, info, index, pc)) return null;
  const at = assignmentPoint(pc.command);
  // Declined: heredoc bodies are never edited; exec form has no shell to set a variable; sudo resets the environment.
  const fixable = at !== null && !pc.command.inHeredoc && !info.exec && !pc.wrappers.includes('sudo');
  return {
    range: pc.toolWord.range,
    message: `${label(pc)} without \`DEBIAN_FRONTEND=noninteractive\`: a package that asks a debconf question (tzdata, keyboard-configuration) stops the build waiting for an answer`,
    edits: fixable ? [insertAt((at as ShellWord).range.start, `${afterTime(pc.command, at as ShellWord) ? 'env ' : ''}${FRONTEND}=noninteractive `)] : null,
  };
}

function plainApt(info: RunInfo, pc: PackageCommand): AptProblem | null {
  if (pc.tool !== 'apt') return null;
  const equivalent = pc.subcommand ? APT_GET_EQUIVALENT[pc.subcommand] : undefined;
  const raw = pc.toolWord.raw;
  const toolText = info.exec ? (raw === '"apt"' ? '"apt-get"' : null) : /^([A-Za-z0-9_./-]*\/)?apt$/.test(raw) ? `${raw}-get` : null;
  let edits: TextEdit[] | null = null;
  if (equivalent && toolText && !pc.command.inHeredoc && (info.exec ? !equivalent.subcommand && !equivalent.extra : true)) {
    const sub = pc.subcommandWord as ShellWord;
    edits = [replaceWord(pc.toolWord, toolText)];
    if (equivalent.subcommand) edits.push(replaceWord(sub, equivalent.subcommand));
    if (equivalent.extra) edits.push(insertAt(sub.range.end, ` ${equivalent.extra}`));
  }
  return {
    range: pc.toolWord.range,
    message: `${label(pc)}: \`apt\` is meant for terminals ("WARNING: apt does not have a stable CLI interface"); scripts should call \`apt-get\`, whose behaviour stays the same between releases`,
    edits,
  };
}

/** `ENV DEBIAN_FRONTEND=noninteractive` in a stage that ends up in the image. */
function persistentFrontend(doc: DockerfileDocument, env: Instruction): AptProblem | null {
  const assignments = readAssignments(doc, env, true);
  if (!assignments.some(([name, value]) => name === FRONTEND && value === 'noninteractive')) return null;
  const stage = doc.stages[env.stage];
  if (!stage || !shipsInFinalImage(doc, stage)) return null;
  // Stages built FROM this one inherit the ENV, but an ARG only under BuildKit (not the legacy builder): their apt commands could lose it.
  const inherited = descendants(doc, stage).some((s) =>
    runsOf(doc).some((r) => r.stage === s && packageCommands(r.commands).some(({ pc }) => isApt(pc) && pc.subcommand !== null && APT_CONFIGURING.has(pc.subcommand))),
  );
  // Declined: other variables in the same ENV, an ENV spread over lines, a stage built on it that relies on it.
  const fixable = assignments.length === 1 && env.startLine === env.endLine && !inherited;
  const keyword = doc.source.slice(env.keywordRange) === 'env' ? 'arg' : 'ARG';
  return {
    range: env.keywordRange,
    message: '`ENV DEBIAN_FRONTEND=noninteractive` persists into the image, so apt in its containers never asks anything: use `ARG` to set it for the build only',
    severity: 'info',
    fixSafety: fixable ? 'unsafe' : null,
    edits: fixable ? [replaceInstruction(env, `${keyword} ${FRONTEND}=noninteractive`)] : null,
  };
}

export default defineTransform<AptProblem>({
  id: 'apt-noninteractive',
  title: 'apt-get installs run without prompts: `-y`, `DEBIAN_FRONTEND=noninteractive` scoped to the RUN, `apt-get` rather than `apt`',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'In every stage of a Go Dockerfile: `apt-get install` (and upgrade, remove, build-dep, ...) gets `-y` unless `-y`/`--yes`/`--assume-yes`/`-qq` or `APT::Get::Assume-Yes` already answers the prompt; an installing command gets a `DEBIAN_FRONTEND=noninteractive` prefix (before wrappers such as `nice`, `timeout` or `env`; after `time` as `time env DEBIAN_FRONTEND=noninteractive`, valid whether `time` is bash\'s keyword or /usr/bin/time) unless the command, an earlier `export` in the RUN, or an `ENV`/`ARG` in the stage or a stage it is built on sets the variable; `apt` becomes `apt-get`. A persistent `ENV DEBIAN_FRONTEND=noninteractive` in a stage that ships is reported (info) with a fix that turns it into `ARG`.',
    why:
      'A build has no terminal. Without `-y`, apt asks "Do you want to continue?" and aborts; without `DEBIAN_FRONTEND=noninteractive`, a package like tzdata asks for a time zone and the build sits there until it times out. `apt` warns that its CLI is not stable for scripts (its output and defaults change between releases). `ENV DEBIAN_FRONTEND` fixes the build but stays set in every container of the image, where interactive apt sessions then silently skip their questions; an `ARG` (or the inline prefix) is visible only while building.',
    before: 'FROM golang:1.23-bookworm\nRUN apt update && apt install protobuf-compiler\n',
    after: 'FROM golang:1.23-bookworm\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y protobuf-compiler\n',
    fixSafety:
      'Safe: `-y` answers the question the build cannot; the prefix sets the variable for that one command; `apt-get` runs the same operation as `apt` (`apt upgrade` becomes `apt-get upgrade --with-new-pkgs`, `apt full-upgrade` becomes `apt-get dist-upgrade`, `apt reinstall` becomes `apt-get install --reinstall`; apt subcommands without an apt-get equivalent are reported, not changed; note that `apt` deletes downloaded .deb files after installing while `apt-get` leaves that to the image, as the official debian/ubuntu images do with their docker-clean hook). Turning `ENV` into `ARG` is unsafe (stages and images built FROM this one no longer inherit the variable) and declined when a stage built on it runs apt, or when the ENV sets other variables or spans lines. Commands in heredoc bodies are reported, never edited; exec-form RUNs get `-y` but no prefix; `sudo apt-get` gets no prefix (sudo resets the environment). ONBUILD triggers are checked for `-y` and `apt` only: the environment they run in belongs to the image that uses them. Files that run no Go at all are left alone.',
  },
  check({ doc }) {
    if (!isGoDockerfile(doc)) return [];
    const problems: AptProblem[] = [];
    for (const info of runsOf(doc)) {
      for (const { index, pc } of packageCommands(info.commands)) {
        if (!isApt(pc)) continue;
        for (const p of [plainApt(info, pc), missingYes(doc, info, pc), missingFrontend(doc, info, index, pc)]) {
          if (p) problems.push(p.edits === null ? { ...p, fixSafety: null } : p);
        }
      }
    }
    for (const instruction of doc.instructions) {
      if (instruction.keyword !== 'ENV') continue;
      const p = persistentFrontend(doc, instruction);
      if (p) problems.push(p);
    }
    return problems;
  },
  fix(_ctx, problem) {
    return problem.edits ? { edits: problem.edits } : null;
  },
});
