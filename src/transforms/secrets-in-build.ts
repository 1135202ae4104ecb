import {
  addFlag,
  contextAt,
  deleteInstruction,
  expand,
  joinPath,
  parseMount,
  shellCommands,
  splitWords,
  type DockerfileDocument,
  type Instruction,
  type ShellCommand,
  type Stage,
} from '../dockerfile/index.js';
import { goInvocation } from '../go/commands.js';
import { freezeOperands } from '../go/copies.js';
import { stageChain, usedAsBase } from '../go/go-vars.js';
import { defineTransform, type Problem } from './transform.js';
import { MemoSlot } from '../dockerfile/memo.js';

/**
 * Credentials that end up in image layers or history. The replacements the messages point to:
 * a .netrc secret mount for HTTPS (`RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod
 * download` + `docker build --secret id=netrc,src=$HOME/.netrc`), or the SSH agent
 * (`RUN --mount=type=ssh` + `git config --global url."git@<host>:".insteadOf
 * "https://<host>/"` + `docker build --ssh default`, naming the host the credential was for). Messages name the leak, never the value.
 */

type SecretProblem = Problem & ({ kind: 'report' } | { kind: 'copy-netrc'; copy: Instruction; runs: Instruction[]; target: string });

const NETRC_FIX = 'mount it instead: `RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download` with `docker build --secret id=netrc,src=$HOME/.netrc`';
/** The SSH-agent replacement, for the git host a credential was for (github.com when none is known). */
const sshFix = (host = 'github.com'): string =>
  `use the SSH agent instead: \`RUN --mount=type=ssh\` with \`git config --global url."git@${host}:".insteadOf "https://${host}/"\` and \`docker build --ssh default\``;
const SSH_FIX = sshFix();

// ---- names -------------------------------------------------------------------------------------

/** Name segments that make a variable a credential wherever they appear. */
const SECRET_SEGMENTS = new Set(['TOKEN', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'APIKEY', 'NETRC']);
/** Only as the last segment (`DB_PASS`, `GITHUB_PAT`; not `PASS_THROUGH`). */
const SECRET_LAST = new Set(['PASS', 'PAT']);
/** `<X>_KEY` is a credential for these X (`API_KEY`, `AWS_SECRET_ACCESS_KEY`, `SSH_PRIVATE_KEY`). */
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'PRIVATE', 'SECRET', 'SSH', 'DEPLOY', 'SIGNING', 'ENCRYPTION', 'AUTH', 'MASTER']);
/** A last segment that names something about a credential, not the credential: `GITHUB_TOKEN_FILE`, `SECRET_MOUNT_PATH`. */
const METADATA = new Set([
  'FILE', 'FILENAME', 'PATH', 'DIR', 'ID', 'NAME', 'MOUNT', 'VERSION', 'URL', 'URI', 'HOST', 'PORT', 'TYPE', 'USER', 'USERNAME',
  'LOGIN', 'ENABLED', 'ENABLE', 'DISABLED', 'REQUIRED', 'LENGTH', 'LEN', 'SIZE', 'EXPIRY', 'EXPIRES', 'TTL', 'HEADER', 'ENDPOINT',
  'ARN', 'REF', 'LOCATION', 'SRC', 'SOURCE', 'TARGET', 'DEST', 'MODE', 'FORMAT', 'ALGORITHM', 'ALG', 'COUNT', 'LIMIT', 'TIMEOUT',
  'PREFIX', 'SUFFIX', 'SCOPE', 'SCOPES', 'ISSUER', 'AUDIENCE', 'HELPER', 'METHOD', 'PROVIDER', 'KIND', 'STORE', 'REGION', 'NAMESPACE',
]);

/** Whether a variable name names a credential, by its `_`-separated (or camelCase) segments. */
export function isSecretName(name: string): boolean {
  // Asked for every ENV/ARG word of every document: the same few names, so the answer is kept.
  let known = secretNames.get(name);
  if (known === undefined) {
    if (secretNames.size >= 4096) secretNames.clear();
    known = computeIsSecretName(name);
    secretNames.set(name, known);
  }
  return known;
}

const secretNames = new Map<string, boolean>();

function computeIsSecretName(name: string): boolean {
  const segments = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[_.-]+/)
    .filter(Boolean);
  const last = segments[segments.length - 1];
  if (!last || METADATA.has(last) || segments.includes('PUBLIC') || segments.includes('PUB')) return false;
  if (segments.some((s) => SECRET_SEGMENTS.has(s)) || SECRET_LAST.has(last)) return true;
  return segments.some((s, k) => s === 'KEY' && k > 0 && KEY_QUALIFIERS.has(segments[k - 1] as string));
}

