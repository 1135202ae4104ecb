import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorOptions } from '../../src/doctor/index.js';
import type { Check, DoctorReport, Target } from '../../src/doctor/types.js';
import {
  CERT_PATH,
  closedPort,
  goproxyHandler,
  startHttp,
  startHttpProxy,
  startHttps,
  startSilent,
  statusHandler,
  type Running,
} from './servers.js';

// Every server here listens on 127.0.0.1; the only other names used end in .invalid, which never
// resolve (RFC 6761), so no test reaches beyond this machine.
const TIMEOUT = '300ms';
const MODULE = 'doctor-test.invalid/Mod'; // never fetched directly unless a test says so

let good: Running; // answers @v/list and proxies sum.golang.org
let bare: Running; // answers @v/list only (404 for /sumdb/...)
let silent: Running;
let refusedPort: number;
let s403: Running;
let s500: Running;
let s404: Running;
let tls: Running;

beforeAll(async () => {
  [good, bare, silent, s403, s500, s404, tls] = await Promise.all([
    startHttp(goproxyHandler({ sumdb: true })),
    startHttp(goproxyHandler()),
    startSilent(),
    startHttp(statusHandler(403)),
    startHttp(statusHandler(500)),
    startHttp(statusHandler(404)),
    startHttps(goproxyHandler({ sumdb: true })),
  ]);
  refusedPort = await closedPort();
});

afterAll(async () => {
  await Promise.all([good, bare, silent, s403, s500, s404, tls].map((s) => s.close()));
});

async function doctor(options: DoctorOptions, env: Record<string, string> = {}): Promise<{ report: DoctorReport; ms: number }> {
  const started = performance.now();
  const report = await runDoctor({ timeout: TIMEOUT, module: MODULE, ...options }, { env, readGoEnv: async () => ({ status: 'absent' }) });
  return { report, ms: performance.now() - started };
}

function target(report: DoctorReport, id: string): Target {
  const t = report.targets.find((x) => x.id === id);
  if (!t) throw new Error(`no target ${id} in ${report.targets.map((x) => x.id).join(', ')}`);
  return t;
}

function check(report: DoctorReport, id: string): Check {
  for (const t of report.targets) for (const c of t.checks) if (c.id === id) return c;
  throw new Error(`no check ${id} in ${report.targets.flatMap((t) => t.checks.map((c) => c.id)).join(', ')}`);
}

const failed = (report: DoctorReport): Check[] => report.targets.flatMap((t) => t.checks.filter((c) => c.status === 'failed'));
const fixes = (c: Check): string => (c.advice ? [c.advice.cause, ...c.advice.fix].join('\n') : '');

