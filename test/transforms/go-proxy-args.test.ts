import { describe, expect, it } from 'vitest';
import goProxyArgs from '../../src/transforms/go-proxy-args.js';
import { project, ruleTester, run } from './tester.js';

const CN = 'https://goproxy.cn,direct';

ruleTester(goProxyArgs, {
  valid: [
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nRUN go mod download\n',
    // A global default re-declared in the stage.
    'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23\nARG GOPROXY\nRUN go mod download\n',
    // No Go in the stage: its ENV is not about module downloads.
    'FROM alpine:3.20\nENV GOPROXY=https://goproxy.cn\nRUN apk add --no-cache git\n',
    // Go commands that resolve no modules.
    'FROM golang:1.23\nRUN go version && go env\n',
    // Vendored builds download nothing.
    'FROM golang:1.23\nRUN go build -mod=vendor ./...\n',
    { code: 'FROM golang:1.23\nRUN go build ./...\n', project: project({ goMod: 'module x\ngo 1.22\n', vendored: true }) },
    // Values on the RUN itself count as present.
    'FROM golang:1.23\nRUN GOPROXY=https://goproxy.cn,direct go mod download\n',
    'FROM golang:1.23\nRUN env GOPROXY=https://goproxy.cn,direct go mod download\n',
    'FROM golang:1.23\nRUN export GOPROXY=https://goproxy.cn,direct && go mod download\n',
    'FROM golang:1.23\nRUN go env -w GOPROXY=https://goproxy.cn,direct && go mod download\n',
    'FROM golang:1.23\nRUN ["env", "GOPROXY=https://goproxy.cn,direct", "go", "mod", "download"]\n',
    // ENV taken from an ARG is overridable: not hard-coded.
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nENV GOPROXY=${GOPROXY}\nRUN go mod download\n',
    // A stage built FROM one that declares it: BuildKit carries a stage's ARGs, with their values,
    // into the stages built FROM it (moby/buildkit#5381 corrected the reference to say so).
    'FROM golang:1.23 AS build\nARG GOPROXY=https://proxy.golang.org,direct\nRUN go mod download\nFROM build AS test\nRUN go test ./...\n',
    // ... also when the base stage itself runs no go command.
    'FROM golang:1.23 AS base\nARG GOPROXY=https://proxy.golang.org,direct\nWORKDIR /src\nFROM base AS build\nCOPY . .\nRUN go build -o /app .\n',
    // ... and a bare ARG in the base that takes the global default.
    'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23 AS base\nARG GOPROXY\nFROM base AS build\nRUN go build -o /app .\n',
    // The corpus case test-stage-from-builder once fixed: `test` and `build` inherit base's ARG.
    'FROM golang:1.23 AS base\nARG GOPROXY=https://proxy.golang.org,direct\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\n\nFROM base AS test\nCOPY . .\nRUN go vet ./... && go test -race ./...\n\nFROM base AS build\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/svc ./cmd/svc\n',
    // GOPROXY=off after the modules are downloaded is a deliberate offline build.
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nRUN go mod download\nRUN GOPROXY=off go build -o /app .\n',
    // ... and with a vendor directory there is no download at all.
    'FROM golang:1.23\nENV GOPROXY=off\nRUN go build -mod=vendor -o /app .\n',
    // `|` falls through on any error: a valid list.
    'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn|https://proxy.golang.org|direct\nRUN go mod download\n',
    { code: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nRUN go mod download\n', settings: { proxy: CN } },
    // ONBUILD settings and RUNs belong to a later build.
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nONBUILD ENV GOPROXY=https://goproxy.io\nRUN go mod download\n',
    'FROM golang:1.23\nONBUILD RUN go mod download\n',
    // GOSUMDB=off is gosumdb-off's business, even with --sumdb.
    { code: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOSUMDB=off\nRUN go mod download\n', settings: { sumdb: 'sum.golang.google.cn' } },
    // A bare shell assignment is not exported, but the ARG is there.
    'FROM golang:1.23\nARG GOPROXY\nRUN X=1; go mod download\n',
    // Values go accepts: it adds https:// to a host without a scheme, and skips empty entries.
    'FROM golang:1.23\nRUN GOPROXY=goproxy.cn go mod download\n',
    'FROM golang:1.23\nARG GOPROXY=goproxy.cn,direct\nRUN go mod download\n',
    'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,,direct\nRUN go mod download\n',
    'FROM golang:1.23\nARG GOPROXY=athens.corp:3000|direct\nRUN go mod download\n',
    'FROM golang:1.23\nARG GOPROXY=file:///srv/goproxy\nRUN go mod download\n',
    // An empty GOPROXY is go's default.
    'FROM golang:1.23\nARG GOPROXY=\nRUN go mod download\n',
    // Declared before the first download, re-declared after it: the first one reached it.
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nRUN go mod download\nARG GOPROXY=https://goproxy.cn,direct\nRUN go build .\n',
    // An ARG after go commands that resolve no modules is not late.
    'FROM golang:1.23\nRUN go version\nARG GOPROXY=https://goproxy.cn,direct\nRUN go build .\n',
    // Set on the first download itself, declared later for the rest.
    'FROM golang:1.23\nRUN GOPROXY=https://goproxy.cn,direct go mod download\nARG GOPROXY=https://goproxy.cn,direct\nRUN go build .\n',
    // Inherited from the base stage; the late one only changes what comes after it.
    'FROM golang:1.23 AS base\nARG GOPROXY=https://goproxy.cn,direct\nFROM base\nRUN go build .\nARG GOPROXY=https://goproxy.io,direct\n',
    // GOPROXY=off where the module cache comes from another stage: the standard offline build.
    'FROM golang:1.22 AS deps\nARG GOPROXY=https://proxy.golang.org,direct\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM golang:1.22 AS build\nCOPY --from=deps /go/pkg/mod /go/pkg/mod\nWORKDIR /src\nCOPY . .\nRUN GOPROXY=off go build -o /app .\n',
    'FROM golang:1.22 AS deps\nARG GOPROXY=https://proxy.golang.org,direct\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM golang:1.22 AS build\nCOPY --from=deps /go /go\nWORKDIR /src\nCOPY . .\nRUN GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=0 go build -o /app .\n',
    'FROM golang:1.22 AS build\nARG GOPROXY=off\nENV GOMODCACHE=/cache/mod\nCOPY --from=ghcr.io/acme/modcache:v1 /mod /cache/mod\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    // ... bind-mounted from that stage ...
    'FROM golang:1.22 AS deps\nARG GOPROXY=https://proxy.golang.org,direct\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN --mount=type=bind,from=deps,source=/go/pkg/mod,target=/go/pkg/mod GOPROXY=off go build -o /app .\n',
    // ... or a cache mount a stage it depends on fills (same id).
    'FROM golang:1.22 AS deps\nARG GOPROXY=https://proxy.golang.org,direct\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,id=gomod,target=/go/pkg/mod go mod download\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY --from=deps /src/go.sum ./\nCOPY . .\nRUN --mount=type=cache,id=gomod,target=/go/pkg/mod GOPROXY=off go build -o /app .\n',
    // Private-module access with GOPRIVATE (or GONOSUMDB/GONOPROXY) in effect, declared bare for CI,
    // or GOSUMDB=off (gosumdb-off's business).
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nARG GOPRIVATE=github.com/acme/*\nRUN --mount=type=ssh go mod download\n',
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nARG GONOSUMDB\nRUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\n',
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nRUN go env -w GOPRIVATE=gitlab.corp.example/*\nRUN git config --global url."git@gitlab.corp.example:".insteadOf "https://gitlab.corp.example/"\nRUN --mount=type=ssh go mod download\n',
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nRUN --mount=type=ssh GOPRIVATE=github.com/acme go mod download\n',
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nARG GOSUMDB=off\nRUN --mount=type=ssh go mod download\n',
    'FROM golang:1.23 AS base\nARG GOPROXY=https://proxy.golang.org,direct\nARG GOPRIVATE=github.com/acme/*\nFROM base AS build\nRUN --mount=type=ssh go mod download\nFROM scratch\n',
    // A secret that is not a netrc (an npm token, say) says nothing about Go modules.
    'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc go mod download\n',
    // GOPATH mode resolves no modules: GO111MODULE=off in the stage or a stage it is built FROM ...
    'FROM golang:1.22\nENV GO111MODULE=off\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/x ./cmd/x\n',
    'FROM golang:1.22 AS base\nENV GO111MODULE=off\nFROM base AS tool\nRUN go build -o /out/x ./cmd/x\n',
    'FROM golang:1.22\nRUN GO111MODULE=off go build -o /out/x ./cmd/x\n',
    // ... and golang images before modules, or 1.11/1.12 inside GOPATH/src without GO111MODULE=on.
    'FROM golang:1.10\nWORKDIR /go/src/example.com/app\nCOPY . .\nRUN go build -o /app .\n',
    'FROM golang:1.12-alpine\nWORKDIR /go/src/app\nCOPY . .\nRUN go get -d ./... && go build .\n',
  ],
  invalid: [
    {
      name: 'a missing ARG gets Go\'s own default on the official image',
      code: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n',
      output: 'FROM golang:1.23 AS build\nARG GOPROXY=https://proxy.golang.org,direct\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n',
      errors: [{ line: 1, message: /stage "build" resolves Go modules but declares no ARG GOPROXY: CI cannot switch to a reachable proxy/ }],
    },
    {
      name: 'goes after the ARGs that follow the FROM',
      code: 'FROM --platform=$BUILDPLATFORM golang:1.23\nARG TARGETOS\nARG TARGETARCH\nRUN GOOS=$TARGETOS go build -o /app .\n',
      output: 'FROM --platform=$BUILDPLATFORM golang:1.23\nARG TARGETOS\nARG TARGETARCH\nARG GOPROXY=https://proxy.golang.org,direct\nRUN GOOS=$TARGETOS go build -o /app .\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'a non-golang image gets no default (its own default stays in effect)',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache go\nRUN go build -o /app .\n',
      output: 'FROM alpine:3.20\nARG GOPROXY\nRUN apk add --no-cache go\nRUN go build -o /app .\n',
      errors: [{ line: 1, message: /stage 0 / }],
    },
    {
      name: 'Go before 1.13 has no GOPROXY list: no default',
      code: 'FROM golang:1.12-alpine\nWORKDIR /app\nRUN go build .\n',
      output: 'FROM golang:1.12-alpine\nARG GOPROXY\nWORKDIR /app\nRUN go build .\n',
      errors: [{ line: 1 }],
    },
    {
      name: '--proxy, --sumdb and --private become the defaults',
      code: 'FROM golang:1.23\nRUN go mod download\n',
      settings: { proxy: CN, sumdb: 'sum.golang.google.cn', private: 'example.com/corp/*' },
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOSUMDB=sum.golang.google.cn\nARG GOPRIVATE=example.com/corp/*\nRUN go mod download\n',
      errors: [{ line: 1, message: /no ARG GOPROXY/ }, { line: 1, message: /no ARG GOSUMDB/ }, { line: 1, message: /no ARG GOPRIVATE/ }],
    },
    {
      name: 'a sumdb with a key and URL is quoted',
      code: 'FROM golang:1.23\nARG GOPROXY=https://athens.example.com\nRUN go mod download\n',
      settings: { sumdb: 'sum.example.com+abc https://sum.example.com' },
      output: 'FROM golang:1.23\nARG GOPROXY=https://athens.example.com\nARG GOSUMDB="sum.example.com+abc https://sum.example.com"\nRUN go mod download\n',
      errors: [{ line: 1, message: /no ARG GOSUMDB/ }],
    },
    {
      name: 'lower-case keywords stay lower-case, CRLF stays CRLF',
      code: 'from golang:1.23\r\nrun go mod download\r\n',
      output: 'from golang:1.23\r\narg GOPROXY=https://proxy.golang.org,direct\r\nrun go mod download\r\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'only the first downloading stage of a FROM chain gets it',
      code: 'FROM golang:1.23 AS base\nRUN go mod download\nFROM base AS test\nRUN go test ./...\n',
      output: 'FROM golang:1.23 AS base\nARG GOPROXY=https://proxy.golang.org,direct\nRUN go mod download\nFROM base AS test\nRUN go test ./...\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'the global ARG trap: re-declared in every stage that downloads',
      code: 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23 AS build\nRUN go mod download\nFROM golang:1.23 AS lint\nRUN go vet ./...\nFROM alpine\nRUN echo done\n',
      output:
        'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23 AS build\nARG GOPROXY\nRUN go mod download\nFROM golang:1.23 AS lint\nARG GOPROXY\nRUN go vet ./...\nFROM alpine\nRUN echo done\n',
      errors: [
        { line: 2, message: /the global ARG GOPROXY is not visible in stage "build": an ARG before the first FROM only reaches FROM lines/ },
        { line: 4, message: /stage "lint"/ },
      ],
    },
    {
      name: 'a global ARG without a default: --build-arg does not reach the stage either',
      code: 'ARG GOPROXY\nFROM golang:1.23\nRUN go mod download\n',
      output: 'ARG GOPROXY\nFROM golang:1.23\nARG GOPROXY\nRUN go mod download\n',
      errors: [{ line: 2, message: /--build-arg GOPROXY never reaches it/ }],
    },
    {
      name: 'the trap with a global GOPROXY=off: re-declaring it would break the build, so unsafe',
      code: 'ARG GOPROXY=off\nFROM golang:1.23\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: /not visible/ }],
    },
    {
      name: '... and once applied, the off value is an error',
      code: 'ARG GOPROXY=off\nFROM golang:1.23\nRUN go mod download\n',
      unsafe: true,
      output: 'ARG GOPROXY=off\nFROM golang:1.23\nARG GOPROXY\nRUN go mod download\n',
      errors: [{ line: 1, message: /GOPROXY=off forbids module downloads, but `go mod download` in stage 0 needs them/ }, { line: 2, message: /not visible/ }],
    },
    {
      name: 'ENV GOPROXY=$GOPROXY with no ARG behind it',
      code: 'FROM golang:1.23\nWORKDIR /src\nENV GOPROXY=${GOPROXY}\nRUN go mod download\n',
      output: 'FROM golang:1.23\nARG GOPROXY\nWORKDIR /src\nENV GOPROXY=${GOPROXY}\nRUN go mod download\n',
      errors: [{ line: 3, message: /ENV GOPROXY=\$\{GOPROXY\} reads an ARG GOPROXY that stage 0 never declares/ }],
    },
    {
      name: 'ENV GOPROXY=$GOPROXY with only a global ARG: the trap',
      code: 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23\nENV GOPROXY=$GOPROXY\nRUN go mod download\n',
      output: 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23\nARG GOPROXY\nENV GOPROXY=$GOPROXY\nRUN go mod download\n',
      errors: [{ line: 2, message: /global ARG GOPROXY/ }],
    },
    {
      name: 'a hard-coded ENV in a builder stage becomes an ARG (safe)',
      code: 'FROM golang:1.23 AS build\nENV GOPROXY=https://goproxy.cn,direct\nRUN go mod download\nFROM alpine:3.20\nCOPY --from=build /go/bin/app /app\n',
      output: 'FROM golang:1.23 AS build\nARG GOPROXY=https://goproxy.cn,direct\nRUN go mod download\nFROM alpine:3.20\nCOPY --from=build /go/bin/app /app\n',
      errors: [{ line: 2, message: /ENV GOPROXY is hard-coded: CI cannot override it with --build-arg/ }],
    },
    {
      name: 'a hard-coded ENV in the last stage persists into the image: unsafe',
      code: 'FROM golang:1.23\nENV GOPROXY="https://goproxy.cn,direct"\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: /hard-coded/ }],
    },
    {
      name: '... applied with unsafe fixes, keeping the value as written',
      code: 'FROM golang:1.23\nENV GOPROXY="https://goproxy.cn,direct"\nRUN go mod download\n',
      unsafe: true,
      output: 'FROM golang:1.23\nARG GOPROXY="https://goproxy.cn,direct"\nRUN go mod download\n',
      errors: [{ line: 2, message: /hard-coded/ }],
    },
    {
      name: 'one of several assignments moves to its own ARG line',
      code: 'FROM golang:1.23 AS build\nENV CGO_ENABLED=0 GOPROXY=https://goproxy.cn,direct GOFLAGS=-mod=mod\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
      output:
        'FROM golang:1.23 AS build\nENV CGO_ENABLED=0 GOFLAGS=-mod=mod\nARG GOPROXY=https://goproxy.cn,direct\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'an ENV that sets only our variables becomes one ARG',
      code: 'FROM golang:1.23 AS build\nENV GOPROXY=https://goproxy.cn,direct GONOSUMDB=example.com/corp\nRUN go mod download\nFROM scratch\n',
      output: 'FROM golang:1.23 AS build\nARG GOPROXY=https://goproxy.cn,direct GONOSUMDB=example.com/corp\nRUN go mod download\nFROM scratch\n',
      errors: [{ line: 2, message: /ENV GOPROXY/ }, { line: 2, message: /ENV GONOSUMDB/ }],
    },
    {
      name: 'the legacy ENV form',
      code: 'FROM golang:1.23 AS build\nENV GOPROXY https://goproxy.cn,direct\nRUN go mod download\nFROM scratch\n',
      output: 'FROM golang:1.23 AS build\nARG GOPROXY=https://goproxy.cn,direct\nRUN go mod download\nFROM scratch\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'a continued ENV with several assignments is declined',
      code: 'FROM golang:1.23 AS build\nENV CGO_ENABLED=0 \\\n    GOPROXY=https://goproxy.cn,direct\nRUN go mod download\nFROM scratch\n',
      unsafe: true,
      output: null,
      errors: [{ line: 3, message: /hard-coded/ }],
    },
    {
      name: 'an ENV in a stage used as a base: unsafe (it is inherited)',
      code: 'FROM golang:1.23 AS base\nENV GONOSUMDB=example.com/corp\nFROM base AS build\nARG GOPROXY\nRUN go mod download\nFROM scratch\n',
      output: null,
      errors: [{ line: 2, message: /ENV GONOSUMDB is hard-coded/ }],
    },
    {
      name: '--proxy replaces an existing ARG default (safe)',
      code: 'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nRUN go mod download\n',
      settings: { proxy: CN },
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nRUN go mod download\n',
      errors: [{ line: 2, message: /GOPROXY=https:\/\/proxy.golang.org,direct differs from the requested GOPROXY=https:\/\/goproxy.cn,direct/ }],
    },
    {
      name: '--proxy on a hard-coded ENV in the last stage: the value changes, the ENV stays',
      code: 'FROM golang:1.23\nENV GOPROXY=https://proxy.golang.org\nRUN go mod download\n',
      settings: { proxy: CN },
      output: 'FROM golang:1.23\nENV GOPROXY=https://goproxy.cn,direct\nRUN go mod download\n',
      errors: [{ line: 2, message: /differs/ }, { line: 2, message: /hard-coded/ }],
    },
    {
      name: '--proxy replaces a value on the RUN, quoted for the shell',
      code: 'FROM golang:1.23\nRUN GOPROXY=https://proxy.golang.org go mod download\n',
      settings: { proxy: 'https://goproxy.cn|https://goproxy.io|direct' },
      output: "FROM golang:1.23\nRUN GOPROXY='https://goproxy.cn|https://goproxy.io|direct' go mod download\n",
      errors: [{ line: 2, message: /differs/ }],
    },
    {
      name: '--proxy gives a bare ARG a default',
      code: 'FROM golang:1.23\nARG GOPROXY\nRUN go mod download\n',
      settings: { proxy: CN },
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nRUN go mod download\n',
      errors: [{ line: 2, message: /ARG GOPROXY has no default/ }],
    },
    {
      name: '--proxy changes the global default the stage re-declares',
      code: 'ARG GOPROXY=https://proxy.golang.org,direct\nFROM golang:1.23\nARG GOPROXY\nRUN go mod download\n',
      settings: { proxy: CN },
      output: 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23\nARG GOPROXY\nRUN go mod download\n',
      errors: [{ line: 1, message: /differs/ }],
    },
    {
      name: 'a malformed GOPROXY is an error, reported only without --proxy',
      code: 'FROM golang:1.23\nARG GOPROXY=goproxy\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: 'GOPROXY=goproxy is malformed (invalid GOPROXY entry "goproxy": missing scheme (write https://host or direct/off)): every go command that downloads modules fails' }],
    },
    {
      name: 'a malformed GOPROXY is replaced with --proxy',
      code: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,mirror\nRUN go mod download\n',
      settings: { proxy: CN },
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nRUN go mod download\n',
      errors: [{ line: 2, message: /"mirror": missing scheme/ }],
    },
    {
      name: 'separators only: no entries at all',
      code: 'FROM golang:1.23\nENV GOPROXY=,\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: /GOPROXY list is not the empty string, but contains no entries/ }, { line: 2, message: /hard-coded/ }],
    },
    {
      name: 'an absolute path is not a URL (go wants file://)',
      code: 'FROM golang:1.23\nARG GOPROXY=/srv/goproxy\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: /"\/srv\/goproxy": missing scheme/ }],
    },
    {
      name: 'credentials in a proxy URL are never printed',
      code: 'FROM golang:1.23\nARG GOPROXY="ftp://ci:s3cret@athens.example.com/goproxy"\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: /^(?!.*s3cret).*ftp:\/\/\*\*\*@athens\.example\.com.*scheme must be https, http or file/ }],
    },
    {
      name: 'GOPROXY=off where the first download happens is an error',
      code: 'FROM golang:1.23\nENV GOPROXY=off\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: /GOPROXY=off forbids module downloads, but `go mod download` in stage 0 needs them: the build fails/ }, { line: 2, message: /hard-coded/ }],
    },
    {
      name: 'GOPROXY=off inline on the first download',
      code: 'FROM golang:1.23\nARG GOPROXY\nRUN GOPROXY=off go mod download\n',
      settings: { proxy: CN },
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nRUN GOPROXY=https://goproxy.cn,direct go mod download\n',
      errors: [{ line: 2, message: /has no default/ }, { line: 3, message: /GOPROXY=off forbids/ }],
    },
    {
      name: 'a setting in a heredoc body is reported, never edited',
      code: 'FROM golang:1.23\nARG GOPROXY\nRUN <<EOF\nGOPROXY=proxy go mod download\nEOF\n',
      settings: { proxy: CN },
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nRUN <<EOF\nGOPROXY=proxy go mod download\nEOF\n',
      errors: [{ line: 2, message: /has no default/ }, { line: 4, message: /malformed/ }],
    },
    {
      name: '--sumdb replaces a different GOSUMDB',
      code: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOSUMDB=sum.golang.org\nRUN go mod download\n',
      settings: { sumdb: 'sum.golang.google.cn' },
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOSUMDB=sum.golang.google.cn\nRUN go mod download\n',
      errors: [{ line: 3, message: /GOSUMDB=sum.golang.org differs from the requested GOSUMDB=sum.golang.google.cn/ }],
    },
    {
      name: 'an ARG declared after the first download never reaches it: moved up after the FROM',
      code: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nARG GOPROXY=https://goproxy.cn,direct\nCOPY . .\nRUN go build -o /app .\n',
      output: 'FROM golang:1.23 AS build\nARG GOPROXY=https://goproxy.cn,direct\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n',
      errors: [
        {
          line: 5,
          message:
            'GOPROXY is set only after `go mod download`, the first go command of stage "build" that resolves modules: that command never sees it, and --build-arg GOPROXY never reaches it',
        },
      ],
    },
    {
      name: 'a late bare ARG that takes the global default goes after the ARGs that follow the FROM; no blank lines pile up',
      code: 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23\nARG TARGETARCH\n\nRUN go mod download\n\nARG GOPROXY\n\nRUN GOARCH=$TARGETARCH go build .\n',
      output: 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.23\nARG TARGETARCH\nARG GOPROXY\n\nRUN go mod download\n\nRUN GOARCH=$TARGETARCH go build .\n',
      errors: [{ line: 7, message: /^GOPROXY is set only after `go mod download`, the first go command of stage 0/ }],
    },
    {
      name: 'one of several names on a late ARG line moves to its own line',
      code: 'FROM golang:1.23\nRUN go mod download\nARG VERSION=dev GOPRIVATE=example.com/corp/* GOPROXY=https://goproxy.cn,direct\nRUN go build .\n',
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOPRIVATE=example.com/corp/*\nRUN go mod download\nARG VERSION=dev\nRUN go build .\n',
      errors: [{ line: 3, message: /^GOPRIVATE is set only after/ }, { line: 3, message: /^GOPROXY is set only after/ }],
    },
    {
      name: 'a late ARG read by an instruction it would now reach: unsafe',
      code: 'FROM golang:1.23\nRUN echo "proxy: ${GOPROXY:-none}" > /proxy.txt\nRUN go mod download\nARG GOPROXY=https://goproxy.cn,direct\n',
      output: null,
      errors: [{ line: 4, message: /is set only after `go mod download`/ }],
    },
    {
      name: '... moved on request',
      code: 'FROM golang:1.23\nRUN echo "proxy: ${GOPROXY:-none}" > /proxy.txt\nRUN go mod download\nARG GOPROXY=https://goproxy.cn,direct\n',
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nRUN echo "proxy: ${GOPROXY:-none}" > /proxy.txt\nRUN go mod download\n',
      errors: [{ line: 4 }],
      unsafe: true,
    },
    {
      name: 'a late value built from an ARG declared in between: unsafe (it would expand to nothing)',
      code: 'FROM golang:1.23\nRUN go mod download\nARG MIRROR=https://goproxy.cn\nARG GOPROXY=${MIRROR},direct\n',
      output: null,
      errors: [{ line: 4, message: /is set only after/ }],
    },
    {
      name: 'a late ENV in a builder stage: becomes an ARG (hard-coded), which then moves up',
      code: 'FROM golang:1.23 AS build\nRUN go mod download\nENV GOPROXY=https://goproxy.cn,direct\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
      output: 'FROM golang:1.23 AS build\nARG GOPROXY=https://goproxy.cn,direct\nRUN go mod download\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
      errors: [{ line: 3, message: /^GOPROXY is set only after `go mod download`/ }, { line: 3, message: /hard-coded/ }],
    },
    {
      name: 'a late ENV in the last stage: reported, not moved (it stays an ENV in the image)',
      code: 'FROM golang:1.23\nRUN go mod download\nENV GOPROXY=https://goproxy.cn,direct\n',
      output: null,
      errors: [{ line: 3, message: /^GOPROXY is set only after/ }, { line: 3, message: /hard-coded/ }],
    },
    {
      name: 'a late ARG on a continued line is moved whole',
      code: 'FROM golang:1.23\nRUN go build .\nARG GOPROXY=https://goproxy.cn,direct \\\n    GOSUMDB=sum.golang.google.cn\n',
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct \\\n    GOSUMDB=sum.golang.google.cn\nRUN go build .\n',
      errors: [{ line: 3, message: /^GOPROXY is set only after `go build`/ }, { line: 4, message: /^GOSUMDB is set only after/ }],
    },
    {
      name: 'a stage whose base only sets WORKDIR gets the ARG itself',
      code: 'FROM golang:1.23 AS base\nWORKDIR /src\nFROM base AS build\nRUN go build ./...\n',
      output: 'FROM golang:1.23 AS base\nWORKDIR /src\nFROM base AS build\nARG GOPROXY=https://proxy.golang.org,direct\nRUN go build ./...\n',
      errors: [{ line: 3 }],
    },
  ],
});

describe('go-proxy-args: private modules without GOPRIVATE', () => {
  const PRIVATE =
    ', as for private modules, but no GOPRIVATE (or GONOSUMDB/GONOPROXY) is set: go asks the public proxy and sum.golang.org about those modules, which cannot serve them (a module missing from go.sum fails with "verifying module: ... 404 Not Found") and learn their paths';
  ruleTester(goProxyArgs, {
    valid: [
      // An SSH mount on a command that resolves no modules.
      'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nRUN --mount=type=ssh git clone git@github.com:acme/tools.git /tools\nRUN go version\n',
    ],
    invalid: [
      {
        name: 'an SSH mount: reported, no fix without --private',
        code: 'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=ssh go mod download\n',
        output: null,
        errors: [{ line: 5, message: '`go mod download` in stage 0 uses an SSH mount' + PRIVATE + '; set ARG GOPRIVATE=<module path glob> (or pass --private)' }],
      },
      {
        name: 'a netrc secret mount, lower-case file: with --private, ARG GOPRIVATE is added after the FROM',
        code: 'from golang:1.23 as build\narg GOPROXY=https://proxy.golang.org,direct\nrun --mount=type=secret,id=gitcreds,target=/root/.netrc go mod download\n',
        settings: { private: 'gitlab.example.com/acme/*' },
        output: 'from golang:1.23 as build\narg GOPROXY=https://proxy.golang.org,direct\narg GOPRIVATE=gitlab.example.com/acme/*\nrun --mount=type=secret,id=gitcreds,target=/root/.netrc go mod download\n',
        errors: [{ line: 3, message: '`go mod download` in stage "build" uses a .netrc secret mount' + PRIVATE + '; adds ARG GOPRIVATE=gitlab.example.com/acme/*' }],
      },
      {
        name: 'git config insteadOf in an earlier RUN',
        code: 'FROM golang:1.23\nARG GOPROXY=https://proxy.golang.org,direct\nRUN git config --global url."git@gitlab.example.com:".insteadOf "https://gitlab.example.com/"\nCOPY . .\nRUN go build -o /app .\n',
        output: null,
        errors: [{ line: 5, message: /^`go build` in stage 0 follows a git config insteadOf rewrite, as for private modules, but no GOPRIVATE/ }],
      },
      {
        name: 'the ARG goes where the first download of the chain is, once',
        code: 'FROM golang:1.23 AS base\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM base AS build\nRUN --mount=type=ssh go mod download\nRUN --mount=type=ssh go build .\n',
        settings: { proxy: 'https://goproxy.cn,direct', private: 'github.com/acme/*' },
        output: 'FROM golang:1.23 AS base\nARG GOPROXY=https://goproxy.cn,direct\nARG GOPRIVATE=github.com/acme/*\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM base AS build\nRUN --mount=type=ssh go mod download\nRUN --mount=type=ssh go build .\n',
        errors: [{ line: 1, message: /no ARG GOPROXY/ }, { line: 6, message: /^`go mod download` in stage "build" uses an SSH mount/ }],
      },
    ],
  });
});

describe('go-proxy-args: --proxy and a GOPROXY set indirectly', () => {
  ruleTester(goProxyArgs, {
    valid: [
      // The value it gives is the requested one, or comes from CI (an ARG without a default).
      { code: 'FROM golang:1.22\nARG goproxy=https://goproxy.cn,direct\nENV GOPROXY=$goproxy\nRUN go mod download\n', settings: { proxy: CN } },
      { code: 'FROM golang:1.22\nARG goproxy\nENV GOPROXY=${goproxy}\nRUN go mod download\n', settings: { proxy: CN } },
      // Without --proxy, a golang image that downloads nothing is none of this rule's business.
      'FROM golang:alpine\nRUN apk --no-cache add git\nRUN go env -w GOPROXY=https://goproxy.io,direct\n',
      // ... nor is an image without Go, even with --proxy.
      { code: 'FROM alpine:3.20\nENV GOPROXY=https://goproxy.io\n', settings: { proxy: CN } },
    ],
    invalid: [
      {
        name: 'ENV GOPROXY=$arg: the ARG default is replaced when nothing else reads that ARG',
        code: 'FROM golang:1.22 AS builder\nWORKDIR /workspace\nARG goproxy=https://proxy.golang.org\nENV GOPROXY=$goproxy\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM scratch\n',
        settings: { proxy: CN },
        output: 'FROM golang:1.22 AS builder\nWORKDIR /workspace\nARG goproxy=https://goproxy.cn,direct\nENV GOPROXY=$goproxy\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM scratch\n',
        errors: [
          {
            line: 4,
            message: 'GOPROXY=$goproxy gives https://proxy.golang.org (from `ARG goproxy=https://proxy.golang.org`), which differs from the requested GOPROXY=https://goproxy.cn,direct',
          },
        ],
      },
      {
        name: '... reported with the line to change when something else reads it too',
        code: 'FROM golang:1.22\nARG goproxy=https://proxy.golang.org\nENV GOPROXY=${goproxy}\nRUN echo "$goproxy" > /proxy.txt && go mod download\n',
        settings: { proxy: CN },
        output: null,
        errors: [{ line: 3, message: /^GOPROXY=\$\{goproxy\} gives https:\/\/proxy\.golang\.org \(from `ARG goproxy=https:\/\/proxy\.golang\.org`\), which differs from the requested GOPROXY=https:\/\/goproxy\.cn,direct; change `ARG goproxy=https:\/\/proxy\.golang\.org`$/ }],
      },
      {
        name: 'a ${VAR:-default}: reported, naming the line',
        code: 'FROM golang:1.20-alpine\nARG CUSTOM_GOPROXY=""\nENV GOPROXY=${CUSTOM_GOPROXY:-https://proxy.golang.org}\nWORKDIR /app\nCOPY . .\nRUN go mod download\n',
        settings: { proxy: CN },
        output: null,
        errors: [
          {
            line: 3,
            message:
              'GOPROXY=${CUSTOM_GOPROXY:-https://proxy.golang.org} gives https://proxy.golang.org, which differs from the requested GOPROXY=https://goproxy.cn,direct; change `ENV GOPROXY=${CUSTOM_GOPROXY:-https://proxy.golang.org}`',
          },
        ],
      },
      {
        name: 'go env -w in a golang image that downloads nothing itself (a base for other builds)',
        code: 'FROM golang:alpine\nRUN apk --no-cache add git\nRUN go env -w GOPROXY=https://goproxy.io,direct\nRUN go env -w GOSUMDB=off\n',
        settings: { proxy: CN },
        output: 'FROM golang:alpine\nRUN apk --no-cache add git\nRUN go env -w GOPROXY=https://goproxy.cn,direct\nRUN go env -w GOSUMDB=off\n',
        errors: [{ line: 3, message: 'GOPROXY=https://goproxy.io,direct differs from the requested GOPROXY=https://goproxy.cn,direct' }],
      },
    ],
  });
});

describe('go-proxy-args GOPROXY=off with a module cache from elsewhere', () => {
  it('a cache mount nothing in the build fills: a warning, not an error', () => {
    const code = 'FROM golang:1.22\nARG GOPROXY=https://proxy.golang.org,direct\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod GOPROXY=off go build -o /app .\n';
    const result = run(goProxyArgs, { code });
    expect(result.findings.map((f) => [f.line, f.severity, f.fix, f.message])).toEqual([
      [
        5,
        'warning',
        null,
        'GOPROXY=off forbids module downloads, so `go build` in stage 0 finds modules only in its cache mount on /go/pkg/mod, which nothing in this build fills: on a fresh builder (CI) that cache is empty and the build fails',
      ],
    ]);
  });
  it('a cache mount with another id than the one the download fills: the warning too', () => {
    const code =
      'FROM golang:1.22 AS deps\nARG GOPROXY=https://proxy.golang.org,direct\nRUN --mount=type=cache,id=a,target=/go/pkg/mod go mod download\nFROM deps AS x\nFROM golang:1.22 AS build\nCOPY --from=x /etc/hostname /tmp/\nRUN --mount=type=cache,id=b,target=/go/pkg/mod GOPROXY=off go build .\n';
    expect(run(goProxyArgs, { code }).findings.map((f) => [f.line, f.severity])).toEqual([[7, 'warning']]);
  });
  it('a COPY --from somewhere else than the module cache: still an error', () => {
    const code = 'FROM golang:1.22 AS build\nCOPY --from=deps /go/pkg/mod /tmp/mod\nRUN GOPROXY=off go build .\n';
    expect(run(goProxyArgs, { code }).findings.map((f) => [f.line, f.severity])).toEqual([[3, 'error']]);
  });
});

describe('go-proxy-args severities', () => {
  it('a malformed or off GOPROXY is an error, a missing ARG a warning', () => {
    const bad = run(goProxyArgs, { code: 'FROM golang:1.23\nENV GOPROXY=off\nRUN go mod download\nFROM golang:1.23\nRUN go build .\n' });
    expect(bad.findings.map((f) => [f.line, f.severity, f.fix])).toEqual([
      [2, 'error', null],
      [2, 'warning', 'safe'],
      [4, 'warning', 'safe'],
    ]);
  });
});
