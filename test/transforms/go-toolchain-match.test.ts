import { describe, expect, it } from 'vitest';
import goToolchainMatch from '../../src/transforms/go-toolchain-match.js';
import { project, ruleTester, run } from './tester.js';

const go1234 = project({ goMod: 'module example.com/app\n\ngo 1.23.4\n' });
const go123 = project({ goMod: 'module example.com/app\n\ngo 1.23\n' });
const withToolchain = project({ goMod: 'module example.com/app\n\ngo 1.22.0\n\ntoolchain go1.24.1\n' });
const workspace = project({
  goWork: 'go 1.22\n\nuse (\n\t./api\n\t./lib\n)\n',
  members: { api: 'module example.com/api\n\ngo 1.23.2\n', lib: 'module example.com/lib\n\ngo 1.21\n' },
});

const body = 'WORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n';

ruleTester(goToolchainMatch, {
  valid: [
    // Same or newer minor (a minor tag floats to its newest patch).
    { code: `FROM golang:1.23 AS build\n${body}`, project: go1234 },
    { code: `FROM golang:1.24-alpine AS build\n${body}`, project: go1234 },
    { code: `FROM golang:1.23.4-bookworm AS build\n${body}`, project: go1234 },
    { code: `FROM golang:1.23.0\n${body}`, project: go123 },
    // No go.mod known: nothing to compare with.
    { code: `FROM golang:1.19\n${body}` },
    { code: `FROM golang:1.19\n${body}`, project: project({}) },
    // Not golang (the runtime stage) and a stage that never brings the module in.
    { code: 'FROM alpine:3.12\nCOPY --from=build /out/app /app\n', project: go1234 },
    { code: 'FROM golang:1.19 AS tools\nRUN go install golang.org/x/tools/cmd/stringer@v0.20.0\n', project: go1234 },
    // A golang image used as the runtime, running no Go (go-zero's goctl image): the pin and the
    // version are the build stage's business.
    { code: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nFROM golang:alpine\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n', project: go123 },
    { code: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nFROM golang:1.19-alpine\nRUN apk add --no-cache protoc\nCOPY --from=build /app /usr/local/bin/\n', project: go123 },
    // ... and one whose only go command is an ONBUILD trigger (another build runs it).
    { code: 'FROM golang:1.19\nCOPY . /src\nONBUILD RUN go build ./...\n', project: go1234 },
    // ONBUILD COPY runs in someone else's build.
    { code: 'FROM golang:1.19\nONBUILD COPY . .\n', project: go1234 },
    // toolchain line ignored with the image's GOTOOLCHAIN=local: the go line is satisfied.
    { code: `FROM golang:1.22\n${body}`, project: withToolchain },
    // An explicit toolchain is the user's choice.
    { code: `FROM golang:1.21\nENV GOTOOLCHAIN=go1.23.4\n${body}`, project: go1234 },
    // Digest-only reference: the version cannot be read.
    { code: `FROM golang@sha256:${'a'.repeat(64)}\n${body}`, project: go1234 },
    // A stage that builds on an earlier one is judged at the earlier one's FROM.
    { code: `FROM golang:1.23 AS base\nFROM base AS build\n${body}`, project: go1234 },
    // Tags that are not versions we know: tip builds.
    { code: `FROM golang:tip\n${body}`, project: go1234 },
    // An ARG without a default cannot be judged.
    { code: `ARG GO_VERSION\nFROM golang:\${GO_VERSION}\n${body}`, project: go1234 },
    // A bind mount that brings the module in, with a new enough image.
    { code: 'FROM golang:1.23\nRUN --mount=type=bind,target=. go build -o /app .\n', project: go1234 },
  ],
  invalid: [
    {
      name: 'minor tag bumped to the required minor',
      code: `FROM golang:1.21 AS build\n${body}FROM alpine:3.20\nCOPY --from=build /out/app /app\n`,
      output: `FROM golang:1.23 AS build\n${body}FROM alpine:3.20\nCOPY --from=build /out/app /app\n`,
      errors: [
        {
          line: 1,
          message:
            "builder image golang:1.21 is older than go.mod's `go 1.23.4`: the go command refuses to build (GOTOOLCHAIN=local, the golang image's default) or, with GOTOOLCHAIN=auto, downloads go1.23.4 during the build",
        },
      ],
      project: go1234,
    },
    {
      name: 'patch tag bumped to the exact version, -alpine kept',
      code: `FROM golang:1.21.5-alpine AS build\n${body}`,
      output: `FROM golang:1.23.4-alpine AS build\n${body}`,
      errors: [{ line: 1 }],
      project: go1234,
    },
    {
      name: 'a patch tag below the required patch of the same minor',
      code: `FROM golang:1.23.1\n${body}`,
      output: `FROM golang:1.23.4\n${body}`,
      errors: [{ line: 1 }],
      project: go1234,
    },
    {
      name: 'patch tag and a go line without patch: .0',
      code: `FROM golang:1.21.5\n${body}`,
      output: `FROM golang:1.23.0\n${body}`,
      errors: [{ line: 1 }],
      project: go123,
    },
    {
      name: 'an OS-versioned variant may not be published for the new Go: no fix, the tags to use are named',
      code: `FROM golang:1.21-alpine3.18 AS build\n${body}`,
      output: null,
      errors: [
        {
          line: 1,
          message: /golang:1\.21-alpine3\.18 is older .* during the build; no fix, since an OS-versioned variant is not published for every Go release: use golang:1\.23-alpine3\.18 if it is, else golang:1\.23-alpine$/,
        },
      ],
      project: go1234,
      unsafe: true,
    },
    {
      name: 'a Debian release variant: declined, the default variant is Debian',
      code: `FROM golang:1.21.5-bookworm AS build\n${body}`,
      output: null,
      errors: [{ line: 1, message: /; no fix, since .*: use golang:1\.23\.4-bookworm if it is, else golang:1\.23\.4$/ }],
      project: go1234,
      unsafe: true,
    },
    {
      name: 'a Windows variant: declined',
      code: `FROM golang:1.21-windowsservercore-ltsc2022 AS build\n${body}`,
      output: null,
      errors: [{ line: 1, message: /; no fix, since .*: use golang:1\.23-windowsservercore-ltsc2022 if it is, else another Windows variant of golang:1\.23$/ }],
      project: go1234,
      unsafe: true,
    },
    {
      name: 'the toolchain line is what GOTOOLCHAIN=auto would download, even when go runs with local',
      code: `FROM golang:1.22\n${body}`,
      output: `FROM golang:1.23\n${body}`,
      errors: [
        {
          line: 1,
          message:
            "builder image golang:1.22 is older than go.mod's `go 1.23.2`: the go command refuses to build (GOTOOLCHAIN=local, the golang image's default) or, with GOTOOLCHAIN=auto, downloads go1.23.4 during the build",
        },
      ],
      project: project({ goMod: 'module x\n\ngo 1.23.2\n\ntoolchain go1.23.4\n' }),
    },
    {
      name: 'a go line without patch: auto mode downloads the .0 release',
      code: `FROM golang:1.22\n${body}`,
      output: `FROM golang:1.23\n${body}`,
      errors: [{ line: 1, message: /, with GOTOOLCHAIN=auto, downloads go1\.23\.0 during the build$/ }],
      project: go123,
    },
    {
      name: 'Go 1.19 and 1.20 (from 1.19.13 and 1.20.8) refuse go lines from 1.22 on, and have no GOTOOLCHAIN',
      code: `FROM golang:1.19\n${body}`,
      output: `FROM golang:1.23\n${body}`,
      errors: [
        {
          line: 1,
          message:
            "builder image golang:1.19 is older than go.mod's `go 1.23.4`: Go 1.19 refuses a module whose go line is 1.22 or later, and it predates GOTOOLCHAIN (Go 1.21), so it cannot switch to a newer Go either: the build fails",
        },
      ],
      project: go1234,
    },
    {
      name: 'an older patch release of 1.20 treats the go line as advisory',
      code: `FROM golang:1.20.5-alpine\n${body}`,
      output: `FROM golang:1.23.4-alpine\n${body}`,
      errors: [
        {
          line: 1,
          message:
            "builder image golang:1.20.5-alpine is older than go.mod's `go 1.23.4`: Go 1.20.5 predates the go line being a minimum and GOTOOLCHAIN (both Go 1.21): it builds anyway, and fails on any language or library feature newer than it",
        },
      ],
      project: go1234,
    },
    {
      name: 'Go before 1.21 with a go line below 1.22: advisory',
      code: `FROM golang:1.18\n${body}`,
      output: `FROM golang:1.21\n${body}`,
      errors: [{ line: 1, message: /: Go 1\.18 predates the go line being a minimum/ }],
      project: project({ goMod: 'module x\n\ngo 1.21\n' }),
    },
    {
      name: 'Go before 1.21 ignores GOTOOLCHAIN: the go line decides, whatever it says',
      code: `FROM golang:1.20\nENV GOTOOLCHAIN=auto\n${body}FROM golang:1.20 AS pinned\nENV GOTOOLCHAIN=go1.24.1\nCOPY . .\nRUN go build .\n`,
      // Once the image knows GOTOOLCHAIN, auto would download the toolchain line: the bump aims there.
      output: `FROM golang:1.24\nENV GOTOOLCHAIN=auto\n${body}FROM golang:1.22 AS pinned\nENV GOTOOLCHAIN=go1.24.1\nCOPY . .\nRUN go build .\n`,
      errors: [
        { line: 1, message: /^builder image golang:1\.20 is older than go\.mod's `go 1\.22\.0`: Go 1\.20 refuses/ },
        { line: 6, message: /^builder image golang:1\.20 is older than go\.mod's `go 1\.22\.0`: Go 1\.20 refuses/ },
      ],
      project: withToolchain,
    },
    {
      name: 'registry path kept; --platform kept',
      code: `FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.21 AS build\n${body}`,
      output: `FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.23 AS build\n${body}`,
      errors: [{ line: 1 }],
      project: go1234,
    },
    {
      name: 'a mirror may not carry the tag: unsafe',
      code: `FROM registry.example.com/library/golang:1.21\n${body}`,
      output: `FROM registry.example.com/library/golang:1.23\n${body}`,
      errors: [{ line: 1 }],
      project: go1234,
      unsafe: true,
    },
    {
      name: 'pinned by digest: reported, no fix',
      code: `FROM golang:1.21@sha256:${'b'.repeat(64)} AS build\n${body}`,
      output: null,
      errors: [{ line: 1, message: /golang:1\.21 is older .*; it is pinned by digest, so bump the tag and the digest together$/ }],
      project: go1234,
      unsafe: true,
    },
    {
      name: 'version from a global ARG default: the ARG is bumped',
      code: `ARG GO_VERSION=1.21\nFROM golang:\${GO_VERSION}-alpine AS build\n${body}`,
      output: `ARG GO_VERSION=1.23\nFROM golang:\${GO_VERSION}-alpine AS build\n${body}`,
      errors: [{ line: 2, message: /^builder image golang:1\.21-alpine \(from ARG GO_VERSION\) is older/ }],
      project: go1234,
    },
    {
      name: 'ARG with quotes and other args on the line; $VAR form',
      code: `ARG ALPINE=3.20 GO_VERSION="1.21.5"\nFROM golang:$GO_VERSION\n${body}`,
      output: `ARG ALPINE=3.20 GO_VERSION=1.23.4\nFROM golang:$GO_VERSION\n${body}`,
      errors: [{ line: 2 }],
      project: go1234,
    },
    {
      name: 'the whole image in an ARG',
      code: `ARG BUILDER=golang:1.21-alpine\nFROM \${BUILDER} AS build\n${body}`,
      output: `ARG BUILDER=golang:1.23-alpine\nFROM \${BUILDER} AS build\n${body}`,
      errors: [{ line: 2 }],
      project: go1234,
    },
    {
      name: 'registry from an ARG, version literal on the FROM line',
      code: `ARG REGISTRY=docker.io/library\nFROM \${REGISTRY}/golang:1.21\n${body}`,
      output: `ARG REGISTRY=docker.io/library\nFROM \${REGISTRY}/golang:1.23\n${body}`,
      errors: [{ line: 2 }],
      project: go1234,
    },
    {
      name: 'default in the FROM line itself',
      code: `FROM golang:\${GO_VERSION:-1.21}\n${body}`,
      output: `FROM golang:\${GO_VERSION:-1.23}\n${body}`,
      errors: [{ line: 1 }],
      project: go1234,
    },
    {
      name: 'two FROMs share one ARG: both fixed by one edit',
      code: `ARG GO=1.21\nFROM golang:\${GO} AS build\n${body}FROM golang:\${GO} AS test\nCOPY . .\nRUN go test ./...\n`,
      output: `ARG GO=1.23\nFROM golang:\${GO} AS build\n${body}FROM golang:\${GO} AS test\nCOPY . .\nRUN go test ./...\n`,
      errors: [{ line: 2 }, { line: 6 }],
      project: go1234,
    },
    {
      name: 'an ARG shared with another image: bumping it changes that image too (unsafe)',
      code: `ARG VERSION=1.20\nFROM golang:\${VERSION} AS build\n${body}FROM example.com/tools:\${VERSION}\nCOPY --from=build /out/app /app\n`,
      output: null,
      errors: [
        {
          line: 2,
          message: /^builder image golang:1\.20 \(from ARG VERSION\) is older than go\.mod's `go 1\.23`: .*; ARG VERSION is also used by `FROM example\.com\/tools:\$\{VERSION\}`, which the bump would change too$/,
        },
      ],
      project: go123,
    },
    {
      name: '... bumped on request',
      code: `ARG VERSION=1.20\nFROM golang:\${VERSION} AS build\n${body}FROM example.com/tools:\${VERSION}\nCOPY --from=build /out/app /app\n`,
      output: `ARG VERSION=1.23\nFROM golang:\${VERSION} AS build\n${body}FROM example.com/tools:\${VERSION}\nCOPY --from=build /out/app /app\n`,
      errors: [{ line: 2 }],
      project: go123,
      unsafe: true,
    },
    {
      name: 'an ARG a stage re-declares (its RUNs and LABELs see it): unsafe',
      code: `ARG GO_VERSION=1.21\nFROM golang:\${GO_VERSION}\n${body}ARG GO_VERSION\nLABEL org.example.go-version=$GO_VERSION\n`,
      output: null,
      errors: [{ line: 2, message: /; ARG GO_VERSION is also used by `ARG GO_VERSION` in stage 0, which the bump would change too$/ }],
      project: go123,
    },
    {
      name: 'an ARG another global ARG is built from, used by a non-golang FROM: unsafe',
      code: `ARG GO=1.21\nARG LINT_IMAGE=golangci/golangci-lint:v1.59-go\${GO}\nFROM golang:\${GO} AS build\n${body}FROM \${LINT_IMAGE} AS lint\nRUN golangci-lint --version\n`,
      output: null,
      errors: [{ line: 3, message: /ARG GO is also used by `FROM \$\{LINT_IMAGE\} AS lint`/ }],
      project: go123,
    },
    {
      name: 'an ARG that reaches a golang FROM through another ARG is not a use elsewhere',
      code: `ARG GO=1.21\nARG BUILDER=golang:\${GO}-alpine\nFROM \${BUILDER} AS build\n${body}`,
      output: `ARG GO=1.23\nARG BUILDER=golang:\${GO}-alpine\nFROM \${BUILDER} AS build\n${body}`,
      errors: [{ line: 3 }],
      project: go123,
    },
    {
      name: 'a stage ARG with its own default does not read the global one',
      code: `ARG GO_VERSION=1.21\nFROM golang:\${GO_VERSION}\n${body}ARG GO_VERSION=unknown\nLABEL go=$GO_VERSION\n`,
      output: `ARG GO_VERSION=1.23\nFROM golang:\${GO_VERSION}\n${body}ARG GO_VERSION=unknown\nLABEL go=$GO_VERSION\n`,
      errors: [{ line: 2 }],
      project: go123,
    },
    {
      name: 'a golang FROM that does not build the module shares the ARG: unsafe (its Go changes too)',
      code: `ARG GO=1.21\nFROM golang:\${GO} AS build\n${body}FROM golang:\${GO} AS tools\nRUN go install golang.org/x/tools/cmd/stringer@v0.20.0\n`,
      output: null,
      errors: [{ line: 2, message: /ARG GO is also used by `FROM golang:\$\{GO\} AS tools`/ }],
      project: go123,
    },
    {
      name: 'the toolchain line counts when GOTOOLCHAIN=auto lets go switch',
      code: `FROM golang:1.22\nENV GOTOOLCHAIN=auto\n${body}`,
      output: `FROM golang:1.24\nENV GOTOOLCHAIN=auto\n${body}`,
      errors: [
        {
          line: 1,
          message:
            "builder image golang:1.22 is older than go.mod's `toolchain go1.24.1`: with GOTOOLCHAIN=auto the go command downloads go1.24.1 during the build, a fetch that hangs without network access",
        },
      ],
      project: withToolchain,
    },
    {
      name: 'GOTOOLCHAIN emptied (go default: auto), and local+auto on the command',
      code: `FROM golang:1.22.3\nENV GOTOOLCHAIN=\nWORKDIR /src\nCOPY . .\nRUN GOTOOLCHAIN=local+auto go build .\n`,
      output: `FROM golang:1.24.1\nENV GOTOOLCHAIN=\nWORKDIR /src\nCOPY . .\nRUN GOTOOLCHAIN=local+auto go build .\n`,
      errors: [{ line: 1, message: /toolchain go1\.24\.1/ }],
      project: withToolchain,
    },
    {
      name: 'workspace: the highest go line of go.work and its members',
      code: `FROM golang:1.22-alpine\n${body}`,
      output: `FROM golang:1.23-alpine\n${body}`,
      errors: [{ line: 1, message: /api\/go\.mod's `go 1\.23\.2`/ }],
      project: workspace,
    },
    {
      name: 'the FROM is judged once even when several stages build on it',
      code: `FROM golang:1.21 AS base\nWORKDIR /src\nFROM base AS build\nCOPY . .\nRUN go build .\nFROM base AS test\nCOPY . .\nRUN go test ./...\n`,
      output: `FROM golang:1.23 AS base\nWORKDIR /src\nFROM base AS build\nCOPY . .\nRUN go build .\nFROM base AS test\nCOPY . .\nRUN go test ./...\n`,
      errors: [{ line: 1 }],
      project: go1234,
    },
    {
      name: 'CRLF, comments, and a stage name that shadows the image',
      code: '# build\r\nFROM golang:1.21 AS golang\r\nCOPY . .\r\nRUN go build .\r\nFROM golang AS test\r\nRUN go test ./...\r\n',
      output: '# build\r\nFROM golang:1.23 AS golang\r\nCOPY . .\r\nRUN go build .\r\nFROM golang AS test\r\nRUN go test ./...\r\n',
      errors: [{ line: 2 }],
      project: go1234,
    },
    {
      name: 'bind-mounted module, older image',
      code: 'FROM golang:1.20\nRUN --mount=type=bind,target=/src cd /src && go build -o /app .\n',
      output: 'FROM golang:1.23\nRUN --mount=type=bind,target=/src cd /src && go build -o /app .\n',
      errors: [{ line: 1 }],
      project: go1234,
    },
    {
      name: 'the module arrives from another stage with COPY --from',
      code: 'FROM alpine:3.20 AS src\nCOPY . /src\nFROM golang:1.21 AS build\nCOPY --from=src /src /app\nRUN cd /app && go build -o /out/app .\n',
      output: 'FROM alpine:3.20 AS src\nCOPY . /src\nFROM golang:1.23 AS build\nCOPY --from=src /src /app\nRUN cd /app && go build -o /out/app .\n',
      errors: [{ line: 3 }],
      project: go1234,
    },
    {
      name: 'a go.work listed in .dockerignore does not count: go.mod alone',
      code: `FROM golang:1.22\n${body}`,
      output: `FROM golang:1.23\n${body}`,
      errors: [{ line: 1, message: /go\.mod's `go 1\.23`/ }],
      project: project({ goMod: 'module x\n\ngo 1.23\n', goWork: 'go 1.24\n\nuse (\n\t.\n\t./tools\n)\n', members: { '.': 'module x\n\ngo 1.23\n', tools: 'module t\n\ngo 1.24\n' }, dockerignore: 'go.work\ngo.work.sum\n' }),
    },
    {
      name: 'golang:latest: info, pinning is unsafe (it can move to an older Go)',
      code: `FROM golang:latest AS build\n${body}`,
      output: `FROM golang:1.27 AS build\n${body}`,
      errors: [
        {
          line: 1,
          message:
            "golang:latest gives whatever Go is newest when the image is pulled: pin a tag, e.g. golang:1.27 (the newest Go release this tool knows of; go.mod's `go 1.23.4` is only the minimum)",
        },
      ],
      project: go1234,
      unsafe: true,
    },
    {
      name: 'untagged golang',
      code: `FROM golang AS build\n${body}`,
      output: `FROM golang:1.27 AS build\n${body}`,
      errors: [{ line: 1, message: /^golang gives whatever Go/ }],
      project: go1234,
      unsafe: true,
    },
    {
      name: 'variant-only and major-only tags keep their variant; an OS-versioned one is named, not written',
      code: `FROM golang:alpine AS a\n${body}FROM golang:1-bookworm AS b\n${body}FROM golang:alpine3.20 AS c\n${body}`,
      output: `FROM golang:1.27-alpine AS a\n${body}FROM golang:1-bookworm AS b\n${body}FROM golang:alpine3.20 AS c\n${body}`,
      errors: [
        { line: 1 },
        {
          line: 5,
          message:
            "golang:1-bookworm gives whatever Go is newest when the image is pulled: pin a tag, e.g. golang:1.27-bookworm if it is published, else golang:1.27 (the newest Go release this tool knows of; go.mod's `go 1.23.4` is only the minimum)",
        },
        { line: 9, message: /e\.g\. golang:1\.27-alpine3\.20 if it is published, else golang:1\.27-alpine \(/ },
      ],
      project: go1234,
      unsafe: true,
    },
    {
      name: 'an old go line is a minimum: the pin is a current Go, never the unsupported release go.mod names',
      code: `FROM golang:alpine AS builder\n${body}`,
      output: `FROM golang:1.27-alpine AS builder\n${body}`,
      errors: [{ line: 1, message: /pin a tag, e\.g\. golang:1\.27-alpine \(the newest Go release this tool knows of; go\.mod's `go 1\.14` is only the minimum\)$/ }],
      project: project({ goMod: 'module x\n\ngo 1.14\n' }),
      unsafe: true,
    },
    {
      name: 'a go line newer than any release this tool knows: the pin is that line',
      code: `FROM golang:alpine AS builder\n${body}`,
      output: `FROM golang:1.99-alpine AS builder\n${body}`,
      errors: [{ line: 1, message: /pin a tag, e\.g\. golang:1\.99-alpine \(go\.mod's `go 1\.99\.1`\)$/ }],
      project: project({ goMod: 'module x\n\ngo 1.99.1\n' }),
      unsafe: true,
    },
    {
      name: 'a stage that runs go only when the container starts is checked too',
      code: 'FROM golang:1.21\nWORKDIR /app\nCOPY . .\nCMD ["go", "run", "."]\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nCMD ["go", "run", "."]\n',
      errors: [{ line: 1 }],
      project: go1234,
    },
    {
      name: 'a build driver runs go',
      code: 'FROM golang:1.21\nWORKDIR /app\nCOPY . .\nRUN make build\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN make build\n',
      errors: [{ line: 1 }],
      project: go1234,
    },
    {
      name: 'floating tag: not applied without --unsafe-fixes',
      code: `FROM golang:latest\n${body}`,
      output: null,
      errors: [{ line: 1 }],
      project: go1234,
    },
  ],
});

describe('go-toolchain-match findings', () => {
  it('a floating tag is an info finding; an older tag a warning', () => {
    const latest = run(goToolchainMatch, { code: `FROM golang:latest\n${body}`, project: go1234 });
    expect(latest.findings.map((f) => [f.severity, f.fix])).toEqual([['info', 'unsafe']]);
    const old = run(goToolchainMatch, { code: `FROM golang:1.21\n${body}`, project: go1234 });
    expect(old.findings.map((f) => [f.severity, f.fix])).toEqual([['warning', 'safe']]);
  });
  it('a digest-pinned image has no fix to offer', () => {
    const pinned = run(goToolchainMatch, { code: `FROM golang:1.21@sha256:${'c'.repeat(64)}\n${body}`, project: go1234 });
    expect(pinned.findings.map((f) => f.fix)).toEqual([null]);
  });
});

describe('go-toolchain-match docs', () => {
  it('the after example is what the rule makes of the before example', () => {
    expect(run(goToolchainMatch, { code: goToolchainMatch.docs.before, project: go1234 }).output).toBe(goToolchainMatch.docs.after);
  });
});
