import {
  contextAt,
  expand,
  insertLinesAfter,
  keywordLike,
  parseMount,
  readAssignments,
  removeWord,
  replaceWord,
  rootImage,
  shellCommands,
  type DockerfileDocument,
  type Instruction,
  type ShellCommand,
  type Span,
  type Stage,
  type TextEdit,
} from '../dockerfile/index.js';
import { deleteInstructionTidy } from '../dockerfile/tidy-delete.js';
import {
  dockerfileValue,
  goVarSettings,
  isLastStage,
  redactUrls,
  replaceSettingValue,
  settingSeenBy,
  stageChain,
  usedAsBase,
  type GoVarSetting,
} from '../go/go-vars.js';
import { moduleRuns, prefilledModuleCache, type ModuleRun } from '../go/module-mode.js';
import { isGolangImage, parseImageRef } from '../go/images.js';
import { stageHasGo } from '../go/stages.js';
import { parseGoproxy, PROXY_PRESETS, proxyProblems } from '../go/proxy.js';
import { defineTransform, type Problem, type Settings } from './transform.js';
import { MemoSlot } from '../dockerfile/memo.js';

/** The variables that decide where `go` fetches modules and checksums from. */
const MANAGED = ['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'] as const;
type Managed = (typeof MANAGED)[number];
const MANAGED_SET: ReadonlySet<string> = new Set(MANAGED);

type ProxyArgProblem = Problem &
  (
    | { kind: 'insert'; stage: Stage; line: string }
    | { kind: 'hard-coded'; setting: GoVarSetting }
    | { kind: 'value'; setting: GoVarSetting; replacement: string | null }
    | { kind: 'late'; setting: GoVarSetting; stage: Stage; whole: boolean }
  );

const WHY_MISSING: Record<Managed, string> = {
  GOPROXY: 'CI cannot switch to a reachable proxy with --build-arg, so the build hangs where proxy.golang.org is blocked',
  GOSUMDB: 'CI cannot switch the checksum database with --build-arg, so the build hangs where sum.golang.org is blocked',
  GOPRIVATE: 'private modules go to the public proxy and checksum database, which cannot serve them',
  GONOPROXY: 'CI cannot change it with --build-arg',
  GONOSUMDB: 'CI cannot change it with --build-arg',
};

function stageLabel(stage: Stage): string {
  return stage.name !== null ? `stage "${stage.name}"` : `stage ${stage.index}`;
}

/** Where new ARGs go: after the FROM and the ARGs directly following it. */
function argAnchor(stage: Stage): Instruction {
  let anchor = stage.from;
  for (const i of stage.instructions) {
    if (i.keyword !== 'ARG') break;
    anchor = i;
  }
  return anchor;
}

/** True when `value` expands `$name` or `${name...}`. */
function refersTo(value: string | null, name: string): boolean {
  return value !== null && new RegExp(`\\$(\\{${name}([:}+-]|$)|${name}(?![A-Za-z0-9_]))`).test(value);
}

const literal = (s: GoVarSetting): s is GoVarSetting & { value: string } => s.value !== null && !s.value.includes('$');

/**
 * Go's default GOPROXY is only known for the official image (Go 1.13 and later, whose go.env is
 * upstream's); elsewhere a distribution may patch it (Fedora's go.env has set GOPROXY=direct), so
 * a new ARG there gets no default and keeps whatever the image does.
 */
function knownDefaultProxy(doc: DockerfileDocument, stage: Stage): boolean {
  const image = rootImage(doc, stage);
  if (!isGolangImage(image)) return false;
  const m = /^(\d+)\.(\d+)/.exec(parseImageRef(image).tag ?? '');
  return !m || Number(m[1]) > 1 || Number(m[2]) >= 13;
}

function settingFor(settings: Settings, name: string): string | null {
  return name === 'GOPROXY' ? settings.proxy : name === 'GOSUMDB' ? settings.sumdb : name === 'GOPRIVATE' ? settings.private : null;
}

/** `off` as the first entry go reads (empty entries skipped): every module download fails. */
const isOff = (value: string): boolean => parseGoproxy(value).entries[0]?.kind === 'off';

