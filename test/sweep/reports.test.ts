import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepPatch } from '../../src/cli/report/patch.js';
import { createProgress, inCi } from '../../src/cli/report/progress.js';
import { summaryLine } from '../../src/cli/fix-command.js';
import { writeOtherFiles } from '../../src/core/fix-run.js';
import type { FileOutcome } from '../../src/core/process-file.js';
import { tempDir } from './helpers.js';

function changed(path: string, input: string, output: string, files: FileOutcome['files'] = []): FileOutcome {
  return { path, status: 'changed', findings: [], input, output, files, error: null, refused: [], loaded: null };
}

describe('summary line', () => {
  it('reads like the codemod tools: counts, then the time with one decimal', () => {
    expect(summaryLine({ files: 412, changed: 97, unchanged: 301, ignored: 12, errors: 2, durationMs: 1830 })).toBe(
      '412 files: 97 changed, 301 unchanged, 12 skipped (ignored), 2 errors  (1.8 s)',
    );
    expect(summaryLine({ files: 1, changed: 0, unchanged: 1, ignored: 0, errors: 1, durationMs: 40 })).toBe('1 file: 0 changed, 1 unchanged, 0 skipped (ignored), 1 error  (0.0 s)');
  });
});

describe('one patch for a sweep', () => {
  it('applies with git apply at the root: nested directories, a created .dockerignore shared by two Dockerfiles, CRLF', () => {
    const root = tempDir('gomod-fix-patch-');
    const files: Record<string, string> = {
      'services/a/Dockerfile': 'FROM golang:1.22\nRUN go mod download\n',
      'services/a/Dockerfile.dev': 'FROM golang:1.22\nRUN go test ./...\n',
      'services/b/deep/er/api.Dockerfile': 'FROM golang:1.22\r\nCOPY . .\r\nRUN go build\r\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
    const ignore = { path: join(root, 'services/a/.dockerignore'), before: null, after: '.git\n*.md\n' };
    const outcomes = [
      changed('services/a/Dockerfile', files['services/a/Dockerfile']!, 'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n', [ignore]),
      changed('services/a/Dockerfile.dev', files['services/a/Dockerfile.dev']!, 'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod go test ./...\n', [ignore]),
      changed(join(root, 'services/b/deep/er/api.Dockerfile'), files['services/b/deep/er/api.Dockerfile']!, '# syntax=docker/dockerfile:1\r\nFROM golang:1.22\r\nCOPY . .\r\nRUN go build\r\n'),
    ];
    const patch = sweepPatch(outcomes, root);
    expect(patch.match(/^diff --git a\/services\/a\/\.dockerignore/gm)).toHaveLength(1);
    expect(patch).toContain('diff --git a/services/b/deep/er/api.Dockerfile b/services/b/deep/er/api.Dockerfile');
    writeFileSync(join(root, '..', 'sweep.patch'), patch);
    const check = git('apply', '--check', join(root, '..', 'sweep.patch'));
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(git('apply', join(root, '..', 'sweep.patch')).status).toBe(0);
    expect(readFileSync(join(root, 'services/a/.dockerignore'), 'utf8')).toBe('.git\n*.md\n');
    expect(readFileSync(join(root, 'services/b/deep/er/api.Dockerfile'), 'utf8')).toBe(outcomes[2]!.output);
  });
});

describe('--write of files shared by several Dockerfiles', () => {
  it('writes a shared .dockerignore once: the first proposal in path order', () => {
    const root = tempDir('gomod-fix-shared-');
    const path = join(root, '.dockerignore');
    const outcomes = [
      changed('a/Dockerfile', 'x', 'y', [{ path, before: null, after: 'first\n' }]),
      changed('b/Dockerfile', 'x', 'y', [{ path, before: null, after: 'second\n' }]),
    ];
    writeOtherFiles(outcomes);
    expect(readFileSync(path, 'utf8')).toBe('first\n');
    expect(outcomes.map((o) => o.status)).toEqual(['changed', 'changed']);
  });

  it('a failed write makes that Dockerfile an error with the reason, not a crash', () => {
    const root = tempDir('gomod-fix-shared-');
    const outcomes = [changed('a/Dockerfile', 'x', 'y', [{ path: join(root, 'missing-dir', '.dockerignore'), before: null, after: 'x\n' }])];
    writeOtherFiles(outcomes);
    expect(outcomes[0]!.status).toBe('error');
    expect(outcomes[0]!.error?.located).toMatch(/^a\/Dockerfile: /);
    expect(existsSync(join(root, 'missing-dir'))).toBe(false);
  });
});

describe('progress bar', () => {
  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, stream: { isTTY, columns: 100, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
  };

  it('draws on a terminal for sweeps of 200 files or more, and clears itself', () => {
    const s = stream(true);
    const progress = createProgress(s.stream, 400, {});
    progress.update(1);
    progress.update(400);
    progress.done();
    expect(s.writes[0]).toMatch(/^\r\x1b\[2K\[=*\s*\]\s+1\/400 files {2}\d+\.\d s$/);
    expect(s.writes.at(-2)).toMatch(/\[={10,}\] 400\/400 files/);
    expect(s.writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('stays silent when piped, in CI, on a dumb terminal, or for small sweeps', () => {
    for (const [isTTY, total, env] of [
      [false, 1000, {}],
      [true, 1000, { CI: 'true' }],
      [true, 1000, { TERM: 'dumb' }],
      [true, 199, {}],
    ] as const) {
      const s = stream(isTTY);
      const progress = createProgress(s.stream, total, env);
      progress.update(total);
      progress.done();
      expect(s.writes).toEqual([]);
    }
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({ CI: '1' })).toBe(true);
  });
});
