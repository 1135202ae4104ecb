# syntax=docker/dockerfile:1
#
# Dockerfile.worker for example.com/shop (package main in cmd/worker), written by create-go-dockerfile.
#   Go 1.23 (needs go 1.23.0); bookworm builder; distroless runtime.
#   cgo: off (CGO_ENABLED=0), so the binary is static.
#
# Build and run:
#   docker build -f Dockerfile.worker -t worker .
#   docker run --rm worker
#
# The module proxy settings are build arguments, so a network that cannot reach the proxy needs
# no edit; e.g. from mainland China:
#   docker build -f Dockerfile.worker --build-arg GOPROXY=https://goproxy.cn,direct --build-arg GOSUMDB=sum.golang.google.cn -t worker .
# A step that hangs: add --progress=plain to see its output, and --build-arg GOFLAGS=-x to see
# every fetch of `go mod download`.

FROM golang:1.23-bookworm AS build
WORKDIR /src

# Module proxy and checksum database: override them with --build-arg, no edit needed.
ARG GOPROXY="https://proxy.golang.org,direct"
ARG GOSUMDB="sum.golang.org"
ARG GOPRIVATE
ARG GOFLAGS

# Dependencies first: this layer is reused until the module files change, and the cache mount
# keeps downloaded modules between builds.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

# Sources last: editing code rebuilds from here on, without downloading anything.
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/worker ./cmd/worker

# Runtime: distroless for a static binary; no shell, no package manager. It runs as a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/worker /usr/local/bin/worker
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/worker"]