export default defineTransform<ProxyArgProblem>({
  id: 'go-proxy-args',
  title: 'Build stages that download Go modules declare GOPROXY (and GOSUMDB/GOPRIVATE) as ARGs CI can override',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'In every stage that resolves Go modules, GOPROXY is declared with `ARG GOPROXY=<default>` right after the FROM (after the ARGs already there), and so are GOSUMDB and GOPRIVATE when --sumdb/--private are given. The default is --proxy when given, else Go\'s own `https://proxy.golang.org,direct` on the official golang image, else no default (the image\'s own stays in effect). An `ARG` with a value is part of the environment of every later RUN in the stage (BuildKit adds it to the build environment, as the Dockerfile reference says: "you can use an ARG or an ENV instruction to specify variables that are available to the RUN instruction"), so `ARG GOPROXY=...` alone reaches `go`, and `docker build --build-arg GOPROXY=https://goproxy.cn,direct` overrides it without editing the file. A stage built FROM another stage (`FROM base AS build`) needs no ARG of its own when an ancestor declares it: BuildKit carries a stage\'s ARGs, with their values, into the stages built FROM it. The evidence: docs.docker.com/build/building/variables/#scoping ("Once a build argument is declared or consumed in a stage, it\'s automatically inherited by child stages"); moby/buildkit#5381 (merged 2024-10, fixing docker/docs#21041) replaced the reference\'s "An ARG instruction goes out of scope at the end of the build stage where it was defined" with "An ARG variable declared inside a build stage is automatically inherited by other stages based on that stage", a BuildKit maintainer noting in review that the inheritance is BuildKit\'s; Buildah lacked it (containers/buildah#5762) until openshift/imagebuilder#304. The legacy builder (DOCKER_BUILDKIT=0) does not inherit: there, repeat `ARG GOPROXY` in the child, knowing that a bare ARG takes only a global default or --build-arg, not the parent\'s value. It also reports: an `ENV GOPROXY=<literal>` (hard-coded: --build-arg cannot change it), a global `ARG GOPROXY` before the first FROM that the stage never re-declares (it is visible to FROM lines only, so `go` never sees it), an `ENV GOPROXY=$GOPROXY` with no ARG behind it, an ARG or ENV that comes only after the stage\'s first go command that resolves modules (that command runs without it, so --build-arg never reaches it), a GOPROXY that go itself rejects (error; read as go reads it: a bare host like `goproxy.cn` gets `https://`, empty entries are skipped, an empty value is the default), `GOPROXY=off` where the first module download happens (error; not reported when the module cache is filled from elsewhere: copied or bind-mounted from another stage or image, `COPY --from=deps /go/pkg/mod /go/pkg/mod`, or a cache mount that a stage this one depends on fills with the same id, the usual offline build; a warning when the only source is a cache mount nothing in the build fills, empty on a fresh builder), values that differ from --proxy/--sumdb/--private (also set indirectly: `ENV GOPROXY=$goproxy` is judged by the default of `ARG goproxy`, `${CUSTOM_GOPROXY:-https://...}` by what it expands to; and, with one of those options, in any stage of a golang image even if it downloads nothing itself, like a base image that runs `go env -w GOPROXY=...`), and a go command that fetches private modules (an SSH mount or a .netrc secret mount on its RUN, or a `git config url.<x>.insteadOf` before it) with none of GOPRIVATE, GONOSUMDB, GONOPROXY in effect (a bare `ARG GOPRIVATE` counts: CI passes it) and GOSUMDB not off: go asks proxy.golang.org and sum.golang.org about those modules, which fails for any private module not in go.sum and tells both their paths (a warning, once per chain of stages; with --private the fix adds `ARG GOPRIVATE=<value>` where that chain first downloads). The same applies to GOSUMDB, GOPRIVATE, GONOPROXY and GONOSUMDB wherever the file sets them. Values set on the RUN itself (`GOPROXY=... go mod download`, `export`, `go env -w`) count as present. Go commands in GOPATH mode resolve no modules and are left alone: `GO111MODULE=off` (in the stage, a stage it is built FROM, on the command or by `go env -w`), golang images before Go 1.11, and 1.11/1.12 inside $GOPATH/src without GO111MODULE=on (the `moduleMode` predicate go-mod-layer-order uses too).',
    why:
      'A build that cannot reach proxy.golang.org or sum.golang.org (mainland China, locked-down CI) hangs in `go mod download`. The fix is a reachable proxy, and it belongs to the environment that runs the build, not to the file: with an ARG, each CI system passes its own with --build-arg. A hard-coded ENV cannot be overridden, and a global ARG without a re-declaration in the stage silently does nothing, which is the classic reason "--build-arg GOPROXY did not help".',
    before: 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n',
    after: 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23 AS build\nARG GOPROXY\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n',
    fixSafety:
      'Adding a missing ARG is safe: its default is Go\'s own (official image), the value you asked for, or none. For private modules without GOPRIVATE there is no fix unless --private names the module paths: then adding `ARG GOPRIVATE=<value>` is safe (it only keeps those paths away from the public proxy and checksum database). Re-declaring a global ARG in the stage is safe (it makes the file do what it says), unless the global value is malformed or `off` (unsafe: it would start to apply). Changing a value to the one given with --proxy/--sumdb/--private is safe (for a value read from an ARG, that ARG\'s literal default is changed, only when nothing else in the file reads it; otherwise, and for `${VAR:-default}` forms, the message names the line to change); without one, an existing value is never replaced, and a malformed or `off` GOPROXY is reported only. Turning `ENV GOPROXY=x` into `ARG GOPROXY=x` is safe only in a builder stage: ENV also persists into the image and into stages built FROM this one, ARG does not, so it is unsafe in the last stage or in a stage used as a base. A late ARG moves up to right after the FROM (after the ARGs there), whole, or as its own `ARG NAME=value` line when it shares a one-line ARG with other names: safe when no instruction in between reads or sets the name and the value reads no variable set in between (up there it would expand to nothing), else unsafe. Declined: settings in heredoc bodies or exec-form RUNs, multi-line ENVs that set several variables or use the legacy `ENV NAME value` form, one name of a continued multi-name ARG, and a late ENV (in a builder stage the hard-coded fix turns it into an ARG, which then moves; in the last stage it stays reported).',
  },
  check({ doc, settings, project }) {
    const runs = moduleRuns(doc, project);
    // With a value requested, a golang image that sets one for the builds using it (`go env -w` in a
    // base image) is checked too, even if it downloads nothing itself.
    const requested = settings.proxy !== null || settings.sumdb !== null || settings.private !== null;
    if (runs.size === 0 && !requested) return [];
    const problems: ProxyArgProblem[] = [];
    const all = goVarSettings(doc, MANAGED_SET).filter((s) => !s.onbuild);
    const downloading = [...runs.keys()];
    const chains = new Map(downloading.map((s) => [s, stageChain(doc, s)]));
    const relevant = (s: GoVarSetting): boolean =>
      (s.kind === 'global-arg' && runs.size > 0) || [...chains.values()].some((chain) => chain.some((c) => c.index === s.stage));

    // GOPROXY=off matters where the first download of a stage happens, unless the module cache is
    // filled from elsewhere (copied or bind-mounted from another stage, or a cache mount a stage it
    // depends on fills): that is the usual offline build, and it works.
    const fatalOff = new Map<GoVarSetting, { where: string; emptyCache: string | null }>();
    for (const [stage, list] of runs) {
      const chain = chains.get(stage) as Stage[];
      const first = list[0];
      if (!first || chain.slice(1).some((a) => runs.has(a))) continue;
      const seen = settingSeenBy(doc, stage, first.goRun.run, first.go.command, 'GOPROXY');
      if (!seen || !literal(seen) || !isOff(seen.value)) continue;
      const prefilled = prefilledModuleCache(doc, stage, first.goRun.owner);
      if (prefilled !== null && prefilled.kind !== 'empty-cache') continue;
      fatalOff.set(seen, { where: `\`go ${first.go.subcommand}\` in ${stageLabel(stage)}`, emptyCache: prefilled?.what ?? null });
    }

    // Per stage: missing ARGs and the global-ARG trap. A stage built FROM another stage is covered by
    // an ARG declared there: BuildKit carries a stage's ARGs, with their values, into the stages built
    // FROM it (see the docs above for the evidence). Only the first downloading stage of a chain is
    // asked for one; the stages built on it inherit it.
    const inserted = new Set<string>();
    // Private-module access first: with --private, its ARG GOPRIVATE replaces the plain missing-ARG one.
    const privateProblems = privateModuleProblems(doc, settings, runs, chains, all);
    for (const p of privateProblems) if (p.kind === 'insert') inserted.add(`${p.stage.index} GOPRIVATE`);
    for (const stage of downloading) {
      const chain = chains.get(stage) as Stage[];
      if (chain.slice(1).some((a) => runs.has(a))) continue;
      const required = new Set<string>(['GOPROXY']);
      if (settings.sumdb !== null) required.add('GOSUMDB');
      if (settings.private !== null) required.add('GOPRIVATE');
      for (const name of MANAGED) {
        const inChain = all.filter((s) => s.name === name && chain.some((c) => c.index === s.stage));
        const declared = inChain.some((s) => s.kind === 'arg' || (s.kind === 'env' && !refersTo(s.value, name)));
        if (declared) continue;
        const global = all.find((s) => s.kind === 'global-arg' && s.name === name);
        const selfRef = inChain.find((s) => s.kind === 'env' && refersTo(s.value, name));
        // The ARG must come before an `ENV NAME=$NAME` that reads it, in that ENV's stage.
        const target = selfRef ? (doc.stages[selfRef.stage] as Stage) : stage;
        if (inserted.has(`${target.index} ${name}`)) continue;
        inserted.add(`${target.index} ${name}`);
        const kw = keywordLike(doc, target.from, 'ARG');
        if (global) {
          const gv = global.value;
          const risky = gv !== null && !gv.includes('$') && ((name === 'GOPROXY' && (proxyProblems(gv).length > 0 || isOff(gv))) || (name === 'GOSUMDB' && gv.trim() === 'off'));
          problems.push({
            kind: 'insert',
            stage: target,
            line: `${kw} ${name}`,
            range: target.from.keywordRange,
            message: `the global ARG ${name} is not visible in ${stageLabel(target)}: an ARG before the first FROM only reaches FROM lines, so go ignores it here and --build-arg ${name} never reaches it`,
            fixSafety: risky ? 'unsafe' : 'safe',
          });
        } else if (selfRef) {
          problems.push({
            kind: 'insert',
            stage: target,
            line: `${kw} ${name}`,
            range: selfRef.range,
            message: `ENV ${name}=${redactUrls(selfRef.value ?? '')} reads an ARG ${name} that ${stageLabel(target)} never declares, so --build-arg ${name} never reaches it`,
          });
        } else if (required.has(name) && inChain.length === 0) {
          const value = settingFor(settings, name) ?? (name === 'GOPROXY' && knownDefaultProxy(doc, stage) ? PROXY_PRESETS.default : null);
          problems.push({
            kind: 'insert',
            stage,
            line: value === null ? `${kw} ${name}` : `${kw} ${name}=${dockerfileValue(value, doc.escape)}`,
            range: stage.from.keywordRange,
            message: `${stageLabel(stage)} resolves Go modules but declares no ARG ${name}: ${WHY_MISSING[name]}`,
          });
        }
      }
    }

    problems.push(...privateProblems);

    // Per stage and name: an ARG/ENV that comes only after the stage's first go command that
    // resolves modules. That command runs without it (and --build-arg never reaches it there).
    for (const [stage, list] of runs) {
      const first = list[0];
      if (!first) continue;
      const chain = chains.get(stage) as Stage[];
      const late = lateSettings(all, stage, chain, first);
      const moving = new Set(late);
      for (const s of late) {
        const siblings = all.filter((x) => x.target === s.target);
        // The whole instruction moves when it declares only names that move with it.
        const whole = siblings.length === s.siblings && siblings.every((x) => moving.has(x));
        problems.push({
          kind: 'late',
          setting: s,
          stage,
          whole,
          range: s.range,
          // One message for ENV and ARG: once the hard-coded ENV has become an ARG (next pass), the
          // same finding gets its fix.
          message: `${s.name} is set only after \`go ${first.go.subcommand}\`, the first go command of ${stageLabel(stage)} that resolves modules: that command never sees it, and --build-arg ${s.name} never reaches it`,
          // An ENV is not moved itself: the hard-coded finding turns it into an ARG where that is
          // safe, and moving it first would leave that finding on the moved line.
          fixSafety: s.kind === 'env' || (!whole && s.target.startLine !== s.target.endLine) ? null : moveIsSafe(doc, stage, s) ? 'safe' : 'unsafe',
        });
      }
    }

    // Per setting: malformed, off, different from what the user asked for, hard-coded.
    for (const s of all) {
      const wanted = settingFor(settings, s.name);
      if (!relevant(s)) {
        const stage = doc.stages[s.stage];
        const differs = wanted !== null && stage !== undefined && stageHasGo(doc, stage) ? valueDiffers(doc, s, wanted, all) : null;
        if (differs) problems.push(differs);
        continue;
      }
      const shown = `${s.name}=${redactUrls(s.value ?? '')}`;
      if (literal(s)) {
        const invalid = s.name === 'GOPROXY' ? proxyProblems(s.value) : [];
        const offBy = fatalOff.get(s);
        if (invalid.length > 0) {
          // The reason is worked out on the redacted value: a proxy URL may carry user:password.
          const reason = proxyProblems(redactUrls(s.value))[0] ?? 'not a valid GOPROXY list';
          problems.push({
            kind: 'value',
            setting: s,
            replacement: wanted,
            range: s.range,
            severity: 'error',
            message: `${shown} is malformed (${reason}): every go command that downloads modules fails`,
            fixSafety: wanted !== null && s.editable ? 'safe' : null,
          });
        } else if (offBy !== undefined) {
          problems.push({
            kind: 'value',
            setting: s,
            replacement: wanted,
            range: s.range,
            ...(offBy.emptyCache === null
              ? { severity: 'error' as const, message: `GOPROXY=off forbids module downloads, but ${offBy.where} needs them: the build fails` }
              : {
                  message: `GOPROXY=off forbids module downloads, so ${offBy.where} finds modules only in ${offBy.emptyCache}, which nothing in this build fills: on a fresh builder (CI) that cache is empty and the build fails`,
                }),
            fixSafety: wanted !== null && s.editable ? 'safe' : null,
          });
        } else if (wanted !== null) {
          const differs = valueDiffers(doc, s, wanted, all);
          if (differs) problems.push(differs);
        }
        if (s.kind === 'env') {
          const converts = s.siblings === 1 ? !s.legacy || s.editable : !s.legacy && s.target.startLine === s.target.endLine;
          const stage = doc.stages[s.stage] as Stage;
          problems.push({
            kind: 'hard-coded',
            setting: s,
            range: s.range,
            message: `ENV ${s.name} is hard-coded: CI cannot override it with --build-arg to suit the network the build runs in`,
            fixSafety: !converts ? null : usedAsBase(doc, stage) || isLastStage(doc, stage) ? 'unsafe' : 'safe',
          });
        }
      } else if (s.value !== null && wanted !== null) {
        const differs = valueDiffers(doc, s, wanted, all);
        if (differs) problems.push(differs);
      } else if (s.kind === 'arg' && s.value === null && wanted !== null) {
        // `ARG GOPROXY` without a default: only a global default or --build-arg gives it a value.
        const global = all.find((g) => g.kind === 'global-arg' && g.name === s.name);
        if (!global || global.value === null) {
          problems.push({
            kind: 'value',
            setting: s,
            replacement: wanted,
            range: s.range,
            message: `ARG ${s.name} has no default, so the requested ${s.name}=${redactUrls(wanted)} only applies when CI passes it`,
            fixSafety: s.editable ? 'safe' : null,
          });
        }
      }
    }
    return problems;
  },
  fix({ doc }, problem) {
    if (problem.kind === 'insert') return { edits: [insertLinesAfter(doc, argAnchor(problem.stage), [problem.line])] };
    if (problem.kind === 'late') {
      const s = problem.setting;
      const anchor = argAnchor(problem.stage);
      if (problem.whole) return { edits: [insertLinesAfter(doc, anchor, [doc.source.slice(s.target.range)]), deleteInstructionTidy(doc, s.target)] };
      // One of several names: it gets its own line (only from a one-line instruction, so no
      // continuation is left dangling).
      if (s.target.startLine !== s.target.endLine) return null;
      const kw = keywordLike(doc, s.target, s.kind === 'env' ? 'ENV' : 'ARG');
      return { edits: [insertLinesAfter(doc, anchor, [`${kw} ${doc.source.slice(s.range)}`]), removeWord(doc, s)] };
    }
    if (problem.kind === 'value') {
      // Declined without a requested value: a malformed or `off` GOPROXY is reported, never guessed.
      if (problem.replacement === null) return null;
      const edit = replaceSettingValue(doc, problem.setting, problem.replacement);
      return edit ? { edits: [edit] } : null;
    }
    const edits = envToArg(doc, problem.setting);
    return edits ? { edits } : null;
  },
});

