/**
 * GOPROXY lists, as cmd/go/internal/modfetch reads and walks them.
 *
 * - Entries are separated by `,` or `|`. The separator AFTER an entry decides what happens when that
 *   entry fails: after `,` go moves on only when the entry answers 404 or 410 (not found); after `|`
 *   it moves on after any error (timeout, refused, TLS, 5xx, ...).
 * - `direct` fetches from the module's version control host; `off` forbids network access. Either one
 *   ends the list: go ignores anything after it.
 * - An entry without a scheme that looks like a host (has `.`, `:` or `/`) gets `https://`.
 * - An empty GOPROXY means the default.
 */

import type { EntryRole } from './types.js';

export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';

export type ProxyEntry =
  | { kind: 'url'; url: string; fallBackOnError: boolean }
  | { kind: 'direct'; fallBackOnError: boolean }
  | { kind: 'off'; fallBackOnError: boolean };

export interface ProxyList {
  entries: ProxyEntry[];
  /** Entries after `direct` or `off`, which go never uses. */
  ignored: string[];
  /** Why go would reject this GOPROXY value; null when it is valid. */
  error: string | null;
}

export function parseGoproxy(value: string): ProxyList {
  const entries: ProxyEntry[] = [];
  const ignored: string[] = [];
  let rest = value.trim() === '' ? DEFAULT_GOPROXY : value;
  let ended = false;
  while (rest !== '') {
    const i = rest.search(/[,|]/);
    const raw = (i >= 0 ? rest.slice(0, i) : rest).trim();
    const fallBackOnError = i >= 0 && rest[i] === '|';
    rest = i >= 0 ? rest.slice(i + 1) : '';
    if (raw === '') continue;
    if (ended) {
      ignored.push(raw);
      continue;
    }
    if (raw === 'off' || raw === 'direct') {
      entries.push({ kind: raw, fallBackOnError });
      ended = true;
      continue;
    }
    let url = raw;
    if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/')) url = 'https://' + url;
    const problem = proxyUrlProblem(url);
    if (problem) return { entries, ignored, error: `invalid GOPROXY entry "${raw}": ${problem}` };
    entries.push({ kind: 'url', url: url.replace(/\/+$/, ''), fallBackOnError });
  }
  if (entries.length === 0) return { entries, ignored, error: 'GOPROXY list is not the empty string, but contains no entries' };
  return { entries, ignored, error: null };
}

function proxyUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'missing scheme (write https://host or direct/off)';
  }
  if (!['https:', 'http:', 'file:'].includes(parsed.protocol)) return 'scheme must be https, http or file';
  if (parsed.protocol !== 'file:' && parsed.hostname === '') return 'missing host';
  return null;
}

export function entryName(entry: ProxyEntry): string {
  return entry.kind === 'url' ? entry.url : entry.kind;
}

/** The list written back as a GOPROXY value. */
export function formatGoproxy(entries: ProxyEntry[]): string {
  return entries.map((e, i) => entryName(e) + (i < entries.length - 1 ? (e.fallBackOnError ? '|' : ',') : '')).join('');
}

/** The same list with `|` after the first `upTo + 1` entries, so go falls back from them on any error. */
export function withPipeFallback(entries: ProxyEntry[], upTo: number): string {
  return formatGoproxy(entries.map((e, i) => (i <= upTo ? { ...e, fallBackOnError: true } : e)));
}

/** What one entry's probe means for the walk: answered, answered 404/410, or failed otherwise. */
export type EntryOutcome = 'ok' | 'not-found' | 'error';

export type WalkResult =
  | { kind: 'used'; index: number }
  | { kind: 'failed'; index: number }
  | { kind: 'off'; index: number }
  | { kind: 'exhausted' };

export interface ChainWalk {
  roles: EntryRole[];
  result: WalkResult;
}

/**
 * Walks the list the way go does for one module: the first entry that answers is used; a 404/410
 * falls through; any other error falls through only after `|`, and otherwise stops the walk there.
 * Reaching `off` stops with "network forbidden". Outcomes of `off` entries are ignored.
 */
export function walkChain(entries: ProxyEntry[], outcomes: EntryOutcome[]): ChainWalk {
  const roles: EntryRole[] = entries.map(() => 'not-reached');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as ProxyEntry;
    if (entry.kind === 'off') {
      roles[i] = 'stopped';
      return { roles, result: { kind: 'off', index: i } };
    }
    const outcome = outcomes[i] ?? 'error';
    if (outcome === 'ok') {
      roles[i] = 'used';
      return { roles, result: { kind: 'used', index: i } };
    }
    if (outcome === 'not-found' || entry.fallBackOnError) {
      roles[i] = 'fell-through';
      continue;
    }
    roles[i] = 'stopped';
    return { roles, result: { kind: 'failed', index: i } };
  }
  return { roles, result: { kind: 'exhausted' } };
}
