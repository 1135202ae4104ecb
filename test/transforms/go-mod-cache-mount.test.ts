import goModCacheMount from '../../src/transforms/go-mod-cache-mount.js';
import { project, ruleTester } from './tester.js';

ruleTester(goModCacheMount, {
  valid: [
    'FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n',
    // Keys in any order, trailing slash.
    'FROM golang:1.23\nRUN --mount=target=/go/pkg/mod/,type=cache go build .\n',
    // No Go in the stage.
    'FROM alpine:3.20\nRUN apk add --no-cache git\n',
    // go version/env do not resolve modules.
    'FROM golang:1.23\nRUN go version && go env\n',
    // Vendored builds need no module cache.
    'FROM golang:1.23\nRUN go build -mod=vendor -o /app .\n',
    { code: 'FROM golang:1.23\nRUN go build -o /app .\n', project: project({ goMod: 'module x\ngo 1.22\n', vendored: true }) },
    // GOMODCACHE followed, through a variable.
    'FROM golang:1.23\nENV GOMODCACHE=/cache/mod\nRUN --mount=type=cache,target=$GOMODCACHE go mod download\n',
  ],
  invalid: [
    {
      code: 'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n',
      output:
        'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 go build -o /out/app .\n',
      errors: [{ line: 4, message: /without a cache mount on \/go\/pkg\/mod/ }, { line: 6 }],
    },
    {
      name: 'keeps an existing build-cache mount and adds the module cache after it',
      code: 'FROM golang:1.23\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n    go build ./...\n',
      output: 'FROM golang:1.23\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod \\\n    go build ./...\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'follows ENV GOMODCACHE',
      code: 'FROM golang:1.23\nENV GOMODCACHE=/cache/mod\nRUN go mod download\n',
      output: 'FROM golang:1.23\nENV GOMODCACHE=/cache/mod\nRUN --mount=type=cache,target=/cache/mod go mod download\n',
      errors: [{ line: 3, message: /\/cache\/mod/ }],
    },
    {
      name: 'follows GOPATH on a non-golang image',
      code: 'FROM debian:bookworm\nENV GOPATH=/opt/go\nRUN go build ./...\n',
      output: 'FROM debian:bookworm\nENV GOPATH=/opt/go\nRUN --mount=type=cache,target=/opt/go/pkg/mod go build ./...\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'a numeric non-root user owns the cache',
      code: 'FROM golang:1.23\nUSER 1000:1000\nRUN go mod download\n',
      output: 'FROM golang:1.23\nUSER 1000:1000\nRUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000 go mod download\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'a named user: the owner cannot be known, so the fix is unsafe and not applied by default',
      code: 'FROM golang:1.23\nUSER builder\nRUN go mod download\n',
      output: null,
      errors: [{ line: 3 }],
    },
    {
      name: 'ONBUILD RUN gets the flag on its trigger',
      code: 'FROM golang:1.23\nONBUILD RUN go install ./...\n',
      output: 'FROM golang:1.23\nONBUILD RUN --mount=type=cache,target=/go/pkg/mod go install ./...\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'a heredoc body is never edited; its RUN line gets the mount',
      code: 'FROM golang:1.23\nRUN <<EOF\ngo mod download\nEOF\n',
      output: 'FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod <<EOF\ngo mod download\nEOF\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'a stage built FROM a Go stage inherits its ENV',
      code: 'FROM golang:1.23 AS base\nENV GOMODCACHE=/m\nFROM base AS test\nRUN go test ./...\n',
      output: 'FROM golang:1.23 AS base\nENV GOMODCACHE=/m\nFROM base AS test\nRUN --mount=type=cache,target=/m go test ./...\n',
      errors: [{ line: 4 }],
    },
  ],
});
