import { type ShellCommand, type ShellWord } from '../dockerfile/index.js';
import { tokenizeShellAt } from '../dockerfile/shell.js';
import { MemoSlot, type MemoHolder } from '../dockerfile/memo.js';

/** A `go` command found in a RUN. */
export interface GoInvocation {
  command: ShellCommand;
  /** `build`, `test`, `mod download`, `mod tidy`, `install`, ... */
  subcommand: string;
  /** The word naming the subcommand (for edits right after it). */
  subcommandWord: ShellWord;
  args: ShellWord[];
  /** Environment set on the command itself (`CGO_ENABLED=0 go build`). */
  env: Map<string, string>;
}

/** Subcommands that resolve modules and so read or fill GOMODCACHE. */
const RESOLVES_MODULES = new Set(['build', 'test', 'install', 'generate', 'vet', 'list', 'run', 'get', 'mod download', 'mod tidy', 'mod vendor', 'mod verify', 'mod graph', 'mod why', 'work sync', 'work vendor']);
/** Subcommands that compile and so read or fill GOCACHE. */
const COMPILES = new Set(['build', 'test', 'install', 'run', 'vet', 'generate', 'list']);

const GO_BINARY = /(^|\/)go$/;

/** Recognises `go <sub>` in a shell command, looking through `env`, `sudo` and `exec` wrappers. */
export function goInvocation(command: ShellCommand): GoInvocation | null {
  const env = new Map<string, string>();
  for (const a of command.assignments) addAssignment(env, a.value);
  const argv = command.argv;
  let k = skipWrappers(argv, env);
  const binary = argv[k];
  if (!binary || !GO_BINARY.test(binary.value)) return null;
  k++;
  // `go -C dir build`: -C takes a value before the subcommand.
  while (k < argv.length && (argv[k] as ShellWord).value.startsWith('-')) k += (argv[k] as ShellWord).value === '-C' ? 2 : 1;
  const first = argv[k];
  if (!first) return null;
  let subcommand = first.value;
  let subcommandWord = first;
  if ((subcommand === 'mod' || subcommand === 'work') && argv[k + 1]) {
    subcommandWord = argv[k + 1] as ShellWord;
    subcommand += ' ' + subcommandWord.value;
    k++;
  }
  return { command, subcommand, subcommandWord, args: argv.slice(k + 1), env };
}

/**
 * The index of the command word past `env`, `sudo`, `exec`, `nice`, `timeout` wrappers and their
 * options (`env -i`, `sudo -E`, `timeout 600`), collecting `env NAME=value` assignments into `env`.
 */
function skipWrappers(argv: ShellWord[], env: Map<string, string>): number {
  let k = 0;
  while (k < argv.length) {
    const w = (argv[k] as ShellWord).value;
    if (w !== 'env' && w !== 'sudo' && w !== 'exec' && w !== 'nice' && w !== 'timeout') break;
    k++;
    while (k < argv.length) {
      const v = (argv[k] as ShellWord).value;
      if (v.startsWith('-') || /^\d+[smhd]?$/.test(v)) k++;
      else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
        addAssignment(env, v);
        k++;
      } else break;
    }
  }
  return k;
}

function addAssignment(env: Map<string, string>, word: string): void {
  const eq = word.indexOf('=');
  env.set(word.slice(0, eq), word.slice(eq + 1));
}

export function resolvesModules(go: GoInvocation): boolean {
  return RESOLVES_MODULES.has(go.subcommand);
}

export function compiles(go: GoInvocation): boolean {
  return COMPILES.has(go.subcommand);
}

/** True when the command builds from vendor/ (`-mod=vendor` as a flag or in GOFLAGS). */
export function usesVendor(go: GoInvocation, stageGoflags: string | null): boolean {
  if (go.args.some((a) => a.value === '-mod=vendor')) return true;
  return goflagsVendor(go.env.get('GOFLAGS') ?? '') || goflagsVendor(stageGoflags ?? '');
}

/** Whether a GOFLAGS value has the word `-mod=vendor` (splitting only when the text is there at all). */
function goflagsVendor(goflags: string): boolean {
  return goflags.includes('-mod=vendor') && goflags.split(/\s+/).includes('-mod=vendor');
}

// ---------------------------------------------------------------------------------------------
// Commands that may run go out of sight.

/** Shells whose `-c` script we read (`bash -c "go build ./..."`, exec-form `["/bin/sh", "-c", "..."]`). */
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

/**
 * Build drivers that run the go command themselves: make (and GNU make as gmake), mage, go-task
 * (`task`), just, goreleaser, ko, garble, golangci-lint (loads packages through `go list`).
 * Not here: bazel/bazelisk (rules_go keeps its own module and build caches in Bazel's output base)
 * and earthly (runs its own BuildKit, not go in this RUN).
 */
const DRIVERS = new Set(['make', 'gmake', 'mage', 'task', 'just', 'goreleaser', 'ko', 'garble', 'golangci-lint']);

