import { describe, expect, it } from 'vitest';
import {
  addFlag,
  applyEdits,
  EditConflictError,
  EditRefusedError,
  insertLinesAfter,
  insertLinesBefore,
  parseDockerfile,
  rewrite,
  setDirective,
  shellCommands,
  type TextEdit,
} from '../../src/dockerfile/index.js';
import { fixture } from '../helpers.js';

const out = (input: string, edits: (doc: ReturnType<typeof parseDockerfile>) => TextEdit[]): string => {
  const doc = parseDockerfile(input);
  return rewrite(doc, edits(doc)).source.serialize();
};

describe('applyEdits', () => {
  it('keeps every byte outside the edits', () => {
    expect(applyEdits('abcdef', [{ start: 1, end: 2, text: 'B' }, { start: 4, end: 4, text: '+' }])).toBe('aBcd+ef');
  });
  it('keeps insertions at one offset in the order given', () => {
    expect(applyEdits('ab', [{ start: 1, end: 1, text: '1' }, { start: 1, end: 1, text: '2' }])).toBe('a12b');
  });
  it('refuses overlapping edits instead of corrupting the text', () => {
    expect(() => applyEdits('abcdef', [{ start: 1, end: 4, text: 'x' }, { start: 3, end: 5, text: 'y' }])).toThrow(EditConflictError);
  });
  it('allows an insertion touching a replaced range', () => {
    expect(applyEdits('abc', [{ start: 1, end: 2, text: 'X' }, { start: 2, end: 2, text: '+' }])).toBe('aX+c');
  });
});

describe('edit builders', () => {
  it('inserted lines use the file\'s own line ending (CRLF stays CRLF)', () => {
    const input = fixture('model/crlf.Dockerfile');
    const result = out(input, (doc) => [insertLinesBefore(doc, doc.instructions[2]!, ['COPY go.mod go.sum ./', 'RUN go mod download'])]);
    expect(result).toBe(input.replace('COPY . .\r\n', 'COPY go.mod go.sum ./\r\nRUN go mod download\r\nCOPY . .\r\n'));
    expect(result.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('a directive is added as the first line after the BOM', () => {
    const input = fixture('model/bom.Dockerfile');
    const result = out(input, (doc) => [setDirective(doc, 'syntax', 'docker/dockerfile:1')!]);
    expect(result).toBe('\uFEFF# syntax=docker/dockerfile:1\n' + input.slice(1));
    expect(parseDockerfile(result).directives.map((d) => d.name)).toEqual(['syntax']);
  });

  it('a directive merges with an existing # escape= (both stay directives)', () => {
    const input = fixture('model/escape-backtick.Dockerfile');
    const result = out(input, (doc) => [setDirective(doc, 'syntax', 'docker/dockerfile:1')!]);
    const doc = parseDockerfile(result);
    expect(doc.directives.map((d) => `${d.name}=${d.value}`)).toEqual(['syntax=docker/dockerfile:1', 'escape=`']);
    expect(doc.escape).toBe('`');
  });

  it('changes an existing directive value in place', () => {
    const input = fixture('model/multistage-go.Dockerfile');
    const result = out(input, (doc) => [setDirective(doc, 'syntax', 'docker/dockerfile:1')!]);
    expect(result).toBe(input.replace('# syntax=docker/dockerfile:1.7', '# syntax=docker/dockerfile:1'));
  });

  it('adds a RUN flag after the existing ones, leaving them untouched', () => {
    const input = fixture('model/quoted-flags.Dockerfile');
    const result = out(input, (doc) => [addFlag(doc, doc.instructions[1]!, '--mount=type=cache,target=/go/pkg/mod')]);
    expect(result).toContain('RUN --mount="type=cache,target=/root/.cache/go build" --network=none --mount=type=cache,target=/go/pkg/mod go build ./...');
    expect(parseDockerfile(result).instructions[1]!.flags.map((f) => f.name)).toEqual(['mount', 'network', 'mount']);
  });

  it('adds a flag to a RUN with none, and to a continued RUN on its first line', () => {
    const input = 'FROM golang\nRUN go mod download && \\\n  go build .\n';
    const result = out(input, (doc) => [addFlag(doc, doc.instructions[1]!, '--mount=type=cache,target=/go/pkg/mod')]);
    expect(result).toBe('FROM golang\nRUN --mount=type=cache,target=/go/pkg/mod go mod download && \\\n  go build .\n');
  });

  it('inserts after the last line of a file without a final newline and keeps it without one', () => {
    const input = fixture('model/no-final-newline.Dockerfile');
    const result = out(input, (doc) => [insertLinesAfter(doc, doc.instructions[1]!, ['USER 65532'])]);
    expect(result).toBe('FROM golang:1.22\nRUN go build ./...\nUSER 65532');
  });

  it('inserts after a heredoc instruction, past its closing delimiter', () => {
    const input = fixture('model/heredocs.Dockerfile');
    const result = out(input, (doc) => [insertLinesAfter(doc, doc.instructions[2]!, ['RUN true'])]);
    expect(result).toContain('echo "line ending in a backslash" \\\nEOF\nRUN true\nCOPY <<-CONF');
  });

  it('keeps indentation and trailing whitespace of untouched lines', () => {
    const input = fixture('model/indented-trailing-ws.Dockerfile');
    const result = out(input, (doc) => [insertLinesBefore(doc, doc.instructions[1]!, ['WORKDIR /src'])]);
    expect(result).toBe('FROM golang:1.22\n\tWORKDIR /src\n\tRUN go build ./... \t \n');
  });

  it('edits one command of a && chain through the shell model', () => {
    const input = fixture('model/continuation-comments.Dockerfile');
    const doc = parseDockerfile(input);
    const run = doc.instructions[1]!;
    const installs = shellCommands(doc, run).filter((c) => c.argv[0]?.value === 'apt-get' && c.argv[1]?.value === 'install');
    expect(installs).toHaveLength(2);
    const second = installs[1]!;
    const result = rewrite(doc, [{ start: second.argv[1]!.range.end, end: second.argv[1]!.range.end, text: ' --no-install-recommends' }]).source.serialize();
    expect(result).toBe(input.replace('apt-get install -y git', 'apt-get install --no-install-recommends -y git'));
  });

  it('refuses an edit that would make the file unparseable, naming the line', () => {
    const doc = parseDockerfile('FROM golang\nRUN go build\n');
    expect(() => rewrite(doc, [{ start: 12, end: 12, text: 'BOGUS x\n' }])).toThrow(EditRefusedError);
    expect(() => rewrite(doc, [{ start: 12, end: 12, text: 'BOGUS x\n' }])).toThrow(/line 2: unknown instruction: BOGUS/);
  });
});

describe('deleteInstruction', () => {
  it('removes the instruction\'s lines with their line break', async () => {
    const { deleteInstruction } = await import('../../src/dockerfile/index.js');
    expect(out('FROM a\nRUN x \\\n  y\nRUN z\n', (doc) => [deleteInstruction(doc, doc.instructions[1]!)])).toBe('FROM a\nRUN z\n');
  });
  it('keeps a file without a final newline without one when its last instruction goes', async () => {
    const { deleteInstruction } = await import('../../src/dockerfile/index.js');
    expect(out('FROM a\r\nRUN x\r\nRUN y', (doc) => [deleteInstruction(doc, doc.instructions[2]!)])).toBe('FROM a\r\nRUN x');
  });
});
