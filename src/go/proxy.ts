/** GOPROXY / GOSUMDB presets and validation, shared by the codemod, the scaffolder and doctor. */

export const PROXY_PRESETS = {
  default: 'https://proxy.golang.org,direct',
  'goproxy.cn': 'https://goproxy.cn,direct',
  'goproxy.io': 'https://goproxy.io,direct',
  aliyun: 'https://mirrors.aliyun.com/goproxy/,direct',
} as const;

export const SUMDB_PRESETS = {
  default: 'sum.golang.org',
  'sum.golang.google.cn': 'sum.golang.google.cn',
} as const;

export type ProxyPreset = keyof typeof PROXY_PRESETS;

/** Mirrors for which the reachable checksum database is `sum.golang.google.cn`. */
const CHINA_MIRRORS = ['goproxy.cn', 'goproxy.io', 'mirrors.aliyun.com', 'goproxy.bj.bcebos.com', 'mirrors.tencent.com'];

export class SettingError extends Error {
  override name = 'SettingError';
}

/**
 * GOPROXY lists, read the way cmd/go/internal/modfetch/proxy.go (proxyList, newProxyRepo) reads
 * them. The one GOPROXY parser of the product: the codemod, the scaffolder and doctor use it.
 *
 * - Entries are separated by `,` or `|`. The separator AFTER an entry decides what happens when that
 *   entry fails: after `,` go moves on only when the entry answers 404 or 410 (not found); after `|`
 *   it moves on after any error (timeout, refused, TLS, 5xx, ...).
 * - Entries are trimmed; empty entries (`a,,b`, a leading or trailing separator) are skipped.
 * - `direct` fetches from the module's version control host; `off` forbids network access. Either one
 *   ends the list: go ignores (and does not check) anything after it.
 * - An entry that contains `.`, `:` or `/`, but not `:/`, and is not an absolute path, gets `https://`
 *   (`goproxy.cn` is `https://goproxy.cn`). Anything else must be a URL with scheme https, http or
 *   file (a file URL with nothing but a path).
 * - An empty GOPROXY means the default (GOROOT/go.env); a non-empty one without entries (`,`) is an error.
 */
export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';

export type ProxyEntry =
  | { kind: 'url'; url: string; fallBackOnError: boolean }
  | { kind: 'direct'; fallBackOnError: boolean }
  | { kind: 'off'; fallBackOnError: boolean };

export interface ProxyList {
  entries: ProxyEntry[];
  /** Entries after `direct` or `off`, which go never uses. */
  ignored: string[];
  /** Why go would reject this GOPROXY value; null when it is valid. */
  error: string | null;
}

export function parseGoproxy(value: string): ProxyList {
  const entries: ProxyEntry[] = [];
  const ignored: string[] = [];
  let rest = value.trim() === '' ? DEFAULT_GOPROXY : value;
  let ended = false;
  while (rest !== '') {
    const i = rest.search(/[,|]/);
    const raw = (i >= 0 ? rest.slice(0, i) : rest).trim();
    const fallBackOnError = i >= 0 && rest[i] === '|';
    rest = i >= 0 ? rest.slice(i + 1) : '';
    if (raw === '') continue;
    if (ended) {
      ignored.push(raw);
      continue;
    }
    if (raw === 'off' || raw === 'direct') {
      entries.push({ kind: raw, fallBackOnError });
      ended = true;
      continue;
    }
    let url = raw;
    if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/')) url = 'https://' + url;
    const problem = proxyUrlProblem(url);
    if (problem) return { entries, ignored, error: `invalid GOPROXY entry "${raw}": ${problem}` };
    entries.push({ kind: 'url', url: url.replace(/\/+$/, ''), fallBackOnError });
  }
  if (entries.length === 0) return { entries, ignored, error: 'GOPROXY list is not the empty string, but contains no entries' };
  return { entries, ignored, error: null };
}

function proxyUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(url) ? 'not a valid URL' : 'missing scheme (write https://host or direct/off)';
  }
  if (!['https:', 'http:', 'file:'].includes(parsed.protocol)) return 'scheme must be https, http or file';
  if (parsed.protocol === 'file:') {
    if (parsed.host !== '' || parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') return 'a file:// URL with a host or other non-path parts';
    return null;
  }
  if (parsed.hostname === '') return 'missing host';
  return null;
}

/** Problems with a GOPROXY value as go sees it, in words a user can act on; empty when go accepts it. */
export function proxyProblems(value: string): string[] {
  const { error } = parseGoproxy(value);
  return error === null ? [] : [error];
}

/** Characters a `--proxy` value may not contain: it is written into Dockerfiles and shell commands. */
const USER_PROXY_ENTRY = /^(https?|file):\/\/[^\s"'`$;&|<>\\]+$/;

/** Resolves a `--proxy` value: a preset name or a GOPROXY list. Throws SettingError when invalid. */
export function resolveProxy(value: string): string {
  const preset = (PROXY_PRESETS as Record<string, string>)[value];
  if (preset) return preset;
  // Stricter than go: every entry spelled out as a URL, and nothing a shell or a Dockerfile reads.
  const problems: string[] = [];
  if (value.trim() === '') problems.push('GOPROXY is empty');
  for (const raw of value.split(/[,|]/)) {
    const v = raw.trim();
    if (v === '') problems.push(`GOPROXY "${value}" has an empty entry`);
    else if (v !== 'direct' && v !== 'off' && !USER_PROXY_ENTRY.test(v)) problems.push(`GOPROXY entry "${v}" is not an http(s):// or file:// URL, "direct" or "off"`);
  }
  problems.push(...proxyProblems(value));
  if (problems.length > 0) throw new SettingError(`--proxy: ${problems[0]} (presets: ${Object.keys(PROXY_PRESETS).join(', ')})`);
  return value;
}

const SUMDB_VALUE = /^(off|[A-Za-z0-9.-]+(\+[A-Za-z0-9+/=]+(\+[0-9a-f]+)?)?(\s+https?:\/\/[^\s"'`$;&|<>\\]+)?|https?:\/\/[^\s"'`$;&|<>\\]+)$/;

export function resolveSumdb(value: string): string {
  const preset = (SUMDB_PRESETS as Record<string, string>)[value];
  if (preset) return preset;
  if (!SUMDB_VALUE.test(value)) throw new SettingError(`--sumdb: "${value}" is not a checksum database name, "name+key url" or URL`);
  return value;
}

const GLOB = /^[A-Za-z0-9.*?\[\]_~\/-]+$/;

/** Validates a comma-separated list of module path globs (GOPRIVATE/GONOPROXY/GONOSUMDB). */
export function resolvePrivate(value: string): string {
  const globs = value.split(',').map((g) => g.trim());
  for (const g of globs) {
    if (g === '' || !GLOB.test(g)) throw new SettingError(`--private: "${g}" is not a module path glob (like example.com/org/* or *.corp.example.com)`);
  }
  return globs.join(',');
}

export function isChinaMirror(proxy: string): boolean {
  return parseGoproxy(proxy).entries.some((e) => e.kind === 'url' && CHINA_MIRRORS.some((h) => e.url.includes(h)));
}
