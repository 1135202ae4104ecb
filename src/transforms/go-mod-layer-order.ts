import { posix } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import {
  commentsAbove,
  contextAt,
  expand,
  insertLinesBeforeComments,
  keywordLike,
  joinPath,
  parseMount,
  readAssignments,
  shellCommands,
  type DockerfileDocument,
  type Instruction,
  type ShellCommand,
  type Stage,
  type TextEdit,
} from '../dockerfile/index.js';
import { deleteInstructionWithComments } from '../dockerfile/tidy-delete.js';
import { bindMountsContext, copyArgs, isWholeContext, normalizeSource, type CopyArgs } from '../go/copies.js';
import { resolvesModules, usesVendor, type GoInvocation } from '../go/commands.js';
import { isWithin } from '../go/cache-mounts.js';
import { goEnvAt } from '../go/go-env.js';
import { type GoMod } from '../go/gomod.js';
import { moduleMode } from '../go/module-mode.js';
import type { GoProject } from '../go/project.js';
import { isGolangImage } from '../go/images.js';
import { resolvedRootImage } from '../go/root-image.js';
import { goStages, type GoRun } from '../go/stages.js';
import { defineTransform, type FixSafety, type Problem } from './transform.js';
import { globMatch } from './lib/glob.js';

interface LayerOrderProblem extends Problem {
  edits: TextEdit[] | null;
}

// ---------------------------------------------------------------------------------------------
// Names and commands that change what `go mod download` does.

/**
 * Go variables that change where or how `go mod download` fetches and verifies modules, or where it
 * puts them (GOCACHE, CGO_ENABLED, GOOS and other build-only settings do not). GODEBUG can change
 * DNS, TLS and HTTP behaviour; GOROOT and GOTOOLCHAIN which go runs at all.
 */
const DOWNLOAD_GO_VARS = new Set([
  'GOPROXY', 'GONOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GONOSUMCHECK', 'GOPRIVATE', 'GOINSECURE', 'GOVCS', 'GOAUTH',
  'GOWORK', 'GOMODCACHE', 'GOPATH', 'GOTOOLCHAIN', 'GO111MODULE', 'GOENV', 'GOROOT', 'GODEBUG',
]);

/** GOFLAGS flags `go mod download` reads: the rest (-trimpath, -ldflags, -tags, ...) only matter to builds. */
const MODULE_FLAGS = /(^|\s)-{1,2}(mod|modfile|modcacherw|insecure)(=|\s|$)/;

/**
 * ENV/ARG names that can change where or how modules are fetched (proxy, checksum database, auth,
 * paths, git, HTTP proxies, certificates). `value` (as written; null for a bare ARG) decides for
 * GOFLAGS: one we cannot read may hold anything.
 */
function affectsDownload(name: string, value: string | null): boolean {
  if (name === 'GOFLAGS') return value === null || value.includes('$') || MODULE_FLAGS.test(value);
  if (DOWNLOAD_GO_VARS.has(name)) return true;
  return /^(GIT|SSH)/.test(name) || /_PROXY$/i.test(name) || /^(HOME|PATH|NETRC|XDG_CONFIG_HOME|CURL_CA_BUNDLE|SSL_CERT_FILE|SSL_CERT_DIR)$/.test(name);
}

/** `NAME=value` (or a bare `NAME`) as affectsDownload reads it. */
function assignmentAffectsDownload(word: string): boolean {
  const eq = word.indexOf('=');
  return eq === -1 ? affectsDownload(word, null) : affectsDownload(word.slice(0, eq), word.slice(eq + 1));
}

const CREDENTIAL_FILE = /netrc|\.ssh|gitconfig|\.config\/go|\.git-credentials|ca-certificates|\.crt$|\.pem$/i;

/** Commands that may run before the go command without changing what it downloads. */
function harmless(command: ShellCommand): boolean {
  const [first, second] = command.argv.map((w) => w.value);
  if (first === undefined) return true;
  if (['cd', 'echo', 'ls', 'pwd', 'set', 'true', 'mkdir', 'printf', 'date', 'uname'].includes(first)) return true;
  if (first === 'export') return command.argv.slice(1).every((w) => !assignmentAffectsDownload(w.value));
  if (/(^|\/)go$/.test(first)) return second === 'version' || (second === 'env' && !command.argv.some((w) => w.value === '-w' || w.value === '-u'));
  return false;
}

const WRAPPERS = new Set(['sudo', 'env', 'exec', 'nice', 'nohup']);
const PACKAGE_MANAGERS = new Set(['apk', 'apt-get', 'apt', 'yum', 'dnf', 'microdnf', 'zypper', 'tdnf']);
/** Packages a module download may need: VCS tools for direct or private fetches, CA certificates. */
const DOWNLOAD_PACKAGES = /^(git|git-core|openssh|openssh-client|openssh-clients|mercurial|subversion|bzr|breezy|fossil|ca-certificates)([=~<>].*)?$/;

