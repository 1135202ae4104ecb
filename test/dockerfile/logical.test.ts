import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logicalText, sliceLogical, spanOf, type LogicalText } from '../../src/dockerfile/logical.js';
import { SourceText } from '../../src/dockerfile/source.js';
import { dockerfileArb } from '../hardening/grammar.js';
import { fixtures } from '../helpers.js';

/** The first implementation (one offset per character, built eagerly): the reference the compact one must equal. */
function reference(source: SourceText, start: number, end: number, escape: string): LogicalText {
  let text = '';
  const offsets: number[] = [];
  const firstLine = source.lineAt(start);
  const lastLine = source.lineAt(end);
  let endOffset = start;
  for (let line = firstLine; line <= lastLine; line++) {
    const from = Math.max(source.lineStart(line), start);
    const to = Math.min(source.lineContentEnd(line), end);
    if (from > to) continue;
    let content = source.text.slice(from, to);
    if (line > firstLine && /^[ \t]*(#|$)/.test(content)) continue;
    let keep = content.length;
    let i = content.length - 1;
    while (i >= 0 && (content[i] === ' ' || content[i] === '\t')) i--;
    if (line < lastLine && i >= 0 && content[i] === escape) {
      keep = content.lastIndexOf(escape);
      content = content.slice(0, keep);
    }
    text += content;
    for (let k = 0; k < keep; k++) offsets.push(from + k);
    endOffset = from + keep;
    if (line === lastLine) endOffset = to;
  }
  offsets.push(endOffset);
  return { text, offsets };
}

function plainSpan(lt: LogicalText, from: number, to: number) {
  const start = lt.offsets[from] ?? (lt.offsets[lt.offsets.length - 1] as number);
  if (to <= from) return { start, end: start };
  return { start, end: (lt.offsets[to - 1] as number) + 1 };
}

/** Same text, same offsets, same spans and slices (slices of slices too) as the reference, for any indexes. */
function expectSame(source: SourceText, start: number, end: number, escape: string, picks: number[]): void {
  const want = reference(source, start, end, escape);
  const got = logicalText(source, start, end, escape);
  expect(got.text).toBe(want.text);
  const len = want.text.length;
  const idx = (p: number) => (p % (len + 3)) - 1; // -1 .. len+1
  for (let k = 0; k + 1 < picks.length; k += 2) {
    const a = idx(picks[k] as number);
    const b = idx(picks[k + 1] as number);
    expect(spanOf(got, a, b)).toEqual(plainSpan(want, a, b));
    const s = sliceLogical(got, a, b);
    const w = { text: want.text.slice(a, b), offsets: want.offsets.slice(a, b + 1) };
    expect(s.text).toBe(w.text);
    for (let i = -1; i <= w.text.length + 1; i++) for (const j of [i, i + 1, i + 3]) expect(spanOf(s, i, j)).toEqual(plainSpan(w, i, j));
    const t = sliceLogical(s, 1);
    expect(t.text).toBe(w.text.slice(1));
    expect(t.offsets).toEqual(w.offsets.slice(1));
    expect(s.offsets).toEqual(w.offsets);
  }
  expect(sliceLogical(got, 2).offsets).toEqual(want.offsets.slice(2));
  expect(got.offsets).toEqual(want.offsets);
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const texts = [...fixtures('model'), ...fixtures('corpus'), ...fixtures('fuzz-regressions')].filter(([n]) => /Dockerfile/.test(n)).map(([, t]) => t);

describe('logicalText (runs) equals the one-offset-per-character reference', () => {
  it('on every line range of every fixture', () => {
    for (const text of texts) {
      const source = new SourceText(text);
      for (let a = 0; a < source.lineCount; a++) {
        for (const b of [a, a + 1, a + 2, a + 5]) {
          const start = source.lineStart(a) + 4;
          const end = source.lineContentEnd(Math.min(b, source.lineCount - 1));
          expectSame(source, Math.min(start, end), end, '\\', [0, 5, 3, 9, 7, 7]);
        }
      }
    }
  });

  it(`on random ranges of generated files and soup (${RUNS})`, () => {
    const soup = fc.array(fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r\n', '\r', '\\', '`', '#', ' # c'), { maxLength: 60 }).map((t) => t.join(''));
    fc.assert(
      fc.property(fc.oneof(dockerfileArb, soup), fc.nat(), fc.nat(), fc.constantFrom('\\', '`'), fc.array(fc.nat(), { minLength: 2, maxLength: 8 }), (text, p, q, escape, picks) => {
        const source = new SourceText(text);
        const n = source.text.length + 1;
        const [start, end] = [p % n, q % n].sort((x, y) => x - y) as [number, number];
        expectSame(source, start, end, escape, picks);
      }),
      { numRuns: RUNS },
    );
  });
});