/** `ENV NAME=value` -> `ARG NAME=value`, keeping the value as written. */
function envToArg(doc: DockerfileDocument, s: GoVarSetting): TextEdit[] | null {
  const env = s.target;
  const arg = keywordLike(doc, env, 'ARG');
  if (s.legacy) {
    // `ENV NAME value` has no ARG form: rewrite the assignment too (one line only).
    if (!s.editable) return null;
    return [replaceWord({ range: env.keywordRange }, arg), replaceWord(s, `${s.name}=${dockerfileValue(s.value ?? '', doc.escape)}`)];
  }
  // When every assignment of the ENV is one of ours, the whole ENV becomes an ARG (`ARG A=1 B=2`).
  const ours = goVarSettings(doc, MANAGED_SET).filter((x) => x.target === env && x.kind === 'env' && literal(x));
  if (s.siblings === 1 || ours.length === s.siblings) return [replaceWord({ range: env.keywordRange }, arg)];
  // One of several assignments: move it to its own ARG line, only when the ENV is one line (removing a
  // word from a continued line could leave a dangling continuation).
  if (env.startLine !== env.endLine) return null;
  return [removeWord(doc, s), insertLinesAfter(doc, env, [`${arg} ${doc.source.slice(s.range)}`])];
}

/**
 * The ARG/ENV settings of a managed name in `stage` that come after its first module-resolving
 * command, when nothing before that command (in the stage, the stages it is built FROM, or on the
 * command's own RUN) sets or declares the name. The earliest one per name.
 */
