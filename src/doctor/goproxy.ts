/**
 * Walking a GOPROXY list the way cmd/go/internal/modfetch does. The list itself is read by the
 * product's one GOPROXY parser, `parseGoproxy` in src/go/proxy.ts (re-exported here).
 */

import { type ProxyEntry } from '../go/proxy.js';
import type { EntryRole } from './types.js';

export { DEFAULT_GOPROXY, parseGoproxy, type ProxyEntry, type ProxyList } from '../go/proxy.js';

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
