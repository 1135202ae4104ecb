import { addFlag, contextAt, type Instruction } from '../dockerfile/index.js';
import { cacheMountFlag, hasCacheMount, supportsCacheMounts } from '../go/cache-mounts.js';
import { resolvesModules, usesVendor } from '../go/commands.js';
import { goEnvAt } from '../go/go-env.js';
import { goStages } from '../go/stages.js';
import { defineTransform, type Problem } from './transform.js';

interface MissingModCache extends Problem {
  run: Instruction;
  flag: string;
}

export default defineTransform<MissingModCache>({
  id: 'go-mod-cache-mount',
  title: 'Go commands that resolve modules run with a BuildKit cache mount on GOMODCACHE',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'Every RUN in a build stage whose go command resolves modules (download, build, test, install, generate, vet, list, run, mod tidy) gets `--mount=type=cache,target=<GOMODCACHE>`. The target follows `ENV GOMODCACHE`/`GOPATH` (the official image uses /go/pkg/mod); a non-root `USER` gets `uid`/`gid` so it can write to the cache.',
    why:
      'Without a cache mount, any change to the layer above (a new go.sum line) re-downloads every module from the proxy, which is where builds hang when proxy.golang.org is slow or unreachable. Once `go mod download` runs with the mount, a later `go build` without it would find an empty module cache and download everything again, so every module-resolving RUN in the stage gets the same mount.',
    before: 'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .\n',
    after:
      'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out/app .\n',
    fixSafety:
      'Safe when the cache path is known (ENV, or the official golang image) and the user is root or numeric. Unsafe when the path or the owner had to be guessed (a non-golang base image with a named USER). Builds with `-mod=vendor` or a vendored module (vendor/modules.txt) need no module cache and are left alone. Heredoc bodies are never edited; their RUN line gets the flag. Windows stages (servercore/nanoserver images) are skipped: their builds have no cache mounts.',
  },
  check({ doc, project }) {
    const problems: MissingModCache[] = [];
    for (const { stage, runs } of goStages(doc)) {
      if (!supportsCacheMounts(doc, stage)) continue;
      for (const { run, owner, invocations, heredocInvocations } of runs) {
        const env = goEnvAt(doc, stage, owner);
        const needsModules = [...invocations, ...heredocInvocations].some(
          (go) => resolvesModules(go) && !(go.subcommand !== 'mod download' && (usesVendor(go, env.goflags) || project?.vendored === true)),
        );
        if (!needsModules) continue;
        if (hasCacheMount(run, contextAt(doc, stage, owner).vars, env.gomodcache.path)) continue;
        const mount = cacheMountFlag(env.gomodcache.path, env.user);
        problems.push({
          range: run.keywordRange,
          message: `RUN resolves Go modules without a cache mount on ${env.gomodcache.path}: every build re-downloads them`,
          fixSafety: env.gomodcache.certain && mount.certain ? 'safe' : 'unsafe',
          run,
          flag: mount.flag,
        });
      }
    }
    return problems;
  },
  fix({ doc }, problem) {
    return { edits: [addFlag(doc, problem.run, problem.flag)] };
  },
});
