import { chmodSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover, isDockerfileName, type DiscoverFs } from '../../src/core/discover.js';

/** Creates the files (contents optional) under a fresh temporary directory. */
function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gomod-fix-discover-')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const rel = (root: string, files: string[]): string[] => files.map((f) => (f.startsWith(root + '/') ? f.slice(root.length + 1) : f));

describe('discover: which files', () => {
  it('finds Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile and Containerfile, and nothing else', () => {
    const root = tree({
      Dockerfile: '',
      'Dockerfile.dev': '',
      'api.Dockerfile': '',
      'build/ci.dockerfile': '',
      'deep/er/Containerfile': '',
      'Containerfile.prod': '',
      'Dockerfile.dockerignore': '', // BuildKit's per-Dockerfile ignore file
      'api.Dockerfile.dockerignore': '',
      '.Dockerfile': '',
      'dockerfile': '',
      'README.md': '',
      'Dockerfiles/notes.txt': '',
      'docker-compose.yml': '',
    });
    expect(rel(root, discover([root]).files)).toEqual(['Containerfile.prod', 'Dockerfile', 'Dockerfile.dev', 'api.Dockerfile', 'build/ci.dockerfile', 'deep/er/Containerfile']);
    expect(isDockerfileName('Dockerfile.dockerignore')).toBe(false);
  });

  it('never enters .git, node_modules or vendor (at any depth)', () => {
    const root = tree({ 'a/Dockerfile': '', '.git/Dockerfile': '', 'node_modules/x/Dockerfile': '', 'web/node_modules/y/Dockerfile': '', 'svc/vendor/github.com/z/Dockerfile': '' });
    expect(rel(root, discover([root]).files)).toEqual(['a/Dockerfile']);
  });

  it('--include adds globs (no "/": any depth), --exclude removes files and prunes directories', () => {
    const root = tree({ 'a/Dockerfile': '', 'a/docker/app.df': '', 'b/build.df': '', 'legacy/x/Dockerfile': '', 'c/Dockerfile.dev': '' });
    const found = discover([root], { include: ['*.df'], exclude: ['legacy/**', 'Dockerfile.dev'] });
    expect(rel(root, found.files)).toEqual(['a/Dockerfile', 'a/docker/app.df', 'b/build.df']);
    expect(rel(root, discover([root], { include: ['a/docker/*.df'] }).files)).toEqual(['a/Dockerfile', 'a/docker/app.df', 'c/Dockerfile.dev', 'legacy/x/Dockerfile']);
  });

  it('a file named explicitly is taken whatever its name, ignore rules or exclude globs', () => {
    const root = tree({ 'ci/build.txt': '', '.gitignore': 'ci/\n' });
    expect(discover([join(root, 'ci/build.txt')], { exclude: ['**/*.txt'] }).files).toEqual([join(root, 'ci/build.txt')]);
  });

  it('paths come back as the user named the directory, sorted, without duplicates', () => {
    const root = tree({ 'b/Dockerfile': '', 'a/Dockerfile': '', 'a/Z.Dockerfile': '', 'a/b/Dockerfile': '' });
    const cwd = process.cwd();
    try {
      process.chdir(root);
      expect(discover(['.']).files).toEqual(['a/Dockerfile', 'a/Z.Dockerfile', 'a/b/Dockerfile', 'b/Dockerfile']);
      expect(discover(['a', 'a/Dockerfile', 'a/']).files).toEqual(['a/Dockerfile', 'a/Z.Dockerfile', 'a/b/Dockerfile']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a missing path is an error naming it; the others are still found', () => {
    const root = tree({ 'a/Dockerfile': '' });
    const found = discover([join(root, 'nope'), root]);
    expect(rel(root, found.files)).toEqual(['a/Dockerfile']);
    expect(found.errors.map((e) => e.located)).toEqual([`${join(root, 'nope')}: no such file or directory`]);
  });
});

describe('discover: ignore files', () => {
  it('honours .gitignore at every level, each relative to its own directory; deeper files override', () => {
    const root = tree({
      '.gitignore': 'tmp/\n*.bak\n/only-top/\n',
      'tmp/Dockerfile': '',
      'a/tmp/Dockerfile': '',
      'a/Dockerfile.bak': '',
      'only-top/Dockerfile': '',
      'a/only-top/Dockerfile': '', // anchored pattern: applies at the top only
      'a/.gitignore': 'Dockerfile.local\n/build/\n',
      'a/Dockerfile.local': '',
      'a/build/Dockerfile': '',
      'a/x/build/Dockerfile': '', // a's /build/ is anchored to a/
      'a/b/.gitignore': '!Dockerfile.local\n',
      'a/b/Dockerfile.local': '', // re-included by the deeper file
      'c/Dockerfile.local': '', // a's rule does not reach c
    });
    expect(rel(root, discover([root]).files)).toEqual(['a/b/Dockerfile.local', 'a/only-top/Dockerfile', 'a/x/build/Dockerfile', 'c/Dockerfile.local']);
  });

  it('honours .gomodfixignore (same syntax), which can also re-include what .gitignore left out', () => {
    const root = tree({
      '.gomodfixignore': 'third_party/\n!generated/Dockerfile\n',
      '.gitignore': 'generated/*\n',
      'third_party/lib/Dockerfile': '',
      'generated/Dockerfile': '',
      'generated/Dockerfile.other': '',
      'svc/.gomodfixignore': 'Dockerfile.experimental\n',
      'svc/Dockerfile': '',
      'svc/Dockerfile.experimental': '',
    });
    expect(rel(root, discover([root]).files)).toEqual(['generated/Dockerfile', 'svc/Dockerfile']);
  });

  it('sweeps a named directory even when an ignore file above it excludes it (its own ignore files still count)', () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': 'generated/\n', 'generated/a/Dockerfile': '', 'generated/.gitignore': 'b/\n', 'generated/b/Dockerfile': '' });
    expect(rel(root, discover([root]).files)).toEqual([]);
    expect(rel(root, discover([join(root, 'generated')]).files)).toEqual(['generated/a/Dockerfile']);
  });

  it('applies ignore files above the named directory, up to the top of the git repository', () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': 'services/*/build/\n', 'services/.gomodfixignore': 'old/\n', 'services/a/build/Dockerfile': '', 'services/a/Dockerfile': '', 'services/old/Dockerfile': '' });
    expect(rel(root, discover([join(root, 'services')]).files)).toEqual(['services/a/Dockerfile']);
  });
});

describe('discover: symbolic links and unreadable directories', () => {
  it('does not follow a symlink out of the root, and does not loop on one', () => {
    const outside = tree({ 'Dockerfile': '', 'sub/Dockerfile': '' });
    const root = tree({ 'a/Dockerfile': '', 'b/Dockerfile': '' });
    symlinkSync(outside, join(root, 'escape'));
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'Dockerfile'));
    symlinkSync('..', join(root, 'a', 'up')); // a loop: a/up/a/up/...
    symlinkSync('.', join(root, 'self'));
    symlinkSync(join(root, 'b'), join(root, 'b-again')); // inside the root: b is swept directly
    symlinkSync(join(root, 'missing'), join(root, 'c.Dockerfile')); // dangling
    const found = discover([root]);
    expect(rel(root, found.files)).toEqual(['a/Dockerfile', 'b/Dockerfile']);
    expect(found.errors).toEqual([]);
    const reasons = Object.fromEntries(found.skipped.map((s) => [rel(root, [s.path])[0], s.reason]));
    expect(reasons).toMatchObject({
      escape: expect.stringMatching(/out of the swept directory/),
      Dockerfile: expect.stringMatching(/out of the swept directory/),
      'a/up': expect.stringMatching(/loop/),
      self: expect.stringMatching(/loop/),
      'b-again': expect.stringMatching(/inside the swept directory/),
      'c.Dockerfile': expect.stringMatching(/no such file/),
    });
  });

  it('a Dockerfile named through a symlink is taken as given', () => {
    const outside = tree({ 'Dockerfile': 'FROM scratch\n' });
    const root = tree({});
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'Dockerfile'));
    expect(discover([join(root, 'Dockerfile')]).files).toEqual([join(root, 'Dockerfile')]);
  });

  it('an unreadable directory is a reported error with its path; the sweep goes on (simulated EACCES)', () => {
    const root = tree({ 'a/Dockerfile': '', 'locked/Dockerfile': '', 'z/Dockerfile': '' });
    const failing: DiscoverFs = {
      ...fs,
      readdirSync: ((path: string, options: { withFileTypes: true }) => {
        if (path === join(root, 'locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
        return fs.readdirSync(path, options);
      }) as DiscoverFs['readdirSync'],
    };
    const found = discover([root], { fs: failing });
    expect(rel(root, found.files)).toEqual(['a/Dockerfile', 'z/Dockerfile']);
    expect(found.errors.map((e) => e.located)).toEqual([`${join(root, 'locked')}: permission denied (cannot read); directory not searched`]);
  });

  // As root, chmod 000 does not stop reads (root bypasses permission bits), so the real check only
  // means something for an ordinary user; the simulated EACCES above covers the logic either way.
  it.skipIf(process.getuid?.() === 0)('an unreadable directory (chmod 000) is a reported error, not a crash', () => {
    const root = tree({ 'a/Dockerfile': '', 'locked/Dockerfile': '' });
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const found = discover([root]);
      expect(rel(root, found.files)).toEqual(['a/Dockerfile']);
      expect(found.errors.map((e) => e.located)).toEqual([`${join(root, 'locked')}: permission denied (cannot read); directory not searched`]);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });
});
