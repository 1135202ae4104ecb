import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeCharacter, scanDirectives } from '../../src/dockerfile/directives.js';
import { scanHeredocs } from '../../src/dockerfile/heredoc.js';
import { SourceText } from '../../src/dockerfile/source.js';
import { dockerfileArb } from '../hardening/grammar.js';
import { fixtures } from '../helpers.js';

/** The masked text is the text with each body's characters, line breaks aside, replaced by spaces (one per UTF-16 unit). */
function expectMasked(text: string): void {
  const source = new SourceText(text);
  const scan = scanHeredocs(source, escapeCharacter(scanDirectives(source)));
  const want = source.text.split('');
  for (const bodies of scan.byInstructionLine.values()) {
    for (const b of bodies) for (let i = b.bodyRange.start; i < b.bodyRange.end; i++) if (want[i] !== '\n' && want[i] !== '\r') want[i] = ' ';
  }
  expect(scan.masked).toBe(want.join(''));
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe('scanHeredocs masks exactly the heredoc bodies', () => {
  it.each(fixtures('.').filter(([n]) => /Dockerfile/.test(n)))('%s', (_n, text) => expectMasked(text));
  it('with surrogate pairs, CRLF and lone CR in bodies', () => {
    expectMasked('FROM a\nRUN <<EOF cat <<-B\n🚀 é\r\nx\rEOF\n\t日本\n\tB\nRUN x\n');
  });
  it(`on generated files (${RUNS})`, () => {
    fc.assert(fc.property(dockerfileArb, (text) => expectMasked(text)), { numRuns: RUNS });
  });
});
