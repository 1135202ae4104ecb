import {
  readAssignments,
  replaceWord,
  shellCommands,
  splitWords,
  type DockerfileDocument,
  type Instruction,
  type ShellCommand,
  type Span,
  type Stage,
  type TextEdit,
} from '../dockerfile/index.js';
import { goInvocation } from './commands.js';
import { MemoSlot } from '../dockerfile/memo.js';

/**
 * Where a Dockerfile sets Go environment variables (GOPROXY, GOSUMDB, GOFLAGS, ...), and which of
 * those settings a given `go` command sees. Shared by the rules about the module proxy, the
 * checksum database and credentials.
 */

/**
 * - `env`: `ENV NAME=value` (persists into the image and into stages built FROM this one)
 * - `arg`: `ARG NAME[=default]` inside a stage
 * - `global-arg`: `ARG NAME[=default]` before the first FROM (visible to FROM lines only)
 * - `inline`: `NAME=value cmd` or `env NAME=value cmd` in a RUN (that command only)
 * - `export`: `export NAME=value` in a RUN (the rest of that RUN)
 * - `go-env-w`: `go env -w NAME=value` (the go env file: later RUNs, lower precedence than the environment)
 */
export type GoVarKind = 'env' | 'arg' | 'global-arg' | 'inline' | 'export' | 'go-env-w';

export interface GoVarSetting {
  name: string;
  /** The value with quotes removed and expansions left as written; null for `ARG NAME` without a default. */
  value: string | null;
  kind: GoVarKind;
  /** The top-level instruction (an ONBUILD for a trigger). */
  owner: Instruction;
  /** The ENV, ARG or RUN itself (the trigger of an ONBUILD). */
  target: Instruction;
  /** Stage index; -1 for a global ARG. */
  stage: number;
  /** The `NAME=value` word; for a legacy `ENV NAME value`, from NAME to the end of the value. */
  range: Span;
  /** `ENV NAME value` (no `=`). */
  legacy: boolean;
  /** The shell command of a RUN setting. */
  command: ShellCommand | null;
  /** Registered with ONBUILD: runs in a later build that uses this image, not in this one. */
  onbuild: boolean;
  /** In a heredoc body or an exec-form RUN, or spread over lines: never edited. */
  editable: boolean;
  /** How many variables the same ENV/ARG instruction sets (1 for RUN settings). */
  siblings: number;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;
const WRAPPERS = new Set(['env', 'sudo', 'exec', 'nice', 'timeout', 'nohup']);

interface Scanned {
  all: GoVarSetting[];
  /** `all` by name, each in file order. */
  byName: Map<string, GoVarSetting[]>;
}

const cache = new MemoSlot<DockerfileDocument, Scanned>();

function scanned(doc: DockerfileDocument): Scanned {
  let found = cache.get(doc);
  if (!found) {
    const all = scan(doc);
    const byName = new Map<string, GoVarSetting[]>();
    for (const s of all) {
      const list = byName.get(s.name);
      if (list) list.push(s);
      else byName.set(s.name, [s]);
    }
    found = { all, byName };
    cache.set(doc, found);
  }
  return found;
}

/** Every place the file sets one of `names`, in file order. */
export function goVarSettings(doc: DockerfileDocument, names: ReadonlySet<string>): GoVarSetting[] {
  const { all, byName } = scanned(doc);
  if (names.size === 1) {
    // Most callers ask for one name: its list, without a pass over every setting of the file.
    for (const name of names) return byName.get(name)?.slice() ?? [];
  }
  return all.filter((s) => names.has(s.name));
}

function scan(doc: DockerfileDocument): GoVarSetting[] {
  const out: GoVarSetting[] = [];
  for (const owner of doc.instructions) {
    const target = owner.trigger ?? owner;
    const onbuild = owner.trigger !== null;
    if (target.keyword === 'ENV' || target.keyword === 'ARG') scanAssignments(doc, owner, target, onbuild, out);
    // Every RUN setting is a `NAME=value` word, whose `=` is in the instruction's text (heredocs
    // included), or in an exec-form RUN possibly a JSON escape (`\u003d`).
    else if (target.keyword === 'RUN' && mayAssign(doc.source.text, owner.range.start, owner.range.end)) scanRun(doc, owner, target, onbuild, out);
  }
  return out;
}

function mayAssign(text: string, start: number, end: number): boolean {
  const eq = text.indexOf('=', start);
  if (eq !== -1 && eq < end) return true;
  const escape = text.indexOf('\\u', start);
  return escape !== -1 && escape < end;
}

function singleLine(doc: DockerfileDocument, range: Span): boolean {
  const text = doc.source.text;
  for (let k = range.start; k < range.end; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) return false;
  }
  return true;
}

