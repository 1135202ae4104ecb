import { contextAt, expand, joinPath, shellCommands, type DockerfileDocument, type Instruction, type Stage } from '../dockerfile/index.js';
import { commandWords, withScripts } from './commands.js';
import { resolvedRootImage } from './root-image.js';
import { MemoSlot } from '../dockerfile/memo.js';

/**
 * The accounts a Dockerfile creates (`useradd`, `adduser`, `groupadd`, `addgroup`) and the ones its
 * base images are known to have, so a `USER` can be turned into the uid, gid and HOME the RUNs get.
 * A value we cannot read (a variable nobody defines, a uid the tool picks itself) stays null:
 * callers must not guess it.
 */

export interface Account {
  name: string;
  /** Numeric; null when the tool picks it (`adduser -D app`: first free uid from 1000). */
  uid: string | null;
  /** Numeric primary group; null when unknown. */
  gid: string | null;
  /** The home directory in /etc/passwd (what Docker sets HOME to), null when unknown. */
  home: string | null;
  /** False when a value came through an ARG (`adduser -u ${UID}`): `--build-arg` can change it. */
  certain: boolean;
}

interface Group {
  name: string;
  gid: string | null;
  certain: boolean;
}

/** What the base image family tells about tools and well-known accounts. */
type Family = 'alpine' | 'debian' | 'distroless' | 'chainguard' | null;

/** The image family of an image reference (`golang:1.23-alpine` -> alpine, `golang:1.23` -> debian). */
export function imageFamily(image: string): Family {
  const ref = image.toLowerCase();
  if (/(^|\/)distroless\//.test(ref)) return 'distroless';
  if (/^cgr\.dev\/chainguard\//.test(ref)) return 'chainguard';
  if (/alpine/.test(ref)) return 'alpine';
  const repo = ref.replace(/[:@].*$/, '').replace(/^(docker\.io\/)?(library\/)?/, '');
  if (/^(golang|debian|ubuntu|buildpack-deps)$/.test(repo)) return 'debian';
  return null;
}

/** Accounts every image of a family has (Debian, Alpine and distroless /etc/passwd). */
function wellKnown(family: Family, name: string | null, uid: string | null): Account | null {
  const nobodyHome = family === 'alpine' ? '/' : '/nonexistent';
  const known: Account[] = [];
  if (family !== null) known.push({ name: 'nobody', uid: '65534', gid: '65534', home: nobodyHome, certain: true });
  if (family === 'distroless' || family === 'chainguard') known.push({ name: 'nonroot', uid: '65532', gid: '65532', home: '/home/nonroot', certain: true });
  return known.find((a) => (name !== null ? a.name === name : a.uid === uid)) ?? null;
}

/** A tiny getopt: `-u 1000`, `-u1000`, `-Du 1000`, `--uid 1000`, `--uid=1000`, `--`. */
function getopt(words: string[], shortWithValue: string, longWithValue: string[]): { opts: Map<string, string | true>; positional: string[] } {
  const opts = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '--') {
      positional.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = eq === -1 ? w.slice(2) : w.slice(2, eq);
      if (eq !== -1) opts.set(name, w.slice(eq + 1));
      else if (longWithValue.includes(name)) opts.set(name, words[++i] ?? '');
      else opts.set(name, true);
    } else if (w.startsWith('-') && w.length > 1) {
      for (let k = 1; k < w.length; k++) {
        const c = w[k] as string;
        if (shortWithValue.includes(c)) {
          opts.set(c, k + 1 < w.length ? w.slice(k + 1) : words[++i] ?? '');
          break;
        }
        opts.set(c, true);
      }
    } else positional.push(w);
  }
  return { opts, positional };
}

/** The first option present among `names` (short letters and long names). */
function opt(opts: Map<string, string | true>, ...names: string[]): string | true | undefined {
  for (const n of names) if (opts.has(n)) return opts.get(n);
  return undefined;
}

interface Reader {
  /** A word's value with ENV/ARG values expanded; null when something stays unexpanded. */
  value(raw: string | true | undefined): string | null;
  /** Whether a value read so far came through a variable. */
  fromVariable: boolean;
}

function reader(vars: ReadonlyMap<string, string | null>): Reader {
  const r: Reader = {
    fromVariable: false,
    value(raw) {
      if (raw === undefined || raw === true) return null;
      if (!raw.includes('$')) return raw;
      r.fromVariable = true;
      const v = expand(raw, vars);
      return v.includes('$') || v.includes('`') ? null : v;
    },
  };
  return r;
}

