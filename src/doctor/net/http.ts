import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { StepTimeoutError } from './errors.js';

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  /** At most `maxBody` bytes of the body, as UTF-8. */
  body: string;
}

export interface HttpGetOptions {
  url: URL;
  /** Send the absolute URL as the request target (plain http through an HTTP proxy). */
  absoluteForm: boolean;
  proxyAuthorization: string | null;
  timeoutMs: number;
  maxBody?: number;
}

/** One GET over an already open (and, for https, already TLS) connection. */
export function httpGet(socket: Duplex, opts: HttpGetOptions): Promise<HttpAnswer> {
  const { url } = opts;
  const maxBody = opts.maxBody ?? 65_536;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      Host: url.host,
      'User-Agent': 'gomod-fix-doctor (like Go-http-client)',
      Accept: '*/*',
      Connection: 'close',
    };
    if (opts.absoluteForm && opts.proxyAuthorization) headers['Proxy-Authorization'] = opts.proxyAuthorization;
    // user:password in a GOPROXY URL: go sends it as Basic auth.
    if (url.username !== '' || url.password !== '') {
      headers['Authorization'] = 'Basic ' + Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
    }
    let settled = false;
    const done = (err: Error | null, answer?: HttpAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      socket.destroy();
      if (err) reject(err);
      else resolve(answer as HttpAnswer);
    };
    const req = request({
      method: 'GET',
      path: opts.absoluteForm ? withoutCredentials(url) : url.pathname + url.search,
      headers,
      setHost: false,
      createConnection: () => socket as Socket,
    });
    const timer = setTimeout(() => done(new StepTimeoutError(opts.timeoutMs)), opts.timeoutMs);
    req.on('error', (err) => done(err));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = (): HttpAnswer => ({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.on('data', (chunk: Buffer) => {
        if (size >= maxBody) return;
        chunks.push(chunk.subarray(0, maxBody - size));
        size += chunk.length;
        if (size >= maxBody) done(null, answer());
      });
      res.on('end', () => done(null, answer()));
      res.on('error', (err) => done(err));
    });
    req.end();
  });
}

function withoutCredentials(url: URL): string {
  const u = new URL(url.href);
  u.username = '';
  u.password = '';
  return u.href;
}
