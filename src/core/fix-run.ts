import { findTransform, transforms as allTransforms, type Transform } from '../transforms/index.js';
import type { FixSafety, Settings } from '../transforms/transform.js';
import { discover } from './discover.js';
import { processFile, type FileOutcome } from './process-file.js';
import { InputError } from './read-dockerfile.js';
import { writeFileAtomic } from './write-file.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FixRunOptions {
  paths: string[];
  settings: Settings;
  only: string[];
  skip: string[];
  write: boolean;
  unsafeFixes: boolean;
  context: string | null;
}

/** Chooses the transforms from --only/--skip, refusing unknown rule ids. */
export function selectTransforms(only: readonly string[], skip: readonly string[]): Transform[] {
  for (const id of [...only, ...skip]) {
    if (!findTransform(id)) {
      throw new UsageError(`unknown rule "${id}" (see \`gomod-fix rules\`; known: ${allTransforms.map((t) => t.id).join(', ')})`);
    }
  }
  return allTransforms.filter((t) => (only.length === 0 || only.includes(t.id)) && !skip.includes(t.id));
}

/** Runs the codemod over the named paths; writes files only with `write`. */
export function fixRun(options: FixRunOptions): FileOutcome[] {
  const transforms = selectTransforms(options.only, options.skip);
  const apply = new Set<FixSafety>(options.unsafeFixes ? ['safe', 'unsafe'] : ['safe']);
  const { files, errors } = discover(options.paths);
  const outcomes: FileOutcome[] = errors.map((error) => ({
    path: error.path,
    status: 'error' as const,
    findings: [],
    input: '',
    output: '',
    files: [],
    error,
    refused: [],
    loaded: null,
  }));
  for (const path of files) {
    const outcome = processFile(path, { transforms, settings: options.settings, apply, context: options.context });
    if (options.write && outcome.status === 'changed') write(outcome);
    outcomes.push(outcome);
  }
  return outcomes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const writtenOtherFiles = new Set<string>();

function write(outcome: FileOutcome): void {
  try {
    if (outcome.output !== outcome.input) writeFileAtomic(outcome.path, outcome.output, outcome.loaded);
    for (const f of outcome.files) {
      // Two Dockerfiles of one build context propose the same .dockerignore: write it once.
      if (writtenOtherFiles.has(f.path)) continue;
      writeFileAtomic(f.path, f.after, null);
      writtenOtherFiles.add(f.path);
    }
  } catch (error) {
    outcome.status = 'error';
    outcome.error = error instanceof InputError ? error : new InputError(outcome.path, (error as Error).message);
  }
}