const numeric = (v: string | null): string | null => (v !== null && /^\d+$/.test(v) ? v : null);

/**
 * Accounts created before `at` (or by the end of the stage when null), in the stage and the stages
 * it is built FROM. Later definitions of a name come last.
 */
export function accountsBefore(doc: DockerfileDocument, stage: Stage, at: Instruction | null): { users: Account[]; groups: Group[] } {
  let byDoc = cache.get(doc);
  if (!byDoc) cache.set(doc, (byDoc = new Map()));
  const key = `${stage.index}:${at?.index ?? 'end'}`;
  let result = byDoc.get(key);
  if (!result) byDoc.set(key, (result = scanAccounts(doc, stage, at)));
  return result;
}

/** Per document: accounts by `<stage>:<instruction index>`. Read-only for callers. */
const cache = new MemoSlot<DockerfileDocument, Map<string, { users: Account[]; groups: Group[] }>>();

function scanAccounts(doc: DockerfileDocument, stage: Stage, at: Instruction | null): { users: Account[]; groups: Group[] } {
  const users: Account[] = [];
  const groups: Group[] = [];
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.baseStage === null ? undefined : doc.stages[s.baseStage]) chain.unshift(s);
  const family = imageFamily(resolvedRootImage(doc, stage));
  for (const s of chain) {
    for (const instruction of s.instructions) {
      if (s === stage && at !== null && instruction.index >= at.index) break;
      if (instruction.keyword !== 'RUN') continue; // ONBUILD triggers run in another build
      if (!/\b(user|group)add\b|\badd(user|group)\b/.test(doc.source.slice(instruction.range))) continue;
      const vars = contextAt(doc, s, instruction).vars;
      for (const command of withScripts(shellCommands(doc, instruction, true))) {
        const words = commandWords(command).map((w) => w.value);
        const tool = (words[0] ?? '').replace(/^.*\//, '');
        readAccountCommand(tool, words.slice(1), family, reader(vars), users, groups);
      }
    }
  }
  return { users, groups };
}

function groupGid(groups: Group[], nameOrGid: string | null, r: Reader): { gid: string | null; certain: boolean } {
  if (nameOrGid === null) return { gid: null, certain: false };
  if (numeric(nameOrGid)) return { gid: nameOrGid, certain: true };
  const g = [...groups].reverse().find((x) => x.name === nameOrGid);
  if (!g) return { gid: null, certain: false };
  if (!g.certain) r.fromVariable = true;
  return { gid: g.gid, certain: g.certain };
}

