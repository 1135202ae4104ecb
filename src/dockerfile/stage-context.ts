import { splitWords } from './flags.js';
import type { DockerfileDocument, Instruction, Stage } from './model.js';
import { DOT, SLASH } from './char-codes.js';
import { MemoSlot } from './memo.js';

/**
 * What a stage's instructions see at a given point: ENV and ARG values, the working directory and
 * the user. Follows `FROM <earlier stage>` for what a stage inherits (ENV, WORKDIR, USER, and
 * under BuildKit the ARG values too).
 */
/** Shared between instructions and cached per document: read it, never mutate it. */
export interface StageContext {
  /** ENV and ARG values in effect (null: declared without a value). */
  readonly vars: Map<string, string | null>;
  /** Names set with ENV (as opposed to ARG). */
  readonly envNames: Set<string>;
  readonly workdir: string;
  readonly user: string | null;
}

interface MutableContext {
  vars: Map<string, string | null>;
  envNames: Set<string>;
  workdir: string;
  user: string | null;
}

const EMPTY: StageContext = { vars: new Map(), envNames: new Set(), workdir: '/', user: null };
const CHANGES_CONTEXT = new Set(['ENV', 'ARG', 'WORKDIR', 'USER']);

/** Per document and stage: the context before each instruction of the stage, then the stage's final context. */
const cache = new MemoSlot<DockerfileDocument, Map<number, StageContext[]>>();

/**
 * The context in effect just before `before` (or at the end of the stage when null). Computed
 * once per stage; instructions that change nothing share one object, so treat it as read-only.
 */
export function contextAt(doc: DockerfileDocument, stage: Stage, before: Instruction | null): StageContext {
  let byStage = cache.get(doc);
  if (!byStage) {
    byStage = new Map();
    cache.set(doc, byStage);
  }
  let contexts = byStage.get(stage.index);
  if (!contexts) {
    contexts = computeContexts(doc, stage);
    byStage.set(stage.index, contexts);
  }
  if (before === null || before.stage !== stage.index) return contexts[contexts.length - 1] as StageContext;
  // A stage's instructions follow its FROM in document order, so the position is usually the index
  // difference (checked; indexOf otherwise), instead of a search per call.
  const guess = before.index - stage.from.index - 1;
  const position = stage.instructions[guess] === before ? guess : stage.instructions.indexOf(before);
  return (position === -1 ? contexts[contexts.length - 1] : contexts[position]) as StageContext;
}

function computeContexts(doc: DockerfileDocument, stage: Stage): StageContext[] {
  let current: StageContext = stage.baseStage !== null ? inherit(contextAt(doc, doc.stages[stage.baseStage] as Stage, null)) : EMPTY;
  const contexts: StageContext[] = [];
  for (const instruction of stage.instructions) {
    contexts.push(current);
    if (CHANGES_CONTEXT.has(instruction.keyword)) {
      const next: MutableContext = { vars: new Map(current.vars), envNames: new Set(current.envNames), workdir: current.workdir, user: current.user };
      apply(doc, next, instruction);
      current = next;
    }
  }
  contexts.push(current);
  return contexts;
}

/**
 * What a stage built `FROM <stage>` starts with. ENV, WORKDIR and USER are in the image; BuildKit
 * also passes the parent's ARG values on (moby/buildkit#5381 documents it: "An ARG variable
 * declared inside a build stage is automatically inherited by other stages based on that stage").
 */
function inherit(base: StageContext): StageContext {
  return { vars: new Map(base.vars), envNames: new Set(base.envNames), workdir: base.workdir, user: base.user };
}

function apply(doc: DockerfileDocument, ctx: MutableContext, instruction: Instruction): void {
  switch (instruction.keyword) {
    case 'ENV':
      for (const [name, value] of readAssignments(doc, instruction, true)) {
        ctx.vars.set(name, value === null ? null : expand(value, ctx.vars));
        ctx.envNames.add(name);
      }
      break;
    case 'ARG':
      for (const [name, value] of readAssignments(doc, instruction, false)) {
        if (ctx.envNames.has(name)) continue; // ENV wins over ARG
        const global = value === null ? globalArgDefault(doc, name) : undefined;
        ctx.vars.set(name, value !== null ? expand(value, ctx.vars) : global ?? null);
      }
      break;
    case 'WORKDIR': {
      const dir = expand(argText(instruction).trim(), ctx.vars);
      ctx.workdir = joinPath(ctx.workdir, dir);
      break;
    }
    case 'USER':
      ctx.user = expand(argText(instruction).trim(), ctx.vars);
      break;
  }
}

