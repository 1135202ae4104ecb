# syntax=docker/dockerfile:1
#
# Dockerfile for example.com/hello (package main in .), written by create-go-dockerfile.
#   Go 1.22 (needs go 1.22); bookworm builder; distroless runtime.
#   cgo: off (CGO_ENABLED=0), so the binary is static.
#   Port: 8080 (from the code).
#
# Build and run:
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t hello .
#   docker run --rm -p 8080:8080 hello
#
# The module proxy settings are build arguments, so a network that cannot reach the proxy needs
# no edit; e.g. outside mainland China:
#   docker build --build-arg GOPROXY=https://proxy.golang.org,direct --build-arg GOSUMDB=sum.golang.org -t hello .
# A step that hangs: add --progress=plain to see its output, and --build-arg GOFLAGS=-x to see
# every fetch of `go mod download`.

FROM golang:1.22-bookworm AS build
WORKDIR /src

# Module proxy and checksum database: override them with --build-arg, no edit needed.
ARG GOPROXY="https://mirrors.aliyun.com/goproxy/,direct"
ARG GOSUMDB="sum.golang.org https://sum.golang.google.cn"
ARG GOPRIVATE
ARG GOFLAGS

# Dependencies first: this layer is reused until the module files change, and the cache mount
# keeps downloaded modules between builds.
# go.sum* is a glob: there is no go.sum yet; once Go writes one (with the first dependency),
# it is copied here too. A glob may match nothing, while COPY of a missing file fails the build.
COPY go.mod go.sum* ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

# Sources last: editing code rebuilds from here on, without downloading anything.
COPY . .
# Stamped into main.version: --build-arg VERSION=$(git describe --tags --always --dirty)
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/hello .

# Runtime: distroless for a static binary; no shell, no package manager. It runs as a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/hello /usr/local/bin/hello
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/hello"]