/** Defaults that show the variable is a switch, not a credential (`ARG USE_TOKEN=false`). */
const SWITCH_VALUE = /^(true|false|yes|no|on|off|0|1)$/i;

// ---- URLs --------------------------------------------------------------------------------------

const VAR = String.raw`\$\{[^}\s]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*`;
// The scheme may follow a dot (`url.https://...` in git config); the host ends at a port, path or list separator.
const URL_WITH_USERINFO = new RegExp(String.raw`(?<![A-Za-z0-9+-])([A-Za-z][A-Za-z0-9+-]*):\/\/((?:${VAR}|[^\s/@"'\`$])+)@([^\s/:,|;"'\`@]+)`, 'g');

/** A credential in a URL's userinfo: written out (`user:pass@`, a bare token), or from a variable. */
function userinfoCredential(userinfo: string): 'literal' | 'variable' | null {
  // Split at the first `:` outside a `${...}`/`$(...)`; odd parts of the split are expansions.
  const parts = userinfo.split(new RegExp(`(${VAR})`));
  let user = '';
  let password: string | null = null;
  parts.forEach((part, k) => {
    const colon = k % 2 === 0 && password === null ? part.indexOf(':') : -1;
    if (colon !== -1) {
      user += part.slice(0, colon);
      password = part.slice(colon + 1);
    } else if (password === null) user += part;
    else password += part;
  });
  const pass = password as string | null;
  if (pass !== null) return pass === '' ? null : pass.includes('$') ? 'variable' : 'literal';
  if (!user.includes('$')) {
    // `https://ghp_xxx@github.com`: a token as the user name. `git@`, `deploy@`: just a user.
    return /^[A-Za-z0-9_-]{20,}$/.test(user) ? 'literal' : null;
  }
  // `https://${GITHUB_TOKEN}@github.com`, `https://$(cat /run/secrets/t)@...`; not `https://$GIT_USER@...`.
  const names = [...user.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string);
  return user.includes('$(') || names.some(isSecretName) ? 'variable' : null;
}

interface CredentialUrl {
  shown: string;
  host: string;
  kind: 'literal' | 'variable';
  variables: string[];
}

function credentialUrls(text: string): CredentialUrl[] {
  // URL_WITH_USERINFO needs an `@`; most words have none, so skip the regex for them.
  if (!text.includes('@')) return [];
  const found: CredentialUrl[] = [];
  for (const m of text.matchAll(URL_WITH_USERINFO)) {
    const userinfo = m[2] as string;
    const kind = userinfoCredential(userinfo);
    if (kind === null) continue;
    const variables = [...userinfo.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((v) => v[1] as string);
    found.push({ shown: `${m[1]}://***@${m[3]}`, host: m[3] as string, kind, variables });
  }
  return found;
}

// ---- credential files --------------------------------------------------------------------------

const KEY_FILES = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk']);
const NETRC_FILES = new Set(['.netrc', '_netrc']);

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** What kind of credential a path holds, by its name; null for anything else (`id_rsa.pub`, `known_hosts`, `cert.pem`). */
function credentialFile(path: string): string | null {
  const base = basename(path);
  if (NETRC_FILES.has(base)) return '.netrc';
  if (base === '.git-credentials') return '.git-credentials';
  if (KEY_FILES.has(base)) return `the SSH private key ${base}`;
  if (/\.(pem|key)$/i.test(base) && /(^|[-_.])(private|priv)([-_.]|key|$)|(^|[-_.])(key|rsa|ecdsa|ed25519|deploy|ssh)[-_.]?(key)?\.pem$/i.test(base)) {
    return `the private key ${base}`;
  }
  return null;
}

/** `.ssh`, `.ssh/`, `.ssh/*`, `~/.ssh`: a whole SSH directory, keys included. */
function sshDirectory(path: string): boolean {
  return /(^|\/)\.ssh(\/\*?)?$/.test(path.replace(/\/+$/, '/'));
}

// ---- RUN analysis ------------------------------------------------------------------------------

/** Files a shell command writes: redirection targets, `tee` files, `cp`/`mv`/`install` destinations. */
function writtenFiles(command: ShellCommand): string[] {
  const files: string[] = [];
  const words = command.words;
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as { raw: string; value: string };
    if (!w.raw.includes('>')) continue; // not a redirection
    const m = /^(?:\d*|&)(>>?|>\|)(.*)$/.exec(w.raw);
    if (!m) continue;
    if (m[2] === '') {
      const next = words[k + 1];
      if (next) files.push(next.value);
    } else files.push(w.value.replace(/^(?:\d*|&)(>>?|>\|)/, ''));
  }
  const cmd = command.argv[0]?.value;
  if (cmd !== 'tee' && cmd !== 'cp' && cmd !== 'mv' && cmd !== 'install') return files;
  const operands = command.argv.slice(1).map((a) => a.value).filter((a) => !a.startsWith('-'));
  if (cmd === 'tee') files.push(...operands);
  if ((cmd === 'cp' || cmd === 'mv' || cmd === 'install') && operands.length >= 2) {
    // The destination may be a file or a directory: both candidates.
    const dest = operands[operands.length - 1] as string;
    if (!dest.endsWith('/')) files.push(dest);
    files.push(...operands.slice(0, -1).map((src) => `${dest.replace(/\/+$/, '')}/${basename(src)}`));
  }
  return files;
}

