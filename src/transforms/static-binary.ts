import {
  contextAt,
  expand,
  insertAt,
  joinPath,
  readAssignments,
  rootImage,
  type DockerfileDocument,
  type Instruction,
  type ShellCommand,
  type ShellWord,
  type Stage,
  type TextEdit,
} from '../dockerfile/index.js';
import type { GoInvocation } from '../go/commands.js';
import { copyArgs } from '../go/copies.js';
import { isGolangImage, isStaticRuntime, parseImageRef, shortName } from '../go/images.js';
import type { GoProject } from '../go/project.js';
import { goStages } from '../go/stages.js';
import { isPathWithin } from '../go/go-env.js';
import { globMatch } from './lib/glob.js';
import { ancestors, assignmentPoint, runsOf, type RunInfo } from './lib/runs.js';
import { defineTransform, type Problem } from './transform.js';

interface StaticProblem extends Problem {
  edit: TextEdit | null;
}

/** Global ARG defaults, to resolve `FROM ${BASE}` and `COPY --from=${BUILDER}`. */
function globalDefaults(doc: DockerfileDocument): Map<string, string | null> {
  const vars = new Map<string, string | null>();
  for (const arg of doc.globalArgs) for (const [name, value] of readAssignments(doc, arg, false)) vars.set(name, value);
  return vars;
}

function isAlpine(image: string): boolean {
  const ref = parseImageRef(image);
  return shortName(ref.repository) === 'alpine' || /alpine/.test(ref.tag ?? '');
}

/**
 * A runtime stage that cannot load a binary dynamically linked against glibc: no libc at all
 * (scratch, distroless static, chainguard static), or musl (alpine without gcompat/libc6-compat).
 */
function runtimeOf(doc: DockerfileDocument, stage: Stage, globals: Map<string, string | null>): { image: string; libc: 'none' | 'musl' } | null {
  const image = expand(rootImage(doc, stage), globals);
  if (isStaticRuntime(image) || /(^|\/)chainguard\/static$/.test(parseImageRef(image).repository)) return { image, libc: 'none' };
  if (!isAlpine(image)) return null;
  const chain = [...ancestors(doc, stage), stage];
  const compat = runsOf(doc).some((r) => chain.includes(r.stage) && /\b(gcompat|libc6-compat|glibc)\b/.test(doc.source.slice(r.run.range)));
  return compat ? null : { image, libc: 'musl' };
}

/** The stage a `COPY --from=` names (by name or index); null for an external image. */
function sourceStage(doc: DockerfileDocument, copy: Instruction, into: Stage, globals: Map<string, string | null>): Stage | null {
  const from = copy.flags.find((f) => f.name === 'from')?.value;
  if (!from) return null;
  const ref = expand(from, globals).toLowerCase();
  if (/^\d+$/.test(ref)) {
    const s = doc.stages[Number(ref)];
    return s && s.index < into.index ? s : null;
  }
  return doc.stages.find((s) => s.name === ref && s.index < into.index) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Which build writes the copied binary.

/** Flags of go build/install that take a separate value (`-o out`, `-tags x`); others are booleans. */
const VALUE_FLAGS = new Set(['o', 'p', 'asmflags', 'buildmode', 'compiler', 'gccgoflags', 'gcflags', 'installsuffix', 'ldflags', 'mod', 'modfile', 'overlay', 'pgo', 'pkgdir', 'tags', 'toolexec', 'covermode', 'coverpkg', 'debug-actiongraph', 'debug-deprecated-importcfg', 'debug-trace', 'C']);

/** `-o`'s value (undefined without one) and the package arguments, read the way Go's flag package does. */
function buildArgs(go: GoInvocation): { o: string | undefined; packages: string[] } {
  const args = go.args.map((a) => a.value);
  let o: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const value = eq !== -1 ? body.slice(eq + 1) : VALUE_FLAGS.has(name) ? args[++i] : undefined;
    if (name === 'o') o = value ?? '';
  }
  return { o, packages: args.slice(i) };
}

/** `v2`, `v10`: a major-version suffix, which Go skips when it names a binary (not `v1`, `v0`, `v01`). */
function isVersionElement(s: string): boolean {
  return /^v([2-9]|[1-9]\d+)$/.test(s);
}

