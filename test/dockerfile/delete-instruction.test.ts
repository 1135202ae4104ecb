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
});