/** Paths removed by `rm`/`shred`/`unlink` in a command. */
function removedPaths(command: ShellCommand): string[] {
  const [cmd, ...args] = command.argv.map((a) => a.value);
  return cmd === 'rm' || cmd === 'shred' || cmd === 'unlink' ? args.filter((a) => !a.startsWith('-')) : [];
}

function removes(path: string, removed: string): boolean {
  const b = basename(removed);
  return b === basename(path) || path.includes(`/${b}/`);
}

function isGit(command: ShellCommand, ...subcommands: string[]): boolean {
  const argv = command.argv.map((a) => a.value);
  const k = argv.findIndex((a) => /(^|\/)git$/.test(a));
  if (k === -1) return false;
  // `git -C dir config`: skip global options.
  let j = k + 1;
  while (j < argv.length && (argv[j] as string).startsWith('-')) j += argv[j] === '-C' || argv[j] === '-c' ? 2 : 1;
  return subcommands.includes(argv[j] ?? '');
}

// ---- the rule ----------------------------------------------------------------------------------

function runsOf(doc: DockerfileDocument): Array<{ owner: Instruction; run: Instruction }> {
  return doc.instructions
    .map((owner) => ({ owner, run: owner.trigger ?? owner }))
    .filter(({ run }) => run.keyword === 'RUN');
}

function declaredVars(doc: DockerfileDocument, stage: Stage | undefined, at: Instruction): Set<string> {
  if (!stage) return new Set();
  const names = new Set(contextAt(doc, stage, at).vars.keys());
  // ARGs are not inherited by contextAt; the stages it is built from count (BuildKit carries them).
  for (const s of stageChain(doc, stage).slice(1)) for (const i of s.instructions) if (i.keyword === 'ARG') for (const w of splitWords(i.logical, i.argsIndex, doc.escape)) names.add(w.value.split('=')[0] as string);
  return names;
}

/** ENV/ARG names and URL credentials in their values. */
function checkAssignments(doc: DockerfileDocument, owner: Instruction, i: Instruction, out: SecretProblem[], flagged: Set<string>): void {
  if (owner.stage === -1) return; // a global ARG only reaches FROM lines
  const words = splitWords(i.logical, i.argsIndex, doc.escape);
  const legacy = i.keyword === 'ENV' && words[0] !== undefined && !words[0].value.includes('=');
  const pairs = legacy
    ? [{ name: (words[0] as { value: string }).value, value: words.slice(1).map((w) => w.value).join(' ') as string | null, range: (words[0] as { range: { start: number; end: number } }).range }]
    : words.map((w) => {
        const eq = w.value.indexOf('=');
        return { name: eq === -1 ? w.value : w.value.slice(0, eq), value: eq === -1 ? null : w.value.slice(eq + 1), range: w.range };
      });
  for (const { name, value, range } of pairs) {
    if (i.keyword === 'ENV' && value === null) continue;
    const urls = value === null ? [] : credentialUrls(value);
    for (const url of urls) {
      out.push({
        kind: 'report',
        range,
        message: `${i.keyword} ${name} holds a URL with credentials (${url.shown}): ${i.keyword === 'ENV' ? '`docker inspect` and `docker history` show it' : '`docker history` shows it'} to anyone with the image; ${NETRC_FIX}`,
      });
    }
    if (urls.length > 0 || !isSecretName(name)) continue;
    if (value !== null && (SWITCH_VALUE.test(value) || value.startsWith('/run/secrets/') || (i.keyword === 'ENV' && value === ''))) continue;
    flagged.add(name);
    const replacement = /SSH/i.test(name) ? SSH_FIX : NETRC_FIX;
    out.push({
      kind: 'report',
      range,
      message:
        i.keyword === 'ARG'
          ? `ARG ${name} is recorded in the image history: \`docker history\` shows the value passed with --build-arg; ${replacement}`
          : `ENV ${name} stores a credential in the image: \`docker inspect\` shows it to anyone with the image; ${replacement}`,
    });
  }
}