function lateSettings(all: GoVarSetting[], stage: Stage, chain: Stage[], first: ModuleRun): GoVarSetting[] {
  const firstAt = first.goRun.owner.index;
  const out: GoVarSetting[] = [];
  for (const name of MANAGED) {
    const mine = all.filter((s) => s.name === name && chain.some((c) => c.index === s.stage));
    if (mine.some((s) => s.stage !== stage.index || s.owner.index <= firstAt)) continue;
    const late = mine.find((s) => s.kind === 'arg' || (s.kind === 'env' && !refersTo(s.value, name)));
    if (late) out.push(late);
  }
  return out;
}

/**
 * Moving a late setting up to the FROM also gives it to every instruction in between. Safe when
 * none of them reads or sets the name, and the value reads no variable set in between (it would
 * expand to nothing up there).
 */
function moveIsSafe(doc: DockerfileDocument, stage: Stage, s: GoVarSetting): boolean {
  const anchor = argAnchor(stage);
  const between = stage.instructions.filter((i) => i.index > anchor.index && i.index < s.owner.index);
  for (const i of between) {
    const text = doc.source.slice(i.range) + i.heredocs.map((h) => doc.source.slice(h.bodyRange)).join('\n');
    if (refersTo(text, s.name)) return false;
    if (goVarSettings(doc, new Set([s.name])).some((x) => x.owner === i)) return false;
    if ((i.keyword === 'ARG' || i.keyword === 'ENV') && readAssignments(doc, i, i.keyword === 'ENV').some(([n]) => refersTo(s.value, n))) return false;
  }
  return true;
}

