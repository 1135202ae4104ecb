import type { SourceText, Span } from './source.js';

/** A heredoc attached to a RUN, COPY or ADD instruction (`<<EOF`, `<<-EOF`, `<<"EOF"`). */
export interface HeredocBody {
  delimiter: string;
  /** `<<-`: leading tabs are stripped from body lines and the closing line. */
  stripTabs: boolean;
  /** Quoted delimiter: no expansion inside the body. */
  quoted: boolean;
  /** The `<<EOF` marker on the instruction line. */
  markerRange: Span;
  /** Body lines, from the start of the first body line to the start of the closing line. */
  bodyRange: Span;
  /** The closing delimiter line's content; null when the heredoc is never closed. */
  closeRange: Span | null;
  /** Line of the closing delimiter (or the last line of the file when unterminated). */
  endLine: number;
}

export interface HeredocScan {
  /** Keyed by the line on which the owning instruction starts. */
  byInstructionLine: Map<number, HeredocBody[]>;
  /** The text with heredoc bodies blanked (same length, same line breaks) for dockerfile-ast. */
  masked: string;
}

const HEREDOC_KEYWORDS = /^[ \t]*(?:onbuild[ \t]+)?(run|copy|add)\b/i;
const MARKER = /<<(-?)(["']?)([A-Za-z0-9_.-]+)\2/g;

/**
 * Finds heredoc bodies the way BuildKit does: markers on the (possibly continued) instruction
 * line, bodies on the lines after it, each closed by a line equal to its delimiter.
 *
 * dockerfile-ast reads a body line ending in the escape character as a continuation and then
 * misses the closing delimiter, so callers parse the masked text, where body characters are
 * spaces, and take bodies from here.
 */
export function scanHeredocs(source: SourceText, escape: string): HeredocScan {
  const byInstructionLine = new Map<number, HeredocBody[]>();
  const text = source.text;
  if (!text.includes('<<')) return { byInstructionLine, masked: text };

  // Heredoc bodies as [start, end) pairs, in order; blanked all at once at the end.
  const blanks: number[] = [];
  let line = 0;
  const lineCount = source.lineCount;
  while (line < lineCount) {
    const first = source.lineText(line);
    if (isBlankOrComment(first)) {
      line++;
      continue;
    }
    // Walk one instruction's physical lines; comment and blank lines inside a continuation belong to it.
    const startLine = line;
    const markers: Array<{ stripTabs: boolean; quoted: boolean; delimiter: string; range: Span }> = [];
    const allowsHeredoc = HEREDOC_KEYWORDS.test(first);
    for (;;) {
      const content = source.lineText(line);
      // Comment and blank lines inside a continuation belong to the instruction and keep it going.
      const inside = line > startLine && isBlankOrComment(content);
      if (allowsHeredoc && !inside) collectMarkers(content, source.lineStart(line), markers);
      const continues = inside || endsWithEscape(content, escape);
      line++;
      if (!continues || line >= lineCount) break;
    }
    if (markers.length === 0) continue;

    const bodies: HeredocBody[] = [];
    for (const marker of markers) {
      const bodyStart = source.lineStart(line);
      let closeLine = -1;
      for (let l = line; l < lineCount; l++) {
        let content = source.lineText(l);
        if (marker.stripTabs) content = content.replace(/^\t+/, '');
        if (content === marker.delimiter) {
          closeLine = l;
          break;
        }
      }
      const endLine = closeLine === -1 ? lineCount - 1 : closeLine;
      const bodyEnd = closeLine === -1 ? text.length : source.lineStart(closeLine);
      bodies.push({
        delimiter: marker.delimiter,
        stripTabs: marker.stripTabs,
        quoted: marker.quoted,
        markerRange: marker.range,
        bodyRange: { start: bodyStart, end: bodyEnd },
        closeRange: closeLine === -1 ? null : { start: source.lineStart(closeLine), end: source.lineContentEnd(closeLine) },
        endLine,
      });
      if (bodyEnd > bodyStart) blanks.push(bodyStart, bodyEnd);
      line = endLine + 1;
    }
    byInstructionLine.set(startLine, bodies);
  }
  return { byInstructionLine, masked: blanks.length === 0 ? text : blank(text, blanks) };
}

/** `text` with every character in the given ranges except `\r` and `\n` replaced by a space (same length). */
function blank(text: string, ranges: number[]): string {
  let out = '';
  let prev = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    const start = ranges[k] as number;
    const end = ranges[k + 1] as number;
    // Without the u flag the class matches UTF-16 code units, so a surrogate pair becomes two spaces, as before.
    out += text.slice(prev, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ');
    prev = end;
  }
  return out + text.slice(prev);
}

function collectMarkers(
  content: string,
  lineStart: number,
  out: Array<{ stripTabs: boolean; quoted: boolean; delimiter: string; range: Span }>,
): void {
  MARKER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKER.exec(content)) !== null) {
    // `<<<` is a here-string, not a heredoc.
    if (content[m.index - 1] === '<' || insideQuotes(content, m.index)) continue;
    out.push({
      stripTabs: m[1] === '-',
      quoted: m[2] !== '',
      delimiter: m[3] as string,
      range: { start: lineStart + m.index, end: lineStart + m.index + m[0].length },
    });
  }
}

function insideQuotes(content: string, index: number): boolean {
  let quote: string | null = null;
  for (let i = 0; i < index; i++) {
    const c = content[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote !== null;
}

export function endsWithEscape(content: string, escape: string): boolean {
  // BuildKit's continuation pattern allows trailing spaces and tabs after the escape character.
  let i = content.length - 1;
  while (i >= 0 && (content[i] === ' ' || content[i] === '\t')) i--;
  return i >= 0 && content[i] === escape;
}

export function isComment(content: string): boolean {
  return /^[ \t]*#/.test(content);
}

export function isBlankOrComment(content: string): boolean {
  return /^[ \t]*(#|$)/.test(content);
}
