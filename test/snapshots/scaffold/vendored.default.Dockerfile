# syntax=docker/dockerfile:1
#
# Dockerfile for example.com/vendored (package main in .), written by create-go-dockerfile.
#   Go 1.22 (needs go 1.22); bookworm builder; distroless runtime.
#   cgo: off (CGO_ENABLED=0), so the binary is static.
#
# Build and run:
#   docker build -t vendored .
#   docker run --rm vendored

FROM golang:1.22-bookworm AS build
WORKDIR /src

# vendor/modules.txt: every dependency is in vendor/, so nothing is downloaded and there is no
# module proxy or module cache to set up.
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -mod=vendor -trimpath -ldflags="-s -w" -o /out/vendored .

# Runtime: distroless for a static binary; no shell, no package manager. It runs as a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/vendored /usr/local/bin/vendored
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/vendored"]
