/**
 * `gomod-fix doctor`: resolves the settings, probes every endpoint `go mod download` would use
 * (in parallel, each step with its own timeout), walks the GOPROXY list the way go does, attaches
 * advice, and returns the report. Prints nothing; see render.ts.
 */

import { readFileSync } from 'node:fs';
import { adviceFor, NETRC_FIX, type AdviceContext, type AdviceTarget } from './advice.js';
import { chainVerdict } from './chain.js';
import { readDockerfileSettings, type DockerfileSettings } from './dockerfile-settings.js';
import { parseTimeout } from './duration.js';
import { readGoEnv as defaultReadGoEnv, type GoEnvReader, type GoEnvResult } from './go-env.js';
import { parseGoproxy, walkChain, type EntryOutcome, type ProxyEntry } from './goproxy.js';
import { proxyEnvConfig, redactUrl, type Env, type ProxyEnvConfig } from './http-proxy.js';
import { escapeModulePath, matchPrefixPatterns, modulePathProblem, patternHosts } from './module-path.js';
import { judgeStatus, probeHostPorts, probeHttp, type ProbeContext, type ProbeResult, type RequestSpec } from './probe.js';
import { envLayer, flagLayer, goEnvLayer, resolveSettings, settingsReport, type Layer, type Settings } from './settings.js';
import { parseGosumdb } from './sumdb.js';
import { DoctorUsageError, type Check, type CheckStatus, type DoctorReport, type Failure, type StaticChecker, type Summary, type Target } from './types.js';

/** A small public module with tagged versions: every proxy has it. */
export const DEFAULT_MODULE = 'golang.org/x/mod';

export const MORE_COMMANDS = [
  'docker build --progress=plain .   (every step with its full output: see which one hangs)',
  'go mod download -x   (every fetch go makes; or GOFLAGS=-x for the whole build)',
  'go env GOPROXY GOSUMDB GOPRIVATE GONOPROXY GONOSUMDB   (the values go really uses)',
];

export interface DoctorOptions {
  proxy?: string | undefined;
  sumdb?: string | undefined;
  private?: string | undefined;
  module?: string | undefined;
  /** `5s`, `300ms`, or seconds. */
  timeout?: string | number | undefined;
  dockerfile?: string | undefined;
}

export interface DoctorDeps {
  env: Env;
  readGoEnv?: GoEnvReader;
  staticCheck?: StaticChecker;
  readFile?: (path: string) => string;
}

const GO_ENV_MIN_TIMEOUT_MS = 3000;

