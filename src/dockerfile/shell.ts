import { sliceLogical, spanOf, type LogicalText } from './logical.js';
import type { DockerfileDocument, Instruction } from './model.js';
import type { Span } from './source.js';

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
  const text = lt.text;
  const commands: ShellCommand[] = [];
  let words: Array<ShellWord & { from: number; to: number }> = [];
  let before: string | null = null;
  const flush = (op: string | null): void => {
    if (words.length > 0) {
      const first = words[0] as { from: number };
      const last = words[words.length - 1] as { to: number };
      commands.push(makeCommand(words, spanOf(lt, first.from, last.to), before, op));
      words = [];
    }
    before = op;
  };

  let i = 0;
  while (i < text.length) {
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
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      flush(two);
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
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ';' || ch === '(' || ch === ')') break;
      if (ch === '&' || ch === '|') {
        // `2>&1` and `>|` stay inside a redirection word.
        if (!(ch === '&' && /[<>]$/.test(text.slice(from, i))) && !(ch === '|' && text[i - 1] === '>')) break;
      }
      if (ch === '\\' && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
      } else if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        const end = close === -1 ? text.length : close;
        value += text.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1] as string)) {
            value += text[i + 1];
            i += 2;
          } else if (text[i] === '$' && text[i + 1] === '(') {
            const end = skipBalanced(text, i + 1, '(', ')');
            value += text.slice(i, end);
            i = end;
          } else value += text[i++];
        }
        i++;
      } else if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
        const open = text[i + 1] as string;
        const end = skipBalanced(text, i + 1, open, open === '(' ? ')' : '}');
        value += text.slice(i, end);
        i = end;
      } else if (ch === '`') {
        const close = text.indexOf('`', i + 1);
        const end = close === -1 ? text.length : close + 1;
        value += text.slice(i, end);
        i = end;
      } else {
        value += ch;
        i++;
      }
    }
    const to = Math.min(i, text.length);
    words.push({ value, raw: text.slice(from, to), range: spanOf(lt, from, to), from, to });
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

function makeCommand(
  words: Array<ShellWord & { from: number; to: number }>,
  range: Span,
  before: string | null,
  after: string | null,
): ShellCommand {
  const clean: ShellWord[] = words.map(({ value, raw, range: r }) => ({ value, raw, range: r }));
  const assignments: ShellWord[] = [];
  const argv: ShellWord[] = [];
  let seenCommand = false;
  for (let k = 0; k < clean.length; k++) {
    const w = clean[k] as ShellWord;
    if (REDIRECT.test(w.raw)) {
      // `> file` takes the next word as its target; `>file` and `2>&1` do not.
      if (/^[0-9]*(>>?|<|>\||&>)$/.test(w.raw)) k++;
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
  return { words: clean, assignments, argv, range, before, after, inHeredoc: false };
}

/**
 * The shell commands of a RUN (or an ONBUILD RUN): the command line, and, with `includeHeredocs`,
 * the scripts in its heredoc bodies (marked `inHeredoc`, never to be edited). Exec-form RUNs
 * (`RUN ["go", "build"]`) yield one command whose words are the JSON strings.
 */
const commandCache = new WeakMap<Instruction, { line?: readonly ShellCommand[]; all?: readonly ShellCommand[] }>();

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
  const computed = Object.freeze(computeShellCommands(doc, instruction, includeHeredocs));
  cached[key] = computed;
  return computed as ShellCommand[];
}

function computeShellCommands(doc: DockerfileDocument, instruction: Instruction, includeHeredocs: boolean): ShellCommand[] {
  const args = sliceLogical(instruction.logical, instruction.argsIndex);
  const exec = execForm(args);
  const commands = exec ? [exec] : tokenizeShell(args);
  if (includeHeredocs) {
    for (const h of instruction.heredocs) {
      const body = doc.source.text.slice(h.bodyRange.start, h.bodyRange.end);
      const offsets = Array.from({ length: body.length + 1 }, (_, k) => h.bodyRange.start + k);
      for (const cmd of tokenizeShell({ text: body, offsets })) commands.push({ ...cmd, inHeredoc: true });
    }
  }
  return commands;
}

/** Reads `["a", "b"]` exec form; null when the arguments are not a JSON array of strings. */
export function execForm(args: LogicalText): ShellCommand | null {
  const text = args.text.trimEnd();
  if (!text.startsWith('[') || !text.endsWith(']')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) return null;
  const words: ShellWord[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(text)) !== null && k < parsed.length) {
    words.push({ value: parsed[k++] as string, raw: m[0], range: spanOf(args, m.index, m.index + m[0].length) });
  }
  const range = spanOf(args, 0, text.length);
  return { words, assignments: [], argv: words, range, before: null, after: null, inHeredoc: false };
}
