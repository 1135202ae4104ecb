// End-to-end: real `docker build`s of Go modules against a local module proxy that counts requests.
//
// Needs the engine from scripts/e2e/setup.sh. Without it the suite is skipped with a message, or
// fails when E2E_REQUIRED=1 (CI). E2E_SKIP=1 skips it even when the engine is there.
// All docker scenarios live in this one file on purpose: they prune the shared build cache to
// measure cold builds, so they must not run in parallel with each other (vitest runs the tests of
// one file in sequence; a lock keeps two vitest processes apart).
//
// Every build gets build args GOPROXY=https://127.0.0.1:<port> (the test proxy; https because the
// go command sends netrc credentials to https URLs only; the builder image trusts the test CA) and
// GONOSUMDB=example.test, and the proxy's plain-HTTP port as HTTP(S)_PROXY (egress guard): each
// build asserts that nothing tried to reach another address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GoProxy, loadModuleTree, startGoProxy, type ProxyRequest } from './goproxy.js';
import {
  CLI,
  DOCKERFILES_DIR,
  E2E_REQUIRED,
  HOW_TO_RUN,
  PROXY_MODULES_DIR,
  acquireEngineLock,
  build,
  cleanupScratch,
  cliMissing,
  copyModule,
  editSource,
  engineStatus,
  formatTable,
  history,
  inspectImage,
  loadTestTls,
  pruneBuildCache,
  record,
  removeImages,
  results,
  run,
  runCli,
  save,
  scratchDir,
  writeNetrc,
  type BuildOptions,
  type BuildResult,
} from './harness.js';

// ------------------------------------------------------------------------------ CLI contract
// The flags the tests pass to the CLIs, in one place.

/** A public-modules-only Dockerfile whose GOPROXY default is the test proxy. */
const scaffoldPublic = (dir: string, proxyUrl: string, extra: string[] = []) => [dir, '--yes', '--force', '--proxy', proxyUrl, '--private', 'none', ...extra];
/** Private modules on the (authenticated) module proxy, credentials from a netrc build secret. */
const scaffoldPrivate = (dir: string, proxyUrl: string) => [
  dir, '--yes', '--force', '--proxy', proxyUrl, '--private', 'example.test/private', '--private-via', 'proxy', '--auth', 'netrc',
];
const fixWrite = (dockerfile: string) => ['--write', dockerfile];

/**
 * Scaffolder option combinations, built and run one by one (warm caches). `unsupported`: the
 * engine here cannot build it (reason shown as the skip message).
 */
const MATRIX: Array<{ name: string; args: string[]; module?: 'hello' | 'cgohello'; unsupported?: string }> = [
  { name: 'defaults (distroless static)', args: [] },
  { name: 'runtime scratch', args: ['--runtime', 'scratch'] },
  { name: 'runtime debian-slim', args: ['--runtime', 'debian-slim'] },
  { name: '--cgo, pure Go program', args: ['--cgo'] },
  { name: 'cgo detected (distroless base)', args: [], module: 'cgohello' },
  { name: 'cgo detected, runtime debian-slim', args: ['--runtime', 'debian-slim'], module: 'cgohello' },
  { name: 'version stamping', args: ['--version-var', 'main.version'] },
  { name: 'go build -p 1', args: ['--build-parallelism', '1'] },
  { name: 'platforms linux/amd64', args: ['--platforms', 'linux/amd64'] },
  { name: 'runtime alpine', args: ['--runtime', 'alpine'], unsupported: 'no alpine image: no registry and no Alpine mirror reachable' },
  { name: 'builder alpine', args: ['--builder', 'alpine'], unsupported: 'no golang:*-alpine image: no registry and no Alpine mirror reachable' },
  { name: 'platforms linux/arm64', args: ['--platforms', 'linux/arm64'], unsupported: 'base images here are amd64 only' },
];

// ----------------------------------------------------------------------------------- gating

