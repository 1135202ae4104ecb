import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { compareGoVersions, type GoMod } from '../go/gomod.js';
import { readGoProject, readTextFile, type GoProject } from '../go/project.js';
import { analyzeGoFile, type GoFileFacts } from './go-source.js';
import { SAFE_PATH } from './validate.js';

/** A Go module whose sources are in the build context: the root module, a go.work member, or a local replace target. */
export interface LocalModule {
  /** Module path from its go.mod. */
  path: string;
  /** Directory relative to the context, posix-style, `.` for the root. */
  dir: string;
  hasGoSum: boolean;
  /** A go.work member or the root module (its packages can be built); false for replace targets. */
  buildable: boolean;
}

export interface MainPackage {
  /** Directory relative to the context, posix-style (`.`, `cmd/api`). */
  dir: string;
  /** What `go build` is given: `.` or `./cmd/api`. */
  buildPath: string;
  importPath: string;
  /** Default binary name. */
  name: string;
}

/** The files copied before the sources, grouped by directory (one COPY each). */
export interface ModuleFileGroup {
  /** Directory relative to the context, posix-style, `.` for the root. */
  dir: string;
  /**
   * File paths relative to the context. A name ending in `*` (`go.sum*`, `go.work.sum*`) is a glob
   * for a checksum file that does not exist yet: Go writes it with the first dependency, and the
   * COPY must then bring it into the download layer (a glob may match nothing, a plain name may not).
   */
  files: string[];
}

export interface LocalReplace {
  /** The module path being replaced. */
  path: string;
  /** The target relative to the context, posix-style; null when it is outside the context. */
  dir: string | null;
  /** As written in go.mod/go.work. */
  written: string;
  /** The go.mod or go.work that declares it, relative to the context. */
  from: string;
}

export interface Detection {
  dir: string;
  project: GoProject;
  /** Root module path, or null for a workspace without a root module. */
  module: string | null;
  /** The highest `go` line among the go.work and local modules: the image must be at least this. */
  minGoVersion: string | null;
  /** The Go version to default to: the highest `go`/`toolchain` line, as major.minor (the image tag floats to the newest patch). */
  suggestedGoVersion: string | null;
  modules: LocalModule[];
  moduleFiles: ModuleFileGroup[];
  localReplaces: LocalReplace[];
  vendored: boolean;
  mains: MainPackage[];
  /** `package main` directories that cannot be named in a Dockerfile safely, with why. */
  skippedMains: Array<{ dir: string; reason: string }>;
  /** Hosts of required modules that are not well-known public hosts: the GOPRIVATE suggestion. */
  privateHosts: string[];
  /** Required module paths behind `privateHosts`. */
  privateModules: string[];
}

export interface PackageAnalysis {
  cgo: boolean;
  /** Why cgo is on: `internal/db imports "C"`, or `github.com/mattn/go-sqlite3 needs cgo`. */
  cgoReason: string | null;
  ports: number[];
  /** `main.version` when the main package declares `var version`, with its literal default. */
  versionVar: { variable: string; value: string | null } | null;
  /** Addresses like `localhost:8080` that are unreachable from outside a container. */
  loopbackListen: boolean;
}

/**
 * Hosts that serve public modules. A required module on any other host is likely private (a
 * company's GitLab, an internal vanity domain): suggested for GOPRIVATE. Private organisations on
 * these hosts (github.com/acme) cannot be told apart from public ones, so they are never suggested.
 */
const PUBLIC_HOSTS = new Set([
  'github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org', 'git.sr.ht', 'launchpad.net', 'golang.org', 'google.golang.org',
  'cloud.google.com', 'go.googlesource.com', 'gopkg.in', 'go.uber.org', 'k8s.io', 'sigs.k8s.io', 'go.opentelemetry.io',
  'go.opencensus.io', 'go.etcd.io', 'go.mongodb.org', 'go.temporal.io', 'go.starlark.net', 'gotest.tools', 'gorm.io',
  'honnef.co', 'mvdan.cc', 'filippo.io', 'rsc.io', 'modernc.org', 'gonum.org', 'nhooyr.io', 'lukechampine.com', 'dario.cat',
  'howett.net', 'gocloud.dev', 'cuelang.org', 'cuelabs.dev', 'tailscale.com', 'buf.build', 'connectrpc.com',
  'golang.zx2c4.com', 'gvisor.dev', 'helm.sh', 'knative.dev', 'istio.io', 'entgo.io', 'ariga.io', 'code.gitea.io',
  'bazil.org', 'cel.dev', 'oras.land', 'storj.io', 'zgo.at', 'gitea.com', 'go.elastic.co', 'go.mozilla.org',
  'go.step.sm', 'go.yaml.in', 'github.io', 'pgregory.net', 'software.sslmate.com', 'tags.cncf.io', 'go.bytecodealliance.org',
]);

