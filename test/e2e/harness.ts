// Helpers for the end-to-end Docker builds: engine detection, build/run/inspect, temp copies of the
// example modules, the CLIs under dist/, and a results table.
//
// The engine is the one scripts/e2e/setup.sh starts: Debian's docker.io 20.10 (BuildKit built in)
// on a private socket. Always the Debian client /usr/bin/docker: a newer client elsewhere on PATH
// has no buildx and refuses BuildKit. Defaults match scripts/e2e/env.sh; override with
// CGD_E2E_CACHE, CGD_E2E_DOCKER or CGD_E2E_DOCKER_HOST.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const E2E_DIR = join(REPO_ROOT, 'test', 'e2e');
export const MODULES_DIR = join(E2E_DIR, 'modules');
export const PROXY_MODULES_DIR = join(E2E_DIR, 'proxy-modules');
export const DOCKERFILES_DIR = join(E2E_DIR, 'dockerfiles');

export const CACHE_DIR = process.env.CGD_E2E_CACHE ?? '/var/cache/cgd-e2e';
export const DOCKER = process.env.CGD_E2E_DOCKER ?? '/usr/bin/docker';
export const DOCKER_HOST = process.env.CGD_E2E_DOCKER_HOST ?? `unix://${CACHE_DIR}/docker.sock`;

/** Base images setup.sh creates; a build that needs another image would try to pull it and fail. */
export const BASE_IMAGES = ['golang:1.23-bookworm', 'golang:1.23', 'gcr.io/distroless/static-debian12:nonroot'];

export const HOW_TO_RUN = 'run `bash scripts/e2e/setup.sh` (as root; installs docker.io, starts a private dockerd, imports base images), then `npm test`';

export const E2E_REQUIRED = process.env.E2E_REQUIRED === '1';

// ------------------------------------------------------------------------------------- process

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

export function dockerEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DOCKER_HOST,
    DOCKER_BUILDKIT: '1',
    // An empty client config: no credential helpers/contexts/proxies from ~/.docker.
    DOCKER_CONFIG: join(CACHE_DIR, 'docker-config'),
  };
}

