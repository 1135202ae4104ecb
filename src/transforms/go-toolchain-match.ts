import ignore from 'ignore';
import { contextAt, splitWords, type DockerfileDocument, type Stage, type TextEdit } from '../dockerfile/index.js';
import { bindMountsContext, copyArgs } from '../go/copies.js';
import { compareGoVersions } from '../go/gomod.js';
import {
  bumpedVersion,
  editResolved,
  isPrerelease,
  isStableVariant,
  joined,
  minorOf,
  parseTag,
  pinVersion,
  refersToVar,
  resolve,
  satisfies,
  variantFallback,
  type Piece,
} from '../go/golang-image.js';
import { isGolangImage, parseImageRef, shortName } from '../go/images.js';
import type { GoProject } from '../go/project.js';
import { driverRuns, goStages } from '../go/stages.js';
import { defineTransform, type FixSafety, type Problem } from './transform.js';

interface ToolchainProblem extends Problem {
  edit: TextEdit | null;
  /** The stage whose FROM it is about, and the pieces its image was resolved from. */
  stage: Stage;
  pieces: Piece[];
}

// ---------------------------------------------------------------------------------------------
// The Go version the build needs.

interface Requirement {
  version: string;
  /** For messages: "go.mod's `go 1.23.4`". */
  label: string;
}

function maxRequirement(list: Array<Requirement | null>): Requirement | null {
  let best: Requirement | null = null;
  for (const r of list) if (r && (best === null || compareGoVersions(r.version, best.version) > 0)) best = r;
  return best;
}

/**
 * The `go` line the build must satisfy (for a workspace, the highest of go.work's and its members'),
 * and the `toolchain` line (go.work's in a workspace: members' toolchain lines are ignored there).
 */
function requirements(project: GoProject): { go: Requirement | null; toolchain: Requirement | null } {
  const goLine = (v: string | null | undefined, file: string): Requirement | null => (v ? { version: v, label: `${file}'s \`go ${v}\`` } : null);
  const toolchainLine = (v: string | null | undefined, file: string): Requirement | null => (v ? { version: v, label: `${file}'s \`toolchain go${v}\`` } : null);
  if (project.goWork && workspaceSeen(project)) {
    return {
      go: maxRequirement([goLine(project.goWork.go, 'go.work'), ...project.members.map((m) => goLine(m.goMod?.go, m.dir === '.' ? 'go.mod' : `${m.dir}/go.mod`))]),
      toolchain: toolchainLine(project.goWork?.toolchain, 'go.work'),
    };
  }
  return { go: goLine(project.goMod?.go, 'go.mod'), toolchain: toolchainLine(project.goMod?.toolchain, 'go.mod') };
}

// ---------------------------------------------------------------------------------------------
// Which stages it concerns, and how the go command will pick its toolchain there.

/** The stage and every stage built FROM it (directly or through other stages). */
function family(doc: DockerfileDocument, root: Stage): Stage[] {
  const rootOf = (s: Stage): Stage => {
    let x = s;
    while (x.baseStage !== null) x = doc.stages[x.baseStage] as Stage;
    return x;
  };
  return doc.stages.filter((s) => rootOf(s) === root);
}

/**
 * The project's go.mod only matters where the build context (the module) is brought in: a COPY/ADD
 * or bind mount from the context, or a `COPY --from=<stage>` of a stage that has it. ONBUILD
 * triggers run in other builds, not this one.
 */
function bringsContext(doc: DockerfileDocument, stages: Stage[], seen = new Set<Stage>()): boolean {
  for (const s of stages) seen.add(s);
  const stageNamed = (name: string): Stage | undefined => doc.stages.find((x) => x.name === name.toLowerCase() || String(x.index) === name);
  return stages.some((s) =>
    s.instructions.some((i) => {
      if (i.keyword === 'RUN') return bindMountsContext(i).length > 0;
      const copy = copyArgs(doc, i);
      if (!copy) return false;
      if (copy.fromContext) return true;
      const from = i.flags.find((f) => f.name === 'from')?.value;
      const source = from ? stageNamed(from) : undefined;
      if (!source || seen.has(source)) return false;
      const chain: Stage[] = [];
      for (let x: Stage | null = source; x !== null; x = x.baseStage === null ? null : (doc.stages[x.baseStage] as Stage)) chain.push(x);
      return bringsContext(doc, chain, seen);
    }),
  );
}

