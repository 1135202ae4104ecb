import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlags, readWord, splitWords, type Flag, type Word } from '../../src/dockerfile/flags.js';
import { sliceLogical, spanOf, type LogicalText } from '../../src/dockerfile/logical.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { dockerfileArb } from '../hardening/grammar.js';

// The first implementations (one character at a time), the reference the faster ones must equal.
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}
function referenceWords(lt: LogicalText, start: number, escape: string): Word[] {
  const words: Word[] = [];
  const text = lt.text;
  let i = start;
  while (i < text.length) {
    while (i < text.length && isSpace(text[i])) i++;
    if (i >= text.length) break;
    const from = i;
    let value = '';
    let quote: string | null = null;
    while (i < text.length) {
      const c = text[i] as string;
      if (quote) {
        if (c === quote) quote = null;
        else if (c === escape && quote === '"' && i + 1 < text.length) value += text[++i];
        else value += c;
      } else if (isSpace(c)) break;
      else if (c === '"' || c === "'") quote = c;
      else if (c === escape && i + 1 < text.length) value += text[++i];
      else value += c;
      i++;
    }
    words.push({ value, raw: text.slice(from, i), range: spanOf(lt, from, i), from, to: i });
  }
  return words;
}
function referenceFlags(lt: LogicalText, escape: string): { flags: Flag[]; argsIndex: number } {
  const flags: Flag[] = [];
  const text = lt.text;
  let i = 0;
  for (;;) {
    while (i < text.length && isSpace(text[i])) i++;
    if (!text.startsWith('--', i) || i + 2 >= text.length || isSpace(text[i + 2])) break;
    const [word] = referenceWords(lt, i, escape);
    if (!word) break;
    const eq = word.raw.indexOf('=');
    const nameEnd = eq === -1 ? word.raw.length : eq;
    flags.push({
      name: word.raw.slice(2, nameEnd),
      value: eq === -1 ? null : word.value.slice(word.value.indexOf('=') + 1),
      range: word.range,
      valueRange: eq === -1 ? null : spanOf(lt, word.from + eq + 1, word.to),
    });
    i = word.to;
  }
  while (i < text.length && isSpace(text[i])) i++;
  return { flags, argsIndex: i };
}

function expectSame(lt: LogicalText, escape: string): void {
  for (let start = 0; start <= lt.text.length + 1; start++) {
    const want = referenceWords(lt, start, escape);
    expect(splitWords(lt, start, escape)).toEqual(want);
    expect(readWord(lt, start, escape)).toEqual(want[0] ?? null);
  }
  expect(parseFlags(lt, escape)).toEqual(referenceFlags(lt, escape));
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe('splitWords, readWord and parseFlags equal the character-at-a-time reference', () => {
  it(`on word soup (${RUNS * 10})`, () => {
    const soup = fc.array(fc.constantFrom('a', 'b=c', '--', '--x', '=', ' ', '\t', '\n', '\r', '"', "'", '\\', '`', 'é', '🚀', ','), { maxLength: 30 }).map((t) => t.join(''));
    fc.assert(
      fc.property(soup, fc.constantFrom('\\', '`'), fc.nat(), (text, escape, base) => {
        expectSame({ text, offsets: Array.from({ length: text.length + 1 }, (_, k) => base + 2 * k) }, escape);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it(`on every instruction of generated files (${RUNS})`, () => {
    fc.assert(
      fc.property(dockerfileArb, (text) => {
        const doc = parseDockerfile(text);
        for (const i of doc.instructions) {
          expectSame(i.logical, doc.escape);
          expectSame(sliceLogical(i.logical, i.argsIndex), doc.escape);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
