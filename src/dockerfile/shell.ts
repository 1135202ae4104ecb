import { spanOf, type LogicalText } from './logical.js';
import type { DockerfileDocument, Instruction } from './model.js';
import type { Span } from './source.js';
import { MemoSlot } from './memo.js';

/**
 * Enough of POSIX shell to find and edit single commands inside a RUN: words (quotes, escapes,
 * `$(...)`, backticks, `${...}`), the operators that separate commands, comments and redirections.
 * It does not expand anything.
 */

export interface ShellWord {
  /** Quotes and escapes removed; expansions left as written. */
  value: string;
  raw: string;
  range: Span;
}

export interface ShellCommand {
  /** All words, including leading `NAME=value` assignments and redirections. */
  words: ShellWord[];
  /** Leading `NAME=value` words. */
  assignments: ShellWord[];
  /** The command and its arguments: assignments, redirections and reserved words (`if`, `!`, ...) left out. */
  argv: ShellWord[];
  range: Span;
  /** The operator before this command (`&&`, `||`, `;`, `|`, `&`, newline) or null for the first. */
  before: string | null;
  after: string | null;
  /** True inside a heredoc body: read-only for transforms. */
  inHeredoc: boolean;
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '!', '{', '}', 'time']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const REDIRECT = /^[0-9]*(>>?|<<?|>&|<&|&>|>\|)/;

export function tokenizeShell(lt: LogicalText): ShellCommand[] {
  return tokenize(lt.text, (from, to) => spanOf(lt, from, to), false);
}

/**
 * The commands of `text` when every character of it sits at source offset `at` (a `sh -c` script:
 * its commands all point at the script word). As `tokenizeShell` with an offset map of `at`s,
 * without building that map.
 */
export function tokenizeShellAt(text: string, at: number, inHeredoc: boolean): ShellCommand[] {
  return tokenize(text, (from, to) => ({ start: at, end: to <= from ? at : at + 1 }), inHeredoc);
}

/** Maps logical indices `[from, to)` of the tokenized text to a source span. */
type SpanAt = (from: number, to: number) => Span;

/**
 * The tokenizer behind `tokenizeShell`. Hot (every RUN of every document of every pass), so it
 * appends runs of plain characters to a word's value as one slice instead of char by char, and
 * compares characters instead of slicing.
 */
function tokenize(text: string, span: SpanAt, inHeredoc: boolean): ShellCommand[] {
  const len = text.length;
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let firstFrom = 0;
  let lastTo = 0;
  let before: string | null = null;
  const flush = (op: string | null): void => {
    if (words.length > 0) {
      commands.push(makeCommand(words, span(firstFrom, lastTo), before, op, inHeredoc));
      words = [];
    }
    before = op;
  };

  let i = 0;
  while (i < len) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      flush('\n');
      i++;
      continue;
    }
    if (c === '#') {
      while (i < len && text[i] !== '\n') i++;
      continue;
    }
    if ((c === '&' || c === '|') && text[i + 1] === c) {
      flush(c === '&' ? '&&' : '||');
      i += 2;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      flush(c);
      i++;
      continue;
    }
    const from = i;
    let value = '';
    // Start of the characters not yet added to `value` (plain ones, and expansions kept as written).
    let plain = i;
    while (i < len) {
      const ch = text[i] as string;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ';' || ch === '(' || ch === ')') break;
      if (ch === '&' || ch === '|') {
        // `2>&1` and `>|` stay inside a redirection word.
        const prev = i > from ? text[i - 1] : '';
        if (!(ch === '&' && (prev === '<' || prev === '>')) && !(ch === '|' && prev === '>')) break;
      }
      if (ch === '\\' && i + 1 < len) {
        value += text.slice(plain, i) + (text[i + 1] as string);
        i += 2;
        plain = i;
      } else if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        const end = close === -1 ? len : close;
        value += text.slice(plain, i) + text.slice(i + 1, end);
        i = end + 1;
        plain = i;
      } else if (ch === '"') {
        value += text.slice(plain, i);
        i++;
        let seg = i;
        while (i < len && text[i] !== '"') {
          const q = text[i] as string;
          if (q === '\\' && i + 1 < len && '$`"\\\n'.includes(text[i + 1] as string)) {
            value += text.slice(seg, i) + (text[i + 1] as string);
            i += 2;
            seg = i;
          } else if (q === '$' && text[i + 1] === '(') {
            // Kept as written: part of the current run.
            i = skipBalanced(text, i + 1, '(', ')');
          } else i++;
        }
        value += text.slice(seg, i);
        i++;
        plain = i;
      } else if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
        const open = text[i + 1] as string;
        i = skipBalanced(text, i + 1, open, open === '(' ? ')' : '}');
      } else if (ch === '`') {
        const close = text.indexOf('`', i + 1);
        i = close === -1 ? len : close + 1;
      } else i++;
    }
    if (plain < i) value += text.slice(plain, i);
    const to = Math.min(i, len);
    if (words.length === 0) firstFrom = from;
    lastTo = to;
    words.push({ value, raw: text.slice(from, to), range: span(from, to) });
  }
  flush(null);
  for (let k = 0; k < commands.length - 1; k++) (commands[k] as ShellCommand).after = (commands[k + 1] as ShellCommand).before;
  return commands;
}

