import type { ShellCommand, ShellWord } from '../../dockerfile/index.js';
import { MemoSlot, type MemoHolder } from '../../dockerfile/memo.js';

/**
 * Recognises package-manager commands (`apt-get`, `apt`, `apt-cache`, `apk`) in a shell command,
 * looking through wrappers (`sudo`, `env`, `eatmydata`, ...), and reads their options the way the
 * tools do: options may come before or after the subcommand, and some take a separate value.
 */

export type PackageTool = 'apt-get' | 'apt' | 'apt-cache' | 'aptitude' | 'apk';

export interface PackageOption {
  /** `-y`, `--yes`, `-o`, `--no-cache`, a short cluster like `-yq`. */
  name: string;
  /** `-o X=1`, `-oX=1`, `--option=X=1` -> `X=1`; null for a flag. */
  value: string | null;
  word: ShellWord;
}

export interface PackageCommand {
  command: ShellCommand;
  tool: PackageTool;
  /** The word naming the tool (`apt-get`, `/usr/bin/apt`). */
  toolWord: ShellWord;
  /** Wrapper command names before the tool (`sudo`, `env`). */
  wrappers: string[];
  subcommand: string | null;
  subcommandWord: ShellWord | null;
  options: PackageOption[];
  /** Words after the subcommand that are not options (package names). */
  operands: ShellWord[];
  /** Environment set on the command: leading `NAME=value` words and `env NAME=value`. */
  env: Map<string, string>;
}

const TOOLS: Record<string, PackageTool> = { 'apt-get': 'apt-get', apt: 'apt', 'apt-cache': 'apt-cache', aptitude: 'aptitude', apk: 'apk' };
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'nice', 'timeout', 'nohup', 'eatmydata', 'command', 'stdbuf']);
/** Wrapper options that take a separate value (`sudo -u user`, `nice -n 10`). */
const WRAPPER_VALUE_OPTIONS = new Set(['-u', '-g', '-C', '-h', '-p', '-r', '-t', '-U', '-n', '-s', '-k', '-i', '-o', '-e']);

/** Options that take the next word as their value. */
const VALUE_OPTIONS: Record<'apt' | 'apk', Set<string>> = {
  apt: new Set(['-o', '-c', '-t', '-a', '-P', '--option', '--config-file', '--target-release', '--default-release', '--host-architecture', '--build-profiles']),
  apk: new Set([
    '-X',
    '--repository',
    '-p',
    '--root',
    '--arch',
    '--cache-dir',
    '--keys-dir',
    '--repositories-file',
    '--wait',
    '--timeout',
    '--cache-max-age',
    '--progress-fd',
    '-t',
    '--virtual',
    '--from',
  ]),
};

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

function addEnv(env: Map<string, string> | null, word: string): Map<string, string> {
  const eq = word.indexOf('=');
  return (env ?? new Map<string, string>()).set(word.slice(0, eq), word.slice(eq + 1));
}

export function packageCommand(command: ShellCommand): PackageCommand | null {
  // Most commands are not package managers: the env map is only made when there is something in it
  // (same entries, same order; an empty one is made for the result below).
  let env: Map<string, string> | null = null;
  for (const a of command.assignments) env = addEnv(env, a.value);
  const argv = command.argv;
  const wrappers: string[] = [];
  let k = 0;
  while (k < argv.length && WRAPPERS.has((argv[k] as ShellWord).value)) {
    const wrapper = (argv[k] as ShellWord).value;
    wrappers.push(wrapper);
    k++;
    while (k < argv.length) {
      const v = (argv[k] as ShellWord).value;
      if (ASSIGNMENT.test(v)) {
        env = addEnv(env, v);
        k++;
      } else if (v.startsWith('-')) {
        k += WRAPPER_VALUE_OPTIONS.has(v) && wrapper !== 'env' ? 2 : 1;
      } else if (wrapper === 'timeout' && /^\d+(\.\d+)?[smhd]?$/.test(v)) k++;
      else break;
    }
  }
  const toolWord = argv[k];
  if (!toolWord) return null;
  const tool = TOOLS[toolWord.value.slice(toolWord.value.lastIndexOf('/') + 1)];
  if (!tool) return null;
  const valueOptions = VALUE_OPTIONS[tool === 'apk' ? 'apk' : 'apt'];

  let subcommand: string | null = null;
  let subcommandWord: ShellWord | null = null;
  const options: PackageOption[] = [];
  const operands: ShellWord[] = [];
  let endOfOptions = false;
  for (let i = k + 1; i < argv.length; i++) {
    const word = argv[i] as ShellWord;
    const v = word.value;
    if (!endOfOptions && v === '--') {
      endOfOptions = true;
    } else if (!endOfOptions && v.startsWith('-') && v.length > 1) {
      const eq = v.indexOf('=');
      if (tool !== 'apk' && /^-[oct][^-]/.test(v)) {
        // `-oAPT::Get::Assume-Yes=1`: a short option with its value attached.
        options.push({ name: v.slice(0, 2), value: v.slice(2).replace(/^=/, ''), word });
      } else if (eq !== -1) options.push({ name: v.slice(0, eq), value: v.slice(eq + 1), word });
      else if (valueOptions.has(v)) {
        const next = argv[i + 1];
        options.push({ name: v, value: next ? next.value : null, word });
        i++;
      } else options.push({ name: v, value: null, word });
    } else if (subcommand === null) {
      subcommand = v;
      subcommandWord = word;
    } else operands.push(word);
  }
  return { command, tool, toolWord, wrappers, subcommand, subcommandWord, options, operands, env: env ?? new Map<string, string>() };
}

