import { describe, expect, it } from 'vitest';
import { applyEdits, commentsAbove, keywordLike, parseDockerfile } from '../../src/dockerfile/index.js';
import { deleteInstructionWithComments } from '../../src/dockerfile/tidy-delete.js';

describe('commentsAbove', () => {
  const above = (text: string, index: number): { firstLine: number; lines: string[] } => {
    const doc = parseDockerfile(text);
    return commentsAbove(doc, doc.instructions[index]!);
  };
  it('takes the comment lines directly above, without their indentation', () => {
    expect(above('FROM x\n# one\n  # two\nRUN a\n', 1)).toEqual({ firstLine: 1, lines: ['# one', '# two'] });
    expect(above('FROM x\r\n# one\r\nRUN a\r\n', 1)).toEqual({ firstLine: 1, lines: ['# one'] });
  });
  it('stops at a blank line, the previous instruction, a heredoc body and a parser directive', () => {
    expect(above('FROM x\n# about x\n\nRUN a\n', 1)).toEqual({ firstLine: 3, lines: [] });
    expect(above('FROM x\nRUN <<EOF\n# body\nEOF\nRUN a\n', 2)).toEqual({ firstLine: 4, lines: [] });
    expect(above('# syntax=docker/dockerfile:1\n# about x\nFROM x\n', 0)).toEqual({ firstLine: 1, lines: ['# about x'] });
  });
});

describe('deleteInstructionWithComments', () => {
  const drop = (text: string, index: number): string => {
    const doc = parseDockerfile(text);
    return applyEdits(doc.source.text, [deleteInstructionWithComments(doc, doc.instructions[index]!)]);
  };
  it('takes the comments along, and one of two blank lines around them', () => {
    expect(drop('FROM x\n# a\nRUN a\nRUN b\n', 1)).toBe('FROM x\nRUN b\n');
    expect(drop('FROM x\n\n# a\n# a2\nRUN a\n\nRUN b\n', 1)).toBe('FROM x\n\nRUN b\n');
    expect(drop('FROM x\r\n# a\r\nRUN a \\\r\n  b\r\nRUN c\r\n', 1)).toBe('FROM x\r\nRUN c\r\n');
  });
  it('leaves a comment separated by a blank line', () => {
    expect(drop('FROM x\n# about x\n\nRUN a\nRUN b\n', 1)).toBe('FROM x\n# about x\n\nRUN b\n');
  });
  it('at the end of a file without a final newline', () => {
    expect(drop('FROM x\n\n# a\nRUN a', 1)).toBe('FROM x');
    expect(drop('FROM x\nRUN a', 1)).toBe('FROM x');
  });
  it('without comments, the same as deleteInstructionTidy', () => {
    expect(drop('FROM x\n\nRUN a\n\nRUN b\n', 1)).toBe('FROM x\n\nRUN b\n');
  });
});

describe('keywordLike', () => {
  it('follows the case the instruction is written in', () => {
    const doc = parseDockerfile('from x\nRUN a\nRun b\n');
    expect(keywordLike(doc, doc.instructions[0]!, 'COPY')).toBe('copy');
    expect(keywordLike(doc, doc.instructions[1]!, 'COPY')).toBe('COPY');
    expect(keywordLike(doc, doc.instructions[2]!, 'COPY')).toBe('COPY');
  });
});