describe('doctor against local servers', () => {
  it('a working proxy: every step ok, the checksum DB through the proxy, exit 0', async () => {
    const { report } = await doctor({ proxy: good.url, module: 'github.com/BurntSushi/toml' });
    expect(failed(report)).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(target(report, 'goproxy-1').role).toBe('used');
    expect(target(report, 'goproxy-1').checks.map((c) => [c.kind, c.status])).toEqual([
      ['tcp', 'ok'], // an IP address: no DNS step
      ['http', 'ok'],
      ['http', 'ok'],
    ]);
    expect(check(report, 'goproxy-1/http').detail).toBe('200, 3 versions');
    expect(good.seen).toContain('GET /github.com/!burnt!sushi/toml/@v/list');
    expect(good.seen).toContain('GET /sumdb/sum.golang.org/supported');
    expect(good.seen).toContain('GET /sumdb/sum.golang.org/latest');
    expect(target(report, 'sumdb').notes.join()).toMatch(/through the module proxy/);
    expect(check(report, 'chain/verdict')).toMatchObject({ status: 'ok' });
  });

  it('a proxy that accepts and never answers: timeout within the step timeout, "hang" advice', async () => {
    const { report, ms } = await doctor({ proxy: silent.url });
    const http = check(report, 'goproxy-1/http');
    expect(http).toMatchObject({ status: 'failed', failure: { class: 'timeout' } });
    expect(http.ms).toBeGreaterThanOrEqual(290);
    expect(http.ms).toBeLessThan(1000);
    expect(ms).toBeLessThan(2000);
    expect(fixes(http)).toMatch(/hang/);
    expect(fixes(http)).toContain('|');
    expect(check(report, 'chain/verdict').detail).toMatch(/^go mod download hangs: go stops at/);
    expect(report.exitCode).toBe(1);
  });

  it('a closed port: connection refused, fast', async () => {
    const { report, ms } = await doctor({ proxy: `http://127.0.0.1:${refusedPort}` });
    expect(check(report, 'goproxy-1/tcp')).toMatchObject({ status: 'failed', failure: { class: 'refused', code: 'ECONNREFUSED' } });
    expect(fixes(check(report, 'goproxy-1/tcp'))).toMatch(/connection refused/);
    expect(ms).toBeLessThan(1000);
  });

  it('403: credentials through a BuildKit secret mount, never ARG/ENV', async () => {
    const { report } = await doctor({ proxy: s403.url });
    const http = check(report, 'goproxy-1/http');
    expect(http).toMatchObject({ status: 'failed', failure: { class: 'http', httpStatus: 403 } });
    const text = fixes(http);
    expect(text).toContain('RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download');
    expect(text).toContain('docker build --secret id=netrc,src=$HOME/.netrc .');
    expect(text).toMatch(/never pass tokens with ARG\/ENV/);
  });

  it('500: the proxy is broken; fall back with "|" or another mirror', async () => {
    const { report } = await doctor({ proxy: s500.url });
    const http = check(report, 'goproxy-1/http');
    expect(http).toMatchObject({ status: 'failed', failure: { class: 'http', httpStatus: 500 } });
    expect(fixes(http)).toMatch(/broken/);
    expect(fixes(http)).toContain(`GOPROXY=${s500.url}|https://proxy.golang.org|direct`);
  });

  it('a self-signed certificate: TLS failure with its code, corporate-CA advice; trusted through SSL_CERT_FILE', async () => {
    const { report } = await doctor({ proxy: tls.url });
    const t = check(report, 'goproxy-1/tls');
    expect(t).toMatchObject({ status: 'failed', failure: { class: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
    expect(t.detail).toMatch(/issued by gomod-fix doctor test/);
    expect(fixes(t)).toContain('RUN update-ca-certificates');
    expect(fixes(t)).toMatch(/GOINSECURE does not apply to GOPROXY/);

    const trusted = await doctor({ proxy: tls.url }, { SSL_CERT_FILE: CERT_PATH });
    expect(failed(trusted.report)).toEqual([]);
    expect(check(trusted.report, 'goproxy-1/tls').detail).toMatch(/^TLSv1\.[23]/);
  });

  it('a server that accepts TCP but never starts TLS: the handshake times out', async () => {
    const { report } = await doctor({ proxy: `https://127.0.0.1:${silent.port}`, sumdb: 'off' });
    const t = check(report, 'goproxy-1/tls');
    expect(t).toMatchObject({ status: 'failed', failure: { class: 'timeout' } });
    expect(t.ms).toBeGreaterThanOrEqual(290);
    expect(t.ms).toBeLessThan(1000);
  });

  it('never runs past its timeouts, whatever hangs (everything in parallel, each step bounded)', async () => {
    const { report, ms } = await doctor({
      proxy: `${silent.url}|https://127.0.0.1:${silent.port},direct`,
      sumdb: `sum.golang.org ${silent.url}`,
      private: 'git.doctor-test.invalid',
    });
    expect(report.exitCode).toBe(1);
    // Longest chain here: GOPROXY entry 2 (tcp + tls) or the checksum DB (tcp + http): 2 x 300 ms.
    expect(ms).toBeLessThan(1500);
  });

  it('a host that does not resolve: DNS failure and DNS-in-the-build-network advice', async () => {
    const { report, ms } = await doctor({ proxy: 'https://proxy.doctor-test.invalid' });
    const dns = check(report, 'goproxy-1/dns');
    expect(dns.status).toBe('failed');
    // NXDOMAIN where a resolver answers; a timeout where none does. Both get DNS advice.
    expect(['dns', 'timeout']).toContain(dns.failure?.class);
    expect(dns.ms).toBeLessThan(1000);
    const text = fixes(dns);
    expect(text).toContain('docker build --network=host');
    expect(text).toContain('dockerd --dns');
    expect(text).toContain('dnsPolicy');
    expect(text).toContain('dnsConfig');
    expect(ms).toBeLessThan(2000);
  });
});

describe('the GOPROXY list, walked the way go does', () => {
  it('"," does not fall through on a timeout: go stops at the first entry even though the second works', async () => {
    const { report } = await doctor({ proxy: `${silent.url},${good.url}` });
    expect(target(report, 'goproxy-1').role).toBe('stopped');
    expect(target(report, 'goproxy-2').role).toBe('not-reached');
    const verdict = check(report, 'chain/verdict');
    expect(verdict.status).toBe('failed');
    expect(verdict.advice?.fix[0]).toContain(`GOPROXY=${silent.url}|${good.url}`);
    expect(report.exitCode).toBe(1);
  });

  it('"|" falls through on any error: works, with a warning about the wait', async () => {
    const { report } = await doctor({ proxy: `${silent.url}|${good.url}` });
    expect(target(report, 'goproxy-1').role).toBe('fell-through');
    expect(check(report, 'goproxy-1/http').status).toBe('warn'); // downgraded: go moves on
    expect(target(report, 'goproxy-2').role).toBe('used');
    expect(check(report, 'chain/verdict')).toMatchObject({ status: 'warn' });
    expect(check(report, 'chain/verdict').advice?.fix[0]).toBe(`--build-arg GOPROXY=${good.url}`);
    expect(report.exitCode).toBe(0);
  });

  it('"," falls through on 404, not on 500', async () => {
    const r404 = await doctor({ proxy: `${s404.url},${bare.url}`, sumdb: 'off' });
    expect(target(r404.report, 'goproxy-1').role).toBe('fell-through');
    expect(target(r404.report, 'goproxy-2').role).toBe('used');
    expect(r404.report.exitCode).toBe(0);

    const r500 = await doctor({ proxy: `${s500.url},${bare.url}`, sumdb: 'off' });
    expect(target(r500.report, 'goproxy-1').role).toBe('stopped');
    expect(r500.report.exitCode).toBe(1);

    const pipe500 = await doctor({ proxy: `${s500.url}|${bare.url}`, sumdb: 'off' });
    expect(target(pipe500.report, 'goproxy-2').role).toBe('used');
    expect(pipe500.report.exitCode).toBe(0);
  });

  it('GOPROXY=off: network forbidden, said so, exit 1', async () => {
    const { report } = await doctor({ proxy: 'off' });
    expect(target(report, 'goproxy-1').kind).toBe('off');
    const verdict = check(report, 'chain/verdict');
    expect(verdict).toMatchObject({ status: 'failed', detail: 'network forbidden by GOPROXY=off' });
    expect(report.targets.some((t) => t.kind === 'sumdb')).toBe(false);
  });

  it('direct probes the version control host of --module (here a name that does not resolve)', async () => {
    const { report } = await doctor({ proxy: 'direct', sumdb: 'off' });
    expect(target(report, 'goproxy-1').kind).toBe('direct');
    expect(check(report, 'goproxy-1/dns')).toMatchObject({ status: 'failed', label: 'dns doctor-test.invalid' });
  });
});

describe('credentials', () => {
  it('user:password in a GOPROXY URL is sent as Basic auth and never printed; in a Dockerfile ARG it is a warning', async () => {
    const auth = await startHttp((req, res) =>
      req.headers.authorization === 'Basic ' + Buffer.from('ci:s3cret-token').toString('base64') ? goproxyHandler()(req, res) : statusHandler(401)(req, res),
    );
    try {
      const url = auth.url.replace('http://', 'http://ci:s3cret-token@');
      const { report } = await doctor({ proxy: url, sumdb: 'off' });
      expect(failed(report)).toEqual([]);
      expect(JSON.stringify(report)).not.toContain('s3cret-token');

      const fromDockerfile = await runDoctor(
        { timeout: TIMEOUT, module: MODULE, sumdb: 'off', dockerfile: 'Dockerfile' },
        { env: {}, readGoEnv: async () => ({ status: 'absent' }), readFile: () => `FROM golang:1.22\nARG GOPROXY=${url}\nRUN go mod download\n` },
      );
      expect(JSON.stringify(fromDockerfile)).not.toContain('s3cret-token');
      const warn = check(fromDockerfile, 'settings/GOPROXY credentials');
      expect(warn.status).toBe('warn');
      expect(fixes(warn)).toContain('RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download');

      const wrong = await doctor({ proxy: auth.url.replace('http://', 'http://ci:nope@'), sumdb: 'off' });
      expect(check(wrong.report, 'goproxy-1/http')).toMatchObject({ status: 'failed', failure: { httpStatus: 401 } });
    } finally {
      await auth.close();
    }
  });
});

describe('checksum database', () => {
  it('GOSUMDB=off is a warning (integrity checking disabled), not a failure, and never the suggested fix', async () => {
    const { report } = await doctor({ proxy: bare.url, sumdb: 'off' });
    const c = check(report, 'settings/GOSUMDB');
    expect(c.status).toBe('warn');
    expect(c.detail).toMatch(/integrity checking disabled/);
    expect(fixes(c)).toContain('GOSUMDB=sum.golang.google.cn');
    expect(fixes(c)).toContain('GONOSUMDB');
    expect(report.exitCode).toBe(0);
  });

  it('an explicit GOSUMDB URL is probed at /latest directly, bypassing GOPROXY', async () => {
    const { report } = await doctor({ proxy: bare.url, sumdb: `sum.golang.org ${s500.url}` });
    expect(s500.seen).toContain('GET /latest');
    expect(check(report, 'sumdb/http')).toMatchObject({ status: 'failed', failure: { httpStatus: 500 } });
    expect(fixes(check(report, 'sumdb/http'))).toContain('GOSUMDB=sum.golang.google.cn');
  });
});

describe('through an HTTP proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY)', () => {
  it('tunnels https with CONNECT, without resolving the target locally', async () => {
    const proxy = await startHttpProxy({ tunnelTo: tls.port });
    try {
      const { report } = await doctor({ proxy: 'https://goproxy.doctor-test.invalid' }, { HTTPS_PROXY: proxy.url, SSL_CERT_FILE: CERT_PATH });
      expect(failed(report)).toEqual([]);
      expect(proxy.connects).toContain('goproxy.doctor-test.invalid:443');
      expect(target(report, 'goproxy-1').checks.map((c) => c.label)).toEqual([
        `tcp 127.0.0.1:${proxy.port} (HTTP proxy)`,
        `CONNECT goproxy.doctor-test.invalid:443 via ${proxy.url}`,
        'tls goproxy.doctor-test.invalid',
        'http GET /doctor-test.invalid/!mod/@v/list',
        'http GET /sumdb/sum.golang.org/supported',
      ]);
      expect(report.httpProxy.https).toBe(proxy.url);
      expect(target(report, 'settings').notes.join('\n')).toMatch(/https targets go through the HTTP proxy/);
    } finally {
      await proxy.close();
    }
  });

  it('407 from the proxy: proxy credentials advice; the password is never printed', async () => {
    const proxy = await startHttpProxy({ tunnelTo: tls.port, auth: 'alice:right' });
    try {
      const url = proxy.url.replace('http://', 'http://alice:wrong@');
      const { report } = await doctor({ proxy: 'https://goproxy.doctor-test.invalid', sumdb: 'off' }, { HTTPS_PROXY: url });
      const c = check(report, 'goproxy-1/connect');
      expect(c).toMatchObject({ status: 'failed', failure: { class: 'proxy', httpStatus: 407 } });
      expect(fixes(c)).toMatch(/--build-arg HTTPS_PROXY=/);
      expect(JSON.stringify(report)).not.toContain('wrong');
    } finally {
      await proxy.close();
    }
  });

  it('plain http targets go through HTTP_PROXY in absolute form; NO_PROXY bypasses it', async () => {
    const proxy = await startHttpProxy({ handler: goproxyHandler() });
    try {
      const { report } = await doctor({ proxy: 'http://goproxy.doctor-test.invalid', sumdb: 'off' }, { HTTP_PROXY: proxy.url });
      expect(failed(report)).toEqual([]);
      expect(proxy.seen).toContain('GET http://goproxy.doctor-test.invalid/doctor-test.invalid/!mod/@v/list');

      const bypass = await doctor({ proxy: 'http://goproxy.doctor-test.invalid', sumdb: 'off' }, { HTTP_PROXY: proxy.url, NO_PROXY: '.doctor-test.invalid' });
      expect(check(bypass.report, 'goproxy-1/dns')).toMatchObject({ status: 'failed', label: 'dns goproxy.doctor-test.invalid' });
    } finally {
      await proxy.close();
    }
  });
});

describe('private hosts (GOPRIVATE / GONOPROXY)', () => {
  it('probes the host of each glob; a host that does not resolve fails with DNS advice', async () => {
    const { report } = await doctor({ proxy: bare.url, sumdb: 'off', private: '*.corp.doctor-test.invalid,git.doctor-test.invalid/team/*,git*.weird' });
    const t1 = target(report, 'private-1');
    expect(t1.title).toMatch(/^Private host corp\.doctor-test\.invalid/);
    expect(t1.notes.join()).toMatch(/wildcard/);
    expect(check(report, 'private-1/dns')).toMatchObject({ status: 'failed', failure: { class: 'dns' } });
    expect(fixes(check(report, 'private-1/dns'))).toContain('dnsPolicy');
    expect(target(report, 'private-2').title).toMatch(/^Private host git\.doctor-test\.invalid/);
    expect(check(report, 'private-3/config')).toMatchObject({ status: 'skipped' });
  });

  it('TCP 443 and 22 on a host that resolves (loopback: both refused here)', async () => {
    const { report } = await doctor({ proxy: bare.url, sumdb: 'off', private: '127.0.0.1/team' });
    const checks = target(report, 'private-1').checks;
    expect(checks.map((c) => c.label)).toEqual(['tcp 127.0.0.1:443', 'tcp 127.0.0.1:22']);
    // 443 decides; 22 matters only for SSH, so it can only warn.
    const c22 = checks[1] as Check;
    if (c22.failure) expect(c22.status).toBe('warn');
  });
});

describe('Dockerfile', () => {
  it('reads ARG defaults from the build stage (below env in precedence) and runs the injected static checks', async () => {
    const text = `FROM golang:1.22 AS build\nARG GOPROXY=${bare.url}\nARG GOSUMDB=off\nRUN go mod download\n`;
    const calls: Array<[string, string]> = [];
    const report = await runDoctor(
      { timeout: TIMEOUT, module: MODULE, dockerfile: 'Dockerfile' },
      {
        env: {},
        readGoEnv: async () => ({ status: 'absent' }),
        readFile: () => text,
        staticCheck: (path, t) => {
          calls.push([path, t]);
          return [{ rule: 'go-mod-cache-mount', severity: 'warning', line: 4, message: 'go mod download without a cache mount', fix: 'RUN --mount=type=cache,target=/go/pkg/mod go mod download' }];
        },
      },
    );
    expect(calls).toEqual([['Dockerfile', text]]);
    expect(report.settings.find((s) => s.name === 'GOPROXY')).toEqual({ name: 'GOPROXY', value: bare.url, source: 'dockerfile', origin: 'Dockerfile:2 (ARG in stage build)' });
    expect(check(report, 'dockerfile/static1')).toMatchObject({ status: 'warn', label: 'go-mod-cache-mount line 4', advice: { fix: ['RUN --mount=type=cache,target=/go/pkg/mod go mod download'] } });
    expect(report.exitCode).toBe(0);
  });

  it('without a wired checker the static checks are reported as skipped', async () => {
    const report = await runDoctor(
      { timeout: TIMEOUT, module: MODULE, proxy: bare.url, sumdb: 'off', dockerfile: 'Dockerfile' },
      { env: {}, readGoEnv: async () => ({ status: 'absent' }), readFile: () => 'FROM golang:1.22\nRUN go build\n' },
    );
    expect(check(report, 'dockerfile/static')).toMatchObject({ status: 'skipped' });
  });
});