function scanAssignments(doc: DockerfileDocument, owner: Instruction, target: Instruction, onbuild: boolean, out: GoVarSetting[]): void {
  const words = splitWords(target.logical, target.argsIndex, doc.escape);
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return;
  const kind: GoVarKind = target.keyword === 'ENV' ? 'env' : owner.stage === -1 ? 'global-arg' : 'arg';
  const stage = owner.stage;
  // Object literals with every field, in one order: one shape for all settings (a spread of a
  // shared base made this the hottest function of the scan).
  if (kind === 'env' && !first.value.includes('=')) {
    const [assignment] = readAssignments(doc, target, true);
    const range = { start: first.range.start, end: last.range.end };
    out.push({ name: first.value, value: assignment?.[1] ?? '', kind, owner, target, stage, range, legacy: true, command: null, onbuild, editable: singleLine(doc, range), siblings: 1 });
    return;
  }
  for (const w of words) {
    const eq = w.value.indexOf('=');
    if (kind === 'env' && eq === -1) continue;
    const name = eq === -1 ? w.value : w.value.slice(0, eq);
    out.push({
      name,
      value: eq === -1 ? null : w.value.slice(eq + 1),
      kind,
      owner,
      target,
      stage,
      range: w.range,
      legacy: false,
      command: null,
      onbuild,
      editable: singleLine(doc, w.range),
      siblings: words.length,
    });
  }
}

