/**
 * Servers the doctor tests probe. All listen on 127.0.0.1 only, on ephemeral ports.
 */

import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { testDir } from '../helpers.js';

export const HOST = '127.0.0.1';
export const CERT_PATH = join(testDir, 'doctor', 'fixtures', 'self-signed.crt');
const KEY_PATH = join(testDir, 'doctor', 'fixtures', 'self-signed.key');

export interface Running {
  port: number;
  url: string;
  /** Request lines seen, e.g. `GET /golang.org/x/mod/@v/list`. */
  seen: string[];
  close(): Promise<void>;
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // TLS servers report the raw socket here too.
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, HOST, () => resolve((server.address() as AddressInfo).port)));
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A GOPROXY protocol server: `@v/list` for any module, optional sumdb proxying. */
export function goproxyHandler(opts: { sumdb?: boolean } = {}): Handler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path.endsWith('/@v/list')) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('v0.1.0\nv0.2.0\nv0.3.0\n');
    } else if (path === '/sumdb/sum.golang.org/supported' && opts.sumdb) {
      res.writeHead(200).end();
    } else if (path === '/sumdb/sum.golang.org/latest' && opts.sumdb) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('go.sum database tree\n123\nabc=\n\n— sum.golang.org sig\n');
    } else {
      res.writeHead(404).end('not found\n');
    }
  };
}

export function statusHandler(status: number): Handler {
  return (_req, res) => res.writeHead(status).end(`${status}\n`);
}

export async function startHttp(handler: Handler): Promise<Running> {
  const seen: string[] = [];
  const server = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, url: `http://${HOST}:${port}`, seen, close: closer(server, sockets) };
}

export async function startHttps(handler: Handler): Promise<Running> {
  const seen: string[] = [];
  const server = createHttpsServer({ key: readFileSync(KEY_PATH), cert: readFileSync(CERT_PATH) }, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, url: `https://${HOST}:${port}`, seen, close: closer(server, sockets) };
}

/** Accepts connections and never says a word. */
export async function startSilent(): Promise<Running> {
  const server = createNetServer(() => undefined);
  const sockets = track(server);
  const port = await listen(server);
  return { port, url: `http://${HOST}:${port}`, seen: [], close: closer(server, sockets) };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * An HTTP proxy: CONNECT host:port tunnels to 127.0.0.1:<tunnelTo> whatever host is asked for
 * (so test names never resolve), absolute-form GETs are answered by `handler`. Optional Basic auth.
 */
export async function startHttpProxy(opts: { tunnelTo?: number; handler?: Handler; auth?: string }): Promise<Running & { connects: string[] }> {
  const seen: string[] = [];
  const connects: string[] = [];
  const authOk = (req: IncomingMessage): boolean => !opts.auth || req.headers['proxy-authorization'] === 'Basic ' + Buffer.from(opts.auth).toString('base64');
  const server = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (!authOk(req)) return void res.writeHead(407, { 'proxy-authenticate': 'Basic' }).end();
    (opts.handler ?? statusHandler(502))(req, res);
  });
  server.on('connect', (req: IncomingMessage, client: Socket) => {
    connects.push(req.url ?? '');
    if (!authOk(req)) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
    if (opts.tunnelTo === undefined) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = connect(opts.tunnelTo, HOST, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, url: `http://${HOST}:${port}`, seen, connects, close: closer(server, sockets) };
}
