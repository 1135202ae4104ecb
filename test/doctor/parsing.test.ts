import { describe, expect, it } from 'vitest';
import { parseTimeout } from '../../src/doctor/duration.js';
import { joinUrl } from '../../src/doctor/probe.js';
import { formatGoproxy, parseGoproxy, walkChain, withPipeFallback, type EntryOutcome } from '../../src/doctor/goproxy.js';
import { escapeModulePath, matchPrefixPatterns, modulePathProblem, pathMatch, patternHost, patternHosts } from '../../src/doctor/module-path.js';
import { parseGosumdb } from '../../src/doctor/sumdb.js';
import { DoctorUsageError } from '../../src/doctor/types.js';

describe('module paths', () => {
  it('escapes uppercase letters as ! + lowercase (Go case-encoding)', () => {
    expect(escapeModulePath('github.com/BurntSushi/toml')).toBe('github.com/!burnt!sushi/toml');
    expect(escapeModulePath('github.com/Azure/azure-sdk-for-go')).toBe('github.com/!azure/azure-sdk-for-go');
    expect(escapeModulePath('golang.org/x/mod')).toBe('golang.org/x/mod');
  });

  it('rejects paths go would not fetch', () => {
    expect(modulePathProblem('golang.org/x/mod')).toBeNull();
    expect(modulePathProblem('mymodule')).toMatch(/dot/);
    expect(modulePathProblem('bad path.com/x')).toMatch(/characters/);
    expect(modulePathProblem('example.com//x')).toMatch(/empty/);
    expect(modulePathProblem('')).toMatch(/empty/);
  });

  it('matches GOPRIVATE-style globs against path prefixes (module.MatchPrefixPatterns)', () => {
    expect(matchPrefixPatterns('*.corp.example.com', 'git.corp.example.com/team/repo')).toBe(true);
    expect(matchPrefixPatterns('*.corp.example.com', 'corp.example.com/team/repo')).toBe(false);
    expect(matchPrefixPatterns('corp.example.com', 'corp.example.com/a/b')).toBe(true);
    expect(matchPrefixPatterns('github.com/acme/*', 'github.com/acme/tool/sub')).toBe(true);
    expect(matchPrefixPatterns('github.com/acme/*', 'github.com/other/tool')).toBe(false);
    expect(matchPrefixPatterns('github.com/acme', 'github.com')).toBe(false);
    expect(matchPrefixPatterns(' , example.com/x/ ,', 'example.com/x/y')).toBe(true);
    expect(pathMatch('a[b-d]c', 'acc')).toBe(true);
    expect(pathMatch('a[^b]c', 'abc')).toBe(false);
    expect(pathMatch('a?c', 'a/c')).toBe(false);
  });

  it('takes the host from each glob: *.x -> x, host/org/* -> host; none for wildcard hosts', () => {
    expect(patternHost('*.corp.example.com')).toEqual({ pattern: '*.corp.example.com', host: 'corp.example.com', wildcard: true });
    expect(patternHost('github.com/org/*')).toEqual({ pattern: 'github.com/org/*', host: 'github.com', wildcard: false });
    expect(patternHost('Git.Corp.Example.com/x')).toMatchObject({ host: 'git.corp.example.com' });
    expect(patternHost('git*.corp.com').host).toBeNull();
    expect(patternHost('localmodule').host).toBeNull();
    expect(patternHosts('github.com/a/*,github.com/b,*.corp.example.com,').map((h) => h.host)).toEqual(['github.com', 'corp.example.com']);
  });
});