const PRIVATE_NAMES = ['GOPRIVATE', 'GONOSUMDB', 'GONOPROXY'] as const;

/**
 * Module runs that fetch private modules (an SSH or .netrc secret mount on the RUN, or a git
 * `url.<x>.insteadOf` rewrite before it) with none of GOPRIVATE, GONOSUMDB, GONOPROXY in effect and
 * GOSUMDB not off: go asks the public proxy and checksum database about those modules. One finding
 * per chain of stages, at the first such command; with --private, an ARG GOPRIVATE where the chain
 * first downloads (the stages built FROM it inherit it). A global ARG of one of the names is the
 * global-ARG trap's finding instead.
 */
function privateModuleProblems(
  doc: DockerfileDocument,
  settings: Settings,
  runs: Map<Stage, ModuleRun[]>,
  chains: Map<Stage, Stage[]>,
  all: GoVarSetting[],
): ProxyArgProblem[] {
  if (all.some((s) => s.kind === 'global-arg' && (PRIVATE_NAMES as readonly string[]).includes(s.name))) return [];
  const out: ProxyArgProblem[] = [];
  const done = new Set<number>();
  for (const [stage, list] of runs) {
    const chain = chains.get(stage) as Stage[];
    const target = [...chain].reverse().find((c) => runs.has(c)) as Stage;
    if (done.has(target.index)) continue;
    for (const m of list) {
      const access = privateAccess(doc, chain, m);
      if (access === null || privateCovered(doc, stage, chain, m, all)) continue;
      done.add(target.index);
      const value = settings.private;
      const line = value === null ? '' : `${keywordLike(doc, target.from, 'ARG')} GOPRIVATE=${dockerfileValue(value, doc.escape)}`;
      const message =
        `\`go ${m.go.subcommand}\` in ${stageLabel(stage)} ${access.what}, as for private modules, but no GOPRIVATE (or GONOSUMDB/GONOPROXY) is set: ` +
        'go asks the public proxy and sum.golang.org about those modules, which cannot serve them (a module missing from go.sum fails with "verifying module: ... 404 Not Found") and learn their paths; ' +
        (value === null ? 'set ARG GOPRIVATE=<module path glob> (or pass --private)' : `adds ARG GOPRIVATE=${redactUrls(value)}`);
      out.push({ kind: 'insert', stage: target, line, range: access.range, message, fixSafety: value === null ? null : 'safe' });
      break;
    }
  }
  return out;
}

