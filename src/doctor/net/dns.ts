import { lookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { withTimeout } from './timeout.js';

/**
 * Resolves a host name the way the build container's libc would (node:dns lookup, which reads
 * /etc/hosts and the system resolver). An IP literal is returned as is. getaddrinfo cannot be
 * cancelled: on timeout the answer is abandoned, not awaited.
 */
export function resolveHost(host: string, timeoutMs: number): Promise<LookupAddress[]> {
  const family = isIP(host);
  if (family !== 0) return Promise.resolve([{ address: host, family }]);
  return withTimeout(
    timeoutMs,
    () =>
      new Promise<LookupAddress[]>((resolve, reject) => {
        lookup(host, { all: true }, (err, addresses) => {
          if (err) reject(err);
          else if (addresses.length === 0) reject(Object.assign(new Error(`no addresses for ${host}`), { code: 'ENODATA' }));
          else resolve(addresses);
        });
      }),
  );
}