function readAccountCommand(tool: string, args: string[], family: Family, r: Reader, users: Account[], groups: Group[]): void {
  switch (tool) {
    case 'useradd': {
      // shadow-utils. Without -g, a group named after the user is created (USERGROUPS_ENAB, the
      // default on Debian and Alpine) with the uid as its gid when that is free.
      const { opts, positional } = getopt(args, 'bcdefgGkKpRPsuZ', ['base-dir', 'comment', 'home-dir', 'expiredate', 'inactive', 'gid', 'groups', 'skel', 'key', 'password', 'root', 'prefix', 'shell', 'uid', 'selinux-user', 'selinux-range']);
      const name = positional[0];
      if (!name || opts.has('D') || opts.has('defaults')) return;
      const uid = numeric(r.value(opt(opts, 'u', 'uid')));
      const home = opts.has('d') || opts.has('home-dir') ? r.value(opt(opts, 'd', 'home-dir')) : joinPath(r.value(opt(opts, 'b', 'base-dir')) ?? '/home', name);
      const g = opt(opts, 'g', 'gid');
      const gid = g !== undefined ? groupGid(groups, r.value(g), r).gid : opts.has('N') || opts.has('no-user-group') ? null : uid;
      users.push({ name, uid, gid, home, certain: !r.fromVariable });
      if (g === undefined && gid !== null) groups.push({ name, gid, certain: !r.fromVariable });
      return;
    }
    case 'adduser': {
      const busybox = family === 'alpine' || args.some((a) => /^-[a-zA-Z]/.test(a));
      if (busybox) {
        // BusyBox: -h home, -g GECOS (not a group!), -G group, -u uid, -S system, -D, -H.
        // Without -G it makes a group named after the user with gid = uid; -S uses `nogroup`.
        const { opts, positional } = getopt(args, 'hgsGuk', ['home', 'gecos', 'shell', 'ingroup', 'uid', 'skel']);
        const name = positional[0];
        if (!name || positional.length > 1) return;
        const uid = numeric(r.value(opt(opts, 'u', 'uid')));
        const home = opts.has('h') || opts.has('home') ? r.value(opt(opts, 'h', 'home')) : `/home/${name}`;
        const g = opt(opts, 'G', 'ingroup');
        const system = opts.has('S') || opts.has('system');
        const gid = g !== undefined ? groupGid(groups, r.value(g), r).gid : system ? null : uid;
        users.push({ name, uid, gid, home, certain: !r.fromVariable });
        if (g === undefined && !system && gid !== null) groups.push({ name, gid, certain: !r.fromVariable });
        return;
      }
      // Debian's adduser: long options only. `adduser USER GROUP` adds an existing user to a group.
      // It picks the gid of the group it creates itself, and a --system user's home is /nonexistent
      // in newer versions, /home/<name> in older ones: both unknown here.
      const { opts, positional } = getopt(args, '', ['home', 'shell', 'uid', 'firstuid', 'lastuid', 'gecos', 'comment', 'gid', 'ingroup', 'conf', 'firstgid', 'lastgid']);
      const name = positional[0];
      if (!name || positional.length > 1 || opts.has('group') && !opts.has('system')) return;
      const uid = numeric(r.value(opts.get('uid')));
      const system = opts.has('system');
      const home = opts.has('home') ? r.value(opts.get('home')) : system ? null : `/home/${name}`;
      const gid = opts.has('gid') ? numeric(r.value(opts.get('gid'))) : opts.has('ingroup') ? groupGid(groups, r.value(opts.get('ingroup')), r).gid : null;
      users.push({ name, uid, gid, home, certain: !r.fromVariable });
      return;
    }
    case 'groupadd':
    case 'addgroup': {
      const { opts, positional } = getopt(args, tool === 'groupadd' ? 'gKpRPU' : 'g', ['gid', 'key', 'password', 'root', 'prefix', 'users', 'conf', 'firstgid', 'lastgid']);
      // `addgroup USER GROUP` adds a user to a group.
      if (positional.length !== 1) return;
      groups.push({ name: positional[0] as string, gid: numeric(r.value(opt(opts, 'g', 'gid'))), certain: !r.fromVariable });
      return;
    }
  }
}

/**
 * The account a `USER` value (`app`, `1000`, `app:staff`, `10001:10001`) names at a point, with the
 * uid/gid/home it runs with. Null for root. `certain` is false when the USER line itself uses a
 * variable (`USER ${UID}`: `--build-arg` can change it).
 */
export function resolveUser(
  doc: DockerfileDocument,
  stage: Stage,
  at: Instruction | null,
  user: string,
  userLineHasVariable: boolean,
): { name: string; uid: string | null; gid: string | null; home: string | null; homeCertain: boolean; root: boolean; certain: boolean } {
  const [name = '', group] = user.split(':');
  const { users, groups } = accountsBefore(doc, stage, at);
  const family = imageFamily(resolvedRootImage(doc, stage));
  const r = reader(new Map());
  const groupId = group === undefined ? undefined : groupGid(groups, group, r);
  const certainGroup = groupId === undefined || groupId.certain;
  if (name === 'root' || name === '0') {
    return { name, uid: '0', gid: groupId?.gid ?? (group === undefined ? '0' : null), home: '/root', homeCertain: true, root: true, certain: !userLineHasVariable && certainGroup };
  }
  const isNumeric = /^\d+$/.test(name);
  const account = [...users].reverse().find((a) => (isNumeric ? a.uid === name : a.name === name)) ?? wellKnown(family, isNumeric ? null : name, isNumeric ? name : null);
  if (account) {
    return {
      name,
      uid: account.uid,
      gid: groupId !== undefined ? groupId.gid : account.gid,
      home: account.home,
      homeCertain: account.home !== null,
      root: false,
      certain: account.certain && !userLineHasVariable && certainGroup,
    };
  }
  if (isNumeric) {
    // No passwd entry we know of: Docker gives HOME=/ (unless the base image has one: not sure).
    return { name, uid: name, gid: groupId !== undefined ? groupId.gid : name, home: '/', homeCertain: false, root: false, certain: !userLineHasVariable && certainGroup };
  }
  return { name, uid: null, gid: null, home: null, homeCertain: false, root: false, certain: false };
}
