/**
 * Just enough of Go's source syntax to answer the scaffolder's questions about a file: its package
 * name, whether it is built on linux, what it imports, and which port it plainly listens on. No
 * type checking; anything that is not a literal is not guessed.
 */

export interface GoFileFacts {
  /** The package clause's name, or null when there is none (not a Go file we understand). */
  packageName: string | null;
  /** False when a `//go:build` line or a `_<goos>.go` suffix excludes the file from linux builds. */
  buildsOnLinux: boolean;
  /** The build constraint mentions the `cgo` tag positively (a cgo-only variant of a file). */
  requiresCgoTag: boolean;
  /** The build constraint is `!cgo`-guarded: a pure-Go fallback exists for some cgo file. */
  isNoCgoFallback: boolean;
  imports: string[];
  importsC: boolean;
  /** Ports from literals like `":8080"` passed to ListenAndServe/Listen/Run/Start or `Addr: ":8080"`. */
  ports: number[];
  /** `version` literal default when the file declares a package-level `var version` (string). */
  versionVar: { name: string; value: string | null } | null;
}

const GOOS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
const GOARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);

/** Replaces comments with spaces (newlines kept), leaving string, rune and raw string literals intact. */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? src.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      const stop = end === -1 ? src.length : end + 1;
      out += src.slice(i, stop);
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Evaluates a `//go:build` expression for a linux build, with `cgo` given. Unknown custom tags are false. */
export function evalBuildConstraint(expr: string, cgo: boolean): boolean {
  const tokens = expr.match(/&&|\|\||[!()]|[A-Za-z0-9_.]+/g) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const tag = (name: string): boolean => {
    if (name === 'linux' || name === 'unix' || name === 'gc') return true;
    if (name === 'cgo') return cgo;
    if (/^go1\.\d+$/.test(name)) return true;
    if (GOOS.has(name)) return false;
    if (GOARCH.has(name)) return true; // any architecture may be the target
    return false; // ignore, custom tags
  };
  const primary = (): boolean => {
    const t = tokens[pos++];
    if (t === '!') return !primary();
    if (t === '(') {
      const v = or();
      if (peek() === ')') pos++;
      return v;
    }
    return t === undefined ? false : tag(t);
  };
  const and = (): boolean => {
    let v = primary();
    while (peek() === '&&') {
      pos++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (peek() === '||') {
      pos++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  return or();
}

/** The GOOS implied by a file name suffix (`x_windows.go`, `x_darwin_arm64.go`), or null. */
function fileNameGoos(fileName: string): string | null {
  const parts = fileName.replace(/\.go$/, '').split('_');
  if (parts.length < 2) return null;
  const last = parts[parts.length - 1] as string;
  const beforeLast = parts[parts.length - 2] as string;
  if (GOARCH.has(last) && parts.length >= 3 && GOOS.has(beforeLast)) return beforeLast;
  if (GOOS.has(last)) return last;
  return null;
}

const LISTEN_CALL = /\b(?:ListenAndServe|ListenAndServeTLS|Listen|ListenTCP|Run|RunTLS|Start|StartTLS|Serve)\(\s*(?:"tcp[46]?"\s*,\s*)?"([^"\n]*)"/g;
const ADDR_FIELD = /\bAddr\s*:\s*"([^"\n]*)"/g;

/** The port of a listen address a container exposes (`:8080`, `0.0.0.0:8080`); null for loopback-only ones. */
function portOf(address: string): number | null {
  const m = /^([A-Za-z0-9.\-]*|\[[0-9a-fA-F:]*\]):(\d{1,5})$/.exec(address);
  if (!m || isLoopback(m[1] as string)) return null;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? port : null;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]';
}

/** Reads the facts of one Go source file. */
export function analyzeGoFile(fileName: string, text: string): GoFileFacts {
  // The header (before the package clause) holds the build constraint.
  const lines = text.split(/\r?\n/);
  let constraint: string | null = null;
  let plusBuildIgnore = false;
  for (const line of lines) {
    const t = line.trim();
    if (/^package\s/.test(t)) break;
    const gb = /^\/\/go:build\s+(.+)$/.exec(t);
    if (gb) constraint = (gb[1] as string).trim();
    if (/^\/\/\s*\+build\b.*\bignore\b/.test(t)) plusBuildIgnore = true;
  }
  const code = stripComments(text);
  const pkg = /^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(code);
  const goos = fileNameGoos(fileName);
  const linuxByName = goos === null || goos === 'linux';
  const onLinuxWithCgo = constraint === null ? true : evalBuildConstraint(constraint, true);
  const onLinuxWithoutCgo = constraint === null ? true : evalBuildConstraint(constraint, false);
  const buildsOnLinux = linuxByName && !plusBuildIgnore && (onLinuxWithCgo || onLinuxWithoutCgo);

  const imports: string[] = [];
  // Imports come right after the package clause; stop at the first top-level declaration.
  const afterPackage = pkg ? code.slice(pkg.index + pkg[0].length) : '';
  const declStart = afterPackage.search(/^\s*(func|type|var|const)\b/m);
  const importSection = declStart === -1 ? afterPackage : afterPackage.slice(0, declStart);
  const importRe = /\bimport\s*(\(([\s\S]*?)\)|(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"([^"]*)")/g;
  let m: RegExpExecArray | null;
  while ((m = importRe.exec(importSection)) !== null) {
    if (m[3] !== undefined) imports.push(m[3]);
    else for (const spec of (m[2] as string).matchAll(/(?:^|[\s;])(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"([^"]*)"/g)) imports.push(spec[1] as string);
  }

  const ports: number[] = [];
  for (const re of [LISTEN_CALL, ADDR_FIELD]) {
    re.lastIndex = 0;
    while ((m = re.exec(code)) !== null) {
      const port = portOf(m[1] as string);
      if (port !== null && !ports.includes(port)) ports.push(port);
    }
  }

  return {
    packageName: pkg ? (pkg[1] as string) : null,
    buildsOnLinux,
    requiresCgoTag: constraint !== null && onLinuxWithCgo && !onLinuxWithoutCgo,
    isNoCgoFallback: constraint !== null && !onLinuxWithCgo && onLinuxWithoutCgo,
    imports,
    importsC: imports.includes('C'),
    ports,
    versionVar: findVersionVar(code),
  };
}

/** A package-level `var version string`, `var version = "x"` or the same inside a `var ( ... )` block. */
function findVersionVar(code: string): { name: string; value: string | null } | null {
  const single = /^var\s+(version|Version)\s*(?:string\s*)?(?:=\s*"([^"\n]*)")?\s*$/m.exec(code);
  if (single) return { name: single[1] as string, value: single[2] ?? null };
  for (const block of code.matchAll(/^var\s*\(([\s\S]*?)^\)/gm)) {
    const inner = /^\s+(version|Version)\s*(?:string\s*)?(?:=\s*"([^"\n]*)")?\s*$/m.exec(block[1] as string);
    if (inner) return { name: inner[1] as string, value: inner[2] ?? null };
  }
  return null;
}
