import { contextAt, joinPath, shellCommands, type DockerfileDocument, type Instruction, type ShellCommand, type Stage, type StageContext } from '../dockerfile/index.js';
import { goInvocation, withScripts } from './commands.js';
import { isGolangImage, parseImageRef } from './images.js';
import { resolvedRootImage } from './root-image.js';
import { resolveUser } from './users.js';
import { MemoSlot } from '../dockerfile/memo.js';

/** A path the go command will use, and whether we know it for sure or inferred it. */
export interface ResolvedPath {
  path: string;
  /** False when the path had to be guessed (a HOME we could not see, a value a --build-arg sets). */
  certain: boolean;
  /**
   * False when a setting the path depends on cannot be read at all (`ENV GOMODCACHE=${X}/mod` with
   * X undefined): `path` is then only what go would use if it were unset. Never mount it.
   */
  readable: boolean;
  /**
   * True when the path is go's default under a base image we do not know (not the official golang
   * image, not an official distro image): that image may well set GOPATH/GOCACHE/HOME itself.
   */
  guessed?: boolean;
}

export interface StageUser {
  /** Numeric uid for cache mount ownership; null when it cannot be known (`adduser -D app`). */
  uid: string | null;
  /** Numeric gid; null when unknown (the uid alone makes the cache writable). */
  gid: string | null;
  name: string;
  root: boolean;
  /** HOME from the account's passwd entry; null when unknown. */
  home: string | null;
  homeCertain: boolean;
  /** False when the uid/gid came through a variable (`USER ${UID}`, `adduser -u ${UID}`): `--build-arg` can change it. */
  certain: boolean;
}

export interface GoEnv {
  gomodcache: ResolvedPath;
  /** GOMODCACHE itself is set (ENV/ARG or `go env -w`), so a GOPATH on a command does not move the module cache. */
  gomodcacheSet: boolean;
  gocache: ResolvedPath;
  user: StageUser | null;
  goflags: string | null;
}

/** A variable as a path computation needs it: unset, a value we can read, or set to something we cannot. */
type Setting = { state: 'unset' } | { state: 'set'; value: string; certain: boolean } | { state: 'unreadable' };

const unreadable = (v: string): boolean => v.includes('$') || v.includes('`');

/**
 * Where `go` keeps its module cache and build cache in a stage at an instruction, following
 * `ENV GOMODCACHE`/`GOPATH`/`GOCACHE`/`HOME`/`XDG_CACHE_HOME`, `go env -w` in earlier RUNs (and, with
 * `upTo`, earlier in the same RUN), `USER` (with the home of an account the file creates), and the
 * official image's defaults (`GOPATH=/go`) when the stage builds on `golang` (also through an ARG).
 */
export function goEnvAt(doc: DockerfileDocument, stage: Stage, at: Instruction | null, upTo?: ShellCommand): GoEnv {
  // Commands before `upTo` matter only when the RUN runs `go env -w`/`-u`.
  if (upTo !== undefined && (at === null || !/\benv\b/.test(doc.source.slice(at.range)))) upTo = undefined;
  if (upTo !== undefined) return computeGoEnv(doc, stage, at, upTo);
  let byDoc = envCache.get(doc);
  if (!byDoc) envCache.set(doc, (byDoc = { byAt: [], byContext: [] }));
  let byAt = byDoc.byAt[stage.index];
  if (!byAt) byDoc.byAt[stage.index] = byAt = [];
  // Slot 0 is the end of the stage (at === null), slot i + 1 instruction i.
  const key = at === null ? 0 : at.index + 1;
  let env = byAt[key];
  if (env) return env;
  // With no USER and no `go env -w` anywhere, the result depends only on the stage and its context
  // at `at` (computeGoEnv reads nothing else: stageUser is null without a user, goEnvFile empty
  // without `go env`), and instructions that change no ENV/ARG/WORKDIR/USER share one context
  // object (see contextAt): compute once per distinct context, not once per instruction.
  const ctx = contextAt(doc, stage, at);
  const shared = (ctx.user === null || ctx.user === '') && !mentionsGoEnv(doc);
  if (shared) {
    let byContext = byDoc.byContext[stage.index];
    if (!byContext) byDoc.byContext[stage.index] = byContext = new Map();
    env = byContext.get(ctx);
    if (!env) byContext.set(ctx, (env = computeGoEnv(doc, stage, at, undefined)));
  } else env = computeGoEnv(doc, stage, at, undefined);
  byAt[key] = env;
  return env;
}

