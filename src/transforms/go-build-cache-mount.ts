import { addFlag, contextAt, joinPath, type Instruction } from '../dockerfile/index.js';
import { cacheMountFlag, hasCacheMount, supportsCacheMounts } from '../go/cache-mounts.js';
import { compiles, type GoInvocation } from '../go/commands.js';
import { goEnvAt, type GoEnv } from '../go/go-env.js';
import { goStages } from '../go/stages.js';
import { defineTransform, type Problem } from './transform.js';

interface MissingBuildCache extends Problem {
  run: Instruction;
  flag: string;
}

/**
 * Where one go command keeps its build cache: its own `GOCACHE=`/`XDG_CACHE_HOME=`/`HOME=`
 * assignments first (`GOCACHE=/tmp/gc go build`), then the stage's. Null when the cache is off or
 * the value cannot be read (a `$VAR` nobody defines): then there is no directory to name.
 */
function gocacheOf(go: GoInvocation, env: GoEnv, stageVars: ReadonlyMap<string, string | null>): { path: string; certain: boolean } | null {
  const own = (name: string): string | undefined => go.env.get(name);
  const known = (v: string): boolean => v !== '' && !v.includes('$') && !v.includes('`');
  let path: string;
  let certain: boolean;
  const gocache = own('GOCACHE');
  const xdg = own('XDG_CACHE_HOME');
  const home = own('HOME');
  if (gocache !== undefined) {
    if (!known(gocache)) return null;
    path = gocache;
    certain = true;
  } else if (xdg !== undefined) {
    if (!known(xdg)) return null;
    path = joinPath(xdg, 'go-build');
    certain = true;
  } else if (home !== undefined && !stageVars.has('GOCACHE') && !stageVars.has('XDG_CACHE_HOME')) {
    if (!known(home)) return null;
    path = joinPath(home, '.cache/go-build');
    certain = true;
  } else {
    path = env.gocache.path;
    // goEnvAt reads an ENV it cannot expand as unset; the default it falls back to is then a guess.
    const unreadable = ['GOCACHE', 'XDG_CACHE_HOME', 'HOME'].some((n) => {
      const v = stageVars.get(n);
      return v !== undefined && v !== null && !known(v);
    });
    certain = env.gocache.certain && !unreadable;
  }
  // `GOCACHE=off` (rejected by go since 1.12) or a relative path: nothing sensible to mount.
  if (!path.startsWith('/')) return null;
  return { path, certain };
}

export default defineTransform<MissingBuildCache>({
  id: 'go-build-cache-mount',
  title: 'Go commands that compile run with a BuildKit cache mount on GOCACHE',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'Every RUN in a build stage whose go command compiles (build, test, install, run, vet, generate, list) gets `--mount=type=cache,target=<GOCACHE>`. The target follows `GOCACHE`, `XDG_CACHE_HOME`, `HOME` and `USER` (as ENV/ARG in the stage, or assigned on the command itself); the default is /root/.cache/go-build. A non-root numeric `USER` gets `uid`/`gid` so it can write to the cache. A cache mount on a directory above GOCACHE (`/root/.cache`) already counts.',
    why:
      'The build cache lives in the RUN\'s layer, so every change to the sources (the `COPY . .` above) throws it away and `go build` recompiles the whole dependency graph, standard library included, on every build. That is minutes of CPU per build and the time CI spends there is what people mistake for `go mod download` hanging. A cache mount keeps compiled packages across builds without putting them in the image.',
    before: 'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n',
    after:
      'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /out/app .\n',
    fixSafety:
      'Safe when the cache path is known (GOCACHE/XDG_CACHE_HOME/HOME set, or root) and the user is root or numeric: the cache only holds build outputs keyed by their inputs, so the binaries are the same. Unsafe when the path or the owner had to be guessed (a named non-root USER with no HOME, or an ENV value that refers to a variable the file does not define). No finding when the cache is off or not an absolute path. Heredoc bodies are never edited; their RUN line gets the flag. Exec-form RUNs get the flag too (`RUN --mount=... ["go", "build"]` is valid). Windows stages (servercore/nanoserver images) are skipped: their builds have no cache mounts.',
  },
  check({ doc }) {
    const problems: MissingBuildCache[] = [];
    for (const { stage, runs } of goStages(doc)) {
      if (!supportsCacheMounts(doc, stage)) continue;
      for (const { run, owner, invocations, heredocInvocations } of runs) {
        const env = goEnvAt(doc, stage, owner);
        const vars = contextAt(doc, stage, owner).vars;
        // One RUN may run go with different caches (`GOCACHE=/a go build && go test`): each needs a mount.
        const needed = new Map<string, boolean>();
        for (const go of [...invocations, ...heredocInvocations]) {
          if (!compiles(go)) continue;
          const cache = gocacheOf(go, env, vars);
          if (cache === null) continue;
          needed.set(cache.path, (needed.get(cache.path) ?? true) && cache.certain);
        }
        for (const [path, certain] of needed) {
          if (hasCacheMount(run, vars, path)) continue;
          const mount = cacheMountFlag(path, env.user);
          problems.push({
            range: run.keywordRange,
            message: `RUN compiles Go without a cache mount on ${path}: every build recompiles every package from scratch`,
            fixSafety: certain && mount.certain ? 'safe' : 'unsafe',
            run,
            flag: mount.flag,
          });
        }
      }
    }
    return problems;
  },
  fix({ doc }, problem) {
    return { edits: [addFlag(doc, problem.run, problem.flag)] };
  },
});
