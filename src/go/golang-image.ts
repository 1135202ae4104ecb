import { replaceWord, splitWords, type DockerfileDocument, type Instruction, type Stage, type TextEdit, type Word } from '../dockerfile/index.js';
import { compareGoVersions } from './gomod.js';
import { isGolangImage, parseImageRef } from './images.js';
import { MemoSlot } from '../dockerfile/memo.js';

/**
 * golang image references as Dockerfiles write them: `${ARG}`s resolved from global ARG defaults
 * (remembering which text came from where, so a version can be edited where it is written), and
 * the official image's tag scheme (`1.23`, `1.23.4-bookworm`, `alpine`, `latest`).
 */

// ---------------------------------------------------------------------------------------------
// The image reference, with `${ARG}`s from global ARGs resolved, and where each part came from.

/** The text an image reference was assembled from: the FROM word itself or a global ARG's value. */
export type Owner = { kind: 'from'; stage: Stage; template: string } | { kind: 'arg'; name: string; word: Word; template: string };

export interface Piece {
  text: string;
  /** Offset in the resolved string. */
  start: number;
  /** Null for text nobody wrote (an unset variable expanding to nothing). */
  owner: Owner | null;
  /** Offset in the owner's template. */
  at: number;
}

const VAR = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The latest global ARG before `limit` that gives `name` a value, with its word. */
function globalArg(doc: DockerfileDocument, name: string, limit: number): { arg: Instruction; word: Word; value: string } | null {
  let found: { arg: Instruction; word: Word; value: string } | null = null;
  for (const arg of doc.globalArgs) {
    if (arg.index >= limit) break;
    for (const word of splitWords(arg.logical, arg.argsIndex, doc.escape)) {
      const eq = word.value.indexOf('=');
      if (eq !== -1 && word.value.slice(0, eq) === name) found = { arg, word, value: word.value.slice(eq + 1) };
    }
  }
  return found;
}

/** Resolves `template` (owned by `owner`) into pieces; null when it uses an expansion we do not model. */
export function resolve(doc: DockerfileDocument, template: string, owner: Owner, limit: number, depth = 0): Piece[] | null {
  if (depth > 5) return null;
  const pieces: Piece[] = [];
  let length = 0;
  const push = (text: string, o: Owner | null, at: number): void => {
    if (text === '') return;
    pieces.push({ text, start: length, owner: o, at });
    length += text.length;
  };
  let last = 0;
  for (const m of template.matchAll(VAR)) {
    push(template.slice(last, m.index), owner, last);
    last = m.index + m[0].length;
    const name = (m[1] ?? m[4]) as string;
    const modifier = m[2];
    if (modifier === '+' || modifier === ':+') return null;
    const arg = globalArg(doc, name, limit);
    if (arg && arg.value !== '') {
      const inner = resolve(doc, arg.value, { kind: 'arg', name, word: arg.word, template: arg.value }, arg.arg.index, depth + 1);
      if (inner === null) return null;
      for (const p of inner) push(p.text, p.owner, p.at);
    } else if (modifier !== undefined) {
      // `${NAME:-default}`: the default is text of this template.
      push(m[3] ?? '', owner, m.index + 2 + name.length + modifier.length);
    }
    // An unset variable expands to nothing, as in BuildKit.
  }
  push(template.slice(last), owner, last);
  return pieces;
}

/** True when `text` expands the variable `name` (`$name`, `${name}`, `${name:-x}`, ...). */
export function refersToVar(text: string, name: string): boolean {
  const escaped = name.replace(/[^A-Za-z0-9_]/g, '');
  return new RegExp(`\\$(\\{${escaped}([:}+-]|$)|${escaped}(?![A-Za-z0-9_]))`).test(text);
}

export function joined(pieces: Piece[]): string {
  return pieces.map((p) => p.text).join('');
}

/**
 * An edit that replaces the resolved text `[from, to)` with `text`, made in whichever template
 * holds all of it (the FROM line or an ARG default); null when it spans several or none.
 */
export function editResolved(doc: DockerfileDocument, pieces: Piece[], from: number, to: number, text: string): TextEdit | null {
  const piece = pieces.find((p) => p.owner !== null && p.start <= from && to <= p.start + p.text.length && (from < p.start + p.text.length || from === to));
  if (!piece || piece.owner === null) return null;
  const owner = piece.owner;
  const local = piece.at + (from - piece.start);
  const template = owner.template.slice(0, local) + text + owner.template.slice(local + (to - from));
  if (owner.kind === 'from') {
    const range = owner.stage.imageRange;
    // A quoted or escaped image word is rewritten unquoted, which is only the same when nothing expands.
    if (doc.source.slice(range) !== owner.template && template.includes('$')) return null;
    return replaceWord({ range }, template);
  }
  if (owner.word.raw !== owner.word.value && template.includes('$')) return null;
  return replaceWord(owner.word, `${owner.name}=${template}`);
}

// ---------------------------------------------------------------------------------------------
// golang image tags.

