/**
 * The interactive questions. Each has a flag (a question whose flag was given is not asked) and a
 * detected default (Enter accepts it). Answers go through the same validation as flags afterwards.
 */
import type { Writable } from 'node:stream';
import prompts, { type PromptObject } from 'prompts';
import { PROXY_PRESETS, SUMDB_PRESETS, isChinaMirror } from '../go/proxy.js';
import { AUTH_MODES, type Answers, type Flags, normalizeMainDir } from './choices.js';
import { analyzePackage, type Detection } from './detect.js';
import { BUILDERS, compatibleRuntimes, type Builder } from './images.js';
import {
  ScaffoldError,
  splitList,
  validateGoVersion,
  validatePackages,
  validateParallelism,
  validatePlatforms,
  validatePorts,
  validatePrivate,
  validateProxy,
  validateSumdb,
  validateVersionVar,
} from './validate.js';

const ALL = '\u0000all';
const CUSTOM = '\u0000custom';

/** prompts' `validate`: true, or the validation error's message. */
function check(fn: (value: string) => unknown): (value: string) => true | string {
  return (value) => {
    try {
      fn(value);
      return true;
    } catch (error) {
      if (error instanceof ScaffoldError) return error.message.replace(/^--[a-z-]+: /, '');
      throw error;
    }
  };
}