const NETRC_TARGET = /(^|\/)(\.netrc|_netrc|\.git-credentials)$/;

/** How a module run reaches private repositories: a mount on its RUN, or a git insteadOf rewrite before it. */
function privateAccess(doc: DockerfileDocument, chain: Stage[], m: ModuleRun): { what: string; range: Span } | null {
  const run = m.goRun.run;
  for (const f of run.flags) {
    if (f.name !== 'mount' || f.value === null) continue;
    const mount = parseMount(f.value);
    if (mount.type === 'ssh') return { what: 'uses an SSH mount', range: f.range };
    const id = mount.options.find((o) => o.key === 'id')?.value ?? '';
    if (mount.type === 'secret' && ((mount.target !== null && NETRC_TARGET.test(mount.target)) || /netrc/i.test(id))) return { what: 'uses a .netrc secret mount', range: f.range };
  }
  const rewriting = runsRewritingUrls(doc);
  if (rewriting.size === 0) return null;
  const here = rewriting.has(run) && shellCommands(doc, run, true).some((c) => c.range.start < m.go.command.range.start && rewritesUrls(c));
  const before = chain.some((s) => s.instructions.some((i) => rewriting.has(i) && (i.stage !== run.stage || i.index < run.index)));
  if (here || before) return { what: 'follows a git config insteadOf rewrite', range: run.keywordRange };
  return null;
}

