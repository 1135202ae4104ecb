import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runPipeline, type PipelineResult } from '../../src/core/pipeline.js';
import { readGoProject } from '../../src/go/project.js';
import { scaffold, type ScaffoldArgs, type ScaffoldIo, type ScaffoldResult } from '../../src/scaffold/run.js';
import { transforms } from '../../src/transforms/index.js';
import type { Settings } from '../../src/transforms/transform.js';
import { repoRoot } from '../helpers.js';

export const examplesDir = join(repoRoot, 'examples');
export const cliPath = join(repoRoot, 'dist', 'cli', 'create-go-dockerfile.js');

/** The example modules this suite owns (examples/legacy-service belongs to the codemod's tests). */
export const EXAMPLES = ['hello', 'multi-cmd', 'workspace', 'local-replace', 'vendored', 'cgo', 'private-deps'] as const;
export type Example = (typeof EXAMPLES)[number];

export function tmp(prefix = 'cgd-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of an example module in a temporary directory (tests never write into examples/). */
export function copyExample(name: Example): string {
  const dir = join(tmp(), name);
  cpSync(join(examplesDir, name), dir, { recursive: true });
  return dir;
}

/** A temporary project from a map of relative paths to contents. */
export function project(files: Record<string, string>): string {
  const dir = tmp();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export function quietIo(interactive = false): ScaffoldIo & { out: PassThrough } {
  const out = new PassThrough();
  return { stdout: out, stderr: new PassThrough(), interactive, promptOutput: new PassThrough(), out };
}

/** Runs the scaffolder in-process with --yes (and --dry-run: nothing is written). */
export async function generate(dir: string, flags: Partial<ScaffoldArgs> = {}): Promise<ScaffoldResult> {
  return scaffold({ dir, yes: true, force: false, dryRun: true, ...flags }, quietIo());
}

export function dockerfiles(result: ScaffoldResult): Array<{ path: string; content: string }> {
  return result.files.filter((f) => f.path.startsWith('Dockerfile'));
}

/** gomod-fix over a generated Dockerfile, every rule, safe fixes applied (what `gomod-fix --check` does). */
export function gomodFix(text: string, dir: string, settings: Settings = { proxy: null, sumdb: null, private: null }): PipelineResult {
  return runPipeline(text, { transforms, settings, project: readGoProject(dir), path: join(dir, 'Dockerfile'), apply: new Set(['safe']) });
}
