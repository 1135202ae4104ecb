import { escapeCharacter, scanDirectives } from './directives.js';
import { parseFlags, readWord, splitWords } from './flags.js';
import { scanHeredocs, type HeredocBody } from './heredoc.js';
import { logicalText, sliceLogical, spanOf, type LogicalText } from './logical.js';
import type { DockerfileDocument, Instruction, Stage } from './model.js';
import { SourceText } from './source.js';
import { splitInstructions, type SplitInstruction } from './split.js';
import { expand } from './stage-context.js';
import { KEYWORDS, validate } from './validate.js';

/**
 * Parses a Dockerfile into stages and instructions with exact source offsets.
 *
 * split.ts finds the instructions exactly where dockerfile-ast would (it is a port of dockerfile-ast's
 * parser loop, checked against it differentially); the scanners beside this file cover what
 * dockerfile-ast gets wrong (heredoc bodies, quoted flag values, `# check=`).
 */
export function parseDockerfile(raw: string): DockerfileDocument {
  const source = new SourceText(raw);
  const directives = scanDirectives(source);
  const escape = escapeCharacter(directives);
  const heredocs = scanHeredocs(source, escape);
  const instructions: Instruction[] = [];
  for (const split of splitInstructions(heredocs.masked)) {
    const instruction = fromSplit(source, escape, split, heredocs.byInstructionLine);
    instruction.index = instructions.length;
    instructions.push(instruction);
  }

  const stages: Stage[] = [];
  const globalArgs: Instruction[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      stages.push(readStage(instruction, stages, escape, globalArgs));
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') globalArgs.push(instruction);
    } else {
      (stages[stages.length - 1] as Stage).instructions.push(instruction);
    }
    instruction.stage = stages.length - 1;
    if (instruction.trigger) instruction.trigger.stage = instruction.stage;
  }

  const doc: DockerfileDocument = { source, escape, directives, instructions, stages, globalArgs, errors: [], memo: undefined };
  doc.errors = validate(doc);
  return doc;
}

function fromSplit(
  source: SourceText,
  escape: string,
  split: SplitInstruction,
  heredocsByLine: Map<number, HeredocBody[]>,
): Instruction {
  const start = split.start;
  const startLine = source.lineAt(start);
  const heredocs = (heredocsByLine.size === 0 ? undefined : heredocsByLine.get(startLine)) ?? [];
  // (Not heredocs[-1] on an empty array: that is a slow named-property lookup.)
  const lastHeredoc = heredocs.length > 0 ? heredocs[heredocs.length - 1] : undefined;
  const end = clampToLine(source.text, split.end);
  // A continuation that runs into the end of the file makes dockerfile-ast end the range at column 0
  // of the empty "line" after the final newline; the instruction really ends on the line before.
  let astEndLine = source.lineAt(end);
  if (end === source.lineStart(astEndLine) && astEndLine > startLine && source.lineText(astEndLine).trim() === '') astEndLine--;
  const endLine = Math.max(astEndLine, lastHeredoc ? lastHeredoc.endLine : 0);
  const keywordSpan = { start, end: clampToLine(source.text, split.keywordEnd) };
  // The instruction line ends where the first heredoc body begins.
  const firstHeredoc = heredocs[0];
  const lineEnd = firstHeredoc
    ? source.lineContentEnd(source.lineAt(firstHeredoc.bodyRange.start) - 1)
    : source.lineContentEnd(endLine);
  const logical = logicalText(source, keywordSpan.end, lineEnd, escape);
  return build(split.keyword, keywordSpan, { start, end: source.lineContentEnd(endLine) }, startLine, endLine, source, logical, escape, heredocs);
}