function scanRun(doc: DockerfileDocument, owner: Instruction, run: Instruction, onbuild: boolean, out: GoVarSetting[]): void {
  const exec = /^\s*\[/.test(run.logical.text.slice(run.argsIndex));
  for (const command of shellCommands(doc, run, true)) {
    const push = (word: { value: string; range: Span }, kind: GoVarKind): void => {
      const m = ASSIGNMENT.exec(word.value);
      if (!m) return;
      const name = m[1] as string;
      out.push({
        name,
        value: word.value.slice(name.length + 1),
        kind,
        owner,
        target: run,
        stage: owner.stage,
        range: word.range,
        legacy: false,
        command,
        onbuild,
        editable: !exec && !command.inHeredoc && singleLine(doc, word.range),
        siblings: 1,
      });
    };
    const argv = command.argv;
    // `NAME=value` alone sets a shell variable that is not exported: no effect on child processes.
    if (argv.length === 0) continue;
    for (const a of command.assignments) push(a, 'inline');
    const first = argv[0]?.value;
    if (first === 'export') {
      for (const w of argv.slice(1)) push(w, 'export');
      continue;
    }
    // `env NAME=value go ...`, `sudo -E env NAME=value ...`
    let k = 0;
    while (k < argv.length && WRAPPERS.has((argv[k] as { value: string }).value)) {
      k++;
      while (k < argv.length) {
        const v = (argv[k] as { value: string }).value;
        if (ASSIGNMENT.test(v)) push(argv[k] as { value: string; range: Span }, 'inline');
        else if (!(v.startsWith('-') || /^\d+[smhd]?$/.test(v))) break;
        k++;
      }
    }
    const go = goInvocation(command);
    if (go && go.subcommand === 'env' && go.args.some((a) => a.value === '-w')) {
      for (const a of go.args) push(a, 'go-env-w');
    }
  }
}

/** The stage and the stages it is built FROM, nearest first. */
export function stageChain(doc: DockerfileDocument, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  let s: Stage | undefined = stage;
  while (s && !chain.includes(s)) {
    chain.push(s);
    s = s.baseStage === null ? undefined : doc.stages[s.baseStage];
  }
  return chain;
}

/** Whether a later stage is built FROM this one (and so inherits its ENV and files). */
export function usedAsBase(doc: DockerfileDocument, stage: Stage): boolean {
  return doc.stages.some((s) => s.baseStage === stage.index);
}

export function isLastStage(doc: DockerfileDocument, stage: Stage): boolean {
  return stage.index === doc.stages.length - 1;
}

/**
 * The setting of `name` a Go command sees, or null for the image's or Go's default. Precedence as
 * in Go and BuildKit: on the command itself, an earlier `export` in the same RUN, then ENV/ARG in
 * the stage and the stages it is built from (the later one wins; an `ARG NAME` without a default
 * takes the global ARG's), then an earlier `go env -w`.
 */
export function settingSeenBy(doc: DockerfileDocument, stage: Stage, run: Instruction, command: ShellCommand, name: string): GoVarSetting | null {
  const list = scanned(doc).byName.get(name);
  if (list === undefined) return null;
  const at = command.range.start;
  let sameCommand: GoVarSetting | null = null;
  let exported: GoVarSetting | null = null;
  let earlierInRun: GoVarSetting | null = null;
  let global: GoVarSetting | null = null;
  for (const s of list) {
    if (s.onbuild) continue;
    if (global === null && s.kind === 'global-arg') global = s;
    if (s.target !== run) continue;
    const before = s.command !== null && s.command.range.start < at;
    if (s.kind === 'inline' && s.command !== null && s.command.range.start === at) sameCommand = s;
    else if (s.kind === 'export' && before) exported = s;
    else if (s.kind === 'go-env-w' && before) earlierInRun = s;
  }
  if (sameCommand) return sameCommand;
  if (exported) return exported;

  // ENV/ARG and `go env -w` of the stage and the stages it is built from, before the RUN, the later
  // one winning. A stage builds only FROM earlier stages, so the chain's instructions, root first,
  // come in file order: one pass over the settings (file order) sees them in the same order.
  const chain = stageChain(doc, stage);
  let fromEnv: GoVarSetting | null = null;
  let fromFile: GoVarSetting | null = null;
  for (const setting of list) {
    if (setting.onbuild) continue;
    const owner = setting.owner;
    if (owner.stage === stage.index ? owner.index >= run.index : !chain.some((c) => c.index === owner.stage)) continue;
    if (setting.kind === 'env') fromEnv = setting;
    else if (setting.kind === 'arg') {
      if (setting.value !== null) fromEnv = setting;
      else if (global && global.value !== null) fromEnv = global;
    } else if (setting.kind === 'go-env-w') fromFile = setting;
  }
  if (fromEnv) return fromEnv;
  return earlierInRun ?? fromFile;
}

/** A value as an ENV/ARG word needs it: bare when it has nothing the Dockerfile would read, else double-quoted. */
export function dockerfileValue(value: string, escape: string): string {
  if (/^[A-Za-z0-9_.,:/@%+=|*?~^[\]-]*$/.test(value) && value !== '') return value;
  const special = new Set(['"', '$', escape]);
  return '"' + [...value].map((c) => (special.has(c) ? escape + c : c)).join('') + '"';
}

/** A value as a shell word needs it, or null when it cannot be quoted simply. */
export function shellValue(value: string): string | null {
  if (/^[A-Za-z0-9_.,:/@%+=-]+$/.test(value)) return value;
  return value.includes("'") ? null : `'${value}'`;
}

/** An edit that gives a setting a new value, keeping its name and form; null when it may not be edited. */
export function replaceSettingValue(doc: DockerfileDocument, s: GoVarSetting, value: string): TextEdit | null {
  if (!s.editable) return null;
  const name = s.name;
  if (s.kind === 'env' || s.kind === 'arg' || s.kind === 'global-arg') {
    const v = dockerfileValue(value, doc.escape);
    return replaceWord(s, s.legacy ? `${name} ${v}` : `${name}=${v}`);
  }
  const v = shellValue(value);
  return v === null ? null : replaceWord(s, `${name}=${v}`);
}

/** `https://user:secret@host/x` -> `https://***@host/x`, so messages never print credentials. */
export function redactUrls(text: string): string {
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/@]+@/g, '$1***@');
}