function skipBalanced(text: string, openIndex: number, open: string, close: string): number {
  let depth = 0;
  for (let i = openIndex; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return i + 1;
  }
  return text.length;
}

const REDIRECT_WITH_TARGET = /^[0-9]*(>>?|<|>\||&>)$/;

function makeCommand(words: ShellWord[], range: Span, before: string | null, after: string | null, inHeredoc: boolean): ShellCommand {
  const assignments: ShellWord[] = [];
  const argv: ShellWord[] = [];
  let seenCommand = false;
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as ShellWord;
    if (REDIRECT.test(w.raw)) {
      // `> file` takes the next word as its target; `>file` and `2>&1` do not.
      if (REDIRECT_WITH_TARGET.test(w.raw)) k++;
      continue;
    }
    if (!seenCommand && RESERVED.has(w.raw)) continue;
    if (!seenCommand && ASSIGNMENT.test(w.raw)) {
      assignments.push(w);
      continue;
    }
    seenCommand = true;
    argv.push(w);
  }
  return { words, assignments, argv, range, before, after, inHeredoc };
}

/**
 * The shell commands of a RUN (or an ONBUILD RUN): the command line, and, with `includeHeredocs`,
 * the scripts in its heredoc bodies (marked `inHeredoc`, never to be edited). Exec-form RUNs
 * (`RUN ["go", "build"]`) yield one command whose words are the JSON strings.
 */
const commandCache = new MemoSlot<Instruction, { line?: readonly ShellCommand[]; all?: readonly ShellCommand[] }>();

export function shellCommands(doc: DockerfileDocument, instruction: Instruction, includeHeredocs = false): ShellCommand[] {
  // Rules ask for the same RUN's commands many times; an instruction belongs to one document, so
  // its commands are computed once. Frozen: callers share the result.
  let cached = commandCache.get(instruction);
  if (!cached) {
    cached = {};
    commandCache.set(instruction, cached);
  }
  const key = includeHeredocs ? 'all' : 'line';
  const hit = cached[key];
  if (hit) return hit as ShellCommand[];
  const commands = computeShellCommands(doc, instruction, includeHeredocs);
  // Room for what helpers derive from this very array (withScripts, packageCommands: see memo.ts),
  // made before freezing; not enumerable, so the array reads and compares as a plain array.
  Object.defineProperty(commands, 'memo', { value: [], enumerable: false });
  const computed = Object.freeze(commands);
  cached[key] = computed;
  return computed as ShellCommand[];
}

function computeShellCommands(doc: DockerfileDocument, instruction: Instruction, includeHeredocs: boolean): ShellCommand[] {
  const lt = instruction.logical;
  const base = instruction.argsIndex;
  const text = base === 0 ? lt.text : lt.text.slice(base);
  const offsets = lt.offsets;
  // As tokenizeShell(sliceLogical(lt, base)), reading the offsets in place instead of copying them.
  const last = offsets[offsets.length - 1] as number;
  const span: SpanAt = (from, to) => {
    const start = offsets[base + from] ?? last;
    return to <= from ? { start, end: start } : { start, end: (offsets[base + to - 1] as number) + 1 };
  };
  const exec = execFormText(text, span);
  const commands = exec ? [exec] : tokenize(text, span, false);
  if (includeHeredocs) {
    for (const h of instruction.heredocs) {
      const at = h.bodyRange.start;
      const body = doc.source.text.slice(at, h.bodyRange.end);
      // The body is source text as is: logical index k is source offset at + k.
      for (const cmd of tokenize(body, (from, to) => ({ start: at + from, end: to <= from ? at + from : at + to }), true)) commands.push(cmd);
    }
  }
  return commands;
}

/** Whether the arguments text is exec form (`execForm` would not return null), without building its words. */
export function isExecForm(argsText: string): boolean {
  return execArray(argsText.trimEnd()) !== null;
}

/** The strings of a JSON array of strings (`text` already trimmed at the end); null for anything else. */
function execArray(text: string): string[] | null {
  if (!text.startsWith('[') || !text.endsWith(']')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? (parsed as string[]) : null;
}

/** Reads `["a", "b"]` exec form; null when the arguments are not a JSON array of strings. */
export function execForm(args: LogicalText): ShellCommand | null {
  return execFormText(args.text, (from, to) => spanOf(args, from, to));
}

function execFormText(argsText: string, span: SpanAt): ShellCommand | null {
  const text = argsText.trimEnd();
  const parsed = execArray(text);
  if (parsed === null) return null;
  const words: ShellWord[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(text)) !== null && k < parsed.length) {
    words.push({ value: parsed[k++] as string, raw: m[0], range: span(m.index, m.index + m[0].length) });
  }
  const range = span(0, text.length);
  return { words, assignments: [], argv: words, range, before: null, after: null, inHeredoc: false };
}
