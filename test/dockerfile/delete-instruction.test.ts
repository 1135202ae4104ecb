import { describe, expect, it } from 'vitest';
import { applyEdits, deleteInstruction, parseDockerfile } from '../../src/dockerfile/index.js';

const drop = (text: string, index: number): string => {
  const doc = parseDockerfile(text);
  return applyEdits(doc.source.text, [deleteInstruction(doc, doc.instructions[index]!)]);
};

describe('deleteInstruction', () => {
  it('deletes the lines and their line break', () => {
    expect(drop('FROM x\nRUN a \\\n  b\nRUN c\n', 1)).toBe('FROM x\nRUN c\n');
  });
  it('keeps a file without a final newline without one', () => {
    expect(drop('FROM x\nRUN a', 1)).toBe('FROM x');
    expect(drop('FROM x\n\n  \nRUN a', 1)).toBe('FROM x');
    expect(drop('# escape=`\r\nFROM x\r\n# keep\r\nRUN a `\r\n  b', 1)).toBe('# escape=`\r\nFROM x\r\n# keep');
  });
  it('keeps the final line break as it was when the line above ends in another one', () => {
    expect(drop('FROM x\r\nCOPY . .\rRUN a \\\r\n # c\r\n', 2)).toBe('FROM x\r\nCOPY . .\r\n');
    expect(drop('FROM x\r\nCOPY . .\nRUN a\r\n', 2)).toBe('FROM x\r\nCOPY . .\r\n');
    // The same line breaks: the plain deletion, blank lines above kept.
    expect(drop('FROM x\n\nRUN a\n', 1)).toBe('FROM x\n\n');
  });
});