/** Modules whose packages cannot build without cgo (imported directly or through local packages). */
const CGO_MODULES = [
  'github.com/mattn/go-sqlite3',
  'github.com/confluentinc/confluent-kafka-go',
  'github.com/google/gopacket/pcap',
  'github.com/linxGnu/grocksdb',
  'github.com/tecbot/gorocksdb',
];

const SKIP_DIRS = new Set(['vendor', 'testdata', 'node_modules']);

function isRealDir(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function toPosixRel(dir: string): string {
  const n = posix.normalize(dir.split('\\').join('/'));
  return n === '' ? '.' : n.replace(/\/$/, '');
}

/** A relative posix path below the context, or null when it leaves it. */
function insideContext(fromDir: string, target: string): string | null {
  if (target.startsWith('/')) return null;
  const joined = toPosixRel(posix.join(fromDir, target));
  return joined === '..' || joined.startsWith('../') ? null : joined;
}

export function hostOf(modulePath: string): string | null {
  const first = modulePath.split('/')[0] ?? '';
  return first.includes('.') ? first.toLowerCase() : null;
}

export function isPublicHost(host: string): boolean {
  return PUBLIC_HOSTS.has(host) || host.endsWith('.googlesource.com');
}

/** The default binary name of a main package. */
function binaryName(dir: string, importPath: string): string {
  const elems = (dir === '.' ? importPath : dir).split('/').filter(Boolean);
  let last = elems[elems.length - 1] ?? 'app';
  // `example.com/app/v2` names the binary `app`, as `go build` does.
  if (/^v\d+$/.test(last) && elems.length > 1) last = elems[elems.length - 2] as string;
  const cleaned = last.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[._-]+/, '');
  return cleaned === '' ? 'app' : cleaned;
}

/** Go files of one directory that are part of a linux build (no tests). */
function goFilesIn(absDir: string): Array<{ name: string; facts: GoFileFacts }> {
  let entries: string[];
  try {
    entries = readdirSync(absDir);
  } catch {
    return [];
  }
  const out: Array<{ name: string; facts: GoFileFacts }> = [];
  for (const name of entries.sort()) {
    if (!name.endsWith('.go') || name.endsWith('_test.go') || name.startsWith('.') || name.startsWith('_')) continue;
    const text = readTextFile(join(absDir, name));
    if (text === null || text.length > 2_000_000) continue;
    const facts = analyzeGoFile(name, text);
    if (facts.packageName !== null && facts.buildsOnLinux) out.push({ name, facts });
  }
  return out;
}

/** Every directory of a module (skipping what the go command skips, and nested modules). */
function packageDirs(contextDir: string, moduleDir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    out.push(rel);
    let entries: string[];
    try {
      entries = readdirSync(join(contextDir, rel)).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      if (name.startsWith('.') || name.startsWith('_') || SKIP_DIRS.has(name)) continue;
      const child = rel === '.' ? name : `${rel}/${name}`;
      if (!isRealDir(join(contextDir, child))) continue;
      if (existsSync(join(contextDir, child, 'go.mod'))) continue; // another module
      walk(child);
    }
  };
  walk(moduleDir);
  return out;
}

