/**
 * The scaffolder and the codemod agree: every Dockerfile the scaffolder can write passes gomod-fix
 * (all rules, safe fixes applied) with no change, no new file and no finding at all, over the whole
 * option matrix. Run with no settings, and with the settings the same flags give gomod-fix.
 */
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/core/pipeline.js';
import { readGoProject } from '../../src/go/project.js';
import { resolvePrivate, resolveProxy, resolveSumdb } from '../../src/go/proxy.js';
import type { ScaffoldArgs } from '../../src/scaffold/run.js';
import { ScaffoldError } from '../../src/scaffold/validate.js';
import { transforms } from '../../src/transforms/index.js';
import type { Settings } from '../../src/transforms/transform.js';
import { copyExample, dockerfiles, EXAMPLES, generate } from './helpers.js';

const BUILDERS = ['bookworm', 'alpine'];
const RUNTIMES = ['distroless', 'alpine', 'scratch', 'debian-slim'];
const AUTH: Array<Partial<ScaffoldArgs>> = [
  { auth: 'none' },
  { auth: 'ssh', private: 'git.corp.example.com' },
  { auth: 'netrc' },
  { auth: 'token', private: 'git.corp.example.com/*,*.corp.example.com' },
  { auth: 'netrc', proxy: 'https://athens.corp.example.com', private: 'git.corp.example.com', privateVia: 'proxy' },
];
const SUMDB: Array<Partial<ScaffoldArgs>> = [{}, { sumdb: 'sum.golang.google.cn' }, { sumdb: 'off', allowSumdbOff: true }];
const PLATFORMS: Array<string[] | undefined> = [undefined, ['linux/amd64,linux/arm64,linux/arm/v7']];
// Rotated through the product above, so each value meets every builder and runtime.
const PROXIES = ['default', 'goproxy.cn', 'aliyun', 'https://goproxy.corp.example.com|https://proxy.golang.org,direct'];
const EXTRAS: Array<Partial<ScaffoldArgs>> = [
  {},
  { versionVar: 'main.version', buildParallelism: '3' },
  { packages: ['make'], port: '8080,9090' },
  { versionVar: 'none', port: 'none', cgo: false },
];

function matrix(): Array<Partial<ScaffoldArgs>> {
  const out: Array<Partial<ScaffoldArgs>> = [];
  let i = 0;
  for (const builder of BUILDERS)
    for (const runtime of RUNTIMES)
      for (const auth of AUTH)
        for (const sumdb of SUMDB)
          for (const platforms of PLATFORMS) {
            const extra = EXTRAS[i % EXTRAS.length] as Partial<ScaffoldArgs>;
            out.push({ builder, runtime, proxy: PROXIES[i % PROXIES.length], ...auth, ...sumdb, ...extra, ...(platforms ? { platforms } : {}) });
            i++;
          }
  return out;
}

/** Why the scaffolder may refuse a combination: only for cgo, whose binary needs a matching libc and no cross-compiling. */
const ALLOWED_REFUSAL = /cgo binary needs the C library|cross-compiling a cgo binary/;

describe('every generated Dockerfile passes gomod-fix unchanged', () => {
  const cases = matrix();

  it('the matrix is the full product of builders, runtimes, auth modes, checksum databases and platforms', () => {
    expect(cases.length).toBe(BUILDERS.length * RUNTIMES.length * AUTH.length * SUMDB.length * PLATFORMS.length);
  });

  for (const example of EXAMPLES) {
    it(`${example}: ${cases.length} option combinations`, async () => {
      const dir = copyExample(example);
      const failures: string[] = [];
      let generated = 0;
      let refused = 0;
      for (const flags of cases) {
        const label = JSON.stringify(flags);
        let result;
        try {
          result = await generate(dir, flags);
        } catch (error) {
          if (error instanceof ScaffoldError && ALLOWED_REFUSAL.test(error.message)) {
            refused++;
            continue;
          }
          failures.push(`${label}: scaffolder threw ${(error as Error).message}`);
          continue;
        }
        // gomod-fix sees the project as it will be: with the .dockerignore written next to the Dockerfile.
        const project = readGoProject(dir);
        const ignore = result.files.find((f) => f.path === '.dockerignore');
        if (ignore) project.dockerignore = { path: `${dir}/.dockerignore`, content: ignore.content };
        // What `gomod-fix --proxy X --sumdb Y --private Z` passes, given the same values as the scaffolder.
        const settingsList: Settings[] = [
          { proxy: null, sumdb: null, private: null },
          {
            proxy: flags.proxy ? resolveProxy(flags.proxy) : null,
            sumdb: flags.sumdb ? resolveSumdb(flags.sumdb) : null,
            private: flags.private && example !== 'vendored' ? resolvePrivate(flags.private) : null,
          },
        ];
        for (const file of dockerfiles(result)) {
          generated++;
          for (const settings of settingsList) {
            const r = runPipeline(file.content, { transforms, settings, project, path: `${dir}/${file.path}`, apply: new Set(['safe']) });
            const problems = [
              ...(r.changed ? ['changed'] : []),
              ...r.files.map((f) => `would write ${f.path}`),
              ...r.refused,
              ...r.findings.map((f) => `${f.severity} ${f.rule} line ${f.line}: ${f.message}`),
            ];
            if (problems.length > 0) failures.push(`${label} ${file.path} settings=${JSON.stringify(settings)}:\n    ${problems.join('\n    ')}`);
          }
        }
      }
      expect(generated).toBeGreaterThan(0);
      // Only cgo narrows the matrix (a libc-matching runtime, no cross-compiling).
      if (example !== 'cgo') expect(refused).toBe(0);
      else expect(refused).toBeLessThan(cases.length);
      expect(failures.slice(0, 10)).toEqual([]);
    }, 120_000);
  }
});
