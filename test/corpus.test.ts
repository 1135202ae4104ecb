/**
 * The corpus: Dockerfiles in the style of real public Go projects, one directory per case
 * (`test/fixtures/corpus/<name>/Dockerfile` plus the build context the rules read: go.mod, go.work,
 * vendor/, .dockerignore). `cases.json` says in one line what each case is about.
 *
 * For every case the whole pipeline runs with `--write`'s fixes (safe) and with `--unsafe-fixes`
 * (safe + unsafe). The safe run is snapshotted as findings + unified diffs in
 * `test/snapshots/corpus/<name>.snap.txt`; a few cases also snapshot the unsafe run. Every run must:
 * re-parse without errors, be idempotent (a second `--write` over the written files changes
 * nothing), and keep every byte outside the edits (BOM, line endings, final newline, comments,
 * blank lines but the one a deleted instruction takes along, heredoc bodies; other files are only
 * appended to).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createPatch, structuredPatch } from 'diff';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline, type PipelineResult } from '../src/core/pipeline.js';
import { parseDockerfile } from '../src/dockerfile/index.js';
import { readGoProject } from '../src/go/project.js';
import { transforms } from '../src/transforms/index.js';
import type { FixSafety } from '../src/transforms/transform.js';
import { testDir } from './helpers.js';

interface CaseInfo {
  about: string;
  /** The file must come out byte-for-byte unchanged, with no other file written. */
  unchanged?: boolean;
}

const corpusDir = join(testDir, 'fixtures', 'corpus');
const snapshotDir = join(testDir, 'snapshots', 'corpus');
const cases = JSON.parse(readFileSync(join(corpusDir, 'cases.json'), 'utf8')) as Record<string, CaseInfo>;
const names = readdirSync(corpusDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Cases whose `--unsafe-fixes` output is snapshotted too (`<name>.unsafe.snap.txt`). */
const UNSAFE_SNAPSHOTS = [
  'gosumdb-off-env',
  'netrc-copy',
  'nonroot-builder-named',
  'scratch-cgo-not-disabled',
  'token-in-arg',
  'toolchain-older-image',
  'debian-apt-golang',
  'nonroot-builder-numeric',
  'escape-backtick-windows',
  'onbuild-base',
  'arg-go-version-before-from',
  'modules-stage-copy-from',
  'download-then-make',
  'glibc-binary-on-alpine',
  'cgo-static-linked-scratch',
  'apt-without-y',
  'make-driven-build',
];

const SAFE: ReadonlySet<FixSafety> = new Set(['safe']);
const SAFE_AND_UNSAFE: ReadonlySet<FixSafety> = new Set(['safe', 'unsafe']);

const scratchDirs: string[] = [];
afterAll(() => {
  for (const d of scratchDirs) rmSync(d, { recursive: true, force: true });
});

function run(text: string, dir: string, apply: ReadonlySet<FixSafety>): PipelineResult {
  return runPipeline(text, {
    transforms,
    settings: { proxy: null, sumdb: null, private: null },
    project: readGoProject(dir),
    path: join(dir, 'Dockerfile'),
    apply,
  });
}

/** A scratch copy of a fixture's build context, so a run's output can be written like `--write` does. */
function scratchCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `corpus-${name}-`));
  scratchDirs.push(dir);
  cpSync(join(corpusDir, name), dir, { recursive: true });
  return dir;
}

/** Makes CR and BOM visible so snapshots stay plain LF text a reviewer can read. */
function visible(text: string): string {
  return text.replace(/\uFEFF/g, '<BOM>').replace(/\r/g, '␍');
}

function patch(file: string, before: string, after: string): string {
  if (before === after) return '(unchanged)\n';
  // Drop the `Index:` / `===` header lines: the section heading names the file.
  return createPatch(file, visible(before), visible(after), '', '', { context: 3 }).split('\n').slice(2).join('\n');
}

