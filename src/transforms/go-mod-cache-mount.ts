import { contextAt, joinPath, type Instruction } from '../dockerfile/index.js';
import {
  addCacheReaders,
  addDriverUses,
  addPath,
  cacheMountFix,
  cacheMountProblem,
  planCacheMounts,
  recordCacheUse,
  runsDriver,
  supportsCacheMounts,
  type CacheKind,
  type CacheNeed,
  type CacheUse,
  type MissingCacheMount,
} from '../go/cache-mounts.js';
import { resolvesModules, usesVendor, type GoInvocation } from '../go/commands.js';
import { goEnvAt, type GoEnv, type ResolvedPath } from '../go/go-env.js';
import { moduleMode } from '../go/module-mode.js';
import { goStages } from '../go/stages.js';
import { defineTransform } from './transform.js';

/** Subcommands whose only lasting product is the module cache itself. */
const FETCH_ONLY = new Set(['mod download', 'mod verify', 'mod graph', 'mod why']);

/** The module cache: GOMODCACHE. */
const MOD_CACHE: CacheKind = {
  pathOf: (env) => env.gomodcache,
  // Under an image we do not know, a mount where a module cache lives (`/go/pkg/mod`, anything ending in `/pkg/mod`) counts.
  guessedTarget: /\/pkg\/mod\/*$/,
  readerHint: /GOMODCACHE|pkg\/mod/,
  // Words that name the module cache without its path.
  readerAliases: /\$\{?GOMODCACHE\b|\$\{?GOPATH\}?\/pkg\/mod\b|go env GOMODCACHE/,
};

const readable = (v: string): boolean => !v.includes('$') && !v.includes('`');

/**
 * Where one go command keeps its modules: its own `GOMODCACHE=`/`GOPATH=` assignments first, then
 * the stage's. Null when the command's own value cannot be read (`GOMODCACHE=$(mktemp -d)`) or is
 * not an absolute path: there is no directory to name.
 */
function gomodcacheOf(go: GoInvocation, env: GoEnv): ResolvedPath | null {
  const own = go.env.get('GOMODCACHE');
  const gopath = go.env.get('GOPATH');
  let path: ResolvedPath;
  if (own !== undefined && own !== '') {
    if (!readable(own)) return null;
    path = { path: own, certain: true, readable: true };
  } else if (gopath !== undefined && gopath !== '' && !env.gomodcacheSet) {
    if (!readable(gopath)) return null;
    path = { path: joinPath(gopath.split(':')[0] as string, 'pkg/mod'), certain: true, readable: true };
  } else path = env.gomodcache;
  return path.path.startsWith('/') ? path : null;
}

export default defineTransform<MissingCacheMount>({
  id: 'go-mod-cache-mount',
  title: 'Go commands that resolve modules run with a BuildKit cache mount on GOMODCACHE',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'Every RUN in a build stage whose go command resolves modules (download, build, test, install, generate, vet, list, run, mod tidy) gets `--mount=type=cache,target=<GOMODCACHE>`. So does a RUN that comes after such a RUN (in its stage or a stage built FROM it) and may run go through a build driver (make, mage, task, just, goreleaser, ko, golangci-lint, a `./build.sh` or `scripts/...` script, a `sh -c` script) or reads the cache directory itself (`cp -r /go/pkg/mod/...`): it must see the same cache. A driver with no such RUN before it is not reported (nothing we do changes what it sees). The target follows `ENV GOMODCACHE`/`GOPATH` and `go env -w` (the official image uses /go/pkg/mod, also when the image or a stage is named through an ARG: `FROM base-${VARIANT}`); a non-root `USER` gets `uid`/`gid` (read from the `useradd`/`adduser` that created it) so it can write to the cache. Under an image we do not know, an existing cache mount ending in `/pkg/mod` counts. A RUN whose module cache a COPY filled (`COPY --from=deps /go/pkg/mod /go/pkg/mod`) finds its modules there and is left alone.',
    why:
      'Without a cache mount, any change to the layer above (a new go.sum line) re-downloads every module from the proxy, which is where builds hang when proxy.golang.org is slow or unreachable. Once `go mod download` runs with the mount, the modules are no longer in the image: a later `go build` (or `make`) without it would find an empty module cache and download everything again, on every build. So every RUN that may resolve modules after it (in the stage, in stages built FROM it, in stages that copy the cache out of it) gets the same mount, or none does; and where the modules in the image are read out of it (a `COPY --from` of the cache, a deps image that exists to ship them, a CMD that runs `go run`), no mount is added at all.',
    before: 'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .\n',
    after:
      'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out/app .\n',
    fixSafety:
      'Safe when the cache path is known (ENV, `go env -w`, or the official golang image), the user is root or an account whose uid the file gives (`useradd -u`, `adduser -u`, a numeric USER, distroless `nonroot`), and every later RUN on the same cache gets a safe fix too. Unsafe when the path or the owner had to be guessed or comes from a build arg (`USER ${UID}`), for ONBUILD triggers (they run in another build, under its engine), for RUNs that run go only through a build driver (we cannot see inside make), and for every RUN a later unsafe one depends on: `--write` alone never mounts half a chain, `--unsafe-fixes` mounts all of it. Unsafe too when the base image is one we do not know (not golang, not an official distro image): it may set GOPATH itself, so $HOME/go/pkg/mod is only go\'s default; and for a RUN that reads the cache directory without go (`cp -r /go/pkg/mod/...`) and every RUN before it on the cache. Not fixed at all when the cache directory is read out of the image: a `COPY --from` (or `RUN --mount=from=`) of the stage takes it, the stage is a build target whose only use of the modules is a `go mod download` (a deps image: the modules are what it ships), or the image runs go when it starts (`CMD ["go", "run", "."]`). Not fixed at all when the USER\'s uid cannot be known (`adduser -D app` picks one itself; the message gives the flag with a uid/gid to fill in), when GOMODCACHE is set from a variable the file does not define, or when a later RUN on the same cache cannot be fixed. Builds with `-mod=vendor` or a vendored module (vendor/modules.txt) need no module cache and are left alone, and so are go commands in GOPATH mode (`GO111MODULE=off`, Go before 1.11, Go 1.11/1.12 in $GOPATH/src without `GO111MODULE=on`): they resolve no modules. Heredoc bodies are never edited; their RUN line gets the flag. Windows stages (servercore/nanoserver images) are skipped: their builds have no cache mounts.',
  },
  check({ doc, project }) {
    const needs: CacheNeed[] = [];
    const mounted: CacheUse[] = [];
    const covered = new Set<Instruction>();
    for (const { stage, runs } of goStages(doc)) {
      if (!supportsCacheMounts(doc, stage)) continue;
      for (const { run, owner, invocations, heredocInvocations } of runs) {
        const paths = new Map<string, ResolvedPath>();
        let fetchOnly = true;
        for (const go of [...invocations, ...heredocInvocations]) {
          if (!resolvesModules(go)) continue;
          const env = goEnvAt(doc, stage, owner, go.command);
          if (go.subcommand !== 'mod download' && (usesVendor(go, env.goflags) || project?.vendored === true)) continue;
          // GOPATH mode (GO111MODULE=off, Go before modules): no module cache to mount.
          if (!moduleMode(doc, stage, owner, go).modules) continue;
          const path = gomodcacheOf(go, env);
          if (path === null) continue;
          addPath(paths, path);
          fetchOnly &&= FETCH_ONLY.has(go.subcommand);
        }
        if (paths.size === 0) continue;
        covered.add(run);
        // `go mod download && make`: what the driver does with the modules is out of sight.
        fetchOnly &&= !runsDriver(doc, run);
        const vars = contextAt(doc, stage, owner).vars;
        const user = goEnvAt(doc, stage, owner).user;
        for (const path of paths.values()) recordCacheUse(MOD_CACHE, needs, mounted, vars, { stage, run, owner, path, user, driver: null, reader: null, fetchOnly });
      }
    }
    const drivers = addDriverUses(
      doc,
      MOD_CACHE,
      needs,
      mounted,
      covered,
      // A vendored module builds from vendor/ (the default since Go 1.14 when vendor/modules.txt is there); GOPATH mode has no module cache.
      (stage, owner, env) => !(project?.vendored === true || (env.goflags ?? '').split(/\s+/).includes('-mod=vendor')) && moduleMode(doc, stage, owner).modules,
    );
    // RUNs that read the module cache without go (`cp -r /go/pkg/mod/... /protos`).
    // `covered` is not read after this: add the driver RUNs to it instead of copying both into a new Set.
    for (const d of drivers) covered.add(d);
    addCacheReaders(doc, MOD_CACHE, needs, mounted, covered);
    return planCacheMounts(doc, needs, { mounted, startsWith: resolvesModules }).map((plan) => {
      const where = plan.path.readable ? `a cache mount on ${plan.path.path}` : 'a cache mount (GOMODCACHE comes from a variable this file does not define)';
      const message =
        plan.reader !== null
          ? `RUN reads the module cache (\`${plan.reader}\`) without ${where}: once the RUN that downloads the modules keeps them on that mount, this one finds the directory empty`
          : plan.driver === null
            ? `RUN resolves Go modules without ${where}: every build re-downloads them`
            : `RUN runs \`${plan.driver}\`, which may run go, without ${where}: if it resolves modules, every build re-downloads them`;
      return cacheMountProblem(plan, message);
    });
  },
  fix({ doc }, problem) {
    return cacheMountFix(doc, problem);
  },
});
