/** The built binary, spawned without a terminal: exit codes, messages, and the files it writes. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';
import { cli, ensureBuilt } from './build.js';
import { copyExample, tmp } from './helpers.js';

beforeAll(() => ensureBuilt(), 180_000);

const files = (dir: string) => readdirSync(dir).sort();

describe('create-go-dockerfile (built binary)', () => {
  it('without go.mod: exit 2, says what to do, writes nothing', () => {
    const dir = tmp();
    const r = cli([dir, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no go\.mod \(or go\.work\) in .*nothing was written/);
    expect(r.stderr).toMatch(/go mod init <module path>/);
    expect(files(dir)).toEqual([]);
  });

  it('without a terminal and without --yes: exit 2 saying so', () => {
    const dir = copyExample('hello');
    const before = files(dir);
    const r = cli([dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stdin is not a terminal/);
    expect(r.stderr).toMatch(/--yes/);
    expect(files(dir)).toEqual(before);
  });

  it('--yes writes the Dockerfile and .dockerignore and prints the build command', () => {
    const dir = copyExample('hello');
    const r = cli(['--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote Dockerfile\nwrote \.dockerignore\n/);
    expect(r.stderr).toContain('docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t hello .');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^# syntax=docker\/dockerfile:1\n/);
    expect(readFileSync(join(dir, '.dockerignore'), 'utf8')).toMatch(/^\.git$/m);
  });

  it('never overwrites a Dockerfile without --force, and points to gomod-fix', () => {
    const dir = copyExample('hello');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM golang:1.22\n');
    const r = cli([dir, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Dockerfile already exists; it was left as it is/);
    expect(r.stderr).toMatch(/gomod-fix Dockerfile/);
    expect(r.stderr).toMatch(/--force/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM golang:1.22\n');
    expect(existsSync(join(dir, '.dockerignore'))).toBe(false);

    const forced = cli([dir, '--yes', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/replaced Dockerfile/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^# syntax=docker\/dockerfile:1\n/);
  });

  it('--all refuses when one of the Dockerfile.<name> files exists', () => {
    const dir = copyExample('multi-cmd');
    writeFileSync(join(dir, 'Dockerfile.worker'), 'FROM scratch\n');
    const r = cli([dir, '--yes', '--all']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Dockerfile\.worker already exists/);
    expect(existsSync(join(dir, 'Dockerfile.api'))).toBe(false);
  });

  it('--dry-run prints every file and writes nothing', () => {
    const dir = copyExample('multi-cmd');
    const before = files(dir);
    const r = cli([dir, '--yes', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^==> Dockerfile\.api <==\n# syntax=docker\/dockerfile:1\n/);
    expect(r.stdout).toContain('\n==> Dockerfile.worker <==\n');
    expect(r.stdout).toContain('\n==> .dockerignore <==\n');
    expect(r.stderr).toMatch(/nothing was written/);
    expect(files(dir)).toEqual(before);
  });

  it('merges an existing .dockerignore on disk', () => {
    const dir = copyExample('vendored');
    writeFileSync(join(dir, '.dockerignore'), 'secrets/\n.git\n');
    const r = cli([dir, '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/updated \.dockerignore/);
    const text = readFileSync(join(dir, '.dockerignore'), 'utf8');
    expect(text.startsWith('secrets/\n.git\n\n# Added by create-go-dockerfile')).toBe(true);
    expect(text.match(/^\.git$/gm)).toHaveLength(1);
  });

  it('warns when the existing .dockerignore leaves out what the build needs', () => {
    const dir = copyExample('vendored');
    writeFileSync(join(dir, '.dockerignore'), 'vendor\n');
    const r = cli([dir, '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: \.dockerignore leaves vendor\/modules\.txt out of the build context/);
  });

  it('--private naming only some private-looking hosts: a warning on stderr, the files still written', () => {
    const dir = copyExample('private-deps');
    const r = cli([dir, '--yes', '--private', 'git.corp.example.com', '--auth', 'ssh']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: --private git\.corp\.example\.com does not cover go\.corp\.example\.com .*use --private git\.corp\.example\.com,go\.corp\.example\.com/);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(true);
  });

  it('hostile flag values: exit 2, nothing written', () => {
    const cases = [
      ['--proxy', 'https://x.example.com\nRUN id'],
      ['--private', 'example.com/$(id)'],
      ['--packages', 'curl;id'],
      ['--version-var', 'main.version=`id`'],
      ['--port', '80 && id'],
    ];
    for (const [flag, value] of cases) {
      const dir = copyExample('hello');
      const before = files(dir);
      const r = cli([dir, '--yes', flag as string, value as string]);
      expect(r.code, `${flag} ${value}`).toBe(2);
      expect(r.stderr).toContain(flag as string);
      expect(files(dir)).toEqual(before);
    }
  });

  it('--sumdb off needs --allow-sumdb-off', () => {
    const dir = copyExample('hello');
    expect(cli([dir, '--yes', '--sumdb', 'off']).code).toBe(2);
    const r = cli([dir, '--yes', '--sumdb', 'off', '--allow-sumdb-off']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('# WARNING: checksum verification is OFF');
  });

  it('a choices flag with an unknown value is a usage error', () => {
    const r = cli([copyExample('hello'), '--yes', '--runtime', 'ubuntu']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid values[^]*runtime/);
  });

  it('--help lists every question flag', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--yes', '--force', '--dry-run', '--main', '--all', '--binary', '--go-version', '--builder', '--runtime', '--cgo', '--proxy', '--sumdb', '--allow-sumdb-off', '--private', '--private-via', '--auth', '--packages', '--port', '--platforms', '--version-var', '--build-parallelism']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toMatch(/Dockerfile\.<name>/);
  });

  it('what it writes passes `gomod-fix --check` (the codemod\'s own CLI)', () => {
    const gomodFix = join(repoRoot, 'dist', 'cli', 'gomod-fix.js');
    for (const [example, flags] of [
      ['hello', []],
      ['private-deps', ['--auth', 'token', '--builder', 'alpine']],
      ['workspace', ['--runtime', 'scratch', '--platforms', 'linux/amd64,linux/arm64']],
      ['cgo', ['--runtime', 'debian-slim']],
    ] as const) {
      const dir = copyExample(example);
      expect(cli([dir, '--yes', ...flags]).code).toBe(0);
      const r = spawnSync(process.execPath, [gomodFix, '--check', join(dir, 'Dockerfile')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status, `${example} ${flags.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
    }
  });
});

describe('create-go-dockerfile (built binary), more', () => {
  it('with several mains and no --main, an existing Dockerfile does not stop the Dockerfile.<name> files', () => {
    const dir = copyExample('multi-cmd');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    const r = cli([dir, '--yes']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(existsSync(join(dir, 'Dockerfile.api'))).toBe(true);
    expect(cli([dir, '--yes', '--main', 'cmd/api']).code).toBe(2);
  });

  it('list flags take commas or repeats, and never swallow the directory', () => {
    const dir = copyExample('hello');
    const r = cli(['--yes', '--packages', 'git,make', '--packages', 'curl', '--platforms', 'linux/amd64,linux/arm64', dir]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(text).toContain('--no-install-recommends git make curl \\\n');
    expect(text).toContain('docker buildx build --platform linux/amd64,linux/arm64');
  });
});
