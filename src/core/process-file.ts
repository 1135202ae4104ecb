import { dirname, resolve } from 'node:path';
import { DirectoryCache, type GoProject } from '../go/project.js';
import type { FileChange, FixSafety, Settings, Transform } from '../transforms/transform.js';
import { DockerfileParseError, runPipeline, type Finding } from './pipeline.js';
import { InputError, readDockerfile, type LoadedFile } from './read-dockerfile.js';

export interface FileOutcome {
  /** As the user named it (relative paths stay relative). */
  path: string;
  status: 'changed' | 'unchanged' | 'ignored' | 'error';
  findings: Finding[];
  input: string;
  output: string;
  /** Other files the fixes create or change. */
  files: FileChange[];
  error: InputError | null;
  /** Fixes withheld because they would have broken the file. */
  refused: string[];
  loaded: LoadedFile | null;
}

export interface ProcessOptions {
  transforms: readonly Transform[];
  settings: Settings;
  apply: ReadonlySet<FixSafety>;
  /** Build context directory; found from each Dockerfile's location when absent. */
  context: string | null;
  /** Directory listings, build contexts and go.mod facts, shared by the files of one sweep. */
  directories?: DirectoryCache;
}

/** The build context's facts: `--context` when given, else found above the Dockerfile; null when unknown. */
function projectFor(path: string, options: ProcessOptions): GoProject | null {
  // Without a sweep's cache, nothing is remembered beyond this file.
  const directories = options.directories ?? new DirectoryCache();
  const dir = options.context === null ? directories.context(dirname(resolve(path))) : options.context;
  return dir === null ? null : directories.project(dir);
}

/** Reads one Dockerfile and runs the pipeline on it. Never throws: problems come back as `error`. */
export function processFile(path: string, options: ProcessOptions): FileOutcome {
  let loaded: LoadedFile | null = null;
  try {
    loaded = readDockerfile(path);
    const result = runPipeline(loaded.text, {
      transforms: options.transforms,
      settings: options.settings,
      project: projectFor(path, options),
      path,
      apply: options.apply,
    });
    return {
      path,
      status: result.ignored ? 'ignored' : result.changed || result.files.length > 0 ? 'changed' : 'unchanged',
      findings: result.findings,
      input: loaded.text,
      output: result.output,
      files: result.files,
      error: null,
      refused: result.refused,
      loaded,
    };
  } catch (error) {
    const inputError =
      error instanceof InputError
        ? error
        : error instanceof DockerfileParseError
          ? new InputError(path, `cannot parse: ${error.message}`, error.line, error.column)
          : new InputError(path, `internal error: ${(error as Error).message} (please report this with the file)`);
    const text = loaded?.text ?? '';
    return { path, status: 'error', findings: [], input: text, output: text, files: [], error: inputError, refused: [], loaded };
  }
}
