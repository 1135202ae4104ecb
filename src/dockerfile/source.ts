/**
 * The raw text of a Dockerfile and its line table. This is the only place that converts between
 * offsets and line/character positions; everything else in the code works with offsets.
 */

export interface Span {
  /** Offset of the first character (UTF-16 code units into `SourceText.text`). */
  start: number;
  /** Offset one past the last character. */
  end: number;
}

export type LineEnding = '\n' | '\r\n';

const BOM = '\uFEFF';

export class SourceText {
  /** The text with any UTF-8 byte order mark removed; all offsets refer to this. */
  readonly text: string;
  readonly bom: boolean;
  /** The file's own line ending (the first one found), used for every inserted line. */
  readonly eol: LineEnding;
  /** Offset at which each line starts. Line breaks are `\r\n`, `\n` and a lone `\r`, as dockerfile-ast reads them. */
  readonly lineStarts: number[];

  constructor(raw: string) {
    this.bom = raw.startsWith(BOM);
    this.text = this.bom ? raw.slice(1) : raw;
    const firstLf = this.text.indexOf('\n');
    this.eol = firstLf > 0 && this.text[firstLf - 1] === '\r' ? '\r\n' : '\n';
    this.lineStarts = computeLineStarts(this.text);
  }

  /** The file's bytes as they would be written (BOM restored). */
  serialize(text: string = this.text): string {
    return this.bom ? BOM + text : text;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  offsetAt(line: number, character: number): number {
    const start = this.lineStarts[line];
    if (start === undefined) return this.text.length;
    return Math.min(start + character, this.lineContentEnd(line));
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Zero-based line and column of an offset. */
  positionAt(offset: number): { line: number; column: number } {
    const line = this.lineAt(offset);
    return { line, column: offset - (this.lineStarts[line] as number) };
  }

  lineStart(line: number): number {
    return this.lineStarts[line] ?? this.text.length;
  }

  /** Offset of the end of a line's content, before its line break. */
  lineContentEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.text.length;
    let end = next;
    if (this.text[end - 1] === '\n') end--;
    if (this.text[end - 1] === '\r') end--;
    return end;
  }

  /** Offset just past a line's line break (the start of the next line, or the end of the text). */
  lineEnd(line: number): number {
    return this.lineStarts[line + 1] ?? this.text.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineContentEnd(line));
  }

  /** Whether the line ends with a line break (false only for a last line without one). */
  hasLineBreak(line: number): boolean {
    return this.lineStarts[line + 1] !== undefined;
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // Only \n breaks lines: indexOf finds them much faster than a loop over every character.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
