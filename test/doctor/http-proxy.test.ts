import { describe, expect, it } from 'vitest';
import { bypassesProxy, parseProxyUrl, proxyEnvConfig, proxyFor, redactUrl } from '../../src/doctor/http-proxy.js';

describe('HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as Go reads them', () => {
  it('prefers upper-case names, treats empty as unset', () => {
    const env: Record<string, string> = { HTTPS_PROXY: '', https_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2', http_proxy: 'http://lower:2', no_proxy: '.corp' };
    expect(proxyEnvConfig((n) => env[n])).toEqual({ httpsProxy: 'http://lower:1', httpProxy: 'http://upper:2', noProxy: '.corp' });
  });

  it('parses proxy URLs: no scheme means http://, credentials become Basic auth and are redacted', () => {
    expect(parseProxyUrl('proxy.corp.example:3128')).toEqual({ proxy: { protocol: 'http:', host: 'proxy.corp.example', port: 3128, authorization: null, display: 'proxy.corp.example:3128' } });
    const p = parseProxyUrl('http://alice:s3cret@proxy.example');
    expect(p).toMatchObject({ proxy: { port: 80, authorization: 'Basic ' + Buffer.from('alice:s3cret').toString('base64'), display: 'http://alice:***@proxy.example' } });
    expect(JSON.stringify(p)).not.toContain('s3cret');
    expect(parseProxyUrl('https://proxy.example')).toMatchObject({ proxy: { protocol: 'https:', port: 443 } });
    expect(redactUrl('GOPROXY=https://u:tok@goproxy.corp/,direct')).toBe('GOPROXY=https://u:***@goproxy.corp/,direct');
    expect(redactUrl('https://ghp_token@goproxy.corp|https://a:b@c.example')).toBe('https://***@goproxy.corp|https://a:***@c.example');
    expect(redactUrl('https://proxy.golang.org,direct')).toBe('https://proxy.golang.org,direct');
  });

  it('never proxies localhost or loopback', () => {
    expect(bypassesProxy('localhost', 443, '')).toBe(true);
    expect(bypassesProxy('127.0.0.1', 443, '')).toBe(true);
    expect(bypassesProxy('::1', 443, '')).toBe(true);
    expect(bypassesProxy('proxy.golang.org', 443, '')).toBe(false);
  });

  it('matches NO_PROXY by host suffix, IP, CIDR, port and *', () => {
    expect(bypassesProxy('git.corp.example.com', 443, 'corp.example.com')).toBe(true);
    expect(bypassesProxy('corp.example.com', 443, 'corp.example.com')).toBe(true);
    expect(bypassesProxy('notcorp.example.com', 443, 'corp.example.com')).toBe(false);
    expect(bypassesProxy('corp.example.com', 443, '.corp.example.com')).toBe(false);
    expect(bypassesProxy('a.corp.example.com', 443, '*.corp.example.com')).toBe(true);
    expect(bypassesProxy('10.1.2.3', 443, '10.0.0.0/8')).toBe(true);
    expect(bypassesProxy('11.1.2.3', 443, '10.0.0.0/8')).toBe(false);
    expect(bypassesProxy('192.168.1.5', 443, '192.168.1.5')).toBe(true);
    expect(bypassesProxy('example.com', 443, 'example.com:8443')).toBe(false);
    expect(bypassesProxy('example.com', 8443, 'example.com:8443')).toBe(true);
    expect(bypassesProxy('anything.example', 443, 'a.b, *')).toBe(true);
  });

  it('uses HTTPS_PROXY for https URLs and HTTP_PROXY for http URLs, never the other', () => {
    const cfg = { httpsProxy: 'http://p1:3128', httpProxy: '', noProxy: '' };
    expect(proxyFor(new URL('https://proxy.golang.org'), cfg).proxy).toMatchObject({ host: 'p1', port: 3128 });
    expect(proxyFor(new URL('http://insecure.example'), cfg).proxy).toBeNull();
    expect(proxyFor(new URL('https://x.example'), { ...cfg, httpsProxy: 'ftp://p' })).toMatchObject({ error: expect.stringMatching(/unsupported/) });
  });
});