/**
 * What a shell command does that a module download may need done first, in words for a message
 * (never the command itself: it may hold a token); null for anything else.
 */
function downloadSetup(command: ShellCommand, sameRun: boolean): string | null {
  const argv = command.argv.map((w) => w.value);
  let k = 0;
  while (k < argv.length && WRAPPERS.has(argv[k] as string)) {
    k++;
    while (k < argv.length && ((argv[k] as string).startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[k] as string))) k++;
  }
  const [cmd, ...args] = argv.slice(k);
  if (cmd === undefined) return null;
  const base = cmd.split('/').pop() as string;
  if (base === 'git' && args.includes('config')) return 'configures git (`git config`)';
  if (base === 'go' && args[0] === 'env' && args.some((a) => a === '-w' || a === '-u')) return 'writes go env (`go env -w`)';
  if (['ssh-keyscan', 'ssh-add', 'ssh-agent'].includes(base)) return 'sets up SSH';
  if (base === 'update-ca-certificates') return 'installs certificates';
  if (PACKAGE_MANAGERS.has(base) && args.some((a) => DOWNLOAD_PACKAGES.test(a))) return 'installs git or certificates';
  // An `export` only lasts for the rest of its own RUN.
  if (sameRun && base === 'export' && args.some(assignmentAffectsDownload)) return 'exports a proxy or auth variable';
  if (command.words.some((w) => CREDENTIAL_FILE.test(w.value))) return 'writes credentials or certificates';
  return null;
}

