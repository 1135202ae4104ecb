import type { Duplex } from 'node:stream';
import { connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import { StepTimeoutError } from './errors.js';

export interface TlsResult {
  socket: TLSSocket;
  protocol: string;
  issuer: string;
}

/** A verification failure, with the certificate the server presented (to name a corporate CA). */
export class TlsVerifyError extends Error {
  override name = 'TlsVerifyError';
  constructor(
    readonly code: string,
    readonly issuer: string,
  ) {
    super(`certificate not trusted (${code}); issued by ${issuer}`);
  }
}

function describeIssuer(cert: PeerCertificate | null): string {
  if (!cert || !cert.issuer) return 'unknown issuer';
  const issuer = cert.issuer as unknown as Record<string, string | string[] | undefined>;
  const pick = (k: string): string | undefined => {
    const v = issuer[k];
    return Array.isArray(v) ? v[0] : v;
  };
  return pick('CN') ?? pick('O') ?? 'unknown issuer';
}

/**
 * TLS handshake over an open socket, verifying the certificate against `ca` (the SSL_CERT_FILE
 * bundle, like Go) or Node's bundled roots. Resolves only for a trusted certificate whose names
 * match `servername`.
 */
export function tlsHandshake(socket: Duplex, servername: string, ca: string | undefined, timeoutMs: number): Promise<TlsResult> {
  return new Promise((resolve, reject) => {
    const tlsSocket = connect({
      socket,
      host: servername,
      ...(isIP(servername) === 0 ? { servername } : {}),
      ...(ca !== undefined ? { ca } : {}),
      ALPNProtocols: ['http/1.1'],
      rejectUnauthorized: false, // checked below, so the error can name the issuer
    });
    const timer = setTimeout(() => {
      tlsSocket.destroy();
      socket.destroy();
      reject(new StepTimeoutError(timeoutMs));
    }, timeoutMs);
    tlsSocket.once('secureConnect', () => {
      clearTimeout(timer);
      const issuer = describeIssuer(tlsSocket.getPeerCertificate());
      if (!tlsSocket.authorized) {
        const code = String(tlsSocket.authorizationError ?? 'CERT_UNTRUSTED');
        tlsSocket.destroy();
        reject(new TlsVerifyError(code, issuer));
        return;
      }
      tlsSocket.removeAllListeners('error');
      tlsSocket.on('error', () => undefined);
      resolve({ socket: tlsSocket, protocol: tlsSocket.getProtocol() ?? 'TLS', issuer });
    });
    tlsSocket.once('error', (err) => {
      clearTimeout(timer);
      tlsSocket.destroy();
      reject(err);
    });
  });
}
