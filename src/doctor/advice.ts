/**
 * Likely cause and exact fix for a failed (or warned) check. Pure: everything it needs is in the
 * check and the context. Fixes never put credentials in ARG/ENV and never suggest GOSUMDB=off.
 */

import type { Advice, Check } from './types.js';

export type AdviceTarget = 'goproxy' | 'direct' | 'sumdb' | 'private';

export interface AdviceContext {
  target: AdviceTarget;
  /** Host of the target (proxy, checksum DB, VCS host). */
  host: string;
  /** Target URL when there is one. */
  url: string | null;
  /** The HTTP proxy the target is reached through, redacted, or null. */
  viaProxy: string | null;
  /** The module path used for protocol requests. */
  module: string;
}

export const MIRROR_FIX = 'docker build --build-arg GOPROXY=https://goproxy.cn,direct --build-arg GOSUMDB=sum.golang.google.cn .';
export const MIRROR_ARGS_NOTE = '(declare them in the build stage so --build-arg reaches go: ARG GOPROXY=https://proxy.golang.org,direct and ARG GOSUMDB=sum.golang.org, before RUN go mod download)';
export const NETRC_FIX = [
  'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download',
  'docker build --secret id=netrc,src=$HOME/.netrc .',
  'never pass tokens with ARG/ENV or COPY them: they stay in the image history',
];
export const DNS_FIX = [
  'docker build --network=host .   (use the host resolver for RUN steps)',
  'dockerd: "dns": ["<your DNS server>"] in /etc/docker/daemon.json (or dockerd --dns <server>), then restart docker',
  'Kubernetes build pods: dnsPolicy: ClusterFirst (or None) with dnsConfig.nameservers / searches that resolve the host',
];
export const CA_FIX = [
  'COPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt',
  'RUN update-ca-certificates   (alpine: RUN apk add --no-cache ca-certificates && update-ca-certificates)',
];

const STEP_NAMES: Record<Check['kind'], string> = {
  dns: 'the DNS lookup',
  tcp: 'the TCP connection',
  connect: 'the CONNECT tunnel',
  tls: 'the TLS handshake',
  http: 'the HTTP request',
  config: 'the setting',
  static: 'the Dockerfile check',
};

const OFFICIAL_PROXY = 'proxy.golang.org';
const OFFICIAL_SUMDB = 'sum.golang.org';

function isOfficial(ctx: AdviceContext): boolean {
  return (ctx.target === 'goproxy' && ctx.host === OFFICIAL_PROXY) || (ctx.target === 'sumdb' && ctx.host === OFFICIAL_SUMDB);
}

/** The step failed on the way to the HTTP proxy, not on the way to the target. */
function isProxyHop(check: Check, ctx: AdviceContext): boolean {
  return ctx.viaProxy !== null && (check.kind === 'dns' || check.kind === 'tcp' || (check.kind === 'tls' && check.label.includes('(HTTPS proxy)')));
}

function what(ctx: AdviceContext): string {
  switch (ctx.target) {
    case 'goproxy':
      return `module proxy ${ctx.host}`;
    case 'sumdb':
      return `checksum database ${ctx.host}`;
    case 'direct':
      return `${ctx.host} (GOPROXY=direct: go fetches ${ctx.module} from its version control host)`;
    case 'private':
      return `private host ${ctx.host}`;
  }
}

/** Fixes for "this public endpoint cannot be reached from here". */
function unreachableFixes(ctx: AdviceContext): string[] {
  if (ctx.target === 'goproxy' && ctx.host === OFFICIAL_PROXY) return [MIRROR_FIX, MIRROR_ARGS_NOTE];
  if (ctx.target === 'sumdb' && ctx.host === OFFICIAL_SUMDB) return ['docker build --build-arg GOSUMDB=sum.golang.google.cn .   (the same database, reachable from mainland China)'];
  if (ctx.target === 'goproxy') return [`use a reachable proxy, or let go fall back on errors: GOPROXY=${ctx.url ?? ctx.host}|https://proxy.golang.org|direct`, MIRROR_FIX];
  if (ctx.target === 'sumdb') return ['docker build --build-arg GOSUMDB=sum.golang.google.cn .   (or sum.golang.org, whichever is reachable)'];
  if (ctx.target === 'direct') return ['let a module proxy fetch it: GOPROXY=https://proxy.golang.org,direct (or https://goproxy.cn,direct)', `allow outbound HTTPS (443) to ${ctx.host} from the build network`];
  return [`allow outbound 443 (HTTPS) and 22 (SSH) to ${ctx.host} from the build network (VPN, firewall rule, or HTTPS_PROXY)`];
}

