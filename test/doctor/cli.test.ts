import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { createDoctorCommand } from '../../src/cli/doctor-command.js';
import type { DoctorReport } from '../../src/doctor/index.js';
import { goproxyHandler, startHttp, statusHandler, type Running } from './servers.js';

let good: Running;
let s403: Running;

beforeAll(async () => {
  good = await startHttp(goproxyHandler({ sumdb: true }));
  s403 = await startHttp(statusHandler(403));
});
afterAll(async () => {
  await Promise.all([good.close(), s403.close()]);
});
afterEach(() => {
  process.exitCode = undefined;
});

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

/** Runs `gomod-fix doctor ...args` in-process through yargs, the way src/cli will register it. */
async function cli(args: string[], opts: { env?: Record<string, string>; isTTY?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  process.exitCode = undefined;
  const command = createDoctorCommand({
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.isTTY ?? false },
    stderr: { write: (s: string) => (stderr += s) },
    env: opts.env ?? {},
    readGoEnv: async () => ({ status: 'absent' }),
  });
  await yargs()
    .scriptName('gomod-fix')
    .command(command)
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync(['doctor', ...args]);
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { stdout, stderr, exitCode };
}

const base = ['--module', 'doctor-test.invalid/mod', '--timeout', '300ms'];

describe('gomod-fix doctor (yargs, in-process)', () => {
  it('exit 0 and a concise checklist when everything answers, with the commands that show more', async () => {
    const r = await cli([...base, '--proxy', good.url]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/GOPROXY entry 1: http:\/\/127\.0\.0\.1:\d+ \[used\]/);
    expect(r.stdout).toMatch(/✔ http GET \/doctor-test\.invalid\/mod\/@v\/list {2}200, 3 versions {2}\d+ ms/);
    expect(r.stdout).toMatch(new RegExp(`GOPROXY +${good.url.replace(/\./g, '\\.')} +\\(flag: --proxy\\)`));
    expect(r.stdout).toContain('docker build --progress=plain .');
    expect(r.stdout).toContain('go mod download -x');
    expect(r.stdout).toContain('go env GOPROXY GOSUMDB GOPRIVATE GONOPROXY GONOSUMDB');
    expect(r.stdout).toMatch(/Result: \d+ ok, 0 warnings, 0 failed/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // not a TTY: no colour
  });

  it('exit 1 when a check fails, with cause and fix', async () => {
    const r = await cli([...base, '--proxy', s403.url]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/✖ http GET .* {2}403 Forbidden/);
    expect(r.stdout).toContain('cause:');
    expect(r.stdout).toContain('docker build --secret id=netrc,src=$HOME/.netrc .');
  });

  it('--json prints exactly the documented report', async () => {
    const r = await cli([...base, '--proxy', `${s403.url}|${good.url}`, '--private', '*.corp.doctor-test.invalid', '--json']);
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(Object.keys(report).sort()).toEqual(['exitCode', 'httpProxy', 'module', 'more', 'ok', 'schemaVersion', 'settings', 'summary', 'targets', 'timeoutMs', 'tool'].sort());
    expect(report).toMatchObject({ schemaVersion: 1, tool: 'gomod-fix doctor', module: 'doctor-test.invalid/mod', timeoutMs: 300, httpProxy: { https: null, http: null, noProxy: '' } });
    expect(report.exitCode).toBe(r.exitCode);
    expect(report.ok).toBe(report.summary.failed === 0);
    const counts = { ok: 0, warn: 0, failed: 0, skipped: 0 };
    for (const t of report.targets) {
      expect(Object.keys(t).sort()).toEqual(['checks', 'id', 'kind', 'notes', 'role', 'title']);
      for (const c of t.checks) {
        expect(c).toEqual(
          expect.objectContaining({ id: expect.any(String), kind: expect.any(String), label: expect.any(String), status: expect.stringMatching(/^(ok|warn|failed|skipped)$/), detail: expect.any(String) }),
        );
        expect(c.ms === null || typeof c.ms === 'number').toBe(true);
        if (c.status === 'failed') expect(c.failure?.class).toEqual(expect.any(String));
        counts[c.status]++;
      }
    }
    expect(report.summary).toEqual(counts);
    expect(report.settings.map((s) => s.name)).toEqual(['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB']);
    expect(report.targets.map((t) => t.kind)).toEqual(['settings', 'goproxy', 'goproxy', 'chain', 'sumdb', 'private']);
    expect(report.targets[1]?.role).toBe('fell-through');
  });

  it('exit 2 on usage errors, message on stderr, nothing on stdout', async () => {
    for (const args of [
      ['--timeout', 'soon'],
      ['--timeout', '300'],
      ['--dockerfile', '/nonexistent/doctor-test/Dockerfile'],
      ['--proxy', 'bogus'],
      ['--sumdb', 'sum.example.com'],
      ['--module', 'not a module'],
    ]) {
      const r = await cli(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^gomod-fix doctor: --/);
    }
  });

  it('colour only on a TTY and only without NO_COLOR', async () => {
    expect((await cli([...base, '--proxy', good.url], { isTTY: true })).stdout).toMatch(/\x1b\[/);
    expect((await cli([...base, '--proxy', good.url], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\x1b\[/);
  });

  it('never suggests GODEBUG=gomodulesync=1 (not a real Go setting), in any output', async () => {
    const outputs = await Promise.all([
      cli([...base, '--proxy', good.url]),
      cli([...base, '--proxy', s403.url, '--sumdb', 'off']),
      cli([...base, '--proxy', 'https://proxy.doctor-test.invalid', '--json']),
      cli([...base, '--proxy', 'off', '--private', 'git.doctor-test.invalid/x']),
    ]);
    for (const o of outputs) {
      expect(o.stdout + o.stderr).not.toMatch(/gomodulesync/i);
      expect(o.stdout + o.stderr).not.toMatch(/GODEBUG/);
    }
  });

  it('describes every flag in --help, with examples', async () => {
    let help = '';
    await yargs()
      .scriptName('gomod-fix')
      .command(createDoctorCommand())
      .exitProcess(false)
      .parseAsync(['doctor', '--help'], {}, (_err, _argv, output) => {
        help = output;
      });
    for (const flag of ['--proxy', '--sumdb', '--private', '--module', '--timeout', '--dockerfile', '--json']) expect(help).toContain(flag);
    expect(help).toContain('Examples:');
  });
});
