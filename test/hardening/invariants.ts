import { expect } from 'vitest';
import { DockerfileParseError, runPipeline, type PipelineResult } from '../../src/core/pipeline.js';
import { parseDockerfile } from '../../src/dockerfile/index.js';
import { transforms } from '../../src/transforms/index.js';
import type { FixSafety } from '../../src/transforms/transform.js';

const settings = { proxy: null, sumdb: null, private: null };
const all = new Set<FixSafety>(['safe', 'unsafe']);

export function fix(text: string, apply: ReadonlySet<FixSafety> = all): PipelineResult {
  return runPipeline(text, { transforms, settings, project: null, path: null, apply });
}

/**
 * The promises gomod-fix makes for any input: it never throws anything but a located parse
 * error; its output re-parses; a second run changes nothing; comments, heredoc bodies, the BOM,
 * the line endings and the final-newline state survive.
 */
export function checkInvariants(input: string): 'parse-error' | 'ok' {
  let result: PipelineResult;
  try {
    result = fix(input);
  } catch (error) {
    if (error instanceof DockerfileParseError) {
      expect(error.line).toBeGreaterThan(0);
      return 'parse-error';
    }
    throw error;
  }
  const out = result.output;
  expect(parseDockerfile(out).errors).toEqual([]);
  expect(fix(out).output).toBe(out);

  const before = parseDockerfile(input);
  expect(out.startsWith('\uFEFF')).toBe(input.startsWith('\uFEFF'));
  expect(/\r?\n$/.test(out)).toBe(/\r?\n$/.test(input));
  if (before.source.eol === '\r\n' && !/(^|[^\r])\n/.test(input)) expect(out).not.toMatch(/(^|[^\r])\n/);
  for (const instruction of before.instructions) {
    for (const h of instruction.heredocs) expect(out).toContain(before.source.slice(h.bodyRange));
  }
  // Comment lines outside instructions all survive. (Not necessarily in place: a rule that moves an
  // instruction, like go-mod-layer-order moving a late `go mod download`, takes its comment along.)
  const remaining = new Map<string, number>();
  for (const l of out.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) remaining.set(asKept(l), (remaining.get(asKept(l)) ?? 0) + 1);
  for (let line = 0; line < before.source.lineCount; line++) {
    const text = before.source.lineText(line);
    const directive = before.directives.some((d) => d.line === line);
    if (!/^\s*#/.test(text) || directive || insideInstruction(before, line)) continue;
    const left = remaining.get(asKept(text)) ?? 0;
    expect(left, `comment line ${line + 1} kept: ${JSON.stringify(text)}`).toBeGreaterThan(0);
    remaining.set(asKept(text), left - 1);
  }
  return 'ok';
}

/**
 * A comment line as it must survive: its indentation may go where a rule moves it (go-mod-layer-order
 * moves a late download with its comments, written unindented like the instruction; syntax-directive
 * moves a stray `# syntax=` to the top as a directive, which cannot be indented).
 */
function asKept(line: string): string {
  return /^[ \t]*#/.test(line) ? line.replace(/^[ \t]+/, '') : line;
}

function insideInstruction(doc: ReturnType<typeof parseDockerfile>, line: number): boolean {
  return doc.instructions.some((i) => line >= i.startLine && line <= i.endLine);
}
