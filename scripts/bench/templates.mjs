// Dockerfile templates in the style of real Go projects (and of the non-Go services that live
// beside them in a monorepo), for the synthetic benchmark monorepo. Each template renders from a
// small parameter object `p` drawn from a seeded PRNG, so the generated tree is the same on every
// run. Templates with `go: true` get a go.mod (and usually a go.sum) in their service directory.

const apt = (p) => p.pick([['git', 'ca-certificates'], ['git', 'make', 'gcc', 'libc6-dev'], ['curl', 'git', 'openssh-client'], ['build-essential', 'git', 'pkg-config', 'libssl-dev']]);
const apk = (p) => p.pick([['git'], ['git', 'gcc', 'musl-dev'], ['git', 'make', 'ca-certificates'], ['build-base', 'git', 'openssh-client', 'tzdata']]);

export const templates = [
  {
    name: 'single-stage-copy-all',
    go: true,
    render: (p) => `FROM golang:${p.go}
WORKDIR /app
COPY . .
RUN go mod download
RUN go build -o /bin/${p.svc} ./cmd/${p.svc}
EXPOSE ${p.port}
CMD ["/bin/${p.svc}"]
`,
  },
  {
    name: 'multi-stage-alpine',
    go: true,
    render: (p) => `# ${p.svc}: build in golang, run on alpine
FROM golang:${p.go}-alpine AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -ldflags="-s -w" -o /out/${p.svc} ./cmd/${p.svc}

FROM alpine:3.${p.int(16, 20)}
RUN apk add --no-cache ca-certificates tzdata
COPY --from=builder /out/${p.svc} /usr/local/bin/${p.svc}
USER nobody
ENTRYPOINT ["/usr/local/bin/${p.svc}"]
`,
  },
  {
    name: 'multi-stage-distroless-args',
    go: true,
    render: (p) => `ARG GO_VERSION=${p.go}
FROM golang:\${GO_VERSION} AS build
ARG GOPROXY=https://proxy.golang.org,direct
ARG TARGETOS=linux
ARG TARGETARCH=amd64
WORKDIR /workspace
COPY go.mod go.sum ./
RUN go mod download
COPY cmd/ cmd/
COPY internal/ internal/
RUN CGO_ENABLED=0 GOOS=\${TARGETOS} GOARCH=\${TARGETARCH} go build -a -o ${p.svc} ./cmd/${p.svc}

FROM gcr.io/distroless/static:nonroot
WORKDIR /
COPY --from=build /workspace/${p.svc} .
USER 65532:65532
ENTRYPOINT ["/${p.svc}"]
`,
  },
  {
    name: 'already-fixed',
    go: true,
    render: (p) => `# syntax=docker/dockerfile:1
FROM golang:${p.go} AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 go build -o /out/${p.svc} .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/${p.svc} /${p.svc}
ENTRYPOINT ["/${p.svc}"]
`,
  },
  {
    name: 'debian-apt-chain',
    go: true,
    render: (p) => `FROM golang:${p.go}-bookworm AS builder

# System packages for cgo and private modules
RUN apt-get update && \\
    apt-get install -y ${apt(p).join(' ')} && \\
    rm -rf /var/lib/apt/lists/*

WORKDIR /go/src/${p.module}
COPY go.mod .
COPY go.sum .
RUN go mod download -x
COPY . .
RUN go build -trimpath -o /usr/local/bin/${p.svc} .

FROM debian:bookworm-slim
RUN apt-get update \\
 && apt-get install -y --no-install-recommends ca-certificates \\
 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /usr/local/bin/${p.svc} /usr/local/bin/
CMD ["${p.svc}"]
`,
  },
  {
    name: 'alpine-apk-comments',
    go: true,
    render: (p) => `# Builder image
# ------------------------------------------------------------
FROM golang:${p.go}-alpine AS builder
# build dependencies
RUN apk update && apk add ${apk(p).join(' ')}   # no cache flag
ENV CGO_ENABLED=0 \\
    GO111MODULE=on
WORKDIR /build
# dependencies first
COPY go.* ./
RUN go mod download && go mod verify
COPY . .
# compile
RUN go build -o app ./...

# Runtime image
# ------------------------------------------------------------
FROM alpine:latest
RUN apk add ca-certificates
WORKDIR /root/
COPY --from=builder /build/app .
EXPOSE ${p.port}
CMD ["./app"]
`,
  },
  {
    name: 'node-frontend',
    go: false,
    render: (p) => `FROM node:${p.pick(['18', '20', '22'])}-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:${p.pick(['18', '20', '22'])}-alpine AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM nginx:1.${p.int(23, 27)}-alpine
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 80
`,
  },
  {
    name: 'python-service',
    go: false,
    render: (p) => `FROM python:3.${p.int(9, 12)}-slim
ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \\
      build-essential \\
      libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 1000
CMD ["gunicorn", "-b", "0.0.0.0:${p.port}", "app:app"]
`,
  },
  {
    name: 'nginx-static',
    go: false,
    render: (p) => `FROM nginx:stable-alpine
COPY nginx.conf /etc/nginx/nginx.conf
COPY public/ /usr/share/nginx/html/
EXPOSE ${p.port}
HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:${p.port}/healthz || exit 1
`,
  },
  {
    name: 'private-modules-token',
    go: true,
    render: (p) => `FROM golang:${p.go} AS builder
ARG GITHUB_TOKEN
ENV GOPRIVATE=github.com/${p.org}/*
RUN git config --global url."https://\${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /bin/${p.svc} ./cmd/${p.svc}

FROM alpine:3.19
COPY --from=builder /bin/${p.svc} /bin/${p.svc}
ENTRYPOINT ["/bin/${p.svc}"]
`,
  },
  {
    name: 'china-mirror-sumdb-off',
    go: true,
    render: (p) => `FROM golang:${p.go} AS builder
ENV GOPROXY=https://goproxy.cn,direct
ENV GOSUMDB=off
ENV GO111MODULE=on
WORKDIR /app
COPY . .
RUN go mod tidy && go mod download
RUN go build -o main .

FROM alpine
RUN sed -i 's/dl-cdn.alpinelinux.org/mirrors.aliyun.com/g' /etc/apk/repositories && \\
    apk add --no-cache tzdata
COPY --from=builder /app/main /main
CMD ["/main"]
`,
  },
  {
    name: 'go-workspace',
    go: true,
    render: (p) => `FROM golang:${p.go} AS build
WORKDIR /src
COPY go.work go.work.sum ./
COPY libs/ libs/
COPY services/${p.svc}/go.mod services/${p.svc}/go.sum services/${p.svc}/
RUN go mod download
COPY . .
RUN go build -o /out/${p.svc} ./services/${p.svc}

FROM gcr.io/distroless/base
COPY --from=build /out/${p.svc} /
CMD ["/${p.svc}"]
`,
  },
  {
    name: 'multi-binary-loop',
    go: true,
    render: (p) => `FROM golang:${p.go}-alpine AS builder
RUN apk add --no-cache git make
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN for cmd in api worker migrate; do \\
      CGO_ENABLED=0 go build -o /out/$cmd ./cmd/$cmd || exit 1; \\
    done

FROM alpine:3.20
RUN addgroup -S app && adduser -S app -G app
COPY --from=builder /out/ /usr/local/bin/
USER app
CMD ["api"]
`,
  },
  {
    name: 'heredoc-run',
    go: true,
    render: (p) => `# syntax=docker/dockerfile:1.4
FROM golang:${p.go} AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN <<EOF
set -eux
go mod download
go mod verify
EOF
COPY . .
RUN go build -o /out/${p.svc} .

FROM scratch
COPY --from=builder /out/${p.svc} /${p.svc}
ENTRYPOINT ["/${p.svc}"]
`,
  },
  {
    name: 'test-stage',
    go: true,
    render: (p) => `FROM golang:${p.go} AS base
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .

FROM base AS test
RUN go vet ./... && go test -race ./...

FROM base AS build
RUN CGO_ENABLED=0 go build -o /out/${p.svc} ./cmd/${p.svc}

FROM gcr.io/distroless/static
COPY --from=build /out/${p.svc} /
ENTRYPOINT ["/${p.svc}"]
`,
  },
  {
    name: 'scratch-nonroot-certs',
    go: true,
    render: (p) => `FROM golang:${p.go}-alpine AS builder
RUN apk add --no-cache ca-certificates git
RUN adduser -D -g '' appuser
WORKDIR $GOPATH/src/${p.module}
COPY . .
RUN go get -d -v
RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -ldflags="-w -s" -o /go/bin/${p.svc}

FROM scratch
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=builder /etc/passwd /etc/passwd
COPY --from=builder /go/bin/${p.svc} /go/bin/${p.svc}
USER appuser
ENTRYPOINT ["/go/bin/${p.svc}"]
`,
  },
  {
    name: 'tools-install',
    go: true,
    render: (p) => `FROM golang:${p.go} AS tools
RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.${p.int(50, 60)}.0 && \\
    go install golang.org/x/tools/cmd/goimports@latest

FROM golang:${p.go} AS builder
COPY --from=tools /go/bin/ /go/bin/
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN golangci-lint run ./... && go build -o /app/bin/${p.svc} ./cmd/${p.svc}

FROM alpine:3.18
COPY --from=builder /app/bin/${p.svc} /usr/bin/${p.svc}
CMD ["${p.svc}"]
`,
  },
  {
    name: 'onbuild-base',
    go: true,
    render: (p) => `FROM golang:${p.go}
LABEL maintainer="platform@${p.org}.example"
ENV APP_HOME=/go/src/app
WORKDIR $APP_HOME
ONBUILD COPY . $APP_HOME
ONBUILD RUN go mod download
ONBUILD RUN go build -o /go/bin/app .
CMD ["/go/bin/app"]
`,
  },
  {
    name: 'crlf-multi-stage',
    go: true,
    render: (p) =>
      `FROM golang:${p.go} AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/${p.svc} .

FROM debian:bookworm-slim
COPY --from=builder /out/${p.svc} /usr/local/bin/${p.svc}
CMD ["${p.svc}"]
`.replace(/\n/g, '\r\n'),
  },
  {
    name: 'ignore-file',
    go: true,
    render: (p) => `# gomod-fix ignore-file
# Hand-tuned for the release pipeline; do not rewrite.
FROM golang:${p.go} AS builder
WORKDIR /src
COPY . .
RUN go build -o /out/${p.svc} .
FROM scratch
COPY --from=builder /out/${p.svc} /
`,
  },
  {
    name: 'exec-form-run',
    go: true,
    render: (p) => `FROM golang:${p.go}
WORKDIR /app
COPY go.mod go.sum ./
RUN ["go", "mod", "download"]
COPY . .
RUN ["go", "build", "-o", "/app/${p.svc}", "."]
ENTRYPOINT ["/app/${p.svc}"]
`,
  },
  {
    name: 'ubuntu-go-tarball',
    go: true,
    render: (p) => `FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y wget git build-essential
RUN wget -q https://go.dev/dl/go${p.go}.0.linux-amd64.tar.gz && \\
    tar -C /usr/local -xzf go${p.go}.0.linux-amd64.tar.gz && \\
    rm go${p.go}.0.linux-amd64.tar.gz
ENV PATH=$PATH:/usr/local/go/bin
WORKDIR /app
COPY . .
RUN go mod download && go build -o /usr/local/bin/${p.svc} .
CMD ["${p.svc}"]
`,
  },
  {
    name: 'postgres-init',
    go: false,
    render: (p) => `FROM postgres:${p.int(13, 16)}
ENV POSTGRES_DB=${p.svc}
COPY ./initdb/*.sql /docker-entrypoint-initdb.d/
HEALTHCHECK CMD pg_isready -U postgres || exit 1
`,
  },
  {
    name: 'java-gradle',
    go: false,
    render: (p) => `FROM eclipse-temurin:21-jdk AS build
WORKDIR /workspace
COPY gradlew settings.gradle build.gradle ./
COPY gradle gradle
RUN ./gradlew --no-daemon dependencies
COPY src src
RUN ./gradlew --no-daemon bootJar

FROM eclipse-temurin:21-jre
COPY --from=build /workspace/build/libs/*.jar /app/app.jar
EXPOSE ${p.port}
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
`,
  },
];
