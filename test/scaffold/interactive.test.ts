/**
 * The question flow, answered through prompts' injection (in the order the questions come). The
 * pseudo-terminal test drives the real binary; these cover the branches.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import prompts from 'prompts';
import { afterEach, describe, expect, it } from 'vitest';
import { runScaffold } from '../../src/cli/scaffold-command.js';
import type { ScaffoldArgs } from '../../src/scaffold/run.js';
import { copyExample, dockerfiles, generate, quietIo, type Example } from './helpers.js';

const injected = prompts as unknown as { _injected?: unknown[] };

afterEach(() => {
  // A failing test must not leave answers for the next one.
  injected._injected = undefined;
});

async function interactive(example: Example, answers: unknown[], flags: Partial<ScaffoldArgs> = {}) {
  const dir = copyExample(example);
  prompts.inject(answers);
  const io = quietIo(true);
  const stderr: string[] = [];
  io.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  const code = await runScaffold({ dir, yes: false, force: false, dryRun: false, ...flags }, io);
  const left = injected._injected?.length ?? 0;
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : null);
  return { dir, code, left, read, stderr: stderr.join('') };
}

describe('interactive questions', () => {
  it('accepting every default gives what --yes gives', async () => {
    // Go version, builder, runtime, proxy, sumdb, GOPRIVATE, auth, port, "more?".
    const r = await interactive('hello', ['1.22', 'bookworm', 'distroless', 'default', 'default', '', 'none', '8080', false]);
    expect(r.code).toBe(0);
    expect(r.left).toBe(0);
    const yes = await generate(copyExample('hello'));
    expect(r.read('Dockerfile')).toBe(dockerfiles(yes)[0]?.content);
    expect(r.read('.dockerignore')).toBe(yes.files.find((f) => f.path === '.dockerignore')?.content);
  });

  it('several mains: pick one, a China mirror, scratch, another port', async () => {
    const r = await interactive('multi-cmd', ['cmd/api', '1.23', 'bookworm', 'scratch', 'goproxy.cn', 'sum.golang.google.cn', '', 'none', '8081', false]);
    expect(r.code).toBe(0);
    const text = r.read('Dockerfile') ?? '';
    expect(text).toContain('ARG GOPROXY="https://goproxy.cn,direct"\nARG GOSUMDB="sum.golang.google.cn"\n');
    expect(text).toContain('-o /out/api ./cmd/api\n');
    expect(text).toContain('FROM scratch\n');
    expect(text).toContain('EXPOSE 8081\n');
    expect(r.read('Dockerfile.api')).toBeNull();
  });

  it('several mains: "all of them" writes one Dockerfile per main and asks no port', async () => {
    const r = await interactive('multi-cmd', ['\u0000all', '1.23', 'alpine', 'alpine', 'default', 'default', '', 'none', false]);
    expect(r.code).toBe(0);
    expect(r.left).toBe(0);
    expect(r.read('Dockerfile')).toBeNull();
    expect(r.read('Dockerfile.api')).toContain('EXPOSE 8080\n');
    expect(r.read('Dockerfile.worker')).toContain('-o /out/worker ./cmd/worker\n');
  });

  it('GOSUMDB=off only after the confirmation, with the warning in the file', async () => {
    const on = await interactive('hello', ['1.22', 'bookworm', 'distroless', 'default', 'off', true, '', 'none', '', false]);
    expect(on.code).toBe(0);
    expect(on.read('Dockerfile')).toMatch(/# WARNING: checksum verification is OFF[^]*# gomod-fix ignore=gosumdb-off\nARG GOSUMDB="off"\n/);
    const declined = await interactive('hello', ['1.22', 'bookworm', 'distroless', 'goproxy.cn', 'off', false, '', 'none', '', false]);
    expect(declined.code).toBe(0);
    expect(declined.read('Dockerfile')).toContain('ARG GOSUMDB="sum.golang.google.cn"\n');
    expect(declined.read('Dockerfile')).not.toContain('WARNING');
  });

  it('a custom proxy that serves the private modules: GONOPROXY=none and a netrc secret', async () => {
    const r = await interactive('private-deps', [
      '1.23',
      'bookworm',
      'distroless',
      '\u0000custom',
      'https://athens.corp.example.com',
      'default',
      'git.corp.example.com,go.corp.example.com',
      'proxy',
      'netrc',
      '7070',
      false,
    ]);
    expect(r.code).toBe(0);
    expect(r.left).toBe(0);
    const text = r.read('Dockerfile') ?? '';
    expect(text).toContain('ARG GOPROXY="https://athens.corp.example.com"\n');
    expect(text).toContain('ARG GONOPROXY="none"\n');
    expect(text).toContain('RUN --mount=type=secret,id=netrc,target=/root/.netrc,required=true \\\n');
    expect(text).toContain('#   docker build --secret id=netrc,src=$HOME/.netrc -t billing .\n');
  });

  it('the suggested GOPRIVATE with SSH', async () => {
    const r = await interactive('private-deps', ['1.23', 'bookworm', 'distroless', 'default', 'default', 'git.corp.example.com', 'ssh', '7070', false]);
    expect(r.code).toBe(0);
    const text = r.read('Dockerfile') ?? '';
    expect(text).toContain('ARG GOPRIVATE="git.corp.example.com"\n');
    expect(text).toContain('git config --global url."git@git.corp.example.com:".insteadOf "https://git.corp.example.com/"');
    expect(text).toContain('#   docker build --ssh default --secret id=known_hosts,src=$HOME/.ssh/known_hosts -t billing .\n');
  });

  it('the extra questions: packages, platforms, version variable, -p', async () => {
    const r = await interactive('hello', [
      '1.22', 'bookworm', 'distroless', 'default', 'default', '', 'none', '8080',
      true, 'git make', 'linux/amd64,linux/arm64', 'main.version', '2',
    ]);
    expect(r.code).toBe(0);
    expect(r.left).toBe(0);
    const text = r.read('Dockerfile') ?? '';
    expect(text).toContain('--no-install-recommends git make \\\n');
    expect(text).toContain('FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS build\n');
    expect(text).toContain('go build -trimpath -p 2 -ldflags="-s -w -X main.version=${VERSION}"');
  });

  it('asks only what the flags leave open', async () => {
    const r = await interactive('hello', [false], {
      goVersion: '1.23', builder: 'alpine', runtime: 'alpine', proxy: 'aliyun', sumdb: 'sum.golang.google.cn', private: 'none', auth: 'none', port: '9000',
    });
    expect(r.code).toBe(0);
    expect(r.left).toBe(0);
    expect(r.read('Dockerfile')).toContain('FROM golang:1.23-alpine AS build\n');
  });

  it('asks nothing with --yes, even on a terminal', async () => {
    const r = await interactive('hello', ['unused'], { yes: true });
    expect(r.code).toBe(0);
    expect(r.left).toBe(1);
  });

  it('a cancelled question writes nothing and exits 1', async () => {
    const r = await interactive('hello', ['1.22', 'bookworm', new Error('ctrl-c')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cancelled: nothing was written/);
    expect(r.read('Dockerfile')).toBeNull();
    expect(r.read('.dockerignore')).toBeNull();
  });

  it('an answer that slipped past the prompt is still validated (exit 2, nothing written)', async () => {
    const r = await interactive('hello', ['1.22\nRUN id', 'bookworm', 'distroless', 'default', 'default', '', 'none', '8080', false]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--go-version: .* is not a Go version/);
    expect(r.read('Dockerfile')).toBeNull();
  });
});
