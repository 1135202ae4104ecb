import { describe, expect, it } from 'vitest';
import { isExcluded, parseDockerignore } from '../../../src/transforms/lib/dockerignore-patterns.js';

const excluded = (file: string, path: string): boolean => isExcluded(parseDockerignore(file), path);

describe('dockerignore patterns (moby/patternmatcher semantics)', () => {
  it('a directory pattern excludes its contents; leading slash, ./ and trailing slash are cleaned away', () => {
    for (const p of ['.git', '/.git', './.git', '.git/', '.git//']) expect(excluded(p, '.git/HEAD'), p).toBe(true);
  });
  it('* and ? stop at slashes; ** spans directories', () => {
    expect(excluded('*.md', 'README.md')).toBe(true);
    expect(excluded('*.md', 'docs/README.md')).toBe(false);
    expect(excluded('**/*.md', 'docs/a/README.md')).toBe(true);
    expect(excluded('**/*.md', 'README.md')).toBe(true);
    expect(excluded('doc?', 'docs/x')).toBe(true);
    expect(excluded('.git/**', '.git/objects/ab/cd')).toBe(true);
  });
  it('the last matching pattern wins; ! re-includes', () => {
    expect(excluded('*.md\n!README.md', 'README.md')).toBe(false);
    expect(excluded('!README.md\n*.md', 'README.md')).toBe(true);
    expect(excluded('*\n!src', 'src/main.go')).toBe(false);
    expect(excluded('*\n!src', '.git/HEAD')).toBe(true);
  });
  it('comments only at column 1, surrounding blanks trimmed, CRLF and a BOM read', () => {
    expect(excluded('# .git', '.git/HEAD')).toBe(false);
    expect(excluded('  .git  ', '.git/HEAD')).toBe(true);
    expect(excluded('\uFEFF.git\r\nbin\r\n', '.git/HEAD')).toBe(true);
    expect(excluded('\uFEFF.git\r\nbin\r\n', 'bin/app')).toBe(true);
  });
  it('regex characters are literal, backslash escapes, classes work', () => {
    expect(excluded('a+b', 'a+b')).toBe(true);
    expect(excluded('a+b', 'aab')).toBe(false);
    expect(excluded('\\*', '*')).toBe(true);
    expect(excluded('\\*', 'x')).toBe(false);
    expect(excluded('[ab].txt', 'b.txt')).toBe(true);
    expect(excluded('[unclosed', 'x')).toBe(false);
  });
});
