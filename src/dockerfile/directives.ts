import type { SourceText, Span } from './source.js';

/** A parser directive (`# syntax=...`, `# escape=...`, `# check=...`) at the top of the file. */
export interface ParserDirective {
  name: string;
  value: string;
  line: number;
  range: Span;
  valueRange: Span;
}

/** BuildKit's own pattern: `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`. */
const DIRECTIVE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;

export const KNOWN_DIRECTIVES = ['syntax', 'escape', 'check'] as const;

/**
 * Reads the directives at the top of the file. As in BuildKit, the first line that is not a
 * directive (a comment, a blank line, an instruction) ends them. dockerfile-ast's `getDirective()`
 * only knows `syntax` and `escape`, so this small scanner is the source of truth for all three.
 */
export function scanDirectives(source: SourceText): ParserDirective[] {
  const found: ParserDirective[] = [];
  for (let line = 0; line < source.lineCount; line++) {
    const text = source.lineText(line);
    const m = DIRECTIVE.exec(text);
    if (!m || !m[2]) break;
    const name = (m[1] as string).toLowerCase();
    // BuildKit treats an unknown key as an ordinary comment, which ends the directives.
    if (!(KNOWN_DIRECTIVES as readonly string[]).includes(name)) break;
    const start = source.lineStart(line);
    const valueStart = start + text.lastIndexOf(m[2], text.length);
    found.push({
      name,
      value: m[2],
      line,
      range: { start, end: start + text.length },
      valueRange: { start: valueStart, end: valueStart + m[2].length },
    });
  }
  return found;
}

export function escapeCharacter(directives: ParserDirective[]): string {
  const escape = directives.find((d) => d.name === 'escape');
  return escape && (escape.value === '`' || escape.value === '\\') ? escape.value : '\\';
}
