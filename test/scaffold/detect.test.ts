import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePackage, detect, type Detection } from '../../src/scaffold/detect.js';
import { analyzeGoFile, evalBuildConstraint, stripComments } from '../../src/scaffold/go-source.js';
import { examplesDir, generate, project } from './helpers.js';

const main = (d: Detection, dir: string) => {
  const m = d.mains.find((x) => x.dir === dir);
  if (!m) throw new Error(`no main ${dir} in ${d.mains.map((x) => x.dir).join(', ')}`);
  return m;
};

describe('detection on the examples', () => {
  it('hello: one main at the root, its port and version variable', () => {
    const d = detect(join(examplesDir, 'hello'));
    expect(d.module).toBe('example.com/hello');
    expect(d.minGoVersion).toBe('1.22');
    expect(d.suggestedGoVersion).toBe('1.22');
    expect(d.mains.map((m) => [m.dir, m.buildPath, m.name])).toEqual([['.', '.', 'hello']]);
    // No go.sum yet: a glob, so the go.sum that comes with the first dependency is in the download layer.
    expect(d.moduleFiles).toEqual([{ dir: '.', files: ['go.mod', 'go.sum*'] }]);
    expect(d.privateHosts).toEqual([]);
    expect(analyzePackage(d, main(d, '.'))).toEqual({
      cgo: false,
      cgoReason: null,
      ports: [8080],
      versionVar: { variable: 'main.version', value: 'dev' },
      loopbackListen: false,
    });
  });

  it('multi-cmd: cmd/* mains (a //go:build ignore generator is not one), the toolchain line as the default', () => {
    const d = detect(join(examplesDir, 'multi-cmd'));
    expect(d.mains.map((m) => m.dir)).toEqual(['cmd/api', 'cmd/worker']);
    expect(d.minGoVersion).toBe('1.23.0');
    expect(d.suggestedGoVersion).toBe('1.23');
    expect(d.moduleFiles).toEqual([{ dir: '.', files: ['go.mod', 'go.sum'] }]);
    expect(analyzePackage(d, main(d, 'cmd/api')).ports).toEqual([8080]);
    expect(analyzePackage(d, main(d, 'cmd/worker')).ports).toEqual([]);
  });

  it('workspace: go.work members, their module files, and mains across members', () => {
    const d = detect(join(examplesDir, 'workspace'));
    expect(d.module).toBeNull();
    expect(d.modules.map((m) => [m.dir, m.path])).toEqual([
      ['api', 'example.com/ws/api'],
      ['lib', 'example.com/ws/lib'],
    ]);
    expect(d.moduleFiles).toEqual([
      { dir: '.', files: ['go.work', 'go.work.sum*'] },
      { dir: 'api', files: ['api/go.mod', 'api/go.sum*'] },
      { dir: 'lib', files: ['lib/go.mod', 'lib/go.sum*'] },
    ]);
    expect(d.mains.map((m) => [m.dir, m.buildPath, m.importPath])).toEqual([['api', './api', 'example.com/ws/api']]);
    expect(d.minGoVersion).toBe('1.23');
  });

  it('local-replace: the replace target is a module whose go.mod is copied before the sources', () => {
    const d = detect(join(examplesDir, 'local-replace'));
    expect(d.localReplaces).toEqual([{ path: 'example.com/shared', dir: 'shared', written: './shared', from: 'go.mod' }]);
    // A replace target's go.sum is never read (the main module's go.sum has its checksums): no glob for it.
    expect(d.moduleFiles).toEqual([
      { dir: '.', files: ['go.mod', 'go.sum'] },
      { dir: 'shared', files: ['shared/go.mod'] },
    ]);
    // example.com is not a public host, but a locally replaced module is not fetched: no GOPRIVATE.
    expect(d.privateHosts).toEqual([]);
  });

  it('vendored: vendor/modules.txt', () => {
    expect(detect(join(examplesDir, 'vendored')).vendored).toBe(true);
  });

  it('cgo: import "C" in the main package', () => {
    const d = detect(join(examplesDir, 'cgo'));
    expect(analyzePackage(d, main(d, '.'))).toMatchObject({ cgo: true, cgoReason: 'main.go imports "C"' });
  });

  it('private-deps: hosts that are not public are suggested for GOPRIVATE, github.com never', () => {
    const d = detect(join(examplesDir, 'private-deps'));
    expect(d.privateHosts).toEqual(['git.corp.example.com', 'go.corp.example.com']);
    expect(d.privateModules).toEqual(['git.corp.example.com/platform/auth', 'go.corp.example.com/libs/log']);
    expect(analyzePackage(d, main(d, '.')).ports).toEqual([7070]);
  });
});