/** Reads everything the scaffolder can know about the Go project in `dir` without asking. */
export function detect(dir: string): Detection {
  const project = readGoProject(dir);
  const abs = project.dir;

  // Local modules: the workspace members (or the root module), then local replace targets.
  const modules: LocalModule[] = [];
  const addModule = (relDir: string, goMod: GoMod | null, hasGoSum: boolean, buildable: boolean): void => {
    if (!goMod?.module || modules.some((m) => m.dir === relDir)) return;
    modules.push({ path: goMod.module, dir: relDir, hasGoSum, buildable });
  };
  if (project.goWork) {
    for (const member of project.members) addModule(member.dir, member.goMod, member.hasGoSum, true);
  } else {
    addModule('.', project.goMod, project.hasGoSum, true);
  }

  const localReplaces: LocalReplace[] = [];
  const replaceSources: Array<{ from: string; fromDir: string; replaces: Array<{ path: string; dir: string }> }> = [];
  if (project.goWork) replaceSources.push({ from: 'go.work', fromDir: '.', replaces: project.goWork.localReplaces });
  if (project.goWork) {
    for (const member of project.members) {
      if (member.goMod) replaceSources.push({ from: posix.join(member.dir, 'go.mod'), fromDir: member.dir, replaces: member.goMod.localReplaces });
    }
  } else if (project.goMod) {
    replaceSources.push({ from: 'go.mod', fromDir: '.', replaces: project.goMod.localReplaces });
  }
  for (const source of replaceSources) {
    for (const r of source.replaces) {
      const target = insideContext(source.fromDir, r.dir);
      localReplaces.push({ path: r.path, dir: target, written: r.dir, from: source.from });
      if (target === null) continue;
      if (!existsSync(join(abs, target, 'go.mod'))) continue;
      // Code imports the replaced path, so that is the prefix its packages are found under.
      const goMod = { module: r.path, go: null, toolchain: null, requires: [], localReplaces: [] } satisfies GoMod;
      addModule(target, goMod, existsSync(join(abs, target, 'go.sum')), false);
    }
  }

  // The files that decide the module graph, copied before the sources.
  const moduleFiles: ModuleFileGroup[] = [];
  /** Adds `file` when it exists; `orGlob`: a checksum file Go may write later, added as `<file>*` when missing (next to a file that exists). */
  const addFile = (groupDir: string, file: string, orGlob = false): void => {
    const exists = existsSync(join(abs, file));
    let group = moduleFiles.find((g) => g.dir === groupDir);
    if (!exists && !(orGlob && group)) return;
    if (!group) {
      group = { dir: groupDir, files: [] };
      moduleFiles.push(group);
    }
    const name = exists ? file : `${file}*`;
    if (!group.files.includes(name)) group.files.push(name);
  };
  if (project.goWork) {
    addFile('.', 'go.work');
    addFile('.', 'go.work.sum', true);
  }
  for (const m of modules) {
    addFile(m.dir, m.dir === '.' ? 'go.mod' : `${m.dir}/go.mod`);
    // Only a module that is built (the main module, a go.work member) has its go.sum read; a replace target's is not.
    addFile(m.dir, m.dir === '.' ? 'go.sum' : `${m.dir}/go.sum`, m.buildable);
  }

  // Go versions: the image must satisfy the highest `go` line; default to the highest go/toolchain line.
  const goLines = [project.goWork?.go, project.goMod?.go, ...project.members.map((m) => m.goMod?.go)].filter((v): v is string => !!v);
  const toolchains = [project.goWork?.toolchain, project.goMod?.toolchain, ...project.members.map((m) => m.goMod?.toolchain)].filter(
    (v): v is string => !!v,
  );
  const highest = (vs: string[]): string | null => vs.reduce<string | null>((a, b) => (a === null || compareGoVersions(b, a) > 0 ? b : a), null);
  const minGoVersion = highest(goLines);
  const preferred = highest([...goLines, ...toolchains]);

  // Main packages.
  const mains: MainPackage[] = [];
  const skippedMains: Array<{ dir: string; reason: string }> = [];
  for (const m of modules.filter((x) => x.buildable)) {
    for (const rel of packageDirs(abs, m.dir)) {
      const files = goFilesIn(join(abs, rel));
      if (!files.some((f) => f.facts.packageName === 'main')) continue;
      if (!SAFE_PATH.test(rel)) {
        skippedMains.push({ dir: rel, reason: 'its path has characters that are not safe in a Dockerfile (letters, digits, . _ - / only)' });
        continue;
      }
      const sub = m.dir === '.' ? rel : rel === m.dir ? '.' : rel.slice(m.dir.length + 1);
      const importPath = sub === '.' ? m.path : `${m.path}/${sub}`;
      mains.push({ dir: rel, buildPath: rel === '.' ? '.' : `./${rel}`, importPath, name: binaryName(rel, importPath) });
    }
  }
  // Two mains with the same last element (cmd/api, tools/api) get their path as the name.
  const duplicated = new Set(mains.map((m) => m.name).filter((name, i, all) => all.indexOf(name) !== i));
  for (const main of mains) if (duplicated.has(main.name) && main.dir !== '.') main.name = main.dir.replace(/\//g, '-');

  // GOPRIVATE suggestion: hosts of required modules that are not public and not served from the context.
  const localPaths = new Set([...modules.map((m) => m.path), ...localReplaces.map((r) => r.path)]);
  const requires = [project.goMod, ...project.members.map((m) => m.goMod)].flatMap((g) => g?.requires ?? []);
  const privateModules = [...new Set(requires.map((r) => r.path))]
    .filter((p) => !localPaths.has(p))
    .filter((p) => {
      const host = hostOf(p);
      return host !== null && !isPublicHost(host);
    })
    .sort();
  const privateHosts = [...new Set(privateModules.map((p) => hostOf(p) as string))].sort();

  return {
    dir: abs,
    project,
    module: project.goMod?.module ?? null,
    minGoVersion,
    suggestedGoVersion: preferred === null ? null : minorOf(preferred),
    modules,
    moduleFiles,
    localReplaces,
    vendored: project.vendored,
    mains,
    skippedMains,
    privateHosts,
    privateModules,
  };
}

/** `1.22.3` -> `1.22`; pre-releases (`1.23rc1`) are kept as they are. */
function minorOf(version: string): string {
  const m = /^(\d+\.\d+)(\.\d+)?$/.exec(version);
  return m ? (m[1] as string) : version;
}

/**
 * Follows a main package and the local packages it imports (same workspace, local replaces,
 * vendor/) and reports cgo use, listening ports and a version variable.
 */
export function analyzePackage(detection: Detection, main: MainPackage): PackageAnalysis {
  const abs = detection.dir;
  const byLength = [...detection.modules].sort((a, b) => b.path.length - a.path.length);
  const dirOf = (importPath: string): string | null => {
    for (const m of byLength) {
      if (importPath === m.path) return m.dir;
      if (importPath.startsWith(m.path + '/')) return toPosixRel(posix.join(m.dir, importPath.slice(m.path.length + 1)));
    }
    if (detection.vendored && hostOf(importPath) !== null && isRealDir(join(abs, 'vendor', importPath))) return `vendor/${importPath}`;
    return null;
  };

  let cgoReason: string | null = null;
  const ports: number[] = [];
  let loopbackListen = false;
  const seen = new Set<string>();
  const queue = [main.dir];
  const external = new Set<string>();
  while (queue.length > 0) {
    const rel = queue.shift() as string;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const files = goFilesIn(join(abs, rel));
    const hasFallback = files.some((f) => f.facts.isNoCgoFallback);
    for (const f of files) {
      if (cgoReason === null && f.facts.importsC && !(f.facts.requiresCgoTag || hasFallback)) cgoReason = `${posix.join(rel, f.name)} imports "C"`;
      for (const p of f.facts.ports) if (!ports.includes(p)) ports.push(p);
      for (const imp of f.facts.imports) {
        const d = dirOf(imp);
        if (d !== null) queue.push(d);
        else external.add(imp);
      }
    }
    if (rel === main.dir) {
      const text = files.map((f) => readTextFile(join(abs, rel, f.name)) ?? '').join('\n');
      loopbackListen = /"(?:localhost|127\.\d+\.\d+\.\d+|\[::1\]):\d+"/.test(text);
    }
  }
  if (cgoReason === null) {
    const needsCgo = CGO_MODULES.find((m) => [...external].some((imp) => imp === m || imp.startsWith(m + '/')));
    if (needsCgo) cgoReason = `it imports ${needsCgo}, which needs cgo`;
  }

  const mainFiles = goFilesIn(join(abs, main.dir));
  const declared = mainFiles.map((f) => f.facts.versionVar).find((v) => v !== null) ?? null;
  return {
    cgo: cgoReason !== null,
    cgoReason,
    ports,
    versionVar: declared ? { variable: `main.${declared.name}`, value: declared.value } : null,
    loopbackListen,
  };
}
