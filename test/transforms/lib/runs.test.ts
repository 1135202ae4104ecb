import { describe, expect, it } from 'vitest';
import { shellBalanced } from '../../../src/transforms/lib/runs.js';

describe('shellBalanced', () => {
  it('accepts closed quotes, substitutions, subshells, comments and case patterns', () => {
    for (const text of [
      `apt-get install -y "a b" 'c d' && echo "$(date "+%s")" \`uname\``,
      `(cd /x && make) && echo 'it''s'`,
      `echo "a \\" b" && echo \\'`,
      `echo a # it's a comment\nrm -rf x`,
      `case "$x" in a) echo a;; esac`,
      `echo a#'b'`,
    ]) expect(shellBalanced(text), text).toBe(true);
  });
  it('rejects unterminated quotes and substitutions', () => {
    for (const text of [`apt-get ins"l -y git && rm -rf x`, `echo 'a`, 'echo `date', 'echo $(date', `echo "$(date"`, `(cd x && make`]) {
      expect(shellBalanced(text), text).toBe(false);
    }
  });
});