describe('detection edge cases', () => {
  it('skips vendor/, testdata/, _ and . directories, test files, nested modules and non-linux files', () => {
    const dir = project({
      'go.mod': 'module example.com/m\n\ngo 1.23\n',
      'lib.go': 'package m\n',
      'main_test.go': 'package main\n',
      'vendor/example.com/x/main.go': 'package main\n',
      'testdata/tool/main.go': 'package main\n',
      '_old/main.go': 'package main\n',
      '.hidden/main.go': 'package main\n',
      'nested/go.mod': 'module example.com/nested\n',
      'nested/main.go': 'package main\n',
      'winonly/main_windows.go': 'package main\n',
      'tagged/main.go': '//go:build darwin || windows\n\npackage main\n',
      'tools/gen.go': '// +build ignore\n\npackage main\n',
      'cmd/real/main.go': '// Command real.\npackage main\n\nfunc main() {}\n',
    });
    expect(detect(dir).mains.map((m) => m.dir)).toEqual(['cmd/real']);
  });

  it('names two mains with the same directory name after their paths', () => {
    const dir = project({
      'go.mod': 'module example.com/m\n\ngo 1.23\n',
      'cmd/api/main.go': 'package main\n',
      'tools/api/main.go': 'package main\n',
    });
    expect(detect(dir).mains.map((m) => m.name)).toEqual(['cmd-api', 'tools-api']);
  });

  it('names the root main after the module path without its major version suffix', () => {
    const dir = project({ 'go.mod': 'module github.com/acme/widget/v3\n\ngo 1.23\n', 'main.go': 'package main\n' });
    expect(detect(dir).mains[0]?.name).toBe('widget');
  });

  it('follows local imports to find cgo, and ignores cgo files with a pure-Go fallback', () => {
    const dir = project({
      'go.mod': 'module example.com/m\n\ngo 1.23\n',
      'cmd/a/main.go': 'package main\n\nimport (\n\t"fmt"\n\tdb "example.com/m/internal/db"\n)\n\nfunc main() { fmt.Println(db.X) }\n',
      'internal/db/db.go': 'package db\n\n/*\n#include <stdio.h>\n*/\nimport "C"\n\nvar X = 1\n',
      'cmd/b/main.go': 'package main\n\nimport _ "example.com/m/internal/fast"\n\nfunc main() {}\n',
      'internal/fast/fast_cgo.go': '//go:build cgo\n\npackage fast\n\nimport "C"\n',
      'internal/fast/fast_nocgo.go': '//go:build !cgo\n\npackage fast\n',
      'cmd/c/main.go': 'package main\n\nimport _ "github.com/mattn/go-sqlite3"\n\nfunc main() {}\n',
    });
    const d = detect(dir);
    expect(analyzePackage(d, main(d, 'cmd/a'))).toMatchObject({ cgo: true, cgoReason: 'internal/db/db.go imports "C"' });
    expect(analyzePackage(d, main(d, 'cmd/b')).cgo).toBe(false);
    expect(analyzePackage(d, main(d, 'cmd/c'))).toMatchObject({ cgo: true, cgoReason: 'it imports github.com/mattn/go-sqlite3, which needs cgo' });
  });

  it('finds cgo in a vendored dependency', () => {
    const dir = project({
      'go.mod': 'module example.com/m\n\ngo 1.23\n\nrequire example.org/cdep v1.0.0\n',
      'vendor/modules.txt': '# example.org/cdep v1.0.0\n## explicit\nexample.org/cdep\n',
      'vendor/example.org/cdep/c.go': 'package cdep\n\nimport "C"\n',
      'main.go': 'package main\n\nimport _ "example.org/cdep"\n\nfunc main() {}\n',
    });
    const d = detect(dir);
    expect(analyzePackage(d, main(d, '.')).cgoReason).toBe('vendor/example.org/cdep/c.go imports "C"');
  });

  it('takes only plain literal ports, and notices a loopback-only listener', () => {
    const dir = project({
      'go.mod': 'module example.com/m\n\ngo 1.23\n',
      'main.go': [
        'package main',
        'import ("net"; "net/http"; "os")',
        '// http.ListenAndServe(":1111", nil) in a comment does not count',
        'func main() {',
        '\thttp.ListenAndServe(os.Getenv("ADDR"), nil)',
        '\tnet.Listen("tcp", "localhost:9090")',
        '\tgo http.ListenAndServe(":8080", nil)',
        '\t_ = &http.Server{Addr: "0.0.0.0:8443"}',
        '\t_ = ":99999"',
        '}',
      ].join('\n'),
    });
    const d = detect(dir);
    const a = analyzePackage(d, main(d, '.'));
    // localhost:9090 is not exposed: nothing outside the container can reach it.
    expect(a.ports.sort()).toEqual([8080, 8443]);
    expect(a.loopbackListen).toBe(true);
  });

  it('reads go.work members with their own replaces, toolchain lines, and go.work.sum', () => {
    const dir = project({
      'go.work': 'go 1.22\n\ntoolchain go1.23.2\n\nuse ./svc\n',
      'go.work.sum': '',
      'svc/go.mod': 'module example.com/svc\n\ngo 1.22.1\n\nrequire example.com/shared v0.0.0\n\nreplace example.com/shared => ../shared\n',
      'svc/go.sum': '',
      'svc/main.go': 'package main\n\nimport "example.com/shared"\n\nfunc main() { shared.F() }\n',
      'shared/go.mod': 'module example.com/shared\n\ngo 1.21\n',
      'shared/s.go': 'package shared\n\n// #include <stdlib.h>\nimport "C"\n\nfunc F() {}\n',
    });
    const d = detect(dir);
    expect(d.suggestedGoVersion).toBe('1.23');
    expect(d.minGoVersion).toBe('1.22.1');
    expect(d.localReplaces).toEqual([{ path: 'example.com/shared', dir: 'shared', written: '../shared', from: 'svc/go.mod' }]);
    expect(d.moduleFiles).toEqual([
      { dir: '.', files: ['go.work', 'go.work.sum'] },
      { dir: 'svc', files: ['svc/go.mod', 'svc/go.sum'] },
      { dir: 'shared', files: ['shared/go.mod'] },
    ]);
    expect(d.mains.map((m) => m.dir)).toEqual(['svc']);
    expect(analyzePackage(d, main(d, 'svc')).cgoReason).toBe('shared/s.go imports "C"');
  });

  it('refuses a replace target outside the build context, saying what to do', async () => {
    const dir = project({
      'go.mod': 'module example.com/m\n\ngo 1.23\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n',
      'main.go': 'package main\n\nfunc main() {}\n',
    });
    await expect(generate(dir)).rejects.toThrow(/points outside .* build context.*go\.work/s);
  });

  it('says so when there is no package main at all', async () => {
    const dir = project({ 'go.mod': 'module example.com/lib\n\ngo 1.23\n', 'lib.go': 'package lib\n' });
    await expect(generate(dir)).rejects.toThrow(/no `package main`/);
  });

  it('skips a main package whose directory name is unsafe in a Dockerfile, and says why', async () => {
    const dir = project({
      'go.mod': 'module example.com/m\n\ngo 1.23\n',
      'cmd/my app/main.go': 'package main\n\nfunc main() {}\n',
      'cmd/ok/main.go': 'package main\n\nfunc main() {}\n',
    });
    const d = detect(dir);
    expect(d.mains.map((m) => m.dir)).toEqual(['cmd/ok']);
    expect(d.skippedMains).toEqual([{ dir: 'cmd/my app', reason: expect.stringMatching(/not safe in a Dockerfile/) }]);
    const result = await generate(dir);
    expect(result.warnings.join('\n')).toMatch(/skipped the main package in "cmd\/my app"/);
  });
});

