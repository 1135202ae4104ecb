import {
  contextAt,
  expand,
  insertAt,
  joinPath,
  readAssignments,
  rootImage,
  type DockerfileDocument,
  type Instruction,
  type Stage,
  type TextEdit,
} from '../dockerfile/index.js';
import { isWithin } from '../go/cache-mounts.js';
import type { GoInvocation } from '../go/commands.js';
import { copyArgs } from '../go/copies.js';
import { isGolangImage, isStaticRuntime, parseImageRef, shortName } from '../go/images.js';
import { goStages } from '../go/stages.js';
import { ancestors, assignmentPoint, runsOf } from './lib/runs.js';
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

/** Where a `go build`/`go install` writes: a path (a file, or a directory of binaries) or null when it cannot be known. */
function outputOf(doc: DockerfileDocument, stage: Stage, owner: Instruction, go: GoInvocation, cdBefore: boolean): string | null {
  const ctx = contextAt(doc, stage, owner);
  const resolved = (value: string): string | null => {
    const v = expand(value, ctx.vars);
    if (v.includes('$')) return null;
    if (v.startsWith('/')) return joinPath('/', v);
    // A relative path after `cd` or with `go -C dir`: we do not follow the directory change.
    return cdBefore || go.command.argv.some((w) => w.value === '-C') ? null : joinPath(ctx.workdir, v);
  };
  if (go.subcommand === 'install') {
    const gobin = go.env.get('GOBIN') ?? ctx.vars.get('GOBIN');
    if (gobin) return resolved(gobin);
    const gopath = go.env.get('GOPATH') ?? ctx.vars.get('GOPATH');
    if (gopath) return resolved(`${gopath.split(':')[0] as string}/bin`);
    return isGolangImage(rootImage(doc, stage)) ? '/go/bin' : null;
  }
  const args = go.args.map((a) => a.value);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-o') return args[i + 1] === undefined ? null : resolved(args[i + 1] as string);
    if (a.startsWith('-o=')) return resolved(a.slice(3));
  }
  // No -o: the binary lands in the working directory, named after the package.
  return resolved('.');
}

/** Files that are never the binary (certificates, zoneinfo, passwd). */
const NOT_BINARIES = ['/etc', '/usr/share', '/usr/local/share', '/usr/lib/ssl'];

