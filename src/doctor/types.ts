/**
 * The `gomod-fix doctor` report. `--json` prints exactly a `DoctorReport` (JSON.stringify, 2-space
 * indent) on stdout and nothing else; human output is rendered from the same object.
 *
 * JSON schema, version 1 (fields are never removed within a version; new optional fields may appear):
 *
 * ```
 * {
 *   "schemaVersion": 1,
 *   "tool": "gomod-fix doctor",
 *   "ok": boolean,                    // false when any check has status "failed"
 *   "exitCode": 0 | 1,                // 0: no failed check (warnings allowed); 1: at least one failed
 *   "summary": { "ok": n, "warn": n, "failed": n, "skipped": n },
 *   "settings": [                     // effective values, credentials in URLs redacted
 *     { "name": "GOPROXY", "value": "https://proxy.golang.org,direct",
 *       "source": "flag" | "env" | "go env" | "dockerfile" | "derived" | "default",
 *       "origin": "--proxy" | "$GOPROXY" | "go env -json" | "Dockerfile:12 (ENV, stage build)" | ... }
 *   ],
 *   "module": "golang.org/x/mod",     // the module used for protocol requests
 *   "timeoutMs": 5000,                // per step
 *   "httpProxy": { "https": "http://proxy:3128" | null, "http": ... | null, "noProxy": "..." },
 *   "targets": [
 *     { "id": "goproxy-1",
 *       "kind": "goproxy" | "direct" | "off" | "chain" | "sumdb" | "private" | "settings" | "dockerfile",
 *       "title": "GOPROXY entry 1: https://proxy.golang.org",
 *       "role": "used" | "fell-through" | "stopped" | "not-reached" | null,   // GOPROXY entries only
 *       "notes": [string],
 *       "checks": [
 *         { "id": "goproxy-1/dns", "kind": "dns" | "tcp" | "connect" | "tls" | "http" | "config" | "static",
 *           "label": "dns proxy.golang.org",
 *           "status": "ok" | "warn" | "failed" | "skipped",
 *           "ms": number | null,      // wall time of this step; null when not run
 *           "detail": "142.250.1.1",
 *           "failure": { "class": "timeout" | "refused" | "dns" | "tls" | "http" | "reset" | "unreachable"
 *                                  | "proxy" | "config" | "error",
 *                        "code": "ENOTFOUND" | "DEPTH_ZERO_SELF_SIGNED_CERT" | ..., "httpStatus": 403 } | absent,
 *           "advice": { "cause": string, "fix": [string] } | absent }
 *       ] }
 *   ],
 *   "more": [string]                  // commands that show more detail
 * }
 * ```
 */

export type CheckStatus = 'ok' | 'warn' | 'failed' | 'skipped';

export type CheckKind = 'dns' | 'tcp' | 'connect' | 'tls' | 'http' | 'config' | 'static';

export type FailureClass =
  | 'timeout'
  | 'refused'
  | 'dns'
  | 'tls'
  | 'http'
  | 'reset'
  | 'unreachable'
  | 'proxy'
  | 'config'
  | 'error';

export interface Failure {
  class: FailureClass;
  /** System or TLS error code (`ENOTFOUND`, `ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, ...). */
  code?: string;
  httpStatus?: number;
}

export interface Advice {
  cause: string;
  /** Exact commands or Dockerfile lines, in order of preference. */
  fix: string[];
}

export interface Check {
  id: string;
  kind: CheckKind;
  label: string;
  status: CheckStatus;
  ms: number | null;
  detail: string;
  failure?: Failure;
  advice?: Advice;
}

export type TargetKind = 'goproxy' | 'direct' | 'off' | 'chain' | 'sumdb' | 'private' | 'settings' | 'dockerfile';

export type EntryRole = 'used' | 'fell-through' | 'stopped' | 'not-reached';

export interface Target {
  id: string;
  kind: TargetKind;
  title: string;
  role: EntryRole | null;
  notes: string[];
  checks: Check[];
}

export type SettingSource = 'flag' | 'env' | 'go env' | 'dockerfile' | 'derived' | 'default';

export interface SettingReport {
  name: string;
  value: string;
  source: SettingSource;
  origin: string;
}

export interface Summary {
  ok: number;
  warn: number;
  failed: number;
  skipped: number;
}

export interface DoctorReport {
  schemaVersion: 1;
  tool: 'gomod-fix doctor';
  ok: boolean;
  exitCode: 0 | 1;
  summary: Summary;
  settings: SettingReport[];
  module: string;
  timeoutMs: number;
  httpProxy: { https: string | null; http: string | null; noProxy: string };
  targets: Target[];
  more: string[];
}

/** A finding from the codemod's rules, as the injected static checker returns it. */
export interface StaticFinding {
  rule: string;
  severity: string;
  line: number;
  message: string;
  fix?: string;
}

/** Wired later to the codemod pipeline: lint one Dockerfile without rewriting it. */
export type StaticChecker = (path: string, text: string) => StaticFinding[];

/** Thrown for bad flag values or an unreadable --dockerfile: exit code 2. */
export class DoctorUsageError extends Error {
  override name = 'DoctorUsageError';
}
