import { expect, it } from 'vitest';
import staticBinary from '../../src/transforms/static-binary.js';
import { project, ruleTester, run } from './tester.js';

const B = 'FROM golang:1.23-bookworm AS build\nWORKDIR /src\nCOPY . .\n';
const SCRATCH = 'FROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
const APP = project({ goMod: 'module example.com/app\n\ngo 1.23\n' });

ruleTester(staticBinary, {
  valid: [
    `${B}RUN CGO_ENABLED=0 go build -o /out/app .\n${SCRATCH}`,
    `${B}ENV CGO_ENABLED=0\nRUN go build -o /out/app .\n${SCRATCH}`,
    `${B}ENV CGO_ENABLED 0\nRUN go build -o /out/app .\n${SCRATCH}`,
    `${B}ARG CGO_ENABLED=0\nRUN go build -o /out/app .\n${SCRATCH}`,
    `${B}RUN export CGO_ENABLED=0 && go build -o /out/app .\n${SCRATCH}`,
    `${B}RUN go env -w CGO_ENABLED=0\nRUN go build -o /out/app .\n${SCRATCH}`,
    `${B}RUN env CGO_ENABLED=0 go build -o /out/app .\n${SCRATCH}`,
    // Inherited from the stage it is built on.
    `FROM golang:1.23 AS base\nENV CGO_ENABLED=0\n${B.replace('golang:1.23-bookworm', 'base')}RUN go build -o /out/app .\n${SCRATCH}`,
    // Linked statically anyway.
    `${B}RUN go build -tags netgo,osusergo -ldflags '-extldflags "-static"' -o /out/app .\n${SCRATCH}`,
    `${B}RUN go build -ldflags="-linkmode external -extldflags -static" -o /out/app .\n${SCRATCH}`,
    // golang alpine (Go >= 1.20) has no C compiler: cgo is off.
    `FROM golang:1.23-alpine AS build\nRUN go build -o /out/app .\n${SCRATCH}`,
    // ARG without a default: whoever builds decides.
    `${B}ARG CGO_ENABLED\nRUN go build -o /out/app .\n${SCRATCH}`,
    // Linked statically on purpose, cgo and all.
    `${B}RUN CGO_ENABLED=1 go build -tags "sqlite osusergo netgo" -ldflags '-linkmode external -extldflags "-static"' -o /out/app .\n${SCRATCH}`,
    // The runtime has glibc.
    `${B}RUN go build -o /out/app .\nFROM debian:bookworm-slim\nCOPY --from=build /out/app /app\n`,
    // alpine runtime: a musl binary from an alpine builder, or glibc compatibility installed.
    'FROM golang:1.23-alpine AS build\nRUN apk add --no-cache gcc musl-dev\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n',
    `${B}RUN go build -o /out/app .\nFROM alpine:3.20\nRUN apk add --no-cache gcompat\nCOPY --from=build /out/app /app\n`,
    `${B}RUN go build -o /out/app .\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /out/app /app\n`,
    // The scratch stage copies something else from the builder.
    `${B}RUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n`,
    `${B}RUN go build -o /out/app . && go build -o /out/tool ./cmd/tool\nFROM scratch\nCOPY --from=build /out/tool2 /tool\n`,
    // Copied from an image, not a stage.
    `FROM scratch\nCOPY --from=golang:1.23 /usr/local/go/bin/go /go\n`,
    // Built by make: nothing to see.
    `${B}RUN make build\n${SCRATCH}`,
    {
      name: 'a warm-up `go build .` writes /src/app (named after the module), not the copied /src/manager',
      code: `${B}RUN go build .\nRUN CGO_ENABLED=0 go build -o manager .\nFROM scratch\nCOPY --from=build /src/manager /manager\n`,
      project: APP,
    },
    {
      name: 'without the module path the warm-up name is unknown, but the -o build matches exactly',
      code: `${B}RUN go build .\nRUN CGO_ENABLED=0 go build -o manager .\nFROM scratch\nCOPY --from=build /src/manager /manager\n`,
    },
    {
      name: 'several packages without -o: go build writes no binary at all',
      code: `${B}RUN go build ./... && go vet ./...\nRUN go build ./cmd/a ./cmd/b\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n${SCRATCH}`,
    },
    { name: 'default name: last element of the package path', code: `${B}RUN go build ./cmd/server\nFROM scratch\nCOPY --from=build /src/manager /manager\n`, project: APP },
    { name: 'default name: the first file', code: `${B}RUN go build main.go\nFROM scratch\nCOPY --from=build /src/app /app\n`, project: APP },
    {
      name: 'default name: the module path without its major version',
      code: `${B}RUN go build .\nFROM scratch\nCOPY --from=build /src/v2 /app\n`,
      project: project({ goMod: 'module example.com/app/v2\n' }),
    },
    { name: '-o names another file', code: `${B}RUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/application /app\n` },
    {
      name: 'go install writes /go/bin/<name>: another name is not the copied file',
      code: 'FROM golang:1.23 AS build\nRUN go install example.com/tools/cmd/stringer@v0.1.0\nFROM scratch\nCOPY --from=build /go/bin/app /app\n',
    },
    {
      name: 'go install with GOBIN writes elsewhere',
      code: 'FROM golang:1.23 AS build\nENV GOBIN=/usr/local/bin\nRUN go install ./cmd/app\nFROM scratch\nCOPY --from=build /go/bin/app /app\n',
    },
    {
      name: 'a binary in another directory: a default-named output is never nested',
      code: `${B}RUN go build ./...\nRUN make\nFROM scratch\nCOPY --from=build /src/bin/app /app\n`,
    },
    {
      name: 'a build in a subshell after cd does not move the next one',
      code: `${B}RUN (cd tools && go build -o app .) && CGO_ENABLED=0 go build -o app .\nFROM scratch\nCOPY --from=build /src/app /app\n`,
    },
  ],
  invalid: [
    {
      name: 'reported; the unsafe fix is not applied by default',
      code: `${B}RUN go build -o /out/app .\n${SCRATCH}`,
      output: null,
      errors: [{ line: 4, message: /cgo enabled \(the default on golang:1.23-bookworm, which has a C compiler\).*`scratch` \(stage 1\).*no such file or directory/ }],
    },
    {
      name: 'with --unsafe-fixes',
      code: `${B}RUN go build -o /out/app .\n${SCRATCH}`,
      output: `${B}RUN CGO_ENABLED=0 go build -o /out/app .\n${SCRATCH}`,
      errors: [{ line: 4 }],
      unsafe: true,
    },
    {
      name: 'relative -o under WORKDIR, COPY --from by index, distroless static, other assignments kept',
      code: 'FROM golang:1.22 AS builder\nWORKDIR /app\nRUN GOOS=linux go build -o bin/server ./cmd/server\nFROM gcr.io/distroless/static-debian12:nonroot AS final\nCOPY --from=0 /app/bin/server /server\n',
      output: 'FROM golang:1.22 AS builder\nWORKDIR /app\nRUN CGO_ENABLED=0 GOOS=linux go build -o bin/server ./cmd/server\nFROM gcr.io/distroless/static-debian12:nonroot AS final\nCOPY --from=0 /app/bin/server /server\n',
      errors: [{ line: 3, message: /distroless\/static-debian12:nonroot` \(stage final\)/ }],
      unsafe: true,
    },
    {
      name: 'no -o: the binary lands in WORKDIR, named after the module; the builder is an ancestor of the copied stage',
      code: 'FROM golang:1.23 AS base\nWORKDIR /src\nRUN go build .\nFROM base AS build\nFROM scratch\nCOPY --from=build /src/app /app\n',
      output: 'FROM golang:1.23 AS base\nWORKDIR /src\nRUN CGO_ENABLED=0 go build .\nFROM base AS build\nFROM scratch\nCOPY --from=build /src/app /app\n',
      errors: [{ line: 3 }],
      project: APP,
      unsafe: true,
    },
    {
      name: 'the warm-up build is not blamed: only the build that writes the copied path',
      code: `${B}RUN go build .\nRUN go build -o manager .\nFROM scratch\nCOPY --from=build /src/manager /manager\n`,
      output: `${B}RUN go build .\nRUN CGO_ENABLED=0 go build -o manager .\nFROM scratch\nCOPY --from=build /src/manager /manager\n`,
      errors: [{ line: 5 }],
      project: APP,
      unsafe: true,
    },
    {
      name: 'no -o and no module path: the name is a guess, so info without a fix',
      code: 'FROM golang:1.23 AS build\nWORKDIR /src\nRUN go build .\nFROM scratch\nCOPY --from=build /src/app /app\n',
      output: null,
      errors: [{ line: 3, message: /^`go build` runs with cgo enabled .* may write the binary `COPY --from=build \/src\/app` copies into `scratch` \(stage 1\)/ }],
      unsafe: true,
    },
    {
      name: 'package path, vN suffix dropped, in the directory after `cd`',
      code: `${B}RUN go build ./cmd/tool/v2 && \\\n    cd cmd/server && go build\nFROM scratch\nCOPY --from=build /src/tool /tool\nCOPY --from=build /src/cmd/server/server /server\n`,
      output: `${B}RUN CGO_ENABLED=0 go build ./cmd/tool/v2 && \\\n    cd cmd/server && CGO_ENABLED=0 go build\nFROM scratch\nCOPY --from=build /src/tool /tool\nCOPY --from=build /src/cmd/server/server /server\n`,
      errors: [{ line: 4 }, { line: 5 }],
      unsafe: true,
    },
    {
      name: '-o into a directory with a pattern: the copied file is one of its binaries',
      code: `${B}RUN go build ./...\nRUN go build -o /out/ ./cmd/...\n${SCRATCH}`,
      output: `${B}RUN go build ./...\nRUN CGO_ENABLED=0 go build -o /out/ ./cmd/...\n${SCRATCH}`,
      errors: [{ line: 5 }],
      unsafe: true,
    },
    {
      name: 'go install of a named tool: /go/bin/<last element>',
      code: 'FROM golang:1.23 AS build\nRUN go install example.com/tools/cmd/stringer@v0.1.0 && go install example.com/app/cmd/app@latest\nFROM scratch\nCOPY --from=build /go/bin/app /app\n',
      output: 'FROM golang:1.23 AS build\nRUN go install example.com/tools/cmd/stringer@v0.1.0 && CGO_ENABLED=0 go install example.com/app/cmd/app@latest\nFROM scratch\nCOPY --from=build /go/bin/app /app\n',
      errors: [{ line: 2 }],
      unsafe: true,
    },
    {
      name: '-o naming a directory the RUN creates',
      code: `${B}RUN mkdir /out && go build -o /out ./cmd/app\nRUN go build -o /out/tool ./cmd/tool\n${SCRATCH}`,
      output: `${B}RUN mkdir /out && CGO_ENABLED=0 go build -o /out ./cmd/app\nRUN go build -o /out/tool ./cmd/tool\n${SCRATCH}`,
      errors: [{ line: 4 }],
      unsafe: true,
    },
    {
      name: 'an -o path behind an unknown variable: a guess, info without a fix',
      code: `${B}RUN go build -o \${OUT}/app .\n${SCRATCH}`,
      output: null,
      errors: [{ line: 4, message: /may write the binary `COPY --from=build \/out\/app` copies/ }],
      unsafe: true,
    },
    {
      name: 'the COPY source uses an ARG of its stage',
      code: `${B}RUN go build -o /out/app .\nRUN go build -o /out/other ./cmd/other\nFROM scratch\nARG BIN=app\nCOPY --from=build /out/\${BIN} /app\n`,
      output: `${B}RUN CGO_ENABLED=0 go build -o /out/app .\nRUN go build -o /out/other ./cmd/other\nFROM scratch\nARG BIN=app\nCOPY --from=build /out/\${BIN} /app\n`,
      errors: [{ line: 4 }],
      unsafe: true,
    },
    {
      name: 'go install lands in /go/bin; a chain with continuation lines',
      code: 'FROM golang:1.23 AS tools\nRUN go mod download && \\\n    go install ./cmd/...\nFROM scratch\nCOPY --from=tools /go/bin/ /bin/\n',
      output: 'FROM golang:1.23 AS tools\nRUN go mod download && \\\n    CGO_ENABLED=0 go install ./cmd/...\nFROM scratch\nCOPY --from=tools /go/bin/ /bin/\n',
      errors: [{ line: 3, message: /^`go install`/ }],
      unsafe: true,
    },
    {
      name: 'a global ARG names the runtime; a glob source',
      code: `ARG RUNTIME=scratch\n${B}RUN go build -o /out/app .\nFROM \${RUNTIME}\nCOPY --from=build /out/* /\n`,
      output: `ARG RUNTIME=scratch\n${B}RUN CGO_ENABLED=0 go build -o /out/app .\nFROM \${RUNTIME}\nCOPY --from=build /out/* /\n`,
      errors: [{ line: 5 }],
      unsafe: true,
    },
    {
      name: 'alpine builder that installs gcc',
      code: 'FROM golang:1.23-alpine AS build\nRUN apk add --no-cache gcc musl-dev\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      output: 'FROM golang:1.23-alpine AS build\nRUN apk add --no-cache gcc musl-dev\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      errors: [{ line: 3, message: /installs a C compiler/ }],
      unsafe: true,
    },
    {
      name: 'CGO_ENABLED=1 on purpose: reported, not changed',
      code: `${B}RUN CGO_ENABLED=1 go build -o /out/app .\n${SCRATCH}`,
      output: null,
      errors: [{ line: 4, message: /CGO_ENABLED=1.*link it statically/ }],
      unsafe: true,
    },
    {
      name: '-race needs cgo: reported, not changed',
      code: `${B}RUN go build -race -o /out/app .\n${SCRATCH}`,
      output: null,
      errors: [{ line: 4 }],
      unsafe: true,
    },
    {
      name: 'heredoc: reported, not changed',
      code: `${B}RUN <<EOF\ngo build -o /out/app .\nEOF\n${SCRATCH}`,
      output: null,
      errors: [{ line: 5 }],
      unsafe: true,
    },
    {
      name: 'exec form: reported, not changed',
      code: `${B}RUN ["go", "build", "-o", "/out/app", "."]\n${SCRATCH}`,
      output: null,
      errors: [{ line: 4 }],
      unsafe: true,
    },
    {
      name: 'two static stages copying the same binary: one finding',
      code: `${B}RUN go build -o /out/app .\nFROM scratch AS a\nCOPY --from=build /out/app /app\nFROM gcr.io/distroless/static AS b\nCOPY --from=build /out/app /app\n`,
      output: `${B}RUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch AS a\nCOPY --from=build /out/app /app\nFROM gcr.io/distroless/static AS b\nCOPY --from=build /out/app /app\n`,
      errors: [{ line: 4 }],
      unsafe: true,
    },
    {
      name: 'glibc builder, alpine runtime',
      code: `${B}RUN go build -o /out/app .\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nCOPY --from=build /out/app /app\n`,
      output: `${B}RUN CGO_ENABLED=0 go build -o /out/app .\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nCOPY --from=build /out/app /app\n`,
      errors: [{ line: 4, message: /links against glibc, but its binary is copied into `alpine:3.20` \(stage 1\), which has musl/ }],
      unsafe: true,
    },
    {
      name: 'CGO_ENABLED=1 on a glibc builder, alpine runtime: reported, not changed',
      code: `${B}RUN CGO_ENABLED=1 go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n`,
      output: null,
      errors: [{ line: 4, message: /which has musl: build it on alpine/ }],
      unsafe: true,
    },
    {
      name: 'an old alpine golang image (before Go 1.20)',
      code: 'FROM golang:1.19-alpine AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      output: 'FROM golang:1.19-alpine AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      errors: [{ line: 2 }],
      unsafe: true,
    },
  ],
});

it('a guessed match is info and offers no fix', () => {
  const result = run(staticBinary, { code: 'FROM golang:1.23 AS build\nWORKDIR /src\nRUN go build .\nFROM scratch\nCOPY --from=build /src/app /app\n', unsafe: true });
  expect(result.findings.map((f) => [f.severity, f.fix])).toEqual([['info', null]]);
});

it('declined fixes claim none', () => {
  const result = run(staticBinary, { code: `${B}RUN CGO_ENABLED=1 go build -o /out/app .\n${SCRATCH}` });
  expect(result.findings.map((f) => [f.severity, f.fix])).toEqual([['warning', null]]);
});
