import { expect, it } from 'vitest';
import staticBinary from '../../src/transforms/static-binary.js';
import { ruleTester, run } from './tester.js';

const B = 'FROM golang:1.23-bookworm AS build\nWORKDIR /src\nCOPY . .\n';
const SCRATCH = 'FROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';

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
      name: 'no -o: the binary lands in WORKDIR; the builder is an ancestor of the copied stage',
      code: 'FROM golang:1.23 AS base\nWORKDIR /src\nRUN go build .\nFROM base AS build\nFROM scratch\nCOPY --from=build /src/app /app\n',
      output: 'FROM golang:1.23 AS base\nWORKDIR /src\nRUN CGO_ENABLED=0 go build .\nFROM base AS build\nFROM scratch\nCOPY --from=build /src/app /app\n',
      errors: [{ line: 3 }],
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

it('declined fixes claim none', () => {
  const result = run(staticBinary, { code: `${B}RUN CGO_ENABLED=1 go build -o /out/app .\n${SCRATCH}` });
  expect(result.findings.map((f) => [f.severity, f.fix])).toEqual([['warning', null]]);
});
