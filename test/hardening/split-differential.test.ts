import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectSameSplit } from '../dockerfile/split-diff.js';
import { fixtures } from '../helpers.js';
import { dockerfileArb, mutate, mutationArb } from './grammar.js';

/**
 * split.ts against dockerfile-ast on generated input (the hand-written quirks and every fixture are
 * in test/dockerfile/split.test.ts). `npm test` runs a few thousand of each; `npm run fuzz` sets
 * FUZZ_RUNS for a long run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const TIMEOUT = Math.max(30_000, RUNS * 10);

describe('split.ts splits like dockerfile-ast', () => {
  it(`on files from the property-test grammar (${RUNS})`, () => {
    fc.assert(
      fc.property(dockerfileArb, (text) => expectSameSplit(text)),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, TIMEOUT);

  const corpus = [...fixtures('model'), ...fixtures('corpus'), ...fixtures('fuzz-regressions')]
    .filter(([name]) => /Dockerfile/.test(name))
    .map(([, text]) => text);
  const pieces = ['', '\\', '`', '\n', '\r\n', '\r', '"', "'", '#', '<<EOF', '<<-EOF', '\nEOF\n', '<<', ' ', '\t', '\u0000', '=', '--', '[', ']', '$', 'é', '\uFEFF', '# escape=`\n', 'ONBUILD ', ' \\\n', ' \\ \n', '\\\r'];
  const mutation = mutationArb(corpus, pieces, 8);
  it(`on byte-level mutations of fixtures (${RUNS})`, () => {
    fc.assert(
      fc.property(mutation, (m) => {
        expectSameSplit(mutate(corpus, m));
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, TIMEOUT);

  // Short texts made only of the characters and words the parser treats specially: reaches the
  // corners (directives, escapes next to line breaks, heredoc names) far more often than the grammar.
  const token = fc.constantFrom(
    'RUN', 'run', 'ONBUILD', 'COPY', 'ADD', 'FROM', 'x', 'EOF', 'E', ' ', ' ', '\t', '\n', '\n', '\r\n', '\r', '\\', '\\', '`', '#', '# ',
    '<<', '<<EOF', '<<-EOF', '<<"EOF"', "<<'E'", '<', '-', '--', '--m=1', '"', "'", '$', '=', 'escape', '# escape=`', '# escape=\\', '# syntax=a',
    '\uFEFF', '\u0000', 'é', '🚀',
  );
  it(`on token soup (${RUNS})`, () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => expectSameSplit(tokens.join(''))),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, TIMEOUT);
});
