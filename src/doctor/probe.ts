/**
 * Probes one HTTP(S) endpoint step by step, each step timed and bounded by its own timeout:
 * DNS -> TCP -> (TLS to an https proxy) -> (CONNECT through the proxy) -> TLS -> HTTP GET(s).
 * Also plain TCP reachability for hosts (private VCS hosts: 443 and 22).
 */

import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { proxyFor, type HttpProxy, type ProxyEnvConfig } from './http-proxy.js';
import { classifyError, messageOf } from './net/errors.js';
import { resolveHost } from './net/dns.js';
import { connectTcp } from './net/tcp.js';
import { TlsVerifyError, tlsHandshake } from './net/tls.js';
import { openTunnel } from './net/tunnel.js';
import { httpGet, type HttpAnswer } from './net/http.js';
import type { Check, CheckKind, CheckStatus, Failure } from './types.js';

export interface ProbeContext {
  timeoutMs: number;
  proxyEnv: ProxyEnvConfig;
  /** PEM bundle from SSL_CERT_FILE; Node's bundled roots when undefined. */
  ca: string | undefined;
}

export interface Judgement {
  status: CheckStatus;
  detail: string;
  failure?: Failure;
}

export interface RequestSpec {
  /** Appended to the base URL's path; may carry a query. */
  path: string;
  judge: (answer: HttpAnswer) => Judgement;
}

export interface ProbeResult {
  checks: Check[];
  /** One per request; null when it was not made or failed before an HTTP answer. */
  answers: Array<HttpAnswer | null>;
  /** The first step that failed, if any. */
  failure: { kind: CheckKind; failure: Failure } | null;
  proxy: HttpProxy | null;
  /** True when the route could not be verified (a SOCKS proxy): the caller must not judge it. */
  unverified: boolean;
}

