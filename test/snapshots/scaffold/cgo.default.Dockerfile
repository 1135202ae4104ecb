# syntax=docker/dockerfile:1
#
# Dockerfile for example.com/cgodemo (package main in .), written by create-go-dockerfile.
#   Go 1.22 (needs go 1.22); bookworm builder; distroless runtime.
#   cgo: on, because main.go imports "C".
#
# Build and run:
#   docker build -t cgodemo .
#   docker run --rm cgodemo
#
# The module proxy settings are build arguments, so a network that cannot reach the proxy needs
# no edit; e.g. from mainland China:
#   docker build --build-arg GOPROXY=https://goproxy.cn,direct --build-arg GOSUMDB=sum.golang.google.cn -t cgodemo .
# A step that hangs: add --progress=plain to see its output, and --build-arg GOFLAGS=-x to see
# every fetch of `go mod download`.

FROM golang:1.22-bookworm AS build
WORKDIR /src

# Module proxy and checksum database: override them with --build-arg, no edit needed.
ARG GOPROXY="https://proxy.golang.org,direct"
ARG GOSUMDB="sum.golang.org"
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
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/cgodemo .

# Runtime: distroless with the glibc the cgo binary needs; no shell, no package manager. It runs as a non-root user.
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/cgodemo /usr/local/bin/cgodemo
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/cgodemo"]
