import { describe, expect, it } from 'vitest';
import { parseDockerfile, removeWord, replaceWord, rewrite, splitWords } from '../../src/dockerfile/index.js';

const words = (code: string, index: number) => {
  const doc = parseDockerfile(code);
  const i = doc.instructions[index]!;
  return { doc, i, words: splitWords(i.logical, i.argsIndex, doc.escape) };
};

describe('replaceWord / removeWord', () => {
  it('replaces one word, keeping everything around it', () => {
    const { doc, words: w } = words('FROM x\nENV A=1  B="two words"\tC=3\n', 1);
    expect(rewrite(doc, [replaceWord(w[1]!, 'B=2')]).source.text).toBe('FROM x\nENV A=1  B=2\tC=3\n');
  });
  it('replaces a keyword', () => {
    const { doc, i } = words('FROM x\r\nenv A=1\r\n', 1);
    expect(rewrite(doc, [replaceWord({ range: i.keywordRange }, 'arg')]).source.text).toBe('FROM x\r\narg A=1\r\n');
  });
  it('removes a word and the blanks before it, first, middle or last', () => {
    const code = 'FROM x\nENV A=1  B=2\tC=3\n';
    for (const [k, expected] of [
      [0, 'FROM x\nENV  B=2\tC=3\n'],
      [1, 'FROM x\nENV A=1\tC=3\n'],
      [2, 'FROM x\nENV A=1  B=2\n'],
    ] as const) {
      const { doc, words: w } = words(code, 1);
      expect(rewrite(doc, [removeWord(doc, w[k]!)]).source.text).toBe(expected);
    }
  });
  it('never removes past the start of the word\'s line', () => {
    const { doc, words: w } = words('FROM x\nENV A=1 \\\n  B=2 \\\n  C=3\n', 1);
    expect(rewrite(doc, [removeWord(doc, w[1]!)]).source.text).toBe('FROM x\nENV A=1 \\\n \\\n  C=3\n');
  });
});