const engine = E2E_SKIP() ? { ok: false, reason: 'E2E_SKIP=1' } : await engineStatus();
const cliProblem = cliMissing();
const skipCli = !!cliProblem && !E2E_REQUIRED;

function E2E_SKIP(): boolean {
  return process.env.E2E_SKIP === '1';
}

if (!engine.ok) {
  if (E2E_REQUIRED && !E2E_SKIP()) {
    describe('e2e Docker builds (E2E_REQUIRED=1)', () => {
      it('needs the e2e Docker engine', () => {
        throw new Error(`no e2e engine: ${engine.reason}. E2E_REQUIRED=1 makes this a failure; ${HOW_TO_RUN}.`);
      });
    });
  } else {
    process.stderr.write(`[e2e] Docker build tests SKIPPED: ${engine.reason}. To run them, ${HOW_TO_RUN}.\n`);
  }
}

const TITLE = engine.ok ? `e2e Docker builds (${engine.reason})` : `e2e Docker builds: SKIPPED (${engine.reason}); to run them, ${HOW_TO_RUN}`;
const CLI_TITLE = (what: string) => (skipCli ? `${what}: SKIPPED (${cliProblem})` : what);

const AUTH_USER = 'e2e-user';
const MIN = 60_000;

describe.skipIf(!engine.ok)(TITLE, () => {
  let proxy: GoProxy;
  let release: (() => void) | undefined;
  const images = new Set<string>();
  const tag = (name: string) => {
    const t = `cgd-e2e/${name}:test`;
    images.add(t);
    return t;
  };
  // Fresh token per run: the assertions grep for it in history and image bytes.
  const TOKEN = `tok-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    release = await acquireEngineLock();
    proxy = await startGoProxy({
      modules: loadModuleTree(PROXY_MODULES_DIR),
      auth: [{ prefix: 'example.test/private/', user: AUTH_USER, password: TOKEN }],
      tls: loadTestTls(),
    });
  }, 31 * MIN);

  afterAll(async () => {
    await proxy?.close();
    await removeImages([...images]).catch(() => undefined);
    cleanupScratch();
    release?.();
    if (results.length) process.stdout.write(`\n[e2e] module proxy requests and build times\n${formatTable()}\n\n`);
  }, 5 * MIN);

  // --- helpers ---------------------------------------------------------------------------

  interface Measured extends BuildResult {
    requests: ProxyRequest[];
  }

  /** Builds, records a table row, and checks that no RUN step tried to leave the machine. */
  async function measured(scenario: string, label: string, ctx: string, dockerfile: string, opts: BuildOptions = {}): Promise<Measured> {
    const mark = proxy.mark();
    const b = await build(ctx, dockerfile, {
      egressGuard: proxy.guardUrl,
      ...opts,
      buildArgs: { GOPROXY: proxy.url, GONOSUMDB: 'example.test', ...opts.buildArgs },
    });
    const requests = proxy.moduleRequests(mark);
    record({ scenario, build: label, seconds: b.seconds, moduleRequests: requests.length, fetched: fetched(requests) });
    for (const n of b.notes) process.stdout.write(`[e2e] ${scenario} / ${label}: ${n}\n`);
    expect(proxy.escapes(mark), `a build step tried to reach another address:\n${proxy.describe(mark)}`).toEqual([]);
    return { ...b, requests };
  }

  /** "greet: info mod zip; strutil: mod zip" */
  function fetched(reqs: ProxyRequest[]): string {
    const by = new Map<string, string[]>();
    for (const r of reqs) {
      const k = (r.module as string).replace(/^example\.test\//, '');
      by.set(k, [...(by.get(k) ?? []), r.status === 200 ? r.kind : `${r.kind}:${r.status}`]);
    }
    return [...by].map(([m, kinds]) => `${m}: ${kinds.join(' ')}`).join('; ');
  }

  /**
   * The netrc `machine` for the proxy. Go 1.23 (cmd/go/internal/auth.AddCredentials) matches it
   * against req.Host, which keeps an explicit port: `127.0.0.1:<port>`, not `127.0.0.1`.
   */
  const netrcMachine = () => new URL(proxy.url).host;

  const modulesOf = (reqs: ProxyRequest[]) => [...new Set(reqs.map((r) => r.module))].sort();

  async function expectRunsAsNonRoot(image: string, marker = 'original') {
    const r = await run(image);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Hello, e2e!');
    expect(r.stdout).toContain(`edit: ${marker}`);
    expect(r.stdout).toContain('uid=65532 gid=65532');
    const cfg = await inspectImage(image);
    expect(cfg.Config.User).toMatch(/^(65532(:65532)?|nonroot(:nonroot)?)$/);
    return r.stdout;
  }

  /** hello + example.test/strutil v1.1.0: go.mod, go.sum and a use in main.go. */
  function addStrutil(dir: string) {
    const gomod = join(dir, 'go.mod');
    writeFileSync(gomod, readFileSync(gomod, 'utf8').replace('require example.test/greet v1.0.0', 'require (\n\texample.test/greet v1.0.0\n\texample.test/strutil v1.1.0\n)'));
    writeFileSync(join(dir, 'go.sum'), proxy.goSum([['example.test/greet', 'v1.0.0'], ['example.test/strutil', 'v1.1.0']]));
    const main = join(dir, 'main.go');
    writeFileSync(
      main,
      readFileSync(main, 'utf8')
        .replace('"example.test/greet"\n', '"example.test/greet"\n\t"example.test/strutil"\n')
        .replace('fmt.Println(greet.Hello("e2e"))', 'fmt.Println(greet.Hello("e2e"))\n\tfmt.Println(strutil.Shout("cache"))'),
    );
  }

  /** The cache promise on one Dockerfile: cold build, .go edit (0 requests), new requirement (only it). */
  async function cachePromise(scenario: string, dir: string, dockerfile: string, image: string) {
    const cold = await measured(scenario, 'cold', dir, dockerfile, { tag: image });
    expect(cold.requests.filter((r) => r.kind === 'zip').map((r) => r.module)).toContain('example.test/greet');
    await expectRunsAsNonRoot(image);

    editSource(dir, 'edited-1');
    const edit = await measured(scenario, '.go edit', dir, dockerfile, { tag: image });
    expect(edit.requests, `a source edit must not fetch modules:\n${proxy.describe()}`).toEqual([]);
    await expectRunsAsNonRoot(image, 'edited-1');

    addStrutil(dir);
    const add = await measured(scenario, '+ strutil v1.1.0', dir, dockerfile, { tag: image });
    expect(modulesOf(add.requests)).toEqual(['example.test/strutil']);
    expect(add.requests.some((r) => r.kind === 'zip' && r.version === 'v1.1.0')).toBe(true);
    expect((await run(image)).stdout).toContain('CACHE!');
  }

  /** The token must not be in the history nor anywhere in the image bytes. */
  async function expectNoToken(image: string) {
    const h = await history(image);
    expect(h).not.toContain(TOKEN);
    const tar = await save(image);
    expect(tar.length).toBeGreaterThan(0);
    expect(tar.includes(TOKEN), `${image}: docker save contains the token`).toBe(false);
    expect(tar.includes(Buffer.from(`${AUTH_USER}:${TOKEN}`).toString('base64')), `${image}: docker save contains the basic-auth header`).toBe(false);
  }

  // --- 1. the infrastructure on a hand-written Dockerfile ----------------------------------

  describe('hand-written optimized Dockerfile (the shape the scaffolder produces)', () => {
    it('cold build runs as 65532; a .go edit fetches 0 modules; a new requirement fetches only it', async () => {
      await pruneBuildCache();
      const dir = copyModule('hello');
      await cachePromise('hand-written', dir, join(DOCKERFILES_DIR, 'optimized.Dockerfile'), tag('hand'));
    }, 20 * MIN);

    it('private module through a netrc secret: wrong token fails, right one builds, token in no layer', async () => {
      const dir = copyModule('private');
      const df = join(DOCKERFILES_DIR, 'optimized-netrc.Dockerfile');
      const secrets = scratchDir('secrets');

      // Wrong password first (secrets are not part of BuildKit's cache key: a success would be reused).
      const bad = await measured('hand-written private', 'wrong token', dir, df, {
        secrets: { netrc: writeNetrc(join(secrets, 'bad'), netrcMachine(), AUTH_USER, 'not-the-token') },
        allowFailure: true,
      });
      expect(bad.ok, 'a wrong token must fail the build').toBe(false);
      expect(bad.requests.some((r) => r.module === 'example.test/private/secret' && r.status === 403)).toBe(true);

      const netrc = writeNetrc(join(secrets, 'good'), netrcMachine(), AUTH_USER, TOKEN);
      const image = tag('hand-private');
      const ok = await measured('hand-written private', 'netrc secret', dir, df, { secrets: { netrc }, tag: image });
      expect(ok.requests.some((r) => r.module === 'example.test/private/secret' && r.kind === 'zip' && r.status === 200 && r.authUser === AUTH_USER)).toBe(true);
      expect(ok.output).not.toContain(TOKEN);
      const out = await run(image);
      expect(out.stdout).toContain('private module reached');
      expect(out.stdout).toContain('uid=65532');
      await expectNoToken(image);
      // Also the build stage, where the secret was mounted.
      const stage = tag('hand-private-build-stage');
      await measured('hand-written private', 'build stage', dir, df, { secrets: { netrc }, tag: stage, target: 'build' });
      await expectNoToken(stage);
    }, 20 * MIN);

    it('canary: the egress guard catches a build that would go to proxy.golang.org', async () => {
      const dir = copyModule('hello');
      const mark = proxy.mark();
      const b = await build(dir, join(DOCKERFILES_DIR, 'optimized.Dockerfile'), {
        egressGuard: proxy.guardUrl,
        buildArgs: { GOPROXY: 'https://proxy.golang.org,direct', GONOSUMDB: 'example.test' },
        noCache: true,
        allowFailure: true,
      });
      expect(b.ok, 'nothing outside 127.0.0.1 is reachable through the guard').toBe(false);
      expect(proxy.escapes(mark).map((r) => r.url)).toContain('proxy.golang.org:443');
    }, 5 * MIN);

    it('canary: the history/save checks do find a token that is baked into a layer', async () => {
      const dir = scratchDir('canary');
      writeFileSync(join(dir, 'leak.txt'), `machine x login ${AUTH_USER} password ${TOKEN}\n`);
      writeFileSync(join(dir, 'Dockerfile'), 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY leak.txt /leak.txt\n');
      const image = tag('canary');
      await build(dir, join(dir, 'Dockerfile'), { tag: image });
      await expect(expectNoToken(image)).rejects.toThrow(/docker save contains the token/);
    }, 5 * MIN);
  });

  // --- 2. create-go-dockerfile ---------------------------------------------------------------

  describe.skipIf(skipCli)(CLI_TITLE('create-go-dockerfile'), () => {
    async function scaffold(args: string[], dir: string): Promise<string> {
      if (cliProblem) throw new Error(cliProblem);
      const r = await runCli(CLI.scaffold, args);
      expect(r.code, `create-go-dockerfile ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
      const df = join(dir, 'Dockerfile');
      expect(existsSync(df), r.stdout).toBe(true);
      return df;
    }

    it('scaffolds a Dockerfile that builds and runs as non-root; keeps the cache promise', async () => {
      await pruneBuildCache();
      const dir = copyModule('hello');
      const df = await scaffold(scaffoldPublic(dir, proxy.url), dir);
      await cachePromise('scaffold', dir, df, tag('scaffold'));
    }, 20 * MIN);

    it('private modules via the proxy with --auth netrc; the token is in no layer', async () => {
      const dir = copyModule('private');
      const df = await scaffold(scaffoldPrivate(dir, proxy.url), dir);
      const text = readFileSync(df, 'utf8');
      const secretId = /--mount=type=secret,[^\n]*?id=([\w.-]+)/.exec(text)?.[1];
      expect(secretId, `no secret mount in the generated Dockerfile:\n${text}`).toBeDefined();
      const netrc = writeNetrc(scratchDir('secrets'), netrcMachine(), AUTH_USER, TOKEN);
      const image = tag('scaffold-private');
      const b = await measured('scaffold private', '--auth netrc', dir, df, { secrets: { [secretId as string]: netrc }, tag: image });
      expect(b.requests.some((r) => r.module === 'example.test/private/secret' && r.kind === 'zip' && r.status === 200)).toBe(true);
      const out = await run(image);
      expect(out.stdout).toContain('private module reached');
      expect(out.stdout).toContain('uid=65532');
      await expectNoToken(image);
    }, 20 * MIN);

    describe('option matrix', () => {
      for (const combo of MATRIX) {
        it.skipIf(!!combo.unsupported)(combo.unsupported ? `${combo.name}: SKIPPED (${combo.unsupported})` : combo.name, async () => {
          const dir = copyModule(combo.module ?? 'hello');
          const df = await scaffold(scaffoldPublic(dir, proxy.url, combo.args), dir);
          const image = tag(`matrix-${combo.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`);
          const versionArg = combo.args.includes('--version-var') ? { VERSION: 'v9.8.7-e2e' } : undefined;
          await measured('matrix', combo.name, dir, df, { tag: image, ...(versionArg ? { buildArgs: versionArg } : {}) });
          const stdout = await expectRunsAsNonRoot(image);
          if (versionArg) expect(stdout).toContain('version: v9.8.7-e2e');
          if (combo.module === 'cgohello') expect(stdout).toContain('cgo: pid from libc true');
        }, 15 * MIN);
      }
    });
  });

  // --- 3. gomod-fix before/after -------------------------------------------------------------

  describe.skipIf(skipCli)(CLI_TITLE('gomod-fix'), () => {
    it('legacy Dockerfile re-fetches every module per source edit; after --write a source edit fetches 0', async () => {
      await pruneBuildCache();
      const dir = copyModule('hello');
      const df = join(dir, 'Dockerfile');
      writeFileSync(df, readFileSync(join(DOCKERFILES_DIR, 'legacy.Dockerfile'), 'utf8'));
      const image = tag('legacy');

      const cold = await measured('gomod-fix', 'legacy cold', dir, df, { tag: image });
      expect(modulesOf(cold.requests)).toEqual(['example.test/greet']);
      editSource(dir, 'legacy-edit');
      const legacyEdit = await measured('gomod-fix', 'legacy .go edit', dir, df, { tag: image });
      expect(legacyEdit.requests.filter((r) => r.kind === 'zip').map((r) => r.module), 'the legacy order re-downloads on a source edit').toEqual(['example.test/greet']);

      const before = readFileSync(df, 'utf8');
      if (cliProblem) throw new Error(cliProblem);
      const fix = await runCli(CLI.fix, fixWrite(df), dir);
      expect(fix.code, `gomod-fix --write\n${fix.stdout}${fix.stderr}`).toBe(0);
      const after = readFileSync(df, 'utf8');
      expect(after).not.toBe(before);
      process.stdout.write(`[e2e] gomod-fix rewrote the legacy Dockerfile to:\n${after}\n`);

      const fixedImage = tag('fixed');
      const fixed = await measured('gomod-fix', 'fixed cold', dir, df, { tag: fixedImage });
      expect(fixed.ok).toBe(true);
      editSource(dir, 'fixed-edit');
      const fixedEdit = await measured('gomod-fix', 'fixed .go edit', dir, df, { tag: fixedImage });
      expect(fixedEdit.requests, `after gomod-fix a source edit must not fetch modules:\n${proxy.describe()}`).toEqual([]);
      const r = await run(fixedImage);
      expect(r.stdout).toContain('Hello, e2e!');
      expect(r.stdout).toContain('edit: fixed-edit');
    }, 25 * MIN);
  });
});
