import type { FileOutcome } from '../process-file.js';
import type { SweepOutcome } from './job.js';
import { InputError } from '../read-dockerfile.js';

/**
 * A FileOutcome as it crosses a thread boundary. Structured cloning drops class identity (an
 * InputError would arrive as a plain Error without path/line/column), so the error travels as
 * data and is rebuilt; the text every outcome carries two or three times travels once.
 */
export interface WireOutcome extends Omit<FileOutcome, 'error' | 'output' | 'loaded'> {
  error: { path: string; message: string; line: number | null; column: number | null } | null;
  /** null: same as `input`. */
  output: string | null;
  /** LoadedFile without its `text` (which is `input`). */
  loaded: Omit<NonNullable<FileOutcome['loaded']>, 'text'> | null;
  rendered?: string;
}

export function toWire(o: SweepOutcome): WireOutcome {
  let loaded: WireOutcome['loaded'] = null;
  if (o.loaded) {
    const { text: _text, ...rest } = o.loaded;
    loaded = rest;
  }
  return {
    path: o.path,
    status: o.status,
    findings: o.findings,
    input: o.input,
    output: o.output === o.input ? null : o.output,
    files: o.files,
    error: o.error ? { path: o.error.path, message: o.error.message, line: o.error.line, column: o.error.column } : null,
    refused: o.refused,
    loaded,
    ...(o.rendered === undefined ? {} : { rendered: o.rendered }),
  };
}

export function fromWire(w: WireOutcome): SweepOutcome {
  return {
    path: w.path,
    status: w.status,
    findings: w.findings,
    input: w.input,
    output: w.output ?? w.input,
    files: w.files,
    error: w.error ? new InputError(w.error.path, w.error.message, w.error.line, w.error.column) : null,
    refused: w.refused,
    loaded: w.loaded ? { ...w.loaded, text: w.input } : null,
    ...(w.rendered === undefined ? {} : { rendered: w.rendered }),
  };
}
