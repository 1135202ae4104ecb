import { describe, expect, it } from 'vitest';
import { applyEdits, insertLinesBeforeComments, parseDockerfile } from '../../src/dockerfile/index.js';
import goModLayerOrder from '../../src/transforms/go-mod-layer-order.js';
import { project, ruleTester, run } from './tester.js';

const mod = project({ goMod: 'module example.com/app\n\ngo 1.23\n' });
const withReplace = project({ goMod: 'module example.com/app\n\ngo 1.23\n\nreplace example.com/sdk => ./pkg/sdk\n' });
const outsideReplace = project({ goMod: 'module example.com/app\n\ngo 1.23\n\nreplace example.com/shared => ../shared\n' });
const workspace = project({
  goWork: 'go 1.23\n\nuse (\n\t.\n\t./services/api\n\t./libs/auth\n)\n\nreplace example.com/log => ./third_party/log\n',
  goMod: 'module example.com/root\n\ngo 1.23\n',
  members: {
    '.': 'module example.com/root\n\ngo 1.23\n',
    'services/api': 'module example.com/api\n\ngo 1.23\n\nreplace example.com/proto => ../../gen/proto\n',
    'libs/auth': { goMod: 'module example.com/auth\n\ngo 1.22\n', goSum: false },
  },
});
const msg = (copy: string, go: string): string =>
  `\`${copy}\` copies the sources before \`go ${go}\` fetches the dependencies: any source change invalidates that layer, so every build downloads all modules again`;

