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

/** One entry of a GOPROXY list and the separator after it (`,` falls through on 404/410 only, `|` on any error). */
export interface ProxyEntry {
  value: string;
  kind: 'url' | 'direct' | 'off';
  separator: ',' | '|' | null;
}

export function parseProxyList(value: string): ProxyEntry[] {
  const entries: ProxyEntry[] = [];
  const re = /([^,|]*)([,|]?)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null && m[0] !== '') {
    const v = (m[1] as string).trim();
    const kind = v === 'direct' ? 'direct' : v === 'off' ? 'off' : 'url';
    entries.push({ value: v, kind, separator: (m[2] || null) as ',' | '|' | null });
  }
  return entries;
}

/** Problems with a GOPROXY value, in words a user can act on; empty when valid. */
export function proxyProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.trim() === '') return ['GOPROXY is empty'];
  for (const e of parseProxyList(value)) {
    if (e.value === '') problems.push(`GOPROXY "${value}" has an empty entry`);
    else if (e.kind === 'url' && !/^(https?|file):\/\/[^\s"'`$;&|<>\\]+$/.test(e.value)) {
      problems.push(`GOPROXY entry "${e.value}" is not an http(s):// or file:// URL, "direct" or "off"`);
    }
  }
  return problems;
}

/** Resolves a `--proxy` value: a preset name or a GOPROXY list. Throws SettingError when invalid. */
export function resolveProxy(value: string): string {
  const preset = (PROXY_PRESETS as Record<string, string>)[value];
  if (preset) return preset;
  const problems = proxyProblems(value);
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
  return parseProxyList(proxy).some((e) => e.kind === 'url' && CHINA_MIRRORS.some((h) => e.value.includes(h)));
}
