import { describe, expect, it } from 'vitest';
import { DockerfileParseError, runPipeline } from '../../src/core/pipeline.js';
import { defineTransform, type Problem, type Transform } from '../../src/transforms/transform.js';
import { insertLinesBefore, replaceInstruction, type Instruction } from '../../src/dockerfile/index.js';
import goModCacheMount from '../../src/transforms/go-mod-cache-mount.js';
import syntaxDirective from '../../src/transforms/syntax-directive.js';

const settings = { proxy: null, sumdb: null, private: null };
const run = (code: string, transforms: Transform[], apply: Array<'safe' | 'unsafe'> = ['safe']) =>
  runPipeline(code, { transforms, settings, project: null, path: null, apply: new Set(apply) });

/** A toy rule: every `RUN true` gets a `WORKDIR /w` line before it. */
const addWorkdir = defineTransform<Problem & { at: Instruction }>({
  id: 'add-workdir',
  title: 'test rule',
  severity: 'info',
  fixSafety: 'safe',
  docs: { what: '', why: '', before: '', after: '', fixSafety: '' },
  check: ({ doc }) =>
    doc.instructions
      .filter((i) => i.keyword === 'RUN' && doc.source.slice(i.range) === 'RUN true' && doc.instructions[i.index - 1]?.keyword !== 'WORKDIR')
      .map((i) => ({ range: i.keywordRange, message: 'needs a workdir', at: i })),
  fix: ({ doc }, p) => ({ edits: [insertLinesBefore(doc, p.at, ['WORKDIR /w'])] }),
});

/** A broken rule whose fix would make the file unparseable. */
const breaksFile = defineTransform<Problem & { at: Instruction }>({
  id: 'breaks-file',
  title: 'test rule',
  severity: 'warning',
  fixSafety: 'safe',
  docs: { what: '', why: '', before: '', after: '', fixSafety: '' },
  check: ({ doc }) => doc.instructions.filter((i) => i.keyword === 'CMD').map((i) => ({ range: i.range, message: 'cmd', at: i })),
  fix: (_ctx, p) => ({ edits: [replaceInstruction(p.at, 'CMDD nope')] }),
});

describe('runPipeline', () => {
  it('reports findings at their lines in the original file, even after earlier rules inserted lines', () => {
    const code = 'FROM golang\nRUN true\nRUN go build\n';
    const result = run(code, [addWorkdir, goModCacheMount, syntaxDirective]);
    expect(result.output).toBe('# syntax=docker/dockerfile:1\nFROM golang\nWORKDIR /w\nRUN true\nRUN --mount=type=cache,target=/go/pkg/mod go build\n');
    expect(result.findings.map((f) => [f.rule, f.line, f.fixed])).toEqual([
      ['syntax-directive', 1, true],
      ['add-workdir', 2, true],
      ['go-mod-cache-mount', 3, true],
    ]);
  });

  it('re-runs until nothing changes: a directive needed by a later rule is added in the same run', () => {
    const result = run('FROM golang\nRUN go build\n', [syntaxDirective, goModCacheMount]);
    expect(result.output).toBe('# syntax=docker/dockerfile:1\nFROM golang\nRUN --mount=type=cache,target=/go/pkg/mod go build\n');
  });

  it('reports without fixing when no fix is allowed', () => {
    const code = 'FROM golang\nRUN go build\n';
    const result = run(code, [goModCacheMount], []);
    expect(result.output).toBe(code);
    expect(result.changed).toBe(false);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ fixed: false, fix: 'safe', line: 2, column: 1 });
  });

  it('withholds a fix that would break the file and keeps the problem reported', () => {
    const code = 'FROM golang\nCMD ["x"]\n';
    const result = run(code, [breaksFile]);
    expect(result.output).toBe(code);
    expect(result.findings[0]).toMatchObject({ rule: 'breaks-file', fixed: false });
    expect(result.refused[0]).toMatch(/breaks-file: the edit would make the Dockerfile unparseable: line 2: unknown instruction: CMDD/);
  });

  it('throws a located parse error for a file docker would reject', () => {
    expect(() => run('FROM golang\nRUN <<EOF\n', [goModCacheMount])).toThrow(DockerfileParseError);
    try {
      run('FROM golang\nRUN <<EOF\n', [goModCacheMount]);
    } catch (error) {
      expect(error).toMatchObject({ line: 2, column: 5 });
    }
  });
});

describe('suppression comments', () => {
  it('# gomod-fix ignore=RULE on the line above an instruction skips that rule there only', () => {
    const code = 'FROM golang\n# gomod-fix ignore=go-mod-cache-mount\nRUN go mod download\nRUN go build\n';
    const result = run(code, [goModCacheMount]);
    expect(result.findings.map((f) => f.line)).toEqual([4]);
    expect(result.output).toBe('FROM golang\n# gomod-fix ignore=go-mod-cache-mount\nRUN go mod download\nRUN --mount=type=cache,target=/go/pkg/mod go build\n');
  });

  it('a bare ignore skips every rule; a list may name several; other comments may sit between', () => {
    const code = 'FROM golang\n# gomod-fix ignore\nRUN go build\n# gomod-fix ignore=syntax-directive, go-mod-cache-mount\n# why: the cache is mounted by CI\nRUN go test ./...\n';
    expect(run(code, [goModCacheMount]).findings).toEqual([]);
  });

  it('an ignore for another rule does not suppress', () => {
    const code = 'FROM golang\n# gomod-fix ignore=apk-no-cache\nRUN go build\n';
    expect(run(code, [goModCacheMount]).findings).toHaveLength(1);
  });

  it('# gomod-fix ignore-file at the top skips the file', () => {
    const code = '# gomod-fix ignore-file\nFROM golang\nRUN go build\n';
    const result = run(code, [goModCacheMount, syntaxDirective]);
    expect(result).toMatchObject({ ignored: true, changed: false, output: code, findings: [] });
  });

  it('ignore-file=RULE skips one rule for the whole file', () => {
    const code = '# gomod-fix ignore-file=syntax-directive\nFROM golang\nRUN go build\n';
    const result = run(code, [goModCacheMount, syntaxDirective]);
    expect(result.findings.map((f) => f.rule)).toEqual(['go-mod-cache-mount']);
    expect(result.output).toBe('# gomod-fix ignore-file=syntax-directive\nFROM golang\nRUN --mount=type=cache,target=/go/pkg/mod go build\n');
  });

  it('ignore-file below the first instruction does not count', () => {
    const code = 'FROM golang\n# gomod-fix ignore-file\nRUN go build\n';
    expect(run(code, [goModCacheMount]).ignored).toBe(false);
  });
});