ruleTester(goModLayerOrder, {
  valid: [
    // The right order already.
    { code: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .\n', project: mod },
    { code: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.* ./\nRUN go mod download\nCOPY . .\nRUN go build .\n', project: mod },
    { code: 'FROM golang:1.23\nWORKDIR /app\nCOPY ["go.mod", "go.sum", "./"]\nRUN go mod download\nCOPY . .\nRUN go build .\n', project: mod },
    { code: 'FROM golang:1.23\nCOPY go.mod go.sum* /src/\nRUN cd /src && go mod download\nCOPY . /src\nRUN cd /src && go build .\n', project: mod },
    // Docker's own Go guide: bind mounts, no COPY of the sources at all.
    {
      code: 'FROM golang:1.23\nWORKDIR /src\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=bind,source=go.sum,target=go.sum \\\n    --mount=type=bind,source=go.mod,target=go.mod \\\n    go mod download -x\nRUN --mount=type=bind,target=. go build -o /bin/server .\n',
      project: mod,
    },
    // Vendored: nothing to download.
    { code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build -o /app .\n', project: project({ goMod: 'module x\ngo 1.23\n', vendored: true }) },
    { code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build -mod=vendor -o /app .\n', project: mod },
    { code: 'FROM golang:1.23\nENV GOFLAGS=-mod=vendor\nWORKDIR /app\nCOPY . .\nRUN go build -o /app .\n', project: mod },
    // Not Go, or Go that does not use the local module.
    'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
    { code: 'FROM golang:1.23\nCOPY . .\nRUN go install github.com/go-task/task/v3/cmd/task@v3.38.0\n', project: mod },
    { code: 'FROM golang:1.23\nCOPY . .\nRUN go version && go env\n', project: mod },
    // GOPATH mode: no modules.
    { code: 'FROM golang:1.15\nENV GO111MODULE=off\nCOPY . /go/src/example.com/app\nRUN go build example.com/app\n', project: mod },
    // The module is created in the image.
    { code: 'FROM golang:1.23\nCOPY . .\nRUN go mod init example.com/app && go mod tidy && go build .\n', project: mod },
    // An earlier stage already downloaded.
    {
      code: 'FROM golang:1.23 AS deps\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM deps AS build\nCOPY . .\nRUN go build -o /app .\n',
      project: mod,
    },
    // Copies from another stage are not the build context.
    { code: 'FROM golang:1.23\nCOPY --from=source /src /src\nRUN cd /src && go test ./...\n', project: mod },
    // ONBUILD runs in someone else's build.
    { code: 'FROM golang:1.23\nONBUILD COPY . .\nONBUILD RUN go build .\n', project: mod },
    // The sources only reach the runtime stage.
    { code: 'FROM golang:1.23 AS build\nRUN go install example.com/tool@latest\nFROM alpine:3.20\nCOPY . /srv\n', project: mod },
    // Go before modules, and 1.11/1.12 without GO111MODULE=on (GOPATH mode), also through an ARG.
    { code: 'FROM golang:1.10\nCOPY . /go/src/github.com/acme/legacy\nWORKDIR /go/src/github.com/acme/legacy\nRUN go get -d -v ./...\n', project: mod },
    { code: 'ARG GO=1.12-alpine\nFROM golang:${GO}\nCOPY . /go/src/app\nWORKDIR /go/src/app\nRUN go build .\n', project: mod },
    // The module cache comes from a stage that downloaded it: that is the cached download.
    {
      code: 'FROM golang:1.22 AS modules\nCOPY go.mod go.sum /m/\nRUN cd /m && go mod download\nFROM golang:1.22 AS build\nCOPY --from=modules /go/pkg /go/pkg\nCOPY . /app\nWORKDIR /app\nRUN go build -o /bin/app .\n',
      project: mod,
    },
    // GOPATH mode inherited from the stage it is built FROM (the shared moduleMode predicate).
    { code: 'FROM golang:1.22 AS base\nENV GO111MODULE=off\nFROM base\nWORKDIR /app\nCOPY . .\nRUN go build .\n', project: mod },
    { code: 'FROM golang:1.22\nRUN go env -w GO111MODULE=off\nWORKDIR /app\nCOPY . .\nRUN go build .\n', project: mod },
    // go.mod may come from somewhere we cannot see: another stage, a git clone, a base image.
    { code: 'FROM golang:1.22\nWORKDIR /src\nCOPY --from=src /src/ ./\nRUN go mod download\n', project: mod },
    { code: 'FROM golang:1.22\nWORKDIR /src\nRUN git clone https://github.com/acme/app . && go mod download\n', project: mod },
    { code: 'FROM acme/go-app-src:1\nWORKDIR /src\nRUN go mod download\n', project: mod },
    { code: 'FROM golang:1.22\nWORKDIR /src\nRUN --mount=type=bind,target=. go mod download\n', project: mod },
    // No go.mod in the context we know of: nothing to say.
    'FROM golang:1.22\nWORKDIR /src\nCOPY main.go .\nRUN go mod download\n',
    // Module files only, by glob.
    { code: 'FROM golang:1.23\nWORKDIR /app\nCOPY *.mod *.sum ./\nRUN go mod download\nCOPY . .\nRUN go build .\n', project: mod },
  ],
  invalid: [
    {
      name: 'the classic: the late download is moved in front of the sources',
      code: 'FROM golang:1.21 AS builder\nWORKDIR /app\nCOPY . .\nRUN go mod download\nRUN CGO_ENABLED=0 go build -o app .\n\nFROM alpine:3.20\nCOPY --from=builder /app/app /usr/local/bin/app\n',
      output:
        'FROM golang:1.21 AS builder\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o app .\n\nFROM alpine:3.20\nCOPY --from=builder /app/app /usr/local/bin/app\n',
      errors: [{ line: 3, message: msg('COPY . .', 'mod download') }],
      project: mod,
    },
    {
      name: 'no download at all: one is inserted, the build is kept',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n',
      errors: [{ line: 3, message: msg('COPY . .', 'build') }],
      project: mod,
    },
    {
      name: 'CRLF and indentation kept; the moved download keeps its flags and arguments',
      code: 'FROM golang:1.23\r\n  WORKDIR /app\r\n  COPY ./ ./\r\n  RUN --mount=type=ssh go mod download -x\r\n  RUN go build .\r\n',
      output: 'FROM golang:1.23\r\n  WORKDIR /app\r\n  COPY go.mod go.sum ./\r\n  RUN --mount=type=ssh go mod download -x\r\n  COPY ./ ./\r\n  RUN go build .\r\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'a continued download is moved whole',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN GOPROXY=https://goproxy.cn,direct \\\n    go mod download\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN GOPROXY=https://goproxy.cn,direct \\\n    go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'destination other than WORKDIR: files go there and the download runs there',
      code: 'FROM golang:1.23\nCOPY . /src\nRUN cd /src && go build -o /app .\n',
      output: 'FROM golang:1.23\nCOPY go.mod go.sum /src/\nRUN cd /src && go mod download\nCOPY . /src\nRUN cd /src && go build -o /app .\n',
      errors: [{ line: 2, message: msg('COPY . /src', 'build') }],
      project: mod,
    },
    {
      name: 'ADD into GOPATH, WORKDIR after it: the late go get is kept',
      code: 'FROM golang:1.16\nADD . /go/src/app\nWORKDIR /go/src/app\nRUN go get -d -v ./...\nRUN go install -v ./...\n',
      output: 'FROM golang:1.16\nCOPY go.mod go.sum /go/src/app/\nRUN cd /go/src/app && go mod download\nADD . /go/src/app\nWORKDIR /go/src/app\nRUN go get -d -v ./...\nRUN go install -v ./...\n',
      errors: [{ line: 2, message: msg('ADD . /go/src/app', 'get') }],
      project: mod,
    },
    {
      name: 'a relative destination',
      code: 'FROM golang:1.23\nWORKDIR /work\nCOPY . src\nRUN cd src && go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /work\nCOPY go.mod go.sum src/\nRUN cd src && go mod download\nCOPY . src\nRUN cd src && go build .\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'a destination through a variable that is the WORKDIR',
      code: 'FROM golang:1.23\nENV APP_HOME=/app\nWORKDIR $APP_HOME\nCOPY . $APP_HOME\nRUN go mod download\nRUN go build .\n',
      output: 'FROM golang:1.23\nENV APP_HOME=/app\nWORKDIR $APP_HOME\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . $APP_HOME\nRUN go build .\n',
      errors: [{ line: 4 }],
      project: mod,
    },
    {
      name: 'a destination variable that cannot be resolved: kept as written, unsafe',
      code: 'FROM golang:1.23\nCOPY . ${SRC_DIR}\nRUN cd ${SRC_DIR} && go build .\n',
      output: 'FROM golang:1.23\nCOPY go.mod go.sum ${SRC_DIR}/\nRUN cd ${SRC_DIR} && go mod download\nCOPY . ${SRC_DIR}\nRUN cd ${SRC_DIR} && go build .\n',
      errors: [{ line: 2 }],
      project: mod,
      unsafe: true,
    },
    {
      name: '--chown and --chmod are repeated, --link and --exclude are not',
      code: 'FROM golang:1.23\nUSER 1000\nWORKDIR /home/app\nCOPY --chown=1000:1000 --link --chmod=644 --exclude=*.md . .\nRUN go build .\n',
      output:
        'FROM golang:1.23\nUSER 1000\nWORKDIR /home/app\nCOPY --chown=1000:1000 --chmod=644 go.mod go.sum ./\nRUN go mod download\nCOPY --chown=1000:1000 --link --chmod=644 --exclude=*.md . .\nRUN go build .\n',
      errors: [{ line: 4 }],
      project: mod,
    },
    {
      name: 'JSON-form COPY',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY [".", "."]\nRUN ["go", "build", "-o", "/app", "."]\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY [".", "."]\nRUN ["go", "build", "-o", "/app", "."]\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'go.mod listed with source files',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum main.go ./\nRUN go build -o /app .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY go.mod go.sum main.go ./\nRUN go build -o /app .\n',
      errors: [{ line: 3, message: msg('COPY go.mod go.sum main.go ./', 'build') }],
      project: mod,
    },
    {
      name: 'COPY * . counts as the whole context',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY * ./\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY * ./\nRUN go build .\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'go.mod copied already, download after the sources: only the download moves',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nCOPY . .\nRUN go mod download\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 4 }],
      project: mod,
    },
    {
      name: 'go.mod copied already but not the replace target: that is added with the download',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nCOPY . .\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nCOPY pkg/sdk/go.mod pkg/sdk/\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 4 }],
      project: withReplace,
    },
    {
      name: 'go.mod copied already, to another directory: reported, no fix',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum /tmp/\nCOPY . .\nRUN go build .\n',
      output: null,
      errors: [{ line: 4 }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'a local replace inside the module: its go.mod is copied too',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nCOPY pkg/sdk/go.mod pkg/sdk/\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 3 }],
      project: withReplace,
    },
    {
      name: 'a local replace outside the build context: reported, no fix',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build .\n',
      output: null,
      errors: [{ line: 3 }],
      project: outsideReplace,
      unsafe: true,
    },
    {
      name: 'go.work workspace: go.work, every member and every local replace, at the same relative paths',
      code: 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api ./services/api\n',
      output:
        'FROM golang:1.23\nWORKDIR /src\nCOPY go.work go.work.sum* go.mod go.sum ./\nCOPY services/api/go.mod services/api/go.sum services/api/\nCOPY libs/auth/go.mod libs/auth/go.sum* libs/auth/\nCOPY gen/proto/go.mod gen/proto/\nCOPY third_party/log/go.mod third_party/log/\nRUN go mod download\nCOPY . .\nRUN go build -o /out/api ./services/api\n',
      errors: [{ line: 3 }],
      project: workspace,
    },
    {
      name: 'go.work in .dockerignore: the root module alone',
      code: 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 3 }],
      project: project({ goWork: 'go 1.23\nuse ./tools\n', goMod: 'module x\ngo 1.23\n', members: { tools: 'module t\ngo 1.23\n' }, dockerignore: '.git\ngo.work\n' }),
    },
    {
      name: 'a workspace member copied on its own: that module alone',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY services/api/ ./\nRUN go build -o /api .\n',
      output: null,
      errors: [{ line: 3 }],
      // Its replace points to ../../gen/proto, which this COPY does not bring in.
      project: workspace,
      unsafe: true,
    },
    {
      name: 'a workspace member without replaces, copied on its own',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY libs/auth .\nRUN go test ./...\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY libs/auth/go.mod libs/auth/go.sum* ./\nRUN go mod download\nCOPY libs/auth .\nRUN go test ./...\n',
      errors: [{ line: 3, message: msg('COPY libs/auth .', 'test') }],
      project: workspace,
    },
    {
      name: 'no build context known: the plain form, unsafe (a replace or go.work cannot be seen)',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build .\n',
      output: null,
      errors: [{ line: 3 }],
    },
    {
      name: 'no build context known, fixed on request',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 3 }],
      unsafe: true,
    },
    {
      name: 'no build context known and go runs in a subdirectory: the module may live there, no fix',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN cd server && go build -o /out/server .\n',
      output: null,
      errors: [{ line: 3 }],
      unsafe: true,
    },
    {
      name: 'a credential file copied in between: no fix',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nCOPY .netrc /root/.netrc\nRUN go build .\n',
      output: null,
      errors: [{ line: 3, message: /; no fix: a later COPY copies a credential file, which the download may need/ }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'a context without go.mod is as good as none',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build .\n',
      output: null,
      errors: [{ line: 3 }],
      project: project({}),
    },
    {
      name: 'a proxy set between the COPY and the download: the early one would not see it (no fix)',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nENV GOPROXY=https://goproxy.cn,direct\nRUN go mod download\n',
      output: null,
      errors: [{ line: 3, message: /; no fix: an ENV after the COPY sets GOPROXY, which the download may need: move it above `COPY \. \.`$/ }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'build-only variables in between do not matter: GOCACHE, GOFLAGS without module flags, CGO_ENABLED',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nENV GOCACHE=/tmp/gocache GOFLAGS="-trimpath -buildvcs=false" CGO_ENABLED=0\nARG GOEXPERIMENT\nRUN go mod download\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nENV GOCACHE=/tmp/gocache GOFLAGS="-trimpath -buildvcs=false" CGO_ENABLED=0\nARG GOEXPERIMENT\nRUN go build .\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'GOFLAGS with a module flag in between: no fix',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nENV GOFLAGS=-modcacherw\nRUN go mod download\n',
      output: null,
      errors: [{ line: 3, message: /no fix: an ENV after the COPY sets GOFLAGS, which the download may need/ }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'an HTTPS proxy, a git variable, GOINSECURE, GOVCS, GONOSUMDB, GOAUTH in between: no fix',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nARG https_proxy\nRUN go mod download\nFROM golang:1.23\nWORKDIR /app\nCOPY . .\nENV GIT_TERMINAL_PROMPT=0\nRUN go mod download\nFROM golang:1.23\nWORKDIR /app\nCOPY . .\nENV GOINSECURE=corp.example GOVCS=*:git GONOSUMDB=corp.example GOAUTH=netrc\nRUN go mod download\n',
      output: null,
      errors: [
        { line: 3, message: /sets https_proxy/ },
        { line: 8, message: /sets GIT_TERMINAL_PROMPT/ },
        { line: 13, message: /sets GOINSECURE/ },
      ],
      project: mod,
      unsafe: true,
    },
    {
      name: 'the comment lines right above a moved download move with it',
      code: 'FROM golang:1.23\nWORKDIR /app\n# the sources\nCOPY . .\n\n# fetch the dependencies\n# (all of them)\nRUN go mod download\n\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\n# fetch the dependencies\n# (all of them)\nRUN go mod download\n# the sources\nCOPY . .\n\nRUN go build .\n',
      errors: [{ line: 4 }],
      project: mod,
    },
    {
      name: 'a comment separated from the download by a blank line stays',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\n# build steps\n\nRUN go mod download\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n# build steps\n\nRUN go build .\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'a commented download at the end of a file without a final newline',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\n\n# deps\nRUN go mod download',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\n# deps\nRUN go mod download\nCOPY . .',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'lower-case keywords: the new lines are lower-case too',
      code: 'from golang:1.23\nworkdir /app\ncopy . .\nrun go build -o /app .\n',
      output: 'from golang:1.23\nworkdir /app\ncopy go.mod go.sum ./\nrun go mod download\ncopy . .\nrun go build -o /app .\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'go.mod never copied into the stage: the download fails; go.mod and go.sum are copied in before it',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY main.go .\nRUN go mod download\nRUN go build -o /app .\n',
      output: 'FROM golang:1.22\nWORKDIR /src\nCOPY main.go .\nCOPY go.mod go.sum ./\nRUN go mod download\nRUN go build -o /app .\n',
      errors: [
        {
          line: 4,
          message:
            '`go mod download` runs where go.mod is never copied into the stage: it fails ("go: go.mod file not found in current directory or any parent directory"); copy go.mod and go.sum in before it',
        },
      ],
      project: mod,
    },
    {
      name: '... also in a RUN that builds too, with its comment and in lower case',
      code: 'from golang:1.22\nworkdir /src\ncopy main.go .\n# deps and build\nrun --mount=type=cache,target=/go/pkg/mod go mod download && go build -o /app .\n',
      output: 'from golang:1.22\nworkdir /src\ncopy main.go .\ncopy go.mod go.sum ./\n# deps and build\nrun --mount=type=cache,target=/go/pkg/mod go mod download && go build -o /app .\n',
      errors: [{ line: 5, message: /^`go mod download` runs where go.mod is never copied into the stage/ }],
      project: mod,
    },
    {
      name: 'go.mod never copied, download in another directory: reported, no fix',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY main.go .\nRUN cd /tmp && go mod download\n',
      output: null,
      errors: [{ line: 4, message: /never copied/ }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'target-only variables and WORKDIR in between do not matter',
      code: 'FROM golang:1.23\nCOPY . /app\nENV CGO_ENABLED=0 GOOS=linux\nARG TARGETARCH\nWORKDIR /app\nRUN GOARCH=$TARGETARCH go build -o /out/app .\n',
      output: 'FROM golang:1.23\nCOPY go.mod go.sum /app/\nRUN cd /app && go mod download\nCOPY . /app\nENV CGO_ENABLED=0 GOOS=linux\nARG TARGETARCH\nWORKDIR /app\nRUN GOARCH=$TARGETARCH go build -o /out/app .\n',
      errors: [{ line: 2 }],
      project: mod,
    },
    {
      name: 'a RUN in between (it may generate files the download reads): unsafe',
      code: 'FROM golang:1.23-alpine\nWORKDIR /app\nCOPY . .\nRUN make generate\nRUN go mod download\n',
      output: 'FROM golang:1.23-alpine\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN make generate\n',
      errors: [{ line: 3 }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'git installed in between: the download may need it (private or direct modules), no fix',
      code: 'FROM golang:1.23-alpine\nWORKDIR /app\nCOPY . .\nRUN apk add --no-cache git\nRUN go mod download\n',
      output: null,
      errors: [{ line: 3, message: /; no fix: a RUN after the COPY installs git or certificates, which the download may need: move it above `COPY \. \.`$/ }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'credentials set up in between (corpus token-in-arg): the download must stay after them, no fix',
      code:
        'FROM golang:1.22\n\nARG GITHUB_TOKEN\nENV GOPRIVATE=github.com/acme-private/*\n\nWORKDIR /go/src/app\nCOPY . .\n\nRUN git config --global url."https://${GITHUB_TOKEN}:x-oauth-basic@github.com/".insteadOf "https://github.com/"\nRUN go mod download\nRUN go build -o main .\n',
      output: null,
      errors: [{ line: 7, message: msg('COPY . .', 'mod download') + '; no fix: a RUN after the COPY configures git (`git config`), which the download may need: move it above `COPY . .`' }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'a .netrc written from a secret in between: no fix',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN --mount=type=secret,id=netrc cp /run/secrets/netrc /root/.netrc\nRUN go mod download\n',
      output: null,
      errors: [{ line: 3, message: /no fix: a RUN after the COPY uses a secret or SSH mount/ }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'go env -w in between: no fix',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go env -w GOPRIVATE=example.com/corp\nRUN go build .\n',
      output: null,
      errors: [{ line: 3, message: /no fix: a RUN after the COPY writes go env \(`go env -w`\)/ }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'credentials set up before the COPY: the download goes after them, safe',
      code: 'FROM golang:1.23\nWORKDIR /app\nRUN git config --global url."git@github.com:".insteadOf "https://github.com/"\nCOPY . .\nRUN --mount=type=ssh go mod download\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nRUN git config --global url."git@github.com:".insteadOf "https://github.com/"\nCOPY go.mod go.sum ./\nRUN --mount=type=ssh go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 4 }],
      project: mod,
    },
    {
      name: 'other commands before go in the same RUN: unsafe; cd and echo are fine',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN ./scripts/prepare.sh && go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN ./scripts/prepare.sh && go build .\n',
      errors: [{ line: 3 }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'git configured before go in the same RUN: no fix',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN git config --global url."git@github.com:".insteadOf "https://github.com/" && go build .\n',
      output: null,
      errors: [{ line: 3, message: /; no fix: the same RUN configures git \(`git config`\) before go, which the download may need: move that to a RUN above `COPY \. \.`$/ }],
      project: mod,
      unsafe: true,
    },
    {
      name: 'a moved download leaves no double blank line',
      code: 'FROM golang:1.23\nWORKDIR /app\n\nCOPY . .\n\nRUN go mod download\n\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\n\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n\nRUN go build .\n',
      errors: [{ line: 4 }],
      project: mod,
    },
    {
      name: 'no go.sum in the context (no dependencies yet): a glob, so a later go.sum is copied too',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 3 }],
      project: project({ goMod: 'module x\n\ngo 1.23\n', goSum: false }),
    },
    {
      name: 'go.sum listed in .dockerignore: a glob (COPY go.sum would fail)',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 3 }],
      project: project({ goMod: 'module x\n\ngo 1.23\n', dockerignore: '.git\ngo.sum\n' }),
    },
    {
      name: 'ssh/secret mounts, a module-cache mount, --network and proxy variables of the build are repeated on the download',
      code:
        'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,id=gomod,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build --mount=type=ssh --mount=type=secret,id=netrc,target=/root/.netrc --network=host \\\n    echo building && GOPRIVATE=github.com/acme CGO_ENABLED=0 go build -o /app .\n',
      output:
        'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,id=gomod,target=/go/pkg/mod --mount=type=ssh --mount=type=secret,id=netrc,target=/root/.netrc --network=host GOPRIVATE=github.com/acme go mod download\nCOPY . .\nRUN --mount=type=cache,id=gomod,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build --mount=type=ssh --mount=type=secret,id=netrc,target=/root/.netrc --network=host \\\n    echo building && GOPRIVATE=github.com/acme CGO_ENABLED=0 go build -o /app .\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'a heredoc build: a download is inserted, the heredoc untouched',
      code: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN <<EOF\nset -e\ngo build -o /app .\nEOF\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN <<EOF\nset -e\ngo build -o /app .\nEOF\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'the sources copied in a base stage, built in another: fixed where the COPY is',
      code: 'FROM golang:1.23 AS src\nWORKDIR /app\nCOPY . .\nFROM src AS build\nRUN go build -o /out/app .\nFROM src AS test\nRUN go test ./...\n',
      output: 'FROM golang:1.23 AS src\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nFROM src AS build\nRUN go build -o /out/app .\nFROM src AS test\nRUN go test ./...\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'two Go stages each with their own COPY',
      code: 'FROM golang:1.23 AS build\nWORKDIR /app\nCOPY . .\nRUN go build .\nFROM golang:1.23 AS lint\nWORKDIR /lint\nCOPY . .\nRUN go vet ./...\n',
      output:
        'FROM golang:1.23 AS build\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build .\nFROM golang:1.23 AS lint\nWORKDIR /lint\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go vet ./...\n',
      errors: [{ line: 3 }, { line: 7 }],
      project: mod,
    },
    {
      name: 'a comment that describes the COPY stays with it; one after a blank line does not',
      code: 'FROM golang:1.23\nWORKDIR /app\n\n# Build stuff\n\n# Copy the sources\n# (all of them)\nCOPY . .\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\n\n# Build stuff\n\nCOPY go.mod go.sum ./\nRUN go mod download\n# Copy the sources\n# (all of them)\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 8 }],
      project: mod,
    },
    {
      name: 'a comment right after FROM, and a continued FROM line',
      code: 'FROM --platform=$BUILDPLATFORM \\\n  golang:1.23 AS build\n# sources\nCOPY . .\nRUN go build .\n',
      output: 'FROM --platform=$BUILDPLATFORM \\\n  golang:1.23 AS build\nCOPY go.mod go.sum ./\nRUN go mod download\n# sources\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 4 }],
      project: mod,
    },
    {
      name: 'Go 1.12 with GO111MODULE=on uses modules',
      code: 'FROM golang:1.12\nENV GO111MODULE=on\nWORKDIR /app\nCOPY . .\nRUN go build .\n',
      output: 'FROM golang:1.12\nENV GO111MODULE=on\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 4 }],
      project: mod,
    },
    {
      name: 'Go 1.12 outside GOPATH/src: auto mode uses the go.mod there',
      code: 'FROM golang:1.12\nWORKDIR /app\nCOPY . .\nRUN go build .\n',
      output: 'FROM golang:1.12\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 3 }],
      project: mod,
    },
    {
      name: 'a download before go.mod is in the stage: it fails; go.mod is copied in before it',
      code: 'FROM golang:1.23\nWORKDIR /app\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      output: 'FROM golang:1.23\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      errors: [{ line: 3, message: '`go mod download` runs before go.mod is copied into the stage: it fails ("go: go.mod file not found in current directory or any parent directory"); copy go.mod and go.sum in before it' }],
      project: mod,
    },
    {
      name: 'a download before go.mod, on a base image that may hold one: a warning, unsafe fix',
      code: 'FROM registry.example.com/acme/go-base:3\nWORKDIR /app\nRUN go mod download\nCOPY . .\nRUN go build .\n',
      output: null,
      errors: [{ line: 3, message: /^`go mod download` runs before go.mod is copied into the stage: it fails or downloads nothing/ }],
      project: mod,
    },
    {
      name: 'a path that needs quoting: reported, no fix',
      code: 'FROM golang:1.23\nCOPY . "/my app"\nRUN cd "/my app" && go build .\n',
      output: null,
      errors: [{ line: 2 }],
      project: mod,
      unsafe: true,
    },
  ],
});

describe('insertLinesBeforeComments', () => {
  const insert = (code: string, index: number): string => {
    const doc = parseDockerfile(code);
    return applyEdits(doc.source.text, [insertLinesBeforeComments(doc, doc.instructions[index]!, ['X'])]);
  };
  it('never goes above a parser directive or the previous instruction (heredoc included)', () => {
    expect(insert('# syntax=docker/dockerfile:1\n# a comment\nFROM golang\n', 0)).toBe('# syntax=docker/dockerfile:1\nX\n# a comment\nFROM golang\n');
    expect(insert('FROM golang\nRUN <<EOF\n# not a comment: heredoc\nEOF\nCOPY . .\n', 2)).toBe('FROM golang\nRUN <<EOF\n# not a comment: heredoc\nEOF\nX\nCOPY . .\n');
    expect(insert('FROM golang\r\n  # c\r\n  COPY . .\r\n', 1)).toBe('FROM golang\r\n  X\r\n  # c\r\n  COPY . .\r\n');
  });
});

describe('go-mod-layer-order findings', () => {
  it('declined fixes have no fix safety; guessed ones are unsafe', () => {
    const code = 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build .\n';
    expect(run(goModLayerOrder, { code, project: outsideReplace }).findings.map((f) => f.fix)).toEqual([null]);
    expect(run(goModLayerOrder, { code }).findings.map((f) => f.fix)).toEqual(['unsafe']);
    expect(run(goModLayerOrder, { code, project: mod }).findings.map((f) => f.fix)).toEqual(['safe']);
    const credentials = 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN git config --global url."git@github.com:".insteadOf "https://github.com/"\nRUN go build .\n';
    expect(run(goModLayerOrder, { code: credentials, project: mod }).findings.map((f) => f.fix)).toEqual([null]);
  });
});

describe('go-mod-layer-order: go.mod missing where go mod download runs', () => {
  it('an error with a safe fix when nothing else can have brought go.mod; a warning when something may have', () => {
    const never = run(goModLayerOrder, { code: 'FROM golang:1.22\nWORKDIR /src\nCOPY main.go .\nRUN go mod download\n', project: mod });
    expect(never.findings.map((f) => [f.severity, f.fix])).toEqual([['error', 'safe']]);
    const base = run(goModLayerOrder, { code: 'FROM acme/base:1\nWORKDIR /app\nRUN go mod download\nCOPY . .\nRUN go build .\n', project: mod });
    expect(base.findings.map((f) => [f.severity, f.fix])).toEqual([['warning', 'unsafe']]);
    const unknown = run(goModLayerOrder, { code: 'FROM golang:1.22\nWORKDIR /app\nRUN go mod download\nCOPY . .\nRUN go build .\n' });
    expect(unknown.findings.map((f) => [f.severity, f.fix])).toEqual([['warning', null]]);
  });
});

describe('go-mod-layer-order docs', () => {
  it('the after example is what the rule makes of the before example', () => {
    expect(run(goModLayerOrder, { code: goModLayerOrder.docs.before, project: mod }).output).toBe(goModLayerOrder.docs.after);
  });
});
