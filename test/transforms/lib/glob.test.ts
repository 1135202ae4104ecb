import { describe, expect, it } from 'vitest';
import { globMatch } from '../../../src/transforms/lib/glob.js';

// COPY source globs as BuildKit reads them (Go's filepath.Match): wildcards match leading dots, never `/`.
describe('globMatch', () => {
  it.each([
    ['.git', '*', true],
    ['.git', '.gi?', true],
    ['.git', '[.]git', true],
    ['.git', '.[a-z]*', true],
    ['.git', 'go.*', false],
    ['go.sum', 'go.sum*', true],
    ['go.sum.bak', 'go.sum*', true],
    ['go.mod', 'go.[ms]*', true],
    ['server', 'serv?r', true],
    ['cmd/server', '*', false],
    ['cmd/server', 'cmd/*', true],
    ['x', '[', false],
  ])('%s against %s: %s', (name, glob, expected) => {
    expect(globMatch(name, glob)).toBe(expected);
  });
});