function gitAndGoOf(command: ShellCommand): { savesUrl: boolean; goEnvFile: boolean } {
  const go = goInvocation(command);
  return { savesUrl: isGit(command, 'clone', 'remote', 'submodule'), goEnvFile: go !== null && go.subcommand === 'env' && go.args.some((a) => a.value === '-w') };
}

function checkRun(doc: DockerfileDocument, owner: Instruction, run: Instruction, out: SecretProblem[], flagged: Set<string>): void {
  const commands = shellCommands(doc, run, true);
  const stage = doc.stages[owner.stage];
  let declared: Set<string> | null = null;
  commands.forEach((command, k) => {
    // Built only for a command that has a credential URL or writes a file (most have neither).
    let laterCommands: readonly ShellCommand[] | null = null;
    const later = (): readonly ShellCommand[] => (laterCommands ??= commands.slice(k + 1));
    let gitAndGo: { savesUrl: boolean; goEnvFile: boolean } | null = null;
    for (const word of command.words) {
      for (const url of credentialUrls(word.value)) {
        // Credentials in URLs.
        gitAndGo ??= gitAndGoOf(command);
        const { savesUrl, goEnvFile } = gitAndGo;
        let message: string | null = null;
        if (isGit(command, 'config')) {
          // `git config --unset ...` names the URL to remove it.
          if (command.argv.some((a) => /^--(unset|unset-all|remove-section|get|get-all|get-regexp)$/.test(a.value))) continue;
          const undone = later().some((c) => (isGit(c, 'config') && c.argv.some((a) => /^--(unset|unset-all|remove-section)$/.test(a.value))) || removedPaths(c).some((p) => basename(p) === '.gitconfig'));
          if (!undone) message = `RUN writes a credential (${url.shown}) into git config: it stays in ~/.gitconfig in the image layer; ${sshFix(url.host)}, or a .netrc secret mount`;
        } else if (goEnvFile) {
          message = `RUN writes a credential (${url.shown}) with go env -w: it stays in the go env file in the image layer; ${NETRC_FIX}`;
        } else if (savesUrl) {
          message = `RUN gives git a URL with a credential (${url.shown}): it is saved in the repository's .git/config in the image layer; ${sshFix(url.host)}, or a .netrc secret mount`;
        } else if (url.kind === 'literal') {
          message = `RUN has a credential in a URL (${url.shown}): \`docker history\` shows the command to anyone with the image; ${NETRC_FIX}`;
        } else {
          declared ??= declaredVars(doc, stage, owner);
          const fromArgs = url.variables.filter((v) => declared?.has(v) && !flagged.has(v));
          if (fromArgs.length > 0) message = `RUN puts ${fromArgs.join(', ')} into a URL as a credential (${url.shown}): build args and ENV are recorded in the image; ${NETRC_FIX}`;
        }
        if (message) out.push({ kind: 'report', range: word.range, message });
      }
    }
    // Credential files written by the command and not removed later in the same RUN.
    for (const file of writtenFiles(command)) {
      const what = credentialFile(file);
      if (!what || later().some((c) => removedPaths(c).some((p) => removes(file, p)))) continue;
      out.push({
        kind: 'report',
        range: command.range,
        message: `RUN writes ${what} into the image layer: its credentials ship with the image; ${what.includes('SSH') ? SSH_FIX : NETRC_FIX}`,
      });
    }
  });
}

/** COPY/ADD sources and destination, for shell and JSON forms; null when they cannot be read. */
function copyOperands(doc: DockerfileDocument, i: Instruction): { sources: string[]; dest: string } | null {
  // Read again for every COPY --from of the file per netrc candidate, and per check: once per instruction.
  let ops = operandsCache.get(i);
  if (ops === undefined) {
    ops = freezeOperands(readCopyOperands(doc, i));
    operandsCache.set(i, ops);
  }
  return ops;
}

const operandsCache = new MemoSlot<Instruction, { sources: string[]; dest: string } | null>();

