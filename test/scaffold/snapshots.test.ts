/**
 * Snapshots of what the scaffolder writes for the example modules and a spread of options. Each
 * snapshot is a complete Dockerfile under test/snapshots/scaffold/, reviewed like code: a change
 * to a template shows up here as a diff.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScaffoldArgs } from '../../src/scaffold/run.js';
import { copyExample, dockerfiles, generate, type Example } from './helpers.js';

interface Case {
  name: string;
  example: Example;
  flags?: Partial<ScaffoldArgs>;
}

const cases: Case[] = [
  // Every example with --yes: the detected defaults.
  { name: 'hello.default', example: 'hello' },
  { name: 'multi-cmd.all', example: 'multi-cmd' },
  { name: 'workspace.default', example: 'workspace' },
  { name: 'local-replace.default', example: 'local-replace' },
  { name: 'vendored.default', example: 'vendored' },
  { name: 'cgo.default', example: 'cgo' },
  { name: 'private-deps.default', example: 'private-deps' },
  // Builders and runtimes.
  { name: 'hello.alpine-alpine', example: 'hello', flags: { builder: 'alpine', runtime: 'alpine' } },
  { name: 'hello.scratch', example: 'hello', flags: { runtime: 'scratch' } },
  { name: 'hello.debian-slim', example: 'hello', flags: { runtime: 'debian-slim', versionVar: 'none' } },
  { name: 'cgo.alpine-alpine', example: 'cgo', flags: { builder: 'alpine', runtime: 'alpine', packages: ['sqlite-dev'] } },
  { name: 'cgo.debian-slim-apt', example: 'cgo', flags: { runtime: 'debian-slim', packages: ['libsqlite3-dev', 'pkg-config'] } },
  // Proxy and checksum database.
  { name: 'hello.goproxy-cn', example: 'hello', flags: { proxy: 'goproxy.cn' } },
  { name: 'hello.aliyun-custom-sumdb', example: 'hello', flags: { proxy: 'aliyun', sumdb: 'sum.golang.org https://sum.golang.google.cn' } },
  {
    name: 'hello.corporate-proxy-sumdb-off',
    example: 'hello',
    flags: { proxy: 'https://athens.corp.example.com|https://proxy.golang.org,direct', sumdb: 'off', allowSumdbOff: true },
  },
  // Private modules and auth.
  { name: 'private-deps.token', example: 'private-deps', flags: { auth: 'token' } },
  { name: 'private-deps.netrc', example: 'private-deps', flags: { auth: 'netrc', private: 'git.corp.example.com/platform/*' } },
  { name: 'private-deps.alpine-ssh', example: 'private-deps', flags: { builder: 'alpine', auth: 'ssh', private: 'git.corp.example.com' } },
  {
    name: 'private-deps.proxy-serves-private',
    example: 'private-deps',
    flags: { proxy: 'https://goproxy.corp.example.com', privateVia: 'proxy', auth: 'netrc' },
  },
  { name: 'private-deps.no-private', example: 'private-deps', flags: { private: 'none', auth: 'none', port: 'none' } },
  // Build details.
  {
    name: 'hello.cross-compile',
    example: 'hello',
    flags: { platforms: ['linux/amd64,linux/arm64', 'linux/arm/v7'], buildParallelism: '2', runtime: 'scratch' },
  },
  { name: 'hello.packages-ports-version', example: 'hello', flags: { packages: ['git', 'make'], port: '8080,9090', versionVar: 'main.version' } },
  { name: 'multi-cmd.one-main', example: 'multi-cmd', flags: { main: './cmd/worker/', binary: 'shop-worker', goVersion: '1.24' } },
  { name: 'workspace.alpine-token', example: 'workspace', flags: { builder: 'alpine', private: 'example.com/ws', auth: 'token' } },
  { name: 'local-replace.goproxy-io-parallel', example: 'local-replace', flags: { proxy: 'goproxy.io', buildParallelism: '4', goVersion: '1.22.5' } },
];

describe('generated Dockerfiles', () => {
  it('covers at least 15 option combinations and every example', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(new Set(cases.map((c) => c.example)).size).toBe(7);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const result = await generate(copyExample(c.example), c.flags);
      const files = dockerfiles(result);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const suffix = files.length > 1 ? `.${f.path}` : '';
        await expect(f.content).toMatchFileSnapshot(`../snapshots/scaffold/${c.name}${suffix}.Dockerfile`);
      }
    });
  }
});

describe('generated .dockerignore', () => {
  it('is complete for a module without one', async () => {
    const result = await generate(copyExample('hello'));
    const ignore = result.files.find((f) => f.path === '.dockerignore');
    await expect(ignore?.content).toMatchFileSnapshot('../snapshots/scaffold/hello.dockerignore');
  });

  it('keeps an existing one and appends only what it lacks', async () => {
    const dir = copyExample('multi-cmd');
    writeFileSync(join(dir, '.dockerignore'), '# ours\n.git/\n*.md\n!README.md\n/bin\n!.env.example\n');
    const result = await generate(dir);
    const ignore = result.files.find((f) => f.path === '.dockerignore');
    expect(ignore?.before).toContain('# ours');
    expect(ignore?.content.startsWith('# ours\n.git/\n*.md\n!README.md\n/bin\n!.env.example\n')).toBe(true);
    await expect(ignore?.content).toMatchFileSnapshot('../snapshots/scaffold/multi-cmd.merged.dockerignore');
  });
});
