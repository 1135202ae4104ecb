import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/index.js';
import { moduleMode, moduleRuns } from '../../src/go/module-mode.js';
import { goStages } from '../../src/go/stages.js';

/** The mode of the last go command of the file ('modules', or the reason it is GOPATH mode). */
function modeOfLast(code: string): string {
  const doc = parseDockerfile(code);
  const last = goStages(doc).pop()!;
  const run = last.runs[last.runs.length - 1]!;
  const go = [...run.invocations, ...run.heredocInvocations].pop()!;
  const mode = moduleMode(doc, last.stage, run.owner, go);
  return mode.modules ? 'modules' : mode.reason;
}

describe('moduleMode', () => {
  const table: Array<[string, string, RegExp | 'modules']> = [
    ['a modern image', 'FROM golang:1.23\nRUN go build .\n', 'modules'],
    ['a floating tag', 'FROM golang:alpine\nRUN go build .\n', 'modules'],
    ['an image we do not know', 'FROM alpine:3.20\nRUN apk add go && go build .\n', 'modules'],
    ['ENV GO111MODULE=off', 'FROM golang:1.22\nENV GO111MODULE=off\nRUN go build ./cmd/x\n', /^GO111MODULE=off/],
    ['legacy ENV form, quoted', 'FROM golang:1.22\nENV GO111MODULE "off"\nRUN go build .\n', /^GO111MODULE=off/],
    ['inherited from the base stage', 'FROM golang:1.22 AS base\nENV GO111MODULE=off\nFROM base AS tool\nRUN go build .\n', /^GO111MODULE=off/],
    ['an ARG with that default', 'FROM golang:1.22\nARG GO111MODULE=off\nRUN go build .\n', /^GO111MODULE=off/],
    ['on the command', 'FROM golang:1.22\nRUN GO111MODULE=off go build .\n', /^GO111MODULE=off/],
    ['exported earlier in the RUN', 'FROM golang:1.22\nRUN export GO111MODULE=off && go build .\n', /^GO111MODULE=off/],
    ['go env -w in an earlier RUN', 'FROM golang:1.22\nRUN go env -w GO111MODULE=off\nRUN go build .\n', /^GO111MODULE=off/],
    ['the command turns it back on', 'FROM golang:1.22\nENV GO111MODULE=off\nRUN GO111MODULE=on go build .\n', 'modules'],
    ['off set only after the command', 'FROM golang:1.22\nRUN go build .\nENV GO111MODULE=off\n', 'modules'],
    ['auto on a modern Go', 'FROM golang:1.22\nENV GO111MODULE=auto\nWORKDIR /go/src/app\nRUN go build .\n', 'modules'],
    ['from a variable we cannot read', 'FROM golang:1.22\nENV GO111MODULE=$MODE\nRUN go build .\n', 'modules'],
    ['Go before modules', 'FROM golang:1.10\nWORKDIR /app\nRUN go build .\n', /^Go 1\.10 predates modules/],
    ['Go before modules through an image ARG', 'ARG GO=1.9-alpine\nFROM golang:${GO}\nRUN GO111MODULE=on go build .\n', /^Go 1\.9 predates modules/],
    ['Go 1.12 in GOPATH/src', 'FROM golang:1.12\nWORKDIR /go/src/example.com/app\nRUN go build .\n', /^Go 1\.12 uses modules only with GO111MODULE=on/],
    ['Go 1.11 with no WORKDIR (the image\'s /go)', 'FROM golang:1.11\nRUN go build .\n', /^Go 1\.11 uses modules only/],
    ['Go 1.12 cd into GOPATH/src', 'FROM golang:1.12\nWORKDIR /\nRUN cd go/src/app && go build .\n', /^Go 1\.12 uses modules only/],
    ['Go 1.12 under a custom GOPATH', 'FROM golang:1.12\nENV GOPATH=/work\nWORKDIR /work/src/app\nRUN go build .\n', /^Go 1\.12 uses modules only/],
    ['Go 1.12 outside GOPATH', 'FROM golang:1.12\nWORKDIR /app\nRUN go build .\n', 'modules'],
    ['Go 1.12 WORKDIR in the base stage', 'FROM golang:1.12 AS base\nWORKDIR /app\nFROM base\nRUN go build .\n', 'modules'],
    ['Go 1.12 with GO111MODULE=on in GOPATH', 'FROM golang:1.12\nENV GO111MODULE=on\nWORKDIR /go/src/app\nRUN go build .\n', 'modules'],
    ['Go 1.12 with a cd we cannot read', 'FROM golang:1.12\nWORKDIR /go/src/app\nRUN cd $DIR && go build .\n', 'modules'],
  ];
  for (const [name, code, expected] of table) {
    it(name, () => {
      const got = modeOfLast(code);
      if (expected === 'modules') expect(got).toBe('modules');
      else expect(got).toMatch(expected);
    });
  }

  it('without a command: the stage at a point', () => {
    const doc = parseDockerfile('FROM golang:1.22\nENV GO111MODULE=off\nRUN echo hi\n');
    const stage = doc.stages[0]!;
    expect(moduleMode(doc, stage, stage.instructions[0]!).modules).toBe(true);
    expect(moduleMode(doc, stage, null).modules).toBe(false);
  });
});

describe('moduleRuns', () => {
  it('leaves out GOPATH-mode and vendored commands', () => {
    const doc = parseDockerfile('FROM golang:1.22\nRUN go build .\nRUN GO111MODULE=off go build ./x\nRUN go build -mod=vendor ./y\nFROM golang:1.10\nRUN go build .\n');
    const runs = moduleRuns(doc, null);
    expect([...runs.entries()].map(([s, l]) => [s.index, l.map((r) => r.goRun.run.startLine)])).toEqual([[0, [1]]]);
  });
});
