import type { SourceText, Span } from './source.js';
import { SPACE, TAB } from './char-codes.js';

/**
 * An instruction's text as BuildKit sees it: continuations joined, comment and blank lines inside
 * the continuation dropped. `offsets[i]` is the source offset of `text[i]`, and
 * `offsets[text.length]` the source offset just past the last character, so any range found in
 * the logical text maps back to exact source bytes.
 */
export interface LogicalText {
  text: string;
  offsets: number[];
}

/**
 * The LogicalText that logicalText() and sliceLogical() make: the text is a few runs of consecutive
 * source characters (one per kept line), so it stores where each run starts instead of one
 * offset per character, and builds `offsets` only if someone reads it. Every instruction of every
 * parse had that array built, and nearly all of them were only ever asked for a handful of spans.
 */
class RunText implements LogicalText {
  private materialized: number[] | null = null;

  /**
   * @param base source offset of text[0] when there is one run (`runs` null)
   * @param runs otherwise pairs [logical index, source offset] for each run, in order; no run is empty
   * @param end the offset of index text.length
   */
  constructor(
    readonly text: string,
    private readonly base: number,
    private readonly runs: number[] | null,
    readonly end: number,
  ) {}

  get offsets(): number[] {
    if (this.materialized === null) {
      const out = new Array<number>(this.text.length + 1);
      for (let i = 0; i < this.text.length; i++) out[i] = this.at(i);
      out[this.text.length] = this.end;
      this.materialized = out;
    }
    return this.materialized;
  }

  /** offsets[i] for 0 <= i <= text.length. */
  at(i: number): number {
    if (i >= this.text.length) return this.end;
    const runs = this.runs;
    if (runs === null) return this.base + i;
    let k = 0;
    while (k + 2 < runs.length && (runs[k + 2] as number) <= i) k += 2;
    return (runs[k + 1] as number) + i - (runs[k] as number);
  }

  /** sliceLogical for 0 <= from <= to <= text.length. */
  slice(from: number, to: number): RunText {
    const text = this.text.slice(from, to);
    const end = this.at(to);
    const runs = this.runs;
    if (runs === null || to === from) return new RunText(text, this.at(from), null, end);
    const out: number[] = [];
    for (let k = 0; k < runs.length; k += 2) {
      const runStart = runs[k] as number;
      const runEnd = k + 2 < runs.length ? (runs[k + 2] as number) : this.text.length;
      if (runEnd <= from || runStart >= to) continue;
      const s = Math.max(runStart, from);
      out.push(s - from, (runs[k + 1] as number) + s - runStart);
    }
    return out.length === 2 ? new RunText(text, out[1] as number, null, end) : new RunText(text, 0, out, end);
  }
}


export function logicalText(source: SourceText, start: number, end: number, escape: string): LogicalText {
  const src = source.text;
  const firstLine = source.lineAt(start);
  const lastLine = source.lineAt(end);
  if (firstLine === lastLine) {
    // One line (nearly every instruction): one run.
    const to = Math.min(source.lineContentEnd(firstLine), end);
    return start > to ? new RunText('', start, null, start) : new RunText(src.slice(start, to), start, null, to);
  }
  const esc = escape.charCodeAt(0);
  let text = '';
  const runs: number[] = [];
  let endOffset = start;
  for (let line = firstLine; line <= lastLine; line++) {
    const from = Math.max(source.lineStart(line), start);
    const to = Math.min(source.lineContentEnd(line), end);
    if (from > to) continue;
    // Comment and blank lines inside the continuation are dropped.
    if (line > firstLine && isBlankOrCommentAt(src, from, to)) continue;
    let keep = to;
    if (line < lastLine) {
      // A line ending in the escape character (trailing spaces and tabs allowed, as in BuildKit) continues.
      let i = to - 1;
      while (i >= from && (src.charCodeAt(i) === SPACE || src.charCodeAt(i) === TAB)) i--;
      if (i >= from && src.charCodeAt(i) === esc) keep = i;
    }
    if (keep > from) {
      runs.push(text.length, from);
      text += src.slice(from, keep);
    }
    endOffset = line === lastLine ? to : keep;
  }
  if (runs.length <= 2) return new RunText(text, runs.length === 2 ? (runs[1] as number) : endOffset, null, endOffset);
  return new RunText(text, 0, runs, endOffset);
}

/** `^[ \t]*(#|$)` over src[from, to). */
function isBlankOrCommentAt(src: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && (src.charCodeAt(i) === SPACE || src.charCodeAt(i) === TAB)) i++;
  return i === to || src.charCodeAt(i) === 35;
}

function isIndex(lt: LogicalText, i: number): boolean {
  return Number.isInteger(i) && i >= 0 && i <= lt.text.length;
}

/** The part of a logical text from index `from` to `to`, keeping the offset map. */
export function sliceLogical(lt: LogicalText, from: number, to: number = lt.text.length): LogicalText {
  if (lt instanceof RunText) {
    const t = to > lt.text.length ? lt.text.length : to;
    if (isIndex(lt, from) && isIndex(lt, t) && from <= t) return lt.slice(from, t);
  }
  return { text: lt.text.slice(from, to), offsets: lt.offsets.slice(from, to + 1) };
}

/** Source span of the logical characters `[from, to)`. */
export function spanOf(lt: LogicalText, from: number, to: number): Span {
  if (lt instanceof RunText && isIndex(lt, from) && (to <= from || isIndex(lt, to - 1))) {
    const start = lt.at(from);
    return to <= from ? { start, end: start } : { start, end: lt.at(to - 1) + 1 };
  }
  const start = lt.offsets[from] ?? (lt.offsets[lt.offsets.length - 1] as number);
  if (to <= from) return { start, end: start };
  const last = lt.offsets[to - 1] as number;
  return { start, end: last + 1 };
}
