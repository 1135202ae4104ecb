/** A parsed go.mod: the parts a Dockerfile cares about. */
export interface GoMod {
  module: string | null;
  /** The `go` line, e.g. `1.22` or `1.22.3`. */
  go: string | null;
  /** The `toolchain` line's version without the `go` prefix, e.g. `1.23.1`. */
  toolchain: string | null;
  requires: Array<{ path: string; version: string; indirect: boolean }>;
  /** `replace` directives whose target is a local directory (`./x`, `../y`, `/abs`). */
  localReplaces: Array<{ path: string; dir: string }>;
}

/** A parsed go.work. */
export interface GoWork {
  go: string | null;
  toolchain: string | null;
  /** `use` directories, as written (relative to the go.work). */
  use: string[];
  localReplaces: Array<{ path: string; dir: string }>;
}

interface Directive {
  verb: string;
  args: string[];
  comment: string;
}

/** Splits go.mod/go.work syntax into directives, expanding `verb ( ... )` blocks. */
function directives(text: string): Directive[] {
  const out: Directive[] = [];
  let block: string | null = null;
  for (const rawLine of text.split(/\r?\n/)) {
    const commentAt = rawLine.indexOf('//');
    const comment = commentAt === -1 ? '' : rawLine.slice(commentAt + 2).trim();
    const line = (commentAt === -1 ? rawLine : rawLine.slice(0, commentAt)).trim();
    if (line === '') continue;
    if (block !== null) {
      if (line === ')') block = null;
      else out.push({ verb: block, args: tokens(line), comment });
      continue;
    }
    const words = tokens(line);
    const verb = words[0] ?? '';
    if (words[1] === '(') {
      block = verb;
      continue;
    }
    out.push({ verb, args: words.slice(1), comment });
  }
  return out;
}

function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) out.push(m[1] ?? m[2] ?? (m[3] as string));
  return out;
}

function isLocalPath(p: string): boolean {
  return p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || p === '.' || p === '..';
}

function replaces(ds: Directive[]): Array<{ path: string; dir: string }> {
  const out: Array<{ path: string; dir: string }> = [];
  for (const d of ds) {
    if (d.verb !== 'replace') continue;
    const arrow = d.args.indexOf('=>');
    const target = arrow === -1 ? undefined : d.args[arrow + 1];
    if (target && isLocalPath(target)) out.push({ path: d.args[0] as string, dir: target });
  }
  return out;
}

function toolchainVersion(ds: Directive[]): string | null {
  const t = ds.find((d) => d.verb === 'toolchain')?.args[0];
  return t ? t.replace(/^go/, '') : null;
}

export function parseGoMod(text: string): GoMod {
  const ds = directives(text);
  return {
    module: ds.find((d) => d.verb === 'module')?.args[0] ?? null,
    go: ds.find((d) => d.verb === 'go')?.args[0] ?? null,
    toolchain: toolchainVersion(ds),
    requires: ds
      .filter((d) => d.verb === 'require' && d.args.length >= 2)
      .map((d) => ({ path: d.args[0] as string, version: d.args[1] as string, indirect: d.comment.includes('indirect') })),
    localReplaces: replaces(ds),
  };
}

export function parseGoWork(text: string): GoWork {
  const ds = directives(text);
  return {
    go: ds.find((d) => d.verb === 'go')?.args[0] ?? null,
    toolchain: toolchainVersion(ds),
    use: ds.filter((d) => d.verb === 'use').map((d) => d.args[0] as string).filter(Boolean),
    localReplaces: replaces(ds),
  };
}

/** Compares Go versions like `1.21`, `1.21.3`, `1.21rc2`: negative when a < b. */
export function compareGoVersions(a: string, b: string): number {
  const x = parsedGoVersion(a);
  const y = parsedGoVersion(b);
  for (let i = 0; i < 4; i++) if ((x[i] as number) !== (y[i] as number)) return (x[i] as number) - (y[i] as number);
  return 0;
}

// The same few version strings are compared for every file (image tags, go.mod `go` lines, fixed
// thresholds like 1.11): parse each once. Bounded, since the strings come from users' files.
const parsedVersions = new Map<string, readonly number[]>();

function parsedGoVersion(v: string): readonly number[] {
  let parsed = parsedVersions.get(v);
  if (parsed) return parsed;
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta)(\d+))?/.exec(v.replace(/^go/, ''));
  // A pre-release sorts before the release: 1.21rc2 < 1.21.0.
  parsed = m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), m[4] ? -1000 + Number(m[5] ?? 0) : 0] : [0, 0, 0, 0];
  if (parsedVersions.size >= 1000) parsedVersions.clear();
  parsedVersions.set(v, parsed);
  return parsed;
}
