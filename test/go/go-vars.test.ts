import { describe, expect, it } from 'vitest';
import { parseDockerfile, type Stage } from '../../src/dockerfile/index.js';
import { dockerfileValue, goVarSettings, redactUrls, settingSeenBy, shellValue } from '../../src/go/go-vars.js';
import { moduleRuns } from '../../src/go/module-mode.js';

const GOPROXY = new Set(['GOPROXY']);

function seen(code: string): string | null {
  const doc = parseDockerfile(code);
  const runs = moduleRuns(doc, null);
  const [stage, list] = [...runs.entries()].pop() as [Stage, ReturnType<typeof moduleRuns> extends Map<Stage, infer L> ? L : never];
  const last = list[list.length - 1]!;
  const s = settingSeenBy(doc, stage, last.goRun.run, last.go.command, 'GOPROXY');
  return s === null ? null : `${s.kind}:${s.value}`;
}

describe('goVarSettings', () => {
  it('finds ENV (both forms), ARG, global ARG, inline, env wrapper, export, go env -w and ONBUILD', () => {
    const doc = parseDockerfile(
      'ARG GOPROXY=g\nFROM golang\nENV GOPROXY p1\nENV A=1 GOPROXY="p 2"\nARG GOPROXY\nRUN GOPROXY=p3 go build . && sudo -E env GOPROXY=p4 go test\nRUN export GOPROXY=p5; go env -w GOPROXY=p6\nONBUILD ENV GOPROXY=p7\n',
    );
    expect(goVarSettings(doc, GOPROXY).map((s) => `${s.kind}:${s.value}${s.legacy ? ':legacy' : ''}${s.onbuild ? ':onbuild' : ''}`)).toEqual([
      'global-arg:g',
      'env:p1:legacy',
      'env:p 2',
      'arg:null',
      'inline:p3',
      'inline:p4',
      'export:p5',
      'go-env-w:p6',
      'env:p7:onbuild',
    ]);
  });
  it('ignores assignments that are not exported and words that only mention the name', () => {
    const doc = parseDockerfile('FROM golang\nRUN GOPROXY=x; echo GOPROXY=y && go build .\n');
    expect(goVarSettings(doc, GOPROXY)).toEqual([]);
  });
  it('marks heredoc and exec-form settings as not editable', () => {
    const doc = parseDockerfile('FROM golang\nRUN ["env", "GOPROXY=a", "go", "build"]\nRUN <<EOF\nGOPROXY=b go build\nEOF\n');
    expect(goVarSettings(doc, GOPROXY).map((s) => [s.value, s.editable])).toEqual([
      ['a', false],
      ['b', false],
    ]);
  });
});

describe('settingSeenBy', () => {
  it('inline beats export beats ENV/ARG beats go env -w', () => {
    expect(seen('FROM golang\nENV GOPROXY=e\nRUN export GOPROXY=x && GOPROXY=i go build .\n')).toBe('inline:i');
    expect(seen('FROM golang\nENV GOPROXY=e\nRUN export GOPROXY=x && go build .\n')).toBe('export:x');
    expect(seen('FROM golang\nRUN go env -w GOPROXY=w\nENV GOPROXY=e\nRUN go build .\n')).toBe('env:e');
    expect(seen('FROM golang\nRUN go env -w GOPROXY=w\nRUN go build .\n')).toBe('go-env-w:w');
  });
  it('the later of ENV and ARG wins, and a bare ARG takes the global default', () => {
    expect(seen('FROM golang\nENV GOPROXY=e\nARG GOPROXY=a\nRUN go build .\n')).toBe('arg:a');
    expect(seen('ARG GOPROXY=g\nFROM golang\nARG GOPROXY\nRUN go build .\n')).toBe('global-arg:g');
    expect(seen('ARG GOPROXY=g\nFROM golang\nRUN go build .\n')).toBe(null);
  });
  it('follows FROM <stage>, and ignores what comes after the RUN', () => {
    expect(seen('FROM golang AS base\nENV GOPROXY=b\nFROM base\nRUN go build .\nENV GOPROXY=late\n')).toBe('env:b');
  });
});

describe('quoting and redaction', () => {
  it('quotes only what needs it', () => {
    expect(dockerfileValue('https://a,direct', '\\')).toBe('https://a,direct');
    expect(dockerfileValue('a b"$', '\\')).toBe('"a b\\"\\$"');
    expect(dockerfileValue('a b', '`')).toBe('"a b"');
    expect(shellValue('https://a|direct')).toBe("'https://a|direct'");
    expect(shellValue("it's")).toBe(null);
  });
  it('hides userinfo in URLs', () => {
    expect(redactUrls('GOPROXY=https://u:p@h.example/x,https://t@h2,direct')).toBe('GOPROXY=https://***@h.example/x,https://***@h2,direct');
  });
});