/**
 * Whether a stage runs the go command: a RUN with a go command (not an ONBUILD trigger, which runs in
 * another build), a RUN of a build driver or script (make, goreleaser, ./build.sh), or a CMD or
 * ENTRYPOINT that runs go when the container starts (`CMD ["go", "run", "."]`).
 */
function runsGo(doc: DockerfileDocument, stage: Stage): boolean {
  if (goStages(doc).some((g) => g.stage === stage && g.runs.some((r) => r.owner.trigger === null))) return true;
  if (driverRuns(doc).some((d) => d.stage === stage && d.owner.trigger === null)) return true;
  return stage.instructions.some((i) => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && GO_AT_START.test(i.logical.text.slice(i.argsIndex)));
}

/** `go run`, `go test`, ... at the start of a command, in exec form, shell form or an `sh -c` script. */
const GO_AT_START = /(^|[\s"'\[,;&|(])(\/[\w./-]*\/)?go["']?[\s,]+["']?(run|build|test|generate|vet|install|get|mod|work|tool|list)\b/;

/** A go.work the build never sees (listed in .dockerignore) does not count. */
function workspaceSeen(project: GoProject): boolean {
  return project.goWork !== null && !(project.dockerignore && ignore().add(project.dockerignore.content).ignores('go.work'));
}

type ToolchainMode = 'local' | 'switch' | 'pinned';

/**
 * How `go` chooses a toolchain in these stages. The golang images set `GOTOOLCHAIN=local` (go
 * refuses to build a module that needs a newer Go); `auto`/`local+auto`, or an empty value (go's
 * own default, auto), let it download one; `go1.23.4` names one explicitly: not this rule's business.
 */
function toolchainMode(doc: DockerfileDocument, stages: Stage[]): ToolchainMode {
  const values: Array<string | null | undefined> = [];
  const runs = goStages(doc).filter((g) => stages.includes(g.stage));
  for (const { stage, runs: goRuns } of runs) {
    for (const { owner, invocations, heredocInvocations } of goRuns) {
      const stageValue = contextAt(doc, stage, owner).vars.get('GOTOOLCHAIN');
      for (const go of [...invocations, ...heredocInvocations]) values.push(go.env.has('GOTOOLCHAIN') ? go.env.get('GOTOOLCHAIN') : stageValue);
    }
  }
  if (values.length === 0) for (const s of stages) values.push(contextAt(doc, s, null).vars.get('GOTOOLCHAIN'));
  let mode: ToolchainMode = 'local';
  for (const v of values) {
    if (v === undefined || v === null) continue;
    if (/^go\d/.test(v) && !v.includes('+')) return 'pinned';
    if (v === '' || v === 'auto' || v.endsWith('+auto')) mode = 'switch';
  }
  return mode;
}

// ---------------------------------------------------------------------------------------------

export default defineTransform<ToolchainProblem>({
  id: 'go-toolchain-match',
  title: 'The golang builder image is at least the Go version go.mod requires',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'Compares the tag of each `golang` builder image (any variant or registry path, `${ARG}`s resolved from global ARG defaults) with the go.mod `go` line (for a go.work workspace, the highest of go.work and its members). When the build lets go switch toolchains (`GOTOOLCHAIN=auto`, Go 1.21 and later), the `toolchain` line counts too, and the message names what auto mode would download (the newer of the toolchain line and the go line; `go 1.23` means go1.23.0). An older image gets its tag (or the ARG default it comes from) bumped, keeping the variant suffix and the tag\'s precision: a minor tag (`1.21`) moves to the required minor (`1.23`, which floats to the newest 1.23.x), a patch tag (`1.21.5`) to the exact required version (`1.23.4`). Separately, a builder on `golang:latest`, an untagged `golang`, a variant-only tag (`golang:alpine`) or a major-only tag (`golang:1`) gets an info finding suggesting a pinned tag: the newest Go release this tool knows of, or go.mod\'s version when that is newer; never the release the go line names, which is only a minimum and may be long unsupported (`go 1.14`). Only stages that run go (a RUN with a go command, a build driver or script such as make, or a CMD/ENTRYPOINT that runs go) and bring in the build context (COPY/ADD from it, a bind mount, or `COPY --from` a stage that has it) are checked, since go.mod only applies there: a golang image used as the runtime stage that only copies a binary in is left alone; a go.work listed in .dockerignore does not count.',
    why:
      'The official golang images (Go 1.21 and later) set `GOTOOLCHAIN=local`, so an image older than the `go` line fails the build ("go.mod requires go >= 1.23.4"). Before Go 1.21 there was no GOTOOLCHAIN and the go line was advisory: the go command builds anyway and fails on newer language or library features, except that Go 1.19.13+ and 1.20.8+ refuse go lines of 1.22 and later (go.dev/doc/toolchain). Where `GOTOOLCHAIN=auto` is set, the go command instead downloads the newer toolchain from the module proxy at build time: one more network fetch that hangs behind a firewall or a blocked proxy, on every build without a cache. A floating tag gives a different Go on each pull, which is how a build that worked yesterday stops working.',
    before: '# go.mod: go 1.23.4\nFROM golang:1.21-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n',
    after: '# go.mod: go 1.23.4\nFROM golang:1.23-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n',
    fixSafety:
      'Safe for Docker Hub\'s golang with no variant or the plain `-alpine` variant: the go command would have had to use (or fail without) that newer toolchain anyway, and those tags exist for every release. No fix when the tag has an OS-versioned variant (`-alpine3.18`, `-bookworm`, `-windowsservercore-ltsc2022`): newer Go releases may not be published with it, so the message names the tag to use if it is and the one that always is (`-alpine`, or the default Debian variant) instead of writing a tag that may not exist. Unsafe when the image comes from a mirror registry that may not carry the tag, when go.mod requires a pre-release, or when the version sits in a global ARG that is also used elsewhere: another FROM (another image, or a golang FROM this rule would not bump the same way), a global ARG built from it that such a FROM uses, or a stage that re-declares it (its RUNs, LABELs and scripts then see the new value); the message names those lines. No fix when the image is pinned by digest (a new digest cannot be looked up offline: bump the tag and digest together), when the version is split across the FROM line and an ARG, or when a quoted value would change meaning unquoted. Pinning a floating tag is unsafe: it can move the build to an older Go than `latest` gives today (declined for OS-versioned variants, as above). With `GOTOOLCHAIN=go1.x.y` set explicitly on a Go 1.21+ image, or no go.mod known, there is no finding; an older image ignores GOTOOLCHAIN and is judged by the go line. A `--build-arg` override at build time is out of sight: the ARG default is what gets checked.',
  },
  check({ doc, project }) {
    if (project === null) return [];
    const { go: goLine, toolchain: toolchainLine } = requirements(project);
    if (goLine === null && toolchainLine === null) return [];
    const problems: ToolchainProblem[] = [];
    for (const stage of doc.stages) {
      if (stage.baseStage !== null) continue;
      const pieces = resolve(doc, stage.image, { kind: 'from', stage, template: stage.image }, stage.from.index);
      if (pieces === null) continue;
      const image = joined(pieces);
      if (!isGolangImage(image)) continue;
      const stages = family(doc, stage);
      // A golang image that runs no Go (a runtime stage that only copies a binary in) needs no
      // particular version: the build stage's image is what matters.
      if (!stages.some((s) => runsGo(doc, s)) || !bringsContext(doc, stages)) continue;
      const ref = parseImageRef(image);
      const tag = parseTag(ref.tag);
      if (tag === null) continue;
      // GOTOOLCHAIN (and the go line as a minimum) came with Go 1.21: older go commands ignore it and
      // only the go line counts. A floating tag is today's newest Go. The bump aims at what the new
      // image needs: with GOTOOLCHAIN=auto, the toolchain line too (else it would download it).
      const modern = tag.version === null || compareGoVersions(tag.version, '1.21') >= 0;
      const mode = toolchainMode(doc, stages);
      if (modern && mode === 'pinned') continue;
      const target = mode === 'switch' ? maxRequirement([goLine, toolchainLine]) : goLine;
      const required = modern ? target : goLine;
      if (required === null || target === null) continue;

      // Offsets of the repository's end and the tag within the resolved reference.
      const repoEnd = ref.repository.length;
      const tagStart = ref.tag === null ? repoEnd : repoEnd + 1;
      const tagEnd = ref.tag === null ? repoEnd : tagStart + ref.tag.length;
      const official = shortName(ref.repository) === 'golang';
      const shown = ref.digest === null ? image : image.slice(0, image.indexOf('@'));
      const fromArg = pieces.some((p) => p.owner?.kind === 'arg') ? ` (from ARG ${pieces.filter((p) => p.owner?.kind === 'arg').map((p) => (p.owner as { name: string }).name).join(', ')})` : '';
      // An OS-versioned variant (`-alpine3.18`, `-bookworm`, `-windowsservercore-ltsc2022`) is not
      // published for every Go release: a tag is named, never written.
      const stable = isStableVariant(tag.variant);
      const instead = (version: string): string => {
        const fallback = variantFallback(tag.variant);
        return fallback !== null
          ? `${ref.repository}:${version}${fallback}`
          : `another ${/windowsservercore|nanoserver/.test(tag.variant) ? 'Windows ' : ''}variant of ${ref.repository}:${version}`;
      };

      if (tag.version === null) {
        // A floating tag: report as info, suggest a pinned one. A digest pins it already.
        if (ref.digest !== null) continue;
        // The go line is a minimum: pin a current release that satisfies it, never the (possibly long
        // unsupported) release it names.
        const { version, newest } = pinVersion(required.version);
        const pinned = `${version}${tag.variant}`;
        const edit = !stable ? null : ref.tag === null ? editResolved(doc, pieces, repoEnd, repoEnd, `:${pinned}`) : editResolved(doc, pieces, tagStart, tagEnd, pinned);
        const suggestion = stable ? `${ref.repository}:${pinned}` : `${ref.repository}:${pinned} if it is published, else ${instead(version)}`;
        const why = newest ? `the newest Go release this tool knows of; ${required.label} is only the minimum` : required.label;
        problems.push({
          range: stage.imageRange,
          message: `${shown}${fromArg} gives whatever Go is newest when the image is pulled: pin a tag, e.g. ${suggestion} (${why})`,
          severity: 'info',
          fixSafety: edit === null ? null : 'unsafe',
          edit,
          stage,
          pieces,
        });
        continue;
      }

      if (satisfies(tag, required.version)) continue;
      const version = bumpedVersion(tag, target.version);
      const download = autoDownload(goLine, toolchainLine);
      const consequence = !modern
        ? oldGoConsequence(tag.version, tag.precision, required.version)
        : mode === 'switch'
          ? `with GOTOOLCHAIN=auto the go command downloads go${download} during the build, a fetch that hangs without network access`
          : `the go command refuses to build (GOTOOLCHAIN=local, the golang image's default) or, with GOTOOLCHAIN=auto, downloads go${download} during the build`;
      let note = '';
      if (ref.digest !== null) note = '; it is pinned by digest, so bump the tag and the digest together';
      else if (!stable) note = `; no fix, since an OS-versioned variant is not published for every Go release: use ${ref.repository}:${version}${tag.variant} if it is, else ${instead(version)}`;
      const edit = ref.digest !== null || !stable ? null : editResolved(doc, pieces, tagStart, tagStart + tag.version.length, version);
      const safety: FixSafety | null = edit === null ? null : official && !isPrerelease(target.version) ? 'safe' : 'unsafe';
      problems.push({
        range: stage.imageRange,
        message: `builder image ${shown}${fromArg} is older than ${required.label}: ${consequence}${note}`,
        fixSafety: safety,
        edit,
        stage,
        pieces,
      });
    }
    return problems.map((p) => withSharedArgs(doc, p, problems));
  },
  fix(_ctx, problem) {
    return problem.edit ? { edits: [problem.edit] } : null;
  },
});

