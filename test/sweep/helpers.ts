import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMonorepo } from '../../scripts/bench/generate.mjs';
import { repoRoot } from '../helpers.js';

export const bin = join(repoRoot, 'dist', 'cli', 'gomod-fix.js');

export function gomodFix(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', CI: undefined, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

let cached: { dir: string; files: string[] } | null = null;

/**
 * A synthetic monorepo of `files` Dockerfiles from the benchmark's generator (same seed, same
 * tree), large enough that `--jobs 2` uses a worker thread. Each call returns a fresh copy.
 */
export function monorepo(files = 300): { dir: string; files: string[] } {
  if (!cached || cached.files.length !== files) {
    const dir = tempDir('gomod-fix-sweep-src-');
    cached = { dir, files: generateMonorepo(dir, { files, seed: 7 }).files };
  }
  const copy = tempDir('gomod-fix-sweep-');
  cpSync(cached.dir, copy, { recursive: true });
  return { dir: copy, files: cached.files };
}

export const SUMMARY = /^(\d+) files?: (\d+) changed, (\d+) unchanged, (\d+) skipped \(ignored\), (\d+) errors?  \((\d+\.\d) s\)$/m;
