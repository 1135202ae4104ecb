import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../helpers.js';
import { dockerfileArb, mutate, mutationArb } from './grammar.js';
import { checkInvariants } from './invariants.js';

/** `npm test` runs a bounded number; `npm run fuzz` sets FUZZ_RUNS for a long run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** A long `npm run fuzz` needs more than the default 30 s per test. */
const TIMEOUT = Math.max(30_000, RUNS * 20);

describe('for any Dockerfile built from real constructs', () => {
  it(`keeps every promise (${RUNS} generated files)`, () => {
    const outcomes = { ok: 0, 'parse-error': 0 };
    fc.assert(
      fc.property(dockerfileArb, (text) => {
        outcomes[checkInvariants(text)]++;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // The grammar makes valid files: nearly all of them must get through the parser.
    expect(outcomes.ok).toBeGreaterThan(RUNS * 0.9);
  }, TIMEOUT);
});

describe('inputs a property test once failed on (test/fixtures/fuzz-regressions)', () => {
  it.each(fixtures('fuzz-regressions').filter(([name]) => name.endsWith('.Dockerfile')))('%s keeps every promise', (_name, text) => {
    checkInvariants(text);
  });
});

describe('for any byte-level mutation of a fixture', () => {
  const corpus = [...fixtures('model'), ...fixtures('fuzz-regressions').filter(([name]) => name.endsWith('.Dockerfile'))].map(([, text]) => text);
  const mutation = mutationArb(corpus, ['', '\\', '`', '\n', '\r\n', '"', "'", '#', '<<EOF', ' ', '\t', '\u0000', '=', ',', '[', ']', '$', 'é'], 6);
  it(`never crashes, damages or loops (${RUNS} mutants)`, () => {
    fc.assert(
      fc.property(mutation, (m) => {
        checkInvariants(mutate(corpus, m));
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, TIMEOUT);
});