/**
 * The toolchain `GOTOOLCHAIN=auto` switches to (cmd/go/internal/toolchain/select.go): the newer of
 * the toolchain line and the go line, where a go line without a patch (`go 1.23`, Go 1.21 and
 * later) means its first release, go1.23.0.
 */
function autoDownload(goLine: Requirement | null, toolchainLine: Requirement | null): string {
  const go = goLine === null ? null : /^\d+\.\d+$/.test(goLine.version) && compareGoVersions(goLine.version, '1.21') >= 0 ? `${goLine.version}.0` : goLine.version;
  const toolchain = toolchainLine !== null && /^\d/.test(toolchainLine.version) ? toolchainLine.version : null;
  if (go === null) return toolchain ?? '';
  return toolchain !== null && compareGoVersions(toolchain, go) > 0 ? toolchain : go;
}

/**
 * What a go command before 1.21 does with a newer go line (go.dev/doc/toolchain, "Go toolchains"):
 * the line was advisory (build anyway, fail on newer features); Go 1.19.13+ and 1.20.8+ refuse go
 * lines of 1.22 and later. None of them knows GOTOOLCHAIN. A minor tag floats to its newest patch.
 */
function oldGoConsequence(version: string, precision: 'exact' | 'minor' | 'floating', required: string): string {
  const from: Record<string, string> = { '1.19': '1.19.13', '1.20': '1.20.8' };
  const backport = from[minorOf(version)];
  const refuses = backport !== undefined && compareGoVersions(required, '1.22') >= 0 && (precision === 'minor' || compareGoVersions(version, backport) >= 0);
  return refuses
    ? `Go ${version} refuses a module whose go line is 1.22 or later, and it predates GOTOOLCHAIN (Go 1.21), so it cannot switch to a newer Go either: the build fails`
    : `Go ${version} predates the go line being a minimum and GOTOOLCHAIN (both Go 1.21): it builds anyway, and fails on any language or library feature newer than it`;
}