/** Go's default binary name for an import path (`load.DefaultExecName`): its last element, skipping a major version. */
function defaultExecName(path: string): string | null {
  const parts = path.split('/').filter((p) => p !== '');
  let last = parts.pop();
  if (last !== undefined && isVersionElement(last) && parts.length > 0) last = parts.pop();
  return last === undefined || last === '.' || last === '..' || last.includes('$') ? null : last;
}

/** The binary names a go build or install of `packages` writes (`names`), whether they are all known, and whether it builds more than one package. */
interface Names {
  names: string[];
  complete: boolean;
  /** More than one package (several arguments): `go build` without -o then writes nothing. */
  several: boolean;
  /** A `...` pattern: zero, one or many binaries. */
  pattern: boolean;
}

function defaultNames(packages: string[], cwd: string | null, project: GoProject | null): Names {
  const pkgs = packages.length === 0 ? ['.'] : packages;
  // `go build ed.go rx.go` writes `ed`.
  if (pkgs.some((p) => p.endsWith('.go'))) {
    const first = (pkgs[0] as string).slice((pkgs[0] as string).lastIndexOf('/') + 1).replace(/\.go$/, '');
    return { names: first.includes('$') ? [] : [first], complete: !first.includes('$'), several: false, pattern: false };
  }
  const names: string[] = [];
  let complete = true;
  let pattern = false;
  for (const raw of pkgs) {
    const pkg = raw.replace(/@.*$/, '');
    if (pkg.includes('...') || pkg.includes('$')) {
      pattern ||= pkg.includes('...');
      complete = false;
      continue;
    }
    if (pkg.startsWith('.') || pkg.startsWith('/')) {
      // A directory: named after its import path, which ends like the directory, except at a
      // module root, which is named after the module path.
      const dir = cwd !== null ? joinPath(cwd, pkg) : pkg.startsWith('/') ? joinPath('/', pkg) : pkg;
      const name = defaultExecName(dir);
      if (name !== null) names.push(name);
      else complete = false;
      const atCwd = pkg.replace(/\/+$/, '') === '.' || pkg === './';
      if (atCwd) {
        const modules = [project?.goMod?.module, ...(project?.members ?? []).map((m) => m.goMod?.module)].filter((m): m is string => !!m);
        for (const m of modules) {
          const n = defaultExecName(m);
          if (n !== null) names.push(n);
        }
        if (modules.length === 0) complete = false;
      }
    } else {
      const name = defaultExecName(pkg);
      if (name !== null) names.push(name);
      else complete = false;
    }
  }
  return { names: [...new Set(names)], complete, several: pkgs.length > 1, pattern };
}

/**
 * A place a go build or install writes binaries: `names` in `dir` (null: a directory we cannot
 * resolve), `complete` when those are all the names it may write there, and `explicit` when the
 * directory was chosen for binaries (`-o dir/`, GOBIN, GOPATH/bin) rather than being the working
 * directory that also holds the sources.
 */
interface Written {
  dir: string | null;
  names: string[];
  complete: boolean;
  explicit: boolean;
}

