import { describe, expect, it } from 'vitest';
import { applyEdits, parseDockerfile } from '../../src/dockerfile/index.js';
import { deleteInstructionTidy } from '../../src/dockerfile/tidy-delete.js';

const drop = (text: string, index: number): string => {
  const doc = parseDockerfile(text);
  return applyEdits(doc.source.text, [deleteInstructionTidy(doc, doc.instructions[index]!)]);
};

describe('deleteInstructionTidy', () => {
  it('takes one of the two blank lines around an instruction that stood alone', () => {
    expect(drop('FROM x\n\nRUN a\n\nRUN b\n', 1)).toBe('FROM x\n\nRUN b\n');
    expect(drop('FROM x\r\n\r\nRUN a \\\r\n  b\r\n  \r\nRUN c\r\n', 1)).toBe('FROM x\r\n  \r\nRUN c\r\n');
  });
  it('leaves blank lines alone when only one side is blank', () => {
    expect(drop('FROM x\n\nRUN a\nRUN b\n', 1)).toBe('FROM x\n\nRUN b\n');
    expect(drop('FROM x\nRUN a\n\nRUN b\n', 1)).toBe('FROM x\n\nRUN b\n');
    expect(drop('FROM x\n\nRUN a\n# about b\nRUN b\n', 1)).toBe('FROM x\n\n# about b\nRUN b\n');
  });
  it('at the end of the file', () => {
    expect(drop('FROM x\n\nRUN a\n', 1)).toBe('FROM x\n\n');
    expect(drop('FROM x\n\nRUN a', 1)).toBe('FROM x');
  });
  it('never touches a heredoc body', () => {
    expect(drop('FROM x\n\nRUN <<EOF\n\nEOF\n\nRUN b\n', 1)).toBe('FROM x\n\nRUN b\n');
  });
});
