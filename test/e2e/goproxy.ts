// A GOPROXY-protocol server for the end-to-end tests (https://go.dev/ref/mod#goproxy-protocol).
//
// - Listens on 127.0.0.1 only, on random ports: plain HTTP always (`httpUrl`, also the egress
//   guard), HTTPS too when given a certificate (`url` is then the https one). Builds reach it with
//   `docker build --network=host`. HTTPS matters for private modules: the go command sends netrc
//   credentials only to https:// URLs (cmd/go/internal/web: `if url.Scheme == "https" {
//   auth.AddCredentials(req) }`), so an http:// GOPROXY never gets them and answers 401.
// - Serves <module>/@v/list, @v/<version>.info|.mod|.zip and <module>/@latest for modules held in
//   memory (see loadModuleTree: test/e2e/proxy-modules/<module path>@<version>/...).
// - Module zips are built here, deterministically (STORE method, fixed timestamps), and the go.sum
//   `h1:` hashes are computed here too (dirhash Hash1), so the go.sum files of the example modules
//   in test/e2e/modules can be checked against the proxy without any Go toolchain on the host
//   (see goproxy.test.ts). The real `go` inside the builds then verifies them again.
// - Counts every request (per path, per module, per kind) and can require HTTP basic auth for
//   module path prefixes (e.g. example.test/private/). Unknown module: 404, unknown version of a
//   known module: 410 (both mean "not found" to the go command, which then tries the next proxy
//   in GOPROXY, if any).
//
// Checksum database: sum.golang.org knows nothing about example.test/*, and builds must never talk
// to any address but this proxy. The builds therefore pass GONOSUMDB=example.test (not GOPRIVATE:
// GOPRIVATE also sets the default of GONOPROXY, which would make go bypass this proxy and try to
// `git clone` https://example.test/... directly). GOFLAGS is not needed because every go.sum is
// complete. Requests to <proxy>/sumdb/... are answered 404 and show up in the log as kind 'sumdb'.
//
// Egress guard: the same server also acts as the HTTP(S)_PROXY of the builds (harness.build
// option egressGuard). Anything that tries to leave the machine (go falling back to
// sum.golang.org, proxy.golang.org or `direct` VCS fetches; git; curl) arrives here as a CONNECT
// or absolute-URI request, is refused with 403 and logged as kind 'escape' (see escapes()), so no
// traffic goes to any other address and the tests can assert that none was attempted.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';

export interface ModuleVersion {
  /** Module path, e.g. example.test/greet */
  path: string;
  /** Canonical semver, e.g. v1.0.0 */
  version: string;
  /** File name (relative to the module root, '/'-separated) -> contents. Must include go.mod. */
  files: Record<string, string | Buffer>;
  /** Commit time reported in .info; fixed default keeps everything deterministic. */
  time?: string;
}

export interface AuthRule {
  /** Module path prefix, e.g. 'example.test/private/' */
  prefix: string;
  user: string;
  password: string;
}

/** 'escape': a request meant for another host (CONNECT or absolute URI), see egress guard below. */
export type RequestKind = 'list' | 'info' | 'mod' | 'zip' | 'latest' | 'sumdb' | 'escape' | 'other';

export interface ProxyRequest {
  seq: number;
  method: string;
  url: string;
  module?: string;
  version?: string;
  kind: RequestKind;
  status: number;
  /** user name of accepted basic-auth credentials, if any were sent */
  authUser?: string;
}