function render(name: string, input: string, dir: string, result: PipelineResult, mode: string): string {
  const out: string[] = [`# ${name} (${mode})`, `# ${cases[name]?.about ?? '(not described in cases.json)'}`, ''];
  out.push(`## findings (${result.findings.length})`);
  for (const f of result.findings) {
    const fix = f.fix === null ? 'no fix' : `fix: ${f.fix}${f.fixed ? ', fixed' : ', not fixed'}`;
    out.push(`L${f.line}:${f.column} ${f.severity} ${f.rule} [${fix}] ${f.message}`);
  }
  if (result.refused.length > 0) {
    out.push('', `## refused (${result.refused.length})`, ...result.refused);
  }
  out.push('', '## Dockerfile', patch('Dockerfile', input, result.output).trimEnd());
  for (const f of result.files) {
    const rel = relative(dir, f.path).split('\\').join('/');
    out.push('', `## ${rel} (${f.before === null ? 'created' : 'changed'})`, patch(rel, f.before ?? '', f.after).trimEnd());
  }
  return out.join('\n') + '\n';
}

/** Zero-based line numbers of heredoc body and closing-delimiter lines. */
function heredocLines(text: string): Set<number> {
  const doc = parseDockerfile(text);
  const lines = new Set<number>();
  for (const top of doc.instructions) {
    for (const h of (top.trigger ?? top).heredocs) {
      const first = doc.source.lineAt(h.bodyRange.start);
      for (let l = first; l <= h.endLine; l++) lines.add(l);
    }
  }
  return lines;
}

/**
 * Byte preservation, checked on the diff: the text keeps its BOM, its line endings and its
 * final-newline state; every removed line belongs to an instruction (or is a parser directive),
 * never a comment, a blank line or a heredoc body; and other files are only appended to.
 */