describe('GOPROXY lists', () => {
  it('reads the default, separators, keywords and implicit https://', () => {
    expect(parseGoproxy('')).toEqual({
      entries: [
        { kind: 'url', url: 'https://proxy.golang.org', fallBackOnError: false },
        { kind: 'direct', fallBackOnError: false },
      ],
      ignored: [],
      error: null,
    });
    const l = parseGoproxy('https://a.example|goproxy.cn,direct');
    expect(l.entries).toEqual([
      { kind: 'url', url: 'https://a.example', fallBackOnError: true },
      { kind: 'url', url: 'https://goproxy.cn', fallBackOnError: false },
      { kind: 'direct', fallBackOnError: false },
    ]);
    expect(formatGoproxy(l.entries)).toBe('https://a.example|https://goproxy.cn,direct');
    expect(parseGoproxy('off').entries).toEqual([{ kind: 'off', fallBackOnError: false }]);
  });

  it('ignores entries after direct/off and rejects what go rejects', () => {
    expect(parseGoproxy('direct,https://x.example').ignored).toEqual(['https://x.example']);
    expect(parseGoproxy('bogus').error).toMatch(/missing scheme/);
    expect(parseGoproxy('ftp://x.example').error).toMatch(/scheme/);
    expect(parseGoproxy(',|').error).toMatch(/no entries/);
  });

  const list = (v: string) => parseGoproxy(v).entries;
  const walk = (v: string, outcomes: EntryOutcome[]) => walkChain(list(v), outcomes);

  it('"," falls through only on 404/410', () => {
    expect(walk('https://a.x,https://b.x', ['error', 'ok'])).toEqual({ roles: ['stopped', 'not-reached'], result: { kind: 'failed', index: 0 } });
    expect(walk('https://a.x,https://b.x', ['not-found', 'ok'])).toEqual({ roles: ['fell-through', 'used'], result: { kind: 'used', index: 1 } });
  });

  it('"|" falls through on any error', () => {
    expect(walk('https://a.x|https://b.x', ['error', 'ok'])).toEqual({ roles: ['fell-through', 'used'], result: { kind: 'used', index: 1 } });
    expect(walk('https://a.x|https://b.x,https://c.x', ['error', 'error', 'ok']).result).toEqual({ kind: 'failed', index: 1 });
  });

  it('off stops the walk; running out of entries is "exhausted"', () => {
    expect(walk('https://a.x|off', ['error', 'ok']).result).toEqual({ kind: 'off', index: 1 });
    expect(walk('https://a.x,direct', ['not-found', 'not-found']).result).toEqual({ kind: 'exhausted' });
    expect(walk('https://a.x', ['ok']).result).toEqual({ kind: 'used', index: 0 });
  });

  it('rewrites a list to fall back on errors', () => {
    expect(withPipeFallback(list('https://a.x,https://b.x,direct'), 0)).toBe('https://a.x|https://b.x,direct');
  });
});

describe('GOSUMDB', () => {
  it('reads off, the default, the China alias, keys and explicit URLs', () => {
    expect(parseGosumdb('off')).toEqual({ kind: 'off' });
    expect(parseGosumdb('')).toEqual({ kind: 'db', name: 'sum.golang.org', direct: 'https://sum.golang.org', explicitUrl: null });
    expect(parseGosumdb('sum.golang.google.cn')).toEqual({ kind: 'db', name: 'sum.golang.org', direct: 'https://sum.golang.org', explicitUrl: 'https://sum.golang.google.cn' });
    expect(parseGosumdb('sum.golang.org https://mirror.example/sumdb/sum.golang.org/')).toMatchObject({ explicitUrl: 'https://mirror.example/sumdb/sum.golang.org' });
    expect(parseGosumdb('sum.example.com+0123abcd+AbCd+eF/gh=')).toMatchObject({ kind: 'db', name: 'sum.example.com', explicitUrl: null });
  });

  it('rejects unknown bare names and extra fields', () => {
    expect(parseGosumdb('sum.example.com')).toMatchObject({ kind: 'invalid' });
    expect(parseGosumdb('sum.golang.org https://a https://b')).toMatchObject({ kind: 'invalid' });
    expect(parseGosumdb('sum.golang.org ftp://a')).toMatchObject({ kind: 'invalid' });
  });
});

describe('URLs', () => {
  it('joins proxy paths, and appends a bare query without a slash (as go requests ?go-get=1)', () => {
    expect(joinUrl(new URL('https://nexus.example/repository/go'), 'golang.org/x/mod/@v/list').href).toBe('https://nexus.example/repository/go/golang.org/x/mod/@v/list');
    expect(joinUrl(new URL('https://proxy.example/'), '/sumdb/sum.golang.org/supported').href).toBe('https://proxy.example/sumdb/sum.golang.org/supported');
    expect(joinUrl(new URL('https://golang.org/x/mod'), '?go-get=1').href).toBe('https://golang.org/x/mod?go-get=1');
  });
});

describe('--timeout', () => {
  it('reads Go-style durations and bare seconds', () => {
    expect(parseTimeout(undefined)).toBe(5000);
    expect(parseTimeout('300ms')).toBe(300);
    expect(parseTimeout('5s')).toBe(5000);
    expect(parseTimeout('1.5s')).toBe(1500);
    expect(parseTimeout('0.3')).toBe(300);
    expect(parseTimeout('1m')).toBe(60_000);
  });

  it('refuses junk, zero and a bare 300 (seconds? milliseconds?)', () => {
    for (const bad of ['abc', '0ms', '-1s', '300', '11m']) expect(() => parseTimeout(bad)).toThrow(DoctorUsageError);
  });
});