/**
 * Per document: by stage index, then by instruction index + 1 (0: the end of the stage); and by
 * stage, then context. Arrays rather than Maps: small dense integer keys, made for every document.
 */
const envCache = new MemoSlot<DockerfileDocument, { byAt: Array<Array<GoEnv | undefined> | undefined>; byContext: Array<Map<StageContext, GoEnv> | undefined> }>();

function computeGoEnv(doc: DockerfileDocument, stage: Stage, at: Instruction | null, upTo: ShellCommand | undefined): GoEnv {
  const ctx = contextAt(doc, stage, at);
  const fromEnv = (name: string): Setting => {
    if (!ctx.vars.has(name)) return { state: 'unset' };
    const v = ctx.vars.get(name);
    // `ARG NAME` without a default: empty unless --build-arg gives it a value.
    if (v === null || v === undefined) return { state: 'set', value: '', certain: false };
    if (unreadable(v)) return { state: 'unreadable' };
    return { state: 'set', value: v, certain: true };
  };
  const user = stageUser(doc, stage, at, ctx.user);
  const home = homeOf(fromEnv('HOME'), user);

  // `go env -w` wrote $XDG_CONFIG_HOME/go/env (or $HOME/.config/go/env): read by later go commands
  // of the same user, below the environment in precedence.
  const file = goEnvFile(doc, stage, at, upTo, configDir(fromEnv, home));
  const get = (name: string): Setting => {
    const env = fromEnv(name);
    if (env.state === 'unreadable' || (env.state === 'set' && env.value !== '')) return env;
    return file.get(name) ?? { state: 'unset' };
  };
  const uncertainArg = (name: string): boolean => {
    const env = fromEnv(name);
    return env.state === 'set' && !env.certain;
  };

  const root = resolvedRootImage(doc, stage);
  const golang = isGolangImage(root);
  // Go's own defaults ($HOME/go, $HOME/.cache/go-build) hold only where the image sets no Go variables.
  const known = golang || isOfficialImage(root);
  const guess = (p: ResolvedPath): ResolvedPath => (known ? p : { ...p, certain: false, guessed: true });
  const gopathSetting = get('GOPATH');
  let gopath: ResolvedPath;
  if (gopathSetting.state === 'unreadable') gopath = { path: golang ? '/go' : joinPath(home.path, 'go'), certain: false, readable: false };
  else if (gopathSetting.state === 'set') gopath = { path: gopathSetting.value.split(':')[0] as string, certain: gopathSetting.certain, readable: true };
  else if (golang) gopath = { path: '/go', certain: !uncertainArg('GOPATH'), readable: true };
  else gopath = guess({ path: joinPath(home.path, 'go'), certain: home.certain && !uncertainArg('GOPATH'), readable: home.readable });

  const mod = get('GOMODCACHE');
  const gomodcache: ResolvedPath =
    mod.state === 'unreadable'
      ? { path: joinPath(gopath.path, 'pkg/mod'), certain: false, readable: false }
      : mod.state === 'set'
        ? { path: mod.value, certain: mod.certain, readable: true }
        : { path: joinPath(gopath.path, 'pkg/mod'), certain: gopath.certain && !uncertainArg('GOMODCACHE'), readable: gopath.readable, ...(gopath.guessed ? { guessed: true } : {}) };

  const cacheSetting = get('GOCACHE');
  const xdg = fromEnv('XDG_CACHE_HOME');
  let gocache: ResolvedPath;
  if (cacheSetting.state === 'unreadable') gocache = { path: joinPath(home.path, '.cache/go-build'), certain: false, readable: false };
  else if (cacheSetting.state === 'set') gocache = { path: cacheSetting.value, certain: cacheSetting.certain, readable: true };
  else if (xdg.state === 'unreadable') gocache = { path: joinPath(home.path, '.cache/go-build'), certain: false, readable: false };
  else if (xdg.state === 'set' && xdg.value !== '') gocache = { path: joinPath(xdg.value, 'go-build'), certain: xdg.certain, readable: true };
  else gocache = guess({ path: joinPath(home.path, '.cache/go-build'), certain: home.certain && !uncertainArg('GOCACHE'), readable: home.readable });

  const goflags = get('GOFLAGS');
  return { gomodcache, gomodcacheSet: mod.state !== 'unset', gocache, user, goflags: goflags.state === 'set' && goflags.value !== '' ? goflags.value : null };
}