function rewritesUrls(c: ShellCommand): boolean {
  const argv = c.argv.map((w) => w.value);
  const git = argv.findIndex((a) => /(^|\/)git$/.test(a));
  return git !== -1 && argv.slice(git + 1).includes('config') && argv.some((a) => /^url\..*\.insteadof$/i.test(a));
}

const rewritingRuns = new MemoSlot<DockerfileDocument, Set<Instruction>>();

/** The RUNs with a `git config url.*.insteadOf` rewrite; found once per document (asked per module download). */
function runsRewritingUrls(doc: DockerfileDocument): Set<Instruction> {
  let runs = rewritingRuns.get(doc);
  if (!runs) {
    runs = new Set();
    if (/insteadof/i.test(doc.source.text)) {
      for (const i of doc.instructions) if (i.keyword === 'RUN' && shellCommands(doc, i, true).some(rewritesUrls)) runs.add(i);
    }
    rewritingRuns.set(doc, runs);
  }
  return runs;
}

/** GOPRIVATE, GONOSUMDB or GONOPROXY reaches the command (a bare ARG counts: CI passes it), or GOSUMDB is off. */
function privateCovered(doc: DockerfileDocument, stage: Stage, chain: Stage[], m: ModuleRun, all: GoVarSetting[]): boolean {
  const run = m.goRun.run;
  for (const name of PRIVATE_NAMES) {
    const seen = settingSeenBy(doc, stage, run, m.go.command, name);
    if (seen !== null && (seen.value === null || seen.value.trim() !== '')) return true;
    const bare = all.some((s) => s.name === name && s.kind === 'arg' && s.value === null && chain.some((c) => c.index === s.stage) && (s.stage !== stage.index || s.owner.index < m.goRun.owner.index));
    if (bare) return true;
  }
  const sumdb = settingSeenBy(doc, stage, run, m.go.command, 'GOSUMDB');
  return sumdb !== null && sumdb.value !== null && sumdb.value.trim() === 'off';
}

