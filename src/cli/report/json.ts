import type { FileOutcome } from '../../core/process-file.js';

/**
 * The `--format json` document. Stable: fields are only ever added.
 *
 * {
 *   "version": 1,
 *   "files": [{
 *     "path": string, "status": "changed" | "unchanged" | "ignored" | "error", "changed": boolean,
 *     "error": null | { "message": string, "line": number | null, "column": number | null },
 *     "findings": [{ "rule", "severity": "error"|"warning"|"info", "message",
 *                    "line", "column", "endLine", "endColumn" (1-based),
 *                    "fix": "safe"|"unsafe"|"display-only"|null, "fixed": boolean }],
 *     "otherFiles": [{ "path": string, "created": boolean }]
 *   }],
 *   "summary": { "files", "changed", "unchanged", "ignored", "errors", "durationMs" }
 * }
 */
export interface JsonReport {
  version: 1;
  files: Array<{
    path: string;
    status: FileOutcome['status'];
    changed: boolean;
    error: null | { message: string; line: number | null; column: number | null };
    findings: FileOutcome['findings'];
    otherFiles: Array<{ path: string; created: boolean }>;
  }>;
  summary: Summary;
}

export interface Summary {
  files: number;
  changed: number;
  unchanged: number;
  ignored: number;
  errors: number;
  durationMs: number;
}

export function summarize(outcomes: readonly FileOutcome[], durationMs: number): Summary {
  const count = (s: FileOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
  return { files: outcomes.length, changed: count('changed'), unchanged: count('unchanged'), ignored: count('ignored'), errors: count('error'), durationMs: Math.round(durationMs) };
}

export function jsonReport(outcomes: readonly FileOutcome[], durationMs: number): JsonReport {
  return {
    version: 1,
    files: outcomes.map((o) => ({
      path: o.path,
      status: o.status,
      changed: o.status === 'changed',
      error: o.error ? { message: o.error.message, line: o.error.line, column: o.error.column } : null,
      findings: o.findings,
      otherFiles: o.files.map((f) => ({ path: f.path, created: f.before === null })),
    })),
    summary: summarize(outcomes, durationMs),
  };
}
