import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/core/pipeline.js';
import type { GoProject } from '../../src/go/project.js';
import dockerignore from '../../src/transforms/dockerignore.js';
import type { FixSafety } from '../../src/transforms/transform.js';
import { noSettings, project, ruleTester, run } from './tester.js';

const HEADER = '# Keep git metadata out of the build context: it changes with every commit and busts the cache of COPY . (added by gomod-fix)';
const COPY_ALL = 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n';
const ctx = (dockerignoreText?: string): GoProject => project({ goMod: 'module x\ngo 1.23\n', ...(dockerignoreText === undefined ? {} : { dockerignore: dockerignoreText }) });

/** Runs the rule and then runs it again as if the proposed files had been written. */
function fixTwice(code: string, p: GoProject, unsafe = false): { files: Array<{ path: string; before: string | null; after: string }>; findings: string[]; again: string[] } {
  const first = run(dockerignore, { code, project: p, unsafe });
  const written = first.files.find((f) => f.path === join(p.dir, '.dockerignore'));
  const next: GoProject = written ? { ...p, dockerignore: { path: written.path, content: written.after } } : p;
  const again = run(dockerignore, { code, project: next, unsafe });
  return {
    files: first.files,
    findings: first.findings.map((f) => `${f.line}:${f.fix}:${f.fixed}: ${f.message}`),
    again: again.findings.map((f) => f.message),
  };
}

// The Dockerfile itself never changes; what must not fire:
ruleTester(dockerignore, {
  valid: [
    { code: COPY_ALL, project: ctx('.git\n') },
    { code: COPY_ALL, project: ctx('/.git/\n') },
    { code: COPY_ALL, project: ctx('**/.git\n') },
    { code: COPY_ALL, project: ctx('.git/**\n') },
    { code: COPY_ALL, project: ctx('.*\n!.gitignore\n') },
    // Allow-list style: everything out, sources back in.
    { code: COPY_ALL, project: ctx('*\n!go.mod\n!go.sum\n!cmd/\n!internal/\n') },
    // Only some paths are copied: BuildKit sends just those.
    { code: 'FROM golang:1.23\nCOPY go.mod go.sum ./\nCOPY cmd/ cmd/\nRUN go build ./cmd/app\n', project: ctx() },
    // The build wants .git.
    { code: 'FROM golang:1.23\nCOPY . .\nCOPY .git .git\nRUN go build .\n', project: ctx() },
    // COPY --from is not the context.
    { code: 'FROM golang:1.23 AS b\nRUN go build -o /app .\nFROM scratch\nCOPY --from=b / /\n', project: ctx() },
    // No build context known: none found, or a directory that is no Go module (neither go.mod nor go.work).
    { code: COPY_ALL, project: null },
    { code: COPY_ALL, project: project({}) },
    // Not a Go Dockerfile.
    { code: 'FROM node:20\nCOPY . .\n', project: ctx() },
  ],
  invalid: [
    {
      name: 'no .dockerignore: reported (the file it creates is checked below)',
      code: COPY_ALL,
      output: null,
      errors: [{ line: 1, message: /^no .dockerignore excludes .git: `COPY .` copies .git, so every commit busts its layer/ }],
      project: ctx(),
    },
  ],
});

