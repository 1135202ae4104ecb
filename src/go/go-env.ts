import { contextAt, joinPath, rootImage, type DockerfileDocument, type Instruction, type Stage } from '../dockerfile/index.js';
import { isGolangImage } from './images.js';

/** A path the go command will use, and whether we know it for sure or inferred it. */
export interface ResolvedPath {
  path: string;
  certain: boolean;
}

export interface StageUser {
  /** Numeric uid/gid for cache mount ownership; null when the user is given by name. */
  uid: string | null;
  gid: string | null;
  name: string;
  root: boolean;
}

export interface GoEnv {
  gomodcache: ResolvedPath;
  gocache: ResolvedPath;
  user: StageUser | null;
  goflags: string | null;
}

/**
 * Where `go` keeps its module cache and build cache in a stage at an instruction, following
 * `ENV GOMODCACHE`/`GOPATH`/`GOCACHE`/`HOME`/`XDG_CACHE_HOME` and `USER`, with the official image's
 * defaults (`GOPATH=/go`) when the stage builds on `golang`.
 */
export function goEnvAt(doc: DockerfileDocument, stage: Stage, at: Instruction | null): GoEnv {
  const ctx = contextAt(doc, stage, at);
  const get = (name: string): string | null => {
    const v = ctx.vars.get(name);
    return v === undefined || v === null || v === '' || v.includes('$') ? null : v;
  };
  const user = parseUser(ctx.user);
  const homeKnown = get('HOME');
  const home = homeKnown ?? (user === null || user.root ? '/root' : user.uid === null ? `/home/${user.name}` : '/');
  const homeCertain = homeKnown !== null || user === null || user.root;

  const golang = isGolangImage(rootImage(doc, stage));
  const gopathVar = get('GOPATH');
  const gopath = gopathVar ? (gopathVar.split(':')[0] as string) : golang ? '/go' : joinPath(home, 'go');
  const gopathCertain = gopathVar !== null || golang || homeCertain;

  const modVar = get('GOMODCACHE');
  const gomodcache = modVar ? { path: modVar, certain: true } : { path: joinPath(gopath, 'pkg/mod'), certain: gopathCertain };

  const cacheVar = get('GOCACHE');
  const xdg = get('XDG_CACHE_HOME');
  const gocache = cacheVar
    ? { path: cacheVar, certain: true }
    : { path: joinPath(xdg ?? joinPath(home, '.cache'), 'go-build'), certain: xdg !== null || homeCertain };

  return { gomodcache, gocache, user, goflags: get('GOFLAGS') };
}

function parseUser(user: string | null): StageUser | null {
  if (user === null || user === '') return null;
  const [name = '', group] = user.split(':');
  const numeric = /^\d+$/.test(name);
  const root = name === 'root' || name === '0';
  return {
    name,
    uid: numeric ? name : root ? '0' : null,
    gid: group !== undefined ? (/^\d+$/.test(group) ? group : null) : numeric ? name : root ? '0' : null,
    root,
  };
}

/** The `uid=..,gid=..` options a cache mount needs so a non-root user can write to it. */
export function ownerOptions(user: StageUser | null): { options: string; certain: boolean } {
  if (user === null || user.root) return { options: '', certain: true };
  if (user.uid === null || user.gid === null) return { options: '', certain: false };
  return { options: `,uid=${user.uid},gid=${user.gid}`, certain: true };
}

export function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => p.replace(/\/+$/, '') || '/';
  return norm(a) === norm(b);
}