export function adviceFor(check: Check, ctx: AdviceContext): Advice | undefined {
  const f = check.failure;
  if (!f || (check.status !== 'failed' && check.status !== 'warn')) return undefined;
  const w = what(ctx);
  const hang = 'a step that never answers is what makes go mod download hang';

  if (isProxyHop(check, ctx)) {
    return {
      cause: `the HTTP proxy ${ctx.viaProxy} (from HTTPS_PROXY/HTTP_PROXY) is not reachable: ${f.class}${f.code ? ` ${f.code}` : ''}`,
      fix: ['check the proxy address in HTTPS_PROXY / HTTP_PROXY, or unset it if this network has direct access', 'exclude hosts that must not use it with NO_PROXY (e.g. NO_PROXY=.corp.example.com)'],
    };
  }

  switch (check.kind === 'dns' && f.class === 'timeout' ? 'dns' : f.class) {
    case 'dns': {
      const kind =
        f.class === 'timeout'
          ? 'the DNS lookup got no answer within the timeout (resolver unreachable or slow)'
          : f.code === 'EAI_AGAIN'
            ? 'the DNS server did not answer (temporary failure, EAI_AGAIN)'
            : `the name does not resolve (${f.code ?? 'ENOTFOUND'})`;
      const extra = isOfficial(ctx) ? [MIRROR_FIX] : ctx.target === 'private' || ctx.target === 'direct' ? [`${ctx.host} must resolve inside the build network (corporate DNS, VPN)`] : [];
      return { cause: `${w}: ${kind} — DNS in the build network`, fix: [...DNS_FIX, ...extra] };
    }
    case 'timeout': {
      const where = check.kind === 'connect' ? `the HTTP proxy ${ctx.viaProxy} accepted, but the tunnel to ${ctx.host} did not open in time` : `${w}: ${STEP_NAMES[check.kind]} got no answer within the timeout`;
      const typical = isOfficial(ctx) ? ' — blocked or filtered on this network (typical in mainland China or behind a corporate firewall)' : '';
      return { cause: `${where}${typical}; ${hang}`, fix: unreachableFixes(ctx) };
    }
    case 'refused':
      return {
        cause: `${w}: connection refused — nothing listens on that port, the service is down, or a firewall rejects it`,
        fix: [`check the URL and port${ctx.url ? ` (${ctx.url})` : ''}: curl -v ${ctx.url ?? `https://${ctx.host}/`}`, ...unreachableFixes(ctx)],
      };
    case 'reset':
      return {
        cause:
          check.kind === 'tls'
            ? `${w}: connection reset during the TLS handshake — a firewall filtering by server name (common for ${OFFICIAL_PROXY} and ${OFFICIAL_SUMDB} from mainland China)`
            : `${w}: connection reset by the network or the server`,
        fix: unreachableFixes(ctx),
      };
    case 'unreachable':
      return {
        cause: `${w}: no route (${f.code ?? 'unreachable'}) — the build network has no outbound access`,
        fix: ['docker build --network=host .', 'or configure an HTTP proxy: docker build --build-arg HTTPS_PROXY=http://proxy.example:3128 .', ...unreachableFixes(ctx)],
      };
    case 'tls': {
      const code = f.code ?? 'TLS error';
      if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
        return { cause: `${w}: the certificate does not name ${ctx.host} (${code}) — wrong URL, or an intercepting proxy`, fix: [`check the URL${ctx.url ? ` ${ctx.url}` : ''}`, ...CA_FIX] };
      }
      if (code === 'CERT_HAS_EXPIRED') return { cause: `${w}: the certificate has expired (${code}), or the build container's clock is wrong`, fix: ['renew the server certificate / check the clock (date -u)'] };
      const insecure =
        ctx.target === 'direct' || ctx.target === 'private'
          ? [`last resort, for this host only: GOINSECURE=${ctx.host}  (warning: go then skips certificate checks for ${ctx.host}; never use it for public hosts)`]
          : ctx.target === 'goproxy'
            ? ['GOINSECURE does not apply to GOPROXY fetches: install the CA']
            : [];
      return {
        cause: `${w}: TLS verification failed (${code}) — ${check.detail.includes('issued by') ? check.detail.slice(check.detail.indexOf('issued by')) : 'an untrusted certificate'}; usually a corporate TLS-inspecting proxy or a private CA the builder image does not trust`,
        fix: [...CA_FIX, 'or point go at a bundle that includes it: ENV SSL_CERT_FILE=/etc/ssl/certs/corp-bundle.pem (in the build stage)', ...insecure],
      };
    }
    case 'proxy': {
      const status = f.httpStatus ?? 0;
      if (status === 407) {
        return {
          cause: `the HTTP proxy ${ctx.viaProxy ?? ''} wants credentials (407 Proxy Authentication Required)`.replace('  ', ' '),
          fix: [
            'docker build --build-arg HTTPS_PROXY=http://user:password@proxy.example:3128 .',
            'HTTPS_PROXY/HTTP_PROXY/NO_PROXY are predefined build args: docker keeps them out of the image history unless the Dockerfile declares ARG HTTPS_PROXY — do not declare it',
          ],
        };
      }
      return {
        cause: `the HTTP proxy ${ctx.viaProxy ?? ''} refused to connect to ${ctx.host} (${status}): its policy blocks this host`,
        fix: [`ask for ${ctx.host} to be allowed, or bypass the proxy for it: NO_PROXY=${ctx.host} (only if it is reachable directly)`],
      };
    }
    case 'http':
      return httpAdvice(f.httpStatus ?? 0, check, ctx, w);
    case 'config':
      return { cause: check.detail, fix: ['fix the value (see go help environment)'] };
    case 'error':
      return { cause: `${w}: ${check.detail}`, fix: unreachableFixes(ctx) };
  }
}

