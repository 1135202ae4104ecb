import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers.js';
import { cliPath } from './helpers.js';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/**
 * The CLI tests spawn dist/. `npm test` builds first (pretest); when vitest runs alone, build here
 * if the scaffolder's sources are newer than the built binary.
 */
function fresh(): boolean {
  const built = existsSync(cliPath) ? statSync(cliPath).mtimeMs : 0;
  const templates = join(repoRoot, 'dist', 'templates', 'Dockerfile.hbs');
  const sources = Math.max(newest(join(repoRoot, 'src', 'scaffold')), newest(join(repoRoot, 'src', 'templates')), statSync(join(repoRoot, 'src', 'cli', 'create-go-dockerfile.ts')).mtimeMs);
  return built >= sources && existsSync(templates) && statSync(templates).mtimeMs >= newest(join(repoRoot, 'src', 'templates'));
}

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function ensureBuilt(): void {
  if (fresh()) return;
  // Test files run in parallel workers: one builds, the others wait for it.
  const lock = join(tmpdir(), 'create-go-dockerfile-test-build.lock');
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 170_000) throw new Error(`${lock} is held for too long; remove it if no build is running`);
      sleep(200);
      if (fresh()) return;
    }
  }
  try {
    if (!fresh()) execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built create-go-dockerfile without a terminal (stdin is a pipe). */
export function cli(args: string[], options: { cwd?: string; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
