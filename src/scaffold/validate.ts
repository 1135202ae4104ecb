/**
 * Validation of every value that reaches the Dockerfile. A value is accepted only when it is made of
 * characters that mean nothing to the Dockerfile parser or the shell in the place it is used: no
 * newline (which would start a new instruction), no quote, `$`, backtick, `;`, `&`, `|`, `<`, `>`,
 * `\` or space (except where documented). The templates then print values as they are; Handlebars'
 * HTML escaping is off, because it protects HTML, not Dockerfiles.
 */
import { compareGoVersions } from '../go/gomod.js';
import { resolvePrivate, resolveProxy, resolveSumdb, SettingError } from '../go/proxy.js';

export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** A relative posix path inside the build context (`.`, `cmd/api`, `internal/v2`). */
export const SAFE_PATH = /^(?:\.|[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*(?:\/[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*)*)$/;
export const BINARY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const GO_VERSION = /^\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?$/;
const APT_PACKAGE = /^[a-z0-9][a-z0-9+.-]*(?::[a-z0-9-]+)?(?:=[A-Za-z0-9.+~:-]+)?$/;
const APK_PACKAGE = /^[A-Za-z0-9][A-Za-z0-9+._-]*(?:[=~][A-Za-z0-9._+-]+)?$/;
const PLATFORM = /^linux\/(?:amd64|arm64|arm\/v6|arm\/v7|386|ppc64le|s390x|riscv64)$/;
const VERSION_VAR = /^(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*\/)*[A-Za-z0-9_~-][A-Za-z0-9._~-]*\.[A-Za-z_][A-Za-z0-9_]*$/;
const VERSION_VALUE = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
/** A module path in a comment or the `docker build -t` example. */
const MODULE_PATH = /^[A-Za-z0-9._~+-]+(?:\/[A-Za-z0-9._~+-]+)*$/;

function show(value: string): string {
  return JSON.stringify(value);
}

function fromSetting<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SettingError) throw new ScaffoldError(error.message);
    throw error;
  }
}

export function validateProxy(value: string): string {
  return fromSetting(() => resolveProxy(value.trim()));
}

export function validateSumdb(value: string): string {
  const v = fromSetting(() => resolveSumdb(value.trim()));
  // Go reads GOSUMDB as `name`, `name+key` or either followed by a URL; a URL alone is not a name.
  if (/^https?:\/\//.test(v)) {
    throw new ScaffoldError(`--sumdb: ${show(value)} is a URL without the database's name; write it as \`sum.golang.org ${v}\` (name, then URL)`);
  }
  return v;
}

/** GOPRIVATE globs; empty or `none` means no private modules. */
export function validatePrivate(value: string): string | null {
  const v = value.trim();
  if (v === '' || v === 'none') return null;
  return fromSetting(() => resolvePrivate(v));
}

export function validateGoVersion(value: string, minimum: string | null): string {
  const v = value.trim().replace(/^go/, '');
  if (!GO_VERSION.test(v)) throw new ScaffoldError(`--go-version: ${show(value)} is not a Go version like 1.23 or 1.23.4`);
  if (minimum !== null) {
    // `1.22` is an image tag that floats to the newest 1.22.x, which satisfies `go 1.22.3`.
    const minorOnly = /^\d+\.\d+$/.test(v);
    const floor = minorOnly ? (/^(\d+\.\d+)/.exec(minimum)?.[1] ?? minimum) : minimum;
    if (compareGoVersions(v, floor) < 0) {
      throw new ScaffoldError(`--go-version: ${v} is older than go.mod's \`go ${minimum}\`; the build would fail (the golang image sets GOTOOLCHAIN=local)`);
    }
  }
  return v;
}

export function validateBinaryName(value: string): string {
  if (!BINARY_NAME.test(value)) throw new ScaffoldError(`--binary: ${show(value)} is not a file name (letters, digits, . _ -; at most 64)`);
  return value;
}

/** `8080`, `8080,9090`; `none` or empty for no EXPOSE. */
export function validatePorts(value: string): number[] {
  const v = value.trim();
  if (v === '' || v === 'none') return [];
  const parts = v.split(',').map((p) => p.trim());
  return parts.map((p) => {
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) throw new ScaffoldError(`--port: ${show(p)} is not a port number (1-65535)`);
    return Number(p);
  }).filter((p, i, all) => all.indexOf(p) === i);
}

export function splitList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const items = typeof value === 'string' ? [value] : value;
  return items.flatMap((v) => v.split(/[\s,]+/)).filter((v) => v !== '');
}

export function validatePackages(values: string[], manager: 'apt' | 'apk'): string[] {
  const re = manager === 'apt' ? APT_PACKAGE : APK_PACKAGE;
  for (const p of values) {
    if (!re.test(p)) {
      throw new ScaffoldError(
        `--packages: ${show(p)} is not ${manager === 'apt' ? 'a Debian package name (like libsqlite3-dev or gcc=4:12.2.0-3)' : 'an Alpine package name (like sqlite-dev or gcc=13.2.1_git20231014-r0)'}`,
      );
    }
  }
  return [...new Set(values)];
}

export function validatePlatforms(values: string[]): string[] {
  for (const p of values) {
    if (!PLATFORM.test(p)) throw new ScaffoldError(`--platforms: ${show(p)} is not a supported platform (linux/amd64, linux/arm64, linux/arm/v7, linux/arm/v6, linux/386, linux/ppc64le, linux/s390x, linux/riscv64)`);
  }
  return [...new Set(values)];
}

/** `main.version` or `example.com/app/internal/build.Version`; empty or `none` for no stamping. */
export function validateVersionVar(value: string): string | null {
  const v = value.trim();
  if (v === '' || v === 'none') return null;
  if (!VERSION_VAR.test(v) || v.includes('..')) throw new ScaffoldError(`--version-var: ${show(value)} is not a package-qualified variable like main.version`);
  return v;
}

/** The default of the VERSION build arg: the variable's literal default when it is plain, else `dev`. */
export function versionDefault(value: string | null): string {
  return value !== null && VERSION_VALUE.test(value) ? value : 'dev';
}

export function validateParallelism(value: string | number | undefined): number | null {
  if (value === undefined || value === '' || value === 'none' || value === 0 || value === '0') return null;
  const s = String(value).trim();
  if (!/^\d{1,3}$/.test(s) || Number(s) < 1 || Number(s) > 256) throw new ScaffoldError(`--build-parallelism: ${show(String(value))} is not a number from 1 to 256`);
  return Number(s);
}

export function validateModulePath(value: string): string {
  if (!MODULE_PATH.test(value)) throw new ScaffoldError(`go.mod: the module path ${show(value)} is not a valid module path`);
  return value;
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ScaffoldError(`--${flag}: ${show(value)} is not one of ${allowed.join(', ')}`);
}

/** Quotes a word for a POSIX shell command shown in a comment (the `docker build` example). */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** True when a value could end a Dockerfile line or comment early. */
export function hasLineBreak(value: string): boolean {
  return /[\r\n\u2028\u2029\u0085]/.test(value);
}