/**
 * A setting whose value differs from the requested one (--proxy, --sumdb, --private). A literal is
 * replaced. A value read from variables (`ENV GOPROXY=$goproxy`, `${CUSTOM_GOPROXY:-https://...}`)
 * is judged by what it expands to with the ENV/ARG values in effect there; one that still depends
 * on a variable without a value (CI passes it) is not judged, nor is one that reads the name itself
 * (`ENV GOPROXY=$GOPROXY`: its ARG is judged). When it is exactly one ARG whose literal default
 * nothing else reads, that default is replaced; otherwise the message names the line to change.
 * GOSUMDB=off is gosumdb-off's business.
 */
function valueDiffers(doc: DockerfileDocument, s: GoVarSetting, wanted: string, all: GoVarSetting[]): ProxyArgProblem | null {
  if (s.value === null) return null;
  const requested = `the requested ${s.name}=${redactUrls(wanted)}`;
  if (literal(s)) {
    if (s.value === wanted || (s.name === 'GOSUMDB' && s.value.trim() === 'off')) return null;
    return { kind: 'value', setting: s, replacement: wanted, range: s.range, message: `${s.name}=${redactUrls(s.value)} differs from ${requested}`, fixSafety: s.editable ? 'safe' : null };
  }
  if (s.kind === 'global-arg' || refersTo(s.value, s.name)) return null;
  const stage = doc.stages[s.stage] as Stage;
  const effective = expand(s.value, contextAt(doc, stage, s.owner).vars);
  if (effective.includes('$') || effective === wanted || (s.name === 'GOSUMDB' && effective.trim() === 'off')) return null;
  const shown = `${s.name}=${redactUrls(s.value)} gives ${redactUrls(effective)}`;
  const source = argSource(doc, s, stage, all);
  if (source !== null) {
    const line = `\`${redactUrls(firstLine(doc, source.target))}\``;
    const message = `${shown} (from ${line}), which differs from ${requested}`;
    return source.alone && source.editable
      ? { kind: 'value', setting: source, replacement: wanted, range: s.range, message, fixSafety: 'safe' }
      : { kind: 'value', setting: source, replacement: null, range: s.range, message: `${message}; change ${line}`, fixSafety: null };
  }
  return { kind: 'value', setting: s, replacement: null, range: s.range, message: `${shown}, which differs from ${requested}; change \`${redactUrls(firstLine(doc, s.target))}\``, fixSafety: null };
}

function firstLine(doc: DockerfileDocument, i: Instruction): string {
  return doc.source.lineText(i.startLine).trim();
}

/**
 * For a value that is exactly `$name` or `${name}`: the ARG whose literal default it takes (in the
 * stage or a stage it is built FROM, or the global one a bare ARG takes), and whether nothing else
 * in the file reads `name` (then changing the default changes only this setting).
 */
function argSource(doc: DockerfileDocument, s: GoVarSetting, stage: Stage, all: GoVarSetting[]): (GoVarSetting & { alone: boolean }) | null {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(s.value ?? '');
  if (!m) return null;
  const name = (m[1] ?? m[2]) as string;
  const chain = stageChain(doc, stage);
  const settings = goVarSettings(doc, new Set([name])).filter((x) => !x.onbuild);
  const before = settings.filter((x) => chain.some((c) => c.index === x.stage) && (x.stage !== stage.index || x.owner.index < s.owner.index));
  const last = before[before.length - 1];
  if (!last || last.kind !== 'arg') return null;
  const source = last.value !== null ? last : settings.find((x) => x.kind === 'global-arg' && x.value !== null);
  if (!source || source.value === null || source.value.includes('$')) return null;
  // Every mention of the variable, in every instruction (heredoc bodies too), but its declarations and this setting.
  const mentions = doc.instructions.filter((i) => {
    const text = doc.source.slice(i.range) + i.heredocs.map((h) => doc.source.slice(h.bodyRange)).join('\n');
    return refersTo(text, name) && i !== s.owner;
  });
  const alone = mentions.length === 0 && !all.some((x) => x !== s && x.value !== null && refersTo(x.value, name));
  return { ...source, alone };
}
