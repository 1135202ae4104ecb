import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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
export function ensureBuilt(): void {
  const built = existsSync(cliPath) ? statSync(cliPath).mtimeMs : 0;
  const templates = join(repoRoot, 'dist', 'templates', 'Dockerfile.hbs');
  const sources = Math.max(newest(join(repoRoot, 'src', 'scaffold')), newest(join(repoRoot, 'src', 'templates')), statSync(join(repoRoot, 'src', 'cli', 'create-go-dockerfile.ts')).mtimeMs);
  if (built >= sources && existsSync(templates) && statSync(templates).mtimeMs >= newest(join(repoRoot, 'src', 'templates'))) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'pipe' });
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
