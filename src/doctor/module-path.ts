/**
 * Module paths and the module-path glob lists (GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE), as
 * golang.org/x/mod/module treats them.
 */

/** Go's case-encoding for proxy URLs: every uppercase letter becomes `!` + its lowercase. */
export function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/** Why `path` is not a module path Go would fetch, or null when it is fine. */
export function modulePathProblem(path: string): string | null {
  if (path === '') return 'the module path is empty';
  if (!/^[A-Za-z0-9._~+\-/]+$/.test(path)) return `"${path}" has characters not allowed in a module path`;
  if (path.startsWith('/') || path.endsWith('/') || path.includes('//')) return `"${path}" has an empty path element`;
  const first = path.split('/')[0] as string;
  if (!first.includes('.')) return `the first element of "${path}" must be a host name with a dot (like golang.org)`;
  if (first.startsWith('-') || first.startsWith('.') || first.endsWith('.')) return `"${first}" is not a valid host name`;
  return null;
}

/** The comma-separated patterns of a GOPRIVATE-style list, trimmed, empty ones and trailing `/` dropped. */
export function splitPatterns(list: string): string[] {
  return list
    .split(',')
    .map((p) => p.trim().replace(/\/+$/, ''))
    .filter((p) => p !== '');
}

/**
 * `module.MatchPrefixPatterns`: a pattern with N path elements is matched (with `path.Match`)
 * against the first N elements of the target.
 */
export function matchPrefixPatterns(list: string, target: string): boolean {
  const parts = target.split('/');
  return splitPatterns(list).some((pattern) => {
    const n = pattern.split('/').length;
    if (parts.length < n) return false;
    return pathMatch(pattern, parts.slice(0, n).join('/'));
  });
}

/** Go's `path.Match`: `*` and `?` never match `/`; `[...]` classes with `^` negation; `\` escapes. */
export function pathMatch(pattern: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i] as string);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) return false; // Go: ErrBadPattern, which MatchPrefixPatterns treats as no match
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\]\\]/g, '\\$&')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`^${re}$`).test(name);
  } catch {
    return false;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export type PatternHost = { pattern: string; host: string; wildcard: boolean } | { pattern: string; host: null; reason: string };

/**
 * The host to probe for a module-path pattern: its first path element. `*.corp.example.com` probes
 * `corp.example.com` (a wildcard cannot be resolved; its parent domain is the closest stand-in).
 */
export function patternHost(pattern: string): PatternHost {
  let first = (pattern.split('/')[0] as string).toLowerCase();
  let wildcard = false;
  if (first.startsWith('*.')) {
    first = first.slice(2);
    wildcard = true;
  }
  if (/[*?[\]\\]/.test(first)) return { pattern, host: null, reason: `"${pattern}" has a wildcard in its host name; no single host to probe` };
  if (!first.includes('.')) return { pattern, host: null, reason: `"${pattern}" does not start with a host name` };
  return { pattern, host: first, wildcard };
}

/** The distinct hosts of a pattern list, in order, plus the patterns that name no host. */
export function patternHosts(list: string): PatternHost[] {
  const seen = new Set<string>();
  const out: PatternHost[] = [];
  for (const p of splitPatterns(list)) {
    const h = patternHost(p);
    if (h.host !== null) {
      if (seen.has(h.host)) continue;
      seen.add(h.host);
    }
    out.push(h);
  }
  return out;
}