function expectPreserved(input: string, dir: string, result: PipelineResult): void {
  const output = result.output;
  expect(output.startsWith('\uFEFF'), 'BOM kept').toBe(input.startsWith('\uFEFF'));
  expect(/\r?\n$/.test(output), 'final-newline state kept').toBe(/\r?\n$/.test(input));
  if (/\r\n/.test(input)) expect(output, 'CRLF file gains no bare LF').not.toMatch(/[^\r]\n|^\n/);
  if (!input.includes('\r')) expect(output, 'LF file gains no CR').not.toContain('\r');

  const doc = parseDockerfile(input);
  const directiveLines = new Set(doc.directives.map((d) => d.line));
  const inInstruction = (line: number): boolean => doc.instructions.some((i) => i.startLine <= line && line <= i.endLine);
  const heredoc = heredocLines(input);
  const strip = (s: string): string => (s.startsWith('\uFEFF') ? s.slice(1) : s).replace(/\r\n/g, '\n');
  const { hunks } = structuredPatch('a', 'b', strip(input), strip(output), '', '', { context: 0 });
  const originalLines = strip(input).split('\n');
  for (const hunk of hunks) {
    let line = hunk.oldStart - 1;
    // A pure insertion hunk has oldLines 0 and oldStart pointing at the line before it.
    if (hunk.oldLines === 0) continue;
    // A deleted instruction that stood between two blank lines takes one of them along, so no
    // double blank line is left behind: a blank line may go in a hunk that deletes an instruction.
    let removed = hunk.oldStart - 1;
    const deletesInstruction = hunk.lines.some((l) => {
      if (l.startsWith('+') || l.startsWith('\\')) return false;
      const at = removed++;
      return (originalLines[at] ?? '').trim() !== '' && inInstruction(at);
    });
    for (const l of hunk.lines) {
      if (l.startsWith('+') || l.startsWith('\\')) continue;
      const text = originalLines[line] ?? '';
      const where = `removed line ${line + 1}: ${JSON.stringify(text)}`;
      if (text.trim() === '' && deletesInstruction && !heredoc.has(line)) {
        line++;
        continue;
      }
      if (!directiveLines.has(line)) {
        expect(text.trim(), `${where} is blank`).not.toBe('');
        expect(/^\s*#/.test(text), `${where} is a comment`).toBe(false);
        expect(inInstruction(line), `${where} is outside every instruction`).toBe(true);
      }
      expect(heredoc.has(line), `${where} is in a heredoc body`).toBe(false);
      line++;
    }
  }

  for (const f of result.files) {
    const onDisk = (() => {
      try {
        return readFileSync(f.path, 'utf8');
      } catch {
        return null;
      }
    })();
    expect(f.before, `${f.path}: before is the file on disk`).toBe(onDisk);
    expect(f.path.startsWith(dir), `${f.path} is inside the build context`).toBe(true);
    if (f.before !== null) expect(f.after.startsWith(f.before), `${f.path} is only appended to`).toBe(true);
    expect(f.after.endsWith('\n'), `${f.path} ends with a newline`).toBe(true);
  }
}

/**
 * Runs `--write` twice on a scratch copy: the first run's Dockerfile and other files are written,
 * the second run must change nothing and write nothing, and still report exactly what the first
 * run left unfixed.
 */
function expectIdempotent(name: string, apply: ReadonlySet<FixSafety>, first: PipelineResult): void {
  const dir = scratchCopy(name);
  // The first run is repeated on the copy so file paths (and `before`) refer to it.
  const input = readFileSync(join(dir, 'Dockerfile'), 'utf8');
  const once = run(input, dir, apply);
  expect(once.output).toBe(first.output);
  writeFileSync(join(dir, 'Dockerfile'), once.output);
  for (const f of once.files) writeFileSync(f.path, f.after);

  const twice = run(once.output, dir, apply);
  expect(twice.output, 'second run changes the Dockerfile').toBe(once.output);
  expect(twice.changed).toBe(false);
  expect(
    twice.files.map((f) => relative(dir, f.path)),
    'second run changes other files',
  ).toEqual([]);
  const key = (f: { rule: string; message: string }): string => `${f.rule}: ${f.message}`;
  expect(twice.findings.map(key).sort(), 'what is still reported is what the first run left unfixed').toEqual(
    once.findings.filter((f) => !f.fixed).map(key).sort(),
  );
}

function expectReparses(output: string): void {
  expect(parseDockerfile(output).errors).toEqual([]);
}

describe('corpus', () => {
  it('has at least 40 cases, each described in cases.json', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names.filter((n) => !cases[n])).toEqual([]);
    expect(Object.keys(cases).filter((n) => !names.includes(n))).toEqual([]);
  });

  for (const name of names) {
    describe(name, () => {
      const dir = join(corpusDir, name);
      const input = readFileSync(join(dir, 'Dockerfile'), 'utf8');

      it('input parses', () => {
        expect(parseDockerfile(input).errors).toEqual([]);
      });

      it('--write: snapshot of findings and diff', async () => {
        const result = run(input, dir, SAFE);
        await expect(render(name, input, dir, result, '--write: safe fixes')).toMatchFileSnapshot(join(snapshotDir, `${name}.snap.txt`));
        if (cases[name]?.unchanged) {
          expect(result.output).toBe(input);
          expect(result.files).toEqual([]);
        }
      });

      for (const [mode, apply] of [
        ['--write', SAFE],
        ['--unsafe-fixes', SAFE_AND_UNSAFE],
      ] as const) {
        it(`${mode}: re-parses, keeps every byte outside the edits, idempotent`, () => {
          const result = run(input, dir, apply);
          expectReparses(result.output);
          expectPreserved(input, dir, result);
          expectIdempotent(name, apply, result);
        });
      }

      if (UNSAFE_SNAPSHOTS.includes(name)) {
        it('--unsafe-fixes: snapshot of findings and diff', async () => {
          const result = run(input, dir, SAFE_AND_UNSAFE);
          await expect(render(name, input, dir, result, '--unsafe-fixes: safe and unsafe fixes')).toMatchFileSnapshot(
            join(snapshotDir, `${name}.unsafe.snap.txt`),
          );
        });
      }
    });
  }
});