export async function askQuestions(detection: Detection, flags: Flags, defaults: Answers, stdout: Writable): Promise<Answers> {
  const answers: Answers = { ...defaults };
  const ask = async <T>(question: Omit<PromptObject, 'name'>): Promise<T> => {
    let cancelled = false;
    const result = await prompts({ ...question, name: 'value', stdout } as PromptObject, {
      onCancel: () => {
        cancelled = true;
        return false;
      },
    });
    if (cancelled || !('value' in result)) throw new ScaffoldError('cancelled: nothing was written', 1);
    return result.value as T;
  };

  // Main package.
  const mains = detection.mains;
  if (flags.main === undefined && !flags.all && mains.length > 1) {
    const choices = [
      ...mains.map((m) => ({ title: m.buildPath, value: m.dir, description: m.importPath })),
      { title: 'all of them', value: ALL, description: 'one Dockerfile.<name> per main package' },
    ];
    const initial = Math.max(0, choices.findIndex((c) => c.value === (defaults.main ?? ALL)));
    const main = await ask<string>({ type: 'select', message: 'Which main package goes in the image?', choices, initial });
    answers.main = main === ALL ? null : main;
  }
  const selected = answers.main === null ? mains : mains.filter((m) => m.dir === normalizeMainDir(answers.main as string));
  const cgo = flags.cgo ?? selected.some((m) => analyzePackage(detection, m).cgo);

  if (flags.goVersion === undefined) {
    answers.goVersion = await ask<string>({
      type: 'text',
      message: `Go version${detection.minGoVersion ? ` (go.mod says go ${detection.minGoVersion})` : ''}`,
      initial: defaults.goVersion,
      validate: check((v) => validateGoVersion(v, detection.minGoVersion)),
    });
  }

  if (flags.builder === undefined) {
    answers.builder = await ask<string>({
      type: 'select',
      message: 'Builder image',
      choices: BUILDERS.map((b) => ({ title: b, value: b, description: b === 'bookworm' ? 'Debian, with gcc and git (the usual choice)' : 'smaller download; git/gcc added when needed' })),
      initial: Math.max(0, BUILDERS.indexOf(defaults.builder as Builder)),
    });
  }

  if (flags.runtime === undefined) {
    const runtimes = compatibleRuntimes(answers.builder as Builder, cgo);
    const describe: Record<string, string> = {
      distroless: cgo ? 'gcr.io/distroless/base-debian12:nonroot (glibc for cgo)' : 'gcr.io/distroless/static-debian12:nonroot',
      alpine: 'alpine:3.20, with a shell',
      scratch: 'nothing but the binary',
      'debian-slim': 'debian:bookworm-slim, with a shell',
    };
    answers.runtime = await ask<string>({
      type: 'select',
      message: cgo ? 'Runtime image (cgo is on, so it needs a C library)' : 'Runtime image',
      choices: runtimes.map((r) => ({ title: r, value: r, description: describe[r] })),
      initial: Math.max(0, runtimes.indexOf(defaults.runtime as never)),
    });
  }

  const vendored = detection.vendored;
  if (flags.proxy === undefined && !vendored) {
    const presets = Object.entries(PROXY_PRESETS).map(([name, value]) => ({ title: name, value: name, description: value }));
    const choice = await ask<string>({
      type: 'select',
      message: 'Module proxy (GOPROXY; a build arg, so CI can still override it)',
      choices: [...presets, { title: 'custom', value: CUSTOM, description: 'a URL list, e.g. your Athens/Artifactory/Nexus' }],
      initial: 0,
    });
    answers.proxy =
      choice === CUSTOM
        ? await ask<string>({ type: 'text', message: 'GOPROXY (comma-separated URLs, may end in ,direct)', validate: check(validateProxy) })
        : choice;
  }

  if (flags.sumdb === undefined && !vendored) {
    const china = (() => {
      try {
        return isChinaMirror(validateProxy(answers.proxy));
      } catch {
        return false;
      }
    })();
    const choices = [
      { title: 'default', value: 'default', description: SUMDB_PRESETS.default },
      { title: 'sum.golang.google.cn', value: 'sum.golang.google.cn', description: 'the same database, reachable from mainland China' },
      { title: 'off', value: 'off', description: 'no checksum verification (not recommended)' },
      { title: 'custom', value: CUSTOM, description: 'another checksum database' },
    ];
    const choice = await ask<string>({ type: 'select', message: 'Checksum database (GOSUMDB)', choices, initial: china ? 1 : 0 });
    if (choice === 'off') {
      const sure = await ask<boolean>({
        type: 'confirm',
        message: 'GOSUMDB=off stops checking that modules are the ones everyone else gets. Turn it off anyway?',
        initial: false,
      });
      answers.sumdb = sure ? 'off' : china ? 'sum.golang.google.cn' : 'default';
      answers.allowSumdbOff = sure;
    } else {
      answers.sumdb =
        choice === CUSTOM ? await ask<string>({ type: 'text', message: 'GOSUMDB (a name such as sum.golang.org, name+key, or either followed by a URL)', validate: check(validateSumdb) }) : choice;
    }
  }

  if (flags.private === undefined && !vendored) {
    answers.private = await ask<string>({
      type: 'text',
      message: detection.privateHosts.length > 0 ? 'Private module paths (GOPRIVATE; suggested from go.mod)' : 'Private module paths (GOPRIVATE; empty for none)',
      initial: defaults.private,
      validate: check(validatePrivate),
    });
  }
  const hasPrivate = validatePrivateOrNull(answers.private) !== null;
  const customProxy = !Object.keys(PROXY_PRESETS).includes(answers.proxy);
  if (flags.privateVia === undefined && hasPrivate && customProxy && !vendored) {
    answers.privateVia = await ask<string>({
      type: 'select',
      message: `Does ${answers.proxy} serve the private modules too?`,
      choices: [
        { title: 'no, fetch them from git', value: 'direct', description: 'GOPRIVATE: bypass the proxy' },
        { title: 'yes, through the proxy', value: 'proxy', description: 'GONOPROXY=none: only skip the checksum database' },
      ],
      initial: defaults.privateVia === 'proxy' ? 1 : 0,
    });
  }

  if (flags.auth === undefined && !vendored) {
    const via = answers.privateVia;
    const initialAuth = flags.auth ?? (hasPrivate ? (via === 'proxy' ? 'netrc' : 'ssh') : 'none');
    const describe: Record<string, string> = {
      none: 'public modules only (or no login needed)',
      ssh: 'git over SSH with your ssh-agent (docker build --ssh default)',
      netrc: 'your ~/.netrc as a build secret (git over HTTPS, or a proxy that needs a login)',
      token: 'an access token file as a build secret (git over HTTPS)',
    };
    answers.auth = await ask<string>({
      type: 'select',
      message: 'Login for private modules',
      choices: AUTH_MODES.map((a) => ({ title: a, value: a, description: describe[a] })),
      initial: Math.max(0, AUTH_MODES.indexOf(initialAuth as never)),
    });
  }

  if (flags.port === undefined && answers.main !== null) {
    const detected = selected[0] ? analyzePackage(detection, selected[0]).ports : [];
    const port = await ask<string>({
      type: 'text',
      message: detected.length > 0 ? 'Port to EXPOSE (found in the code)' : 'Port to EXPOSE (empty for none)',
      initial: detected.join(','),
      validate: check(validatePorts),
    });
    // Enter on the detected ports keeps them "detected" (the header says where they came from).
    answers.port = port.trim() === detected.join(',') ? null : port;
  }

  const more = await ask<boolean>({
    type: 'confirm',
    message: 'Also set extra build packages, platforms, version stamping or a -p limit?',
    initial: false,
  });
  if (more) {
    if (flags.packages === undefined) {
      const manager = answers.builder === 'alpine' ? 'apk' : 'apt';
      answers.packages = splitList(
        await ask<string>({
          type: 'text',
          message: `Extra build packages (${manager}, space-separated; empty for none)`,
          initial: defaults.packages.join(' '),
          validate: check((v) => validatePackages(splitList(v), manager)),
        }),
      );
    }
    if (flags.platforms === undefined) {
      answers.platforms = splitList(
        await ask<string>({
          type: 'text',
          message: 'Cross-compile for platforms (e.g. linux/amd64,linux/arm64; empty for the build machine\'s)',
          initial: defaults.platforms.join(','),
          validate: check((v) => validatePlatforms(splitList(v))),
        }),
      );
    }
    if (flags.versionVar === undefined) {
      const detected = answers.main !== null && selected[0] ? analyzePackage(detection, selected[0]).versionVar?.variable : undefined;
      const variable = await ask<string>({
        type: 'text',
        message: 'Variable to stamp with the VERSION build arg (-ldflags -X; empty for none)',
        initial: detected ?? '',
        validate: check(validateVersionVar),
      });
      answers.versionVar = detected !== undefined && variable.trim() === detected ? null : variable;
    }
    if (flags.buildParallelism === undefined) {
      answers.buildParallelism = await ask<string>({
        type: 'text',
        message: 'Limit parallel compile jobs (go build -p N; empty for no limit)',
        initial: '',
        validate: check((v) => validateParallelism(v)),
      });
    }
  }
  return answers;
}

function validatePrivateOrNull(value: string): string | null {
  try {
    return validatePrivate(value);
  } catch {
    return null;
  }
}
