import { commentsAbove, deleteInstruction, finalBreakKept } from './edit-builders.js';
import type { TextEdit } from './edits.js';
import type { DockerfileDocument, Instruction } from './model.js';

/**
 * Deletes an instruction like `deleteInstruction`, and when it stood alone between two blank lines,
 * one of those too, so the file is not left with two blank lines where it had one:
 *
 *     COPY . .            COPY . .
 *                   ->
 *     RUN go mod download RUN go build .
 *
 *     RUN go build .
 *
 * Comments are never taken: a comment line is not blank.
 */
export function deleteInstructionTidy(doc: DockerfileDocument, instruction: Instruction): TextEdit {
  return tidy(doc, instruction, instruction.startLine);
}

/**
 * Deletes an instruction together with the comment lines directly above it (`commentsAbove`), for
 * an instruction that moves elsewhere with its comments; blank lines as `deleteInstructionTidy`.
 */
export function deleteInstructionWithComments(doc: DockerfileDocument, instruction: Instruction): TextEdit {
  return tidy(doc, instruction, commentsAbove(doc, instruction).firstLine);
}

/** Deletes from the start of line `first` (the instruction's own, or a comment above it) to the end of the instruction. */
function tidy(doc: DockerfileDocument, instruction: Instruction, first: number): TextEdit {
  const src = doc.source;
  const keep = finalBreakKept(doc, first, instruction.endLine);
  if (keep) return keep;
  const edit = deleteInstruction(doc, instruction);
  if (first !== instruction.startLine && !src.hasLineBreak(instruction.endLine) && first > 0) {
    // The last line of a file without a final newline: take the line break (and blank lines) above the comments.
    let line = first - 1;
    while (line > 0 && src.lineText(line).trim() === '') line--;
    return { start: src.lineContentEnd(line), end: edit.end, text: '' };
  }
  // The last line of a file without a final newline: deleteInstruction already takes the blank lines above it.
  if (edit.start !== src.lineStart(instruction.startLine)) return edit;
  if (first !== instruction.startLine) edit.start = src.lineStart(first);
  const above = first - 1;
  const below = instruction.endLine + 1;
  const blank = (line: number): boolean => src.lineText(line).trim() === '';
  // The empty "line" after a final newline is the end of the file, not a blank line.
  const realLine = (line: number): boolean => line < src.lineCount && (src.hasLineBreak(line) || src.lineText(line) !== '');
  if (above < 0 || !realLine(below) || !blank(above) || !blank(below)) return edit;
  return { ...edit, start: src.lineStart(above) };
}
