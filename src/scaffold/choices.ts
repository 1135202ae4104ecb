/**
 * The answers to the scaffolder's questions: their detected defaults, and their validation into
 * `Choices`, the only input the view model is built from. Flags, `--yes` and prompts all produce
 * `Answers`; everything is validated here, once, whichever way it came.
 */
import { matchPrefixPatterns } from '../doctor/module-path.js';
import { isChinaMirror, resolveProxy, SettingError } from '../go/proxy.js';
import { analyzePackage, hostOf, type Detection, type MainPackage } from './detect.js';
import { BUILDERS, compatibleRuntimes, RUNTIMES, type Builder, type Runtime } from './images.js';
import {
  BINARY_NAME,
  oneOf,
  SAFE_PATH,
  ScaffoldError,
  splitList,
  validateBinaryName,
  validateGoVersion,
  validateModulePath,
  validatePackages,
  validateParallelism,
  validatePlatforms,
  validatePorts,
  validatePrivate,
  validateProxy,
  validateSumdb,
  validateVersionVar,
  versionDefault,
} from './validate.js';

export const AUTH_MODES = ['none', 'ssh', 'netrc', 'token'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
export const PRIVATE_VIA = ['direct', 'proxy'] as const;
export type PrivateVia = (typeof PRIVATE_VIA)[number];

/** What the command line says; every field is optional (absent = ask, or take the detected default). */
export interface Flags {
  main?: string;
  all?: boolean;
  binary?: string;
  goVersion?: string;
  builder?: string;
  runtime?: string;
  cgo?: boolean;
  proxy?: string;
  sumdb?: string;
  allowSumdbOff?: boolean;
  private?: string;
  privateVia?: string;
  auth?: string;
  packages?: string | string[];
  port?: string;
  platforms?: string | string[];
  versionVar?: string;
  buildParallelism?: string | number;
}

/** One answer per question, as typed (strings), before validation. */
export interface Answers {
  /** A main package directory, or null for all of them (one Dockerfile each). */
  main: string | null;
  binary: string | null;
  goVersion: string;
  builder: string;
  runtime: string;
  /** null: detect per main package. */
  cgo: boolean | null;
  proxy: string;
  sumdb: string;
  allowSumdbOff: boolean;
  private: string;
  privateVia: string;
  auth: string;
  packages: string[];
  /** null: the ports detected per main package. */
  port: string | null;
  platforms: string[];
  /** null: the variable detected per main package. */
  versionVar: string | null;
  buildParallelism: string | null;
}

export interface Target {
  main: MainPackage;
  /** Binary name (BINARY_NAME). */
  name: string;
  /** Dockerfile name, relative to the context. */
  file: string;
  /** Image name for the `docker build -t` example (lowercase). */
  tag: string;
  cgo: boolean;
  cgoReason: string | null;
  ports: number[];
  portsDetected: boolean;
  version: { variable: string; default: string } | null;
  loopbackListen: boolean;
}

export interface Choices {
  targets: Target[];
  all: boolean;
  goVersion: string;
  builder: Builder;
  runtime: Runtime;
  proxy: string;
  sumdb: string;
  private: string | null;
  privateVia: PrivateVia;
  auth: AuthMode;
  /** Git hosts the auth mode logs in to (ssh, token). */
  authHosts: string[];
  packages: string[];
  platforms: string[];
  parallelism: number | null;
  /** Things worth telling the user that do not stop the run. */
  warnings: string[];
}

/** `./cmd/api/` -> `cmd/api`; `` and `./` -> `.`. */
export function normalizeMainDir(value: string): string {
  const v = value.trim().replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  return v === '' || v === '.' ? '.' : v;
}

/** The Dockerfile name for a target: `Dockerfile`, or `Dockerfile.<name>` with `--all`. */
export function dockerfileName(name: string, all: boolean): string {
  return all ? `Dockerfile.${name}` : 'Dockerfile';
}

/** The default of every question: the flag when given, else what detection suggests. */
export function defaultAnswers(detection: Detection, flags: Flags): Answers {
  const mains = detection.mains;
  const main = flags.all ? null : flags.main !== undefined ? normalizeMainDir(flags.main) : mains.length === 1 ? (mains[0] as MainPackage).dir : mains.length > 1 ? null : '.';
  const proxy = flags.proxy ?? 'default';
  let chinaMirror = false;
  try {
    chinaMirror = isChinaMirror(resolveProxy(proxy));
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
  }
  const privateDefault = detection.vendored ? '' : detection.privateHosts.join(',');
  const privateGlobs = flags.private ?? privateDefault;
  const privateVia = flags.privateVia ?? 'direct';
  const hasPrivate = privateGlobs.trim() !== '' && privateGlobs.trim() !== 'none';
  return {
    main,
    binary: flags.binary ?? null,
    goVersion: flags.goVersion ?? detection.suggestedGoVersion ?? '',
    builder: flags.builder ?? 'bookworm',
    runtime: flags.runtime ?? 'distroless',
    cgo: flags.cgo ?? null,
    proxy,
    sumdb: flags.sumdb ?? (chinaMirror ? 'sum.golang.google.cn' : 'default'),
    allowSumdbOff: flags.allowSumdbOff ?? false,
    private: privateGlobs,
    privateVia,
    auth: flags.auth ?? (hasPrivate && !detection.vendored ? (privateVia === 'proxy' ? 'netrc' : 'ssh') : 'none'),
    packages: splitList(flags.packages),
    port: flags.port ?? null,
    platforms: splitList(flags.platforms),
    versionVar: flags.versionVar ?? null,
    buildParallelism: flags.buildParallelism === undefined ? null : String(flags.buildParallelism),
  };
}

/** Hosts named by GOPRIVATE globs: literal first elements, or required module hosts a wildcard matches. */
export function hostsForGlobs(globs: string, detection: Detection): string[] {
  const hosts = new Set<string>();
  const required = detection.privateModules.map((p) => hostOf(p)).filter((h): h is string => h !== null);
  for (const glob of globs.split(',')) {
    const first = glob.split('/')[0] ?? '';
    if (/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(first)) {
      hosts.add(first.toLowerCase());
      continue;
    }
    let re: RegExp;
    try {
      re = new RegExp(
        '^' +
          first
            .split('')
            .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c === '[' || c === ']' ? c : c.replace(/[.+^${}()|\\]/g, '\\$&')))
            .join('') +
          '$',
        'i',
      );
    } catch {
      continue; // an unbalanced [ matches nothing, as in Go's path.Match
    }
    for (const host of required) if (re.test(host)) hosts.add(host);
  }
  return [...hosts].sort();
}

