import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/index.js';
import { cacheMountFlag, cacheReader, hasCacheMount, isWithin } from '../../src/go/cache-mounts.js';
import goBuildCacheMount from '../../src/transforms/go-build-cache-mount.js';
import { project, ruleTester, run } from './tester.js';

const GB = '--mount=type=cache,target=/root/.cache/go-build';

ruleTester(goBuildCacheMount, {
  valid: [
    `FROM golang:1.23\nRUN ${GB} go build -o /app .\n`,
    // Keys in any order, trailing slash, `dst=` alias.
    'FROM golang:1.23\nRUN --mount=target=/root/.cache/go-build/,type=cache go test ./...\n',
    'FROM golang:1.23\nRUN --mount=type=cache,dst=/root/.cache/go-build go vet ./...\n',
    // A cache on a directory above GOCACHE already holds it.
    'FROM golang:1.23\nRUN --mount=type=cache,target=/root/.cache go build ./...\n',
    // Near misses that do not compile: module download, tidy, version, env, fmt, mod graph.
    'FROM golang:1.23\nRUN go mod download\n',
    'FROM golang:1.23\nRUN go mod tidy && go version && go env && go fmt ./... && go mod graph\n',
    // Not a Go stage / not the go binary.
    'FROM alpine:3.20\nRUN apk add --no-cache go-task\n',
    'FROM golang:1.23\nRUN echo go build\n',
    // A bind mount on the path is not a cache.
    { name: 'a tmpfs on a parent is not a cache, but a cache is (both present)', code: 'FROM golang:1.23\nRUN --mount=type=tmpfs,target=/tmp --mount=type=cache,target=/root/.cache/go-build go build .\n' },
    // GOCACHE followed through a variable.
    'FROM golang:1.23\nENV GOCACHE=/cache/build\nRUN --mount=type=cache,target=$GOCACHE go build .\n',
    'FROM golang:1.23\nARG CACHE=/c\nENV GOCACHE=${CACHE}/go\nRUN --mount=type=cache,target=/c/go go build .\n',
    // The cache is off (go refuses to build; nothing to mount) or unreadable on the command itself.
    'FROM golang:1.23\nENV GOCACHE=off\nRUN go build .\n',
    'FROM golang:1.23\nRUN GOCACHE=$(mktemp -d) go build .\n',
    // Vendored projects still compile, but this one already has the mount.
    { code: `FROM golang:1.23\nRUN ${GB} go build -mod=vendor .\n`, project: project({ goMod: 'module x\ngo 1.22\n', vendored: true }) },
    // Windows images: no cache mounts there.
    '# escape=`\nFROM golang:1.22-windowsservercore-ltsc2022\nWORKDIR C:\\src\nRUN go build -o C:\\out\\svc.exe .\n',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN go build .\n',
    // A heredoc's RUN line already carries the mount.
    `FROM golang:1.23\nRUN ${GB} <<EOF\ngo build -o /app .\nEOF\n`,
    // A GOCACHE we cannot read, mounted through the same variable: maybe right, so not reported.
    'FROM golang:1.23\nENV GOCACHE=$UNDEFINED/gc\nRUN --mount=type=cache,target=$GOCACHE go build .\n',
    // A driver RUN that already has the mount.
    `FROM golang:1.23\nRUN ${GB} make build\n`,
    // An image we do not know: an existing build-cache mount where the image may keep it counts.
    'ARG builder_image\nFROM ${builder_image} AS builder\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n',
    'FROM myorg/go-builder:1\nRUN --mount=type=cache,target=/home/ci/.cache/go-build go build -o /app .\n',
    // A stage named through a global ARG is found: the official image's paths.
    { name: 'FROM base-${V} resolves to a stage', code: `ARG V=alpine\nFROM golang:1.22-alpine AS base-alpine\nFROM base-\${V} AS tools\nRUN --mount=type=cache,target=/go/pkg/mod ${GB} go install golang.org/x/tools/cmd/stringer@v0.24.0\n` },
    // A driver with nothing compiled before it in its lineage.
    { name: 'make in a golang stage with no compiling go RUN before it', code: 'FROM golang:1.23\nCOPY . .\nRUN make build\n' },
    // Go before 1.10 has no build cache (GOCACHE came in Go 1.10).
    'FROM golang:1.9\nWORKDIR /go/src/example.com/app\nCOPY . .\nRUN go build -o /app .\n',
    'ARG GO=1.8-alpine\nFROM golang:${GO}\nRUN go install ./...\n',
    // Drivers in a stage with no go.
    'FROM node:20\nRUN make assets && ./scripts/build.sh\n',
  ],
  invalid: [
    // ---- GOPATH mode still compiles with GOCACHE (Go 1.10 and later) ----
    {
      name: 'GO111MODULE=off: the build cache is still used',
      code: 'FROM golang:1.22\nENV GO111MODULE=off\nRUN go build -o /out/x ./cmd/x\n',
      output: `FROM golang:1.22\nENV GO111MODULE=off\nRUN ${GB} go build -o /out/x ./cmd/x\n`,
      errors: [{ line: 3 }],
    },
    {
      name: 'Go 1.10 (GOPATH mode) has the build cache',
      code: 'FROM golang:1.10\nWORKDIR /go/src/example.com/app\nCOPY . .\nRUN go build -o /app .\n',
      output: `FROM golang:1.10\nWORKDIR /go/src/example.com/app\nCOPY . .\nRUN ${GB} go build -o /app .\n`,
      errors: [{ line: 4 }],
    },
    // ---- the cache read out of the image, drivers only after a compiling RUN ----
    {
      name: 'COPY --from of the build cache: no fix for the build that fills it; the stage that copies it in is left alone',
      code: 'FROM golang:1.23 AS warm\nCOPY . .\nRUN go build ./...\nFROM golang:1.23\nCOPY --from=warm /root/.cache/go-build /root/.cache/go-build\nCOPY . .\nRUN go build -o /app .\n',
      output: null,
      errors: [{ line: 3, message: /; not fixed: `COPY --from=warm \/root\/\.cache\/go-build \/root\/\.cache\/go-build` copies the cache directory out of the image/ }],
      unsafe: true,
    },
    {
      name: 'a driver after a compiling go RUN is reported; one in a stage with nothing compiled before is not',
      code: 'FROM golang:1.23 AS a\nRUN go build -o /app .\nRUN make test\nFROM golang:1.23 AS b\nRUN go mod download\nRUN make\n',
      output: `FROM golang:1.23 AS a\nRUN ${GB} go build -o /app .\nRUN ${GB} make test\nFROM golang:1.23 AS b\nRUN go mod download\nRUN make\n`,
      errors: [{ line: 2 }, { line: 3 }],
      unsafe: true,
    },
    {
      name: 'an image we do not know: go\'s default HOME/.cache/go-build is a guess (unsafe, said so)',
      code: 'ARG builder_image\nFROM ${builder_image} AS builder\nRUN go build -o /app .\n',
      output: null,
      errors: [{ line: 3, message: /without a cache mount on \/root\/\.cache\/go-build: .*; not fixed by default: the base image is neither the official golang image nor a distro image and may set its own Go paths, so \/root\/\.cache\/go-build is only go's default$/ }],
    },
    {
      name: 'an image we do not know, --unsafe-fixes',
      code: 'FROM registry.example.com/ci/go-builder:1\nRUN go build -o /app .\n',
      output: `FROM registry.example.com/ci/go-builder:1\nRUN ${GB} go build -o /app .\n`,
      errors: [{ line: 2 }],
      unsafe: true,
    },
    {
      code: 'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n',
      output: `FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN ${GB} CGO_ENABLED=0 go build -o /out/app .\n`,
      errors: [{ line: 6, message: /^RUN compiles Go without a cache mount on \/root\/\.cache\/go-build: every build recompiles every package from scratch$/ }],
    },
    {
      name: 'every compiling subcommand: test, install, run, vet, generate, list',
      code: 'FROM golang:1.23\nRUN go test ./...\nRUN go install ./cmd/...\nRUN go run ./gen\nRUN go vet ./...\nRUN go generate ./...\nRUN go list -m all\n',
      output: `FROM golang:1.23\nRUN ${GB} go test ./...\nRUN ${GB} go install ./cmd/...\nRUN ${GB} go run ./gen\nRUN ${GB} go vet ./...\nRUN ${GB} go generate ./...\nRUN ${GB} go list -m all\n`,
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }, { line: 5 }, { line: 6 }, { line: 7 }],
    },
    {
      name: 'added after an existing module-cache mount, continuation kept',
      code: 'FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    go build ./...\n',
      output: `FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod ${GB} \\\n    go build ./...\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'follows ENV GOCACHE',
      code: 'FROM golang:1.23\nENV GOCACHE=/cache/build\nRUN go build .\n',
      output: 'FROM golang:1.23\nENV GOCACHE=/cache/build\nRUN --mount=type=cache,target=/cache/build go build .\n',
      errors: [{ line: 3, message: /\/cache\/build/ }],
    },
    {
      name: 'follows XDG_CACHE_HOME',
      code: 'FROM golang:1.23\nENV XDG_CACHE_HOME=/xdg\nRUN go build .\n',
      output: 'FROM golang:1.23\nENV XDG_CACHE_HOME=/xdg\nRUN --mount=type=cache,target=/xdg/go-build go build .\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'follows HOME',
      code: 'FROM golang:1.23\nENV HOME=/home/app\nRUN go build .\n',
      output: 'FROM golang:1.23\nENV HOME=/home/app\nRUN --mount=type=cache,target=/home/app/.cache/go-build go build .\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'GOCACHE assigned on the command wins over the stage',
      code: 'FROM golang:1.23\nENV GOCACHE=/a\nRUN GOCACHE=/b go build .\n',
      output: 'FROM golang:1.23\nENV GOCACHE=/a\nRUN --mount=type=cache,target=/b GOCACHE=/b go build .\n',
      errors: [{ line: 3, message: /on \/b:/ }],
    },
    {
      name: 'two go commands with different caches: one mount each',
      code: 'FROM golang:1.23\nRUN GOCACHE=/a go build . && go test ./...\n',
      output: `FROM golang:1.23\nRUN --mount=type=cache,target=/a ${GB} GOCACHE=/a go build . && go test ./...\n`,
      errors: [{ line: 2, message: /on \/a:/ }, { line: 2, message: /go-build/ }],
    },
    {
      name: 'a numeric non-root user owns the cache; its HOME must be known for a safe fix',
      code: 'FROM golang:1.23\nENV HOME=/home/app\nUSER 1000:1000\nRUN go build .\n',
      output: 'FROM golang:1.23\nENV HOME=/home/app\nUSER 1000:1000\nRUN --mount=type=cache,target=/home/app/.cache/go-build,uid=1000,gid=1000 go build .\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'a numeric user without HOME: the cache path is a guess (unsafe), applied only on request',
      code: 'FROM golang:1.23\nUSER 1000\nRUN go build .\n',
      output: 'FROM golang:1.23\nUSER 1000\nRUN --mount=type=cache,target=/.cache/go-build,uid=1000,gid=1000 go build .\n',
      errors: [{ line: 3 }],
      unsafe: true,
    },
    {
      name: 'a named user nobody creates: owner unknown, so no fix at all (a root-owned cache would break the build)',
      code: 'FROM golang:1.23\nUSER builder\nRUN go build .\n',
      output: null,
      errors: [{ line: 3, message: /\/home\/builder\/\.cache\/go-build.*`--mount=type=cache,target=\/home\/builder\/\.cache\/go-build,uid=<your uid>,gid=<your gid>`/ }],
      unsafe: true,
    },
    {
      name: 'an ENV that cannot be expanded: the directory is unknown, so no fix, even unsafe',
      code: 'FROM golang:1.23\nENV GOCACHE=$UNDEFINED/gocache\nRUN go build .\n',
      output: null,
      errors: [{ line: 3, message: /GOCACHE comes from a variable this file does not define/ }],
      unsafe: true,
    },
    {
      name: 'ONBUILD RUN: unsafe (the trigger runs in the child build), applied on request',
      code: 'FROM golang:1.23\nONBUILD RUN go install ./...\n',
      output: `FROM golang:1.23\nONBUILD RUN ${GB} go install ./...\n`,
      errors: [{ line: 2 }],
      unsafe: true,
    },
    {
      name: 'ONBUILD RUN: not fixed by --write',
      code: 'FROM golang:1.23\nONBUILD RUN go install ./...\n',
      output: null,
      errors: [{ line: 2 }],
    },
    {
      name: 'numeric USER of an account useradd created with a home: HOME is that home, not /',
      code: 'FROM golang:1.22-bookworm\nRUN useradd --uid 10001 --create-home builder\nUSER 10001:10001\nRUN go build .\n',
      output: 'FROM golang:1.22-bookworm\nRUN useradd --uid 10001 --create-home builder\nUSER 10001:10001\nRUN --mount=type=cache,target=/home/builder/.cache/go-build,uid=10001,gid=10001 go build .\n',
      errors: [{ line: 4, message: /\/home\/builder\/\.cache\/go-build/ }],
    },
    {
      name: 'useradd -d sets the home',
      code: 'FROM golang:1.22\nRUN useradd -u 10001 -m -d /opt/b builder\nUSER builder\nRUN go build .\n',
      output: 'FROM golang:1.22\nRUN useradd -u 10001 -m -d /opt/b builder\nUSER builder\nRUN --mount=type=cache,target=/opt/b/.cache/go-build,uid=10001,gid=10001 go build .\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'busybox adduser: /home/<name>, or -h',
      code: 'FROM golang:1.22-alpine\nRUN adduser -D -u 1000 app && adduser -D -H -h /srv -u 1001 svc\nUSER app\nRUN go build .\nUSER svc\nRUN go build .\n',
      output:
        'FROM golang:1.22-alpine\nRUN adduser -D -u 1000 app && adduser -D -H -h /srv -u 1001 svc\nUSER app\nRUN --mount=type=cache,target=/home/app/.cache/go-build,uid=1000,gid=1000 go build .\nUSER svc\nRUN --mount=type=cache,target=/srv/.cache/go-build,uid=1001,gid=1001 go build .\n',
      errors: [{ line: 4 }, { line: 6 }],
    },
    {
      name: 'Debian adduser --system: home is /nonexistent or /home/<name> depending on the version: unsafe',
      code: 'FROM golang:1.22\nRUN adduser --system --uid 999 app\nUSER app\nRUN go build .\n',
      output: null,
      errors: [{ line: 4 }],
    },
    {
      name: 'nobody in an alpine image has HOME=/',
      code: 'FROM golang:1.22-alpine\nUSER nobody\nRUN go build .\n',
      output: 'FROM golang:1.22-alpine\nUSER nobody\nRUN --mount=type=cache,target=/.cache/go-build,uid=65534,gid=65534 go build .\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'go env -w GOCACHE in an earlier RUN is followed',
      code: 'FROM golang:1.23\nRUN go env -w GOCACHE=/cache/gb\nRUN go build .\n',
      output: 'FROM golang:1.23\nRUN go env -w GOCACHE=/cache/gb\nRUN --mount=type=cache,target=/cache/gb go build .\n',
      errors: [{ line: 3, message: /\/cache\/gb/ }],
    },
    {
      name: 'go build then make test: the build alone is not fixed by --write',
      code: 'FROM golang:1.23\nCOPY . .\nRUN go build -o /app .\nRUN make test\n',
      output: null,
      errors: [{ line: 3, message: /not fixed by default: a later RUN runs `make`/ }, { line: 4, message: /^RUN runs `make`, which may run go, without a cache mount on \/root\/\.cache\/go-build: if it compiles Go, every build recompiles every package from scratch$/ }],
    },
    {
      name: 'go build then make test, --unsafe-fixes: both mounted',
      code: 'FROM golang:1.23\nCOPY . .\nRUN go build -o /app .\nRUN make test\n',
      output: `FROM golang:1.23\nCOPY . .\nRUN ${GB} go build -o /app .\nRUN ${GB} make test\n`,
      errors: [{ line: 3 }, { line: 4 }],
      unsafe: true,
    },
    {
      name: 'a later RUN as another user uses another cache: it does not hold the first back, and nothing mounts its cache before it',
      code: 'FROM golang:1.23\nRUN go build -o /app .\nRUN useradd -u 1000 -m app\nUSER app\nRUN ./scripts/test.sh\n',
      output: `FROM golang:1.23\nRUN ${GB} go build -o /app .\nRUN useradd -u 1000 -m app\nUSER app\nRUN ./scripts/test.sh\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'exec form with a shell: the script is read',
      code: 'FROM golang:1.23\nRUN ["/bin/sh","-c","go build -o /app ."]\n',
      output: `FROM golang:1.23\nRUN ${GB} ["/bin/sh","-c","go build -o /app ."]\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'flags on their own continuation lines: the new one gets its own line, same indentation',
      code: 'FROM golang:1.23\nRUN --mount=type=bind,target=. \\\n    --mount=type=cache,target=/go/pkg/mod \\\n    go build -o /app .\n',
      output: `FROM golang:1.23\nRUN --mount=type=bind,target=. \\\n    --mount=type=cache,target=/go/pkg/mod \\\n    ${GB} \\\n    go build -o /app .\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'a heredoc body is never edited; its RUN line gets the mount',
      code: 'FROM golang:1.23\nRUN <<EOF\nset -e\ngo build -o /app .\nEOF\n',
      output: `FROM golang:1.23\nRUN ${GB} <<EOF\nset -e\ngo build -o /app .\nEOF\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'exec form',
      code: 'FROM golang:1.23\nRUN ["go", "build", "-o", "/app", "."]\n',
      output: `FROM golang:1.23\nRUN ${GB} ["go", "build", "-o", "/app", "."]\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'CRLF and a comment inside the continuation are kept',
      code: 'FROM golang:1.23\r\nRUN CGO_ENABLED=0 \\\r\n# static\r\n    go build -o /app .\r\n',
      output: `FROM golang:1.23\r\nRUN ${GB} CGO_ENABLED=0 \\\r\n# static\r\n    go build -o /app .\r\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'vendored builds still compile',
      code: 'FROM golang:1.23\nRUN go build -mod=vendor -o /app .\n',
      output: `FROM golang:1.23\nRUN ${GB} go build -mod=vendor -o /app .\n`,
      errors: [{ line: 2 }],
      project: project({ goMod: 'module x\ngo 1.22\n', vendored: true }),
    },
    {
      name: 'a stage built FROM a Go stage inherits its ENV; only Go stages are touched',
      code: 'FROM golang:1.23 AS base\nENV GOCACHE=/gc\nFROM base AS test\nRUN go test ./...\nFROM alpine:3.20\nRUN echo done\n',
      output: 'FROM golang:1.23 AS base\nENV GOCACHE=/gc\nFROM base AS test\nRUN --mount=type=cache,target=/gc go test ./...\nFROM alpine:3.20\nRUN echo done\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'go installed in a non-golang image, as root',
      code: 'FROM debian:bookworm\nRUN /usr/local/go/bin/go build -o /app .\n',
      output: `FROM debian:bookworm\nRUN ${GB} /usr/local/go/bin/go build -o /app .\n`,
      errors: [{ line: 2 }],
    },
  ],
});

describe('cache-mounts helpers', () => {
  it('isWithin: same path, below, never a sibling with a common prefix', () => {
    expect(isWithin('/root/.cache/go-build', '/root/.cache/go-build/')).toBe(true);
    expect(isWithin('/root/.cache/go-build', '/root/.cache')).toBe(true);
    expect(isWithin('/root/.cache/go-build', '/root/.cach')).toBe(false);
    expect(isWithin('/root/.cache', '/root/.cache/go-build')).toBe(false);
    // A cache on / is not a cache of everything.
    expect(isWithin('/go/pkg/mod', '/')).toBe(false);
  });
  it('hasCacheMount expands the target and ignores other mount types', () => {
    const doc = parseDockerfile('FROM golang\nRUN --mount=type=bind,target=/go --mount=type=cache,target=$C go build\n');
    const run = doc.instructions[1]!;
    expect(hasCacheMount(run, new Map([['C', '/cache']]), '/cache/go-build')).toBe(true);
    expect(hasCacheMount(run, new Map(), '/go/pkg/mod')).toBe(false);
  });
  it('cacheReader: words naming the cache, not rm, not go, not a sibling path', () => {
    const reader = (run: string, vars: Array<[string, string]> = []): string | null => {
      const doc = parseDockerfile(`FROM golang\nRUN ${run}\n`);
      return cacheReader(doc, doc.instructions[1]!, new Map(vars), '/go/pkg/mod', /\$\{?GOMODCACHE\b|go env GOMODCACHE/);
    };
    expect(reader('cp -r /go/pkg/mod/github.com/x /y')).toBe('cp -r /go/pkg/mod/github.com/x /y');
    expect(reader('protoc --proto_path=/go/pkg/mod/x a.proto')).not.toBeNull();
    expect(reader('protoc -I/go/pkg/mod/x a.proto')).not.toBeNull();
    expect(reader('ls "$MODS"', [['MODS', '/go/pkg/mod']])).not.toBeNull();
    expect(reader('sh -c "cp -r $GOMODCACHE/x /y"')).not.toBeNull();
    expect(reader('rm -rf /go/pkg/mod')).toBeNull();
    expect(reader('go clean -modcache')).toBeNull();
    expect(reader('ls /go/pkg/modules /x/go/pkg/mod /go/pkg')).toBeNull();
  });

  it('cacheMountFlag adds uid/gid for a numeric user', () => {
    const user = { name: '1000', uid: '1000', gid: '1000', root: false, home: null, homeCertain: false, certain: true };
    expect(cacheMountFlag('/c', user)).toEqual({ flag: '--mount=type=cache,target=/c,uid=1000,gid=1000', certain: true });
    expect(cacheMountFlag('/c', { ...user, gid: null })).toEqual({ flag: '--mount=type=cache,target=/c,uid=1000', certain: true });
    expect(cacheMountFlag('/c', { ...user, certain: false }).certain).toBe(false);
    // A uid nobody can know: no flag at all (a root-owned cache would not be writable).
    expect(cacheMountFlag('/c', { ...user, name: 'app', uid: null, gid: null })).toEqual({ flag: null, certain: false });
  });
});

describe('go-build-cache-mount docs', () => {
  it('the after example is what the rule makes of the before example', () => {
    expect(run(goBuildCacheMount, { code: goBuildCacheMount.docs.before }).output).toBe(goBuildCacheMount.docs.after);
  });
});