function readCopyOperands(doc: DockerfileDocument, i: Instruction): { sources: string[]; dest: string } | null {
  const args = i.logical.text.slice(i.argsIndex).trim();
  let list: string[];
  if (args.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(args);
      if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) return null;
      list = parsed as string[];
    } catch {
      return null;
    }
  } else list = splitWords(i.logical, i.argsIndex, doc.escape).map((w) => w.value);
  const dest = list[list.length - 1];
  return dest === undefined || list.length < 2 ? null : { sources: list.slice(0, -1), dest };
}

function checkCopy(doc: DockerfileDocument, owner: Instruction, i: Instruction, out: SecretProblem[]): void {
  const ops = copyOperands(doc, i);
  if (!ops) return;
  const leaks: string[] = [];
  for (const src of ops.sources) {
    if (src.startsWith('<<')) continue;
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(src)) {
      for (const url of credentialUrls(src)) {
        out.push({ kind: 'report', range: i.keywordRange, message: `${i.keyword} fetches a URL with credentials (${url.shown}): \`docker history\` shows it; ${NETRC_FIX}` });
      }
      continue;
    }
    const what = credentialFile(src) ?? (sshDirectory(src) ? 'the .ssh directory (private keys included)' : null);
    if (what) leaks.push(what);
  }
  if (leaks.length === 0 && !ops.dest.endsWith('/')) {
    const what = credentialFile(ops.dest);
    if (what) leaks.push(what);
  }
  if (leaks.length === 0) return;
  const what = leaks[0] as string;
  const fix = owner.trigger ? null : netrcFix(doc, i, ops);
  out.push({
    ...(fix ? { kind: 'copy-netrc' as const, ...fix } : { kind: 'report' as const }),
    range: i.keywordRange,
    message: `${i.keyword} puts ${what} into an image layer: anyone with the image can read it, even if a later RUN deletes it; ${what === '.netrc' ? NETRC_FIX : what === '.git-credentials' ? NETRC_FIX : SSH_FIX}`,
    fixSafety: fix ? 'unsafe' : null,
  });
}

/**
 * `COPY .netrc /root/.netrc` followed by RUNs in the same stage is the same as mounting the file as
 * a secret on each of those RUNs, when nothing else can see the copy: no flags (no --chown,
 * --chmod, --from), a known destination, root running the RUNs (a secret mount is 0400 root), no
 * later instruction touching the file, no stage built FROM this one or copying it out, no ONBUILD.
 */
function netrcFix(doc: DockerfileDocument, copy: Instruction, ops: { sources: string[]; dest: string }): { copy: Instruction; runs: Instruction[]; target: string } | null {
  if (copy.keyword !== 'COPY' || ops.sources.length !== 1 || copy.flags.some((f) => f.name !== 'link')) return null;
  const [src] = ops.sources as [string];
  if (credentialFile(src) !== '.netrc' || src.includes('$')) return null;
  const stage = doc.stages[copy.stage];
  if (!stage || usedAsBase(doc, stage)) return null;
  const ctx = contextAt(doc, stage, copy);
  const dest = expand(ops.dest, ctx.vars);
  if (dest.includes('$')) return null;
  const intoDir = dest.endsWith('/') || dest === '.' || dest.endsWith('/.');
  const target = intoDir ? joinPath(ctx.workdir, dest + '/.netrc') : NETRC_FILES.has(basename(dest)) ? joinPath(ctx.workdir, dest) : null;
  if (target === null) return null;
  const after = stage.instructions.filter((i) => i.index > copy.index);
  const runs = after.filter((i) => i.keyword === 'RUN');
  if (runs.length === 0) return null;
  for (const i of after) {
    if (i.keyword === 'ONBUILD' || i.keyword === 'USER') return null;
    if (i.keyword !== 'RUN' && /netrc/.test(doc.source.slice(i.range))) return null;
    if (i.keyword === 'RUN' && /netrc/.test(doc.source.text.slice(i.flags[i.flags.length - 1]?.range.end ?? i.keywordRange.end, i.range.end))) return null;
  }
  const user = ctx.user;
  if (user !== null && !/^(root|0)(:(root|0))?$/.test(user)) return null;
  // Another stage copying the file (or a directory holding it) out of this one.
  const names = new Set([String(stage.index), ...(stage.name ? [stage.name] : [])]);
  for (const i of doc.instructions) {
    const from = i.flags.find((f) => f.name === 'from');
    const mountsFrom = i.flags.some((f) => f.name === 'mount' && f.value !== null && names.has((parseMount(f.value).options.find((o) => o.key === 'from')?.value ?? '').toLowerCase()));
    if (mountsFrom) return null;
    if (!from || from.value === null || !names.has(from.value.toLowerCase())) continue;
    const o = copyOperands(doc, i);
    const covers = (s: string): boolean => {
      const abs = joinPath('/', s.replace(/\*+$/, ''));
      return target === abs || target.startsWith(abs === '/' ? '/' : `${abs}/`);
    };
    if (!o || o.sources.some(covers)) return null;
  }
  return { copy, runs, target };
}