describe('Go source reading', () => {
  it('strips comments but not comment-like text in strings', () => {
    const src = 'a := "// not a comment" /* gone */ + `/* raw */` // gone\nb := \'/\'';
    expect(stripComments(src)).toBe('a := "// not a comment"            + `/* raw */`        \nb := \'/\'');
  });

  it('evaluates build constraints for a linux build', () => {
    expect(evalBuildConstraint('linux && amd64', false)).toBe(true);
    expect(evalBuildConstraint('!windows', false)).toBe(true);
    expect(evalBuildConstraint('darwin || (linux && !cgo)', false)).toBe(true);
    expect(evalBuildConstraint('darwin || (linux && !cgo)', true)).toBe(false);
    expect(evalBuildConstraint('ignore', true)).toBe(false);
    expect(evalBuildConstraint('go1.21 && unix', false)).toBe(true);
    expect(evalBuildConstraint('integration', true)).toBe(false);
  });

  it('reads imports in every form, ignoring commented-out ones', () => {
    const facts = analyzeGoFile(
      'x.go',
      'package x\n\nimport "fmt"\nimport (\n\tstdlog "log"\n\t_ "embed"\n\t. "strings"\n\t// "commented/out"\n)\nimport "C"\n\nfunc f() { _ = "import \\"nope\\"" }\n',
    );
    expect(facts.imports).toEqual(['fmt', 'log', 'embed', 'strings', 'C']);
    expect(facts.importsC).toBe(true);
  });

  it('reads a version variable from a var block, with its literal default', () => {
    expect(analyzeGoFile('v.go', 'package main\n\nvar (\n\tcommit  string\n\tversion = "0.3.1"\n)\n').versionVar).toEqual({ name: 'version', value: '0.3.1' });
    expect(analyzeGoFile('v.go', 'package main\n\nvar Version string\n').versionVar).toEqual({ name: 'Version', value: null });
    expect(analyzeGoFile('v.go', 'package main\n\nfunc f() { version := "x"; _ = version }\n').versionVar).toBeNull();
  });
});

describe('workspace members must be inside the build context', () => {
  it('refuses `use ../x` with what to do', async () => {
    const dir = project({
      'go.work': 'go 1.23\n\nuse (\n\t./app\n\t../outside\n)\n',
      'app/go.mod': 'module example.com/app\n\ngo 1.23\n',
      'app/main.go': 'package main\n\nfunc main() {}\n',
    });
    await expect(generate(dir)).rejects.toThrow(/`use \.\.\/outside` is outside the build context/);
  });
});