export function exec(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Promise<ExecResult> {
  return execRaw(cmd, args, opts).then((r) => ({ ...r, stdout: r.stdout.toString('utf8') }));
}

export function execRaw(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Promise<Omit<ExecResult, 'stdout'> & { stdout: Buffer }> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8') + (timedOut ? `\n[harness] killed after ${opts.timeoutMs} ms\n` : '');
      resolvePromise({ code: timedOut ? 124 : (code ?? 1), stdout: Buffer.concat(out), stderr, seconds: (performance.now() - started) / 1000 });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export function docker(args: string[], opts: { timeoutMs?: number; cwd?: string } = {}): Promise<ExecResult> {
  return exec(DOCKER, args, { env: dockerEnv(), timeoutMs: opts.timeoutMs ?? 120_000, cwd: opts.cwd });
}

async function dockerOk(args: string[], timeoutMs = 120_000): Promise<string> {
  const r = await docker(args, { timeoutMs });
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

// ------------------------------------------------------------------------------------------ TLS

/**
 * The test CA's server certificate for 127.0.0.1 (scripts/e2e/setup.sh creates it; the builder
 * image trusts the CA). The go command sends netrc credentials to https:// proxies only.
 */
export const TLS_DIR = join(CACHE_DIR, 'tls');
export function loadTestTls(): { cert: Buffer; key: Buffer; ca: Buffer } | undefined {
  const f = (n: string) => join(TLS_DIR, n);
  if (!['server.crt', 'server.key', 'ca.crt'].every((n) => existsSync(f(n)))) return undefined;
  return { cert: readFileSync(f('server.crt')), key: readFileSync(f('server.key')), ca: readFileSync(f('ca.crt')) };
}

// -------------------------------------------------------------------------------------- engine

export interface EngineStatus {
  ok: boolean;
  reason: string;
  serverVersion?: string;
}

let engineMemo: Promise<EngineStatus> | undefined;

/** Is the e2e engine there: Debian client, socket answering `docker info`, base images present? */
export function engineStatus(): Promise<EngineStatus> {
  engineMemo ??= (async (): Promise<EngineStatus> => {
    if (!existsSync(DOCKER)) return { ok: false, reason: `${DOCKER} (Debian's docker.io client) is not installed` };
    const sock = DOCKER_HOST.replace(/^unix:\/\//, '');
    if (DOCKER_HOST.startsWith('unix://') && !existsSync(sock)) return { ok: false, reason: `no Docker engine socket at ${sock}` };
    let info: ExecResult;
    try {
      info = await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 });
    } catch (e) {
      return { ok: false, reason: `cannot run ${DOCKER}: ${(e as Error).message}` };
    }
    if (info.code !== 0) return { ok: false, reason: `the engine at ${DOCKER_HOST} does not answer \`docker info\`: ${info.stderr.trim().split('\n').pop()}` };
    const serverVersion = info.stdout.trim();
    const images = await docker(['image', 'inspect', '--format', '{{.Id}}', ...BASE_IMAGES], { timeoutMs: 20_000 });
    if (images.code !== 0) return { ok: false, serverVersion, reason: `base images missing (${images.stderr.trim().split('\n')[0]})` };
    if (!loadTestTls()) return { ok: false, serverVersion, reason: `no test CA/certificate in ${TLS_DIR} (made by a newer setup.sh)` };
    return { ok: true, serverVersion, reason: `Docker ${serverVersion} at ${DOCKER_HOST}` };
  })();
  return engineMemo;
}

// ------------------------------------------------------------------------------------- building

export interface BuildOptions {
  tag?: string;
  buildArgs?: Record<string, string>;
  /** id -> file path, passed as --secret id=<id>,src=<path> */
  secrets?: Record<string, string>;
  target?: string;
  noCache?: boolean;
  /**
   * URL of an HTTP server (the test GoProxy) passed as HTTP_PROXY/HTTPS_PROXY build args, so any
   * attempt of a RUN step to reach another address (proxy.golang.org, sum.golang.org, a VCS host)
   * lands there as a CONNECT/absolute-URI request (answered 403 and logged) instead of leaving the
   * machine. Go never proxies requests to 127.0.0.1, so the GoProxy itself is reached directly.
   * These are Docker's predefined proxy ARGs: usable without ARG lines, kept out of history.
   */
  egressGuard?: string;
  /** Don't throw on a failed build. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

export interface BuildResult {
  ok: boolean;
  code: number;
  seconds: number;
  /** --progress=plain output */
  output: string;
  /** the Dockerfile as built (after blanking a # syntax= directive) */
  dockerfile: string;
  notes: string[];
}

/**
 * The built-in frontend of this engine tries to pull the image named by `# syntax=`; no registry is
 * reachable, so the directive is replaced by an empty line (line numbers in errors stay right).
 * Only parser directives count: comment lines before the first instruction/blank line.
 */
export function blankSyntaxDirective(text: string): { text: string; blanked?: string } {
  const lines = text.split('\n');
  let blanked: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const m = /^\s*#\s*([a-zA-Z]+)\s*=/.exec(line);
    if (!m) break; // directives end at the first non-directive line
    if ((m[1] as string).toLowerCase() === 'syntax') {
      blanked = line.trim();
      lines[i] = '';
    }
  }
  return { text: lines.join('\n'), ...(blanked ? { blanked } : {}) };
}

let scratchRoot: string | undefined;
/** A temp dir for this test process (removed by cleanupScratch). */
export function scratchDir(prefix: string): string {
  scratchRoot ??= mkdtempSync(join(tmpdir(), 'cgd-e2e-'));
  return mkdtempSync(join(scratchRoot, `${prefix}-`));
}
export function cleanupScratch(): void {
  if (scratchRoot && process.env.E2E_KEEP_TMP !== '1') rmSync(scratchRoot, { recursive: true, force: true });
  scratchRoot = undefined;
}

export async function build(contextDir: string, dockerfile: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const notes: string[] = [];
  const original = readFileSync(dockerfile, 'utf8');
  const { text, blanked } = blankSyntaxDirective(original);
  if (blanked) notes.push(`blanked \`${blanked}\` (this engine would try to pull the frontend image; no registry is reachable)`);
  // Outside the context, so the copy never ends up in `COPY . .`.
  const dfDir = scratchDir('dockerfile');
  const dfCopy = join(dfDir, 'Dockerfile');
  writeFileSync(dfCopy, text);
  // BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile before <context>/.dockerignore.
  if (existsSync(`${dockerfile}.dockerignore`)) cpSync(`${dockerfile}.dockerignore`, `${dfCopy}.dockerignore`);

  const args = ['build', '--network=host', '--progress=plain', '-f', dfCopy];
  if (opts.tag) args.push('-t', opts.tag);
  if (opts.target) args.push('--target', opts.target);
  if (opts.noCache) args.push('--no-cache');
  const buildArgs: Record<string, string> = { ...(opts.buildArgs ?? {}) };
  if (opts.egressGuard) {
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) buildArgs[k] ??= opts.egressGuard;
    for (const k of ['NO_PROXY', 'no_proxy']) buildArgs[k] ??= '';
  }
  for (const [k, v] of Object.entries(buildArgs)) args.push('--build-arg', `${k}=${v}`);
  for (const [id, src] of Object.entries(opts.secrets ?? {})) args.push('--secret', `id=${id},src=${src}`);
  args.push(contextDir);

  const r = await docker(args, { timeoutMs: opts.timeoutMs ?? 15 * 60_000 });
  const output = (notes.length ? notes.map((n) => `[harness] ${n}\n`).join('') : '') + r.stderr + r.stdout;
  const result: BuildResult = { ok: r.code === 0, code: r.code, seconds: r.seconds, output, dockerfile: text, notes };
  if (!result.ok && !opts.allowFailure) {
    throw new Error(`docker build of ${dockerfile} failed (exit ${r.code}):\n${tail(output, 80)}\n--- Dockerfile as built ---\n${text}`);
  }
  return result;
}