/**
 * An official Docker library image (`debian:bookworm`, `alpine`, `docker.io/library/ubuntu`, or a
 * mirror's `<registry>/library/<name>`): none of them sets GOPATH, GOCACHE, HOME or USER.
 */
export function isOfficialImage(image: string): boolean {
  if (image.includes('$') || image === '') return false;
  const parts = parseImageRef(image).repository.toLowerCase().split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0] as string)) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.length === 1;
}

/** The account a stage's USER names at a point, or null for root / no USER. */
function stageUser(doc: DockerfileDocument, stage: Stage, at: Instruction | null, user: string | null): StageUser | null {
  if (user === null || user === '') return null;
  const line = userLine(doc, stage, at);
  const hasVariable = line !== null && line.includes('$');
  if (unreadable(user)) return { name: user, uid: null, gid: null, root: false, home: null, homeCertain: false, certain: false };
  return resolveUser(doc, stage, at, user, hasVariable);
}

/** The text of the USER instruction in effect at a point (in the stage or a stage it is built FROM). */
function userLine(doc: DockerfileDocument, stage: Stage, at: Instruction | null): string | null {
  const seen = new Set<number>();
  let limit = at !== null && at.stage === stage.index ? at.index : Infinity;
  for (let s: Stage | undefined = stage; s && !seen.has(s.index); s = s.baseStage === null ? undefined : doc.stages[s.baseStage]) {
    seen.add(s.index);
    const users = s.instructions.filter((i) => i.keyword === 'USER' && i.index < limit);
    const last = users[users.length - 1];
    if (last) return last.logical.text.slice(last.argsIndex).trim();
    limit = Infinity;
  }
  return null;
}

/** HOME as Docker sets it: ENV HOME, else the passwd entry of the USER (root: /root; no entry: /). */
function homeOf(env: Setting, user: StageUser | null): ResolvedPath {
  if (env.state === 'unreadable') return { path: '/root', certain: false, readable: false };
  if (env.state === 'set' && env.value !== '') return { path: env.value, certain: env.certain, readable: true };
  if (user === null || user.root) return { path: '/root', certain: true, readable: true };
  if (user.home !== null) return { path: user.home, certain: user.homeCertain && user.certain, readable: true };
  // A named account we could not find: its home is most likely /home/<name>, but only likely.
  return { path: user.uid === null ? `/home/${user.name}` : '/', certain: false, readable: true };
}

/** Where `go env -w` writes: $XDG_CONFIG_HOME/go/env or $HOME/.config/go/env; null when unknown. */
function configDir(fromEnv: (name: string) => Setting, home: ResolvedPath): { dir: string; certain: boolean } | null {
  const goenv = fromEnv('GOENV');
  if (goenv.state !== 'unset') return null;
  const xdg = fromEnv('XDG_CONFIG_HOME');
  if (xdg.state === 'unreadable' || !home.readable) return null;
  if (xdg.state === 'set' && xdg.value !== '') return { dir: xdg.value, certain: xdg.certain };
  return { dir: joinPath(home.path, '.config'), certain: home.certain };
}

const GO_ENV_FILE_VARS = new Set(['GOPATH', 'GOMODCACHE', 'GOCACHE', 'GOFLAGS']);

const goEnvMentioned = new MemoSlot<DockerfileDocument, boolean>();

/** Whether any line says `go ... env` at all: asked per go command, so scanned once per document. */
function mentionsGoEnv(doc: DockerfileDocument): boolean {
  let found = goEnvMentioned.get(doc);
  if (found === undefined) {
    found = /\bgo\b[^\n]*\benv\b/.test(doc.source.text);
    goEnvMentioned.set(doc, found);
  }
  return found;
}

