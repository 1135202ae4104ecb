import type { FileOutcome } from '../../core/process-file.js';
import type { Colors } from './colors.js';
import { patchPath, unifiedPatch } from './patch.js';

const SEVERITY_LABEL = { error: 'error', warning: 'warning', info: 'info' } as const;

/** The default human report: per file, the findings (rule id + one-line reason) and a coloured diff. */
export function textReport(outcome: FileOutcome, c: Colors, written: boolean): string {
  const showDiff = !written;
  if (outcome.status === 'error' || outcome.status === 'ignored') return '';
  if (outcome.findings.length === 0 && outcome.status === 'unchanged') return '';
  const lines: string[] = [c.bold(c.underline(outcome.path))];
  for (const f of outcome.findings) {
    const sev = f.severity === 'error' ? c.red(SEVERITY_LABEL.error) : f.severity === 'warning' ? c.yellow(SEVERITY_LABEL.warning) : c.blue(SEVERITY_LABEL.info);
    const state = f.fixed ? c.green(written ? 'fixed' : 'fixable') : f.fix === null ? c.dim('no autofix') : f.fix === 'unsafe' ? c.dim('unsafe fix: --unsafe-fixes') : f.fix === 'display-only' ? c.dim('suggestion') : c.dim('not fixed');
    lines.push(`  ${c.dim(`${f.line}:${f.column}`)}  ${sev}  ${f.message}  ${c.cyan(f.rule)}  ${c.dim('(')}${state}${c.dim(')')}`);
  }
  for (const r of outcome.refused) lines.push(`  ${c.yellow('withheld')} ${r}`);
  let text = lines.join('\n') + '\n';
  if (showDiff && outcome.status === 'changed') {
    text += '\n' + colorDiff(unifiedPatch(outcome.path, outcome.input, outcome.output), c);
    for (const f of outcome.files) text += colorDiff(unifiedPatch(patchPath(f.path, process.cwd()), f.before, f.after), c);
  }
  return text + '\n';
}

function colorDiff(patch: string, c: Colors): string {
  // Without colour every wrapper below is the identity: only the shown carriage returns change.
  if (!c.isColorSupported) return patch.includes('\r') ? patch.replace(/\r(?=\n)/g, c.dim('␍')) : patch;
  return patch
    .split('\n')
    .map((l) => {
      const shown = l.replace(/\r$/, c.dim('␍'));
      if (l.startsWith('+++') || l.startsWith('---') || l.startsWith('diff --git') || l.startsWith('new file')) return c.bold(shown);
      if (l.startsWith('@@')) return c.cyan(shown);
      if (l.startsWith('+')) return c.green(shown);
      if (l.startsWith('-')) return c.red(shown);
      return shown;
    })
    .join('\n');
}