export interface Tag {
  /** `1.21`, `1.21.5`, `1.22rc1`; null for a tag with no version (`latest`, `alpine`, `bookworm`). */
  version: string | null;
  /** `minor`: floats over patch releases; `exact`: a patch or pre-release; `floating`: no minor at all. */
  precision: 'exact' | 'minor' | 'floating';
  /** What follows the version, with its dash: `-alpine3.20`, `-bookworm`, ``. */
  variant: string;
}

/** Tags with no version: `latest` and the OS variants the official image publishes for the newest Go. */
export const VARIANT_ONLY = /^(alpine(\d+(\.\d+)*)?|bookworm|bullseye|buster|stretch|trixie|windowsservercore(-[\w.-]+)?|nanoserver(-[\w.-]+)?)$/;

export function parseTag(tag: string | null): Tag | null {
  if (tag === null || tag === 'latest') return { version: null, precision: 'floating', variant: '' };
  if (VARIANT_ONLY.test(tag)) return { version: null, precision: 'floating', variant: `-${tag}` };
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:rc|beta)\d+)?(-.+)?$/.exec(tag);
  if (!m) return null; // `tip`, `onbuild`, anything else: not ours to judge.
  const variant = m[5] ?? '';
  if (m[2] === undefined) return { version: null, precision: 'floating', variant };
  const version = tag.slice(0, tag.length - variant.length);
  return { version, precision: m[3] !== undefined || m[4] !== undefined ? 'exact' : 'minor', variant };
}

/** `` and `-alpine` are published with every Go release; OS-versioned variants come and go. */
export function isStableVariant(variant: string): boolean {
  return variant === '' || variant === '-alpine';
}

/**
 * The variant that is always published in place of an OS-versioned one: `-alpine` for
 * `-alpine3.18`, `` (Debian, the default) for a Debian release; null for Windows and anything else.
 */
export function variantFallback(variant: string): string | null {
  if (/^-alpine\d+(\.\d+)*$/.test(variant)) return '-alpine';
  if (/^-(bookworm|bullseye|buster|stretch|trixie)$/.test(variant)) return '';
  return null;
}

export const minorOf = (v: string): string => /^(\d+\.\d+)/.exec(v)?.[1] ?? v;
export const isPrerelease = (v: string): boolean => /(rc|beta)\d*$/.test(v);

/** Whether an image with this tag runs at least `required`. A minor tag floats to its newest patch. */
export function satisfies(tag: Tag, required: string): boolean {
  if (tag.version === null) return true;
  if (tag.precision === 'minor') return compareGoVersions(`${tag.version}.99999`, required) >= 0;
  return compareGoVersions(tag.version, required) >= 0;
}

/** The version to put in the tag, in the tag's own precision. */
export function bumpedVersion(tag: Tag, required: string): string {
  if (isPrerelease(required)) return required;
  if (tag.precision !== 'exact') return minorOf(required);
  return /^\d+\.\d+$/.test(required) ? `${required}.0` : required;
}

/**
 * The newest Go release this tool knows of (go1.27.0, August 2026). The Go project supports the
 * two newest major releases; a floating tag gives the newest one.
 */
export const NEWEST_GO = '1.27';

/**
 * The minor version to pin a floating tag (`latest`, `alpine`, `1`) to. A go line is a minimum, not
 * a target: the newest release this tool knows of (what the floating tag gives today, and
 * supported), or the required version itself when it is newer than that (or a pre-release).
 */
export function pinVersion(required: string): { version: string; newest: boolean } {
  if (isPrerelease(required)) return { version: required, newest: false };
  const minor = minorOf(required);
  return compareGoVersions(minor, NEWEST_GO) > 0 ? { version: minor, newest: false } : { version: NEWEST_GO, newest: true };
}

/** The Go version of the golang image a stage builds on (through `FROM <stage>`), or null when unknown. */
export function golangImageVersion(doc: DockerfileDocument, stage: Stage): { version: string; precision: 'exact' | 'minor' } | null {
  // Asked for every go command (module mode, cache rules): resolved once per document and stage.
  let byStage = versionCache.get(doc);
  if (!byStage) versionCache.set(doc, (byStage = new Map()));
  let found = byStage.get(stage.index);
  if (found === undefined) {
    found = computeGolangImageVersion(doc, stage);
    if (found !== null) Object.freeze(found);
    byStage.set(stage.index, found);
  }
  return found;
}

const versionCache = new MemoSlot<DockerfileDocument, Map<number, { version: string; precision: 'exact' | 'minor' } | null>>();

function computeGolangImageVersion(doc: DockerfileDocument, stage: Stage): { version: string; precision: 'exact' | 'minor' } | null {
  let root = stage;
  while (root.baseStage !== null) root = doc.stages[root.baseStage] as Stage;
  const pieces = resolve(doc, root.image, { kind: 'from', stage: root, template: root.image }, root.from.index);
  if (pieces === null) return null;
  const image = joined(pieces);
  if (!isGolangImage(image)) return null;
  const tag = parseTag(parseImageRef(image).tag);
  if (tag === null || tag.version === null || tag.precision === 'floating') return null;
  return { version: tag.version, precision: tag.precision };
}