/**
 * A warning when `--private` leaves out some required modules on hosts that look private (not a
 * well-known public host): Go would look them up in the public checksum database (and, unless the
 * proxy serves them, the public proxy), which fails for a private module and tells those services
 * its path. Names the hosts, the modules, and the `--private` value that covers them too.
 */
function uncoveredPrivate(globs: string, detection: Detection): string | null {
  const modules = detection.privateModules.filter((m) => !matchPrefixPatterns(globs, m));
  if (modules.length === 0) return null;
  const hosts = [...new Set(modules.map((m) => hostOf(m)).filter((h): h is string => h !== null))].sort();
  const listed = hosts.map((h) => `${h} (${modules.filter((m) => hostOf(m) === h).join(', ')} in go.mod)`).join(', ');
  return (
    `--private ${globs} does not cover ${listed}, which ${hosts.length === 1 ? 'looks' : 'look'} private: ` +
    'Go would look such modules up in the public checksum database (and, unless the proxy serves them, proxy.golang.org), which fails for a private module and leaks its path; ' +
    `if ${hosts.length === 1 ? 'it is' : 'they are'} private, use --private ${[globs, ...hosts].join(',')}`
  );
}

/** Validates the answers against each other and the project. Throws ScaffoldError (exit 2) on the first problem. */
export function resolveChoices(detection: Detection, answers: Answers): Choices {
  const warnings: string[] = [];
  if (detection.module !== null) validateModulePath(detection.module);
  for (const r of detection.localReplaces) {
    // With vendor/, the replaced module's code is in vendor/ and nothing outside is needed.
    if (r.dir === null && !detection.vendored) {
      throw new ScaffoldError(
        `${r.from}: \`replace ${r.path} => ${r.written}\` points outside ${detection.dir}, which is the build context; ` +
          'Docker cannot copy it. Run create-go-dockerfile in a directory that holds both (a go.work workspace there is the usual way), or vendor the module.',
      );
    }
  }

  for (const m of detection.project.members) {
    if (!SAFE_PATH.test(m.dir)) {
      throw new ScaffoldError(
        `go.work: \`use ${m.dir}\` ${m.dir.startsWith('..') ? 'is outside the build context' : 'has characters that are not safe in a Dockerfile'}; ` +
          'run create-go-dockerfile in the directory that holds every member of the workspace.',
      );
    }
  }
  for (const file of detection.moduleFiles.flatMap((g) => g.files)) {
    // `go.sum*`: the glob for a go.sum that does not exist yet; the path before it is checked.
    if (!SAFE_PATH.test(file.replace(/\*$/, ''))) throw new ScaffoldError(`${file}: the path has characters that are not safe in a Dockerfile (letters, digits, . _ - / only)`);
  }

  // Which main packages.
  const mains = detection.mains;
  if (mains.length === 0) {
    throw new ScaffoldError(
      `no \`package main\` in ${detection.dir} (skipping vendor/, testdata/ and directories starting with . or _)${detection.skippedMains.length ? `; skipped: ${detection.skippedMains.map((s) => `${s.dir} (${s.reason})`).join(', ')}` : ''}. Add one, or run create-go-dockerfile where the command's module is.`,
    );
  }
  const all = answers.main === null;
  let selected: MainPackage[];
  if (all) {
    selected = mains;
    if (answers.binary !== null) throw new ScaffoldError('--binary names one binary; with --all each main package is named after its directory');
  } else {
    const dir = normalizeMainDir(answers.main as string);
    const found = mains.find((m) => m.dir === dir);
    if (!found) throw new ScaffoldError(`--main: ${JSON.stringify(answers.main)} is not a main package here; main packages: ${mains.map((m) => m.buildPath).join(', ')}`);
    selected = [found];
  }

  if (answers.goVersion === '') {
    throw new ScaffoldError('go.mod has no `go` line to take the Go version from: pass --go-version (e.g. 1.23), or run `go mod edit -go=1.23`');
  }
  const goVersion = validateGoVersion(answers.goVersion, detection.minGoVersion);
  const builder = oneOf<Builder>('builder', answers.builder, BUILDERS);
  const runtime = oneOf<Runtime>('runtime', answers.runtime, RUNTIMES);
  const proxy = validateProxy(answers.proxy);
  const sumdb = validateSumdb(answers.sumdb);
  if (sumdb === 'off' && !answers.allowSumdbOff) {
    throw new ScaffoldError(
      '--sumdb off turns off checksum verification of every downloaded module. Prefer --sumdb sum.golang.google.cn (reachable from mainland China) or --private for private paths; to go ahead anyway, add --allow-sumdb-off (the Dockerfile gets a warning comment).',
    );
  }
  let privateGlobs = validatePrivate(answers.private);
  let privateVia = oneOf<PrivateVia>('private-via', answers.privateVia, PRIVATE_VIA);
  let auth = oneOf<AuthMode>('auth', answers.auth, AUTH_MODES);
  if (detection.vendored) {
    if (auth !== 'none') warnings.push(`--auth ${auth} is not used: vendor/ holds every dependency, so the build downloads nothing`);
    if (privateGlobs !== null) warnings.push('--private is not used: vendor/ holds every dependency, so the build downloads nothing');
    auth = 'none';
    privateGlobs = null;
  }
  if (privateGlobs === null) privateVia = 'direct';
  let authHosts: string[] = [];
  if (auth === 'ssh' || auth === 'token') {
    if (privateGlobs === null) throw new ScaffoldError(`--auth ${auth} logs git in to the hosts of private modules: give them with --private (e.g. --private git.example.com/team)`);
    if (privateVia === 'proxy') throw new ScaffoldError(`--auth ${auth} is for fetching from git; with --private-via proxy the proxy serves the private modules: use --auth netrc for its credentials`);
    authHosts = hostsForGlobs(privateGlobs, detection);
    if (authHosts.length === 0) {
      throw new ScaffoldError(`--auth ${auth}: cannot tell which git host to log in to from --private ${privateGlobs}; name the host in a glob (git.example.com/*)`);
    }
  }
  if (privateGlobs !== null) {
    const uncovered = uncoveredPrivate(privateGlobs, detection);
    if (uncovered !== null) warnings.push(uncovered);
  }
  if (privateGlobs !== null && auth === 'none') warnings.push(`GOPRIVATE is ${privateGlobs} but --auth is none: the build can only fetch those modules if they need no login`);

  const manager = builder === 'alpine' ? 'apk' : 'apt';
  const packages = validatePackages(answers.packages, manager);
  const platforms = validatePlatforms(answers.platforms);
  const parallelism = validateParallelism(answers.buildParallelism ?? undefined);
  const flagPorts = answers.port === null ? null : validatePorts(answers.port);
  const flagVersionVar = answers.versionVar === null ? null : { value: validateVersionVar(answers.versionVar) };

  const analysisCgo = new Map<string, string | null>();
  const targets: Target[] = selected.map((main) => {
    const analysis = analyzePackage(detection, main);
    analysisCgo.set(main.dir, analysis.cgoReason);
    const name = answers.binary !== null ? validateBinaryName(answers.binary) : main.name;
    if (!BINARY_NAME.test(name)) throw new ScaffoldError(`${main.buildPath}: cannot derive a binary name from it; pass --binary`);
    const cgo = answers.cgo ?? analysis.cgo;
    const detectedVar = analysis.versionVar;
    const variable = flagVersionVar !== null ? flagVersionVar.value : (detectedVar?.variable ?? null);
    const version =
      variable === null ? null : { variable, default: versionDefault(detectedVar && detectedVar.variable === variable ? detectedVar.value : null) };
    return {
      main,
      name,
      file: dockerfileName(name, all),
      tag: name.toLowerCase(),
      cgo,
      cgoReason: answers.cgo === null ? analysis.cgoReason : answers.cgo ? 'asked for with --cgo' : null,
      ports: flagPorts ?? analysis.ports,
      portsDetected: flagPorts === null,
      version,
      loopbackListen: analysis.loopbackListen,
    };
  });

  for (const t of targets) {
    const where = all ? `${t.main.buildPath}: ` : '';
    if (t.cgo && !compatibleRuntimes(builder, true).includes(runtime)) {
      const reason = t.cgoReason ? ` (cgo: ${t.cgoReason})` : '';
      throw new ScaffoldError(
        `${where}a cgo binary needs the C library it was linked against${reason}: with --builder ${builder} use --runtime ${compatibleRuntimes(builder, true).join(' or ')}${builder === 'bookworm' ? ' (or --builder alpine --runtime alpine)' : ''}, or --no-cgo if the code builds without cgo`,
      );
    }
    if (t.cgo && platforms.length > 0) {
      throw new ScaffoldError(`${where}cross-compiling a cgo binary needs a C cross-compiler per platform; drop --platforms (build natively on each platform) or use --no-cgo`);
    }
    if (t.loopbackListen) warnings.push(`${t.main.buildPath} listens on a loopback address (localhost:<port>), which cannot be reached from outside the container; listen on ":<port>"`);
    if (answers.cgo === false && analysisCgo.get(t.main.dir)) {
      warnings.push(`${where}--no-cgo: the build leaves out files that import "C" (${analysisCgo.get(t.main.dir)}); it only works if the code has a pure-Go fallback`);
    }
  }

  return { targets, all, goVersion, builder, runtime, proxy, sumdb, private: privateGlobs, privateVia, auth, authHosts, packages, platforms, parallelism, warnings };
}
