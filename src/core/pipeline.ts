import {
  EditRefusedError,
  editsOverlap,
  parseDockerfile,
  rewrite,
  sortEdits,
  type DockerfileDocument,
  type TextEdit,
} from '../dockerfile/index.js';
import type { GoProject } from '../go/project.js';
import type { FileChange, FixSafety, Settings, Severity, Transform, TransformContext } from '../transforms/transform.js';
import { mapBack } from './offset-map.js';
import { isSuppressed, readSuppressions, type Suppressions } from './suppressions.js';

/** One problem, located in the original file (1-based line and column). */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The fix's safety, or null when the rule has no fix for this problem. */
  fix: FixSafety | null;
  /** Whether the output has it fixed. */
  fixed: boolean;
}

export interface PipelineResult {
  /** The new file contents (BOM kept); equal to the input when nothing changed. */
  output: string;
  changed: boolean;
  findings: Finding[];
  /** Other files the fixes create or change (`.dockerignore`). */
  files: FileChange[];
  /** `# gomod-fix ignore-file`: the file was skipped. */
  ignored: boolean;
  /** Fixes that were withheld because they would have broken the file (kept reported, not applied). */
  refused: string[];
}

export class DockerfileParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'DockerfileParseError';
  }
}

export interface PipelineOptions {
  transforms: readonly Transform[];
  settings: Settings;
  project: GoProject | null;
  path: string | null;
  /** Which fixes to apply; an empty set only reports. */
  apply: ReadonlySet<FixSafety>;
  /** ESLint's limit: re-run the rules on the new text until nothing changes, at most this often. */
  maxPasses?: number;
}

/**
 * Runs the transforms in order on the evolving text. Each rule checks the current document; its
 * fixes (those allowed by `apply`, not overlapping each other) are applied at once and the text is
 * re-parsed before the next rule. A file no rule changes is parsed once. Passes repeat until a
 * pass changes nothing, which also proves the output is a fixed point (idempotent).
 */
export function runPipeline(input: string, options: PipelineOptions): PipelineResult {
  let doc = parseDockerfile(input);
  const original = doc;
  const firstError = doc.errors[0];
  if (firstError) throw new DockerfileParseError(firstError.message, firstError.line + 1, firstError.column + 1);

  const suppressionsOf = memo(readSuppressions);
  if (suppressionsOf(doc).file === 'all') {
    return { output: input, changed: false, findings: [], files: [], ignored: true, refused: [] };
  }

  const batches: TextEdit[][] = [];
  const files = new Map<string, FileChange>();
  const refused: string[] = [];
  const findings = new Map<string, Finding>();
  let lastPassKeys = new Set<string>();
  const maxPasses = options.maxPasses ?? 10;

  for (let pass = 0; pass < maxPasses; pass++) {
    let changed = false;
    const passKeys = new Set<string>();
    for (const transform of options.transforms) {
      const ctx: TransformContext = { doc, settings: options.settings, project: options.project, path: options.path, pendingFiles: files };
      const edits: TextEdit[] = [];
      const newFiles: FileChange[] = [];
      const problems = transform.check(ctx);
      // Plain indexed loop: no iterator object per rule run (20 rules x ~4 documents per file).
      const suppressions = problems.length === 0 ? null : suppressionsOf(doc);
      for (let p = 0; p < problems.length; p++) {
        const problem = problems[p] as (typeof problems)[number];
        if (isSuppressed(doc, suppressions as Suppressions, transform.id, problem.range)) continue;
        const start = mapBack(problem.range.start, batches);
        const end = Math.max(start, mapBack(problem.range.end, batches));
        const safety = transform.fix ? (problem.fixSafety === undefined ? transform.fixSafety : problem.fixSafety) : null;
        const startPos = original.source.positionAt(start);
        const endPos = original.source.positionAt(end);
        const key = `${transform.id}\u0000${startPos.line}\u0000${problem.message}`;
        passKeys.add(key);
        const seen = findings.get(key);
        // A later sighting knows better whether a fix exists (an earlier rule may have changed that).
        if (seen) seen.fix = safety;
        else {
          findings.set(key, {
            rule: transform.id,
            severity: problem.severity ?? transform.severity,
            message: problem.message,
            line: startPos.line + 1,
            column: startPos.column + 1,
            endLine: endPos.line + 1,
            endColumn: endPos.column + 1,
            fix: safety,
            fixed: false,
          });
        }
        if (!safety || !options.apply.has(safety) || !transform.fix) continue;
        const result = transform.fix(ctx, problem);
        if (!result) continue;
        // Like ESLint's fixer: a fix that overlaps one already taken waits for the next pass.
        if (result.edits.some((e) => edits.some((taken) => editsOverlap(e, taken)))) continue;
        edits.push(...result.edits);
        newFiles.push(...(result.files ?? []));
      }
      for (const f of newFiles) files.set(f.path, { path: f.path, before: files.get(f.path)?.before ?? f.before, after: f.after });
      if (edits.length === 0) {
        if (newFiles.length > 0) changed = true;
        continue;
      }
      try {
        const next = rewrite(doc, edits);
        if (next.source.text === doc.source.text) continue;
        batches.push(sortEdits(edits));
        doc = next;
        changed = true;
      } catch (error) {
        if (!(error instanceof EditRefusedError)) throw error;
        refused.push(`${transform.id}: ${error.message}`);
      }
    }
    lastPassKeys = passKeys;
    if (!changed) break;
  }

  // What the last pass still found is what remains; everything else was fixed.
  for (const [key, finding] of findings) finding.fixed = !lastPassKeys.has(key);
  const output = doc.source.serialize();
  const sorted = [...findings.values()].sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  return { output, changed: output !== input, findings: sorted, files: [...files.values()], ignored: false, refused };
}

function memo<T>(fn: (doc: DockerfileDocument) => T): (doc: DockerfileDocument) => T {
  let lastDoc: DockerfileDocument | null = null;
  let last: T;
  return (doc) => {
    if (doc !== lastDoc) {
      last = fn(doc);
      lastDoc = doc;
    }
    return last;
  };
}
