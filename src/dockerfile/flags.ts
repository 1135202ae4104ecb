import { spanOf, type LogicalText } from './logical.js';
import type { Span } from './source.js';

/** A `--name[=value]` flag on RUN, COPY, ADD or FROM, as BuildKit reads it (quotes removed). */
export interface Flag {
  name: string;
  value: string | null;
  /** The whole flag in the source, `--` to the end of its value. */
  range: Span;
  valueRange: Span | null;
}

/** A whitespace-separated word of the instruction's arguments. */
export interface Word {
  /** With quotes removed (BuildKit's view). */
  value: string;
  /** As written. */
  raw: string;
  range: Span;
  /** Index range in the logical text. */
  from: number;
  to: number;
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Splits a logical text into words, honouring single and double quotes and the escape character. */
export function splitWords(lt: LogicalText, start: number, escape: string): Word[] {
  const words: Word[] = [];
  const text = lt.text;
  let i = start;
  while (i < text.length) {
    while (i < text.length && isSpace(text[i])) i++;
    if (i >= text.length) break;
    const from = i;
    let value = '';
    let quote: string | null = null;
    while (i < text.length) {
      const c = text[i] as string;
      if (quote) {
        if (c === quote) quote = null;
        else if (c === escape && quote === '"' && i + 1 < text.length) value += text[++i];
        else value += c;
      } else if (isSpace(c)) break;
      else if (c === '"' || c === "'") quote = c;
      else if (c === escape && i + 1 < text.length) value += text[++i];
      else value += c;
      i++;
    }
    words.push({ value, raw: text.slice(from, i), range: spanOf(lt, from, i), from, to: i });
  }
  return words;
}

/**
 * Reads leading `--flags`. dockerfile-ast splits a quoted value at spaces and keeps the quote
 * (`--mount="type=cache,target=/x y"`); BuildKit strips the quotes and keeps the space, as here.
 * Returns the flags and the logical index where the arguments begin.
 */
export function parseFlags(lt: LogicalText, escape: string): { flags: Flag[]; argsIndex: number } {
  const flags: Flag[] = [];
  const text = lt.text;
  let i = 0;
  for (;;) {
    while (i < text.length && isSpace(text[i])) i++;
    if (!text.startsWith('--', i) || i + 2 >= text.length || isSpace(text[i + 2])) break;
    const [word] = splitWords(lt, i, escape);
    if (!word) break;
    const eq = word.raw.indexOf('=');
    const nameEnd = eq === -1 ? word.raw.length : eq;
    const name = word.raw.slice(2, nameEnd);
    const value = eq === -1 ? null : word.value.slice(word.value.indexOf('=') + 1);
    flags.push({
      name,
      value,
      range: word.range,
      valueRange: eq === -1 ? null : spanOf(lt, word.from + eq + 1, word.to),
    });
    i = word.to;
  }
  while (i < text.length && isSpace(text[i])) i++;
  return { flags, argsIndex: i };
}

/** One `key=value` (or bare `key`) of a comma-separated flag value such as `--mount`. */
export interface FlagOption {
  key: string;
  value: string | null;
}

/**
 * Splits a flag value like `type=cache,target=/go/pkg/mod,sharing=locked` the way BuildKit does
 * (a CSV record: a field may be quoted to hold commas). Keys are lower-cased; order is kept.
 */
export function parseFlagOptions(value: string): FlagOption[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '"') {
      if (quoted && value[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields
    .map((f) => f.trim())
    .filter((f) => f !== '')
    .map((f) => {
      const eq = f.indexOf('=');
      return eq === -1 ? { key: f.toLowerCase(), value: null } : { key: f.slice(0, eq).toLowerCase(), value: f.slice(eq + 1) };
    });
}

/** A `--mount` flag's options, read into the fields transforms ask about. */
export interface Mount {
  type: string;
  target: string | null;
  id: string | null;
  options: FlagOption[];
}

const mountCache = new Map<string, Mount>();

/** Parses a `--mount` value; memoized (rules ask about the same mounts many times). Treat as read-only. */
export function parseMount(value: string): Mount {
  let mount = mountCache.get(value);
  if (!mount) {
    // Bounded: a sweep sees few distinct mount values, but never let it grow without limit.
    if (mountCache.size > 5000) mountCache.clear();
    mount = readMount(value);
    mountCache.set(value, mount);
  }
  return mount;
}

function readMount(value: string): Mount {
  const options = parseFlagOptions(value);
  const get = (...keys: string[]): string | null => {
    for (const o of options) if (keys.includes(o.key)) return o.value;
    return null;
  };
  return {
    // BuildKit's default mount type is bind.
    type: (get('type') ?? 'bind').toLowerCase(),
    target: get('target', 'dst', 'destination'),
    id: get('id'),
    options,
  };
}
