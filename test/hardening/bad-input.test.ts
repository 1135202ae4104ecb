import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, readDockerfile } from '../../src/core/read-dockerfile.js';
import { writeFileAtomic } from '../../src/core/write-file.js';
import { repoRoot } from '../helpers.js';

const bin = join(repoRoot, 'dist', 'cli', 'gomod-fix.js');
const LEGACY = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app .\n';

function gomodFix(args: string[], cwd: string, asNobody = false) {
  const cmd = asNobody ? 'setpriv' : process.execPath;
  const argv = asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, bin, ...args] : [bin, ...args];
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gomod-fix-bad-'));
  chmodSync(d, 0o755);
  return d;
}

/** Each case: exit 2, a message naming the file (and line where there is one), the file byte for byte as it was. */
const cases: Array<{ name: string; bytes: Buffer | string; message: RegExp }> = [
  { name: 'binary file (NUL bytes)', bytes: Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x0a, 0x00, 0x01, 0x02]), message: /Dockerfile:2: is a binary file/ },
  { name: 'invalid UTF-8', bytes: Buffer.concat([Buffer.from('FROM golang\nRUN echo '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]), message: /Dockerfile:2: is not valid UTF-8/ },
  { name: 'empty file', bytes: '', message: /Dockerfile:1:1: cannot parse: the file has no instructions/ },
  { name: 'comments only', bytes: '# just a comment\n# and another\n', message: /Dockerfile:1:1: cannot parse: the file has no instructions/ },
  { name: 'a 5 MB file', bytes: 'FROM golang\n' + '# padding padding padding padding padding padding padding\n'.repeat(90_000), message: /Dockerfile: is \d+ bytes; Dockerfiles over 1048576 bytes are not processed/ },
  { name: 'unterminated heredoc', bytes: 'FROM golang\nRUN <<EOF\ngo build\n', message: /Dockerfile:2:5: cannot parse: heredoc <<EOF is never closed/ },
  { name: 'unknown instruction', bytes: 'FROM golang\nRUNN go build\n', message: /Dockerfile:2:1: cannot parse: unknown instruction: RUNN/ },
  { name: 'CRLF with a broken heredoc', bytes: 'FROM golang\r\nRUN <<EOF\r\n', message: /Dockerfile:2:5: cannot parse/ },
  { name: 'BOM then garbage', bytes: '\uFEFFFOO bar\n', message: /Dockerfile:1:1: cannot parse: unknown instruction: FOO/ },
];

describe('bad input: exit 2, a located message, the file untouched', () => {
  for (const c of cases) {
    it.each([[[] as string[]], [['--write']], [['--check']]])(`${c.name} %j`, (flags) => {
      const d = dir();
      const path = join(d, 'Dockerfile');
      writeFileSync(path, c.bytes);
      const before = readFileSync(path);
      const r = gomodFix([...flags, 'Dockerfile'], d);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(c.message);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
      expect(readFileSync(path).equals(before)).toBe(true);
    });
  }

  it('a path that does not exist', () => {
    const r = gomodFix(['missing/Dockerfile'], dir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\/Dockerfile: no such file or directory/);
  });

  it('a symlink loop', () => {
    const d = dir();
    symlinkSync('Dockerfile', join(d, 'Dockerfile'));
    const r = gomodFix(['Dockerfile'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Dockerfile: too many levels of symbolic links/);
  });

  it('permission denied on read', () => {
    const d = dir();
    writeFileSync(join(d, 'Dockerfile'), LEGACY);
    chmodSync(join(d, 'Dockerfile'), 0o600);
    const r = gomodFix(['Dockerfile'], d, true);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Dockerfile: permission denied \(cannot read\)/);
  });

  it('permission denied on write: the original stays, no temporary file is left', () => {
    const d = dir();
    writeFileSync(join(d, 'Dockerfile'), LEGACY);
    chmodSync(join(d, 'Dockerfile'), 0o644);
    const r = gomodFix(['--write', 'Dockerfile'], d, true);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Dockerfile: permission denied \(cannot write\)/);
    expect(readFileSync(join(d, 'Dockerfile'), 'utf8')).toBe(LEGACY);
    expect(readdirSync(d)).toEqual(['Dockerfile']);
  });

  it('a read-only file system', () => {
    // A private mount namespace holding a tmpfs remounted read-only; skipped where mounting is not allowed.
    const d = dir();
    writeFileSync(join(d, 'Dockerfile'), LEGACY);
    const script = `mount -t tmpfs -o size=1m tmpfs ${d} && printf '%s' "$LEGACY" > ${d}/Dockerfile && mount -o remount,ro ${d} && cd ${d} && "${process.execPath}" "${bin}" --write Dockerfile; echo "exit=$?"; cat ${d}/Dockerfile`;
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LEGACY } });
    if (r.status !== 0 && /mount|unshare/.test(r.stderr) && !r.stdout.includes('exit=')) {
      console.warn(`read-only file system case skipped: cannot mount here (${r.stderr.trim()})`);
      return;
    }
    expect(r.stdout).toContain('exit=2');
    expect(r.stderr).toMatch(/Dockerfile: read-only file system/);
    expect(r.stdout.slice(r.stdout.indexOf('exit=2') + 7)).toBe(LEGACY);
  });

  it('a file that changes on disk between read and write is skipped, not overwritten', () => {
    const d = dir();
    const path = join(d, 'Dockerfile');
    writeFileSync(path, LEGACY);
    const loaded = readDockerfile(path);
    writeFileSync(path, LEGACY + '# edited by someone else\n');
    expect(() => writeFileAtomic(path, 'REWRITTEN', loaded)).toThrow(InputError);
    expect(() => writeFileAtomic(path, 'REWRITTEN', loaded)).toThrow(/changed on disk/);
    expect(readFileSync(path, 'utf8')).toBe(LEGACY + '# edited by someone else\n');
    expect(readdirSync(d)).toEqual(['Dockerfile']);
  });

  it('a write keeps the file mode', () => {
    const d = dir();
    const path = join(d, 'Dockerfile');
    writeFileSync(path, LEGACY);
    chmodSync(path, 0o640);
    expect(gomodFix(['--write', 'Dockerfile'], d).code).toBe(0);
    expect(readFileSync(path, 'utf8')).not.toBe(LEGACY);
    expect(spawnSync('stat', ['-c', '%a', path], { encoding: 'utf8' }).stdout.trim()).toBe('640');
  });

  it('one bad file never stops the others', () => {
    const d = dir();
    mkdirSync(join(d, 'a'));
    mkdirSync(join(d, 'b'));
    writeFileSync(join(d, 'a', 'Dockerfile'), 'FROM golang\nRUNN x\n');
    writeFileSync(join(d, 'b', 'Dockerfile'), LEGACY);
    const r = gomodFix(['--write', 'a/Dockerfile', 'b/Dockerfile'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a\/Dockerfile:2:1: cannot parse/);
    expect(readFileSync(join(d, 'b', 'Dockerfile'), 'utf8')).not.toBe(LEGACY);
  });
});
