# syntax=docker/dockerfile:1
#
# Dockerfile for example.com/billing (package main in .), written by create-go-dockerfile.
#   Go 1.23 (needs go 1.23); bookworm builder; distroless runtime.
#   cgo: off (CGO_ENABLED=0), so the binary is static.
#   Port: 7070 (from the code).
#   Private modules (GOPRIVATE): git.corp.example.com,go.corp.example.com.
#
# Build and run:
#   docker build --ssh default --secret id=known_hosts,src=$HOME/.ssh/known_hosts -t billing .
#   docker run --rm -p 7070:7070 billing
# (--ssh default forwards your ssh-agent; known_hosts must list git.corp.example.com, go.corp.example.com:
#  check the key fingerprint, then `ssh-keyscan <host> >> ~/.ssh/known_hosts`.)
#
# The module proxy settings are build arguments, so a network that cannot reach the proxy needs
# no edit; e.g. from mainland China:
#   docker build --ssh default --secret id=known_hosts,src=$HOME/.ssh/known_hosts --build-arg GOPROXY=https://goproxy.cn,direct --build-arg GOSUMDB=sum.golang.google.cn -t billing .
# A step that hangs: add --progress=plain to see its output, and --build-arg GOFLAGS=-x to see
# every fetch of `go mod download`.

FROM golang:1.23-bookworm AS build
WORKDIR /src

# Module proxy and checksum database: override them with --build-arg, no edit needed.
ARG GOPROXY="https://proxy.golang.org,direct"
ARG GOSUMDB="sum.golang.org"
# Private module paths: fetched from their git hosts, bypassing the proxy and checksum database.
ARG GOPRIVATE="git.corp.example.com,go.corp.example.com"
ARG GOFLAGS

# Dependencies first: this layer is reused until the module files change, and the cache mount
# keeps downloaded modules between builds.
COPY go.mod go.sum ./
# Private modules: git over SSH through your ssh-agent (--ssh default), from git.corp.example.com, go.corp.example.com.
# Host keys come from your own known_hosts (a build secret): an unknown or changed key fails
# the build instead of being trusted. No key is ever copied into a layer.
RUN --mount=type=ssh,required=true \
    --mount=type=secret,id=known_hosts,required=true \
    --mount=type=cache,target=/go/pkg/mod \
    git config --global url."git@git.corp.example.com:".insteadOf "https://git.corp.example.com/" && \
    git config --global url."git@go.corp.example.com:".insteadOf "https://go.corp.example.com/" && \
    GIT_SSH_COMMAND="ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile=/run/secrets/known_hosts" \
    go mod download

# Sources last: editing code rebuilds from here on, without downloading anything.
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/billing .

# Runtime: distroless for a static binary; no shell, no package manager. It runs as a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/billing /usr/local/bin/billing
USER 65532:65532
EXPOSE 7070
ENTRYPOINT ["/usr/local/bin/billing"]
