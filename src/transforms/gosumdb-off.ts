import { goVarSettings, redactUrls, replaceSettingValue, type GoVarSetting } from '../go/go-vars.js';
import { isChinaMirror, SUMDB_PRESETS } from '../go/proxy.js';
import { defineTransform, type Problem, type Settings } from './transform.js';

interface SumdbOffProblem extends Problem {
  setting: GoVarSetting;
  /** The checksum database to switch to, or null when the fix is declined. */
  replacement: string | null;
}

const NAMES: ReadonlySet<string> = new Set(['GOSUMDB', 'GOFLAGS', 'GONOSUMCHECK', 'GONOSUMDB', 'GOPRIVATE', 'GOINSECURE']);

const RISK = 'a compromised proxy or mirror can serve tampered module code unnoticed';

/** A module path glob list that covers every module (`*`, `*.*`, ...): its first path element matches any host. */
function catchAll(list: string): boolean {
  return list.split(',').some((glob) => {
    const host = glob.trim().split('/')[0] ?? '';
    return host !== '' && /^[*?.]+$/.test(host) && host.includes('*');
  });
}

/** What is wrong with a setting, or null when it leaves checksum verification on. */
function weakness(s: GoVarSetting & { value: string }): string | null {
  const v = s.value.trim();
  switch (s.name) {
    case 'GOSUMDB':
      return v === 'off' ? `GOSUMDB=off turns off the checksum database: modules not already pinned in go.sum are accepted unverified, so ${RISK}` : null;
    case 'GOFLAGS':
      return v.split(/\s+/).some((f) => /^--?insecure(=(true|1))?$/.test(f))
        ? `GOFLAGS=-insecure lets go get fetch over plain HTTP and skip checksum verification (on Go versions that still accept it), so ${RISK}`
        : null;
    case 'GONOSUMCHECK':
      return v !== '' && v !== '0' && v !== 'false' ? `GONOSUMCHECK=${v} asks go to skip module checksum verification, so ${RISK}` : null;
    case 'GONOSUMDB':
    case 'GOPRIVATE':
      return catchAll(v)
        ? `${s.name}=${v} matches every module, so none is checked against the checksum database and ${RISK}${s.name === 'GOPRIVATE' ? ' (and the proxy is bypassed too)' : ''}`
        : null;
    case 'GOINSECURE':
      return v !== '' ? `GOINSECURE=${v} fetches matching modules over plain HTTP or without certificate checks, so anyone on the network path can serve tampered code` : null;
    default:
      return null;
  }
}

/**
 * The checksum database to switch `GOSUMDB=off` to: --sumdb when given (never `off`), else the
 * mirror reachable from mainland China when the build uses a China proxy (--proxy or the file's own
 * GOPROXY), which is the usual reason for turning the check off. Otherwise null: report only.
 */
function replacementFor(settings: Settings, fileProxies: string[]): string | null {
  if (settings.sumdb !== null) return settings.sumdb.trim() === 'off' ? null : settings.sumdb;
  const china = (settings.proxy !== null && isChinaMirror(settings.proxy)) || fileProxies.some((p) => isChinaMirror(p));
  return china ? SUMDB_PRESETS['sum.golang.google.cn'] : null;
}

export default defineTransform<SumdbOffProblem>({
  id: 'gosumdb-off',
  title: 'Module checksum verification is not turned off (GOSUMDB=off, GONOSUMDB=*, GOINSECURE, GOFLAGS=-insecure)',
  severity: 'error',
  fixSafety: 'unsafe',
  docs: {
    what:
      'Reports every place the file turns module integrity checks off: `GOSUMDB=off`, `GONOSUMCHECK=1`, `GONOSUMDB`/`GOPRIVATE` set to a pattern that matches every module (`*`), `GOINSECURE`, and `GOFLAGS=-insecure`, whether in ENV, an ARG default (also before the first FROM), ONBUILD, on a RUN (`GOSUMDB=off go mod download`, `export`, `go env -w`). With a China proxy (--proxy or the file\'s own GOPROXY is goproxy.cn, goproxy.io, Alibaba\'s or Tencent\'s mirror) or --sumdb, `GOSUMDB=off` is switched to --sumdb or `sum.golang.google.cn`.',
    why:
      'The checksum database is what proves that the module code a proxy hands out is the code its author published. Builds that hang on sum.golang.org are often "fixed" with `GOSUMDB=off` (the article this tool grew from recommends it); that removes the proof, so a compromised or malicious mirror can serve tampered dependencies and the build succeeds. The reachable alternative keeps the check: `GOSUMDB=sum.golang.google.cn` is the same database served from a host reachable in mainland China, and private module paths belong in `GOPRIVATE`/`GONOSUMDB=example.com/corp/*`, not in a global off switch.',
    before: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOSUMDB=off\nRUN go mod download\n',
    after: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOSUMDB=sum.golang.google.cn\nRUN go mod download\n',
    fixSafety:
      'Unsafe: re-enabling verification is the point, but a build that only worked because checks were off (private modules fetched through the public database, a go.sum that does not match) fails until those paths are listed in GOPRIVATE/GONOSUMDB. Declined (reported only): without --sumdb or a China proxy, since the right checksum database for the network is unknown; when --sumdb is `off` (an explicit choice, still reported); for GONOSUMDB/GOPRIVATE/GOINSECURE/GOFLAGS/GONOSUMCHECK, whose intended narrower value only the author knows; and for settings in heredoc bodies or exec-form RUNs.',
  },
  check({ doc, settings }) {
    const all = goVarSettings(doc, NAMES);
    const fileProxies = goVarSettings(doc, new Set(['GOPROXY']))
      .map((s) => s.value)
      .filter((v): v is string => v !== null);
    const problems: SumdbOffProblem[] = [];
    for (const s of all) {
      // Values with expansions are unknown here; a bare ARG has none.
      if (s.value === null || s.value.includes('$')) continue;
      const message = weakness(s as GoVarSetting & { value: string });
      if (message === null) continue;
      const replacement = s.name === 'GOSUMDB' ? replacementFor(settings, fileProxies) : null;
      const edit = replacement !== null ? replaceSettingValue(doc, s, replacement) : null;
      problems.push({
        setting: s,
        replacement: edit ? replacement : null,
        range: s.range,
        message: redactUrls(message),
        fixSafety: edit ? 'unsafe' : null,
      });
    }
    return problems;
  },
  fix({ doc }, problem) {
    if (problem.replacement === null) return null;
    const edit = replaceSettingValue(doc, problem.setting, problem.replacement);
    return edit ? { edits: [edit] } : null;
  },
});
