/**
 * The hunks of a line diff, exactly as `structuredPatch(.., .., before, after, '', '', { context })`
 * of the `diff` package (8.x) computes them: the same Myers search with the same tie-breaking
 * (a faithful port of `Diff.diffWithOptionsObj` for line tokens with default options), and the
 * same hunk assembly (`diffLinesResultToPatch`). What it leaves out is the package's detour
 * through strings: it joins each run of lines into one string (`buildValues`), splits it back
 * into lines, prefixes them, and then strips each line's `\n` again; here a run is an index range
 * of the line arrays and each hunk line is built once. On a sweep's mostly-small edits that
 * detour, not the search, was most of the cost of the text and patch reports. Tests compare the
 * output with the package's on the test corpus and on random texts.
 */
export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** ` line`, `-line`, `+line` without line breaks; `\ No newline at end of file` after a last line without one. */
  lines: string[];
}

const NO_NEWLINE = '\\ No newline at end of file';

/** The lines of `text` with their line breaks (`\n`, `\r\n`), as the package's line tokenizer cuts them. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

interface Component {
  count: number;
  added: boolean;
  removed: boolean;
  previous: Component | undefined;
}

interface Path {
  oldPos: number;
  last: Component | undefined;
}

function addToPath(path: Path, added: boolean, removed: boolean, oldPosInc: number): Path {
  const last = path.last;
  if (last && last.added === added && last.removed === removed) {
    return { oldPos: path.oldPos + oldPosInc, last: { count: last.count + 1, added, removed, previous: last.previous } };
  }
  return { oldPos: path.oldPos + oldPosInc, last: { count: 1, added, removed, previous: last } };
}

/** Follows the diagonal while lines are equal; returns the new position in `b`. */
function extractCommon(path: Path, a: readonly string[], b: readonly string[], diagonal: number): number {
  const aLen = a.length;
  const bLen = b.length;
  let oldPos = path.oldPos;
  let newPos = oldPos - diagonal;
  let common = 0;
  while (newPos + 1 < bLen && oldPos + 1 < aLen && a[oldPos + 1] === b[newPos + 1]) {
    newPos++;
    oldPos++;
    common++;
  }
  if (common) path.last = { count: common, added: false, removed: false, previous: path.last };
  path.oldPos = oldPos;
  return newPos;
}

/** Myers' search as the package runs it; the components of the edit script, in order. */
function components(a: readonly string[], b: readonly string[]): Component[] {
  const aLen = a.length;
  const bLen = b.length;
  const maxEditLength = aLen + bLen;
  // bestPath[diagonal] (diagonal = oldPos - newPos, from -maxEditLength to maxEditLength).
  const offset = maxEditLength + 1;
  const bestPath: Array<Path | undefined> = new Array(2 * offset + 1).fill(undefined);
  const first: Path = { oldPos: -1, last: undefined };
  bestPath[offset] = first;
  let newPos = extractCommon(first, a, b, 0);
  let end: Path | null = first.oldPos + 1 >= aLen && newPos + 1 >= bLen ? first : null;
  let minDiagonal = -Infinity;
  let maxDiagonal = Infinity;
  for (let editLength = 1; end === null && editLength <= maxEditLength; editLength++) {
    for (let diagonal = Math.max(minDiagonal, -editLength); diagonal <= Math.min(maxDiagonal, editLength); diagonal += 2) {
      const removePath = bestPath[offset + diagonal - 1];
      const addPath = bestPath[offset + diagonal + 1];
      if (removePath) bestPath[offset + diagonal - 1] = undefined;
      let canAdd = false;
      if (addPath) {
        const addPathNewPos = addPath.oldPos - diagonal;
        canAdd = 0 <= addPathNewPos && addPathNewPos < bLen;
      }
      const canRemove = removePath !== undefined && removePath.oldPos + 1 < aLen;
      if (!canAdd && !canRemove) {
        bestPath[offset + diagonal] = undefined;
        continue;
      }
      const basePath =
        !canRemove || (canAdd && (removePath as Path).oldPos < (addPath as Path).oldPos)
          ? addToPath(addPath as Path, true, false, 0)
          : addToPath(removePath as Path, false, true, 1);
      newPos = extractCommon(basePath, a, b, diagonal);
      if (basePath.oldPos + 1 >= aLen && newPos + 1 >= bLen) {
        end = basePath;
        break;
      }
      bestPath[offset + diagonal] = basePath;
      if (basePath.oldPos + 1 >= aLen) maxDiagonal = Math.min(maxDiagonal, diagonal - 1);
      if (newPos + 1 >= bLen) minDiagonal = Math.max(minDiagonal, diagonal + 1);
    }
  }
  const out: Component[] = [];
  for (let c = (end as Path).last; c; c = c.previous) out.push(c);
  return out.reverse();
}

/** `prefix` + each line without its `\n`, with the no-newline marker after a line that has none. */
function pushLines(out: string[], prefix: string, lines: readonly string[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const line = lines[i] as string;
    if (line.endsWith('\n')) out.push(prefix + line.slice(0, -1));
    else out.push(prefix + line, NO_NEWLINE);
  }
}

/** The hunks between two texts, with `context` lines of context (as `structuredPatch(...).hunks`). */
export function diffHunks(before: string, after: string, context: number): Hunk[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const parts = components(a, b);
  const hunks: Hunk[] = [];
  let oldRangeStart = 0;
  let newRangeStart = 0;
  let curRange: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  // Where each component's lines start: in `a` for removed and common ones, in `b` for added ones.
  let aPos = 0;
  let bPos = 0;
  // The package appends an empty common component to close the last hunk; i === parts.length is it.
  for (let i = 0; i <= parts.length; i++) {
    const current = parts[i];
    if (current && (current.added || current.removed)) {
      if (!oldRangeStart) {
        oldRangeStart = oldLine;
        newRangeStart = newLine;
        curRange = [];
        const prev = parts[i - 1];
        if (prev) {
          // The previous component is common (a hunk starts after one, or at the start): its lines end at aPos.
          const n = context > 0 ? Math.min(context, prev.count) : 0;
          pushLines(curRange, ' ', a, aPos - n, aPos);
          oldRangeStart -= n;
          newRangeStart -= n;
        }
      }
      if (current.added) {
        pushLines(curRange, '+', b, bPos, bPos + current.count);
        newLine += current.count;
        bPos += current.count;
      } else {
        pushLines(curRange, '-', a, aPos, aPos + current.count);
        oldLine += current.count;
        aPos += current.count;
      }
    } else {
      const count = current ? current.count : 0;
      if (oldRangeStart) {
        if (count <= context * 2 && i < parts.length - 1) {
          pushLines(curRange, ' ', a, aPos, aPos + count);
        } else {
          const contextSize = Math.min(count, context);
          pushLines(curRange, ' ', a, aPos, aPos + contextSize);
          hunks.push({
            oldStart: oldRangeStart,
            oldLines: oldLine - oldRangeStart + contextSize,
            newStart: newRangeStart,
            newLines: newLine - newRangeStart + contextSize,
            lines: curRange,
          });
          oldRangeStart = 0;
          newRangeStart = 0;
          curRange = [];
        }
      }
      oldLine += count;
      newLine += count;
      aPos += count;
      bPos += count;
    }
  }
  return hunks;
}
