import { spanOf, type LogicalText } from './logical.js';
import type { Span } from './source.js';
import { CR, DQ, LF, SPACE, SQ, TAB } from './char-codes.js';

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


function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** Splits a logical text into words, honouring single and double quotes and the escape character. */
export function splitWords(lt: LogicalText, start: number, escape: string): Word[] {
  const words: Word[] = [];
  let i = start;
  for (;;) {
    const word = readWord(lt, i, escape);
    if (word === null) return words;
    words.push(word);
    i = word.to;
  }
}

/**
 * The first word at or after `start` (null when only spaces are left): what `splitWords(lt, start,
 * escape)[0]` is, without splitting the rest. The value is built from slices between quotes and
 * escapes, so a plain word costs one slice.
 */
export function readWord(lt: LogicalText, start: number, escape: string): Word | null {
  const text = lt.text;
  const n = text.length;
  const esc = escape.charCodeAt(0);
  let i = start;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  if (i >= n) return null;
  const from = i;
  let value = '';
  let seg = i; // text[seg, i) is value not yet copied
  let quote = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) {
        value += text.slice(seg, i);
        quote = 0;
        seg = i + 1;
      } else if (c === esc && quote === DQ && i + 1 < n) {
        // The escaped character is kept as it is: it starts the next slice.
        value += text.slice(seg, i);
        seg = ++i;
      }
    } else if (isSpace(c)) break;
    else if (c === DQ || c === SQ) {
      value += text.slice(seg, i);
      quote = c;
      seg = i + 1;
    } else if (c === esc && i + 1 < n) {
      value += text.slice(seg, i);
      seg = ++i;
    }
    i++;
  }
  const raw = text.slice(from, i);
  value = seg === from ? raw : value + text.slice(seg, i);
  return { value, raw, range: spanOf(lt, from, i), from, to: i };
}

/**
 * Reads leading `--flags`. dockerfile-ast splits a quoted value at spaces and keeps the quote
 * (`--mount="type=cache,target=/x y"`); BuildKit strips the quotes and keeps the space, as here.
 * Returns the flags and the logical index where the arguments begin.
 */
export function parseFlags(lt: LogicalText, escape: string): { flags: Flag[]; argsIndex: number } {
  const flags: Flag[] = [];
  const text = lt.text;
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    // `--` followed by something that is not a space.
    if (i + 2 >= n || text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 45 || isSpace(text.charCodeAt(i + 2))) break;
    const word = readWord(lt, i, escape);
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
  while (i < n && isSpace(text.charCodeAt(i))) i++;
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
