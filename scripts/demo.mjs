// `npm run demo`: scaffolds a Dockerfile for an example Go module and runs gomod-fix over an example
// legacy Dockerfile, printing what each would do. Works on a fresh clone after `npm ci`; writes
// only to a temporary directory.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'dist', 'cli', `${name}.js`);
const work = mkdtempSync(join(tmpdir(), 'create-go-dockerfile-demo-'));

function step(title, args, cwd) {
  process.stdout.write(`\n\x1b[1m$ ${title}\x1b[0m\n`);
  const r = spawnSync(process.execPath, args, { cwd, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : undefined } });
  return r.status ?? 1;
}

try {
  const scaffoldExample = ['hello', 'single-main'].map((d) => join(root, 'examples', d)).find((d) => existsSync(join(d, 'go.mod')));
  if (scaffoldExample) {
    const target = join(work, 'scaffold');
    cpSync(scaffoldExample, target, { recursive: true });
    step(`create-go-dockerfile --yes --dry-run   (in a copy of examples/${scaffoldExample.split('/').pop()})`, [bin('create-go-dockerfile'), '--yes', '--dry-run', target], target);
  }
  const legacy = join(work, 'legacy-service');
  cpSync(join(root, 'examples', 'legacy-service'), legacy, { recursive: true });
  step('gomod-fix   (in a copy of examples/legacy-service: shows the diff and why, writes nothing)', [bin('gomod-fix'), 'Dockerfile'], legacy);
  step('gomod-fix --write --quiet   (apply the safe fixes)', [bin('gomod-fix'), '--write', '--quiet', 'Dockerfile'], legacy);
  let status = step('gomod-fix --check   (the CI gate: still exit 1, GOSUMDB=off needs a decision)', [bin('gomod-fix'), '--check', 'Dockerfile'], legacy);
  process.stdout.write(`(exit code: ${status})\n`);
  step('gomod-fix --write --unsafe-fixes --quiet   (after reviewing the diff: opt into the rest)', [bin('gomod-fix'), '--write', '--unsafe-fixes', '--quiet', 'Dockerfile'], legacy);
  status = step('gomod-fix --check', [bin('gomod-fix'), '--check', 'Dockerfile'], legacy);
  process.stdout.write(`(exit code: ${status})\n`);
  step('cat Dockerfile   (the result)', ['-e', `process.stdout.write(require('fs').readFileSync('Dockerfile', 'utf8'))`], legacy);
} finally {
  rmSync(work, { recursive: true, force: true });
}
