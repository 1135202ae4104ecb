import { findBuildContext, readGoProject, type GoProject } from '../go/project.js';
import { transforms } from '../transforms/index.js';
import type { StaticFinding } from '../doctor/types.js';
import { runPipeline } from './pipeline.js';

function projectOf(path: string): GoProject | null {
  const dir = findBuildContext(path);
  return dir === null ? null : readGoProject(dir);
}

/** Runs every rule read-only over a Dockerfile, with its build context, for `gomod-fix doctor`. */
export function staticCheck(path: string, text: string): StaticFinding[] {
  const result = runPipeline(text, {
    transforms,
    settings: { proxy: null, sumdb: null, private: null },
    project: projectOf(path),
    path,
    apply: new Set(),
  });
  return result.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    line: f.line,
    message: f.message,
    ...(f.fix === 'safe' || f.fix === 'unsafe' ? { fix: `gomod-fix --write${f.fix === 'unsafe' ? ' --unsafe-fixes' : ''} --only ${f.rule} ${path}` } : {}),
  }));
}
