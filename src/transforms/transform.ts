import type { DockerfileDocument, Span, TextEdit } from '../dockerfile/index.js';
import type { GoProject } from '../go/project.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * How safe a fix is to apply without review, as in ruff: `safe` fixes keep the build's meaning and
 * are applied by `--write`; `unsafe` ones change behaviour in a way a user should see first
 * (`--unsafe-fixes`); `display-only` ones are shown as a suggestion and never applied.
 */
export type FixSafety = 'safe' | 'unsafe' | 'display-only';

export interface Problem {
  /** Where the problem is, in the current text. */
  range: Span;
  message: string;
  /** A problem-specific fix safety, when it differs from the transform's default; null: this problem has no fix. */
  fixSafety?: FixSafety | null;
  /** A problem-specific severity, when it differs from the transform's default. */
  severity?: Severity;
}

/** A change to a file other than the Dockerfile (e.g. `.dockerignore`), shown in the diff too. */
export interface FileChange {
  /** Absolute path. */
  path: string;
  before: string | null;
  after: string;
}

export interface FixResult {
  edits: TextEdit[];
  files?: FileChange[];
}

export interface Settings {
  /** GOPROXY list the user asked for, or null to keep what the Dockerfile has (and Go's default for new ARGs). */
  proxy: string | null;
  sumdb: string | null;
  private: string | null;
}

export interface TransformContext {
  doc: DockerfileDocument;
  settings: Settings;
  /** The build context's Go module facts, when the context could be found. */
  project: GoProject | null;
  /** The Dockerfile's path, when it came from a file. */
  path: string | null;
  /** Other files changed by earlier fixes in this run, by absolute path (read these before the disk). */
  pendingFiles: ReadonlyMap<string, FileChange>;
}

export interface TransformDocs {
  /** What the rule does. */
  what: string;
  /** Why the pattern is a problem (ties back to the hang/re-download/leak it causes). */
  why: string;
  before: string;
  after: string;
  /** Why the fix is as safe as it says, and which cases it declines. */
  fixSafety: string;
}

export interface Transform<P extends Problem = Problem> {
  id: string;
  /** One line. */
  title: string;
  severity: Severity;
  /** The default safety of this transform's fix, or null when it never fixes. */
  fixSafety: FixSafety | null;
  docs: TransformDocs;
  check(ctx: TransformContext): P[];
  /** Edits for one problem, or null to decline (the problem stays reported). */
  fix?(ctx: TransformContext, problem: P): FixResult | null;
}

/** Keeps each transform's problem type while the registry holds them as plain `Transform`s. */
export function defineTransform<P extends Problem>(transform: Transform<P>): Transform {
  return transform as unknown as Transform;
}
