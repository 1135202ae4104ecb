import type { Failure } from '../types.js';

/** A step that did not finish within its timeout. */
export class StepTimeoutError extends Error {
  override name = 'StepTimeoutError';
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** A CONNECT tunnel the HTTP proxy refused. */
export class TunnelError extends Error {
  override name = 'TunnelError';
  constructor(
    readonly status: number,
    statusText: string,
  ) {
    super(`proxy answered CONNECT with ${status} ${statusText}`.trim());
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO|ALTNAME|HOSTNAME|SSL|TLS|ISSUER|CHAIN|EPROTO/;

function codeOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Sorts an error from a network step into one of the failure classes the advice knows. */
export function classifyError(err: unknown, step: 'dns' | 'tcp' | 'connect' | 'tls' | 'http'): Failure {
  if (err instanceof StepTimeoutError) return { class: 'timeout' };
  if (err instanceof TunnelError) return { class: 'proxy', httpStatus: err.status };
  const code = codeOf(err);
  if (code === 'ABORT_ERR' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return { class: 'timeout', code };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NODATA' || code === 'ENODATA') return { class: 'dns', code };
  if (code === 'ECONNREFUSED') return { class: 'refused', code };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') return { class: 'reset', code };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL' || code === 'ENETDOWN') return { class: 'unreachable', code };
  if (step === 'tls' || (code !== undefined && TLS_CODES.test(code))) return code === undefined ? { class: 'tls' } : { class: 'tls', code };
  return code === undefined ? { class: 'error' } : { class: 'error', code };
}