function build(
  keyword: string,
  keywordRange: { start: number; end: number },
  range: { start: number; end: number },
  startLine: number,
  endLine: number,
  source: SourceText,
  logical: LogicalText,
  escape: string,
  heredocs: HeredocBody[],
): Instruction {
  const upper = upperKeyword(keyword);
  const takesFlags = upper === 'RUN' || upper === 'COPY' || upper === 'ADD' || upper === 'FROM' || upper === 'HEALTHCHECK';
  const { flags, argsIndex } = takesFlags ? parseFlags(logical, escape) : { flags: [], argsIndex: skipSpace(logical.text, 0) };
  const instruction: Instruction = {
    keyword: upper,
    keywordRange,
    range,
    startLine,
    endLine,
    logical,
    flags,
    argsIndex,
    heredocs,
    trigger: null,
    stage: -1,
    index: -1,
    memo: undefined,
  };
  if (upper === 'ONBUILD') {
    const word = readWord(logical, argsIndex, escape);
    if (word) {
      const rest = sliceLogical(logical, word.to);
      const triggerRange = { start: word.range.start, end: range.end };
      instruction.trigger = build(word.value, spanOf(logical, word.from, word.to), triggerRange, source.lineAt(triggerRange.start), endLine, source, rest, escape, heredocs);
    }
  }
  return instruction;
}

function readStage(from: Instruction, earlier: Stage[], escape: string, globalArgs: Instruction[]): Stage {
  // `image [AS name]`: only the first three words matter.
  const image = readWord(from.logical, from.argsIndex, escape);
  const second = image && readWord(from.logical, image.to, escape);
  const third = second && readWord(from.logical, second.to, escape);
  const name = third && (second as { value: string }).value.toLowerCase() === 'as' ? third.value.toLowerCase() : null;
  const imageName = image ? image.value : '';
  // BuildKit expands global ARGs in FROM before it looks for a stage of that name (`FROM base-${VARIANT}`).
  const baseName = imageName.includes('$') ? expand(imageName, globalDefaults(globalArgs, escape)) : imageName;
  const baseLower = baseName.toLowerCase();
  const base = earlier.find((s) => s.name !== null && s.name === baseLower);
  const platform = from.flags.find((f) => f.name === 'platform');
  return {
    index: earlier.length,
    from,
    name,
    image: imageName,
    imageRange: image ? image.range : { start: from.keywordRange.end, end: from.keywordRange.end },
    platform: platform ? platform.value : null,
    baseStage: base ? base.index : null,
    instructions: [],
  };
}

/** The known keywords by length * 128 + first letter (keywords are 3 to 11 letters long). */
const KNOWN_KEYWORDS: Array<string[] | undefined> = [];
for (const k of KEYWORDS) (KNOWN_KEYWORDS[k.length * 128 + k.charCodeAt(0)] ??= []).push(k);

/**
 * `keyword.toUpperCase()`, returning the constant string for a known keyword (nearly always): no
 * new string per instruction, and the Set lookups and comparisons on it later are cheap. Anything
 * else (Unicode whose upper case is a keyword too) goes through toUpperCase.
 */
function upperKeyword(keyword: string): string {
  const n = keyword.length;
  // `c & ~32` upper-cases an ASCII letter; it equals an upper-case letter only for that letter and its lower case.
  const first = keyword.charCodeAt(0) & ~32;
  const candidates = n <= 11 && first < 128 ? KNOWN_KEYWORDS[n * 128 + first] : undefined;
  if (candidates !== undefined) {
    for (const known of candidates) {
      let i = 1;
      while (i < n && (keyword.charCodeAt(i) & ~32) === known.charCodeAt(i)) i++;
      if (i === n) return known;
    }
  }
  return keyword.toUpperCase();
}

/** The default values of the ARGs before the first FROM (each may use the ones before it). */
function globalDefaults(globalArgs: Instruction[], escape: string): Map<string, string | null> {
  const vars = new Map<string, string | null>();
  for (const arg of globalArgs) {
    for (const word of splitWords(arg.logical, arg.argsIndex, escape)) {
      const eq = word.value.indexOf('=');
      if (eq > 0) vars.set(word.value.slice(0, eq), expand(word.value.slice(eq + 1), vars));
      else if (!vars.has(word.value)) vars.set(word.value, null);
    }
  }
  return vars;
}

/**
 * The offset a dockerfile-ast position stands for (`TextDocument.positionAt`, then back): an offset
 * on a line break is the end of that line's content. Within a line only the `\n` of a `\r\n`
 * follows a line-break character, so that is the one offset that moves.
 */
function clampToLine(text: string, offset: number): number {
  const o = Math.max(0, Math.min(offset, text.length));
  return o > 0 && text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10 ? o - 1 : o;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}
