/**
 * The real binary in a pseudo-terminal, answered the way a person would: wait for each question,
 * then press keys. util-linux `script` gives the child a pty (node-pty is not a dependency); what we
 * write to script's stdin arrives as keystrokes, what the child draws comes back on its stdout.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build.js';
import { cliPath, copyExample } from './helpers.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

const KEY = { enter: '\r', down: '\u001b[B', backspace: '\u007f', ctrlC: '\u0003' };

class Terminal {
  private output = '';
  /** Where the next wait starts looking, so an old question is never mistaken for the next one. */
  private cursor = 0;
  private readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    const command = [process.execPath, cliPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...process.env, TERM: 'xterm-256color', COLUMNS: '120', LINES: '40' },
    });
    this.child.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
  }

  /** The screen output without colours and cursor movements. */
  text(): string {
    // eslint-disable-next-line no-control-regex
    return this.output.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[78]/g, '');
  }

  async waitFor(what: string, timeoutMs = 20_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const at = this.text().indexOf(what, this.cursor);
      if (at !== -1) {
        this.cursor = at + what.length;
        return;
      }
      if (Date.now() - started > timeoutMs) throw new Error(`no "${what}" on the screen after ${timeoutMs} ms; the screen so far:\n${this.text()}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** Types keys one at a time, a little apart, as a person would. */
  async press(...keys: string[]): Promise<void> {
    for (const k of keys) {
      await new Promise((r) => setTimeout(r, 120));
      this.child.stdin.write(k);
    }
  }

  async answer(question: string, ...keys: string[]): Promise<void> {
    await this.waitFor(question);
    await this.press(...keys);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

beforeAll(() => ensureBuilt(), 180_000);

describe.skipIf(!hasScript)('in a terminal (util-linux script)', () => {
  it('asks, validates what is typed, and writes what was chosen', async () => {
    const dir = copyExample('hello');
    const term = new Terminal([dir]);
    try {
      // A typo first: the prompt says what is wrong and keeps asking.
      await term.answer('Go version', 'x', KEY.enter);
      await term.waitFor('is not a Go version like 1.23 or 1.23.4');
      await term.press(KEY.backspace, '1', '.', '2', '3', KEY.enter);
      await term.answer('Builder image', KEY.enter); // bookworm
      await term.answer('Runtime image', KEY.down, KEY.enter); // alpine
      await term.answer('Module proxy', KEY.down, KEY.enter); // goproxy.cn
      await term.answer('Checksum database', KEY.enter); // sum.golang.google.cn is preselected for a China mirror
      await term.answer('Private module paths', KEY.enter); // none
      await term.answer('Login for private modules', KEY.enter); // none
      await term.answer('Port to EXPOSE', KEY.enter); // 8080, found in the code
      await term.answer('Also set extra build packages', KEY.enter); // no
      await term.waitFor('wrote Dockerfile');
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(text).toContain('FROM golang:1.23-bookworm AS build\n');
    expect(text).toContain('ARG GOPROXY="https://goproxy.cn,direct"\nARG GOSUMDB="sum.golang.google.cn"\n');
    expect(text).toContain('FROM alpine:3.20\n');
    expect(text).toContain('EXPOSE 8080\n');
    expect(existsSync(join(dir, '.dockerignore'))).toBe(true);
  }, 90_000);

  it('Ctrl-C at a question: nothing written, exit 1', async () => {
    const dir = copyExample('multi-cmd');
    const term = new Terminal([dir]);
    try {
      await term.answer('Which main package goes in the image?', KEY.down, KEY.enter); // cmd/worker
      await term.answer('Go version', KEY.ctrlC);
      expect(await term.exited).toBe(1);
      expect(term.text()).toMatch(/cancelled: nothing was written/);
    } finally {
      term.kill();
    }
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
    expect(existsSync(join(dir, '.dockerignore'))).toBe(false);
  }, 60_000);
});
