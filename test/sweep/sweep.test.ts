import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gomodFix, monorepo, SUMMARY } from './helpers.js';

interface JsonReport {
  files: Array<{ path: string; status: string; error: { message: string; line: number | null } | null }>;
  summary: { files: number; changed: number; unchanged: number; ignored: number; errors: number; durationMs: number };
}

const json = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;
const withoutDuration = (stdout: string): string => stdout.replace(/"durationMs": \d+/, '"durationMs": 0');

describe('sweeps over a monorepo', () => {
  it('finds every Dockerfile the generator wrote, and none of its decoys', () => {
    const { dir, files } = monorepo();
    const r = gomodFix(['--format', 'json', '--jobs', '1', '.'], dir);
    expect(json(r.stdout).files.map((f) => f.path)).toEqual(files);
  });

  it.each([['--format', 'text'], ['--format', 'json'], ['--format', 'sarif'], ['--format', 'patch'], ['-l']])(
    'uses worker threads with --jobs 2, and the output is byte-for-byte that of --jobs 1: %s %s',
    (...format: string[]) => {
      const { dir } = monorepo();
      // Workers normally start at thousands of files; a lower minimum puts this 300-file sweep in two.
      const env = { GOMOD_FIX_DEBUG: '1', GOMOD_FIX_WORKER_MIN_FILES: '100' };
      const one = gomodFix([...format, '--check', '--jobs', '1', '.'], dir, env);
      const two = gomodFix([...format, '--check', '--jobs', '2', '.'], dir, env);
      expect(one.stderr).toMatch(/300 files, 0 worker thread\(s\)/);
      expect(two.stderr).toMatch(/300 files, 2 worker thread\(s\)/);
      expect(two.code).toBe(one.code);
      expect(withoutDuration(two.stdout)).toBe(withoutDuration(one.stdout));
      expect(two.stdout.length).toBeGreaterThan(0);
    },
    60_000,
  );

  it('prints the summary line codemod tools print, with counts that match the JSON report', () => {
    const { dir } = monorepo();
    const r = gomodFix(['--jobs', '2', '.'], dir, { GOMOD_FIX_WORKER_MIN_FILES: '100' });
    const m = SUMMARY.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const [, files, changed, unchanged, ignored, errors] = (m as RegExpExecArray).map(Number);
    const s = json(gomodFix(['--format', 'json', '.'], dir).stdout).summary;
    expect({ files, changed, unchanged, ignored, errors }).toEqual({ files: s.files, changed: s.changed, unchanged: s.unchanged, ignored: s.ignored, errors: s.errors });
    expect(changed! + unchanged! + ignored! + errors!).toBe(files);
    expect(changed).toBeGreaterThan(0);
    expect(ignored).toBeGreaterThan(0);
    // One file, singular.
    expect(gomodFix(['services/payments/api-0/Dockerfile'], dir).stderr).toMatch(/^1 file: \d changed, \d unchanged, 0 skipped \(ignored\), 0 errors  \(\d+\.\d s\)$/m);
  }, 60_000);

  it('shows no progress bar when stderr is not a terminal', () => {
    const { dir } = monorepo();
    const r = gomodFix(['--check', '.'], dir);
    expect(r.stderr).not.toMatch(/\r|\x1b\[/);
  });

  it('exit codes: 1 under --check when something would change, 0 without --check, 0 under --check once written', () => {
    const { dir } = monorepo();
    expect(gomodFix(['--check', '--quiet', '.'], dir).code).toBe(1);
    expect(gomodFix(['--quiet', '.'], dir).code).toBe(0);
    const write = gomodFix(['--write', '--jobs', '2', '.'], dir, { GOMOD_FIX_WORKER_MIN_FILES: '100' });
    expect(write.code).toBe(0);
    const after = json(gomodFix(['--format', 'json', '--check', '.'], dir).stdout);
    expect(after.summary.changed).toBe(0);
    expect(after.summary.errors).toBe(0);
    // Idempotent: a second --write changes nothing on disk.
    const snapshot = after.files.map((f) => readFileSync(join(dir, f.path), 'utf8'));
    gomodFix(['--write', '--jobs', '2', '.'], dir, { GOMOD_FIX_WORKER_MIN_FILES: '100' });
    expect(after.files.map((f) => readFileSync(join(dir, f.path), 'utf8'))).toEqual(snapshot);
  }, 60_000);

  it('one bad file does not stop the sweep: it is listed with file and reason, the rest is reported, exit 2', () => {
    const { dir, files } = monorepo();
    writeFileSync(join(dir, 'services/data/broken.Dockerfile'), 'FROM golang:1.22\nRUN <<EOF\necho never closed\n');
    writeFileSync(join(dir, 'services/data/binary.Dockerfile'), Buffer.from([0x46, 0x52, 0x0a, 0x00, 0x01]));
    for (const jobs of ['1', '2']) {
      const r = gomodFix(['--check', '--format', 'json', '--jobs', jobs, '.'], dir, { GOMOD_FIX_WORKER_MIN_FILES: '100' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('error services/data/binary.Dockerfile:2: is a binary file (contains a NUL byte), not a Dockerfile');
      expect(r.stderr).toContain('error services/data/broken.Dockerfile:2:5: cannot parse: heredoc <<EOF is never closed');
      const report = json(r.stdout);
      expect(report.files).toHaveLength(files.length + 2);
      expect(report.summary.errors).toBe(2);
      expect(report.summary.changed).toBeGreaterThan(0);
    }
    expect(gomodFix(['.'], dir).code).toBe(2);
  }, 60_000);

  it('--format patch: one patch for all files that git apply --check accepts at the root', () => {
    const { dir } = monorepo();
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
    const patch = gomodFix(['--format', 'patch', '--jobs', '2', '.'], dir, { GOMOD_FIX_WORKER_MIN_FILES: '100' }).stdout;
    writeFileSync(join(dir, '..', `${dir.split('/').pop()}.patch`), patch);
    const patchFile = join(dir, '..', `${dir.split('/').pop()}.patch`);
    const check = git('apply', '--check', patchFile);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(git('apply', patchFile).status).toBe(0);
    expect(json(gomodFix(['--format', 'json', '.'], dir).stdout).summary.changed).toBe(0);
  }, 60_000);

  it('--include/--exclude and config include/exclude', () => {
    const { dir } = monorepo();
    writeFileSync(join(dir, 'services/data/build.df'), 'FROM golang:1.22\nRUN go build\n');
    const paths = (args: string[]) => json(gomodFix(['--format', 'json', ...args, '.'], dir).stdout).files.map((f) => f.path);
    const all = paths([]);
    expect(paths(['--include', '*.df'])).toContain('services/data/build.df');
    expect(paths(['--exclude', 'services/payments/**']).some((p) => p.startsWith('services/payments/'))).toBe(false);
    writeFileSync(join(dir, 'gomod-fix.config.json'), JSON.stringify({ include: ['*.df'], exclude: ['services/search/**'] }));
    const configured = paths([]);
    expect(configured).toContain('services/data/build.df');
    expect(configured.some((p) => p.startsWith('services/search/'))).toBe(false);
    expect(configured.length).toBeLessThan(all.length);
  }, 60_000);
});
