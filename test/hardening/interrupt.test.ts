import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

const bin = join(repoRoot, 'dist', 'cli', 'gomod-fix.js');
const LEGACY = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n';
const FILES = 400;

it.each([
  ['in one thread', ['--jobs', '1'], {}],
  ['over worker threads', ['--jobs', '2'], { GOMOD_FIX_WORKER_MIN_FILES: '50' }],
] as Array<[string, string[], Record<string, string>]>)('Ctrl-C during a --write sweep %s leaves every file either as it was or fully rewritten, and no temporary files', async (_how, jobs, env) => {
  const root = mkdtempSync(join(tmpdir(), 'gomod-fix-interrupt-'));
  writeFileSync(join(root, 'go.mod'), 'module example.com/x\n\ngo 1.22\n');
  for (let i = 0; i < FILES; i++) {
    mkdirSync(join(root, `s${i}`));
    writeFileSync(join(root, `s${i}`, 'Dockerfile'), LEGACY);
  }
  // What a complete run writes, from a separate copy.
  const reference = mkdtempSync(join(tmpdir(), 'gomod-fix-interrupt-ref-'));
  writeFileSync(join(reference, 'go.mod'), 'module example.com/x\n\ngo 1.22\n');
  writeFileSync(join(reference, 'Dockerfile'), LEGACY);
  spawnSync(process.execPath, [bin, '--write', '--quiet', 'Dockerfile'], { cwd: reference });
  const fixed = readFileSync(join(reference, 'Dockerfile'), 'utf8');
  expect(fixed).not.toBe(LEGACY);

  const child = spawn(process.execPath, [bin, '--write', '--quiet', ...jobs, '.'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Interrupt as soon as the first file has been rewritten.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (readdirSync(root).some((d) => d.startsWith('s') && readFileSync(join(root, d, 'Dockerfile'), 'utf8') !== LEGACY)) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGINT');
  const code = await exited;

  const contents = readdirSync(root)
    .filter((d) => d.startsWith('s'))
    .map((d) => readFileSync(join(root, d, 'Dockerfile'), 'utf8'));
  for (const c of contents) expect([LEGACY, fixed]).toContain(c);
  const temporary = readdirSync(root, { recursive: true }).filter((p) => String(p).endsWith('.tmp'));
  expect(temporary).toEqual([]);
  // Stopped part-way (the signal is sent after the first of 400 rewrites), exit 130 as shells report SIGINT.
  expect(code).toBe(130);
  expect(stderr).toMatch(/interrupted after \d+ files?; every file is either as it was or fully rewritten/);
  expect(contents.filter((c) => c === LEGACY).length).toBeGreaterThan(0);
  expect(contents.filter((c) => c === fixed).length).toBeGreaterThan(0);
}, 60_000);