/** Whether a COPY source (resolved from the stage root) could be, or contain, what was written to `output`. */
function copies(source: string, output: string | null): boolean {
  if (source.includes('$') || output === null) return true;
  let src = joinPath('/', source);
  if (NOT_BINARIES.some((d) => isWithin(src, d))) return false;
  // A glob: compare the directory part before the first wildcard.
  const glob = src.search(/[*?[]/);
  if (glob !== -1) src = src.slice(0, src.lastIndexOf('/', glob)) || '/';
  return isWithin(output, src) || isWithin(src, output);
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

export default defineTransform<StaticProblem>({
  id: 'static-binary',
  title: 'Binaries copied into scratch, distroless/static or alpine runtimes are built with `CGO_ENABLED=0`',
  severity: 'warning',
  fixSafety: 'unsafe',
  docs: {
    what:
      'For each stage without libc (scratch, gcr.io/distroless/static*, cgr.dev/chainguard/static) or with musl instead of glibc (alpine, unless it installs gcompat/libc6-compat; only binaries from a non-alpine builder count), follows its `COPY --from=<stage>` (by name or index) to the `go build`/`go install` whose output it copies (matching `-o`, the working directory, GOBIN or GOPATH/bin) in that stage or a stage it is built on. A build that runs with cgo is reported, and the fix puts `CGO_ENABLED=0 ` in front of the command. cgo counts as off with `CGO_ENABLED=0` inline, exported earlier in the RUN, from `ENV`/`ARG` (also inherited) or `go env -w`; with `-tags netgo` or `-ldflags \'-extldflags "-static"\'`; and on golang alpine images from Go 1.20 on, which have no C compiler (unless the stage installs gcc/build-base/clang).',
    why:
      'With cgo on (the default when a C compiler is installed, as in golang:1.x-bookworm), the net and os/user packages link against libc, so the binary needs glibc\'s dynamic loader. scratch and distroless/static have no libc and alpine has musl, and the container fails to start with the baffling "exec /app: no such file or directory".',
    before:
      'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    after:
      'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    fixSafety:
      'Unsafe: code that imports "C" (or a dependency such as go-sqlite3) no longer builds without cgo, and the pure-Go DNS resolver and user lookup replace libc\'s; this rule does not read the Go sources. Declined (reported only) when `CGO_ENABLED=1` is set on purpose (link statically or use a runtime with libc instead), when the build uses -race/-msan/-asan or a C build mode, in heredoc bodies and exec-form RUNs, and when the go command runs through a wrapper (`env -i`, `sudo`). Not followed: binaries passed through an intermediate stage, or built by make or a script. `ARG CGO_ENABLED` without a default is left to whoever passes it.',
  },
  check({ doc }) {
    const globals = globalDefaults(doc);
    const problems = new Map<string, StaticProblem>();
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
        for (const gs of goStages(doc)) {
          if (!chain.includes(gs.stage)) continue;
          for (const goRun of gs.runs) {
            if (goRun.owner !== goRun.run) continue; // ONBUILD: runs in another build
            const info = runsOf(doc).find((r) => r.run === goRun.run);
            for (const go of [...goRun.invocations, ...goRun.heredocInvocations]) {
              if (go.subcommand !== 'build' && go.subcommand !== 'install') continue;
              const key = `${goRun.run.index}:${go.command.range.start}`;
              if (problems.has(key)) continue;
              const at = info ? info.commands.findIndex((c) => c.range.start === go.command.range.start && c.inHeredoc === go.command.inHeredoc) : -1;
              const before = info && at > 0 ? info.commands.slice(0, at) : [];
              const cdBefore = before.some((c) => c.argv[0]?.value === 'cd' || c.argv[0]?.value === 'pushd');
              let exported: string | null = null;
              for (const c of before) {
                const words = c.argv[0]?.value === 'export' ? c.argv.slice(1) : c.argv.length === 0 ? c.assignments : [];
                for (const w of words) if (w.value.startsWith('CGO_ENABLED=')) exported = w.value.slice('CGO_ENABLED='.length);
              }
              const output = outputOf(doc, gs.stage, goRun.owner, go, cdBefore);
              if (!args.sources.some((s) => copies(s, output))) continue;
              const cgo = cgoOf(doc, gs.stage, goRun.owner, go, exported);
              if (cgo.state === 'off' || cgo.state === 'unknown') continue;
              const point = assignmentPoint(go.command);
              const plainGo = go.command.argv[0] !== undefined && /(^|\/)go$/.test(go.command.argv[0].value);
              const fixable = cgo.state === 'default' && !needsCgo(go) && !go.command.inHeredoc && !(info?.exec ?? true) && plainGo && point !== null;
              const what = `\`go ${go.subcommand}\``;
              problems.set(key, {
                range: go.subcommandWord.range,
                message:
                  runtime.libc === 'none'
                    ? cgo.state === 'explicit'
                      ? `${what} runs with CGO_ENABLED=1 and its binary is copied into ${targetLabel}, which has no libc: link it statically (-ldflags '-extldflags "-static"') or use a runtime image with libc`
                      : `${what} runs with cgo enabled (${cgo.why}) and its binary is copied into ${targetLabel}, which has no libc: a dynamically linked binary fails there with "no such file or directory"`
                    : cgo.state === 'explicit'
                      ? `${what} runs with CGO_ENABLED=1 against glibc and its binary is copied into ${targetLabel}, which has musl: build it on alpine, link it statically, or use a glibc runtime`
                      : `${what} runs with cgo enabled (${cgo.why}) and links against glibc, but its binary is copied into ${targetLabel}, which has musl: it fails there with "no such file or directory"`,
                ...(fixable ? {} : { fixSafety: null }),
                edit: fixable && point ? insertAt(point.range.start, 'CGO_ENABLED=0 ') : null,
              });
            }
          }
        }
      }
    }
    return [...problems.values()];
  },
  fix(_ctx, problem) {
    return problem.edit ? { edits: [problem.edit] } : null;
  },
});