function argText(instruction: Instruction): string {
  return instruction.logical.text.slice(instruction.argsIndex);
}

/** `ENV A=1 B="two words"`, legacy `ENV A 1 2`, `ARG A`, `ARG A=1`. */
export function readAssignments(doc: DockerfileDocument, instruction: Instruction, legacyForm: boolean): Array<[string, string | null]> {
  const words = splitWords(instruction.logical, instruction.argsIndex, doc.escape);
  const first = words[0];
  if (!first) return [];
  if (legacyForm && !first.value.includes('=')) {
    const rest = instruction.logical.text.slice(words[1]?.from ?? instruction.logical.text.length).trim();
    return [[first.value, unquote(rest)]];
  }
  return words.map((w) => {
    const eq = w.value.indexOf('=');
    return eq === -1 ? [w.value, null] : [w.value.slice(0, eq), w.value.slice(eq + 1)];
  });
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s;
}

function globalArgDefault(doc: DockerfileDocument, name: string): string | null | undefined {
  for (const arg of doc.globalArgs) {
    for (const [n, v] of readAssignments(doc, arg, false)) if (n === name) return v;
  }
  return undefined;
}

/** Expands `$X`, `${X}`, `${X:-default}` and `${X-default}` from known values; unknown ones stay as written. */
export function expand(value: string, vars: ReadonlyMap<string, string | null>): string {
  if (!value.includes('$')) return value; // nothing to expand (the common case)
  return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced, dflt, bare) => {
    const name = (braced ?? bare) as string;
    const v = vars.get(name);
    if (v !== undefined && v !== null && v !== '') return v;
    if (dflt !== undefined && whole.includes(':-')) return dflt as string;
    return whole;
  });
}

export function joinPath(base: string, path: string): string {
  if (path === '') return base;
  // Fast path (most calls: `/root` + `go`, `/go` + `pkg/mod`): when both are already clean, the
  // normalisation below would return exactly their concatenation.
  // One trailing slash (`/app/`, `bin/`) and a lone `.`/`./` (`COPY . .`) are common and clean up
  // the same way: the slash or the dot is simply dropped.
  const end = path.length > 1 && path.charCodeAt(path.length - 1) === SLASH ? path.length - 1 : path.length;
  if (path.charCodeAt(0) === SLASH) {
    if (cleanSegments(path, 1, end)) return end === path.length ? path : path.slice(0, end);
    if (path === '/') return path;
  } else if (isCleanAbsolute(base)) {
    if (path === '.' || path === './') return base;
    if (cleanSegments(path, 0, end)) {
      const rel = end === path.length ? path : path.slice(0, end);
      return base === '/' ? '/' + rel : base + '/' + rel;
    }
  }
  const joined = path.startsWith('/') ? path : `${base.replace(/\/+$/, '')}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}


/** `/` or `/a/b` with no empty, `.` or `..` segment and no trailing slash: what joinPath returns. */
function isCleanAbsolute(p: string): boolean {
  return p === '/' || (p.charCodeAt(0) === SLASH && cleanSegments(p, 1, p.length));
}

/** Whether `p` from `from` to `end` is one or more `/`-separated segments, none empty, `.` or `..`. */
function cleanSegments(p: string, from: number, end: number): boolean {
  let start = from;
  for (let k = from; k <= end; k++) {
    if (k < end && p.charCodeAt(k) !== SLASH) continue;
    const n = k - start;
    if (n === 0) return false;
    if (p.charCodeAt(start) === DOT && (n === 1 || (n === 2 && p.charCodeAt(start + 1) === DOT))) return false;
    start = k + 1;
  }
  return true;
}

/** The stage a FROM builds on, following `FROM <stage>` chains, and whether its image is external. */
export function rootImage(doc: DockerfileDocument, stage: Stage): string {
  let s = stage;
  while (s.baseStage !== null) s = doc.stages[s.baseStage] as Stage;
  return s.image;
}