/**
 * Every package-manager command among `commands`, with the index of its shell command. Read by
 * several rules for the same RUN: `shellCommands` returns one frozen array per instruction and
 * document, with a memo holder (see memo.ts), so the answer for such an array is kept (frozen, as
 * the callers share it).
 */
export function packageCommands(commands: readonly ShellCommand[]): ReadonlyArray<{ index: number; pc: PackageCommand }> {
  const holder = commands as readonly ShellCommand[] & MemoHolder;
  const memoized = holder.memo !== undefined && Object.isFrozen(commands);
  if (memoized) {
    const hit = packageCache.get(holder);
    if (hit) return hit;
  }
  const out: Array<{ index: number; pc: PackageCommand }> = [];
  for (let index = 0; index < commands.length; index++) {
    const pc = packageCommand(commands[index] as ShellCommand);
    if (pc) out.push({ index, pc });
  }
  if (!memoized) return out;
  Object.freeze(out);
  packageCache.set(holder, out);
  return out;
}

const packageCache = new MemoSlot<MemoHolder, ReadonlyArray<{ index: number; pc: PackageCommand }>>();

export function isApt(pc: PackageCommand): boolean {
  return pc.tool === 'apt-get' || pc.tool === 'apt';
}

export function hasOption(pc: PackageCommand, ...names: string[]): boolean {
  return pc.options.some((o) => names.includes(o.name));
}

/** `-o Name=value` / `--option Name=value` settings, by lower-cased name. */
export function aptConfigOptions(pc: PackageCommand): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of pc.options) {
    if ((o.name === '-o' || o.name === '--option') && o.value !== null) {
      const eq = o.value.indexOf('=');
      if (eq !== -1) out.set(o.value.slice(0, eq).toLowerCase(), o.value.slice(eq + 1));
    }
  }
  return out;
}

/** apt subcommands that install, upgrade or remove packages and so ask "Do you want to continue?". */
export const APT_PROMPTING = new Set(['install', 'reinstall', 'remove', 'purge', 'autoremove', 'autopurge', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'satisfy']);
/** apt subcommands that unpack and configure packages, where debconf may ask questions. */
export const APT_CONFIGURING = new Set(['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'satisfy']);
/** apt subcommands that read the package lists `apt-get update` downloads. */
export const APT_READS_LISTS = new Set(['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'satisfy', 'source', 'download', 'changelog']);

/**
 * Whether an apt command will not stop at the "Do you want to continue? [Y/n]" prompt: `-y`,
 * `--yes`, `--assume-yes`, `-qq` (quiet level 2 implies -y), `APT::Get::Assume-Yes`, an explicit
 * `--assume-no`/`--trivial-only`, or a dry run.
 */
export function aptAnswersPrompt(pc: PackageCommand): boolean {
  let quiet = 0;
  for (const o of pc.options) {
    const n = o.name;
    if (['--yes', '--assume-yes', '--assume-no', '--no', '--trivial-only', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act'].includes(n)) return true;
    if ((n === '--quiet' || n === '-q') && o.value !== null && Number(o.value) >= 2) return true;
    if (n === '--quiet') quiet++;
    if (/^-[A-Za-z]+$/.test(n)) {
      if (n.includes('y') || n.includes('s')) return true;
      quiet += n.split('q').length - 1;
    }
  }
  if (quiet >= 2) return true;
  const assume = aptConfigOptions(pc).get('apt::get::assume-yes');
  return assume !== undefined && /^(1|true|yes)$/i.test(assume);
}
