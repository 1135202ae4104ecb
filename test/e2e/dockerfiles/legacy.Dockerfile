# The "before" of gomod-fix: sources copied before `go mod download`, no cache mounts, so every
# source edit re-runs the download from an empty module cache. (GOPROXY/GONOSUMDB are ARGs only
# so that the test can point the build at its local proxy; gomod-fix leaves those alone.)
FROM golang:1.23 AS build
ARG GOPROXY
ARG GONOSUMDB
WORKDIR /src
COPY . .
RUN go mod download
RUN go build -o /app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
ENTRYPOINT ["/app"]