/** The URL an `http GET <path>` check requested. */
function requestUrl(check: Check, ctx: AdviceContext): string {
  const path = check.label.startsWith('http GET ') ? check.label.slice('http GET '.length) : '/';
  try {
    return new URL(ctx.url ?? `https://${ctx.host}`).origin + path;
  } catch {
    return `https://${ctx.host}${path}`;
  }
}

function httpAdvice(status: number, check: Check, ctx: AdviceContext, w: string): Advice {
  if (status === 401 || status === 403) {
    const pub = isOfficial(ctx) ? ' (a public service answering this usually means a corporate proxy or firewall blocks it)' : '';
    return {
      cause: `${w} refused the request (${status}${status === 401 ? ' Unauthorized' : ' Forbidden'}): it needs credentials${pub}`,
      fix: [
        'give go the credentials through a BuildKit secret (go reads ~/.netrc for proxies and git over HTTPS):',
        ...NETRC_FIX,
        `~/.netrc line: machine ${ctx.host} login <user> password <token>`,
      ],
    };
  }
  if (status === 404 || status === 410) {
    if (ctx.target === 'sumdb') return { cause: `${w}: ${status} for ${check.label.replace(/^http GET /, '')}`, fix: ['check the GOSUMDB URL'] };
    return {
      cause: `${w} does not have ${ctx.module} (${status}); after "," go tries the next GOPROXY entry, after "|" too`,
      fix: [
        'if it should: check the proxy URL, which for Artifactory/Nexus includes the repository path (e.g. https://nexus.example/repository/go-proxy)',
        `see what it answers: curl -sS ${requestUrl(check, ctx)}`,
      ],
    };
  }
  if (status === 429) return { cause: `${w} is rate-limiting this client (429)`, fix: [`let go fall back: GOPROXY=${ctx.url ?? ctx.host}|https://goproxy.cn|direct`, 'cache modules between builds: RUN --mount=type=cache,target=/go/pkg/mod go mod download'] };
  if (status >= 500) {
    if (ctx.target === 'sumdb') return { cause: `${w} is failing (${status}): the service is broken or overloaded`, fix: ['docker build --build-arg GOSUMDB=sum.golang.google.cn .   (or sum.golang.org)'] };
    return {
      cause: `${w} is failing (${status}): the proxy is broken or overloaded`,
      fix: [`let go fall back on errors with "|": --build-arg GOPROXY=${ctx.url ?? `https://${ctx.host}`}|https://proxy.golang.org|direct`, 'or use another mirror: GOPROXY=https://goproxy.cn,direct (or https://goproxy.io,direct)'],
    };
  }
  return { cause: `${w} answered ${status}`, fix: [`inspect it: curl -v ${ctx.url ?? `https://${ctx.host}/`}`] };
}
