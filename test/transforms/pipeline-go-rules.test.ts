/**
 * How the Go rules compose: realistic legacy Dockerfiles through `runPipeline` with every
 * registered transform, asserting the whole output. These strings are the spec of the composition
 * (layer order first, then the cache mounts land on the RUNs it created, then ARG/toolchain edits,
 * then the syntax directive those mounts need).
 *
 * They change whenever a rule is added to the registry or changes what it writes: update the
 * expected text then, after checking that the new output is still a Dockerfile that builds.
 */
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineResult } from '../../src/core/pipeline.js';
import type { GoProject } from '../../src/go/project.js';
import { transforms } from '../../src/transforms/index.js';
import type { FixSafety } from '../../src/transforms/transform.js';
import { noSettings, project } from './tester.js';

function fix(code: string, context: GoProject, unsafe = false): PipelineResult {
  const apply = new Set<FixSafety>(unsafe ? ['safe', 'unsafe'] : ['safe']);
  return runPipeline(code, { transforms, settings: noSettings, project: context, path: null, apply });
}

/** Fixes, checks the fixed text is a fixed point and nothing was withheld, and returns it. */
function fixed(code: string, context: GoProject, unsafe = false): string {
  const first = fix(code, context, unsafe);
  expect(first.refused).toEqual([]);
  const second = fix(first.output, context, unsafe);
  expect(second.output).toBe(first.output);
  expect(second.changed).toBe(false);
  return first.output;
}

describe('pipeline: Go rules together', () => {
  it('the classic builder: sources first, download after, old golang tag', () => {
    const context = project({ goMod: 'module example.com/app\n\ngo 1.23.4\n\nrequire github.com/google/uuid v1.6.0\n' });
    const input = `FROM golang:1.21 AS builder
WORKDIR /app
COPY . .
RUN go mod download
RUN CGO_ENABLED=0 go build -o app .

FROM alpine:3.20
COPY --from=builder /app/app /usr/local/bin/app
ENTRYPOINT ["app"]
`;
    expect(fixed(input, context)).toBe(`# syntax=docker/dockerfile:1
FROM golang:1.23 AS builder
ARG GOPROXY=https://proxy.golang.org,direct
WORKDIR /app
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o app .

FROM alpine:3.20
COPY --from=builder /app/app /usr/local/bin/app
ENTRYPOINT ["app"]
`);
  });

  it('a GOPATH-era file with CRLF: ADD into GOPATH, WORKDIR after it, go get', () => {
    const context = project({ goMod: 'module github.com/acme/api\n\ngo 1.22\n' });
    const input = `FROM golang:1.20-alpine
RUN apk add --no-cache git
ADD . /go/src/github.com/acme/api
WORKDIR /go/src/github.com/acme/api
RUN go get -d -v ./...
RUN go install -v ./...
CMD ["api"]
`.replace(/\n/g, '\r\n');
    expect(fixed(input, context)).toBe(
      `# syntax=docker/dockerfile:1
FROM golang:1.22-alpine
ARG GOPROXY=https://proxy.golang.org,direct
RUN apk add --no-cache git
COPY go.mod go.sum /go/src/github.com/acme/api/
RUN --mount=type=cache,target=/go/pkg/mod cd /go/src/github.com/acme/api && go mod download
ADD . /go/src/github.com/acme/api
WORKDIR /go/src/github.com/acme/api
RUN --mount=type=cache,target=/go/pkg/mod go get -d -v ./...
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go install -v ./...
CMD ["api"]
`.replace(/\n/g, '\r\n'),
    );
  });

  describe('ARG-versioned base stage shared by test and build stages', () => {
    const context = project({ goMod: 'module example.com/server\n\ngo 1.23\n' });
    const input = `ARG GO_VERSION=1.22
FROM golang:\${GO_VERSION}-bookworm AS base
WORKDIR /src
COPY . .

FROM base AS test
RUN go test ./...

FROM base AS build
RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/server /server
USER nonroot:nonroot
ENTRYPOINT ["/server"]
`;
    const expected = (goVersion: string, buildEnv = ''): string => `# syntax=docker/dockerfile:1
ARG GO_VERSION=${goVersion}
FROM golang:\${GO_VERSION}-bookworm AS base
ARG GOPROXY=https://proxy.golang.org,direct
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .

FROM base AS test
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go test ./...

FROM base AS build
RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod ${buildEnv}go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/server /server
USER nonroot:nonroot
ENTRYPOINT ["/server"]
`;
    it('--write: golang:1.23-bookworm may not be published, so the ARG stays (no fix, the tag is named)', () => {
      expect(fixed(input, context)).toBe(expected('1.22'));
      const toolchain = fix(input, context).findings.filter((f) => f.rule === 'go-toolchain-match');
      expect(toolchain.map((f) => [f.line, f.fix, f.fixed])).toEqual([[2, null, false]]);
      expect(toolchain[0]?.message).toMatch(/use golang:1\.23-bookworm if it is, else golang:1\.23$/);
    });
    it('--unsafe-fixes: the ARG stays too (and static-binary disables cgo for distroless)', () => {
      expect(fixed(input, context, true)).toBe(expected('1.22', 'CGO_ENABLED=0 '));
    });
  });

  it('a go.work monorepo with a pinned syntax, a comment and a continued build', () => {
    const context = project({
      goWork: 'go 1.23\n\nuse (\n\t./services/api\n\t./libs/auth\n)\n',
      members: { 'services/api': 'module example.com/api\n\ngo 1.23.1\n', 'libs/auth': { goMod: 'module example.com/auth\n\ngo 1.22\n', goSum: false } },
    });
    const input = `# syntax=docker/dockerfile:1.4
FROM golang:1.23 AS build
WORKDIR /src
# sources
COPY . .
RUN go build \\
    -trimpath \\
    -o /out/api ./services/api
FROM scratch
COPY --from=build /out/api /api
`;
    expect(fixed(input, context)).toBe(`# syntax=docker/dockerfile:1.4
FROM golang:1.23 AS build
ARG GOPROXY=https://proxy.golang.org,direct
WORKDIR /src
COPY go.work go.work.sum* ./
COPY services/api/go.mod services/api/go.sum services/api/
COPY libs/auth/go.mod libs/auth/go.sum* libs/auth/
RUN --mount=type=cache,target=/go/pkg/mod go mod download
# sources
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build \\
    -trimpath \\
    -o /out/api ./services/api
FROM scratch
COPY --from=build /out/api /api
`);
  });

  it('an already good file changes nothing', () => {
    const context = project({ goMod: 'module example.com/app\n\ngo 1.23\n' });
    const input = `# syntax=docker/dockerfile:1
FROM golang:1.23 AS build
ARG GOPROXY=https://proxy.golang.org,direct
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /out/app .
FROM scratch
COPY --from=build /out/app /app
`;
    const result = fix(input, context, true);
    expect(result.output).toBe(input);
    expect(result.findings.filter((f) => ['go-mod-layer-order', 'go-build-cache-mount', 'go-toolchain-match'].includes(f.rule))).toEqual([]);
  });
});