// ---------------------------------------------------------------------------------------------
// A version bumped in a global ARG changes everything else that ARG reaches.

/**
 * When the edit lands in a global ARG, every other use of that ARG changes with it: another FROM
 * (a golang FROM this rule would not bump the same way, or another image altogether), a global
 * ARG built from it that such a FROM uses, or a stage that re-declares it (its RUNs, LABELs, ...
 * then see the new value). Then the fix is unsafe, and the message says where.
 */
function withSharedArgs(doc: DockerfileDocument, problem: ToolchainProblem, all: ToolchainProblem[]): ToolchainProblem {
  const edit = problem.edit;
  if (edit === null) return problem;
  const piece = problem.pieces.find((p) => p.owner?.kind === 'arg' && p.owner.word.range.start <= edit.start && edit.end <= p.owner.word.range.end);
  if (!piece || piece.owner?.kind !== 'arg') return problem;
  const name = piece.owner.name;
  const sameEdit = new Set(all.filter((p) => p.edit !== null && p.edit.start === edit.start && p.edit.end === edit.end && p.edit.text === edit.text).map((p) => p.stage));

  // The ARG and the global ARGs whose values are built from it (they change with it).
  const names = new Set([name]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const arg of doc.globalArgs) {
      for (const w of splitWords(arg.logical, arg.argsIndex, doc.escape)) {
        const eq = w.value.indexOf('=');
        if (eq === -1) continue;
        const n = w.value.slice(0, eq);
        if (!names.has(n) && [...names].some((x) => refersToVar(w.value.slice(eq + 1), x))) {
          names.add(n);
          grew = true;
        }
      }
    }
  }
  // Named by their text, not their line: other rules' edits move lines between passes.
  const uses: string[] = [];
  for (const stage of doc.stages) {
    if (!sameEdit.has(stage) && [...names].some((n) => refersToVar(doc.source.slice(stage.from.range), n))) uses.push(`\`${doc.source.lineText(stage.from.startLine).trim()}\``);
    for (const i of stage.instructions) {
      if (i.keyword !== 'ARG' || i === stage.from) continue;
      // A bare `ARG NAME` in a stage takes the global value into that stage's build environment.
      const bare = splitWords(i.logical, i.argsIndex, doc.escape).filter((w) => names.has(w.value));
      for (const w of bare) uses.push(`\`ARG ${w.value}\` in ${stage.name !== null ? `stage "${stage.name}"` : `stage ${stage.index}`}`);
    }
  }
  if (uses.length === 0) return problem;
  const where = uses.join(', ');
  return { ...problem, fixSafety: 'unsafe', message: `${problem.message}; ARG ${name} is also used by ${where}, which the bump would change too` };
}
