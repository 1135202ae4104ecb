/**
 * The verdict on a whole GOPROXY list for one module, from the walk and each entry's failure.
 */

import { entryName as rawEntryName, withPipeFallback as rawWithPipeFallback, formatGoproxy as rawFormatGoproxy, type ChainWalk, type ProxyEntry } from './goproxy.js';
import { redactUrl } from './http-proxy.js';
import { MIRROR_FIX } from './advice.js';
import type { Check, Failure } from './types.js';

export interface ChainInput {
  entries: ProxyEntry[];
  walk: ChainWalk;
  /** Per entry: why it failed (network or HTTP), or null when it answered. */
  failures: Array<Failure | null>;
  /** Per entry: it answered the module list (for "a later entry would work"). */
  answered: boolean[];
  module: string;
  /** GOFLAGS has -mod=vendor: downloads are not expected. */
  vendored: boolean;
}

// Everything printed is redacted: a GOPROXY URL may carry user:password.
const entryName = (e: ProxyEntry): string => redactUrl(rawEntryName(e));
const formatGoproxy = (entries: ProxyEntry[]): string => redactUrl(rawFormatGoproxy(entries));
const withPipeFallback = (entries: ProxyEntry[], upTo: number): string => redactUrl(rawWithPipeFallback(entries, upTo));

/** "timed out", "answered 403", ... : what an entry did, for a sentence about it. */
export function describeFailure(f: Failure | null): string {
  if (!f) return 'failed';
  const code = f.code ? ` (${f.code})` : '';
  switch (f.class) {
    case 'http':
      return `answered ${f.httpStatus ?? '?'}`;
    case 'timeout':
      return 'timed out';
    case 'refused':
      return 'refused the connection';
    case 'dns':
      return `does not resolve${code}`;
    case 'tls':
      return `failed TLS verification${code}`;
    case 'reset':
      return `reset the connection${code}`;
    case 'unreachable':
      return `is unreachable${code}`;
    case 'proxy':
      return `could not be reached through the HTTP proxy (${f.httpStatus ?? '?'})`;
    case 'config':
      return 'is misconfigured';
    case 'error':
      return `failed${code}`;
  }
}

export function chainVerdict(input: ChainInput, id: string): Check {
  const { entries, walk, failures, answered, module } = input;
  const base = { id, kind: 'config' as const, ms: null };
  const label = `GOPROXY=${formatGoproxy(entries)} for ${module}`;
  const r = walk.result;
  if (r.kind === 'used') {
    const used = entries[r.index] as ProxyEntry;
    const slow = walk.roles.slice(0, r.index).map((role, i) => (role === 'fell-through' && failures[i]?.class !== 'http' ? i : -1)).filter((i) => i >= 0);
    if (slow.length > 0) {
      const names = slow.map((i) => entryName(entries[i] as ProxyEntry)).join(', ');
      return {
        ...base,
        label,
        status: 'warn',
        detail: `go uses ${entryName(used)}, but only after ${names} fails on every request`,
        failure: { class: 'config' },
        advice: {
          cause: `${names} ${slow.length > 1 ? 'fail' : 'fails'} (${slow.map((i) => describeFailure(failures[i] ?? null)).join(', ')}); "|" makes go move on, but every fetch waits for it first`,
          fix: [`--build-arg GOPROXY=${formatGoproxy(entries.filter((_e, i) => !slow.includes(i)))}`],
        },
      };
    }
    return { ...base, label, status: 'ok', detail: `go mod download uses ${entryName(used)}` };
  }
  if (r.kind === 'off') {
    const cause =
      r.index === 0
        ? 'GOPROXY=off forbids all module downloads: go mod download fails ("module lookup disabled by GOPROXY=off") unless every module is vendored or already in the module cache'
        : `every entry before "off" fell through, and "off" forbids the network`;
    if (input.vendored) return { ...base, label, status: 'warn', detail: `${cause}; GOFLAGS has -mod=vendor, so that may be intended`, failure: { class: 'config' } };
    return {
      ...base,
      label,
      status: 'failed',
      detail: 'network forbidden by GOPROXY=off',
      failure: { class: 'config' },
      advice: { cause, fix: ['docker build --build-arg GOPROXY=https://proxy.golang.org,direct .', MIRROR_FIX, 'or vendor: go mod vendor, and build with -mod=vendor'] },
    };
  }
  if (r.kind === 'failed') {
    const stopped = entries[r.index] as ProxyEntry;
    const f = failures[r.index] ?? null;
    const laterWorks = answered.findIndex((a, i) => a && i > r.index);
    const hang = f?.class === 'timeout' ? 'go mod download hangs: ' : '';
    const fix: string[] = [];
    if (laterWorks >= 0) {
      fix.push(`--build-arg GOPROXY=${withPipeFallback(entries, laterWorks - 1)}   ("|" falls back on any error)`);
      fix.push(`or drop it: --build-arg GOPROXY=${formatGoproxy(entries.filter((_e, i) => i !== r.index))}`);
    } else if (stopped.kind === 'url' && new URL(stopped.url).hostname === 'proxy.golang.org') {
      fix.push(MIRROR_FIX);
    } else {
      fix.push('see the failed steps above for the fix');
    }
    const after = r.index < entries.length - 1 ? ` and, after ",", does not try ${entries.slice(r.index + 1).map(entryName).join(', ')}` : '';
    return {
      ...base,
      label,
      status: 'failed',
      detail: `${hang}go stops at ${entryName(stopped)}, which ${describeFailure(f)}${after}`,
      failure: f ?? { class: 'error' },
      advice: {
        cause: `${entryName(stopped)} ${describeFailure(f)}; after "," go moves on only on 404/410${laterWorks >= 0 ? `, so it never reaches ${entryName(entries[laterWorks] as ProxyEntry)}, which works` : ''}`,
        fix,
      },
    };
  }
  return {
    ...base,
    label,
    status: 'failed',
    detail: `no entry has ${module} (every one answered 404/410 or fell through)`,
    failure: { class: 'http', httpStatus: 404 },
    advice: {
      cause: `none of the entries serves ${module}`,
      fix: [`check the module path (--module ${module})`, 'end the list with direct so go can fetch from the version control host: GOPROXY=<proxy>,direct'],
    },
  };
}
