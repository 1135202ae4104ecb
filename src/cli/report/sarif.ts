import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diffLines } from 'diff';
import type { FileOutcome } from '../../core/process-file.js';
import type { Severity, Transform } from '../../transforms/transform.js';

/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), the format code-scanning UIs read.
 *
 * - `tool.driver.rules`: every rule of the run with its title, what it does, help (the rule's doc
 *   block as text and markdown, the same as `gomod-fix explain`) and default level.
 * - `results`: one per finding, with the region in the original file (1-based lines, columns in
 *   UTF-16 code units, SARIF's default `columnKind`). Artifact URIs are relative to the sweep root
 *   (the directory gomod-fix ran in, `%SRCROOT%` in `originalUriBaseIds`); a file outside it gets
 *   an absolute `file:` URI.
 * - `fixes`: the pipeline applies a file's fixes together and re-parses between rules, so edits
 *   cannot be traced back to one finding. Each changed file therefore gets ONE fix, a file-level
 *   change set computed from the line diff between input and output (plus any `.dockerignore` it
 *   creates or changes), attached to the file's first result whose finding the output fixes.
 *   Applying that fix fixes every finding marked `"fixed": true` in its properties.
 * - Files that could not be read or parsed are tool execution notifications (errors), and
 *   `executionSuccessful` is false when there are any.
 */
export interface SarifOptions {
  transforms: readonly Transform[];
  version: string;
  /** Absolute directory artifact URIs are relative to. */
  root: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const SRCROOT = '%SRCROOT%';

export function sarifReport(outcomes: readonly FileOutcome[], options: SarifOptions): object {
  const ruleIndex = new Map(options.transforms.map((t, i) => [t.id, i]));
  const results: object[] = [];
  const notifications: object[] = [];
  for (const o of outcomes) {
    const location = artifactLocation(o.path, options.root);
    if (o.error) {
      notifications.push({
        level: 'error',
        message: { text: o.error.message },
        locations: [{ physicalLocation: { artifactLocation: location, ...(o.error.line === null ? {} : { region: { startLine: o.error.line, ...(o.error.column === null ? {} : { startColumn: o.error.column }) } }) } }],
      });
      continue;
    }
    let fix: object | null = o.status === 'changed' ? fileFix(o, options.root) : null;
    for (const f of o.findings) {
      const index = ruleIndex.get(f.rule);
      const result: Record<string, unknown> = {
        ruleId: f.rule,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
            },
          },
        ],
        properties: { fix: f.fix, fixed: f.fixed },
      };
      if (fix && f.fixed) {
        result.fixes = [fix];
        fix = null;
      }
      results.push(result);
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gomod-fix',
            fullName: 'gomod-fix (create-go-dockerfile)',
            version: options.version,
            semanticVersion: options.version,
            informationUri: 'https://www.npmjs.com/package/create-go-dockerfile',
            rules: options.transforms.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: dirUri(options.root) } },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function ruleDescriptor(t: Transform): object {
  const fix = t.fixSafety === null ? 'reported only (no automatic fix)' : `${t.fixSafety} fix`;
  const text = [
    t.title,
    '',
    `What it does: ${t.docs.what}`,
    '',
    `Why: ${t.docs.why}`,
    '',
    'Before:',
    t.docs.before,
    'After:',
    t.docs.after,
    `Fix safety (${fix}): ${t.docs.fixSafety}`,
    '',
    `Suppress with \`# gomod-fix ignore=${t.id}\` on the line above an instruction.`,
  ].join('\n');
  const fence = (s: string): string => '```dockerfile\n' + s.replace(/\n$/, '') + '\n```';
  const markdown = [
    `**${t.title}**`,
    '',
    '### What it does',
    t.docs.what,
    '',
    '### Why',
    t.docs.why,
    '',
    '### Example',
    'Before:',
    fence(t.docs.before),
    '',
    'After:',
    fence(t.docs.after),
    '',
    `### Fix safety: ${fix}`,
    t.docs.fixSafety,
    '',
    `Suppress with \`# gomod-fix ignore=${t.id}\` on the line above an instruction; \`gomod-fix explain ${t.id}\` prints this.`,
  ].join('\n');
  return {
    id: t.id,
    name: t.id,
    shortDescription: { text: t.title },
    fullDescription: { text: t.docs.what },
    help: { text, markdown },
    defaultConfiguration: { level: LEVEL[t.severity] },
    properties: { fixSafety: t.fixSafety, tags: ['dockerfile', 'go'] },
  };
}

function fileFix(o: FileOutcome, root: string): object {
  const changes: object[] = [];
  if (o.output !== o.input) changes.push({ artifactLocation: artifactLocation(o.path, root), replacements: replacements(o.input, o.output) });
  for (const f of o.files) changes.push({ artifactLocation: artifactLocation(f.path, root), replacements: replacements(f.before ?? '', f.after) });
  const rules = [...new Set(o.findings.filter((f) => f.fixed).map((f) => f.rule))];
  return { description: { text: `Apply gomod-fix's fixes to this file (${rules.join(', ')}); \`gomod-fix --write\` does the same.` }, artifactChanges: changes };
}

/**
 * The line diff between two texts as SARIF replacements, each region in the ORIGINAL text given
 * both as lines/columns and as a character offset/length (the byte order mark not counted).
 */
export function replacements(before: string, after: string): object[] {
  const a = before.replace(/^\uFEFF/, '');
  const b = after.replace(/^\uFEFF/, '');
  const lines = lineStarts(a);
  const out: object[] = [];
  let offset = 0;
  let pending: { start: number; deleted: number; inserted: string } | null = null;
  const flush = (): void => {
    if (!pending) return;
    const start = position(lines, pending.start);
    const end = position(lines, pending.start + pending.deleted);
    out.push({
      deletedRegion: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, charOffset: pending.start, charLength: pending.deleted },
      ...(pending.inserted === '' ? {} : { insertedContent: { text: pending.inserted } }),
    });
    pending = null;
  };
  for (const part of diffLines(a, b)) {
    if (!part.added && !part.removed) {
      flush();
      offset += part.value.length;
      continue;
    }
    pending ??= { start: offset, deleted: 0, inserted: '' };
    if (part.removed) {
      pending.deleted += part.value.length;
      offset += part.value.length;
    } else {
      pending.inserted += part.value;
    }
  }
  flush();
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

function artifactLocation(path: string, root: string): { uri: string; uriBaseId?: string } {
  const abs = resolve(root, path);
  const rel = relative(root, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function dirUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
