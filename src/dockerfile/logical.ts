import { endsWithEscape, isBlankOrComment } from './heredoc.js';
import type { SourceText, Span } from './source.js';

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

export function logicalText(source: SourceText, start: number, end: number, escape: string): LogicalText {
  let text = '';
  const offsets: number[] = [];
  const firstLine = source.lineAt(start);
  const lastLine = source.lineAt(end);
  let endOffset = start;
  for (let line = firstLine; line <= lastLine; line++) {
    const from = Math.max(source.lineStart(line), start);
    const to = Math.min(source.lineContentEnd(line), end);
    if (from > to) continue;
    let content = source.text.slice(from, to);
    if (line > firstLine && isBlankOrComment(content)) continue;
    let keep = content.length;
    if (line < lastLine && endsWithEscape(content, escape)) {
      keep = content.lastIndexOf(escape);
      content = content.slice(0, keep);
    }
    text += content;
    for (let i = 0; i < keep; i++) offsets.push(from + i);
    endOffset = from + keep;
    if (line === lastLine) endOffset = to;
  }
  offsets.push(endOffset);
  return { text, offsets };
}

/** The part of a logical text from index `from` to `to`, keeping the offset map. */
export function sliceLogical(lt: LogicalText, from: number, to: number = lt.text.length): LogicalText {
  return { text: lt.text.slice(from, to), offsets: lt.offsets.slice(from, to + 1) };
}

/** Source span of the logical characters `[from, to)`. */
export function spanOf(lt: LogicalText, from: number, to: number): Span {
  const start = lt.offsets[from] ?? (lt.offsets[lt.offsets.length - 1] as number);
  if (to <= from) return { start, end: start };
  const last = lt.offsets[to - 1] as number;
  return { start, end: last + 1 };
}
