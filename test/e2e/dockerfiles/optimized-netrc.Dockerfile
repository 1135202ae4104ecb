# syntax=docker/dockerfile:1
# optimized.Dockerfile plus private modules through an authenticated module proxy: the netrc file
# is a BuildKit secret (docker build --secret id=netrc,src=<file>), mounted only while
# `go mod download` runs, so the credentials never reach a layer, the history or the image.
FROM golang:1.23-bookworm AS build
WORKDIR /src

ARG GOPROXY
ARG GOSUMDB
ARG GONOSUMDB
ARG GOPRIVATE
# The proxy serves the private modules too: keep them on it even if GOPRIVATE is set.
ARG GONOPROXY=none
ARG GOFLAGS

COPY go.mod go.sum ./
RUN --mount=type=secret,id=netrc,target=/root/.netrc,required=true \
    --mount=type=cache,target=/go/pkg/mod \
    go mod download

COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
