import type { Flag } from './flags.js';
import type { DockerfileDocument, Instruction } from './model.js';
import type { TextEdit } from './edits.js';
import type { Span } from './source.js';

/**
 * Builders for the edits transforms need. They take the file's line ending and the instruction's
 * indentation from the document, so transforms never compute offsets or line breaks themselves.
 */

/** Leading whitespace of the line an instruction starts on. */
export function indentOf(doc: DockerfileDocument, instruction: Instruction): string {
  const lineStart = doc.source.lineStart(instruction.startLine);
  return doc.source.text.slice(lineStart, instruction.range.start);
}

/** Inserts whole lines before an instruction, with its indentation. */
export function insertLinesBefore(doc: DockerfileDocument, instruction: Instruction, lines: string[]): TextEdit {
  const eol = doc.source.eol;
  const at = doc.source.lineStart(instruction.startLine);
  const indent = indentOf(doc, instruction);
  return { start: at, end: at, text: lines.map((l) => indent + l + eol).join('') };
}

/** Inserts whole lines after an instruction (after its heredoc bodies and its line break). */
export function insertLinesAfter(doc: DockerfileDocument, instruction: Instruction, lines: string[]): TextEdit {
  const eol = doc.source.eol;
  const indent = indentOf(doc, instruction);
  const body = lines.map((l) => indent + l).join(eol);
  if (doc.source.hasLineBreak(instruction.endLine)) {
    const at = doc.source.lineEnd(instruction.endLine);
    return { start: at, end: at, text: body + eol };
  }
  // Last line of a file without a final newline: keep it without one.
  const at = doc.source.text.length;
  return { start: at, end: at, text: eol + body };
}

/**
 * Adds a flag after the instruction's existing flags (or right after the keyword). When the last
 * flag sits alone at the start of a continuation line (`    --mount=b \`), the new flag gets a line
 * of its own below it, with the same indentation, escape character and line ending.
 */
export function addFlag(doc: DockerfileDocument, instruction: Instruction, flag: string): TextEdit {
  const last: Flag | undefined = instruction.flags[instruction.flags.length - 1];
  if (last) {
    const src = doc.source;
    const line = src.lineAt(last.range.start);
    const before = src.text.slice(src.lineStart(line), last.range.start);
    const after = src.text.slice(last.range.end, src.lineContentEnd(line));
    const escape = doc.escape;
    const continued = after.trim() === escape && /^[ \t]/.test(after) && src.hasLineBreak(line);
    if (line > instruction.startLine && /^[ \t]*$/.test(before) && continued) {
      const at = src.lineEnd(line);
      return { start: at, end: at, text: `${before}${flag} ${escape}${src.eol}` };
    }
  }
  const at = last ? last.range.end : instruction.keywordRange.end;
  return { start: at, end: at, text: ' ' + flag };
}

/** Replaces a flag, keeping everything around it. */
export function replaceFlag(flag: Flag, text: string): TextEdit {
  return { start: flag.range.start, end: flag.range.end, text };
}

/** Removes a flag and the whitespace before it (on the same line). */
export function removeFlag(doc: DockerfileDocument, flag: Flag): TextEdit {
  let start = flag.range.start;
  const text = doc.source.text;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: flag.range.end, text: '' };
}

/** Replaces an instruction's whole text (keyword to end of its last line). */
export function replaceInstruction(instruction: Instruction, text: string): TextEdit {
  return { start: instruction.range.start, end: instruction.range.end, text };
}

/** Deletes an instruction's lines entirely, line break included. */
export function deleteInstruction(doc: DockerfileDocument, instruction: Instruction): TextEdit {
  const start = doc.source.lineStart(instruction.startLine);
  const end = doc.source.lineEnd(instruction.endLine);
  const keep = finalBreakKept(doc, instruction.startLine, instruction.endLine);
  if (keep) return keep;
  // The last line of a file without a final newline: take the line break before it instead (and the
  // blank lines above it, which would otherwise leave a final newline), so the file still ends without one.
  if (!doc.source.hasLineBreak(instruction.endLine) && instruction.startLine > 0) {
    let line = instruction.startLine - 1;
    while (line > 0 && doc.source.lineText(line).trim() === '') line--;
    return { start: doc.source.lineContentEnd(line), end, text: '' };
  }
  return { start, end, text: '' };
}

/**
 * Deleting lines `first`..`last` that end the file, when the line above ends in another line break
 * than the file's last one (a lone `\r` in a `\r\n` file): the line above takes the deleted lines'
 * final break, so the file's final newline stays as it was. Null otherwise (the plain deletion keeps it).
 */