describe('dockerignore fixes', () => {
  it('creates .dockerignore with a comment and .git, once', () => {
    const r = fixTwice(COPY_ALL, ctx());
    expect(r.files).toEqual([{ path: '/ctx/.dockerignore', before: null, after: `${HEADER}\n.git\n` }]);
    expect(r.findings).toEqual([expect.stringMatching(/^1:safe:true: no .dockerignore/)]);
    expect(r.again).toEqual([]);
  });

  it('appends to an existing file, keeping its bytes and CRLF line endings', () => {
    const before = 'bin/\r\n*.log\r\n';
    const r = fixTwice(COPY_ALL, ctx(before));
    expect(r.files).toEqual([{ path: '/ctx/.dockerignore', before, after: `${before}${HEADER}\r\n.git\r\n` }]);
    expect(r.findings).toEqual([expect.stringMatching(/^1:safe:true: .dockerignore does not exclude .git/)]);
    expect(r.again).toEqual([]);
  });

  it('ends a file that had no final newline before appending', () => {
    const r = fixTwice(COPY_ALL, ctx('node_modules'));
    expect(r.files[0]?.after).toBe(`node_modules\n${HEADER}\n.git\n`);
  });

  it('a CRLF Dockerfile creates a CRLF .dockerignore', () => {
    const r = fixTwice(COPY_ALL.replace(/\n/g, '\r\n'), ctx());
    expect(r.files[0]?.after).toBe(`${HEADER}\r\n.git\r\n`);
  });

  it('only a comment mentioning .git is not an exclusion; a pattern that merely starts with .git neither', () => {
    expect(fixTwice(COPY_ALL, ctx('# .git\n.gitignore\n')).files[0]?.after).toBe(`# .git\n.gitignore\n${HEADER}\n.git\n`);
  });

  it('a negation that re-includes .git: reported, not fixed', () => {
    const r = fixTwice(COPY_ALL, ctx('.git\n!.git/HEAD\n'), true);
    expect(r.files).toEqual([]);
    expect(r.findings).toEqual([expect.stringMatching(/^1:null:false: .dockerignore re-includes .git \(`!.git\/HEAD`\)/)]);
  });

  it('ADD, a bind mount of the context, and globs that match .git', () => {
    for (const code of [
      'FROM golang:1.23\nADD . /go/src/app\nRUN go install ./...\n',
      'FROM golang:1.23\nRUN --mount=type=bind,target=. go build -o /app .\n',
      'FROM golang:1.23\nCOPY * ./\nRUN go build .\n',
      'FROM golang:1.23\nCOPY ["./", "/src/"]\nRUN go build .\n',
    ]) {
      expect(fixTwice(code, ctx()).files.map((f) => f.after), code).toEqual([`${HEADER}\n.git\n`]);
    }
  });

  it('a RUN that surely reads .git of the copied sources: reported, the fix declined even with --unsafe-fixes', () => {
    for (const code of [
      'FROM golang:1.23\nCOPY . .\nRUN go build -ldflags "-X main.version=$(git describe --tags)" -o /app .\n',
      'FROM golang:1.23\nCOPY . .\nRUN git rev-parse HEAD > /version && go build .\n',
      'FROM golang:1.23\nCOPY . .\nRUN go build -buildvcs=true .\n',
      // gitea: a version checked out before make runs.
      'FROM golang:1.23 AS build\nARG VERSION\nCOPY . /src\nWORKDIR /src\nRUN if [ -n "${VERSION}" ]; then git checkout "${VERSION}"; fi \\\n && make clean-all build\n',
      'FROM golang:1.23\nCOPY . .\nRUN <<EOF\nset -e\ngit submodule update --init\ngo build .\nEOF\n',
      // A stage built on the one that copied the sources.
      'FROM golang:1.23 AS src\nCOPY . /src\nFROM src AS build\nRUN cd /src && git status --porcelain && go build ./...\n',
      // A stage that copies the tree out of the one that has it.
      'FROM golang:1.23 AS src\nCOPY . /src\nFROM golang:1.23\nCOPY --from=src /src /src\nRUN sudo git -C /src log -1 > /commit\n',
      'FROM golang:1.23\nRUN --mount=type=bind,target=/src git -C /src describe > /v && go build .\n',
    ]) {
      const r = fixTwice(code, ctx(), true);
      expect(r.files, code).toEqual([]);
      expect(r.findings, code).toEqual([expect.stringMatching(/^\d+:null:false: no .dockerignore excludes .git: .* the build runs `git .*|^\d+:null:false: .*-buildvcs=true/)]);
    }
  });

  it('make or a script may read .git, or git may work on another repository: the fix is unsafe', () => {
    for (const code of [
      'FROM golang:1.23\nCOPY . .\nRUN make build\n',
      'FROM golang:1.23\nCOPY . .\nRUN ./scripts/build.sh\n',
      'FROM golang:1.23\nCOPY . .\nRUN git clone https://example.com/x.git /x && cd /x && git checkout v1.2.3 && go build .\n',
      'FROM golang:1.23\nCOPY . .\nRUN git --git-dir=/cache/x.git fetch\n',
    ]) {
      const safe = fixTwice(code, ctx());
      expect(safe.files, code).toEqual([]);
      expect(safe.findings, code).toEqual([expect.stringMatching(/^1:unsafe:false:/)]);
      expect(fixTwice(code, ctx(), true).files, code).toHaveLength(1);
    }
  });

  it('git, make and scripts where the sources are not: the fix stays safe', () => {
    for (const code of [
      // Before the COPY, or in a stage that never sees the context.
      'FROM golang:1.23\nRUN git clone https://example.com/t.git /t && git -C /t checkout v1 && make -C /t install\nCOPY . .\nRUN go build .\n',
      'FROM golang:1.23 AS tools\nRUN git clone https://example.com/t.git /t && cd /t && git checkout v1 && ./build.sh\nFROM golang:1.23\nCOPY . .\nRUN go build .\n',
      // ONBUILD runs in another build, with another context.
      'FROM golang:1.23\nCOPY . .\nRUN go build .\nONBUILD RUN git describe > /v\n',
    ]) {
      expect(fixTwice(code, ctx()).findings, code).toEqual([expect.stringMatching(/^1:safe:true:/)]);
    }
  });

  it('git clone or config does not read the context repository', () => {
    const code = 'FROM golang:1.23\nRUN git config --global url."git@github.com:".insteadOf "https://github.com/"\nCOPY . .\nRUN go build .\n';
    expect(fixTwice(code, ctx()).findings).toEqual([expect.stringMatching(/^1:safe:true:/)]);
  });

  it('reports on the first FROM, after global ARGs', () => {
    const r = fixTwice('ARG GO=1.23\nFROM golang:${GO}\nCOPY . .\nRUN go build .\n', ctx());
    expect(r.findings).toEqual([expect.stringMatching(/^2:/)]);
  });
});

describe('<Dockerfile>.dockerignore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockerignore-rule-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const runWithPath = (apply: FixSafety[]) =>
    runPipeline(COPY_ALL, {
      transforms: [dockerignore],
      settings: noSettings,
      project: project({ dir, goMod: 'module x\ngo 1.23\n', dockerignore: '.git\n' }),
      path: join(dir, 'build.Dockerfile'),
      apply: new Set(apply),
    });

  it('is read instead of .dockerignore when it exists, and appended to', () => {
    writeFileSync(join(dir, 'build.Dockerfile.dockerignore'), 'vendor/\n');
    const result = runWithPath(['safe']);
    expect(result.findings.map((f) => [f.message.slice(0, 51), f.fixed])).toEqual([['build.Dockerfile.dockerignore does not exclude .git', true]]);
    expect(result.files).toEqual([{ path: join(dir, 'build.Dockerfile.dockerignore'), before: 'vendor/\n', after: `vendor/\n${HEADER}\n.git\n` }]);
  });

  it('.dockerignore applies when there is none', () => {
    rmSync(join(dir, 'build.Dockerfile.dockerignore'));
    expect(runWithPath(['safe']).findings).toEqual([]);
  });
});