export function tail(s: string, lines: number): string {
  return s.split('\n').slice(-lines).join('\n');
}

/** `docker run --rm --network=none image args...` */
export async function run(image: string, args: string[] = [], opts: { user?: string; entrypoint?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  const a = ['run', '--rm', '--network=none'];
  if (opts.user) a.push('--user', opts.user);
  if (opts.entrypoint !== undefined) a.push('--entrypoint', opts.entrypoint);
  a.push(image, ...args);
  return docker(a, { timeoutMs: opts.timeoutMs ?? 60_000 });
}

export interface ImageConfig {
  User: string;
  Entrypoint: string[] | null;
  Cmd: string[] | null;
  Env: string[] | null;
  WorkingDir: string;
}
export async function inspectImage(image: string): Promise<{ Id: string; Size: number; Config: ImageConfig }> {
  const out = await dockerOk(['image', 'inspect', image]);
  const parsed = JSON.parse(out) as Array<{ Id: string; Size: number; Config: ImageConfig }>;
  if (!parsed[0]) throw new Error(`no image ${image}`);
  return parsed[0];
}

/** `docker history --no-trunc` (CreatedBy of every layer, newest first). */
export async function history(image: string): Promise<string> {
  return dockerOk(['history', '--no-trunc', '--format', '{{.CreatedBy}}', image]);
}

/** The `docker save` tarball bytes (layers, config, manifest). */
export async function save(image: string): Promise<Buffer> {
  const r = await execRaw(DOCKER, ['save', image], { env: dockerEnv(), timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`docker save ${image} failed: ${r.stderr}`);
  return r.stdout;
}

/** Drops all build cache (layers and cache mounts), so the next build is cold and counts are exact. */
export async function pruneBuildCache(): Promise<void> {
  await dockerOk(['builder', 'prune', '--all', '--force'], 300_000);
}

export async function removeImages(tags: string[]): Promise<void> {
  if (tags.length) await docker(['image', 'rm', '--force', ...tags]);
}

// ---------------------------------------------------------------------------------- the modules

/** go.sum of each example module: which proxy modules it needs. */
export const EXAMPLE_GOSUMS: Record<string, Array<[string, string]>> = {
  hello: [['example.test/greet', 'v1.0.0']],
  cgohello: [['example.test/greet', 'v1.0.0']],
  private: [
    ['example.test/greet', 'v1.0.0'],
    ['example.test/private/secret', 'v1.0.0'],
  ],
};

/** Copies test/e2e/modules/<name> to a fresh temp dir (the originals are never modified). */
export function copyModule(name: string): string {
  const dir = join(scratchDir(name), name);
  cpSync(join(MODULES_DIR, name), dir, { recursive: true });
  return dir;
}

/** Rewrites hello's edit.go: a source-only change (go.mod/go.sum untouched). */
export function editSource(moduleDir: string, marker: string): void {
  writeFileSync(join(moduleDir, 'edit.go'), `package main\n\n// editMarker is rewritten by the e2e tests to simulate a source-only change.\nconst editMarker = ${JSON.stringify(marker)}\n`);
}

export function writeNetrc(dir: string, host: string, login: string, password: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'netrc');
  writeFileSync(file, `machine ${host}\nlogin ${login}\npassword ${password}\n`, { mode: 0o600 });
  return file;
}

// ----------------------------------------------------------------------------------------- CLIs

export const CLI = {
  scaffold: join(REPO_ROOT, 'dist', 'cli', 'create-go-dockerfile.js'),
  fix: join(REPO_ROOT, 'dist', 'cli', 'gomod-fix.js'),
} as const;

export function cliMissing(): string | undefined {
  const missing = Object.values(CLI).filter((p) => !existsSync(p));
  return missing.length ? `${missing.join(', ')} not built (run \`npm run build\`)` : undefined;
}

export function runCli(path: string, args: string[], cwd?: string): Promise<ExecResult> {
  return exec(process.execPath, [path, ...args], { cwd: cwd ?? REPO_ROOT, timeoutMs: 60_000, env: { ...process.env, NO_COLOR: '1', CI: '1' } });
}

// --------------------------------------------------------------------------------------- table

export interface Row {
  scenario: string;
  build: string;
  seconds: number;
  moduleRequests: number;
  fetched: string;
}

export const results: Row[] = [];

export function record(row: Row): void {
  results.push(row);
}

export function formatTable(rows: Row[] = results): string {
  const head = ['scenario', 'build', 'seconds', 'module requests', 'fetched'];
  const body = rows.map((r) => [r.scenario, r.build, r.seconds.toFixed(1), String(r.moduleRequests), r.fetched || '-']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(fmt)].join('\n');
}

// ---------------------------------------------------------------------------------------- lock

/**
 * One e2e suite per engine at a time: the suites prune the build cache to measure cold builds, so
 * two `npm test` runs on one machine would spoil each other's request counts. A lock directory
 * under the cache dir, holding the owner's pid; a dead owner's lock is taken over.
 */
export async function acquireEngineLock(timeoutMs = 30 * 60_000): Promise<() => void> {
  const dir = join(CACHE_DIR, 'e2e-suite.lock');
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      const release = () => rmSync(dir, { recursive: true, force: true });
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = 0;
    try {
      owner = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    } catch {
      // being created or removed right now
    }
    if (owner > 0 && owner !== process.pid && !alive(owner)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`another e2e suite (pid ${owner}) holds ${dir}`);
    if (!announced) {
      process.stderr.write(`[e2e] waiting for the e2e suite of pid ${owner} to finish (${dir})\n`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
