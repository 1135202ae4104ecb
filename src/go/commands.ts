import type { ShellCommand, ShellWord } from '../dockerfile/index.js';

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
  let k = 0;
  while (k < argv.length) {
    const w = (argv[k] as ShellWord).value;
    if (w === 'env' || w === 'sudo' || w === 'exec' || w === 'nice' || w === 'timeout') {
      k++;
      // `env -i`, `sudo -E`, `timeout 600`: skip options and wrapper arguments; collect env assignments.
      while (k < argv.length) {
        const v = (argv[k] as ShellWord).value;
        if (v.startsWith('-') || /^\d+[smhd]?$/.test(v)) k++;
        else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
          addAssignment(env, v);
          k++;
        } else break;
      }
      continue;
    }
    break;
  }
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
  const flags = [...go.args.map((a) => a.value), ...(go.env.get('GOFLAGS') ?? '').split(/\s+/), ...(stageGoflags ?? '').split(/\s+/)];
  return flags.includes('-mod=vendor');
}
