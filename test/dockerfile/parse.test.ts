import { describe, expect, it } from 'vitest';
import { contextAt, parseDockerfile, parseMount, shellCommands, type DockerfileDocument, type Instruction } from '../../src/dockerfile/index.js';
import { fixture, fixtures } from '../helpers.js';

const text = (doc: DockerfileDocument, i: Instruction): string => doc.source.slice(i.range);
const keywords = (doc: DockerfileDocument): string[] => doc.instructions.map((i) => i.keyword);

describe('parseDockerfile', () => {
  it('reads stages: name, base image, platform, which stage they build from; ARGs before FROM are global', () => {
    const doc = parseDockerfile(fixture('model/multistage-go.Dockerfile'));
    expect(doc.errors).toEqual([]);
    expect(doc.globalArgs.map((a) => text(doc, a))).toEqual(['ARG GO_VERSION=1.22', 'ARG ALPINE_VERSION=3.20']);
    expect(doc.stages.map((s) => [s.name, s.image, s.platform, s.baseStage])).toEqual([
      ['build', 'golang:${GO_VERSION}-alpine${ALPINE_VERSION}', '$BUILDPLATFORM', null],
      ['test', 'build', null, 0],
      [null, 'gcr.io/distroless/static-debian12:nonroot', null, null],
    ]);
    expect(doc.stages[0]!.instructions.map((i) => i.keyword)).toEqual(['WORKDIR', 'ENV', 'COPY', 'RUN', 'COPY', 'ARG', 'RUN']);
  });

  it('a FROM that names a stage through global ARGs builds on that stage (BuildKit expands them first)', () => {
    const doc = parseDockerfile('ARG V=alpine\nARG B=base-${V}\nARG IMG\nFROM golang:1.22-alpine AS base-alpine\nFROM base-${V} AS tools\nFROM ${B} AS t2\nFROM ${V:-x}\nFROM ${IMG}\nFROM base-${UNSET}\n');
    expect(doc.stages.map((s) => s.baseStage)).toEqual([null, 0, 0, null, null, null]);
  });

  it('recognises all three parser directives, including # check= that dockerfile-ast does not', () => {
    const doc = parseDockerfile(fixture('model/multistage-go.Dockerfile'));
    expect(doc.directives.map((d) => [d.name, d.value, d.line])).toEqual([
      ['syntax', 'docker/dockerfile:1.7', 0],
      ['check', 'skip=JSONArgsRecommended', 1],
    ]);
    expect(doc.source.slice(doc.directives[0]!.valueRange)).toBe('docker/dockerfile:1.7');
  });

  it('a directive given twice is an error, as in BuildKit', () => {
    expect(parseDockerfile('# syntax=docker/dockerfile:1.2\n# syntax=docker/dockerfile:1\nFROM scratch\n').errors).toEqual([
      { message: 'only one syntax parser directive can be used', line: 1, column: 0 },
    ]);
  });

  it('a comment line or blank line ends the directives, as in BuildKit', () => {
    const doc = parseDockerfile('# a comment\n# syntax=docker/dockerfile:1\nFROM scratch\n');
    expect(doc.directives).toEqual([]);
  });

  it('gives instruction ranges that span continuation lines and the comments between them', () => {
    const doc = parseDockerfile(fixture('model/continuation-comments.Dockerfile'));
    const run = doc.instructions[1]!;
    expect(run.startLine).toBe(2);
    expect(run.endLine).toBe(8);
    expect(text(doc, run)).toMatch(/^RUN apt-get update \\\n[\s\S]*rm -rf \/var\/lib\/apt\/lists\/\*$/);
    // The logical line, as BuildKit runs it: comments and the blank continuation line dropped.
    expect(run.logical.text.replace(/\s+/g, ' ').trim()).toBe(
      'apt-get update && apt-get install -y curl && apt-get install -y git && rm -rf /var/lib/apt/lists/*',
    );
  });

  it('reads quoted flag values the way BuildKit does (dockerfile-ast splits them at the space)', () => {
    const doc = parseDockerfile(fixture('model/quoted-flags.Dockerfile'));
    const [run1, run2] = doc.stages[0]!.instructions;
    expect(run1!.flags.map((f) => [f.name, f.value])).toEqual([
      ['mount', 'type=cache,target=/root/.cache/go build'],
      ['network', 'none'],
    ]);
    expect(parseMount(run1!.flags[0]!.value!)).toMatchObject({ type: 'cache', target: '/root/.cache/go build' });
    expect(doc.source.slice(run1!.flags[0]!.range)).toBe('--mount="type=cache,target=/root/.cache/go build"');
    // Keys in any order.
    expect(parseMount(run2!.flags[0]!.value!)).toMatchObject({ type: 'cache', target: '/go/pkg/mod' });
    expect(run2!.flags.map((f) => f.name)).toEqual(['mount', 'security']);
  });

  it('mount options are a CSV record: a quoted field may hold a comma', () => {
    expect(parseMount('type=secret,id=netrc,"target=/root/a,b"').target).toBe('/root/a,b');
    expect(parseMount('target=/x').type).toBe('bind');
  });

  it('carries heredoc bodies through, even a body line ending in a backslash', () => {
    const doc = parseDockerfile(fixture('model/heredocs.Dockerfile'));
    expect(doc.errors).toEqual([]);
    expect(keywords(doc)).toEqual(['FROM', 'WORKDIR', 'RUN', 'COPY', 'RUN', 'RUN']);
    const [, , run1, copy, run2, vet] = doc.instructions;
    expect(run1!.heredocs.map((h) => h.delimiter)).toEqual(['EOF']);
    expect(doc.source.slice(run1!.heredocs[0]!.bodyRange)).toBe('set -e\necho "line ending in a backslash" \\\n');
    expect(copy!.heredocs[0]).toMatchObject({ delimiter: 'CONF', stripTabs: true });
    expect(run2!.heredocs[0]).toMatchObject({ delimiter: 'SCRIPT', quoted: true });
    expect(text(doc, vet!)).toBe('RUN go vet ./...');
    // Commands in the body are found, and marked read-only.
    const cmds = shellCommands(doc, run2!, true).filter((c) => c.inHeredoc).map((c) => c.argv.map((w) => w.value).join(' '));
    expect(cmds).toEqual(['go mod download', 'go build -o /app .']);
  });

  it('reads several heredocs on one line, each closed by its own delimiter', () => {
    const doc = parseDockerfile('FROM a\nRUN <<A <<-B cat - /dev/fd/3\na \\\nA\n\t# b \\\n\tB\nRUN y\n');
    const run = doc.instructions[1]!;
    expect(run.heredocs.map((h) => [h.delimiter, h.stripTabs, doc.source.positionAt(h.closeRange!.start).line])).toEqual([
      ['A', false, 3],
      ['B', true, 5],
    ]);
    expect(run.endLine).toBe(5);
    expect(doc.source.slice(doc.instructions[2]!.range)).toBe('RUN y');
  });

  it('an instruction continued into the end of the file ends on its last real line', () => {
    const doc = parseDockerfile('FROM a\nRUN go mod download && \\\n # go build\n');
    expect(doc.instructions[1]!.endLine).toBe(2);
    expect(doc.source.slice(doc.instructions[1]!.range)).toBe('RUN go mod download && \\\n # go build');
  });

  it('reports an unterminated heredoc with its line', () => {
    const doc = parseDockerfile('FROM alpine\nRUN <<EOF\necho hi\n');
    expect(doc.errors).toEqual([{ message: 'heredoc <<EOF is never closed (no line "EOF")', line: 1, column: 4 }]);
  });

  it('handles the escape directive: backtick continuations, backslashes are ordinary', () => {
    const doc = parseDockerfile(fixture('model/escape-backtick.Dockerfile'));
    expect(doc.escape).toBe('`');
    expect(doc.errors).toEqual([]);
    expect(keywords(doc)).toEqual(['FROM', 'RUN', 'FROM', 'WORKDIR', 'COPY', 'RUN']);
    expect(doc.instructions[1]!.endLine).toBe(5);
    const ctx = contextAt(doc, doc.stages[1]!, null);
    expect(ctx.workdir).toBe('/C:\\src');
  });

  it('ONBUILD carries its trigger as an instruction; JSON-form RUN yields argv', () => {
    const doc = parseDockerfile(fixture('model/onbuild-json.Dockerfile'));
    const onbuildRun = doc.instructions[2]!;
    expect(onbuildRun.keyword).toBe('ONBUILD');
    expect(onbuildRun.trigger!.keyword).toBe('RUN');
    expect(onbuildRun.trigger!.flags.map((f) => f.value)).toEqual(['type=cache,target=/go/pkg/mod']);
    const [cmd] = shellCommands(doc, onbuildRun.trigger!);
    expect(cmd!.argv.map((w) => w.value)).toEqual(['go', 'install', '-v', './...']);
    const [exec] = shellCommands(doc, doc.instructions[3]!);
    expect(exec!.argv.map((w) => w.value)).toEqual(['go', 'build', '-o', '/bin/tool', './cmd/tool']);
    expect(doc.source.slice(exec!.argv[1]!.range)).toBe('"build"');
  });

  it('keeps CRLF and BOM facts', () => {
    const crlf = parseDockerfile(fixture('model/crlf.Dockerfile'));
    expect(crlf.source.eol).toBe('\r\n');
    expect(crlf.instructions[3]!.logical.text).toBe(' go mod download &&     go build -o /bin/app .');
    const bom = parseDockerfile(fixture('model/bom.Dockerfile'));
    expect(bom.source.bom).toBe(true);
    expect(bom.instructions[0]!.range.start).toBe(0);
  });

  it('reports unknown instructions and instructions before FROM, with lines', () => {
    expect(parseDockerfile('FROM a\nFOO bar\n').errors).toEqual([{ message: 'unknown instruction: FOO', line: 1, column: 0 }]);
    expect(parseDockerfile('RUN x\nFROM a\n').errors[0]!.message).toMatch(/RUN before the first FROM/);
    expect(parseDockerfile('').errors[0]!.message).toMatch(/no instructions/);
    expect(parseDockerfile('# only a comment\n').errors[0]!.message).toMatch(/no instructions/);
  });

  it('follows ENV, ARG, WORKDIR and USER through a stage and into stages built from it', () => {
    const doc = parseDockerfile(
      'ARG BASE=/srv\nFROM golang AS a\nARG BASE\nENV GOPATH=/gopath HOME=/home/dev\nWORKDIR $BASE\nWORKDIR app\nUSER 1000:1000\nFROM a\nRUN go build\n',
    );
    const a = contextAt(doc, doc.stages[0]!, null);
    expect(a.workdir).toBe('/srv/app');
    expect(a.vars.get('GOPATH')).toBe('/gopath');
    expect(a.user).toBe('1000:1000');
    const b = contextAt(doc, doc.stages[1]!, null);
    // BuildKit passes the parent stage's ARG values on to stages built FROM it.
    expect([b.workdir, b.user, b.vars.get('HOME'), b.vars.get('BASE')]).toEqual(['/srv/app', '1000:1000', '/home/dev', '/srv']);
  });
});

describe('round trip', () => {
  it.each(fixtures('model'))('%s: no edits returns the input byte for byte', (_name, input) => {
    const doc = parseDockerfile(input);
    expect(doc.source.serialize()).toBe(input);
    for (const i of doc.instructions) {
      // Ranges always lie inside the text and in order.
      expect(i.range.start).toBeLessThanOrEqual(i.range.end);
      expect(i.range.end).toBeLessThanOrEqual(doc.source.text.length);
    }
  });
});