export async function runDoctor(options: DoctorOptions, deps: DoctorDeps): Promise<DoctorReport> {
  // ---- usage: bad flag values and an unreadable Dockerfile are exit code 2 ----
  const timeoutMs = parseTimeout(options.timeout);
  const module = options.module ?? DEFAULT_MODULE;
  const moduleProblem = modulePathProblem(module);
  if (moduleProblem) throw new DoctorUsageError(`--module: ${moduleProblem}`);
  if (options.proxy !== undefined) {
    const err = parseGoproxy(options.proxy).error;
    if (err || options.proxy.trim() === '') throw new DoctorUsageError(`--proxy: ${err ?? 'empty value'}`);
  }
  if (options.sumdb !== undefined) {
    const s = parseGosumdb(options.sumdb);
    if (s.kind === 'invalid') throw new DoctorUsageError(`--sumdb: ${s.problem}`);
  }
  let dockerfile: DockerfileSettings | null = null;
  let dockerfileText = '';
  if (options.dockerfile !== undefined) {
    try {
      dockerfileText = (deps.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(options.dockerfile);
    } catch (err) {
      throw new DoctorUsageError(`--dockerfile: cannot read ${options.dockerfile}: ${(err as Error).message}`);
    }
    dockerfile = readDockerfileSettings(dockerfileText);
  }

  // ---- settings ----
  const goEnv: GoEnvResult = await (deps.readGoEnv ?? defaultReadGoEnv)(deps.env, Math.max(timeoutMs, GO_ENV_MIN_TIMEOUT_MS));
  const layers: Layer[] = [flagLayer(options), envLayer(deps.env)];
  if (goEnv.status === 'ok') layers.push(goEnvLayer(goEnv.values));
  if (dockerfile) layers.push(dockerfile.layer);
  const settings = resolveSettings(layers);
  const value = (name: keyof Settings): string => settings[name]?.value ?? '';
  const proxyEnv: ProxyEnvConfig = proxyEnvConfig((n) => (n === n.toUpperCase() ? settings[n as keyof Settings]?.value : undefined));

  const settingsTarget: Target = { id: 'settings', kind: 'settings', title: 'Configuration', role: null, notes: [], checks: [] };
  const configCheck = (name: string, status: CheckStatus, detail: string, advice?: { cause: string; fix: string[] }): void => {
    settingsTarget.checks.push({
      id: `settings/${name}`,
      kind: 'config',
      label: name,
      status,
      ms: null,
      detail,
      ...(status === 'failed' || status === 'warn' ? { failure: { class: 'config' as const } } : {}),
      ...(advice ? { advice } : {}),
    });
  };
  if (goEnv.status === 'absent') settingsTarget.notes.push('go is not installed here: go env not consulted');
  if (goEnv.status === 'failed') configCheck('go env', 'warn', `go env -json failed: ${goEnv.reason}`);
  if (dockerfile) {
    settingsTarget.notes.push(dockerfile.at ? `Dockerfile values read at ${dockerfile.at}` : 'Dockerfile: no Go build stage');
    settingsTarget.notes.push(...dockerfile.notes);
  }

  let ca: string | undefined;
  const certFile = deps.env['SSL_CERT_FILE'];
  if (certFile) {
    try {
      ca = (deps.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(certFile);
      settingsTarget.notes.push(`trusting the CA bundle in SSL_CERT_FILE=${certFile}`);
    } catch (err) {
      configCheck('SSL_CERT_FILE', 'warn', `cannot read ${certFile} (${(err as Error).message}); using the default CA roots`);
    }
  }

  const proxyList = parseGoproxy(value('GOPROXY'));
  if (proxyList.error) {
    configCheck('GOPROXY', 'failed', proxyList.error, { cause: `go rejects this GOPROXY: ${proxyList.error}`, fix: ['GOPROXY=https://proxy.golang.org,direct  (or https://goproxy.cn,direct)'] });
  }
  if (proxyList.ignored.length > 0) configCheck('GOPROXY', 'warn', `go ignores entries after direct/off: ${proxyList.ignored.join(', ')}`);
  const goproxySetting = settings.GOPROXY;
  if (goproxySetting && goproxySetting.source === 'dockerfile' && /:\/\/[^/@\s,|]+@/.test(goproxySetting.value)) {
    configCheck('GOPROXY credentials', 'warn', `GOPROXY in the Dockerfile (${goproxySetting.origin}) carries credentials: they stay in the image history`, {
      cause: 'credentials in ARG/ENV are recorded in the image metadata and history',
      fix: ['put them in ~/.netrc and mount it as a BuildKit secret:', ...NETRC_FIX],
    });
  }

  const sumdb = parseGosumdb(value('GOSUMDB'));
  if (sumdb.kind === 'off') {
    configCheck('GOSUMDB', 'warn', 'GOSUMDB=off: integrity checking disabled — go does not verify downloaded modules against the checksum database', {
      cause: 'GOSUMDB=off accepts any module content a proxy or VCS host serves',
      fix: [
        'if sum.golang.org is unreachable: GOSUMDB=sum.golang.google.cn (the same database)',
        'for private modules only: GONOSUMDB=<private path globs> (or GOPRIVATE=...), keeping checks for everything else',
      ],
    });
  } else if (sumdb.kind === 'invalid') {
    configCheck('GOSUMDB', 'failed', `invalid GOSUMDB: ${sumdb.problem}`, { cause: `go refuses to verify modules: ${sumdb.problem}`, fix: ['GOSUMDB=sum.golang.org (or sum.golang.google.cn)'] });
  }
  if (value('GOINSECURE') !== '') {
    configCheck('GOINSECURE', 'warn', `GOINSECURE=${value('GOINSECURE')}: go skips certificate checks and allows plain http for these module paths`, {
      cause: 'GOINSECURE turns off transport security for direct fetches of matching modules',
      fix: ['install the CA the host uses instead (COPY it into the builder and RUN update-ca-certificates)', 'or keep GOINSECURE to the one private host that needs it, never public hosts'],
    });
  }
  const vendored = /(^|\s)-mod=vendor(\s|$)/.test(value('GOFLAGS'));
  if (vendored) settingsTarget.notes.push('GOFLAGS has -mod=vendor: go builds from vendor/ and downloads nothing for the build itself');
  for (const [scheme, v] of [['https', proxyEnv.httpsProxy], ['http', proxyEnv.httpProxy]] as const) {
    if (v === '') continue;
    const origin = (scheme === 'https' ? settings.HTTPS_PROXY : settings.HTTP_PROXY)?.source;
    settingsTarget.notes.push(`${scheme} targets go through the HTTP proxy ${redactUrl(v)}${proxyEnv.noProxy ? ` (except NO_PROXY=${proxyEnv.noProxy})` : ''}`);
    if (origin === 'env') settingsTarget.notes.push(`docker build does not forward your shell's ${scheme.toUpperCase()}_PROXY: pass --build-arg ${scheme.toUpperCase()}_PROXY=... or set proxies in ~/.docker/config.json`);
  }
  if (matchPrefixPatterns(value('GONOPROXY'), module)) settingsTarget.notes.push(`${module} matches GONOPROXY: go fetches it directly, not through GOPROXY`);
  if (sumdb.kind === 'db' && matchPrefixPatterns(value('GONOSUMDB'), module)) settingsTarget.notes.push(`${module} matches GONOSUMDB: go does not check it against ${sumdb.name}`);

  const ctx: ProbeContext = { timeoutMs, proxyEnv, ca };
  const escaped = escapeModulePath(module);
  const sumdbName = sumdb.kind === 'db' ? sumdb.name : null;

  // ---- GOPROXY entries, direct and private hosts, in parallel ----
  const entries = proxyList.error ? [] : proxyList.entries;
  const entryProbes = entries.map((entry, i) => probeEntry(entry, i, escaped, module, sumdbName, sumdb.kind === 'db' && sumdb.explicitUrl === null, ctx));
  const privateProbe = probePrivateHosts(value('GONOPROXY'), settings.GONOPROXY?.source === 'derived' ? 'GOPRIVATE' : 'GONOPROXY', module, ctx);
  // The checksum database walk needs only the URL entries before the first direct/off.
  const firstKeyword = entries.findIndex((e) => e.kind !== 'url');
  const sumdbProbe =
    sumdb.kind === 'db' && entries[0]?.kind !== 'off'
      ? Promise.all(entryProbes.slice(0, firstKeyword === -1 ? entries.length : firstKeyword)).then((rs) => probeSumdb(sumdb, entries, rs, ctx))
      : Promise.resolve(null);
  const entryResults = await Promise.all(entryProbes);
  const privateTargets = await privateProbe;
  const sumdbTarget = await sumdbProbe;

  // ---- walk the list the way go does ----
  const outcomes: EntryOutcome[] = entryResults.map((r) => r.outcome);
  const walk = walkChain(entries, outcomes);
  const entryTargets = entryResults.map((r, i) => {
    const role = walk.roles[i] ?? 'not-reached';
    r.target.role = role;
    if (role === 'fell-through' || role === 'not-reached') {
      for (const c of r.target.checks) if (c.status === 'failed') c.status = 'warn';
      r.target.notes.push(role === 'fell-through' ? 'go moves on to the next entry after this one fails' : 'go does not reach this entry for this module');
    }
    return r.target;
  });
  const targets: Target[] = [settingsTarget, ...entryTargets];
  if (entries.length > 0) {
    const chainCheck = chainVerdict(
      { entries, walk, failures: entryResults.map((r) => r.failure), answered: outcomes.map((o) => o === 'ok'), module, vendored },
      'chain/verdict',
    );
    targets.push({ id: 'chain', kind: 'chain', title: 'GOPROXY list, walked the way go does', role: null, notes: [], checks: [chainCheck] });
  }

  // ---- checksum database: through a proxy that supports it, or directly ----
  if (sumdbTarget) targets.push(sumdbTarget);
  targets.push(...privateTargets);

  // ---- static checks on the Dockerfile ----
  if (options.dockerfile !== undefined && dockerfile) targets.push(staticTarget(options.dockerfile, dockerfileText, dockerfile, deps.staticCheck));

  const summary: Summary = { ok: 0, warn: 0, failed: 0, skipped: 0 };
  for (const t of targets) for (const c of t.checks) summary[c.status === 'ok' ? 'ok' : c.status]++;
  const exitCode = summary.failed > 0 ? 1 : 0;
  return {
    schemaVersion: 1,
    tool: 'gomod-fix doctor',
    ok: exitCode === 0,
    exitCode,
    summary,
    settings: settingsReport(settings),
    module,
    timeoutMs,
    httpProxy: {
      https: proxyEnv.httpsProxy === '' ? null : redactUrl(proxyEnv.httpsProxy),
      http: proxyEnv.httpProxy === '' ? null : redactUrl(proxyEnv.httpProxy),
      noProxy: proxyEnv.noProxy,
    },
    targets,
    more: [...MORE_COMMANDS, 'npx -y -p create-go-dockerfile gomod-fix doctor   (run inside the build network, e.g. in docker run, for the exact picture)'],
  };
}

interface EntryResult {
  target: Target;
  outcome: EntryOutcome;
  failure: Failure | null;
  /** Answer to `/sumdb/<name>/supported`: 'yes' (200), 'no' (404/410), 'error' (another status), 'unreachable' (no answer), or 'n/a'. */
  sumdbSupported: 'yes' | 'no' | 'error' | 'unreachable' | 'n/a';
}

function attachAdvice(checks: Check[], ctx: AdviceContext): void {
  for (const c of checks) {
    const a = adviceFor(c, ctx);
    if (a) c.advice = a;
  }
}

function listJudge(answer: { status: number; statusText: string; body: string; headers: Record<string, string | string[] | undefined> }): ReturnType<RequestSpec['judge']> {
  if (answer.status === 200) {
    const versions = answer.body.split('\n').filter((l) => l.trim() !== '').length;
    return { status: 'ok', detail: `200, ${versions} version${versions === 1 ? '' : 's'}` };
  }
  return judgeStatus(answer);
}

async function probeEntry(
  entry: ProxyEntry,
  index: number,
  escaped: string,
  module: string,
  sumdbName: string | null,
  askSumdb: boolean,
  ctx: ProbeContext,
): Promise<EntryResult> {
  const id = `goproxy-${index + 1}`;
  const sep = entry.fallBackOnError ? ' (then "|": falls back on any error)' : '';
  if (entry.kind === 'off') {
    return {
      target: { id, kind: 'off', title: `GOPROXY entry ${index + 1}: off (network forbidden)`, role: null, notes: ['off forbids module downloads from any source'], checks: [] },
      outcome: 'error',
      failure: { class: 'config' },
      sumdbSupported: 'n/a',
    };
  }
  if (entry.kind === 'direct') {
    const target: Target = { id, kind: 'direct', title: `GOPROXY entry ${index + 1}: direct (version control host of ${module})`, role: null, notes: [], checks: [] };
    const base = new URL(`https://${module}`);
    const result = await probeHttp(base, [{ path: '?go-get=1', judge: (a) => goImportJudge(a) }], ctx, id);
    target.checks.push(...result.checks);
    let failure = result.failure?.failure ?? null;
    const answer = result.answers[0];
    const repo = answer ? goImportRepo(answer.body) : null;
    if (repo) {
      target.notes.push(`go-import: ${repo.vcs} ${repo.url}${repo.vcs === 'git' ? ' (the builder image needs git: golang:*-alpine has none)' : ''}`);
      let repoUrl: URL | null = null;
      try {
        repoUrl = new URL(repo.url);
      } catch {
        repoUrl = null;
      }
      if (repoUrl && repoUrl.protocol === 'https:' && repoUrl.hostname !== base.hostname) {
        const r = await probeHttp(new URL(repoUrl.origin), [], ctx, `${id}/repo`);
        target.checks.push(...r.checks);
        failure = failure ?? r.failure?.failure ?? null;
        attachAdvice(r.checks, { target: 'direct', host: repoUrl.hostname, url: repoUrl.origin, viaProxy: r.proxy?.display ?? null, module });
      }
    }
    attachAdvice(result.checks, { target: 'direct', host: base.hostname, url: base.origin, viaProxy: result.proxy?.display ?? null, module });
    const outcome: EntryOutcome = result.unverified ? 'ok' : failure ? (failure.httpStatus === 404 || failure.httpStatus === 410 ? 'not-found' : 'error') : 'ok';
    return { target, outcome, failure, sumdbSupported: 'n/a' };
  }
  const title = `GOPROXY entry ${index + 1}: ${redactUrl(entry.url)}${sep}`;
  const target: Target = { id, kind: 'goproxy', title, role: null, notes: [], checks: [] };
  const base = new URL(entry.url);
  if (base.protocol === 'file:') {
    target.checks.push({ id: `${id}/config`, kind: 'config', label: 'file proxy', status: 'skipped', ms: null, detail: 'a file:// proxy is read inside the build container; not probed' });
    return { target, outcome: 'ok', failure: null, sumdbSupported: 'no' };
  }
  const requests: RequestSpec[] = [{ path: `${escaped}/@v/list`, judge: listJudge }];
  if (askSumdb && sumdbName) {
    requests.push({
      path: `sumdb/${sumdbName}/supported`,
      judge: (a) =>
        a.status === 200
          ? { status: 'ok', detail: `200: proxies the checksum database ${sumdbName}` }
          : a.status === 404 || a.status === 410
            ? { status: 'ok', detail: `${a.status}: does not proxy ${sumdbName} (go then tries the next entry, then ${sumdbName} itself)` }
            : { status: 'warn', detail: `${a.status}: go treats ${sumdbName} as unavailable through this proxy`, failure: { class: 'http', httpStatus: a.status } },
    });
  }
  const result: ProbeResult = await probeHttp(base, requests, ctx, id);
  target.checks.push(...result.checks);
  attachAdvice(result.checks, { target: 'goproxy', host: base.hostname, url: redactUrl(entry.url), viaProxy: result.proxy?.display ?? null, module });
  if (result.proxy) target.notes.push(`through the HTTP proxy ${result.proxy.display}`);
  if (result.unverified) return { target, outcome: 'ok', failure: null, sumdbSupported: 'no' };
  const list = result.answers[0];
  const listFailure = list ? (listJudge(list).failure ?? null) : (result.failure?.failure ?? null);
  const outcome: EntryOutcome = list ? (list.status < 400 ? 'ok' : list.status === 404 || list.status === 410 ? 'not-found' : 'error') : 'error';
  const sup = result.answers[1];
  const sumdbSupported = !askSumdb ? 'n/a' : !sup ? 'unreachable' : sup.status === 200 ? 'yes' : sup.status === 404 || sup.status === 410 ? 'no' : 'error';
  return { target, outcome, failure: listFailure, sumdbSupported };
}

function goImportJudge(answer: { status: number; statusText: string; body: string; headers: Record<string, string | string[] | undefined> }): ReturnType<RequestSpec['judge']> {
  const j = judgeStatus(answer);
  if (j.status !== 'ok' || answer.status >= 300) return j;
  const repo = goImportRepo(answer.body);
  return repo ? { status: 'ok', detail: `${answer.status}, go-import ${repo.vcs} ${repo.url}` } : { status: 'ok', detail: `${answer.status}, no go-import meta tag` };
}

/** `<meta name="go-import" content="prefix vcs url">` from a ?go-get=1 page (HTML, not a Dockerfile). */
function goImportRepo(html: string): { vcs: string; url: string } | null {
  for (const m of html.matchAll(/<meta\s[^>]*name=["']?go-import["']?[^>]*>/gi)) {
    const content = /content=["']([^"']*)["']/i.exec(m[0]);
    const fields = content?.[1]?.trim().split(/\s+/) ?? [];
    if (fields.length === 3) return { vcs: fields[1] as string, url: fields[2] as string };
  }
  return null;
}

async function probeSumdb(
  sumdb: { name: string; direct: string; explicitUrl: string | null },
  entries: ProxyEntry[],
  entryResults: EntryResult[],
  ctx: ProbeContext,
): Promise<Target> {
  const target: Target = { id: 'sumdb', kind: 'sumdb', title: `Checksum database ${sumdb.name}`, role: null, notes: [], checks: [] };
  let base: string;
  let host = sumdb.name.split('/')[0] as string;
  if (sumdb.explicitUrl) {
    base = sumdb.explicitUrl;
    host = new URL(base).hostname;
    target.notes.push(`at ${redactUrl(base)} (explicit URL: GOPROXY is not consulted)`);
  } else {
    // cmd/go: the first GOPROXY entry answering 200 to /sumdb/<name>/supported serves it; 404/410
    // (or any error after "|") moves on; direct/off or the end of the list means "connect directly".
    let via: string | null = null;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as ProxyEntry;
      if (entry.kind !== 'url') break;
      const r = entryResults[i] as EntryResult;
      if (r.sumdbSupported === 'yes') {
        via = entry.url;
        break;
      }
      if (r.sumdbSupported === 'no' || entry.fallBackOnError) continue;
      if (r.sumdbSupported === 'unreachable') {
        target.checks.push({
          id: 'sumdb/config',
          kind: 'config',
          label: `via ${redactUrl(entry.url)}`,
          status: 'skipped',
          ms: null,
          detail: `go would ask ${redactUrl(entry.url)} first whether it proxies ${sumdb.name}, and it is unreachable (see above)`,
        });
        return target;
      }
      target.checks.push({
        id: 'sumdb/config',
        kind: 'config',
        label: `via ${redactUrl(entry.url)}`,
        status: 'failed',
        ms: null,
        detail: `${redactUrl(entry.url)} failed on /sumdb/${sumdb.name}/supported; after "," go treats the checksum database as unavailable`,
        failure: r.failure ?? { class: 'error' },
        advice: {
          cause: `go asks each GOPROXY entry whether it proxies ${sumdb.name}, and ${redactUrl(entry.url)} did not answer 200 or 404`,
          fix: ['fix that entry (see above), or name the database with an explicit URL, which skips GOPROXY: GOSUMDB=sum.golang.google.cn'],
        },
      });
      return target;
    }
    base = via ? `${via}/sumdb/${sumdb.name}` : sumdb.direct;
    if (via) host = new URL(via).hostname;
    target.notes.push(via ? `through the module proxy ${redactUrl(via)} (it answered 200 to /sumdb/${sumdb.name}/supported)` : `directly at ${sumdb.direct} (no GOPROXY entry proxies it)`);
  }
  const result = await probeHttp(new URL(base), [{ path: 'latest', judge: (a) => judgeStatus(a, (x) => `${x.status}, signed tree head`) }], ctx, 'sumdb');
  target.checks.push(...result.checks);
  if (result.proxy) target.notes.push(`through the HTTP proxy ${result.proxy.display}`);
  const adviceTarget: AdviceTarget = host === new URL(sumdb.direct).hostname || sumdb.explicitUrl ? 'sumdb' : 'goproxy';
  attachAdvice(result.checks, { target: adviceTarget, host, url: redactUrl(base), viaProxy: result.proxy?.display ?? null, module: sumdb.name });
  return target;
}

async function probePrivateHosts(list: string, fromName: string, module: string, ctx: ProbeContext): Promise<Target[]> {
  const hosts = patternHosts(list);
  return Promise.all(
    hosts.map(async (h, i): Promise<Target> => {
      const id = `private-${i + 1}`;
      if (h.host === null) {
        return {
          id,
          kind: 'private',
          title: `Private pattern ${h.pattern}`,
          role: null,
          notes: [],
          checks: [{ id: `${id}/config`, kind: 'config', label: h.pattern, status: 'skipped', ms: null, detail: h.reason }],
        };
      }
      const target: Target = { id, kind: 'private', title: `Private host ${h.host} (${fromName}=${h.pattern}: fetched directly, not through GOPROXY)`, role: null, notes: [], checks: [] };
      if (h.wildcard) target.notes.push(`${h.pattern} is a wildcard: probing ${h.host} as a stand-in for its subdomains`);
      const r = await probeHostPorts(h.host, [{ port: 443, viaProxy: true }, { port: 22, viaProxy: false }], ctx, id);
      target.checks.push(...r.checks);
      const proxied443 = r.checks.some((c) => c.kind === 'connect' && c.status === 'ok');
      for (const c of r.checks) {
        if (c.status !== 'failed') continue;
        if (c.label.endsWith(':22')) {
          c.status = 'warn';
          target.notes.push('port 22 matters only when git fetches over SSH (url.<ssh>.insteadOf or ssh:// module sources)');
        } else if (c.kind === 'dns' && proxied443) c.status = 'warn';
      }
      attachAdvice(r.checks, { target: 'private', host: h.host, url: `https://${h.host}`, viaProxy: r.checks.find((c) => c.kind === 'connect')?.label.split(' via ')[1] ?? null, module });
      for (const c of r.checks) {
        if (c.label.endsWith(':22') && c.advice) c.advice.fix.push('for SSH in a build: RUN --mount=type=ssh go mod download, with docker build --ssh default .');
      }
      return target;
    }),
  );
}

function staticTarget(path: string, text: string, dockerfile: DockerfileSettings, check: StaticChecker | undefined): Target {
  const target: Target = { id: 'dockerfile', kind: 'dockerfile', title: `Dockerfile ${path}`, role: null, notes: [], checks: [] };
  for (const e of dockerfile.doc.errors.slice(0, 3)) {
    target.checks.push({ id: `dockerfile/syntax${target.checks.length + 1}`, kind: 'static', label: `syntax line ${e.line + 1}`, status: 'warn', ms: null, detail: e.message, failure: { class: 'config' } });
  }
  if (!check) {
    target.checks.push({ id: 'dockerfile/static', kind: 'static', label: 'static checks', status: 'skipped', ms: null, detail: 'the codemod rules are not wired into this build' });
    return target;
  }
  const started = performance.now();
  let findings: ReturnType<StaticChecker>;
  try {
    findings = check(path, text);
  } catch (err) {
    target.checks.push({ id: 'dockerfile/static', kind: 'static', label: 'static checks', status: 'warn', ms: Math.round(performance.now() - started), detail: `the rules failed: ${(err as Error).message}` });
    return target;
  }
  if (findings.length === 0) {
    target.checks.push({ id: 'dockerfile/static', kind: 'static', label: 'static checks', status: 'ok', ms: Math.round(performance.now() - started), detail: 'no findings' });
  }
  findings.forEach((f, i) => {
    const sev = f.severity.toLowerCase();
    const status: CheckStatus = sev === 'error' ? 'failed' : sev === 'warning' || sev === 'warn' ? 'warn' : 'ok';
    target.checks.push({
      id: `dockerfile/static${i + 1}`,
      kind: 'static',
      label: `${f.rule} line ${f.line}`,
      status,
      ms: null,
      detail: f.message,
      ...(status !== 'ok' ? { failure: { class: 'config' as const } } : {}),
      ...(f.fix ? { advice: { cause: f.message, fix: [f.fix] } } : {}),
    });
  });
  return target;
}