export default defineTransform<SecretProblem>({
  id: 'secrets-in-build',
  title: 'Credentials stay out of image layers and history (ARG/ENV tokens, URLs with passwords, copied .netrc and SSH keys)',
  severity: 'error',
  fixSafety: 'unsafe',
  docs: {
    what:
      'Reports credentials that end up in the image: ARG/ENV variables named like credentials (a `_`-separated or camelCase segment TOKEN, PASSWORD, PASSWD, SECRET, APIKEY, NETRC, a final PASS/PAT, or API_/ACCESS_/PRIVATE_/SECRET_/SSH_/DEPLOY_KEY; not `TOKENIZER_VERSION`, `SECRET_MOUNT_PATH`, `GITHUB_TOKEN_FILE`, `AWS_ACCESS_KEY_ID` or `PUBLIC_KEY`); URLs with a user:password or token in them (`git config url."https://user:token@github.com/".insteadOf`, `git clone https://${GITHUB_TOKEN}@...`, a GOPROXY with credentials); a RUN that writes ~/.netrc, .git-credentials or an SSH key and does not delete it in the same RUN; COPY/ADD of .netrc, .git-credentials, id_rsa/id_ed25519/id_ecdsa, a .ssh directory or a private-key .pem. Messages name the variable or file, never the value.',
    why:
      'Private Go modules need VCS credentials, and the quick ways to give them to `go mod download` leak them: ARG values are written into the image history (`docker history` shows `RUN |1 GITHUB_TOKEN=...`), ENV values into the image config, and files into layers that stay readable even after a later `rm`. Anyone who can pull the image gets the token. BuildKit has leak-free ways: `RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download` with `docker build --secret id=netrc,src=$HOME/.netrc`, or `RUN --mount=type=ssh` with `git config --global url."git@github.com:".insteadOf "https://github.com/"` and `docker build --ssh default`.',
    before: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY .netrc /root/.netrc\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    after:
      'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\nCOPY . .\nRUN --mount=type=secret,id=netrc,target=/root/.netrc go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    fixSafety:
      'Only `COPY .netrc <path>` (no --chown/--chmod/--from) followed by RUNs in the same stage is fixed: the COPY is removed and every later RUN of the stage (any of them may read ~/.netrc: go, git, curl) mounts the file as a secret at the same path. Unsafe: the build must now be run with `--secret id=netrc,src=$HOME/.netrc` (without it the file is simply absent). Declined when anything else could see the copied file: a later USER (a secret mount is readable by root only), a later instruction that mentions netrc, an ONBUILD, a stage built FROM this one or copying from it, or an unknown destination. Everything else is reported only: moving a token from ARG/ENV or a URL to a secret needs to know how the build consumes it.',
  },
  check({ doc }) {
    const problems: SecretProblem[] = [];
    const flagged = new Set<string>();
    for (const owner of doc.instructions) {
      const i = owner.trigger ?? owner;
      if (i.keyword === 'ARG' || i.keyword === 'ENV') checkAssignments(doc, owner, i, problems, flagged);
      else if (i.keyword === 'COPY' || i.keyword === 'ADD') checkCopy(doc, owner, i, problems);
    }
    for (const { owner, run } of runsOf(doc)) checkRun(doc, owner, run, problems, flagged);
    for (const p of problems) if (p.kind === 'report') p.fixSafety = null;
    return problems;
  },
  fix({ doc }, problem) {
    // Declined shapes carry no fix (see docs.fixSafety).
    if (problem.kind !== 'copy-netrc') return null;
    const mount = `--mount=type=secret,id=netrc,target=${problem.target}`;
    const edits = [deleteInstruction(doc, problem.copy)];
    for (const run of problem.runs) {
      const has = run.flags.some((f) => f.name === 'mount' && f.value !== null && parseMount(f.value).type === 'secret' && parseMount(f.value).target === problem.target);
      if (!has) edits.push(addFlag(doc, run, mount));
    }
    return { edits };
  },
});

