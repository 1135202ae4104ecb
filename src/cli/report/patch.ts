import { structuredPatch } from 'diff';

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
