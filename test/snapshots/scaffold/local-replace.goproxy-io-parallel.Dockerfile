# syntax=docker/dockerfile:1
#
# Dockerfile for example.com/app (package main in .), written by create-go-dockerfile.
#   Go 1.22.5 (needs go 1.22); bookworm builder; distroless runtime.
#   cgo: off (CGO_ENABLED=0), so the binary is static.
#   Local replace: example.com/shared => shared.
#
# Build and run:
#   docker build -t app .
#   docker run --rm app
#
# The module proxy settings are build arguments, so a network that cannot reach the proxy needs
# no edit; e.g. outside mainland China:
#   docker build --build-arg GOPROXY=https://proxy.golang.org,direct --build-arg GOSUMDB=sum.golang.org -t app .
# A step that hangs: add --progress=plain to see its output, and --build-arg GOFLAGS=-x to see
# every fetch of `go mod download`.

FROM golang:1.22.5-bookworm AS build
WORKDIR /src

# Module proxy and checksum database: override them with --build-arg, no edit needed.
ARG GOPROXY="https://goproxy.io,direct"
ARG GOSUMDB="sum.golang.google.cn"
ARG GOPRIVATE
ARG GOFLAGS

# Dependencies first: this layer is reused until the module files change, and the cache mount
# keeps downloaded modules between builds.
COPY go.mod go.sum ./
COPY shared/go.mod ./shared/
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

# Sources last: editing code rebuilds from here on, without downloading anything.
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -p 4 -ldflags="-s -w" -o /out/app .

# Runtime: distroless for a static binary; no shell, no package manager. It runs as a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /usr/local/bin/app
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/app"]
