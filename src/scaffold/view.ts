/**
 * Builds the templates' view model from validated choices. The only text made here is comment prose
 * and shell words for the examples in the header; instructions are in the templates.
 */
import { PROXY_PRESETS, SUMDB_PRESETS, isChinaMirror } from '../go/proxy.js';
import type { AuthView, DockerfileView, ModuleFilesView } from '../templates/view-model.js';
import type { Choices, Target } from './choices.js';
import type { Detection } from './detect.js';
import { builderImage, builderPackages, NONROOT_UID, runtimeImage } from './images.js';
import { shellWord } from './validate.js';

const MOD_CACHE = '/go/pkg/mod';
const BUILD_CACHE = '/root/.cache/go-build';
const WORKDIR = '/src';

/** Secret ids and where the header's build command reads them from. */
const SECRETS = {
  netrc: { id: 'netrc', src: '$HOME/.netrc' },
  known_hosts: { id: 'known_hosts', src: '$HOME/.ssh/known_hosts' },
  token: { id: 'git_token', src: '$HOME/.git-token' },
} as const;

/** Comment text comes partly from the disk (file names): nothing in it may end the comment line. */
export function commentSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, '?');
}

function authView(choices: Choices): AuthView {
  switch (choices.auth) {
    case 'none':
      return { partial: 'auth/none', hosts: [], secretId: null };
    case 'netrc':
      return { partial: 'auth/netrc', hosts: [], secretId: SECRETS.netrc.id };
    case 'ssh':
      return { partial: 'auth/ssh', hosts: choices.authHosts, secretId: SECRETS.known_hosts.id };
    case 'token':
      return { partial: 'auth/token', hosts: choices.authHosts, secretId: SECRETS.token.id };
  }
}

function authWhy(choices: Choices): string[] {
  const hosts = choices.authHosts.join(', ');
  switch (choices.auth) {
    case 'none':
      return [];
    case 'netrc':
      return [
        `${choices.privateVia === 'proxy' ? 'Module proxy login' : 'Private modules'}: credentials from your ~/.netrc, a build secret mounted`,
        'for this step only: never stored in a layer, an ARG or an ENV.',
      ];
    case 'ssh':
      return [
        `Private modules: git over SSH through your ssh-agent (--ssh default), from ${hosts}.`,
        'Host keys come from your own known_hosts (a build secret): an unknown or changed key fails',
        'the build instead of being trusted. No key is ever copied into a layer.',
      ];
    case 'token':
      return [
        `Private modules: git over HTTPS with an access token, from ${hosts}.`,
        'The token is a build secret that a credential helper reads from /run/secrets only when git',
        'asks for it: never stored in a layer, an ARG, an ENV or the git config.',
      ];
  }
}

function buildCommand(choices: Choices, target: Target, extra: string[], stampVersion = true): string[] {
  const words = choices.platforms.length > 0 ? ['docker', 'buildx', 'build', '--platform', choices.platforms.join(',')] : ['docker', 'build'];
  if (choices.all) words.push('-f', shellWord(target.file));
  if (choices.auth === 'ssh') words.push('--ssh', 'default', '--secret', `id=${SECRETS.known_hosts.id},src=${SECRETS.known_hosts.src}`);
  if (choices.auth === 'netrc') words.push('--secret', `id=${SECRETS.netrc.id},src=${SECRETS.netrc.src}`);
  if (choices.auth === 'token') words.push('--secret', `id=${SECRETS.token.id},src=${SECRETS.token.src}`);
  if (target.version && stampVersion) words.push('--build-arg', 'VERSION=$(git describe --tags --always --dirty)');
  words.push(...extra, '-t', shellWord(target.tag), '.');
  return words;
}

function buildNotes(choices: Choices): string[] {
  switch (choices.auth) {
    case 'ssh':
      return [
        '(--ssh default forwards your ssh-agent; known_hosts must list ' + choices.authHosts.join(', ') + ':',
        ' check the key fingerprint, then `ssh-keyscan <host> >> ~/.ssh/known_hosts`.)',
      ];
    case 'netrc':
      return ['(~/.netrc holds `machine <host> login <user> password <token>` lines; it stays out of the image.)'];
    case 'token':
      return ['(~/.git-token holds a read-only access token for ' + choices.authHosts.join(', ') + '; it stays out of the image.)'];
    case 'none':
      return [];
  }
}

function proxyExample(choices: Choices, target: Target): { why: string; command: string[] } {
  const china = isChinaMirror(choices.proxy);
  const proxy = china ? PROXY_PRESETS.default : PROXY_PRESETS['goproxy.cn'];
  const sumdb = china ? SUMDB_PRESETS.default : SUMDB_PRESETS['sum.golang.google.cn'];
  return {
    why: china ? 'e.g. outside mainland China' : 'e.g. from mainland China',
    command: buildCommand(choices, target, ['--build-arg', shellWord(`GOPROXY=${proxy}`), '--build-arg', shellWord(`GOSUMDB=${sumdb}`)], false),
  };
}

