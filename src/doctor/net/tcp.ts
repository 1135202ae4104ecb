import { connect, type Socket } from 'node:net';
import { StepTimeoutError } from './errors.js';

function connectOne(address: string, port: number, ms: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new StepTimeoutError(ms));
    }, ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => undefined); // later errors surface in the next step
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
  });
}

/**
 * Connects to the first address that accepts, trying them in order; each attempt gets an equal
 * share of what is left of the timeout (as Go's dialer does). Rejects with the last error.
 */
export async function connectTcp(addresses: string[], port: number, timeoutMs: number): Promise<{ socket: Socket; address: string }> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = new StepTimeoutError(timeoutMs);
  for (let i = 0; i < addresses.length; i++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const address = addresses[i] as string;
    try {
      const socket = await connectOne(address, port, Math.max(1, Math.floor(left / (addresses.length - i))));
      return { socket, address };
    } catch (err) {
      lastError = err instanceof StepTimeoutError ? new StepTimeoutError(timeoutMs) : err;
    }
  }
  throw lastError;
}
