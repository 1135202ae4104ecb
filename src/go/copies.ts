import { parseMount, splitWords, type DockerfileDocument, type Instruction } from '../dockerfile/index.js';
import { MemoSlot } from '../dockerfile/memo.js';

/** What a COPY/ADD takes and where it puts it. */
export interface CopyArgs {
  instruction: Instruction;
  /** Sources as BuildKit reads them (quotes removed, variables not expanded). */
  sources: string[];
  /** The destination as written (quotes removed). */
  dest: string;
  /** From the build context: no `--from`, no heredoc, not a URL/git source. */
  fromContext: boolean;
  jsonForm: boolean;
}

const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/;

/** Reads a top-level COPY/ADD (not an ONBUILD trigger); null for anything else or a COPY with no destination. */
export function copyArgs(doc: DockerfileDocument, instruction: Instruction): CopyArgs | null {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return null;
  // Read for every COPY by many rules, often once per need or stage: kept per instruction (which
  // belongs to one document), frozen since callers share it.
  let args = cache.get(instruction);
  if (args === undefined) {
    args = freezeOperands(readCopyArgs(doc, instruction));
    cache.set(instruction, args);
  }
  return args;
}

/** Freezes COPY operands kept per instruction and shared by callers (a caller that changed them would throw). */
export function freezeOperands<T extends { sources: string[] }>(ops: T | null): T | null {
  if (ops !== null) {
    Object.freeze(ops.sources);
    Object.freeze(ops);
  }
  return ops;
}

const cache = new MemoSlot<Instruction, CopyArgs | null>();

function readCopyArgs(doc: DockerfileDocument, instruction: Instruction): CopyArgs | null {
  const text = instruction.logical.text.slice(instruction.argsIndex).trimEnd();
  let words: string[] | null = null;
  let jsonForm = false;
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) {
        words = parsed as string[];
        jsonForm = true;
      }
    } catch {
      // Not JSON: BuildKit reads it as the shell form.
    }
  }
  words ??= splitWords(instruction.logical, instruction.argsIndex, doc.escape).map((w) => w.value);
  if (words.length < 2) return null;
  const sources = words.slice(0, -1);
  const dest = words[words.length - 1] as string;
  const fromContext =
    !instruction.flags.some((f) => f.name === 'from') &&
    instruction.heredocs.length === 0 &&
    !sources.some((s) => s.startsWith('<<') || REMOTE.test(s));
  return { instruction, sources, dest, fromContext, jsonForm };
}

/** A source path relative to the context root, normalised: `./a/` -> `a`, `.`/`./`/`/` -> `.`. */
export function normalizeSource(source: string): string {
  // One plain name (`go.mod`, `main.go`) is already normal.
  if (!source.includes('/') && source !== '' && source !== '.' && source !== '..') return source;
  const parts: string[] = [];
  for (const part of source.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

/** A source that brings the whole build context: `.`, `./`, `/`, `*`, `./*`. */
export function isWholeContext(source: string): boolean {
  const n = normalizeSource(source);
  return n === '.' || n === '*';
}

/** Whether a RUN bind-mounts files from the build context (`--mount=type=bind` without `from=`). */
export function bindMountsContext(run: Instruction): Array<{ source: string; target: string | null }> {
  const out: Array<{ source: string; target: string | null }> = [];
  for (const f of run.flags) {
    if (f.name !== 'mount' || f.value === null) continue;
    const m = parseMount(f.value);
    if (m.type !== 'bind' || m.options.some((o) => o.key === 'from')) continue;
    const source = m.options.find((o) => o.key === 'source' || o.key === 'src')?.value ?? '.';
    out.push({ source, target: m.target });
  }
  return out;
}
