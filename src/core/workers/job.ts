import { realpathSync } from 'node:fs';
import pc from 'picocolors';
import { unifiedPatch, patchPath } from '../../cli/report/patch.js';
import { textReport } from '../../cli/report/text.js';
import { DirectoryCache } from '../../go/project.js';
import { transforms as allTransforms, type Transform } from '../../transforms/index.js';
import type { FixSafety, Settings } from '../../transforms/transform.js';
import { processFile, type FileOutcome, type ProcessOptions } from '../process-file.js';
import { InputError } from '../read-dockerfile.js';
import { writeFileAtomic } from '../write-file.js';

/**
 * A report fragment rendered where the file was processed (in parallel), so the main thread only
 * concatenates: the text report of the file, or the patch of the Dockerfile itself (other files
 * are shared between Dockerfiles and are added by the main thread, once each).
 */
export type RenderSpec = { kind: 'text'; color: boolean; written: boolean } | { kind: 'patch'; root: string };

/** What every lane (the main thread or a worker) needs to process files: plain data, cloneable. */
export interface JobSpec {
  /** Selected rule ids, in registry order. */
  rules: string[];
  settings: Settings;
  apply: FixSafety[];
  context: string | null;
  /** Write each changed Dockerfile where it was processed. Other files are the main thread's job. */
  write: boolean;
  render: RenderSpec | null;
  /** Keep each file's input and output text in its outcome (false: drop them once rendered and written). */
  keepText: boolean;
  /**
   * Keep every finding, the withheld fixes and the other files' texts (default true). False when
   * the report needs none of them (rendered already, or only names and the exit code): each
   * outcome then keeps only the findings that decide the exit code (error-level, not fixed), and
   * its other files only when they are to be written. Less to copy back from a worker (the
   * findings were about 40% of the bytes of a text sweep) and less for the heap to hold.
   */
  keepDetails?: boolean;
}

/** A FileOutcome with its report fragment, when the job asked for one. */
export interface SweepOutcome extends FileOutcome {
  rendered?: string;
}

export function processOptions(spec: JobSpec): ProcessOptions {
  const wanted = new Set(spec.rules);
  const transforms: Transform[] = allTransforms.filter((t) => wanted.has(t.id));
  return { transforms, settings: spec.settings, apply: new Set(spec.apply), context: spec.context, directories: new DirectoryCache() };
}

const palettes = new Map<boolean, ReturnType<typeof pc.createColors>>();
/** One palette per setting: the single-thread sweep calls processPaths once per file. */
function colorsOf(color: boolean): ReturnType<typeof pc.createColors> {
  let palette = palettes.get(color);
  if (!palette) {
    palette = pc.createColors(color);
    palettes.set(color, palette);
  }
  return palette;
}

/** Processes files in order; writes, renders and trims each outcome as the spec says. Never throws. */
export function processPaths(paths: readonly string[], spec: JobSpec, options: ProcessOptions = processOptions(spec)): SweepOutcome[] {
  const outcomes: SweepOutcome[] = [];
  const colors = spec.render?.kind === 'text' ? colorsOf(spec.render.color) : null;
  for (const path of paths) {
    const outcome: SweepOutcome = processFile(path, options);
    if (spec.write && outcome.status === 'changed' && outcome.output !== outcome.input) writeDockerfile(outcome);
    if (spec.render?.kind === 'text' && colors) outcome.rendered = textReport(outcome, colors, spec.render.written);
    else if (spec.render?.kind === 'patch') outcome.rendered = outcome.status === 'changed' ? unifiedPatch(patchPath(outcome.path, spec.render.root), outcome.input, outcome.output) : '';
    if (!spec.keepText) {
      outcome.input = '';
      outcome.output = '';
      outcome.loaded = null;
    }
    if (spec.keepDetails === false) {
      outcome.findings = outcome.findings.filter((f) => f.severity === 'error' && !f.fixed);
      outcome.refused = [];
      if (!spec.write) outcome.files = [];
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * Rewrites the Dockerfile of an outcome; a failure turns the outcome into an error. A Dockerfile
 * named through a symbolic link is written at the link's target, so the link stays a link.
 */
export function writeDockerfile(outcome: FileOutcome): void {
  try {
    let target = outcome.path;
    try {
      target = realpathSync(outcome.path);
    } catch {
      // writeFileAtomic reports the missing file.
    }
    writeFileAtomic(target, outcome.output, outcome.loaded && { ...outcome.loaded, path: target });
  } catch (error) {
    fail(outcome, error);
  }
}

export function fail(outcome: FileOutcome, error: unknown): void {
  outcome.status = 'error';
  outcome.error = error instanceof InputError ? new InputError(outcome.path, error.message, error.line, error.column) : new InputError(outcome.path, (error as Error).message);
}
