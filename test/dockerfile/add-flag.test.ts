import { describe, expect, it } from 'vitest';
import { addFlag, parseDockerfile, rewrite } from '../../src/dockerfile/index.js';

const M = '--mount=type=cache,target=/go/pkg/mod';

/** Adds `M` to the instruction at `index` and returns the new file. */
const add = (input: string, index = 1): string => {
  const doc = parseDockerfile(input);
  return rewrite(doc, [addFlag(doc, doc.instructions[index]!, M)]).source.serialize();
};

describe('addFlag follows the file\'s style', () => {
  it('flags each on their own continuation line: the new flag gets its own line, same indentation', () => {
    expect(add('FROM golang\nRUN --mount=a \\\n    --mount=b \\\n    go build\n')).toBe(`FROM golang\nRUN --mount=a \\\n    --mount=b \\\n    ${M} \\\n    go build\n`);
  });

  it('a RUN whose first line holds only the keyword', () => {
    expect(add('FROM golang\nRUN \\\n\t--mount=b \\\n\tgo build\n')).toBe(`FROM golang\nRUN \\\n\t--mount=b \\\n\t${M} \\\n\tgo build\n`);
  });

  it('CRLF, a backtick escape and blanks after the escape are kept', () => {
    expect(add('FROM golang\r\nRUN --mount=a \\\r\n  --mount=b \\  \r\n  go build\r\n')).toBe(`FROM golang\r\nRUN --mount=a \\\r\n  --mount=b \\  \r\n  ${M} \\\r\n  go build\r\n`);
    expect(add('# escape=`\nFROM golang\nRUN --mount=a `\n  --mount=b `\n  go build\n', 1)).toBe(`# escape=\`\nFROM golang\nRUN --mount=a \`\n  --mount=b \`\n  ${M} \`\n  go build\n`);
  });

  it('a comment line after the flag stays below the new flag', () => {
    expect(add('FROM golang\nRUN --mount=a \\\n    --mount=b \\\n    # build it\n    go build\n')).toBe(`FROM golang\nRUN --mount=a \\\n    --mount=b \\\n    ${M} \\\n    # build it\n    go build\n`);
  });

  it('a flag on the keyword line followed by a continuation: appended on that line (no new line at column 0)', () => {
    expect(add('FROM golang\nRUN --mount=a \\\n    go build\n')).toBe(`FROM golang\nRUN --mount=a ${M} \\\n    go build\n`);
  });

  it('the last flag shares its line with the command: appended after it', () => {
    expect(add('FROM golang\nRUN --mount=a \\\n    --mount=b go build\n')).toBe(`FROM golang\nRUN --mount=a \\\n    --mount=b ${M} go build\n`);
  });

  it('no flags: right after the keyword', () => {
    expect(add('FROM golang\nRUN \\\n    go build\n')).toBe(`FROM golang\nRUN ${M} \\\n    go build\n`);
  });

  it('an ONBUILD trigger', () => {
    const input = 'FROM golang\nONBUILD RUN --mount=a \\\n    --mount=b \\\n    go build\n';
    const doc = parseDockerfile(input);
    const trigger = doc.instructions[1]!.trigger!;
    expect(rewrite(doc, [addFlag(doc, trigger, M)]).source.serialize()).toBe(`FROM golang\nONBUILD RUN --mount=a \\\n    --mount=b \\\n    ${M} \\\n    go build\n`);
  });
});
