import { describe, expect, it } from 'vitest';
import { isChinaMirror, parseGoproxy, proxyProblems, resolveProxy, SettingError } from '../../src/go/proxy.js';

/**
 * GOPROXY as cmd/go/internal/modfetch/proxy.go (proxyList, newProxyRepo) reads it: one parser for
 * the codemod, the scaffolder and doctor. User input (`--proxy`) is stricter: it is written into
 * Dockerfiles and shell commands.
 */
describe('proxyProblems: what go itself rejects', () => {
  const valid = [
    'https://proxy.golang.org,direct',
    'https://goproxy.cn|https://proxy.golang.org|direct',
    // go adds https:// to an entry with `.`, `:` or `/` that has no `:/` and is not an absolute path.
    'goproxy.cn',
    'goproxy.cn,direct',
    'athens.corp:3000|direct',
    'proxy.example.com/goproxy',
    // go skips empty entries, and a leading or trailing separator.
    'https://goproxy.cn,,direct',
    ',https://goproxy.cn,direct,',
    ' https://goproxy.cn , direct ',
    // An empty GOPROXY is the default (go.env), not an error.
    '',
    'off',
    'direct',
    'file:///srv/goproxy',
    'http://10.0.0.1:3000',
    // Entries after direct/off are never read.
    'direct,bogus',
    // A space inside a path is not something go's URL parser rejects.
    'https://athens.example.com/a b',
  ];
  for (const v of valid) it(`valid: ${JSON.stringify(v)}`, () => expect(proxyProblems(v)).toEqual([]));

  const invalid: Array<[string, RegExp]> = [
    ['goproxy', /invalid GOPROXY entry "goproxy": missing scheme/],
    ['https://goproxy.cn,proxy', /"proxy": missing scheme/],
    ['/srv/goproxy', /"\/srv\/goproxy": missing scheme/],
    ['ftp://mirror.example.com', /scheme must be https, http or file/],
    ['file://host/srv/goproxy', /file:\/\/ URL with a host or other non-path parts/],
    [',', /contains no entries/],
    [' | ', /contains no entries/],
  ];
  for (const [v, message] of invalid) {
    it(`invalid: ${JSON.stringify(v)}`, () => {
      const problems = proxyProblems(v);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(message);
    });
  }

  it('parses entries the way doctor walks them', () => {
    expect(parseGoproxy('goproxy.cn|direct').entries).toEqual([
      { kind: 'url', url: 'https://goproxy.cn', fallBackOnError: true },
      { kind: 'direct', fallBackOnError: false },
    ]);
  });
});

describe('resolveProxy: user input is written into Dockerfiles, so it is strict', () => {
  it('takes presets and full URL lists', () => {
    expect(resolveProxy('goproxy.cn')).toBe('https://goproxy.cn,direct');
    expect(resolveProxy('https://a.example.com|https://b.example.com,direct')).toBe('https://a.example.com|https://b.example.com,direct');
  });
  const refused = [
    '',
    'not a url',
    'athens.corp:3000',
    'https://goproxy.cn,,direct',
    'https://x.example.com/$(id)',
    'https://x.example.com/`id`',
    'https://x.example.com/;id',
    'https://x.example.com/ && id',
    'https://x.example.com/\nRUN id',
    "https://x.example.com/'",
    'https://x.example.com/"',
    'https://x.example.com/>x',
    'ftp://mirror.example.com',
  ];
  for (const v of refused) it(`refuses ${JSON.stringify(v)}`, () => expect(() => resolveProxy(v)).toThrow(SettingError));
});

describe('isChinaMirror', () => {
  it('reads entries the way go does (implicit https://)', () => {
    expect(isChinaMirror('goproxy.cn,direct')).toBe(true);
    expect(isChinaMirror('https://mirrors.aliyun.com/goproxy/,direct')).toBe(true);
    expect(isChinaMirror('https://proxy.golang.org,direct')).toBe(false);
    expect(isChinaMirror('')).toBe(false);
  });
});