export function finalBreakKept(doc: DockerfileDocument, first: number, last: number): TextEdit | null {
  const src = doc.source;
  if (first === 0 || src.lineEnd(last) !== src.text.length || !src.hasLineBreak(last)) return null;
  const above = first - 1;
  const breakOf = (line: number): string => src.text.slice(src.lineContentEnd(line), src.lineEnd(line));
  if (breakOf(above) === breakOf(last)) return null;
  return { start: src.lineContentEnd(above), end: src.lineContentEnd(last), text: '' };
}

/** Sets a parser directive: changes its value when present, otherwise adds it as the first line. */
export function setDirective(doc: DockerfileDocument, name: string, value: string): TextEdit | null {
  const existing = doc.directives.find((d) => d.name === name);
  if (existing) {
    if (existing.value === value) return null;
    return { start: existing.valueRange.start, end: existing.valueRange.end, text: value };
  }
  return { start: 0, end: 0, text: `# ${name}=${value}${doc.source.eol}` };
}

/** Inserts `text` at the end of the given word/flag/range in the instruction's line. */
export function insertAt(offset: number, text: string): TextEdit {
  return { start: offset, end: offset, text };
}

/** Replaces a word (an ENV/ARG assignment, a shell word, a keyword) found by the document model. */
export function replaceWord(word: { range: Span }, text: string): TextEdit {
  return { start: word.range.start, end: word.range.end, text };
}

/** Removes a word and the blanks before it on its line (one assignment out of a multi-assignment ENV). */
export function removeWord(doc: DockerfileDocument, word: { range: Span }): TextEdit {
  const text = doc.source.text;
  const lineStart = doc.source.lineStart(doc.source.lineAt(word.range.start));
  let start = word.range.start;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: word.range.end, text: '' };
}

/**
 * Inserts whole lines before an instruction and the comment lines directly above it (no blank line
 * between), so a comment that describes the instruction stays with it. Never goes above the previous
 * instruction or a parser directive.
 */
export function insertLinesBeforeComments(doc: DockerfileDocument, instruction: Instruction, lines: string[]): TextEdit {
  const at = doc.source.lineStart(commentsAbove(doc, instruction).firstLine);
  const indent = indentOf(doc, instruction);
  return { start: at, end: at, text: lines.map((l) => indent + l + doc.source.eol).join('') };
}

/** Deletes one whole line (content and line break); for a last line without one, the break before it. */
export function deleteLine(doc: DockerfileDocument, line: number): TextEdit {
  const source = doc.source;
  if (!source.hasLineBreak(line) && line > 0) return { start: source.lineContentEnd(line - 1), end: source.lineEnd(line), text: '' };
  return { start: source.lineStart(line), end: source.lineEnd(line), text: '' };
}

/** Comment lines before the first instruction that are not parser directives, with their ranges. */
export function leadingComments(doc: DockerfileDocument): Array<{ line: number; text: string; range: Span }> {
  const source = doc.source;
  const end = doc.instructions[0]?.startLine ?? source.lineCount;
  const out: Array<{ line: number; text: string; range: Span }> = [];
  for (let line = 0; line < end; line++) {
    const text = source.lineText(line);
    if (/^[ \t]*#/.test(text) && !doc.directives.some((d) => d.line === line)) {
      out.push({ line, text, range: { start: source.lineStart(line), end: source.lineContentEnd(line) } });
    }
  }
  return out;
}

/**
 * The comment lines directly above an instruction (no blank line between), which usually describe
 * it: their text without indentation, and the line the first one is on (the instruction's own line
 * when there are none). Never above the previous instruction (heredoc bodies included) or a parser
 * directive.
 */
export function commentsAbove(doc: DockerfileDocument, instruction: Instruction): { firstLine: number; lines: string[] } {
  const previous = instruction.index > 0 ? doc.instructions[instruction.index - 1] : undefined;
  let floor = previous ? previous.endLine + 1 : 0;
  for (const d of doc.directives) floor = Math.max(floor, doc.source.lineAt(d.valueRange.start) + 1);
  let line = instruction.startLine;
  while (line - 1 >= floor && /^[ \t]*#/.test(doc.source.lineText(line - 1))) line--;
  const lines: string[] = [];
  for (let l = line; l < instruction.startLine; l++) lines.push(doc.source.lineText(l).replace(/^[ \t]+/, ''));
  return { firstLine: line, lines };
}

/** `word` (an instruction keyword) in the case `like`'s keyword is written in: `arg` in a file that writes `from`. */
export function keywordLike(doc: DockerfileDocument, like: Instruction, word: string): string {
  const written = doc.source.slice(like.keywordRange);
  return written === written.toLowerCase() ? word.toLowerCase() : word;
}
