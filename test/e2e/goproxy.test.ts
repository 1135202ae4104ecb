// The e2e test GOPROXY on its own: no Docker needed, so this always runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { GoProxy, dirhash1, escapeModulePath, loadModuleTree, readZip, startGoProxy, unescapeModulePath, writeZip } from './goproxy.js';
import { EXAMPLE_GOSUMS, MODULES_DIR, PROXY_MODULES_DIR, scratchDir, cleanupScratch } from './harness.js';

const AUTH = { prefix: 'example.test/private/', user: 'e2e', password: 'pw-goproxy-test' };
let proxy: GoProxy;

beforeAll(async () => {
  proxy = await startGoProxy({ modules: loadModuleTree(PROXY_MODULES_DIR), auth: [AUTH] });
});
afterAll(async () => {
  await proxy?.close();
  cleanupScratch();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${proxy.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', reject);
    req.end();
  });
}
const basic = (user: string, pw: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}` });

describe('e2e GOPROXY: checksums and zips', () => {
  it('dirhash Hash1 matches the go command for a known go.mod (golang.org/x/text v0.3.0/go.mod)', () => {
    // x/text v0.3.0 has no go.mod; the go command synthesizes this one. Its go.sum line is everywhere.
    expect(dirhash1([['go.mod', Buffer.from('module golang.org/x/text\n')]])).toBe('h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=');
  });

  it('writes zips that read back, with <module>@<version>/ prefixes, and that unzip accepts', () => {
    const zip = proxy.zipOf('example.test/strutil', 'v1.1.0');
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(['example.test/strutil@v1.1.0/go.mod', 'example.test/strutil@v1.1.0/strutil.go']);
    expect(files.get('example.test/strutil@v1.1.0/strutil.go')?.toString()).toContain('func Shout');
    // Deterministic: same bytes every time.
    expect(writeZip([...files].map(([name, data]) => ({ name, data })))).toEqual(zip);
    if (existsSync('/usr/bin/unzip')) {
      const f = join(scratchDir('zip'), 'm.zip');
      writeFileSync(f, zip);
      expect(execFileSync('/usr/bin/unzip', ['-tq', f]).toString()).toMatch(/No errors detected/);
    }
  });

  it('module path escaping', () => {
    expect(escapeModulePath('github.com/Azure/azure-sdk')).toBe('github.com/!azure/azure-sdk');
    expect(unescapeModulePath('github.com/!azure/azure-sdk')).toBe('github.com/Azure/azure-sdk');
  });

  for (const [name, mods] of Object.entries(EXAMPLE_GOSUMS)) {
    it(`test/e2e/modules/${name}/go.sum matches the proxy's checksums`, () => {
      const file = join(MODULES_DIR, name, 'go.sum');
      const expected = proxy.goSum(mods);
      if (process.env.E2E_WRITE_GOSUM === '1') writeFileSync(file, expected);
      expect(readFileSync(file, 'utf8'), `regenerate with E2E_WRITE_GOSUM=1 npx vitest run test/e2e/goproxy.test.ts`).toBe(expected);
    });
  }
});

describe('e2e GOPROXY: protocol', () => {
  it('serves list, info, mod, zip and @latest, and counts them', async () => {
    const mark = proxy.mark();
    const list = await get('/example.test/strutil/@v/list');
    expect(list.status).toBe(200);
    expect(list.body.toString()).toBe('v1.0.0\nv1.1.0\n');
    const info = await get('/example.test/strutil/@v/v1.0.0.info');
    expect(JSON.parse(info.body.toString())).toEqual({ Version: 'v1.0.0', Time: '2024-01-01T00:00:00Z' });
    const mod = await get('/example.test/strutil/@v/v1.0.0.mod');
    expect(mod.body.toString()).toBe('module example.test/strutil\n\ngo 1.21\n');
    const zip = await get('/example.test/greet/@v/v1.0.0.zip');
    expect(zip.type).toBe('application/zip');
    expect([...readZip(zip.body).keys()]).toContain('example.test/greet@v1.0.0/greet.go');
    const latest = await get('/example.test/strutil/@latest');
    expect(JSON.parse(latest.body.toString()).Version).toBe('v1.1.0');

    expect(proxy.countsByModule(mark)).toEqual({ 'example.test/strutil': 4, 'example.test/greet': 1 });
    expect(proxy.countsByPath(mark)['/example.test/greet/@v/v1.0.0.zip']).toBe(1);
    expect(proxy.since(mark).map((r) => r.kind)).toEqual(['list', 'info', 'mod', 'zip', 'latest']);
  });

  it('answers 404 for unknown modules, 410 for unknown versions, 404 for /sumdb/', async () => {
    expect((await get('/example.test/nope/@v/list')).status).toBe(404);
    expect((await get('/example.test/nope/@v/v1.0.0.mod')).status).toBe(404);
    expect((await get('/example.test/greet/@v/v9.9.9.zip')).status).toBe(410);
    expect((await get('/sumdb/sum.golang.org/supported')).status).toBe(404);
    expect((await get('/favicon.ico')).status).toBe(404);
  });

  it('requires basic auth for example.test/private/...', async () => {
    const mark = proxy.mark();
    const path = '/example.test/private/secret/@v/v1.0.0.zip';
    const none = await get(path);
    expect(none.status).toBe(401);
    expect((await get(path, basic('e2e', 'wrong'))).status).toBe(403);
    const ok = await get(path, basic(AUTH.user, AUTH.password));
    expect(ok.status).toBe(200);
    expect(readZip(ok.body).has('example.test/private/secret@v1.0.0/secret.go')).toBe(true);
    expect(proxy.since(mark).map((r) => [r.status, r.authUser])).toEqual([[401, undefined], [403, 'e2e'], [200, 'e2e']]);
    // Public modules need no credentials.
    expect((await get('/example.test/greet/@v/v1.0.0.mod')).status).toBe(200);
  });

  it('refuses and logs egress attempts (absolute-URI and CONNECT requests)', async () => {
    const mark = proxy.mark();
    const abs = await new Promise<number>((resolve, reject) => {
      const u = new URL(proxy.url);
      const req = request({ host: u.hostname, port: u.port, path: 'http://proxy.golang.org/example.test/greet/@v/list' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(abs).toBe(403);
    const connect = await new Promise<number>((resolve, reject) => {
      const u = new URL(proxy.url);
      const req = request({ host: u.hostname, port: u.port, method: 'CONNECT', path: 'sum.golang.org:443' });
      req.on('connect', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(connect).toBe(403);
    expect(proxy.escapes(mark).map((r) => r.url)).toEqual(['http://proxy.golang.org/example.test/greet/@v/list', 'sum.golang.org:443']);
    expect(proxy.moduleRequests(mark)).toEqual([]);
  });
});
