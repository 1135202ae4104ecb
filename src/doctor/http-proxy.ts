/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, the way Go's net/http reads them
 * (golang.org/x/net/http/httpproxy):
 *
 * - Upper-case names win over lower-case ones; empty means unset.
 * - https URLs use HTTPS_PROXY only, http URLs HTTP_PROXY only (no fallback between them).
 * - A value without a scheme means `http://`.
 * - `localhost` and loopback IPs never go through a proxy.
 * - NO_PROXY: comma-separated; `*` disables proxying; an IP or CIDR matches IP literals; a host name
 *   `example.com` matches it and its subdomains, `.example.com` / `*.example.com` only subdomains;
 *   an optional `:port` restricts the entry to that port. Names are not resolved to match IPs.
 */

import { BlockList, isIP } from 'node:net';

export type Env = Record<string, string | undefined>;

export interface ProxyEnvConfig {
  httpsProxy: string;
  httpProxy: string;
  noProxy: string;
}

export function proxyEnvConfig(get: (name: string) => string | undefined): ProxyEnvConfig {
  const any = (...names: string[]): string => {
    for (const n of names) {
      const v = get(n);
      if (v !== undefined && v !== '') return v;
    }
    return '';
  };
  return {
    httpsProxy: any('HTTPS_PROXY', 'https_proxy'),
    httpProxy: any('HTTP_PROXY', 'http_proxy'),
    noProxy: any('NO_PROXY', 'no_proxy'),
  };
}

export interface HttpProxy {
  protocol: 'http:' | 'https:' | 'socks5:' | 'socks5h:';
  host: string;
  port: number;
  /** `Basic ...` for Proxy-Authorization, from user:password in the URL. */
  authorization: string | null;
  /** The proxy URL with any password replaced by `***`. */
  display: string;
}

export type ProxyParse = { proxy: HttpProxy | null } | { error: string };

export function parseProxyUrl(value: string): ProxyParse {
  if (value === '') return { proxy: null };
  let url = tryUrl(value);
  if (!url || url.host === '') url = tryUrl('http://' + value);
  if (!url || url.hostname === '') return { error: `invalid proxy address "${redactUrl(value)}"` };
  const protocol = url.protocol;
  if (protocol !== 'http:' && protocol !== 'https:' && protocol !== 'socks5:' && protocol !== 'socks5h:') {
    return { error: `unsupported proxy scheme "${protocol}" in "${redactUrl(value)}"` };
  }
  const defaultPort = protocol === 'https:' ? 443 : protocol === 'http:' ? 80 : 1080;
  const user = decodeURIComponent(url.username);
  const authorization = user !== '' || url.password !== '' ? 'Basic ' + Buffer.from(`${user}:${decodeURIComponent(url.password)}`).toString('base64') : null;
  return {
    proxy: {
      protocol,
      host: stripBrackets(url.hostname),
      port: url.port === '' ? defaultPort : Number(url.port),
      authorization,
      display: redactUrl(value),
    },
  };
}

function tryUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** `https://user:secret@host/` -> `https://user:***@host/`, `https://token@host/` -> `https://***@host/`. */
export function redactUrl(s: string): string {
  return s.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^/@\s,|]+)@/gi, (_w, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon === -1 ? `${scheme}***@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
  });
}

/** Whether NO_PROXY (and the loopback rule) keeps `host:port` off the proxy. */
export function bypassesProxy(host: string, port: number, noProxy: string): boolean {
  const h = stripBrackets(host.toLowerCase().trim());
  if (h === 'localhost') return true;
  const ipType = isIP(h);
  if (ipType !== 0 && isLoopback(h, ipType)) return true;
  for (const rawEntry of noProxy.split(',')) {
    const entry = rawEntry.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const slash = entry.indexOf('/');
    if (slash > 0) {
      const base = entry.slice(0, slash);
      const bits = Number(entry.slice(slash + 1));
      const baseType = isIP(base);
      if (baseType !== 0 && Number.isInteger(bits) && ipType === baseType) {
        const list = new BlockList();
        try {
          list.addSubnet(base, bits, baseType === 4 ? 'ipv4' : 'ipv6');
          if (list.check(h, ipType === 4 ? 'ipv4' : 'ipv6')) return true;
        } catch {
          // a malformed CIDR matches nothing
        }
      }
      continue;
    }
    let entryHost = entry;
    let entryPort = '';
    const hp = /^\[(.*)\]:(\d+)$/.exec(entry) ?? (/^([^:]*):(\d+)$/.exec(entry) as RegExpExecArray | null);
    if (hp) {
      entryHost = hp[1] as string;
      entryPort = hp[2] as string;
    }
    entryHost = stripBrackets(entryHost);
    if (entryHost === '') continue;
    const portOk = entryPort === '' || entryPort === String(port);
    if (isIP(entryHost) !== 0) {
      if (ipType !== 0 && sameIp(entryHost, h) && portOk) return true;
      continue;
    }
    let suffix = entryHost.startsWith('*.') ? entryHost.slice(1) : entryHost;
    const matchHost = !suffix.startsWith('.');
    if (matchHost) suffix = '.' + suffix;
    if ((h.endsWith(suffix) || (matchHost && h === suffix.slice(1))) && portOk) return true;
  }
  return false;
}

function isLoopback(ip: string, type: number): boolean {
  if (type === 4) return ip.startsWith('127.');
  const list = new BlockList();
  list.addAddress('::1', 'ipv6');
  list.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');
  return list.check(ip, 'ipv6');
}

function sameIp(a: string, b: string): boolean {
  const ta = isIP(a);
  const tb = isIP(b);
  if (ta !== tb) return false;
  const list = new BlockList();
  list.addAddress(a, ta === 4 ? 'ipv4' : 'ipv6');
  return list.check(b, tb === 4 ? 'ipv4' : 'ipv6');
}

export type ProxyChoice = { proxy: HttpProxy | null; error?: undefined } | { proxy: null; error: string };

/** The proxy Go would use for `url` (null: connect directly). */
export function proxyFor(url: URL, cfg: ProxyEnvConfig): ProxyChoice {
  const value = url.protocol === 'https:' ? cfg.httpsProxy : url.protocol === 'http:' ? cfg.httpProxy : '';
  if (value === '') return { proxy: null };
  const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (bypassesProxy(url.hostname, port, cfg.noProxy)) return { proxy: null };
  const parsed = parseProxyUrl(value);
  if ('error' in parsed) return { proxy: null, error: parsed.error };
  return { proxy: parsed.proxy };
}