export interface GoProxyOptions {
  modules: ModuleVersion[];
  auth?: AuthRule[];
  /** Logs each request to stderr when true (or env GOPROXY_DEBUG=1). */
  verbose?: boolean;
  /** PEM certificate (for 127.0.0.1) and key: also serve HTTPS, and make `url` the https one. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

// ------------------------------------------------------------------------------------ zips

// 1980-01-01, the earliest time a zip can hold: every zip of the same files is the same bytes.
const ZIP_TIME = new Date(1980, 0, 1);

/** A module zip (fflate): stored, not compressed, fixed timestamps, names sorted. */
export function writeZip(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const files: Zippable = {};
  for (const { name, data } of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    files[name] = [data, { level: 0, mtime: ZIP_TIME }];
  }
  return Buffer.from(zipSync(files));
}

/** The files of a zip, by name. For tests. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  return new Map(Object.entries(unzipSync(zip)).map(([name, data]) => [name, Buffer.from(data)]));
}

// ----------------------------------------------------------------------------------- checksums

/** golang.org/x/mod/sumdb/dirhash Hash1 over the given name -> content pairs. */
export function dirhash1(files: Map<string, Buffer> | Array<[string, Buffer]>): string {
  const list = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const h = createHash('sha256');
  for (const [name, data] of list) {
    if (name.includes('\n')) throw new Error(`dirhash: file name with newline: ${name}`);
    h.update(`${createHash('sha256').update(data).digest('hex')}  ${name}\n`);
  }
  return `h1:${h.digest('base64')}`;
}

// ------------------------------------------------------------------------------- module paths

/** Module path escaping of the proxy protocol: 'A' -> '!a'. */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}
export function unescapeModulePath(p: string): string {
  return p.replace(/!([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(v);
    if (!m) return { n: [0, 0, 0], pre: v };
    return { n: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? '' };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.n[i] ?? 0) - (y.n[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === '') return 1;
  if (y.pre === '') return -1;
  return x.pre < y.pre ? -1 : 1;
}

/**
 * Loads modules from a tree like <root>/example.test/greet@v1.0.0/{go.mod,greet.go}:
 * every directory whose name contains '@v' is one module version.
 */
export function loadModuleTree(root: string): ModuleVersion[] {
  const out: ModuleVersion[] = [];
  const walkFiles = (dir: string, base: string, files: Record<string, Buffer>) => {
    for (const e of readdirSync(dir).sort()) {
      const full = join(dir, e);
      if (statSync(full).isDirectory()) walkFiles(full, base, files);
      else files[relative(base, full).split(sep).join('/')] = readFileSync(full);
    }
  };
  const walk = (dir: string) => {
    for (const e of readdirSync(dir).sort()) {
      const full = join(dir, e);
      if (!statSync(full).isDirectory()) continue;
      const at = e.lastIndexOf('@v');
      if (at > 0) {
        const files: Record<string, Buffer> = {};
        walkFiles(full, full, files);
        const path = relative(root, join(dir, e.slice(0, at))).split(sep).join('/');
        out.push({ path, version: e.slice(at + 1), files });
      } else {
        walk(full);
      }
    }
  };
  walk(root);
  return out;
}

// ------------------------------------------------------------------------------------- server

interface Built {
  mv: ModuleVersion;
  zip: Buffer;
  mod: Buffer;
  info: Buffer;
  h1: string;
  h1mod: string;
}

export class GoProxy {
  readonly requests: ProxyRequest[] = [];
  private readonly byModule = new Map<string, Map<string, Built>>();
  private servers: Server[] = [];
  private httpPort = 0;
  private httpsPort = 0;
  private seq = 0;

  constructor(private readonly opts: GoProxyOptions) {
    for (const mv of opts.modules) this.add(mv);
  }

  /** Adds (or replaces) a module version; may be called while running. */
  add(mv: ModuleVersion): void {
    const prefix = `${mv.path}@${mv.version}/`;
    const entries = Object.entries(mv.files).map(([name, data]) => ({
      name: prefix + name,
      data: Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'),
    }));
    const modEntry = entries.find((e) => e.name === `${prefix}go.mod`);
    if (!modEntry) throw new Error(`${mv.path}@${mv.version}: no go.mod`);
    const firstLine = /^module\s+(\S+)/m.exec(modEntry.data.toString('utf8'));
    if (firstLine?.[1] !== mv.path) throw new Error(`${mv.path}@${mv.version}: go.mod declares ${firstLine?.[1]}`);
    const built: Built = {
      mv,
      zip: writeZip(entries),
      mod: modEntry.data,
      info: Buffer.from(JSON.stringify({ Version: mv.version, Time: mv.time ?? '2024-01-01T00:00:00Z' }) + '\n'),
      h1: dirhash1(entries.map((e) => [e.name, e.data] as [string, Buffer])),
      h1mod: dirhash1([['go.mod', modEntry.data]]),
    };
    let versions = this.byModule.get(mv.path);
    if (!versions) this.byModule.set(mv.path, (versions = new Map()));
    versions.set(mv.version, built);
  }

  /** The GOPROXY URL: https://127.0.0.1:<port> when serving TLS, else http://127.0.0.1:<port>. */
  get url(): string {
    return this.httpsPort ? `https://127.0.0.1:${this.httpsPort}` : this.httpUrl;
  }
  /** Plain HTTP listener: the same proxy, and the egress guard (HTTP(S)_PROXY of the builds). */
  get httpUrl(): string {
    if (!this.httpPort) throw new Error('GoProxy not started');
    return `http://127.0.0.1:${this.httpPort}`;
  }
  get guardUrl(): string {
    return this.httpUrl;
  }

  async start(): Promise<this> {
    const listen = async (server: Server): Promise<number> => {
      server.on('connect', (req: IncomingMessage, socket: Duplex) => {
        this.requests.push({ seq: ++this.seq, method: 'CONNECT', url: req.url ?? '', kind: 'escape', status: 403 });
        if (this.opts.verbose || process.env.GOPROXY_DEBUG === '1') process.stderr.write(`[goproxy] 403 CONNECT ${req.url} (egress refused)\n`);
        socket.on('error', () => undefined);
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      this.servers.push(server);
      return (server.address() as AddressInfo).port;
    };
    this.httpPort = await listen(createServer((req, res) => this.handle(req, res)));
    if (this.opts.tls) {
      this.httpsPort = await listen(createHttpsServer({ cert: this.opts.tls.cert, key: this.opts.tls.key }, (req, res) => this.handle(req, res)));
    }
    return this;
  }

  async close(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    this.httpPort = this.httpsPort = 0;
    await Promise.all(
      servers.map((s) => {
        s.closeAllConnections();
        return new Promise<void>((resolve) => s.close(() => resolve()));
      }),
    );
  }

  // --- bookkeeping -------------------------------------------------------------------------

  /** A position in the request log, for since(). */
  mark(): number {
    return this.requests.length;
  }
  since(mark = 0): ProxyRequest[] {
    return this.requests.slice(mark);
  }
  /** Attempts to reach any other host through the egress guard, since a mark. */
  escapes(mark = 0): ProxyRequest[] {
    return this.since(mark).filter((r) => r.kind === 'escape');
  }
  /** Requests naming a module (anything but /sumdb/ and junk), since a mark. */
  moduleRequests(mark = 0): ProxyRequest[] {
    return this.since(mark).filter((r) => r.module !== undefined);
  }
  /** module path -> number of requests, since a mark. */
  countsByModule(mark = 0): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.moduleRequests(mark)) out[r.module as string] = (out[r.module as string] ?? 0) + 1;
    return out;
  }
  /** request path -> number of requests, since a mark. */
  countsByPath(mark = 0): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.since(mark)) out[r.url] = (out[r.url] ?? 0) + 1;
    return out;
  }
  /** "200 GET /example.test/greet/@v/v1.0.0.zip" lines, for failure messages. */
  describe(mark = 0): string {
    return this.since(mark).map((r) => `${r.status} ${r.method} ${r.url}${r.authUser ? ` (auth: ${r.authUser})` : ''}`).join('\n');
  }

  // --- checksums ---------------------------------------------------------------------------

  private built(path: string, version: string): Built {
    const b = this.byModule.get(path)?.get(version);
    if (!b) throw new Error(`GoProxy: unknown module ${path}@${version}`);
    return b;
  }
  /** The two go.sum lines for a module version, as `go mod tidy` writes them. */
  goSumLines(path: string, version: string): string[] {
    const b = this.built(path, version);
    return [`${path} ${version} ${b.h1}`, `${path} ${version}/go.mod ${b.h1mod}`];
  }
  /** A complete go.sum for the given module versions (sorted like the go command does). */
  goSum(mods: Array<[path: string, version: string]>): string {
    const lines = mods.flatMap(([p, v]) => this.goSumLines(p, v));
    return [...new Set(lines)].sort().join('\n') + '\n';
  }
  zipOf(path: string, version: string): Buffer {
    return this.built(path, version).zip;
  }

  // --- HTTP --------------------------------------------------------------------------------

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const entry: ProxyRequest = { seq: ++this.seq, method: req.method ?? 'GET', url, kind: 'other', status: 0 };
    this.requests.push(entry);
    const send = (status: number, body: Buffer | string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
      entry.status = status;
      if (this.opts.verbose || process.env.GOPROXY_DEBUG === '1') {
        process.stderr.write(`[goproxy] ${status} ${entry.method} ${url}\n`);
      }
      res.writeHead(status, { 'Content-Type': type, ...extra });
      res.end(entry.method === 'HEAD' ? undefined : body);
    };

    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
      entry.kind = 'escape';
      return send(403, 'egress refused by the e2e test proxy\n');
    }
    if (entry.method !== 'GET' && entry.method !== 'HEAD') return send(405, 'method not allowed\n');
    const pathname = decodeURIComponent(url.split('?')[0] ?? '/');
    if (pathname.startsWith('/sumdb/')) {
      entry.kind = 'sumdb';
      return send(404, 'no checksum database here\n');
    }
    let m = /^\/(.+)\/@latest$/.exec(pathname);
    let modPath: string | undefined;
    let rest: string | undefined;
    if (m) {
      modPath = unescapeModulePath(m[1] as string);
      entry.kind = 'latest';
    } else if ((m = /^\/(.+)\/@v\/(.+)$/.exec(pathname))) {
      modPath = unescapeModulePath(m[1] as string);
      rest = m[2] as string;
    } else {
      return send(404, 'not a proxy URL\n');
    }
    entry.module = modPath;
    if (rest === 'list') entry.kind = 'list';
    const vmEarly = /^(.+)\.(info|mod|zip)$/.exec(rest ?? '');
    if (vmEarly) {
      entry.kind = vmEarly[2] as RequestKind;
      entry.version = unescapeModulePath(vmEarly[1] as string);
    }

    // Auth before anything else: a private module's existence is not revealed without credentials.
    const rule = (this.opts.auth ?? []).find((r) => modPath === r.prefix.replace(/\/$/, '') || modPath.startsWith(r.prefix));
    const creds = parseBasicAuth(req.headers.authorization);
    if (creds) entry.authUser = creds.user;
    if (rule) {
      if (!creds) return send(401, 'authentication required\n', undefined, { 'WWW-Authenticate': 'Basic realm="e2e goproxy"' });
      if (creds.user !== rule.user || creds.password !== rule.password) return send(403, 'bad credentials\n');
    }

    const versions = this.byModule.get(modPath);
    if (entry.kind === 'latest') {
      if (!versions) return send(404, `unknown module ${modPath}\n`);
      const latest = [...versions.keys()].sort(compareSemver).pop() as string;
      entry.version = latest;
      return send(200, (versions.get(latest) as Built).info, 'application/json');
    }
    if (rest === 'list') {
      if (!versions) return send(404, `unknown module ${modPath}\n`);
      return send(200, [...versions.keys()].sort(compareSemver).join('\n') + '\n');
    }
    const vm = /^(.+)\.(info|mod|zip)$/.exec(rest ?? '');
    if (!vm) return send(404, 'not a proxy URL\n');
    const version = entry.version as string;
    if (!versions) return send(404, `unknown module ${modPath}\n`);
    const b = versions.get(version);
    if (!b) return send(410, `unknown version ${modPath}@${version}\n`);
    if (entry.kind === 'info') return send(200, b.info, 'application/json');
    if (entry.kind === 'mod') return send(200, b.mod);
    return send(200, b.zip, 'application/zip');
  }
}

function parseBasicAuth(h: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(h ?? '');
  if (!m) return undefined;
  const s = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const i = s.indexOf(':');
  return i < 0 ? { user: s, password: '' } : { user: s.slice(0, i), password: s.slice(i + 1) };
}

export async function startGoProxy(opts: GoProxyOptions): Promise<GoProxy> {
  return new GoProxy(opts).start();
}