/** Directories whose files are scripts by convention (`scripts/build`, `hack/make.sh`). */
const SCRIPT_DIRS = new Set(['scripts', 'script', 'hack', 'build', 'ci', 'tools', '.github']);

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The command words without `env`/`sudo`/`exec`/`nice`/`timeout` wrappers and their options. */
export function commandWords(command: ShellCommand): ShellWord[] {
  return command.argv.slice(skipWrappers(command.argv, new Map()));
}

/**
 * The script word of `sh -c '<script>'` (any shell in SHELLS, options allowed before it:
 * `bash -euo pipefail -c`, `sh -ec`), or null when the command is not a shell given a `-c` script.
 */
export function shellScript(command: ShellCommand): ShellWord | null {
  const words = commandWords(command);
  const shell = words[0];
  if (!shell || !SHELLS.has(basename(shell.value))) return null;
  for (let i = 1; i < words.length; i++) {
    const v = (words[i] as ShellWord).value;
    if (/^--[a-z-]+$/.test(v)) continue; // `bash --login -c`
    if (!/^[-+][A-Za-z]+$/.test(v)) return null; // a script file or a plain argument: no -c
    if (v.slice(1).includes('c')) return words[i + 1] ?? null;
    if (v.endsWith('o')) i++; // `-o pipefail`, `-euo pipefail`
  }
  return null;
}

/**
 * The commands of a `sh -c` script (nested ones too, up to three levels), marked read-only
 * (`inHeredoc`): their words all point at the script word, so they can be read but never edited.
 */
export function scriptCommands(command: ShellCommand, depth = 0): ShellCommand[] {
  const script = shellScript(command);
  if (!script || depth >= 3) return [];
  const out: ShellCommand[] = [];
  for (const readOnly of tokenizeShellAt(script.value, script.range.start, true)) {
    out.push(readOnly);
    if (depth + 1 < 3) for (const c of scriptCommands(readOnly, depth + 1)) out.push(c);
  }
  return out;
}

/** `commands` followed by the commands of every `sh -c` script among them. */
export function withScripts(commands: ShellCommand[]): ShellCommand[] {
  // Asked for the same RUN by several rules and helpers. `shellCommands` returns one frozen array
  // per instruction, with a memo holder, so the answer for such an array can be kept; frozen too,
  // as callers share it.
  const holder = commands as ShellCommand[] & MemoHolder;
  const memoized = holder.memo !== undefined && Object.isFrozen(commands);
  if (memoized) {
    const hit = scriptsCache.get(holder);
    if (hit) return hit;
  }
  const out: ShellCommand[] = [];
  for (const c of commands) {
    out.push(c);
    for (const inner of scriptCommands(c)) out.push(inner);
  }
  if (!memoized) return out;
  Object.freeze(out);
  scriptsCache.set(holder, out);
  return out;
}

const scriptsCache = new MemoSlot<MemoHolder, ShellCommand[]>();

/**
 * The build driver a shell command runs that may run go out of sight, as the user wrote it
 * (`make`, `./build.sh`, `scripts/build`), or null. Recognised:
 * - the drivers in DRIVERS, by name or path (`/usr/bin/make`), through env/sudo wrappers;
 * - scripts: a path ending in `.sh`/`.bash`, or a path in a scripts/hack/build/ci/tools directory
 *   (`./scripts/build`), run directly, through a shell (`sh build.sh`, `bash -e hack/build`) or
 *   sourced (`. ./env.sh`);
 * - a driver or script inside a `sh -c` script.
 * Not recognised: a plain program path (`./bin/app`, `/go/bin/swag`) or a system tool
 * (`/usr/local/bin/x`): running a binary is not running go.
 */
export function goDriver(command: ShellCommand): string | null {
  const words = commandWords(command);
  const first = words[0];
  if (!first) return null;
  const name = first.value;
  const base = basename(name);
  if (DRIVERS.has(base)) return name;
  if (SHELLS.has(base)) {
    if (shellScript(command)) {
      for (const inner of scriptCommands(command)) {
        const driver = goDriver(inner);
        if (driver) return driver;
      }
      return null;
    }
    // `sh build.sh`, `bash -e scripts/build`: the first word that is not an option is the script.
    const file = words.slice(1).find((w) => !/^[-+]/.test(w.value));
    return file && isScript(file.value, true) ? file.value : null;
  }
  if ((name === '.' || name === 'source') && words[1]) return isScript(words[1].value, true) ? words[1].value : null;
  return isScript(name, false) ? name : null;
}

/** A script path (see goDriver); `anyPath`: given to a shell, so any file that is not a system tool. */
function isScript(path: string, anyPath: boolean): boolean {
  if (/\.(sh|bash)$/.test(path)) return true;
  const dirs = path.split('/').slice(0, -1);
  if (dirs.includes('bin') || dirs.includes('sbin')) return false;
  if (anyPath) return true;
  return dirs.some((d) => SCRIPT_DIRS.has(d));
}
