import { expect, it, describe } from 'vitest';
import { runPipeline, type PipelineResult } from '../../src/core/pipeline.js';
import { parseGoMod, parseGoWork } from '../../src/go/gomod.js';
import type { GoProject } from '../../src/go/project.js';
import type { FixSafety, Settings, Transform } from '../../src/transforms/transform.js';

/** A build context for tests, from file contents (no disk). */
export function project(files: {
  dir?: string;
  goMod?: string;
  goSum?: boolean;
  goWork?: string;
  members?: Record<string, string | { goMod: string; goSum?: boolean }>;
  vendored?: boolean;
  dockerignore?: string;
}): GoProject {
  const dir = files.dir ?? '/ctx';
  return {
    dir,
    goMod: files.goMod === undefined ? null : parseGoMod(files.goMod),
    hasGoSum: files.goSum ?? files.goMod !== undefined,
    goWork: files.goWork === undefined ? null : parseGoWork(files.goWork),
    members: Object.entries(files.members ?? {}).map(([memberDir, m]) => {
      const goMod = typeof m === 'string' ? m : m.goMod;
      return { dir: memberDir, goMod: parseGoMod(goMod), hasGoSum: typeof m === 'string' ? true : m.goSum ?? true };
    }),
    vendored: files.vendored ?? false,
    dockerignore: files.dockerignore === undefined ? null : { path: `${dir}/.dockerignore`, content: files.dockerignore },
  };
}

export const noSettings: Settings = { proxy: null, sumdb: null, private: null };

export interface Case {
  name?: string;
  code: string;
  settings?: Partial<Settings>;
  project?: GoProject | null;
  /** Also apply unsafe fixes. */
  unsafe?: boolean;
}

export interface InvalidCase extends Case {
  /** Expected output; `null` asserts "reported, not fixed" (the file must not change). */
  output: string | null;
  /** Expected findings of this rule: 1-based line, and a message pattern. */
  errors: Array<{ line: number; message?: RegExp | string }>;
}

export function run(transform: Transform | readonly Transform[], c: Case): PipelineResult {
  const list = Array.isArray(transform) ? transform : [transform as Transform];
  const apply = new Set<FixSafety>(c.unsafe ? ['safe', 'unsafe'] : ['safe']);
  return runPipeline(c.code, {
    transforms: list,
    settings: { ...noSettings, ...c.settings },
    project: c.project === undefined ? null : c.project,
    path: null,
    apply,
  });
}

const label = (c: Case): string => c.name ?? c.code.split('\n').find((l) => /^\s*(RUN|COPY|FROM|ARG|ENV)/.test(l) && !/^FROM/.test(l))?.trim() ?? c.code.slice(0, 60);

/**
 * ESLint's RuleTester, for transforms: `valid` inputs produce no finding and no change; each
 * `invalid` input produces exactly the listed findings and exactly `output` (a fix the test did
 * not declare fails it), and fixing its output again changes nothing.
 */
export function ruleTester(transform: Transform, cases: { valid: Array<string | Case>; invalid: InvalidCase[] }): void {
  describe(transform.id, () => {
    describe('valid', () => {
      for (const v of cases.valid) {
        const c = typeof v === 'string' ? { code: v } : v;
        it(label(c), () => {
          const result = run(transform, c);
          expect(result.findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
          expect(result.output).toBe(c.code);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(label(c), () => {
          const result = run(transform, c);
          const found = result.findings.filter((f) => f.rule === transform.id);
          expect(found.map((f) => f.line)).toEqual(c.errors.map((e) => e.line));
          c.errors.forEach((e, k) => {
            if (e.message !== undefined) expect(found[k]!.message).toMatch(e.message);
          });
          expect(result.output).toBe(c.output ?? c.code);
          if (c.output !== null) {
            const again = run(transform, { ...c, code: result.output });
            expect(again.output).toBe(result.output);
          }
        });
      }
    });
  });
}
