# syntax=docker/dockerfile:1
# Hand-written in the shape create-go-dockerfile generates (src/templates/Dockerfile.hbs): proves the
# e2e infrastructure end to end independently of the CLIs. Context: a copy of test/e2e/modules/hello.
FROM golang:1.23-bookworm AS build
WORKDIR /src

# Module proxy and checksum database as build arguments (the tests pass the local test proxy).
ARG GOPROXY
ARG GOSUMDB
ARG GONOSUMDB
ARG GOPRIVATE
ARG GOFLAGS

# Dependencies first: reused until go.mod/go.sum change; the cache mount keeps modules between builds.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

# Sources last: editing code rebuilds from here on, without downloading anything.
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .

# Runtime: a static binary on distroless, as a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
