import { DoctorUsageError } from './types.js';

export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * `--timeout`: a Go-style duration (`300ms`, `5s`, `1.5s`, `1m`) or a bare number of seconds.
 * A bare number above 120 is refused as a likely mix-up with milliseconds.
 */
export function parseTimeout(raw: string | number | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_TIMEOUT_MS;
  const text = String(raw).trim();
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)?$/.exec(text);
  if (!m) throw new DoctorUsageError(`--timeout: "${text}" is not a duration (use e.g. 300ms, 5s, 1m)`);
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === undefined && n > 120) throw new DoctorUsageError(`--timeout: ${text} seconds is too long; did you mean ${text}ms?`);
  const ms = Math.round(unit === 'ms' ? n : unit === 'm' ? n * 60_000 : n * 1000);
  if (ms < 1 || ms > 600_000) throw new DoctorUsageError(`--timeout: ${text} is out of range (1ms to 10m)`);
  return ms;
}
