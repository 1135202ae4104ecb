/**
 * `.dockerignore` matching as BuildKit does it (moby/patternmatcher): `#` lines at column 1 are
 * comments, lines are trimmed and cleaned like Go's filepath.Clean (a leading `/` dropped), `!`
 * re-includes, `*`/`?` stop at `/`, `**` spans directories, a pattern that matches a directory
 * excludes everything in it, and the last pattern that matches a path decides.
 */

export interface IgnorePattern {
  /** As cleaned, without the `!`. */
  pattern: string;
  /** `!pattern`: re-includes what matches. */
  negated: boolean;
  regex: RegExp;
}

/** Go's filepath.Clean for slash paths. */
function clean(path: string): string {
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return rooted ? '/' + joined : joined || '.';
}

function compile(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        re += i + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += '\\' + (pattern[++i] as string);
    else if (c === '[' || c === ']') re += c;
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`);
  } catch {
    // An unbalanced `[`: BuildKit rejects the file; match nothing rather than guess.
    return /(?!)/;
  }
}

export function parseDockerignore(content: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  content
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw) => {
      const line = raw.replace(/\r$/, '');
      if (line.startsWith('#')) return;
      let p = line.trim();
      if (p === '') return;
      const negated = p.startsWith('!');
      if (negated) p = p.slice(1).trim();
      if (p === '') return;
      p = clean(p);
      if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
      patterns.push({ pattern: p, negated, regex: compile(p) });
    });
  return patterns;
}

/** Whether a pattern matches the path or one of its parent directories. */
export function matchesOrParent(pattern: IgnorePattern, path: string): boolean {
  if (pattern.regex.test(path)) return true;
  const parts = path.split('/');
  for (let k = 1; k < parts.length; k++) if (pattern.regex.test(parts.slice(0, k).join('/'))) return true;
  return false;
}

/** Whether the context path (slash-separated, relative to the context root) is left out of the build context. */
export function isExcluded(patterns: readonly IgnorePattern[], path: string): boolean {
  let excluded = false;
  for (const p of patterns) if (matchesOrParent(p, path)) excluded = !p.negated;
  return excluded;
}
