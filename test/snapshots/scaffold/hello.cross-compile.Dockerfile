# syntax=docker/dockerfile:1
#
# Dockerfile for example.com/hello (package main in .), written by create-go-dockerfile.
#   Go 1.22 (needs go 1.22); bookworm builder; scratch runtime.
#   cgo: off (CGO_ENABLED=0), so the binary is static.
#   Port: 8080 (from the code).
#
# Build and run:
#   docker buildx build --platform linux/amd64,linux/arm64,linux/arm/v7 --build-arg VERSION=$(git describe --tags --always --dirty) -t hello .
#   docker run --rm -p 8080:8080 hello
#
# The module proxy settings are build arguments, so a network that cannot reach the proxy needs
# no edit; e.g. from mainland China:
#   docker buildx build --platform linux/amd64,linux/arm64,linux/arm/v7 --build-arg GOPROXY=https://goproxy.cn,direct --build-arg GOSUMDB=sum.golang.google.cn -t hello .
# A step that hangs: add --progress=plain to see its output, and --build-arg GOFLAGS=-x to see
# every fetch of `go mod download`.

FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS build
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
ARG TARGETOS
ARG TARGETARCH
ARG TARGETVARIANT
# Stamped into main.version: --build-arg VERSION=$(git describe --tags --always --dirty)
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=${TARGETVARIANT#v} \
    go build -trimpath -p 2 -ldflags="-s -w -X main.version=${VERSION}" -o /out/hello .

# Runtime: scratch, with only the static binary and CA certificates; no /etc/passwd, so the user is numeric.
FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/hello /usr/local/bin/hello
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/hello"]