/** What an instruction between the sources' COPY and the go command sets up for the download; null for nothing. */
function setupBetween(doc: DockerfileDocument, i: Instruction): string | null {
  if (i.keyword === 'ENV' || i.keyword === 'ARG') {
    const name = readAssignments(doc, i, i.keyword === 'ENV').find(([n, v]) => affectsDownload(n, v))?.[0];
    // Only the name: the value may be a token.
    return name === undefined ? null : `sets ${name}`;
  }
  const c = copyArgs(doc, i);
  if (c) return [...c.sources, c.dest].some((x) => CREDENTIAL_FILE.test(x)) ? 'copies a credential file' : null;
  if (i.keyword !== 'RUN') return null;
  if (i.flags.some((f) => f.name === 'mount' && f.value !== null && ['secret', 'ssh'].includes(parseMount(f.value).type ?? ''))) return 'uses a secret or SSH mount';
  for (const command of shellCommands(doc, i, true)) {
    const setup = downloadSetup(command, false);
    if (setup) return setup;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The go command that first needs the module's dependencies.

/** `go install pkg@version` / `go run pkg@version` / `go mod download mod@version` do not use the local module. */
function usesLocalModule(go: GoInvocation): boolean {
  if (['install', 'run', 'mod download'].includes(go.subcommand)) return !go.args.some((a) => !a.value.startsWith('-') && a.value.includes('@'));
  return true;
}

interface Resolving {
  run: GoRun;
  stage: Stage;
  go: GoInvocation;
}

// ---------------------------------------------------------------------------------------------
// COPY classification.

const METADATA = /^(go\.mod|go\.sum|go\.work|go\.work\.sum)$/;
const METADATA_GLOB = ['go.mod', 'go.sum', 'go.work', 'go.work.sum'];

/** Names a glob for module files must not match (it would bring sources too). */
const SOURCE_SAMPLES = ['main.go', 'a.go', 'cmd', 'internal', 'pkg', 'Makefile', 'README.md', 'Dockerfile', 'vendor'];

/** Whether a source only ever names module metadata files (`go.mod`, `go.sum*`, `go.*`, `*.sum`, `api/go.mod`). */
function isMetadata(source: string): boolean {
  const base = normalizeSource(source).split('/').pop() as string;
  if (METADATA.test(base)) return true;
  if (!/[*?[]/.test(base)) return false;
  return METADATA_GLOB.some((m) => globMatch(m, base)) && !SOURCE_SAMPLES.some((m) => globMatch(m, base));
}

/** Whether a source brings the root go.mod (`go.mod`, `go.*`, `*.mod`, `.`). */
function bringsGoMod(source: string): boolean {
  const n = normalizeSource(source);
  return isWholeContext(source) || (!n.includes('/') && globMatch('go.mod', n));
}

/** Whether a source brings a go.mod or go.work anywhere: enough for a download to have something to read. */
function bringsModuleFile(source: string): boolean {
  const base = normalizeSource(source).split('/').pop() as string;
  return isWholeContext(source) || ['go.mod', 'go.work'].some((m) => globMatch(m, base));
}

/** The module root (relative to the build context) a COPY brings in whole, or null when it brings none. */
function moduleBrought(copy: CopyArgs, project: GoProject | null): string | null {
  if (copy.sources.some(isWholeContext)) return '.';
  if (copy.sources.some(bringsGoMod) && !copy.sources.every(isMetadata)) return '.';
  if (project) {
    for (const s of copy.sources) {
      const n = normalizeSource(s);
      if (project.members.some((m) => m.dir === n && m.goMod !== null) && copy.sources.length === 1) return n;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// What to copy before the download.

interface CopyGroup {
  /** Context paths. */
  sources: string[];
  /** Directory relative to the module root in the image ('.' for the root). */
  dir: string;
}

type Plan = { groups: CopyGroup[] } | { declined: string };

const PLAIN_PATH = /^[A-Za-z0-9._\/@+-]+$/;

/** `rel` (a go.mod/go.work path) from `base`, keeping a leading `..` that leaves the context. */
function joinRel(base: string, rel: string): string {
  return posix.join(base, rel).replace(/\/+$/, '') || '.';
}

/** `inner` relative to `root`, both normalised context paths; null when outside it. */
function relativeTo(root: string, inner: string): string | null {
  if (root === '.') return inner.startsWith('..') ? null : inner;
  if (inner === root) return '.';
  return inner.startsWith(root + '/') ? inner.slice(root.length + 1) : null;
}

/**
 * A matcher for a .dockerignore content, built once per content: asked for every go.sum and
 * go.work of every document of every Dockerfile in the context. `ignores` is a pure question (the
 * matcher only memoises its answers). Bounded, since the contents come from users' files.
 */
const ignoreMatchers = new Map<string, Ignore>();

function ignoreMatcher(content: string): Ignore {
  let matcher = ignoreMatchers.get(content);
  if (matcher === undefined) {
    matcher = ignore().add(content);
    if (ignoreMatchers.size >= 256) ignoreMatchers.clear();
    ignoreMatchers.set(content, matcher);
  }
  return matcher;
}

function workspaceActive(project: GoProject, goworkOff: boolean): boolean {
  if (project.goWork === null || goworkOff) return false;
  if (project.dockerignore && ignoreMatcher(project.dockerignore.content).ignores('go.work')) return false;
  return true;
}

/**
 * go.sum as a COPY source: plain when the build context has it (and .dockerignore lets it through);
 * otherwise the glob `go.sum*`, which may match nothing (a module without dependencies has no
 * go.sum, and `COPY go.sum` of a missing file fails the build).
 */
function goSum(project: GoProject | null, dir: string, present: boolean | undefined): string {
  const path = dir === '.' ? 'go.sum' : `${dir}/go.sum`;
  const ignored = project?.dockerignore ? ignoreMatcher(project.dockerignore.content).ignores(path) : false;
  return present === true && !ignored ? 'go.sum' : 'go.sum*';
}

/**
 * The files `go mod download` needs, read from the real project: go.mod and go.sum, for a
 * workspace go.work (go.work.sum as a glob: whether it exists is not known) and every member's
 * go.mod/go.sum, and the go.mod of each local `replace` directory.
 */
function plan(project: GoProject | null, moduleRoot: string, goworkOff: boolean): Plan {
  if (project === null) return { groups: [{ sources: ['go.mod', 'go.sum*'], dir: '.' }] };
  const groups: CopyGroup[] = [];
  const dirs = new Set<string>();
  const add = (contextDir: string, files: string[]): string | null => {
    const dir = relativeTo(moduleRoot, contextDir);
    if (dir === null) return `${contextDir} is outside what the COPY brings in`;
    if (!PLAIN_PATH.test(contextDir)) return `${contextDir} needs quoting`;
    if (dirs.has(dir)) return null;
    dirs.add(dir);
    groups.push({ sources: files.map((f) => (contextDir === '.' ? f : `${contextDir}/${f}`)), dir });
    return null;
  };
  const replaces: Array<{ from: string; mod: GoMod | null; file: string }> = [];
  if (moduleRoot === '.' && workspaceActive(project, goworkOff)) {
    const root: string[] = ['go.work', 'go.work.sum*'];
    const rootMember = project.members.find((m) => m.dir === '.');
    if (rootMember) root.push('go.mod', goSum(project, '.', rootMember.hasGoSum));
    groups.push({ sources: root, dir: '.' });
    dirs.add('.');
    for (const m of project.members) {
      if (m.goMod === null) return { declined: `go.work member ${m.dir} has no go.mod` };
      if (m.dir !== '.') {
        const problem = add(m.dir, ['go.mod', goSum(project, m.dir, m.hasGoSum)]);
        if (problem) return { declined: problem };
      }
      replaces.push({ from: m.dir, mod: m.goMod, file: `${m.dir === '.' ? '' : m.dir + '/'}go.mod` });
    }
    for (const r of project.goWork?.localReplaces ?? []) replaces.push({ from: '.', mod: { localReplaces: [r] } as GoMod, file: 'go.work' });
  } else {
    const member = project.members.find((m) => m.dir === moduleRoot);
    const mod = moduleRoot === '.' ? project.goMod : member?.goMod ?? null;
    if (mod === null) return { declined: 'the module has no go.mod in the build context' };
    add(moduleRoot, ['go.mod', goSum(project, moduleRoot, moduleRoot === '.' ? project.hasGoSum : member?.hasGoSum)]);
    replaces.push({ from: moduleRoot, mod, file: moduleRoot === '.' ? 'go.mod' : `${moduleRoot}/go.mod` });
  }
  for (const { from, mod, file } of replaces) {
    for (const r of mod?.localReplaces ?? []) {
      if (r.dir.startsWith('/')) return { declined: `${file} replaces ${r.path} with the absolute path ${r.dir}` };
      const dir = joinRel(from, r.dir);
      if (dir.startsWith('..')) return { declined: `${file} replaces ${r.path} with ${r.dir}, outside the build context` };
      const problem = add(dir, ['go.mod']);
      if (problem) return { declined: `${file} replaces ${r.path} with ${r.dir}: ${problem}` };
    }
  }
  return { groups };
}

// ---------------------------------------------------------------------------------------------

export default defineTransform<LayerOrderProblem>({
  id: 'go-mod-layer-order',
  title: 'Module files are copied and downloaded before the sources, so the download layer stays cached',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'In a stage that runs go, finds a COPY/ADD that brings in the module\'s sources (`COPY . .`, `COPY . /src`, `COPY *`, a go.work member\'s directory, or go.mod listed together with source files) before the first go command that needs the dependencies (`go mod download`, `go build`, `go test`, ...), and inserts right before it a COPY of just the module files and `RUN go mod download`, in the directory the sources land in. With the build context known, the module files are read from it: `go.mod go.sum`; for a go.work workspace `go.work go.work.sum*` and each member\'s go.mod/go.sum in its own directory; and the go.mod of every local `replace` directory (go needs the replacement\'s go.mod to resolve the graph). go.sum is written as the glob `go.sum*` only where it may be missing (no go.sum in the context, one .dockerignore leaves out, or no context known): a glob may match nothing, while `COPY go.sum` of a missing file fails the build. A `--chown`/`--chmod` on the COPY is repeated. When the COPY\'s destination is not the WORKDIR (`COPY . /src` with WORKDIR /), the files go to `/src/` and the download runs as `RUN cd /src && go mod download`: a new WORKDIR would change where every later instruction runs. When the late command is a plain `RUN go mod download`, it is moved instead of duplicated (with its flags and arguments and the comment lines right above it; a blank line on each side of it becomes one); otherwise the late command is kept and simply finds the modules already there. `ssh`/`secret` mounts, a module-cache mount and `--network` of that command, and proxy/auth variables assigned on it, are repeated on the inserted download. The new lines go above the comment lines directly over the COPY, which usually describe it, and are written in the file\'s keyword case (`copy`/`run` in a lower-case file). Also reports a `go mod download` of the local module that runs where no go.mod was copied into the stage, before the sources or never: it fails with "go.mod file not found" (an error, fixed by copying the module files in right before it) when nothing else can have brought go.mod (the stage builds on the golang image, and nothing before it copies from another stage, image or URL, bind-mounts, or fetches or copies files in a RUN); otherwise it is a warning, and only when the sources are copied after it. Not reported: GOPATH mode (`GO111MODULE=off` in the stage, a stage it is built FROM or `go env -w`; golang images before modules, < 1.11; 1.11/1.12 inside $GOPATH/src without GO111MODULE=on), a stage that copies a downloaded module cache from another stage (`COPY --from=modules /go/pkg /go/pkg`), and go commands that do not use the local module (`go install tool@v1.2.3`). The cache mount on the new download comes from go-mod-cache-mount.',
    why:
      'Docker rebuilds a layer when any file it copies changes. With the sources copied first, every edit to any .go file invalidates the layer that downloads modules, so every build downloads every dependency again from the proxy: slow, and where proxy.golang.org is slow or unreachable, the build hangs there. Copying go.mod/go.sum first makes the download layer depend only on them.',
    before: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /out/app .\n',
    after: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .\n',
    fixSafety:
      'Safe when the module files are read from the build context and the early download sees what the late command saw: nothing between the COPY and that command switches USER or SHELL or runs other commands, and nothing runs before go in the same RUN but `cd`/`echo`-like commands; otherwise unsafe. No fix (reported with the reason) when something between the COPY and the go command, or before go in its RUN, sets up what the download may need, since the early download would run without it (failing, or sending private module paths to the public proxy): `git config`, `go env -w`, SSH setup (ssh-keyscan, ssh-agent), installing git/openssh/mercurial/ca-certificates, writing .netrc/.gitconfig/~/.ssh/certificates, a RUN with a secret or SSH mount, an ENV/ARG of a variable the download reads (GOPROXY, GONOPROXY, GOSUMDB, GONOSUMDB, GOPRIVATE, GOINSECURE, GOVCS, GOAUTH, GOWORK, GOMODCACHE, GOPATH, GOTOOLCHAIN, GO111MODULE, GOENV, GOROOT, GODEBUG, a GOFLAGS with -mod/-modfile/-modcacherw or one we cannot read, GIT_*/SSH_*, HTTP(S)_PROXY/NO_PROXY, HOME, PATH, NETRC, XDG_CONFIG_HOME, certificate paths; GOCACHE, GOOS, GOARCH, CGO_ENABLED and other build-only settings are fine), or a COPY of a credential file; moving that setup above the sources\' COPY makes the fix possible. Unsafe also when the build context is unknown or has no go.mod at its root (the plain `go.mod go.sum*` form is then a guess: a local `replace` or a go.work it cannot see would make the early download fail), and when the destination holds a variable that cannot be resolved. No fix (reported only) when a `replace` or go.work member points outside what the COPY brings in, when go.mod was already copied to another place, when paths would need quoting, or, without go.mod in sight, when the go command runs in another directory than the one the sources land in (the module is probably there). Vendored modules (vendor/modules.txt, `-mod=vendor`) are never reported: they need no download. A download with no go.mod before it gets the module files copied in right before it: safe when nothing else can have brought go.mod (the build fails without them), unsafe when something may have (a base image other than golang), no fix when the download runs in another directory than the WORKDIR (`cd`, `-C`) or the context is unknown.',
  },
  check({ doc, project: context }) {
    if (context?.vendored) return [];
    // A context without go.mod or go.work at its root (the Dockerfile's own directory, when no module
    // was found): the module is somewhere we cannot see, so treat it as unknown.
    const project = context && (context.goMod !== null || context.goWork !== null) ? context : null;
    const problems = new Map<number, LayerOrderProblem>();
    const all = goStages(doc);
    const runsByOwner = new Map<number, { run: GoRun; stage: Stage }>();
    for (const { stage, runs } of all) for (const r of runs) if (r.owner === r.run) runsByOwner.set(r.owner.index, { run: r, stage });

    for (const { stage: last } of all) {
      const chain: Stage[] = [];
      for (let s: Stage | null = last; s !== null; s = s.baseStage === null ? null : (doc.stages[s.baseStage] as Stage)) chain.unshift(s);
      // The chain's instructions in order, with the stage of each (parallel arrays: this runs for
      // every go stage of every document, and one small object per instruction adds up).
      const itemStages: Stage[] = [];
      const itemInstructions: Instruction[] = [];
      for (const s of chain) {
        for (const instruction of s.instructions) {
          itemStages.push(s);
          itemInstructions.push(instruction);
        }
      }

      // The first RUN whose go command needs the local module's dependencies.
      let resolving: Resolving | null = null;
      let position = -1;
      let modInit = false;
      for (let k = 0; k < itemInstructions.length && resolving === null; k++) {
        const stage = itemStages[k] as Stage;
        const instruction = itemInstructions[k] as Instruction;
        const entry = runsByOwner.get(instruction.index);
        if (!entry) continue;
        const env = goEnvAt(doc, stage, instruction);
        // Copied only when there are heredoc invocations to append (read-only here either way).
        const gos = entry.run.heredocInvocations.length === 0 ? entry.run.invocations : [...entry.run.invocations, ...entry.run.heredocInvocations];
        for (const go of gos) {
          if (go.subcommand === 'mod init') modInit = true;
          if (modInit || !resolvesModules(go) || !usesLocalModule(go) || usesVendor(go, env.goflags)) continue;
          resolving = { run: entry.run, stage, go };
          position = k;
          break;
        }
      }
      if (resolving === null || modInit) continue;
      // GOPATH mode (GO111MODULE=off, Go before 1.11, 1.11/1.12 in GOPATH/src): no modules to download.
      if (!moduleMode(doc, resolving.stage, resolving.run.owner, resolving.go).modules) continue;
      const gomodcache = goEnvAt(doc, resolving.stage, resolving.run.owner).gomodcache.path;

      // Copies before it: module metadata only, or the module itself.
      let trigger: { copy: CopyArgs; stage: Stage; moduleRoot: string; k: number } | null = null;
      let metadataCopy: { copy: CopyArgs; stage: Stage } | null = null;
      let goModSeen = bindMountsContext(resolving.run.run).some((b) => bringsModuleFile(b.source));
      let modulesCopied = false;
      for (let k = 0; k < position; k++) {
        const stage = itemStages[k] as Stage;
        const instruction = itemInstructions[k] as Instruction;
        const copy = copyArgs(doc, instruction);
        if (!copy) continue;
        if (!copy.fromContext) {
          // go.mod from another stage or image counts as present (an early download there is fine),
          // and a module cache copied from a stage that downloaded it (`COPY --from=modules /go/pkg /go/pkg`) is the download.
          if (copy.sources.some(bringsModuleFile)) goModSeen = true;
          const at = contextAt(doc, stage, instruction);
          const dest = joinPath(at.workdir, expand(copy.dest, at.vars));
          if (!dest.includes('$') && (isWithin(gomodcache, dest) || isWithin(dest, gomodcache))) modulesCopied = true;
          continue;
        }
        const moduleRoot = moduleBrought(copy, project);
        if (moduleRoot !== null) {
          trigger = { copy, stage, moduleRoot, k };
          break;
        }
        if (copy.sources.every(isMetadata) && copy.sources.some(bringsModuleFile)) {
          if (copy.sources.some(bringsGoMod)) metadataCopy ??= { copy, stage };
          goModSeen = true;
        }
      }

      if (modulesCopied) continue;
      if (trigger === null) {
        if (!goModSeen && resolving.go.subcommand === 'mod download' && !problems.has(resolving.run.owner.index)) {
          const problem = missingGoMod(doc, project, itemInstructions.slice(0, position), itemInstructions.slice(position + 1), resolving);
          if (problem) problems.set(resolving.run.owner.index, problem);
        }
        continue;
      }
      if (problems.has(trigger.copy.instruction.index)) continue;
      const copyText = `${trigger.copy.instruction.keyword} ${[...trigger.copy.sources, trigger.copy.dest].join(' ')}`;
      const message = `\`${copyText}\` copies the sources before \`go ${resolving.go.subcommand}\` fetches the dependencies: any source change invalidates that layer, so every build downloads all modules again`;
      const { edits, safety, declined } = buildFix(doc, project, trigger, metadataCopy, resolving, itemInstructions.slice(trigger.k + 1, position));
      problems.set(trigger.copy.instruction.index, {
        range: trigger.copy.instruction.keywordRange,
        message: declined ? `${message}; no fix: ${declined}` : message,
        fixSafety: edits === null ? null : safety,
        edits,
      });
    }
    return [...problems.values()].sort((a, b) => a.range.start - b.range.start);
  },
  fix(_ctx, problem) {
    return problem.edits ? { edits: problem.edits } : null;
  },
});

/** The edits for one misplaced COPY, and how safe they are; `edits: null` declines (with a reason to show, when there is one). */
function buildFix(
  doc: DockerfileDocument,
  project: GoProject | null,
  trigger: { copy: CopyArgs; stage: Stage; moduleRoot: string },
  metadataCopy: { copy: CopyArgs; stage: Stage } | null,
  resolving: Resolving,
  between: Instruction[],
): { edits: TextEdit[] | null; safety: FixSafety; declined?: string } {
  const declined = { edits: null, safety: 'unsafe' as FixSafety };
  const copyShown = `\`${trigger.copy.instruction.keyword} ${[...trigger.copy.sources, trigger.copy.dest].join(' ')}\``;

  // The early download goes right before the sources' COPY, so it runs before everything between
  // that COPY and the go command. When one of those sets up what the download needs (git config,
  // .netrc, SSH, GOPRIVATE, git itself), the download would fail or leak private module paths to
  // the public proxy: no fix.
  for (const i of between) {
    const setup = setupBetween(doc, i);
    const which = i.keyword === 'COPY' || i.keyword === 'ADD' ? `a later ${i.keyword}` : `${/^[AEIOU]/.test(i.keyword) ? 'an' : 'a'} ${i.keyword} after the COPY`;
    if (setup) return { ...declined, declined: `${which} ${setup}, which the download may need: move it above ${copyShown}` };
  }
  const commands = shellCommands(doc, resolving.run.run, true);
  const goIndex = commands.findIndex((c) => c.range.start === resolving.go.command.range.start);
  for (const c of commands.slice(0, goIndex)) {
    const setup = downloadSetup(c, true);
    if (setup) return { ...declined, declined: `the same RUN ${setup} before go, which the download may need: move that to a RUN above ${copyShown}` };
  }

  let safe = project !== null;
  const copy = trigger.copy;
  const atCopy = contextAt(doc, trigger.stage, copy.instruction);
  const runVars = contextAt(doc, resolving.stage, resolving.run.owner);

  // Where the module lands, and how to name that place in the new lines.
  if (!PLAIN_PATH.test(copy.dest.replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, 'v'))) return declined;
  const destExpanded = joinPath(atCopy.workdir, expand(copy.dest, atCopy.vars));
  const destKnown = !destExpanded.includes('$');
  if (!destKnown) safe = false;
  const sameDir = destKnown && destExpanded === atCopy.workdir;
  const prefix = sameDir ? '' : copy.dest.endsWith('/') ? copy.dest : `${copy.dest}/`;

  const goworkOff = (resolving.go.env.get('GOWORK') ?? runVars.vars.get('GOWORK')) === 'off';
  const p = plan(project, trigger.moduleRoot, goworkOff);
  if ('declined' in p) return declined;

  // go.mod already copied to the module root: only what that copy lacks (replace targets, members)
  // and the download are missing. A go.work it did not copy, or a copy to another place: no fix.
  let groups = p.groups;
  if (metadataCopy) {
    const at = contextAt(doc, metadataCopy.stage, metadataCopy.copy.instruction);
    const metaDest = joinPath(at.workdir, expand(metadataCopy.copy.dest, at.vars));
    const copied = (file: string): boolean => metadataCopy.copy.sources.some((s) => globMatch(file, normalizeSource(s)));
    const root = groups.find((g) => g.dir === '.');
    if (metaDest !== destExpanded || (root && root.sources.some((f) => f.startsWith('go.work')) && !copied('go.work'))) return declined;
    groups = groups.filter((g) => g !== root);
  }

  // The early download must see what the late command saw (what sets the download up declined above).
  for (const i of between) {
    if (i.keyword === 'USER' || i.keyword === 'SHELL' || i.keyword === 'RUN') safe = false;
  }
  if (!commands.slice(0, goIndex).every(harmless)) safe = false;

  // Without go.mod in sight, the module root is a guess: the COPY's destination. A go command that
  // runs elsewhere (`cd server && go build`) suggests the module is in a subdirectory: no fix.
  if (project === null) {
    let cwd: string | null = runVars.workdir;
    for (const c of commands.slice(0, goIndex)) {
      const [cmd, dir] = c.argv.map((w) => w.value);
      if (cmd === 'cd') cwd = cwd === null || dir === undefined || dir.includes('$') ? null : joinPath(cwd, dir);
    }
    if (resolving.go.command.argv.some((w) => w.value === '-C')) cwd = null;
    if (cwd === null || !destKnown || cwd !== destExpanded) return declined;
  }

  const flags = copy.instruction.flags.filter((f) => f.name === 'chown' || f.name === 'chmod').map((f) => ` ${doc.source.slice(f.range)}`).join('');
  const lines = groups.map((g) => {
    const target = g.dir === '.' ? prefix || './' : `${prefix}${g.dir}/`;
    return `${keywordLike(doc, copy.instruction, 'COPY')}${flags} ${g.sources.join(' ')} ${target}`;
  });

  const run = resolving.run.run;
  const env = goEnvAt(doc, resolving.stage, resolving.run.owner);
  const cwdAtRun = runVars.workdir;
  const pure =
    resolving.go.subcommand === 'mod download' &&
    run.heredocs.length === 0 &&
    commands.length === 1 &&
    !resolving.go.command.argv.some((w) => w.value === '-C') &&
    sameDir &&
    cwdAtRun === destExpanded;
  const edits: TextEdit[] = [];
  if (pure) {
    // Move the late download (flags, env and arguments as written), with the comment lines right
    // above it, in front of the sources.
    edits.push(insertLinesBeforeComments(doc, copy.instruction, [...lines, ...commentsAbove(doc, run).lines, doc.source.slice(run.range)]));
    edits.push(deleteInstructionWithComments(doc, run));
  } else {
    const carried = run.flags
      .filter((f) => {
        if (f.name === 'network') return true;
        if (f.name !== 'mount' || f.value === null) return false;
        const m = parseMount(f.value);
        if (m.type === 'ssh' || m.type === 'secret') return true;
        return m.type === 'cache' && m.target !== null && isWithin(env.gomodcache.path, expand(m.target, runVars.vars));
      })
      .map((f) => `${doc.source.slice(f.range)} `)
      .join('');
    const assigned = resolving.go.command.assignments.filter((a) => assignmentAffectsDownload(a.value)).map((a) => `${a.raw} `).join('');
    const cd = sameDir ? '' : `cd ${prefix.replace(/\/+$/, '') || '/'} && `;
    edits.push(insertLinesBeforeComments(doc, copy.instruction, [...lines, `${keywordLike(doc, copy.instruction, 'RUN')} ${carried}${cd}${assigned}go mod download`]));
  }
  return { edits, safety: safe ? 'safe' : 'unsafe' };
}


/** Commands that may bring a go.mod into the image from somewhere we cannot see. */
const FETCHES = new Set(['git', 'curl', 'wget', 'svn', 'hg', 'tar', 'unzip', 'scp', 'rsync', 'gsutil', 'aws', 'gcloud', 'cp', 'mv', 'ln']);

/**
 * `go mod download` (of the local module) with no go.mod copied into the stage before it. It fails
 * ("go.mod file not found") unless go.mod arrived in a way we cannot see: a base image other than
 * golang, a COPY/ADD from another stage, image or URL, a bind mount, a RUN that fetches or copies
 * files (git clone, curl, cp). Then it is reported only when the sources (with go.mod) are copied
 * later, as a warning: the download there cannot have helped. The fix copies go.mod and go.sum (and
 * what else the module needs to resolve: go.work, replace targets) in right before the download,
 * when the context has them and the download runs in the WORKDIR.
 */
function missingGoMod(
  doc: DockerfileDocument,
  project: GoProject | null,
  before: Instruction[],
  after: Instruction[],
  resolving: Resolving,
): LayerOrderProblem | null {
  const run = resolving.run.run;
  const later = after.some((i) => {
    const c = copyArgs(doc, i);
    return c !== null && c.fromContext && moduleBrought(c, project) !== null;
  });
  const commands = shellCommands(doc, run, true);
  const goIndex = commands.findIndex((c) => c.range.start === resolving.go.command.range.start);
  const fetches = (c: ShellCommand): boolean => {
    const first = c.argv.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value) && !['sudo', 'env', 'exec'].includes(w.value));
    return first !== undefined && FETCHES.has(first.value.split('/').pop() as string);
  };
  const env = goEnvAt(doc, resolving.stage, resolving.run.owner);
  const vars = contextAt(doc, resolving.stage, resolving.run.owner).vars;
  const gowork = resolving.go.env.get('GOWORK') ?? vars.get('GOWORK');
  const certain =
    project !== null &&
    isGolangImage(resolvedRootImage(doc, resolving.stage)) &&
    !before.some((i) => {
      const c = copyArgs(doc, i);
      if (c !== null) return !c.fromContext;
      if (i.keyword === 'ADD') return true;
      if (i.keyword !== 'RUN') return false;
      return i.flags.some((f) => f.name === 'mount' && f.value !== null && parseMount(f.value).type === 'bind') || shellCommands(doc, i, true).some(fetches);
    }) &&
    !run.flags.some((f) => f.name === 'mount' && f.value !== null && parseMount(f.value).type === 'bind') &&
    !commands.slice(0, goIndex).some(fetches) &&
    !(env.goflags !== null && /-modfile/.test(env.goflags)) &&
    (gowork === undefined || gowork === null || gowork === '' || gowork === 'off');
  if (!certain && !later) return null;

  const fails = '("go: go.mod file not found in current directory or any parent directory"); copy go.mod and go.sum in before it';
  const message = !certain
    ? '`go mod download` runs before go.mod is copied into the stage: it fails or downloads nothing, and the build after the sources are copied downloads every module again'
    : later
      ? `\`go mod download\` runs before go.mod is copied into the stage: it fails ${fails}`
      : `\`go mod download\` runs where go.mod is never copied into the stage: it fails ${fails}`;

  // The fix: the module files, from the context, into the directory the download runs in.
  let edits: TextEdit[] | null = null;
  const cwd = contextAt(doc, resolving.stage, resolving.run.owner).workdir;
  const moves = commands.slice(0, goIndex).some((c) => c.argv[0]?.value === 'cd') || resolving.go.command.argv.some((w) => w.value === '-C' || w.value.startsWith('-C='));
  if (project !== null && !moves && !cwd.includes('$') && run.heredocs.length === 0) {
    const p = plan(project, '.', gowork === 'off');
    if (!('declined' in p)) {
      const copy = keywordLike(doc, resolving.run.owner, 'COPY');
      const lines = p.groups.map((g) => `${copy} ${g.sources.join(' ')} ${g.dir === '.' ? './' : `${g.dir}/`}`);
      edits = [insertLinesBeforeComments(doc, resolving.run.owner, lines)];
    }
  }
  return {
    range: run.keywordRange,
    severity: certain ? 'error' : 'warning',
    message,
    fixSafety: edits === null ? null : certain ? 'safe' : 'unsafe',
    edits,
  };
}
