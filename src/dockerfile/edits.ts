import type { DockerfileDocument, SyntaxProblem } from './model.js';
import { parseDockerfile } from './parse.js';
import type { Span } from './source.js';

/** Replace `[start, end)` with `text`. An insertion has `start === end`; a deletion has `text === ''`. */
export interface TextEdit extends Span {
  text: string;
}

export class EditConflictError extends Error {
  constructor(
    readonly first: TextEdit,
    readonly second: TextEdit,
  ) {
    super(`overlapping edits at offsets ${first.start}-${first.end} and ${second.start}-${second.end}`);
    this.name = 'EditConflictError';
  }
}

export class EditRefusedError extends Error {
  constructor(
    readonly problems: SyntaxProblem[],
    readonly text: string,
  ) {
    const first = problems[0];
    super(
      first
        ? `the edit would make the Dockerfile unparseable: line ${first.line + 1}: ${first.message}`
        : 'the edit would make the Dockerfile unparseable',
    );
    this.name = 'EditRefusedError';
  }
}

/**
 * Sorts edits by position and checks that none overlap. Insertions at the same offset are kept in
 * the order given; an insertion at the start or end of a replaced range is not an overlap.
 */
export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  for (let k = 1; k < sorted.length; k++) {
    const prev = (sorted[k - 1] as { e: TextEdit }).e;
    const cur = (sorted[k] as { e: TextEdit }).e;
    if (cur.start < prev.end) throw new EditConflictError(prev, cur);
  }
  return sorted.map((s) => s.e);
}

export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return false;
  return a.start < b.end && b.start < a.end;
}

/** Splices the edits into `text`. Every byte outside an edit is kept as it was. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = sortEdits(edits);
  for (const e of sorted) {
    if (e.start < 0 || e.end > text.length || e.start > e.end) {
      throw new RangeError(`edit range ${e.start}-${e.end} is outside the text (length ${text.length})`);
    }
  }
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/**
 * Applies edits to a document and re-parses the result. Refuses (throws `EditRefusedError`) when
 * the new text has a syntax problem the old one did not, so an edit can never leave a file that
 * `docker build` rejects.
 */
export function rewrite(doc: DockerfileDocument, edits: readonly TextEdit[]): DockerfileDocument {
  const text = applyEdits(doc.source.text, edits);
  const next = parseDockerfile(doc.source.serialize(text));
  const before = new Set(doc.errors.map((p) => p.message));
  const introduced = next.errors.filter((p) => !before.has(p.message));
  if (introduced.length > 0) throw new EditRefusedError(introduced, text);
  return next;
}
