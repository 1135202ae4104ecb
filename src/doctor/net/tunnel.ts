import type { Duplex } from 'node:stream';
import { StepTimeoutError, TunnelError } from './errors.js';

/**
 * Asks an HTTP proxy for a CONNECT tunnel to host:port over `socket`. Resolves once the proxy
 * answers 2xx; the socket then carries the tunnel.
 */
export function openTunnel(socket: Duplex, host: string, port: number, authorization: string | null, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    let buffered = Buffer.alloc(0);
    const finish = (err: Error | null): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        socket.on('error', () => undefined);
        resolve(socket);
      }
    };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) {
        if (buffered.length > 16_384) finish(new Error('proxy sent an oversized CONNECT response'));
        return;
      }
      const statusLine = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1');
      const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(statusLine);
      if (!m) return finish(new Error(`proxy sent a malformed CONNECT response: ${statusLine.slice(0, 80)}`));
      const status = Number(m[1]);
      if (status < 200 || status > 299) return finish(new TunnelError(status, m[2] ?? ''));
      const rest = buffered.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      finish(null);
    };
    const onError = (err: Error): void => finish(err);
    const onEnd = (): void => finish(Object.assign(new Error('proxy closed the connection during CONNECT'), { code: 'ECONNRESET' }));
    const timer = setTimeout(() => finish(new StepTimeoutError(timeoutMs)), timeoutMs);
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('end', onEnd);
    const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`, 'User-Agent: gomod-fix-doctor'];
    if (authorization) lines.push(`Proxy-Authorization: ${authorization}`);
    socket.write(lines.join('\r\n') + '\r\n\r\n');
  });
}
