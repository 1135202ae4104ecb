import { describe, expect, it } from 'vitest';
import { applyEdits, parseDockerfile, shellCommands } from '../../src/dockerfile/index.js';
import { deleteCommandAndAnd } from '../../src/dockerfile/shell-edits.js';

/** Deletes command `k` of the file's last RUN and returns the text, or null when the builder declines. */
function drop(text: string, k: number): string | null {
  const doc = parseDockerfile(text);
  const run = doc.instructions[doc.instructions.length - 1]!;
  const commands = shellCommands(doc, run, true);
  const edit = deleteCommandAndAnd(doc, commands[k]!, commands[k + 1]!);
  return edit ? applyEdits(doc.source.text, [edit]) : null;
}

describe('deleteCommandAndAnd', () => {
  it('removes a first command and its &&', () => {
    expect(drop('RUN a && b\n', 0)).toBe('RUN b\n');
  });
  it('removes a middle command, keeping the && before it', () => {
    expect(drop('RUN x && a --flag && b\n', 1)).toBe('RUN x && b\n');
  });
  it('takes a continuation after the && along', () => {
    expect(drop('RUN a && \\\n    b\n', 0)).toBe('RUN b\n');
    expect(drop('RUN a \\\n  && b \\\n  && c\n', 0)).toBe('RUN b \\\n  && c\n');
  });
  it('keeps CRLF and the backtick escape', () => {
    expect(drop('# escape=`\r\nFROM x\r\nRUN a && `\r\n    b\r\n', 0)).toBe('# escape=`\r\nFROM x\r\nRUN b\r\n');
  });
  it('keeps comment lines after the operator', () => {
    expect(drop('RUN a && \\\n    # why\n    b\n', 0)).toBe('RUN \\\n    # why\n    b\n');
  });
  it('declines when a comment lies before the operator', () => {
    expect(drop('RUN a \\\n    # why\n    && b\n', 0)).toBeNull();
  });
  it('declines other operators', () => {
    expect(drop('RUN a; b\n', 0)).toBeNull();
    expect(drop('RUN a || b\n', 0)).toBeNull();
    expect(drop('RUN a | b\n', 0)).toBeNull();
  });
  it('declines heredoc commands', () => {
    expect(drop('RUN <<EOF\na && b\nEOF\n', 1)).toBeNull();
  });
});
