import { execFile } from 'node:child_process';
import type { Env } from './http-proxy.js';
import { GO_SETTINGS } from './settings.js';

export type GoEnvResult =
  | { status: 'ok'; values: Record<string, string> }
  | { status: 'absent' }
  | { status: 'failed'; reason: string };

/** Reads the installed go's view of the settings (`go env -json ...`); a missing go is fine. */
export type GoEnvReader = (env: Env, timeoutMs: number) => Promise<GoEnvResult>;

export const readGoEnv: GoEnvReader = (env, timeoutMs) =>
  new Promise((resolve) => {
    execFile(
      'go',
      ['env', '-json', ...GO_SETTINGS],
      { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20, windowsHide: true },
      (err, stdout) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') return resolve({ status: 'absent' });
          if (err.killed) return resolve({ status: 'failed', reason: `go env did not finish within ${timeoutMs} ms` });
          return resolve({ status: 'failed', reason: err.message.split('\n')[0] ?? 'go env failed' });
        }
        try {
          const parsed: unknown = JSON.parse(stdout);
          const values: Record<string, string> = {};
          if (typeof parsed === 'object' && parsed !== null) {
            for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') values[k] = v;
          }
          resolve({ status: 'ok', values });
        } catch {
          resolve({ status: 'failed', reason: 'go env -json printed something that is not JSON' });
        }
      },
    );
  });
