import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

const bin = join(repoRoot, 'dist', 'cli', 'gomod-fix.js');

function gomodFix(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function legacyCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gomod-fix-cli-'));
  cpSync(join(repoRoot, 'examples', 'legacy-service'), dir, { recursive: true });
  return dir;
}

describe('gomod-fix CLI', () => {
  it('--help reads like a man page: usage, commands, options, examples, exit codes', () => {
    const r = gomodFix(['--help'], repoRoot);
    expect(r.code).toBe(0);
    for (const part of ['gomod-fix [paths..]', 'rules', 'explain <rule>', '--write', '--check', '--format', 'Examples:', 'Exit codes:', 'NO_COLOR']) {
      expect(r.stdout).toContain(part);
    }
  });

  it('--help documents the sweep options: --jobs, --include, --exclude, sarif', () => {
    const r = gomodFix(['--help'], repoRoot);
    for (const part of ['--jobs', '--include', '--exclude', 'sarif', 'Containerfile']) expect(r.stdout).toContain(part);
  });

  it('--jobs must be a whole number of at least 1', () => {
    for (const bad of ['0', '1.5', 'many']) {
      const r = gomodFix(['--jobs', bad, 'Dockerfile'], legacyCopy());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--jobs must be a whole number of at least 1/);
    }
  });

  it('--only takes the paths after it as paths, not as more rule ids', () => {
    const r = gomodFix(['--only', 'go-mod-cache-mount', 'Dockerfile'], legacyCopy());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('go-mod-cache-mount');
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(gomodFix(['--version'], repoRoot).stdout.trim()).toBe(pkg.version);
  });

  it('an unknown flag is a usage error (exit 2) that names it', () => {
    const r = gomodFix(['--frobnicate'], repoRoot);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: frobnicate/);
  });

  it('an unknown rule in --only is a usage error', () => {
    const r = gomodFix(['--only', 'no-such-rule'], legacyCopy());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rule "no-such-rule"/);
  });

  it('by default prints the diff and reasons and writes nothing', () => {
    const dir = legacyCopy();
    const before = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const r = gomodFix([], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+RUN --mount=type=cache,target=/go/pkg/mod go mod download');
    expect(r.stdout).toContain('go-mod-cache-mount');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(before);
  });

  it('--check exits 1 when a file would change, 0 after --write; --write is idempotent', () => {
    const dir = legacyCopy();
    expect(gomodFix(['--check'], dir).code).toBe(1);
    expect(gomodFix(['--write'], dir).code).toBe(0);
    const once = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(gomodFix(['--write'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(once);
  });

  it('--format patch applies with git apply and with patch -p1', () => {
    const dir = legacyCopy();
    const patch = gomodFix(['--format', 'patch', 'Dockerfile'], dir).stdout;
    writeFileSync(join(dir, 'fix.patch'), patch);
    const gitApply = spawnSync('git', ['apply', '--check', 'fix.patch'], { cwd: dir, encoding: 'utf8' });
    expect(gitApply.stderr).toBe('');
    expect(gitApply.status).toBe(0);
    const patchP1 = spawnSync('patch', ['-p1', '--dry-run', '-i', 'fix.patch'], { cwd: dir, encoding: 'utf8' });
    expect(patchP1.status).toBe(0);
  });

  it('--format json has the documented shape', () => {
    const r = gomodFix(['--format', 'json', 'Dockerfile'], legacyCopy());
    const report = JSON.parse(r.stdout) as { version: number; files: Array<Record<string, unknown>>; summary: Record<string, number> };
    expect(report.version).toBe(1);
    expect(report.files[0]).toMatchObject({ path: 'Dockerfile', status: 'changed', changed: true, error: null });
    expect((report.files[0]!.findings as Array<Record<string, unknown>>)[0]).toEqual(
      expect.objectContaining({ rule: expect.any(String), severity: expect.any(String), line: expect.any(Number), column: expect.any(Number), message: expect.any(String) }),
    );
    expect(report.summary).toMatchObject({ files: 1, changed: 1, errors: 0 });
  });

  it('a missing file and an unparseable file are errors (exit 2) naming the file and line', () => {
    const dir = legacyCopy();
    expect(gomodFix(['nope/Dockerfile'], dir)).toMatchObject({ code: 2 });
    expect(gomodFix(['nope/Dockerfile'], dir).stderr).toMatch(/nope\/Dockerfile: no such file or directory/);
    writeFileSync(join(dir, 'Bad.Dockerfile'), 'FROM golang\nRUN <<EOF\necho\n');
    const r = gomodFix(['Bad.Dockerfile'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Bad\.Dockerfile:2:5: cannot parse: heredoc <<EOF is never closed/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('rules lists every rule; explain prints the rationale and an example', () => {
    const rules = gomodFix(['rules'], repoRoot);
    expect(rules.stdout).toMatch(/go-mod-cache-mount\s+warning\s+yes/);
    const explain = gomodFix(['explain', 'go-mod-cache-mount'], repoRoot);
    expect(explain.stdout).toContain('Why');
    expect(explain.stdout).toContain('Before');
    expect(explain.stdout).toContain('After');
    expect(gomodFix(['explain', 'nope'], repoRoot).code).toBe(2);
  });

  it('settings come from a config file searched upward; flags win', () => {
    const dir = legacyCopy();
    writeFileSync(join(dir, 'gomod-fix.config.json'), JSON.stringify({ proxy: 'not a url' }));
    const r = gomodFix([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--proxy: GOPROXY entry "not a url"/);
    expect(gomodFix(['--proxy', 'goproxy.cn'], dir).code).toBe(0);
  });
});
