import { DockerfileParser } from 'dockerfile-ast';
import { expect } from 'vitest';
import { escapeCharacter, scanDirectives } from '../../src/dockerfile/directives.js';
import { scanHeredocs } from '../../src/dockerfile/heredoc.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { SourceText } from '../../src/dockerfile/source.js';
import { splitInstructions } from '../../src/dockerfile/split.js';

/**
 * split.ts must put instruction boundaries exactly where dockerfile-ast does, on any text: the
 * raw text and the masked text parse.ts really hands it (heredoc bodies blanked).
 */
export function expectSameSplit(text: string): void {
  expect(viaSplit(text)).toEqual(viaAst(text));
  const source = new SourceText(text);
  const masked = scanHeredocs(source, escapeCharacter(scanDirectives(source))).masked;
  const ast = masked === text ? null : viaAst(masked);
  if (ast) expect(viaSplit(masked)).toEqual(ast);
  // parse.ts upper-cases the keywords (known ones without toUpperCase): same as getKeyword().
  expect(parseDockerfile(text).instructions.map((i) => i.keyword)).toEqual((ast ?? viaAst(text)).map((i) => i.upper));
}

/** One instruction as positions: what parse.ts used to read from dockerfile-ast. */
export interface Seen {
  keyword: string;
  upper: string;
  start: string;
  keywordStart: string;
  keywordEnd: string;
  end: string;
}

/** dockerfile-ast's instructions for `text`. */
export function viaAst(text: string): Seen[] {
  const pos = (p: { line: number; character: number }): string => `${p.line}:${p.character}`;
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => ({
      keyword: i.getInstruction(),
      upper: i.getKeyword(),
      start: pos(i.getRange().start),
      keywordStart: pos(i.getInstructionRange().start),
      keywordEnd: pos(i.getInstructionRange().end),
      end: pos(i.getRange().end),
    }));
}

/** split.ts's instructions for `text`, turned into positions the way TextDocument.positionAt does (written independently here). */
export function viaSplit(text: string): Seen[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (c === '\r' || c === '\n') starts.push(i + 1);
  }
  const pos = (offset: number): string => {
    let o = Math.max(0, Math.min(offset, text.length));
    let line = 0;
    while (line + 1 < starts.length && (starts[line + 1] as number) <= o) line++;
    const lineStart = starts[line] as number;
    while (o > lineStart && (text[o - 1] === '\r' || text[o - 1] === '\n')) o--;
    return `${line}:${o - lineStart}`;
  };
  return splitInstructions(text).map((s) => ({
    keyword: s.keyword,
    upper: s.keyword.toUpperCase(),
    start: pos(s.start),
    keywordStart: pos(s.start),
    keywordEnd: pos(s.keywordEnd),
    end: pos(s.end),
  }));
}
