import { isAbsolute, relative, resolve, sep } from 'node:path';
import { structuredPatch } from 'diff';
import type { FileOutcome } from '../../core/process-file.js';

/**
 * A unified diff of one file with git's headers (`diff --git a/.. b/..`), so the output applies
 * with `git apply` and `patch -p1`. `before === null` makes a new-file patch.
 */
export function unifiedPatch(path: string, before: string | null, after: string): string {
  const name = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const hunks = structuredPatch(`a/${name}`, `b/${name}`, before ?? '', after, '', '', { context: 3 }).hunks;
  if (hunks.length === 0) return '';
  const out: string[] = [`diff --git a/${name} b/${name}`];
  if (before === null) out.push('new file mode 100644', '--- /dev/null');
  else out.push(`--- a/${name}`);
  out.push(`+++ b/${name}`);
  for (const h of hunks) {
    const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    out.push(`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`);
    out.push(...h.lines);
  }
  return out.join('\n') + '\n';
}

/**
 * One patch for a whole sweep, with paths relative to `root` (the directory gomod-fix ran in), so
 * `git apply` run there takes it. Each changed Dockerfile is followed by the other files its fixes
 * touch; a file shared by several Dockerfiles (one build context's `.dockerignore`) appears once,
 * as --write writes it once (the first proposal in path order).
 */
export function sweepPatch(outcomes: readonly FileOutcome[], root: string): string {
  const seen = new Set<string>();
  let out = '';
  for (const o of outcomes) {
    if (o.status !== 'changed') continue;
    // Rendered where the file was processed (see JobSpec.render), or here.
    out += (o as { rendered?: string }).rendered ?? unifiedPatch(patchPath(o.path, root), o.input, o.output);
    for (const f of o.files) {
      const key = resolve(root, f.path);
      if (seen.has(key)) continue;
      seen.add(key);
      out += unifiedPatch(patchPath(f.path, root), f.before, f.after);
    }
  }
  return out;
}

/** A path relative to `root`, `/`-separated; one outside it stays absolute (git apply refuses those). */
export function patchPath(path: string, root: string): string {
  const abs = resolve(root, path);
  const rel = relative(root, abs);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return abs.split(sep).join('/');
  return rel.split(sep).join('/');
}
