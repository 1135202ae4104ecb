import { contextAt, joinPath, type DockerfileDocument, type Instruction, type Stage } from '../dockerfile/index.js';
import {
  addCacheReaders,
  addDriverUses,
  addPath,
  cacheMountFix,
  cacheMountProblem,
  planCacheMounts,
  recordCacheUse,
  supportsCacheMounts,
  type CacheKind,
  type CacheNeed,
  type CacheUse,
  type MissingCacheMount,
} from '../go/cache-mounts.js';
import { compiles, type GoInvocation } from '../go/commands.js';
import { goEnvAt, type GoEnv, type ResolvedPath } from '../go/go-env.js';
import { golangImageVersion } from '../go/golang-image.js';
import { compareGoVersions } from '../go/gomod.js';
import { goStages } from '../go/stages.js';
import { defineTransform } from './transform.js';

/** The build cache: GOCACHE. */
const BUILD_CACHE: CacheKind = {
  // `GOCACHE=off` or a relative path: nothing sensible to mount.
  pathOf: (env) => (env.gocache.path.startsWith('/') ? env.gocache : null),
  // Under an image we do not know, a mount where a build cache lives (`/root/.cache/go-build`, anything ending in `go-build`) counts.
  guessedTarget: /go-build\/*$/,
  readerHint: /GOCACHE|go-build/,
  // Words that name the build cache without its path.
  readerAliases: /\$\{?GOCACHE\b|go env GOCACHE/,
};

/** Go 1.10 brought the build cache; the official image of an older Go has none to mount. */
function hasBuildCache(doc: DockerfileDocument, stage: Stage): boolean {
  const image = golangImageVersion(doc, stage);
  return image === null || compareGoVersions(image.version, '1.10') >= 0;
}

/**
 * Where one go command keeps its build cache: its own `GOCACHE=`/`XDG_CACHE_HOME=`/`HOME=`
 * assignments first (`GOCACHE=/tmp/gc go build`), then the stage's. Null when the cache is off or
 * the command's own value cannot be read (`GOCACHE=$(mktemp -d)`): then there is no directory to name.
 */
function gocacheOf(go: GoInvocation, env: GoEnv, stageVars: ReadonlyMap<string, string | null>): ResolvedPath | null {
  const own = (name: string): string | undefined => go.env.get(name);
  const known = (v: string): boolean => v !== '' && !v.includes('$') && !v.includes('`');
  let path: ResolvedPath;
  const gocache = own('GOCACHE');
  const xdg = own('XDG_CACHE_HOME');
  const home = own('HOME');
  if (gocache !== undefined) {
    if (!known(gocache)) return null;
    path = { path: gocache, certain: true, readable: true };
  } else if (xdg !== undefined) {
    if (!known(xdg)) return null;
    path = { path: joinPath(xdg, 'go-build'), certain: true, readable: true };
  } else if (home !== undefined && !stageVars.has('GOCACHE') && !stageVars.has('XDG_CACHE_HOME')) {
    if (!known(home)) return null;
    path = { path: joinPath(home, '.cache/go-build'), certain: true, readable: true };
  } else path = env.gocache;
  // `GOCACHE=off` (rejected by go since 1.12) or a relative path: nothing sensible to mount.
  if (!path.path.startsWith('/')) return null;
  return path;
}

export default defineTransform<MissingCacheMount>({
  id: 'go-build-cache-mount',
  title: 'Go commands that compile run with a BuildKit cache mount on GOCACHE',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'Every RUN in a build stage whose go command compiles (build, test, install, run, vet, generate, list) gets `--mount=type=cache,target=<GOCACHE>`. So does a RUN that comes after such a RUN (in its stage or a stage built FROM it) and may run go through a build driver (make, mage, task, just, goreleaser, ko, golangci-lint, a `./build.sh` or `scripts/...` script, a `sh -c` script) or reads the cache directory itself: it must see the same cache. A driver with no compiling RUN before it is not reported. The target follows `GOCACHE`, `XDG_CACHE_HOME`, `HOME`, `go env -w` and `USER` (as ENV/ARG in the stage, or assigned on the command itself; a USER\'s home comes from the `useradd`/`adduser` that created it); the default is /root/.cache/go-build. A non-root `USER` gets `uid`/`gid` so it can write to the cache. A cache mount on a directory above GOCACHE (`/root/.cache`) already counts, and under an image we do not know, one ending in `go-build`. A RUN whose build cache a COPY filled (`COPY --from=warm /root/.cache/go-build ...`) is left alone.',
    why:
      'The build cache lives in the RUN\'s layer, so every change to the sources (the `COPY . .` above) throws it away and `go build` recompiles the whole dependency graph, standard library included, on every build. That is minutes of CPU per build and the time CI spends there is what people mistake for `go mod download` hanging. A cache mount keeps compiled packages across builds without putting them in the image.',
    before: 'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n',
    after:
      'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /out/app .\n',
    fixSafety:
      'Safe when the cache path is known (GOCACHE/XDG_CACHE_HOME/HOME set, `go env -w`, root, or a USER whose home the file gives) and the user is root or an account whose uid the file gives: the cache only holds build outputs keyed by their inputs, so the binaries are the same. Unsafe when the path or the owner had to be guessed or comes from a build arg (`USER ${UID}`), for ONBUILD triggers (they run in another build, under its engine), for RUNs that run go only through a build driver (we cannot see inside make), and for every RUN whose cache a later RUN without a safe fix would read (once the cache lives on a mount, that RUN finds it empty and recompiles everything): `--write` alone never mounts half a chain, `--unsafe-fixes` mounts all of it. Unsafe too under a base image we do not know (it may set HOME, USER or GOCACHE itself). Not fixed at all when the cache directory is read out of the image (a `COPY --from` of the stage takes it, or the image runs go when it starts). Not fixed at all when the USER\'s uid cannot be known (the message gives the flag with a uid/gid to fill in) or GOCACHE comes from a variable the file does not define. No finding when the cache is off or not an absolute path, or under the official image of a Go before 1.10 (no build cache yet); GOPATH-mode builds (`GO111MODULE=off`) do use it and are reported. Heredoc bodies are never edited; their RUN line gets the flag. Exec-form RUNs get the flag too (`RUN --mount=... ["go", "build"]` is valid). Windows stages (servercore/nanoserver images) are skipped: their builds have no cache mounts.',
  },
  check({ doc }) {
    const needs: CacheNeed[] = [];
    const mounted: CacheUse[] = [];
    const covered = new Set<Instruction>();
    for (const { stage, runs } of goStages(doc)) {
      if (!supportsCacheMounts(doc, stage) || !hasBuildCache(doc, stage)) continue;
      for (const { run, owner, invocations, heredocInvocations } of runs) {
        const vars = contextAt(doc, stage, owner).vars;
        // One RUN may run go with different caches (`GOCACHE=/a go build && go test`): each needs a mount.
        const paths = new Map<string, ResolvedPath>();
        for (const go of [...invocations, ...heredocInvocations]) {
          if (!compiles(go)) continue;
          const path = gocacheOf(go, goEnvAt(doc, stage, owner, go.command), vars);
          if (path === null) continue;
          addPath(paths, path);
        }
        if (paths.size === 0) continue;
        covered.add(run);
        const user = goEnvAt(doc, stage, owner).user;
        for (const path of paths.values()) recordCacheUse(BUILD_CACHE, needs, mounted, vars, { stage, run, owner, path, user, driver: null, reader: null, fetchOnly: false });
      }
    }
    const drivers = addDriverUses(doc, BUILD_CACHE, needs, mounted, covered, (stage) => hasBuildCache(doc, stage));
    // RUNs that read the build cache without go (`du -sh /root/.cache/go-build`).
    // `covered` is not read after this: add the driver RUNs to it instead of copying both into a new Set.
    for (const d of drivers) covered.add(d);
    addCacheReaders(doc, BUILD_CACHE, needs, mounted, covered);
    return planCacheMounts(doc, needs, { mounted, startsWith: compiles }).map((plan) => {
      const where = plan.path.readable ? `a cache mount on ${plan.path.path}` : 'a cache mount (its GOCACHE comes from a variable this file does not define)';
      const message =
        plan.reader !== null
          ? `RUN reads the build cache (\`${plan.reader}\`) without ${where}: once the RUN that compiles keeps it on that mount, this one finds the directory empty`
          : plan.driver === null
            ? `RUN compiles Go without ${where}: every build recompiles every package from scratch`
            : `RUN runs \`${plan.driver}\`, which may run go, without ${where}: if it compiles Go, every build recompiles every package from scratch`;
      return cacheMountProblem(plan, message);
    });
  },
  fix({ doc }, problem) {
    return cacheMountFix(doc, problem);
  },
});