function parent(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The directory a go command runs in: WORKDIR, followed through `cd <dir>` earlier in the RUN
 * (undone at the end of a `( ... )` subshell) and `go -C dir`; null when a change of directory
 * cannot be followed (a variable, `cd -`, pushd, a `cd` after `||` or inside `if`/`then`).
 */
function cwdOf(doc: DockerfileDocument, workdir: string, before: ShellCommand[], go: GoInvocation): string | null {
  let cwd: string | null = workdir;
  const saved: Array<string | null> = [];
  const seq = [...before, go.command];
  for (let k = 0; k < seq.length; k++) {
    const c = seq[k] as ShellCommand;
    if (k > 0) {
      // Operators between two commands: `(` opens a subshell, `)` closes it (the tokenizer keeps only the last operator).
      const gap = doc.source.text.slice((seq[k - 1] as ShellCommand).range.end, c.range.start).replace(/#[^\n]*/g, '');
      for (const ch of gap) {
        if (ch === '(') saved.push(cwd);
        else if (ch === ')') cwd = saved.length > 0 ? (saved.pop() as string | null) : workdir;
      }
    }
    if (k === seq.length - 1) break;
    const name = c.argv[0]?.value;
    if (name === 'pushd' || name === 'popd') cwd = null;
    if (name !== 'cd') continue;
    const target = c.argv[1]?.value;
    // `then cd x`, `! cd x`: reserved words before the command make it conditional.
    const plain = c.words.indexOf(c.argv[0] as ShellWord) === c.assignments.length;
    const unconditional = plain && c.before !== '||' && c.before !== '|' && c.after !== '|';
    const ok = target !== undefined && c.argv.length === 2 && !target.includes('$') && target !== '-' && !target.startsWith('~') && unconditional;
    cwd = ok && cwd !== null ? joinPath(cwd, target) : null;
  }
  const argv = go.command.argv.map((w) => w.value);
  const k = argv.findIndex((w) => w === '-C' || w.startsWith('-C='));
  if (k !== -1 && argv.indexOf(go.subcommandWord.value) > k) {
    const dir = argv[k] === '-C' ? argv[k + 1] : (argv[k] as string).slice(3);
    cwd = cwd === null || dir === undefined || dir.includes('$') ? null : joinPath(cwd, dir);
  }
  return cwd;
}

/** Where a `go build`/`go install` writes its binaries. */
function outputsOf(doc: DockerfileDocument, stage: Stage, owner: Instruction, go: GoInvocation, before: ShellCommand[], project: GoProject | null): Written[] {
  const ctx = contextAt(doc, stage, owner);
  const cwd = cwdOf(doc, ctx.workdir, before, go);
  const { o, packages } = buildArgs(go);
  const names = defaultNames(packages, cwd, project);
  const resolve = (value: string): string | null => {
    const v = expand(value, ctx.vars);
    if (v.includes('$')) return null;
    if (v.startsWith('/')) return joinPath('/', v);
    return cwd === null ? null : joinPath(cwd, v);
  };
  if (go.subcommand === 'install') {
    const variable = (name: string): string | undefined => go.env.get(name) ?? ctx.vars.get(name) ?? undefined;
    const gobin = variable('GOBIN');
    const gopath = variable('GOPATH');
    // Cross-compiled installs go to GOPATH/bin/GOOS_GOARCH.
    const cross = variable('GOOS') !== undefined || variable('GOARCH') !== undefined;
    const dir = gobin ? resolve(gobin) : cross ? null : gopath ? resolve(`${gopath.split(':')[0] as string}/bin`) : isGolangImage(rootImage(doc, stage)) ? '/go/bin' : null;
    return [{ dir, names: names.names, complete: names.complete, explicit: true }];
  }
  if (o === undefined) {
    // Several packages: compiled and discarded. One package (or a pattern matching one): into the working directory.
    if (names.several) return [];
    return [{ dir: cwd, names: names.names, complete: names.complete, explicit: false }];
  }
  const target = resolve(o);
  const literalName = base(expand(o, ctx.vars));
  const inDir: Written = { dir: target, names: names.names, complete: names.complete, explicit: true };
  // `-o dir/`, or several packages (then -o must name a directory).
  if (o.endsWith('/') || names.several || names.pattern) return [inDir];
  const file: Written =
    target === null
      ? { dir: null, names: literalName.includes('$') || literalName === '' ? [] : [literalName], complete: !literalName.includes('$'), explicit: true }
      : { dir: parent(target), names: [base(target)], complete: true, explicit: true };
  // `-o path` writes the file `path`, or into `path` when that is an existing directory.
  return [file, inDir];
}

/** Files that are never the binary (certificates, zoneinfo, passwd). */
const NOT_BINARIES = ['/etc', '/usr/share', '/usr/local/share', '/usr/lib/ssl'];


/**
 * How surely a COPY source (resolved from the stage root) is, or contains, a binary the build
 * writes: 3 it is one of its known output paths (or a directory holding them); 2 it is a file in
 * a directory chosen for binaries whose names we do not all know; 1 a guess (a binary of unknown
 * name in the working directory, a path we cannot resolve); 0 it is not.
 */
function certainty(source: string, out: Written): 0 | 1 | 2 | 3 {
  if (source.includes('$')) return 1;
  const src = joinPath('/', source);
  if (NOT_BINARIES.some((d) => isPathWithin(src, d))) return 0;
  if (out.names.length === 0 && out.complete) return 0;
  const unknownName = out.complete ? 0 : out.explicit ? 2 : 1;
  if (out.dir === null) return out.names.includes(base(src)) || !out.complete ? 1 : 0;
  const glob = src.search(/[*?[]/);
  if (glob === -1) {
    if (isPathWithin(out.dir, src)) return 3;
    if (parent(src) !== out.dir) return 0;
    return out.names.includes(base(src)) ? 3 : unknownName;
  }
  const globDir = src.slice(0, src.lastIndexOf('/', glob)) || '/';
  const pattern = src.slice(globDir.length + 1);
  // A wildcard in a directory part: only "somewhere under" the directory before it.
  if (pattern.includes('/')) return isPathWithin(out.dir, globDir) ? 1 : 0;
  if (out.dir !== globDir) return isPathWithin(out.dir, globDir) && globMatch(out.dir.slice(globDir.length + 1).split('/')[0] as string, pattern) ? 3 : 0;
  return out.names.some((n) => globMatch(n, pattern)) ? 3 : unknownName;
}

function flagValue(go: GoInvocation, name: string): string | null {
  const args = go.args.map((a) => a.value);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === name || a === `-${name}`) return args[i + 1] ?? null;
    if (a.startsWith(`${name}=`) || a.startsWith(`-${name}=`)) return a.slice(a.indexOf('=') + 1);
  }
  return null;
}

/** Flags that need cgo: disabling it would break the build. */
function needsCgo(go: GoInvocation): boolean {
  const mode = flagValue(go, '-buildmode');
  return go.args.some((a) => ['-race', '--race', '-msan', '-asan'].includes(a.value)) || (mode !== null && ['c-shared', 'c-archive', 'plugin'].includes(mode));
}

type Cgo = { state: 'off' } | { state: 'unknown' } | { state: 'explicit' } | { state: 'default'; why: string };

/** Whether the go command links with cgo, from its environment, its flags and what the builder image has. */
function cgoOf(doc: DockerfileDocument, stage: Stage, owner: Instruction, go: GoInvocation, exportedBefore: string | null): Cgo {
  const ctx = contextAt(doc, stage, owner);
  // Linked statically by the external linker: no libc needed at run time, cgo or not.
  const ldflags = flagValue(go, '-ldflags') ?? '';
  if (/-extldflags/.test(ldflags) && /-static\b/.test(ldflags)) return { state: 'off' };
  const setting = go.env.get('CGO_ENABLED') ?? exportedBefore ?? (ctx.vars.has('CGO_ENABLED') ? ctx.vars.get('CGO_ENABLED') ?? null : undefined);
  if (setting !== undefined) {
    // `ARG CGO_ENABLED` without a default: whoever builds passes it.
    if (setting === null) return { state: 'unknown' };
    const v = expand(setting, ctx.vars);
    if (v === '0') return { state: 'off' };
    if (v === '1') return { state: 'explicit' };
    return { state: 'unknown' };
  }
  // Go's own DNS resolver: net does not use cgo, so a program without C code links statically.
  const tags = (flagValue(go, '-tags') ?? '').split(/[\s,]+/);
  if (tags.includes('netgo')) return { state: 'off' };

  const chain = [...ancestors(doc, stage), stage];
  const runText = runsOf(doc)
    .filter((r) => !r.onbuild && chain.includes(r.stage) && (r.stage !== stage || r.owner.index <= owner.index))
    .map((r) => doc.source.slice(r.run.range))
    .join('\n');
  if (/go\s+env\s+-w\b[^\n]*\bCGO_ENABLED=0/.test(runText)) return { state: 'off' };

  const image = expand(rootImage(doc, stage), globalDefaults(doc));
  const ref = parseImageRef(image);
  if (isAlpine(image)) {
    // Since Go 1.20, cgo is off when no C compiler is on PATH, and the alpine images have none.
    const compiler = /\b(gcc|build-base|clang|musl-dev|g\+\+|alpine-sdk)\b/.test(runText) || ctx.vars.has('CC');
    const version = isGolangImage(image) ? /^(\d+)\.(\d+)/.exec(ref.tag ?? '') : null;
    const old = version !== null && (Number(version[1]) < 1 || (Number(version[1]) === 1 && Number(version[2]) < 20));
    if (!compiler && !old) return { state: 'off' };
    return { state: 'default', why: compiler ? 'the stage installs a C compiler' : `the default on ${image}` };
  }
  return { state: 'default', why: isGolangImage(image) ? `the default on ${image}, which has a C compiler` : 'the default where a C compiler is installed' };
}

/** A `go build`/`go install` of the document, with where it writes. */
interface Build {
  key: string;
  stage: Stage;
  owner: Instruction;
  info: RunInfo | undefined;
  go: GoInvocation;
  before: ShellCommand[];
  outputs: Written[];
}

function buildsOf(doc: DockerfileDocument, project: GoProject | null): Build[] {
  const builds: Build[] = [];
  for (const gs of goStages(doc)) {
    for (const goRun of gs.runs) {
      if (goRun.owner !== goRun.run) continue; // ONBUILD: runs in another build
      const info = runsOf(doc).find((r) => r.run === goRun.run);
      for (const go of [...goRun.invocations, ...goRun.heredocInvocations]) {
        if (go.subcommand !== 'build' && go.subcommand !== 'install') continue;
        const at = info ? info.commands.findIndex((c) => c.range.start === go.command.range.start && c.inHeredoc === go.command.inHeredoc) : -1;
        // A heredoc script starts in WORKDIR, whatever the command line did.
        const before = info && at > 0 ? info.commands.slice(0, at).filter((c) => c.inHeredoc === go.command.inHeredoc) : [];
        builds.push({
          key: `${goRun.run.index}:${go.command.range.start}`,
          stage: gs.stage,
          owner: goRun.owner,
          info,
          go,
          before,
          outputs: outputsOf(doc, gs.stage, goRun.owner, go, before, project),
        });
      }
    }
  }
  return builds;
}

/** The finding for a build whose binary ends up in a runtime without glibc; null when it links statically. `guess`: the COPY it may feed, when the match is not certain. */
function problemFor(doc: DockerfileDocument, b: Build, libc: 'none' | 'musl', targetLabel: string, guess: string | null): StaticProblem | null {
  const { go, info } = b;
  let exported: string | null = null;
  for (const c of b.before) {
    const words = c.argv[0]?.value === 'export' ? c.argv.slice(1) : c.argv.length === 0 ? c.assignments : [];
    for (const w of words) if (w.value.startsWith('CGO_ENABLED=')) exported = w.value.slice('CGO_ENABLED='.length);
  }
  const cgo = cgoOf(doc, b.stage, b.owner, go, exported);
  if (cgo.state === 'off' || cgo.state === 'unknown') return null;
  const point = assignmentPoint(go.command);
  const plainGo = go.command.argv[0] !== undefined && /(^|\/)go$/.test(go.command.argv[0].value);
  const fixable = guess === null && cgo.state === 'default' && !needsCgo(go) && !go.command.inHeredoc && !(info?.exec ?? true) && plainGo && point !== null;
  const what = `\`go ${go.subcommand}\``;
  const dest = guess === null ? `its binary is copied into ${targetLabel}` : `it may write the binary \`${guess}\` copies into ${targetLabel}`;
  const unsure = guess === null ? '' : ' (which go command wrote that file could not be told for sure)';
  const message =
    libc === 'none'
      ? cgo.state === 'explicit'
        ? `${what} runs with CGO_ENABLED=1 and ${dest}, which has no libc: link it statically (-ldflags '-extldflags "-static"') or use a runtime image with libc`
        : `${what} runs with cgo enabled (${cgo.why}) and ${dest}, which has no libc: a dynamically linked binary fails there with "no such file or directory"`
      : cgo.state === 'explicit'
        ? `${what} runs with CGO_ENABLED=1 against glibc and ${dest}, which has musl: build it on alpine, link it statically, or use a glibc runtime`
        : `${what} runs with cgo enabled (${cgo.why}) and links against glibc, but ${dest}, which has musl: it fails there with "no such file or directory"`;
  return {
    range: go.subcommandWord.range,
    message: message + unsure,
    ...(guess === null ? {} : { severity: 'info' as const }),
    ...(fixable ? {} : { fixSafety: null }),
    edit: fixable && point ? insertAt(point.range.start, 'CGO_ENABLED=0 ') : null,
  };
}

export default defineTransform<StaticProblem>({
  id: 'static-binary',
  title: 'Binaries copied into scratch, distroless/static or alpine runtimes are built with `CGO_ENABLED=0`',
  severity: 'warning',
  fixSafety: 'unsafe',
  docs: {
    what:
      'For each stage without libc (scratch, gcr.io/distroless/static*, cgr.dev/chainguard/static) or with musl instead of glibc (alpine, unless it installs gcompat/libc6-compat; only binaries from a non-alpine builder count), follows its `COPY --from=<stage>` (by name or index) to the `go build`/`go install` that writes the copied path, in that stage or a stage it is built on: the `-o` target, or Go\'s default name (the last element of the package path, of the module path for the module root, skipping a `/vN` suffix, or the first file of `go build a.go`) in the working directory (after `cd` and `go -C`) or, for `go install`, in GOBIN or GOPATH/bin. A build that writes something else (a warm-up `go build .`, `go build ./...`, which writes nothing) is not blamed; when no build can be told to write the copied path for sure (an unknown module path, an unresolved variable), the likeliest is reported as info without a fix. A build that runs with cgo is reported, and the fix puts `CGO_ENABLED=0 ` in front of the command. cgo counts as off with `CGO_ENABLED=0` inline, exported earlier in the RUN, from `ENV`/`ARG` (also inherited) or `go env -w`; with `-tags netgo` or `-ldflags \'-extldflags "-static"\'`; and on golang alpine images from Go 1.20 on, which have no C compiler (unless the stage installs gcc/build-base/clang).',
    why:
      'With cgo on (the default when a C compiler is installed, as in golang:1.x-bookworm), the net and os/user packages link against libc, so the binary needs glibc\'s dynamic loader. scratch and distroless/static have no libc and alpine has musl, and the container fails to start with the baffling "exec /app: no such file or directory".',
    before:
      'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    after:
      'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    fixSafety:
      'Unsafe: code that imports "C" (or a dependency such as go-sqlite3) no longer builds without cgo, and the pure-Go DNS resolver and user lookup replace libc\'s; this rule does not read the Go sources. Declined (reported only) when `CGO_ENABLED=1` is set on purpose (link statically or use a runtime with libc instead), when the build uses -race/-msan/-asan or a C build mode, in heredoc bodies and exec-form RUNs, and when the go command runs through a wrapper (`env -i`, `sudo`). Declined (info only) when which build wrote the copied file is a guess. Not followed: binaries passed through an intermediate stage, or built by make or a script. `ARG CGO_ENABLED` without a default is left to whoever passes it.',
  },
  check({ doc, project }) {
    const globals = globalDefaults(doc);
    const problems = new Map<string, StaticProblem & { sure: boolean }>();
    const builds = buildsOf(doc, project);
    for (const target of doc.stages) {
      const runtime = runtimeOf(doc, target, globals);
      if (runtime === null) continue;
      const targetLabel = `\`${runtime.image}\` (stage ${target.name ?? target.index})`;
      for (const copy of target.instructions) {
        const source = sourceStage(doc, copy, target, globals);
        const args = source ? copyArgs(doc, copy) : null;
        if (!source || !args) continue;
        const chain = [...ancestors(doc, source), source];
        // A binary built on alpine links musl, which an alpine runtime has.
        if (runtime.libc === 'musl' && isAlpine(expand(rootImage(doc, source), globals))) continue;
        const candidates = builds.filter((b) => chain.includes(b.stage));
        const vars = contextAt(doc, target, copy).vars;
        for (const raw of args.sources) {
          const path = expand(raw, vars);
          // Only the builds that most surely write the copied path; a build writing elsewhere (a
          // warm-up `go build .`, `go build ./...`) is not blamed for it. Decided before looking at
          // cgo, so that fixing the right build does not shift the blame onto another.
          const scores = candidates.map((b) => Math.max(0, ...b.outputs.map((o) => certainty(path, o))));
          const best = Math.max(0, ...scores);
          if (best === 0) continue;
          const sure = best >= 2;
          const from = copy.flags.find((f) => f.name === 'from')?.value ?? '';
          const copyLabel = `${copy.keyword} --from=${from} ${raw}`;
          candidates.forEach((b, i) => {
            if (scores[i] !== best) return;
            const known = problems.get(b.key);
            if (known && (known.sure || !sure)) return;
            const p = problemFor(doc, b, runtime.libc, targetLabel, sure ? null : copyLabel);
            if (p) problems.set(b.key, { ...p, sure });
          });
        }
      }
    }
    return [...problems.values()].map(({ sure: _sure, ...p }) => p);
  },
  fix(_ctx, problem) {
    return problem.edit ? { edits: [problem.edit] } : null;
  },
});