function facts(detection: Detection, choices: Choices, target: Target): string[] {
  const goLine = detection.minGoVersion ? `needs go ${detection.minGoVersion}` : 'no go line';
  const lines = [`Go ${choices.goVersion} (${goLine}); ${choices.builder} builder; ${choices.runtime} runtime.`];
  lines.push(target.cgo ? `cgo: on, because ${target.cgoReason ?? 'it was asked for'}.` : 'cgo: off (CGO_ENABLED=0), so the binary is static.');
  if (target.cgo && choices.packages.length > 0) {
    lines.push('The cgo binary may link shared libraries from the build packages: the runtime image needs them too.');
  }
  if (target.ports.length > 0) lines.push(`Port${target.ports.length > 1 ? 's' : ''}: ${target.ports.join(', ')}${target.portsDetected ? ' (from the code)' : ''}.`);
  if (detection.project.goWork) lines.push(`Workspace: go.work with ${detection.project.members.map((m) => m.dir).join(', ')}.`);
  const replaced = detection.localReplaces.filter((r) => r.dir !== null);
  if (replaced.length > 0) lines.push(`Local replace: ${replaced.map((r) => `${r.path} => ${r.dir}`).join(', ')}.`);
  if (choices.private) lines.push(`Private modules (GOPRIVATE): ${choices.private}${choices.privateVia === 'proxy' ? ', served by the module proxy' : ''}.`);
  return lines.map(commentSafe);
}

/** Why some module files are globs: `go.sum*` for a go.sum that Go writes with the first dependency. */
function globNote(groups: ModuleFilesView[]): string[] {
  const globs = [...new Set(groups.flatMap((g) => g.sources.filter((f) => f.endsWith('*')).map((f) => f.slice(f.lastIndexOf('/') + 1))))].sort();
  if (globs.length === 0) return [];
  const files = globs.map((g) => g.slice(0, -1));
  const tail = 'A glob may match nothing, while COPY of a missing file fails the build.';
  return globs.length === 1
    ? [`${globs[0] as string} is a glob: there is no ${files[0] as string} yet; once Go writes one (with the first dependency),`, `it is copied here too. ${tail}`]
    : [`${globs.join(' and ')} are globs: there is no ${files.join(' or ')} yet; once Go writes them,`, `they are copied here too. ${tail}`];
}

export function dockerfileView(detection: Detection, choices: Choices, target: Target, tool: string): DockerfileView {
  const vendored = detection.vendored;
  const needsGit = !vendored && choices.private !== null && choices.privateVia === 'direct';
  const auto = builderPackages(choices.builder, { cgo: target.cgo, git: needsGit || choices.auth === 'token', ssh: choices.auth === 'ssh' });
  const packages = [...auto, ...choices.packages.filter((p) => !auto.includes(p))];
  const moduleFiles: ModuleFilesView[] = vendored
    ? []
    : detection.moduleFiles.map((g) => ({ sources: g.files, dest: g.dir === '.' ? './' : `./${g.dir}/` }));
  const runtime = runtimeImage(choices.runtime, target.cgo);
  const runtimePartial = choices.runtime === 'distroless' ? 'runtime/distroless' : `runtime/${choices.runtime}`;
  const runCommand = ['docker', 'run', '--rm', ...target.ports.flatMap((p) => ['-p', `${p}:${p}`]), shellWord(target.tag)];
  return {
    header: {
      file: target.file,
      subject: commentSafe(detection.module ?? 'the go.work workspace'),
      packageDir: target.main.dir,
      tool,
      buildCommand: buildCommand(choices, target, []),
      runCommand,
      buildNotes: buildNotes(choices).map(commentSafe),
      proxyExample: vendored ? null : proxyExample(choices, target),
      facts: facts(detection, choices, target),
    },
    build: {
      image: builderImage(choices.builder, choices.goVersion),
      crossCompile: choices.platforms.length > 0 ? { goarm: choices.platforms.some((p) => p.startsWith('linux/arm/')) } : null,
      aptPackages: choices.builder === 'bookworm' ? packages : [],
      apkPackages: choices.builder === 'alpine' ? packages : [],
      workdir: WORKDIR,
      proxy: vendored
        ? null
        : {
            goproxy: choices.proxy,
            gosumdb: choices.sumdb,
            sumdbOff: choices.sumdb === 'off',
            goprivate: choices.private,
            privateViaProxy: choices.private !== null && choices.privateVia === 'proxy',
          },
      moduleFiles,
      moduleFilesNote: globNote(moduleFiles).map(commentSafe),
      download: vendored ? null : { auth: authView(choices), why: authWhy(choices).map(commentSafe) },
      modCache: MOD_CACHE,
      buildCache: BUILD_CACHE,
      vendor: vendored,
      cgoEnabled: target.cgo ? '1' : '0',
      version: target.version,
      parallelism: choices.parallelism,
      output: `/out/${target.name}`,
      buildPath: target.main.buildPath,
    },
    runtime: {
      partial: runtimePartial,
      image: runtime.image,
      why: runtime.why,
      binary: `/usr/local/bin/${target.name}`,
      uid: NONROOT_UID,
      gid: NONROOT_UID,
      ports: target.ports,
    },
  };
}
