import { deleteInstruction } from './edit-builders.js';
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
  const edit = deleteInstruction(doc, instruction);
  const src = doc.source;
  // The last line of a file without a final newline: deleteInstruction already takes the blank lines above it.
  if (edit.start !== src.lineStart(instruction.startLine)) return edit;
  const above = instruction.startLine - 1;
  const below = instruction.endLine + 1;
  const blank = (line: number): boolean => src.lineText(line).trim() === '';
  // The empty "line" after a final newline is the end of the file, not a blank line.
  const realLine = (line: number): boolean => line < src.lineCount && (src.hasLineBreak(line) || src.lineText(line) !== '');
  if (above < 0 || !realLine(below) || !blank(above) || !blank(below)) return edit;
  return { ...edit, start: src.lineStart(above) };
}
