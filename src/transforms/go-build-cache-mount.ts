import { addFlag, contextAt, joinPath, type Instruction } from '../dockerfile/index.js';
import { addPath, hasCacheMount, hasUnreadableCacheMount, planCacheMounts, supportsCacheMounts, type CacheNeed } from '../go/cache-mounts.js';
import { compiles, type GoInvocation } from '../go/commands.js';
import { goEnvAt, type GoEnv, type ResolvedPath } from '../go/go-env.js';
import { driverRuns, goStages, stageHasGo } from '../go/stages.js';
import { defineTransform, type Problem } from './transform.js';

interface MissingBuildCache extends Problem {
  run: Instruction;
  flag: string | null;
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

export default defineTransform<MissingBuildCache>({
  id: 'go-build-cache-mount',
  title: 'Go commands that compile run with a BuildKit cache mount on GOCACHE',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'Every RUN in a build stage whose go command compiles (build, test, install, run, vet, generate, list) gets `--mount=type=cache,target=<GOCACHE>`, and so does every RUN that may run go through a build driver (make, mage, task, just, goreleaser, ko, golangci-lint, a `./build.sh` or `scripts/...` script, a `sh -c` script). The target follows `GOCACHE`, `XDG_CACHE_HOME`, `HOME`, `go env -w` and `USER` (as ENV/ARG in the stage, or assigned on the command itself; a USER\'s home comes from the `useradd`/`adduser` that created it); the default is /root/.cache/go-build. A non-root `USER` gets `uid`/`gid` so it can write to the cache. A cache mount on a directory above GOCACHE (`/root/.cache`) already counts.',
    why:
      'The build cache lives in the RUN\'s layer, so every change to the sources (the `COPY . .` above) throws it away and `go build` recompiles the whole dependency graph, standard library included, on every build. That is minutes of CPU per build and the time CI spends there is what people mistake for `go mod download` hanging. A cache mount keeps compiled packages across builds without putting them in the image.',
    before: 'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n',
    after:
      'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /out/app .\n',
    fixSafety:
      'Safe when the cache path is known (GOCACHE/XDG_CACHE_HOME/HOME set, `go env -w`, root, or a USER whose home the file gives) and the user is root or an account whose uid the file gives: the cache only holds build outputs keyed by their inputs, so the binaries are the same. Unsafe when the path or the owner had to be guessed or comes from a build arg (`USER ${UID}`), for ONBUILD triggers (they run in another build, under its engine), for RUNs that run go only through a build driver (we cannot see inside make), and for every RUN whose cache a later RUN without a safe fix would read (once the cache lives on a mount, that RUN finds it empty and recompiles everything): `--write` alone never mounts half a chain, `--unsafe-fixes` mounts all of it. Not fixed at all when the USER\'s uid cannot be known (the message gives the flag with a uid/gid to fill in) or GOCACHE comes from a variable the file does not define. No finding when the cache is off or not an absolute path. Heredoc bodies are never edited; their RUN line gets the flag. Exec-form RUNs get the flag too (`RUN --mount=... ["go", "build"]` is valid). Windows stages (servercore/nanoserver images) are skipped: their builds have no cache mounts.',
  },
  check({ doc }) {
    const needs: CacheNeed[] = [];
    const covered = new Set<Instruction>();
    for (const { stage, runs } of goStages(doc)) {
      if (!supportsCacheMounts(doc, stage)) continue;
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
        for (const path of paths.values()) {
          if (path.readable ? hasCacheMount(run, vars, path.path) : hasUnreadableCacheMount(run, vars)) continue;
          needs.push({ stage, run, owner, path, user, driver: null });
        }
      }
    }
    for (const { stage, run, owner, driver } of driverRuns(doc)) {
      if (covered.has(run) || !supportsCacheMounts(doc, stage) || !stageHasGo(doc, stage)) continue;
      const env = goEnvAt(doc, stage, owner);
      const vars = contextAt(doc, stage, owner).vars;
      if (!env.gocache.path.startsWith('/')) continue;
      if (env.gocache.readable ? hasCacheMount(run, vars, env.gocache.path) : hasUnreadableCacheMount(run, vars)) continue;
      needs.push({ stage, run, owner, path: env.gocache, user: env.user, driver });
    }
    return planCacheMounts(doc, needs).map((plan) => {
      const where = plan.path.readable ? `a cache mount on ${plan.path.path}` : 'a cache mount (its GOCACHE comes from a variable this file does not define)';
      const message =
        plan.driver === null
          ? `RUN compiles Go without ${where}: every build recompiles every package from scratch`
          : `RUN runs \`${plan.driver}\`, which may run go, without ${where}: if it compiles Go, every build recompiles every package from scratch`;
      return {
        range: plan.run.keywordRange,
        message: plan.note ? `${message}; ${plan.note}` : message,
        fixSafety: plan.safety,
        run: plan.run,
        flag: plan.flag,
      };
    });
  },
  fix({ doc }, problem) {
    // No flag: the owner or the path cannot be known, so any mount we wrote could break the build.
    if (problem.flag === null) return null;
    return { edits: [addFlag(doc, problem.run, problem.flag)] };
  },
});