/** `base` + `path`; a bare query (`?go-get=1`) is appended without a slash, as go requests it. */
export function joinUrl(base: URL, path: string): URL {
  const href = base.href.replace(/[?#].*$/, '');
  if (path.startsWith('?')) return new URL(href + path);
  return new URL(href.replace(/\/*$/, '/') + path.replace(/^\/+/, ''));
}

/** Runs steps in order, recording each; after the first failure nothing more runs. */
class Recorder {
  readonly checks: Check[] = [];
  failure: { kind: CheckKind; failure: Failure } | null = null;

  constructor(private readonly idPrefix: string) {}

  async step<T>(kind: Exclude<CheckKind, 'http'>, label: string, run: () => Promise<T>, describe: (value: T) => string): Promise<T | undefined> {
    if (this.failure) return undefined;
    const started = performance.now();
    try {
      const value = await run();
      this.add({ kind, label, status: 'ok', ms: elapsed(started), detail: describe(value) });
      return value;
    } catch (err) {
      const failure = kind === 'config' || kind === 'static' ? ({ class: 'error' } as Failure) : classifyError(err, kind);
      if (err instanceof TlsVerifyError) {
        failure.class = 'tls';
        failure.code = err.code;
      }
      this.add({ kind, label, status: 'failed', ms: elapsed(started), detail: failureDetail(err, failure), failure });
      this.failure = { kind, failure };
      return undefined;
    }
  }

  add(check: Omit<Check, 'id'>): void {
    const n = this.checks.filter((c) => c.kind === check.kind).length;
    this.checks.push({ id: `${this.idPrefix}/${check.kind}${n > 0 ? n + 1 : ''}`, ...check });
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function failureDetail(err: unknown, failure: Failure): string {
  if (failure.class === 'timeout') return messageOf(err);
  const msg = messageOf(err);
  return failure.code && !msg.includes(failure.code) ? `${failure.code}: ${msg}` : msg;
}

function defaultPort(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Opens a connection to `url`'s origin (through the proxy when one applies); records steps when `rec` is given. */
async function establish(url: URL, proxy: HttpProxy | null, ctx: ProbeContext, rec: Recorder): Promise<Duplex | undefined> {
  const host = bareHost(url);
  const port = defaultPort(url);
  const dialHost = proxy ? proxy.host : host;
  const dialPort = proxy ? proxy.port : port;
  const via = proxy ? ` (${proxy.protocol === 'https:' ? 'HTTPS' : 'HTTP'} proxy)` : '';
  // An IP address needs no lookup: no DNS step.
  const addresses = isIP(dialHost) !== 0 ? [{ address: dialHost }] : await rec.step('dns', `dns ${dialHost}${via}`, () => resolveHost(dialHost, ctx.timeoutMs), describeAddresses);
  if (!addresses) return undefined;
  const tcp = await rec.step(
    'tcp',
    `tcp ${dialHost}:${dialPort}${via}`,
    () => connectTcp(addresses.map((a) => a.address), dialPort, ctx.timeoutMs),
    (c) => `connected to ${c.address.includes(':') ? `[${c.address}]` : c.address}:${dialPort}`,
  );
  if (!tcp) return undefined;
  let socket: Duplex = tcp.socket;
  if (proxy?.protocol === 'https:') {
    const t = await rec.step('tls', `tls ${proxy.host} (HTTPS proxy)`, () => tlsHandshake(socket, proxy.host, ctx.ca, ctx.timeoutMs), (r) => `${r.protocol}, issuer ${r.issuer}`);
    if (!t) return closeAndFail(socket);
    socket = t.socket;
  }
  if (proxy && url.protocol === 'https:') {
    const tunnel = await rec.step('connect', `CONNECT ${host}:${port} via ${proxy.display}`, () => openTunnel(socket, host, port, proxy.authorization, ctx.timeoutMs), () => 'tunnel open');
    if (!tunnel) return closeAndFail(socket);
  }
  if (url.protocol === 'https:') {
    const t = await rec.step('tls', `tls ${host}`, () => tlsHandshake(socket, host, ctx.ca, ctx.timeoutMs), (r) => `${r.protocol}, issuer ${r.issuer}`);
    if (!t) return closeAndFail(socket);
    socket = t.socket;
  }
  return socket;
}

function describeAddresses(a: Array<{ address: string }>): string {
  return a.map((x) => x.address).join(', ');
}

function closeAndFail(socket: Duplex): undefined {
  socket.destroy();
  return undefined;
}

/**
 * Probes `base` and then GETs each request path on it (a fresh connection per request; only the
 * first connection's steps are recorded). A network failure stops the probe; an HTTP status the
 * judge fails does not. With no requests, only the connection steps run.
 */
export async function probeHttp(base: URL, requests: RequestSpec[], ctx: ProbeContext, idPrefix: string): Promise<ProbeResult> {
  const rec = new Recorder(idPrefix);
  const answers: Array<HttpAnswer | null> = requests.map(() => null);
  const choice = proxyFor(base, ctx.proxyEnv);
  if (choice.error !== undefined) {
    rec.add({ kind: 'config', label: 'proxy settings', status: 'failed', ms: null, detail: choice.error, failure: { class: 'config' } });
    return { checks: rec.checks, answers, failure: { kind: 'config', failure: { class: 'config' } }, proxy: null, unverified: false };
  }
  const proxy = choice.proxy;
  if (proxy && (proxy.protocol === 'socks5:' || proxy.protocol === 'socks5h:')) {
    rec.add({ kind: 'config', label: `proxy ${proxy.display}`, status: 'skipped', ms: null, detail: 'SOCKS5 proxies are not probed; check them with curl --proxy' });
    return { checks: rec.checks, answers, failure: null, proxy, unverified: true };
  }
  if (requests.length === 0) {
    const socket = await establish(base, proxy, ctx, rec);
    socket?.destroy();
  }
  for (let i = 0; i < requests.length; i++) {
    const spec = requests[i] as RequestSpec;
    const url = joinUrl(base, spec.path);
    const label = `http GET ${url.pathname}${url.search}`;
    const started = performance.now();
    let socket: Duplex | undefined;
    if (i === 0) {
      socket = await establish(url, proxy, ctx, rec);
      if (!socket) break;
    }
    const httpStarted = i === 0 ? performance.now() : started;
    try {
      if (!socket) {
        // Later requests: same route, fresh connection, steps folded into this one.
        const quiet = new Recorder(idPrefix);
        socket = await establish(url, proxy, ctx, quiet);
        if (!socket) {
          const f = quiet.failure as { kind: CheckKind; failure: Failure };
          const last = quiet.checks[quiet.checks.length - 1] as Check;
          rec.add({ kind: 'http', label, status: 'failed', ms: elapsed(started), detail: `${last.label}: ${last.detail}`, failure: f.failure });
          rec.failure = { kind: f.kind, failure: f.failure };
          break;
        }
      }
      const answer = await httpGet(socket, { url, absoluteForm: proxy !== null && url.protocol === 'http:', proxyAuthorization: proxy?.authorization ?? null, timeoutMs: ctx.timeoutMs });
      answers[i] = answer;
      const judged: Judgement =
        proxy && answer.status === 407
          ? { status: 'failed', detail: '407 Proxy Authentication Required', failure: { class: 'proxy', httpStatus: 407 } }
          : spec.judge(answer);
      rec.add({ kind: 'http', label, status: judged.status, ms: elapsed(httpStarted), detail: judged.detail, ...(judged.failure ? { failure: judged.failure } : {}) });
      // An HTTP-level failure does not stop later requests: the route works.
      if (judged.status === 'failed' && !rec.failure) rec.failure = { kind: 'http', failure: judged.failure ?? { class: 'http', httpStatus: answer.status } };
    } catch (err) {
      socket?.destroy();
      const failure = classifyError(err, 'http');
      rec.add({ kind: 'http', label, status: 'failed', ms: elapsed(httpStarted), detail: failureDetail(err, failure), failure });
      rec.failure = { kind: 'http', failure };
      break;
    }
  }
  return { checks: rec.checks, answers, failure: rec.failure, proxy, unverified: false };
}

/** The usual verdict on a status: 2xx/3xx answer, anything else fails with the status as the cause. */
export function judgeStatus(answer: HttpAnswer, ok: (answer: HttpAnswer) => string = (a) => `${a.status} ${a.statusText}`.trim()): Judgement {
  if (answer.status >= 200 && answer.status < 300) return { status: 'ok', detail: ok(answer) };
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers['location'];
    return { status: 'ok', detail: `${answer.status} redirect to ${String(location ?? '?')} (not followed)` };
  }
  return { status: 'failed', detail: `${answer.status} ${answer.statusText}`.trim(), failure: { class: 'http', httpStatus: answer.status } };
}

/** DNS and a TCP connect to each port; a port is reached through the HTTP proxy when `viaProxy` says so. */
export async function probeHostPorts(
  host: string,
  ports: Array<{ port: number; viaProxy: boolean }>,
  ctx: ProbeContext,
  idPrefix: string,
): Promise<{ checks: Check[]; dnsFailed: boolean; portFailures: number[] }> {
  const rec = new Recorder(idPrefix);
  const addresses = isIP(host) !== 0 ? [{ address: host }] : await rec.step('dns', `dns ${host}`, () => resolveHost(host, ctx.timeoutMs), describeAddresses);
  const dnsFailed = addresses === undefined;
  const portFailures: number[] = [];
  for (const { port, viaProxy } of ports) {
    const choice = viaProxy ? proxyFor(new URL(`https://${host.includes(':') ? `[${host}]` : host}:${port}/`), ctx.proxyEnv) : { proxy: null };
    const proxy = choice.proxy;
    if (proxy && proxy.protocol !== 'socks5:' && proxy.protocol !== 'socks5h:') {
      const sub = new Recorder(idPrefix);
      const dial = await sub.step('dns', '', () => resolveHost(proxy.host, ctx.timeoutMs), () => '');
      const tcp = dial ? await sub.step('tcp', '', () => connectTcp(dial.map((a) => a.address), proxy.port, ctx.timeoutMs), () => '') : undefined;
      const started = performance.now();
      if (tcp) {
        try {
          let socket: Duplex = tcp.socket;
          if (proxy.protocol === 'https:') socket = (await tlsHandshake(socket, proxy.host, ctx.ca, ctx.timeoutMs)).socket;
          await openTunnel(socket, host, port, proxy.authorization, ctx.timeoutMs);
          socket.destroy();
          rec.add({ kind: 'connect', label: `CONNECT ${host}:${port} via ${proxy.display}`, status: 'ok', ms: elapsed(started), detail: 'tunnel open' });
        } catch (err) {
          tcp.socket.destroy();
          const failure = classifyError(err, 'connect');
          rec.add({ kind: 'connect', label: `CONNECT ${host}:${port} via ${proxy.display}`, status: 'failed', ms: elapsed(started), detail: failureDetail(err, failure), failure });
          portFailures.push(port);
        }
      } else {
        const f = sub.checks[sub.checks.length - 1] as Check;
        rec.add({ kind: 'connect', label: `CONNECT ${host}:${port} via ${proxy.display}`, status: 'failed', ms: f.ms, detail: `proxy unreachable: ${f.detail}`, ...(f.failure ? { failure: f.failure } : {}) });
        portFailures.push(port);
      }
      continue;
    }
    if (!addresses) continue;
    const started = performance.now();
    try {
      const c = await connectTcp(addresses.map((a) => a.address), port, ctx.timeoutMs);
      c.socket.destroy();
      rec.add({ kind: 'tcp', label: `tcp ${host}:${port}`, status: 'ok', ms: elapsed(started), detail: `connected to ${c.address}:${port}` });
    } catch (err) {
      const failure = classifyError(err, 'tcp');
      rec.add({ kind: 'tcp', label: `tcp ${host}:${port}`, status: 'failed', ms: elapsed(started), detail: failureDetail(err, failure), failure });
      portFailures.push(port);
    }
  }
  return { checks: rec.checks, dnsFailed, portFailures };
}