/**
 * Values of GOPATH/GOMODCACHE/GOCACHE/GOFLAGS that earlier `go env -w` commands (RUNs before `at` in
 * the stage and the stages it is built FROM; with `upTo`, commands before it in `at` itself) left
 * in the go env file that a go command at `at` reads: one written under another config directory
 * (another user's HOME) is not read. Uncertain when either directory is.
 */
function goEnvFile(
  doc: DockerfileDocument,
  stage: Stage,
  at: Instruction | null,
  upTo: ShellCommand | undefined,
  here: { dir: string; certain: boolean } | null,
): Map<string, Setting> {
  const values = new Map<string, Setting>();
  if (!mentionsGoEnv(doc)) return values;
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.baseStage === null ? undefined : doc.stages[s.baseStage]) chain.unshift(s);
  for (const s of chain) {
    for (const run of s.instructions) {
      if (run.keyword !== 'RUN') continue;
      const sameRun = at !== null && run === at;
      if (s === stage && at !== null && run.index > at.index) break;
      if (sameRun && upTo === undefined) break;
      let written: { dir: string; certain: boolean } | null | undefined;
      for (const command of withScripts(shellCommands(doc, run, true))) {
        if (sameRun && upTo !== undefined && command.range.start >= upTo.range.start) break;
        const go = goInvocation(command);
        if (!go || go.subcommand !== 'env') continue;
        const args = go.args.map((a) => a.value);
        const write = args.includes('-w');
        const unset = args.includes('-u');
        if (!write && !unset) continue;
        written ??= sameRun ? here : configDir((n) => settingAt(doc, s, run, n), homeAt(doc, s, run));
        const sameDir = here !== null && written !== null && written.dir === here.dir;
        // Surely another user's file: not read here. When either side is unsure, it may be.
        if (here !== null && written !== null && !sameDir && here.certain && written.certain) continue;
        const certain = sameDir && (here as { certain: boolean }).certain && (written as { certain: boolean }).certain;
        for (const a of args) {
          if (a.startsWith('-')) continue;
          if (write) {
            const eq = a.indexOf('=');
            const name = a.slice(0, eq);
            if (eq <= 0 || !GO_ENV_FILE_VARS.has(name)) continue;
            const value = a.slice(eq + 1);
            values.set(name, unreadable(value) ? { state: 'unreadable' } : { state: 'set', value, certain });
          } else if (GO_ENV_FILE_VARS.has(a)) values.delete(a);
        }
      }
    }
  }
  return values;
}

function settingAt(doc: DockerfileDocument, stage: Stage, at: Instruction, name: string): Setting {
  const ctx = contextAt(doc, stage, at);
  if (!ctx.vars.has(name)) return { state: 'unset' };
  const v = ctx.vars.get(name);
  if (v === null || v === undefined) return { state: 'set', value: '', certain: false };
  return unreadable(v) ? { state: 'unreadable' } : { state: 'set', value: v, certain: true };
}

function homeAt(doc: DockerfileDocument, stage: Stage, at: Instruction): ResolvedPath {
  return homeOf(settingAt(doc, stage, at, 'HOME'), stageUser(doc, stage, at, contextAt(doc, stage, at).user));
}

/**
 * The `uid=..,gid=..` options a cache mount needs so a non-root user can write to it. `known` is
 * false when the user's uid cannot be known (then no mount should be written: one owned by root
 * is not writable by the user); `certain` is false when a --build-arg can change it.
 */
export function ownerOptions(user: StageUser | null): { options: string; certain: boolean; known: boolean } {
  if (user === null || user.root) return { options: '', certain: user === null || user.certain, known: true };
  if (user.uid === null) return { options: '', certain: false, known: false };
  return { options: `,uid=${user.uid}${user.gid !== null ? `,gid=${user.gid}` : ''}`, certain: user.certain, known: true };
}

const trimSlashes = (p: string): string => p.replace(/\/+$/, '') || '/';

/** The same absolute path, trailing slashes aside. */
export function samePath(a: string, b: string): boolean {
  return trimSlashes(a) === trimSlashes(b);
}

/** `path` is `dir` or lies below it (absolute paths, trailing slashes aside; everything lies below `/`). */
export function isPathWithin(path: string, dir: string): boolean {
  const p = trimSlashes(path);
  const d = trimSlashes(dir);
  return p === d || p.startsWith(d === '/' ? '/' : d + '/');
}
