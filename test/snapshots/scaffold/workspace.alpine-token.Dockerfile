# syntax=docker/dockerfile:1
#
# Dockerfile for the go.work workspace (package main in api), written by create-go-dockerfile.
#   Go 1.23 (needs go 1.23); alpine builder; distroless runtime.
#   cgo: off (CGO_ENABLED=0), so the binary is static.
#   Port: 9000 (from the code).
#   Workspace: go.work with api, lib.
#   Private modules (GOPRIVATE): example.com/ws.
#
# Build and run:
#   docker build --secret id=git_token,src=$HOME/.git-token -t api .
#   docker run --rm -p 9000:9000 api
# (~/.git-token holds a read-only access token for example.com; it stays out of the image.)
#
# The module proxy settings are build arguments, so a network that cannot reach the proxy needs
# no edit; e.g. from mainland China:
#   docker build --secret id=git_token,src=$HOME/.git-token --build-arg GOPROXY=https://goproxy.cn,direct --build-arg GOSUMDB=sum.golang.google.cn -t api .
# A step that hangs: add --progress=plain to see its output, and --build-arg GOFLAGS=-x to see
# every fetch of `go mod download`.

FROM golang:1.23-alpine AS build
RUN apk add --no-cache git
WORKDIR /src

# Module proxy and checksum database: override them with --build-arg, no edit needed.
ARG GOPROXY="https://proxy.golang.org,direct"
ARG GOSUMDB="sum.golang.org"
# Private module paths: fetched from their git hosts, bypassing the proxy and checksum database.
ARG GOPRIVATE="example.com/ws"
ARG GOFLAGS

# Dependencies first: this layer is reused until the module files change, and the cache mount
# keeps downloaded modules between builds.
# go.sum* and go.work.sum* are globs: there is no go.sum or go.work.sum yet; once Go writes them,
# they are copied here too. A glob may match nothing, while COPY of a missing file fails the build.
COPY go.work go.work.sum* ./
COPY api/go.mod api/go.sum* ./api/
COPY lib/go.mod lib/go.sum* ./lib/
# Private modules: git over HTTPS with an access token, from example.com.
# The token is a build secret that a credential helper reads from /run/secrets only when git
# asks for it: never stored in a layer, an ARG, an ENV or the git config.
RUN --mount=type=secret,id=git_token,required=true \
    --mount=type=cache,target=/go/pkg/mod \
    git config --global credential."https://example.com".helper \
        '!f() { test "$1" = get && echo username=oauth2 && echo "password=$(cat /run/secrets/git_token)"; }; f' && \
    go mod download

# Sources last: editing code rebuilds from here on, without downloading anything.
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/api ./api

# Runtime: distroless for a static binary; no shell, no package manager. It runs as a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /usr/local/bin/api
USER 65532:65532
EXPOSE 9000
ENTRYPOINT ["/usr/local/bin/api"]
