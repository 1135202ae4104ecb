/**
 * Human checklist and JSON renderings of a DoctorReport. Pure: colour is decided by the caller.
 */

import { createColors } from 'picocolors';
import type { CheckStatus, DoctorReport, Target } from './types.js';

export function renderJson(report: DoctorReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** Colour only on a TTY and only when NO_COLOR is unset or empty (https://no-color.org). */
export function useColor(isTTY: boolean | undefined, env: Record<string, string | undefined>): boolean {
  return isTTY === true && (env['NO_COLOR'] === undefined || env['NO_COLOR'] === '');
}

const MARK: Record<CheckStatus, string> = { ok: '✔', warn: '!', failed: '✖', skipped: '-' };

function ms(n: number | null): string {
  return n === null ? '' : `${n} ms`;
}

export function renderText(report: DoctorReport, color: boolean): string {
  const c = createColors(color);
  const paint: Record<CheckStatus, (s: string) => string> = { ok: c.green, warn: c.yellow, failed: c.red, skipped: c.dim };
  const out: string[] = [];

  out.push(c.bold('gomod-fix doctor: can go mod download reach what it needs?'));
  out.push('');
  out.push(c.bold('Settings'));
  const width = Math.max(...report.settings.map((s) => s.name.length), 6);
  for (const s of report.settings) out.push(`  ${s.name.padEnd(width)}  ${s.value}  ${c.dim(`(${s.source}: ${s.origin})`)}`);
  out.push(`  ${'module'.padEnd(width)}  ${report.module}  ${c.dim(`timeout ${report.timeoutMs} ms per step`)}`);

  const printedFixes = new Set<string>();
  for (const t of report.targets) {
    if (t.checks.length === 0 && t.notes.length === 0) continue;
    out.push('');
    out.push(targetTitle(t, c.bold));
    for (const n of t.notes) out.push(`  ${c.dim(n)}`);
    for (const ch of t.checks) {
      const time = ms(ch.ms);
      out.push(`  ${paint[ch.status](MARK[ch.status])} ${ch.label}  ${ch.status === 'ok' || ch.status === 'skipped' ? c.dim(ch.detail) : paint[ch.status](ch.detail)}${time ? `  ${c.dim(time)}` : ''}`);
      if (ch.advice && (ch.status === 'failed' || ch.status === 'warn')) {
        if (ch.advice.cause !== ch.detail) out.push(`      ${c.dim('cause:')} ${ch.advice.cause}`);
        // Concise: a fix line already printed for an earlier check is not repeated.
        const fresh = ch.advice.fix.filter((f) => !printedFixes.has(f));
        const repeated = fresh.length < ch.advice.fix.length;
        const lines = repeated ? [...fresh, c.dim(fresh.length > 0 ? '(and the fixes above)' : 'as above')] : fresh;
        lines.forEach((f, i) => out.push(`      ${c.dim(i === 0 ? 'fix:  ' : '      ')} ${f}`));
        for (const f of ch.advice.fix) printedFixes.add(f);
      }
    }
  }

  const s = report.summary;
  out.push('');
  const parts = [c.green(`${s.ok} ok`), c.yellow(`${s.warn} warning${s.warn === 1 ? '' : 's'}`), c.red(`${s.failed} failed`)];
  if (s.skipped > 0) parts.push(c.dim(`${s.skipped} skipped`));
  out.push(`${c.bold('Result:')} ${parts.join(', ')}${report.ok ? '' : c.red('  (exit 1)')}`);
  out.push('');
  out.push(c.bold('See more:'));
  for (const m of report.more) out.push(`  ${m}`);
  return out.join('\n') + '\n';
}

function targetTitle(t: Target, bold: (s: string) => string): string {
  const role = t.role === 'used' ? ' [used]' : t.role === 'fell-through' ? ' [falls through]' : t.role === 'stopped' ? ' [go stops here]' : t.role === 'not-reached' ? ' [not reached]' : '';
  return bold(t.title) + role;
}
