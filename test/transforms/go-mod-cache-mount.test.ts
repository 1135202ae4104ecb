import goModCacheMount from '../../src/transforms/go-mod-cache-mount.js';
import { project, ruleTester } from './tester.js';

const M = '--mount=type=cache,target=/go/pkg/mod';

ruleTester(goModCacheMount, {
  valid: [
    // ---- drivers with no module cache to keep consistent: no finding ----
    { name: 'a make-driven build with no go RUN in its lineage', code: 'FROM golang:1.22-alpine\nCOPY . /src\nWORKDIR /src\nRUN make clean-all build\n' },
    { name: 'a C project built in a stage FROM a golang stage', code: 'FROM golang:1.22 AS base\nRUN apt-get update\nFROM base AS crun\nRUN git clone https://github.com/containers/crun && cd crun && ./autogen.sh && ./configure && make\n' },
    { name: 'an install script in a golang stage nobody mounts the module cache in', code: 'FROM golang:1.22 AS tools\nRUN ./install.sh helm\nFROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod go build .\n' },
    { name: 'a driver in a sibling stage of a mounted go RUN', code: `FROM golang:1.22 AS a\nRUN ${M} go build .\nFROM golang:1.22 AS b\nRUN make\n` },
    { name: 'a driver before the go RUN that is mounted', code: `FROM golang:1.22\nRUN make tools\nRUN ${M} go build .\n` },
    // ---- base images named through ARGs, and images we do not know ----
    { name: 'FROM base-${V} resolves to the stage base-alpine (golang): its mount is the right one', code: `ARG V=alpine\nFROM golang:1.22-alpine AS base-alpine\nFROM base-\${V} AS tools\nRUN ${M} --mount=type=cache,target=/root/.cache/go-build go install golang.org/x/tools/cmd/stringer@v0.24.0\n` },
    { name: 'FROM ${builder_image} without a default: a mount on /go/pkg/mod counts', code: `ARG builder_image\nFROM \${builder_image} AS builder\nWORKDIR /workspace\nCOPY go.mod go.sum ./\nRUN ${M} go mod download\nCOPY . .\nRUN ${M} go build -o /manager .\n` },
    { name: 'an image we do not know: any mount ending in /pkg/mod counts', code: 'FROM myorg/go-builder:1\nRUN --mount=type=cache,target=/home/ci/go/pkg/mod go build -o /app .\n' },
    // ---- GOPATH mode: no module cache at all ----
    { name: 'ENV GO111MODULE=off', code: 'FROM golang:1.22\nENV GO111MODULE=off\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/x ./cmd/x\n' },
    { name: 'GO111MODULE=off inherited from the stage it is built FROM', code: 'FROM golang:1.22 AS base\nENV GO111MODULE=off\nFROM base AS tool\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/x ./cmd/x\n' },
    { name: 'GO111MODULE=off on the command', code: 'FROM golang:1.22\nRUN GO111MODULE=off go get github.com/x/tool\n' },
    { name: 'Go before modules (1.10)', code: 'FROM golang:1.10\nWORKDIR /go/src/example.com/app\nCOPY . .\nRUN go build -o /app .\n' },
    { name: 'Go 1.12 in GOPATH/src without GO111MODULE=on', code: 'FROM golang:1.12\nWORKDIR /go/src/example.com/app\nCOPY . .\nRUN go build -o /app .\n' },
    { name: 'a driver after a GOPATH-mode go RUN that has a mount: nothing resolves modules', code: `FROM golang:1.22\nENV GO111MODULE=off\nRUN ${M} go build ./x\nRUN make\n` },
    // ---- not readers of the cache ----
    { name: 'rm of the cache, a chown of a directory above it, a COPY --from of a binary: not readers', code: `FROM golang:1.22 AS build\nRUN ${M} go mod download\nRUN ${M} go build -o /go/bin/app .\nRUN rm -rf /go/pkg/mod && chown -R nobody /go && echo /go/pkg/modules\nFROM alpine:3.20\nCOPY --from=build /go/bin/app /app\n` },
    'FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n',
    // Keys in any order, trailing slash.
    'FROM golang:1.23\nRUN --mount=target=/go/pkg/mod/,type=cache go build .\n',
    // No Go in the stage.
    'FROM alpine:3.20\nRUN apk add --no-cache git\n',
    // go version/env do not resolve modules.
    'FROM golang:1.23\nRUN go version && go env\n',
    // Vendored builds need no module cache.
    'FROM golang:1.23\nRUN go build -mod=vendor -o /app .\n',
    { code: 'FROM golang:1.23\nRUN go build -o /app .\n', project: project({ goMod: 'module x\ngo 1.22\n', vendored: true }) },
    // GOMODCACHE followed, through a variable.
    'FROM golang:1.23\nENV GOMODCACHE=/cache/mod\nRUN --mount=type=cache,target=$GOMODCACHE go mod download\n',
    // Not drivers: make installed, make in a stage without go, a built binary, a system tool.
    'FROM golang:1.23\nRUN apt-get update && apt-get install -y make\n',
    { name: 'make in a stage without go', code: 'FROM alpine:3.20\nRUN apk add --no-cache make && make -C /src install\n' },
    { name: 'a built binary and a tool in a bin directory are not drivers', code: `FROM golang:1.23\nRUN ${M} go build -o ./bin/app . && ./bin/app --version && /go/bin/swag init\n` },
    { name: 'a vendored module: make builds from vendor/', code: 'FROM golang:1.23\nRUN make build\n', project: project({ goMod: 'module x\ngo 1.22\n', vendored: true }) },
    // An ONBUILD trigger is not "later" than a top-level RUN that comes after it in the file... but a top-level RUN that
    // follows a trigger in the file runs before it; the trigger's unsafe mount does not hold the RUN back.
    { name: 'a top-level RUN after an ONBUILD RUN in the file runs before it', code: `FROM golang:1.23\nONBUILD RUN ${M} go build\nRUN ${M} go mod download\n` },
  ],
  invalid: [
    {
      code: 'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n',
      output:
        'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 go build -o /out/app .\n',
      errors: [{ line: 4, message: /without a cache mount on \/go\/pkg\/mod/ }, { line: 6 }],
    },
    {
      name: 'keeps an existing build-cache mount and adds the module cache after it',
      code: 'FROM golang:1.23\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n    go build ./...\n',
      output: 'FROM golang:1.23\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod \\\n    go build ./...\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'follows ENV GOMODCACHE',
      code: 'FROM golang:1.23\nENV GOMODCACHE=/cache/mod\nRUN go build .\n',
      output: 'FROM golang:1.23\nENV GOMODCACHE=/cache/mod\nRUN --mount=type=cache,target=/cache/mod go build .\n',
      errors: [{ line: 3, message: /\/cache\/mod/ }],
    },
    {
      name: 'follows GOPATH on a non-golang image',
      code: 'FROM debian:bookworm\nENV GOPATH=/opt/go\nRUN go build ./...\n',
      output: 'FROM debian:bookworm\nENV GOPATH=/opt/go\nRUN --mount=type=cache,target=/opt/go/pkg/mod go build ./...\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'a numeric non-root user owns the cache',
      code: 'FROM golang:1.23\nUSER 1000:1000\nRUN go build .\n',
      output: 'FROM golang:1.23\nUSER 1000:1000\nRUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000 go build .\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'a named user nobody creates: the owner cannot be known, so there is no fix, even unsafe',
      code: 'FROM golang:1.23\nUSER builder\nRUN go mod download\n',
      output: null,
      errors: [{ line: 3, message: /uid of USER builder is not known here.*`--mount=type=cache,target=\/go\/pkg\/mod,uid=<your uid>,gid=<your gid>`/ }],
      unsafe: true,
    },
    {
      name: 'ONBUILD RUN: the trigger runs in another build, so its mount is unsafe (applied only on request)',
      code: 'FROM golang:1.23\nONBUILD RUN go install ./...\n',
      output: 'FROM golang:1.23\nONBUILD RUN --mount=type=cache,target=/go/pkg/mod go install ./...\n',
      errors: [{ line: 2 }],
      unsafe: true,
    },
    {
      name: 'ONBUILD RUN is not fixed by --write',
      code: 'FROM golang:1.23\nONBUILD RUN go install ./...\n',
      output: null,
      errors: [{ line: 2 }],
    },
    {
      name: 'a top-level download followed by an ONBUILD build: the child build would find the image without modules',
      code: 'FROM golang:1.23\nRUN go mod download\nONBUILD RUN go build ./...\n',
      output: null,
      errors: [{ line: 2, message: /not fixed by default: a later RUN uses the same cache/ }, { line: 3 }],
    },

    // ---- consistency with RUNs that may run go out of sight (build drivers) ----
    {
      name: 'download then make in one stage: mounting only the download would make make re-download: not fixed by --write',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN make build\n',
      output: null,
      errors: [
        { line: 4, message: /^RUN resolves Go modules without a cache mount on \/go\/pkg\/mod: every build re-downloads them; not fixed by default: a later RUN runs `make`, which may use the same cache/ },
        { line: 6, message: /^RUN runs `make`, which may run go, without a cache mount on \/go\/pkg\/mod: if it resolves modules, every build re-downloads them$/ },
      ],
    },
    {
      name: 'download then make, --unsafe-fixes: both mounted',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN make build\n',
      output: `FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN ${M} go mod download\nCOPY . .\nRUN ${M} make build\n`,
      errors: [{ line: 4 }, { line: 6 }],
      unsafe: true,
    },
    {
      name: 'a derived stage runs make: the deps stage is not fixed by --write either',
      code: 'FROM golang:1.22 AS deps\nRUN go mod download\nFROM deps AS build\nCOPY . .\nRUN make build\n',
      output: null,
      errors: [{ line: 2, message: /not fixed by default/ }, { line: 5 }],
    },
    {
      name: 'a stage two FROMs down runs make',
      code: 'FROM golang:1.22 AS deps\nRUN go mod download\nFROM deps AS src\nCOPY . .\nFROM src AS build\nRUN make\n',
      output: `FROM golang:1.22 AS deps\nRUN ${M} go mod download\nFROM deps AS src\nCOPY . .\nFROM src AS build\nRUN ${M} make\n`,
      errors: [{ line: 2 }, { line: 6 }],
      unsafe: true,
    },
    {
      name: 'a stage that copies the module cache out of the download stage and runs make: the copy reads the layer, no mount for the download; make finds the modules copied in',
      code: 'FROM golang:1.22 AS modules\nRUN go mod download\nFROM golang:1.22 AS build\nCOPY --from=modules /go/pkg /go/pkg\nCOPY . .\nRUN make build\n',
      output: null,
      errors: [{ line: 2, message: /; not fixed: `COPY --from=modules \/go\/pkg \/go\/pkg` copies the cache directory out of the image, and would find it empty$/ }],
      unsafe: true,
    },
    {
      name: 'make before the download: no finding for make (no mounted cache before it), the download is safe',
      code: 'FROM golang:1.22\nRUN make tools\nCOPY go.mod go.sum ./\nRUN go mod download\nRUN go build .\n',
      output: `FROM golang:1.22\nRUN make tools\nCOPY go.mod go.sum ./\nRUN ${M} go mod download\nRUN ${M} go build .\n`,
      errors: [{ line: 4 }, { line: 5 }],
    },
    {
      name: 'make in a sibling stage (not built FROM the download stage) does not hold the download back, and is not reported',
      code: 'FROM golang:1.22 AS a\nRUN go mod download\nRUN go build -o /app .\nFROM golang:1.22 AS b\nRUN make\n',
      output: `FROM golang:1.22 AS a\nRUN ${M} go mod download\nRUN ${M} go build -o /app .\nFROM golang:1.22 AS b\nRUN make\n`,
      errors: [{ line: 2 }, { line: 3 }],
    },
    {
      name: 'make that already has the mount: the chain is consistent, the download is safe',
      code: `FROM golang:1.22\nRUN go mod download\nRUN ${M} make build\n`,
      output: `FROM golang:1.22\nRUN ${M} go mod download\nRUN ${M} make build\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'make and go in one RUN: the RUN gets the mount like any go RUN (safe)',
      code: 'FROM golang:1.22\nRUN go mod download\nRUN make generate && go build -o /app .\n',
      output: `FROM golang:1.22\nRUN ${M} go mod download\nRUN ${M} make generate && go build -o /app .\n`,
      errors: [{ line: 2 }, { line: 3 }],
    },
    {
      name: 'drivers: gmake, mage, task, just, goreleaser, ko, scripts, sh -c scripts, exec form',
      code:
        'FROM golang:1.22\nRUN go mod download\nRUN gmake\nRUN mage build\nRUN task build\nRUN just build\nRUN goreleaser build --snapshot\nRUN ko build ./cmd/app\nRUN ./build.sh\nRUN sh scripts/build\nRUN bash -c "cd /src && make"\nRUN ["/bin/sh", "-c", "make build"]\nRUN . ./hack/env.sh && ./hack/build\n',
      output: null,
      errors: [{ line: 2 }, { line: 3, message: /`gmake`/ }, { line: 4, message: /`mage`/ }, { line: 5, message: /`task`/ }, { line: 6, message: /`just`/ }, { line: 7, message: /`goreleaser`/ }, { line: 8, message: /`ko`/ }, { line: 9, message: /`\.\/build\.sh`/ }, { line: 10, message: /`scripts\/build`/ }, { line: 11, message: /`make`/ }, { line: 12, message: /`make`/ }, { line: 13, message: /`\.\/hack\/env\.sh`/ }],
    },
    {
      name: 'a driver after a go RUN that already has the mount: it would find the cache empty',
      code: `FROM golang:1.22-alpine\nCOPY go.mod go.sum /src/\nWORKDIR /src\nRUN ${M} go mod download\nCOPY . .\nRUN make clean-all build\n`,
      output: `FROM golang:1.22-alpine\nCOPY go.mod go.sum /src/\nWORKDIR /src\nRUN ${M} go mod download\nCOPY . .\nRUN ${M} make clean-all build\n`,
      errors: [{ line: 6, message: /^RUN runs `make`, which may run go, without a cache mount on \/go\/pkg\/mod/ }],
      unsafe: true,
    },
    {
      name: 'a driver in a stage built FROM a stage whose go RUN already has the mount',
      code: `FROM golang:1.22 AS base\nRUN ${M} go mod download\nFROM base AS build\nRUN ./scripts/build.sh\n`,
      output: null,
      errors: [{ line: 4, message: /`\.\/scripts\/build\.sh`/ }],
    },
    {
      name: 'a later go RUN whose mount must be declined (unknown uid) holds the download back even under --unsafe-fixes',
      code: 'FROM golang:1.22\nRUN go mod download\nUSER app\nRUN go build .\n',
      output: null,
      errors: [{ line: 2, message: /not fixed: a later RUN uses the same cache and cannot get the mount/ }, { line: 4, message: /uid of USER app is not known/ }],
      unsafe: true,
    },

    // ---- GOPATH mode near misses: modules are on ----
    {
      name: 'Go 1.12 with GO111MODULE=on in GOPATH/src resolves modules',
      code: 'FROM golang:1.12\nENV GO111MODULE=on\nWORKDIR /go/src/example.com/app\nRUN go build -o /app .\n',
      output: `FROM golang:1.12\nENV GO111MODULE=on\nWORKDIR /go/src/example.com/app\nRUN ${M} go build -o /app .\n`,
      errors: [{ line: 4 }],
    },
    {
      name: 'the command turns modules back on in a GO111MODULE=off stage; the GOPATH-mode RUN is left alone',
      code: 'FROM golang:1.22\nENV GO111MODULE=off\nRUN go get github.com/x/tool\nRUN GO111MODULE=on go build -o /app .\n',
      output: `FROM golang:1.22\nENV GO111MODULE=off\nRUN go get github.com/x/tool\nRUN ${M} GO111MODULE=on go build -o /app .\n`,
      errors: [{ line: 4 }],
    },

    // ---- base images we do not know ----
    {
      name: 'an image we do not know: $HOME/go/pkg/mod is a guess, so the fix is unsafe and the message says why',
      code: 'ARG builder_image\nFROM ${builder_image} AS builder\nRUN go build -o /app .\n',
      output: null,
      errors: [{ line: 3, message: /without a cache mount on \/root\/go\/pkg\/mod: every build re-downloads them; not fixed by default: the base image is neither the official golang image nor a distro image and may set its own Go paths, so \/root\/go\/pkg\/mod is only go's default$/ }],
    },
    {
      name: 'an image we do not know, --unsafe-fixes: the guess is written',
      code: 'FROM myorg/go-builder:1\nRUN go build -o /app .\n',
      output: 'FROM myorg/go-builder:1\nRUN --mount=type=cache,target=/root/go/pkg/mod go build -o /app .\n',
      errors: [{ line: 2 }],
      unsafe: true,
    },
    {
      name: 'an official distro image sets no GOPATH: $HOME/go is certain there',
      code: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y golang-go && go build -o /app .\n',
      output: 'FROM debian:bookworm\nRUN --mount=type=cache,target=/root/go/pkg/mod apt-get update && apt-get install -y golang-go && go build -o /app .\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'FROM ${BUILDER} naming a stage through an ARG default: the stage\'s golang paths, safe',
      code: 'ARG BUILDER=build-base\nFROM golang:1.22 AS build-base\nENV GOMODCACHE=/cache/mod\nFROM ${BUILDER} AS build\nRUN go build -o /app .\n',
      output: 'ARG BUILDER=build-base\nFROM golang:1.22 AS build-base\nENV GOMODCACHE=/cache/mod\nFROM ${BUILDER} AS build\nRUN --mount=type=cache,target=/cache/mod go build -o /app .\n',
      errors: [{ line: 5 }],
    },

    // ---- the cache directory read out of the image: a mount would leave the reader without it ----
    {
      name: 'a later RUN copies files out of the module cache: the download is mounted only with the reader (unsafe)',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nRUN cp -r /go/pkg/mod/github.com/x/y@v1.0.0/google /protos\n',
      output: null,
      errors: [
        { line: 4, message: /; not fixed by default: a later RUN reads the cache directory \(`cp -r \/go\/pkg\/mod\/github\.com\/x\/y@v1\.0\.0\/google \/protos`\) and would find it empty unless it gets the mount too$/ },
        { line: 5, message: /^RUN reads the module cache \(`cp -r .*`\) without a cache mount on \/go\/pkg\/mod: once the RUN that downloads the modules keeps them on that mount, this one finds the directory empty$/ },
      ],
    },
    {
      name: 'a later RUN copies files out of the module cache, --unsafe-fixes: both get the mount',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nRUN cp -r /go/pkg/mod/github.com/x/y@v1.0.0/google /protos\n',
      output: `FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN ${M} go mod download\nRUN ${M} cp -r /go/pkg/mod/github.com/x/y@v1.0.0/google /protos\n`,
      errors: [{ line: 4 }, { line: 5 }],
      unsafe: true,
    },
    {
      name: 'readers by variable, by go env, by an attached option, in a stage built FROM the download stage',
      code: 'FROM golang:1.22 AS deps\nRUN go mod download\nFROM deps AS protos\nRUN protoc -I/go/pkg/mod/github.com/x/y@v1 --go_out=. a.proto\nRUN cp -r "$(go env GOMODCACHE)/github.com/x" /x\nRUN ls ${GOPATH}/pkg/mod\nRUN tar -C "$GOMODCACHE" -cf /mods.tar .\n',
      output: null,
      errors: [{ line: 2, message: /not fixed by default: a later RUN reads the cache directory \(`protoc/ }, { line: 4 }, { line: 5 }, { line: 6 }, { line: 7 }],
    },
    {
      name: 'a reader after a download that already has the mount finds the directory empty',
      code: `FROM golang:1.22\nRUN ${M} go mod download\nRUN cp -r /go/pkg/mod/github.com/x/y@v1/google /protos\n`,
      output: `FROM golang:1.22\nRUN ${M} go mod download\nRUN ${M} cp -r /go/pkg/mod/github.com/x/y@v1/google /protos\n`,
      errors: [{ line: 3 }],
      unsafe: true,
    },
    {
      name: 'COPY --from out of the download stage: no fix, even unsafe (a COPY cannot get the mount)',
      code: 'FROM golang:1.22 AS deps\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n\nFROM alpine:3.20\nCOPY --from=deps /go/pkg/mod /gomodcache\n',
      output: null,
      errors: [{ line: 4, message: /; not fixed: `COPY --from=deps \/go\/pkg\/mod \/gomodcache` copies the cache directory out of the image, and would find it empty$/ }],
      unsafe: true,
    },
    {
      name: 'COPY --from into the same path: no fix for the download, and the build finds the modules copied in (a mount would hide them)',
      code: 'FROM golang:1.22 AS deps\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n\nFROM golang:1.22 AS build\nCOPY --from=deps /go/pkg/mod /go/pkg/mod\nWORKDIR /src\nCOPY . .\nRUN GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=0 go build -o /app .\n',
      output: null,
      errors: [{ line: 4, message: /not fixed: `COPY --from=deps/ }],
      unsafe: true,
    },
    {
      name: 'COPY --from of a directory above the cache, out of a stage built FROM the download stage',
      code: 'FROM golang:1.22 AS deps\nRUN go mod download\nFROM deps AS src\nCOPY . .\nRUN go build -o /app .\nFROM golang:1.22\nCOPY --from=src /go /go\nRUN go test ./...\n',
      output: null,
      errors: [{ line: 2, message: /not fixed: `COPY --from=src \/go \/go`/ }, { line: 5, message: /not fixed: `COPY --from=src/ }],
      unsafe: true,
    },
    {
      name: 'COPY --from of a binary whose name is a variable: not a reader of the cache (what comes before the variable is /go/bin)',
      code: 'FROM golang:1.22 AS build\nRUN go mod download\nRUN go build -o /go/bin/app .\nFROM alpine:3.20\nARG APP\nCOPY --from=build /go/bin/${APP} /usr/bin/\n',
      output: `FROM golang:1.22 AS build\nRUN ${M} go mod download\nRUN ${M} go build -o /go/bin/app .\nFROM alpine:3.20\nARG APP\nCOPY --from=build /go/bin/\${APP} /usr/bin/\n`,
      errors: [{ line: 2 }, { line: 3 }],
    },
    {
      name: 'a bind mount from the download stage reads the cache directory',
      code: 'FROM golang:1.22 AS deps\nRUN go mod download\nFROM alpine:3.20\nRUN --mount=type=bind,from=deps,source=/go/pkg/mod,target=/mods ls /mods\n',
      output: null,
      errors: [{ line: 2, message: /not fixed: a later RUN bind-mounts the cache directory out of the image/ }],
      unsafe: true,
    },
    {
      name: 'a deps image: the download is all the final stage does with the modules',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n',
      output: null,
      errors: [{ line: 4, message: /; not fixed: nothing after it uses the modules it downloads, so they are what the image \(the final stage\) is for: a cache mount would leave them out$/ }],
      unsafe: true,
    },
    {
      name: 'a deps stage that is a build target of its own (nothing builds on it or copies from it)',
      code: 'FROM golang:1.22 AS deps\nRUN go mod download && go mod verify\nFROM deps AS build\nRUN go build -o /app .\nFROM deps AS ci-cache\nFROM scratch\nCOPY --from=build /app /app\n',
      output: `FROM golang:1.22 AS deps\nRUN go mod download && go mod verify\nFROM deps AS build\nRUN ${M} go build -o /app .\nFROM deps AS ci-cache\nFROM scratch\nCOPY --from=build /app /app\n`,
      errors: [{ line: 2, message: /the image \(stage `ci-cache`\) is for/ }, { line: 4, message: /^RUN resolves Go modules without a cache mount on \/go\/pkg\/mod: every build re-downloads them$/ }],
    },
    {
      name: 'the image runs go when it starts: the modules must be in it',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\nCMD ["go", "run", "."]\n',
      output: null,
      errors: [{ line: 4, message: /not fixed: the image runs `go run \.` when it starts, which needs the cache directory in the image$/ }, { line: 6, message: /not fixed: the image runs `go run \.`/ }],
      unsafe: true,
    },

    {
      name: 'named USER created by busybox adduser -u: uid, and gid = uid (its own group)',
      code: 'FROM golang:1.22-alpine\nRUN adduser -D -u 1000 app\nUSER app\nRUN go build .\n',
      output: 'FROM golang:1.22-alpine\nRUN adduser -D -u 1000 app\nUSER app\nRUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000 go build .\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'busybox adduser -G group created by addgroup -g',
      code: 'FROM golang:1.22-alpine\nRUN addgroup -g 2000 app && adduser -D -u 1000 -G app app\nUSER app\nRUN go build .\n',
      output: 'FROM golang:1.22-alpine\nRUN addgroup -g 2000 app && adduser -D -u 1000 -G app app\nUSER app\nRUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=2000 go build .\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'Debian adduser --uid: the uid is known; it picks the group id itself, so only uid is given',
      code: 'FROM golang:1.22\nRUN adduser --uid 1000 --disabled-password --gecos "" app\nUSER app\nRUN go build .\n',
      output: 'FROM golang:1.22\nRUN adduser --uid 1000 --disabled-password --gecos "" app\nUSER app\nRUN --mount=type=cache,target=/go/pkg/mod,uid=1000 go build .\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'useradd -u with groupadd -g and -g group',
      code: 'FROM golang:1.22\nRUN groupadd -g 3000 builders && useradd -u 10001 -g builders -m -d /home/x builder\nUSER builder\nRUN go build .\n',
      output: 'FROM golang:1.22\nRUN groupadd -g 3000 builders && useradd -u 10001 -g builders -m -d /home/x builder\nUSER builder\nRUN --mount=type=cache,target=/go/pkg/mod,uid=10001,gid=3000 go build .\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'the account is created in the stage the build stage is built FROM',
      code: 'FROM golang:1.22-alpine AS base\nRUN adduser -D -u 1000 app\nFROM base\nUSER app\nRUN go build .\n',
      output: 'FROM golang:1.22-alpine AS base\nRUN adduser -D -u 1000 app\nFROM base\nUSER app\nRUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000 go build .\n',
      errors: [{ line: 5 }],
    },
    {
      name: 'busybox adduser without -u picks the first free uid itself: no fix, the flag to fill in is in the message',
      code: 'FROM golang:1.22-alpine\nRUN adduser -D app\nUSER app\nRUN go build .\n',
      output: null,
      errors: [{ line: 4, message: /`--mount=type=cache,target=\/go\/pkg\/mod,uid=<your uid>,gid=<your gid>`/ }],
      unsafe: true,
    },
    {
      name: 'adduser -S (system account, uid picked by the tool): no fix',
      code: 'FROM golang:1.22-alpine\nRUN addgroup -S app && adduser -S app -G app\nUSER app\nRUN go mod download\n',
      output: null,
      errors: [{ line: 4 }],
      unsafe: true,
    },
    {
      name: 'the account is created after the USER line is used: not known at that point',
      code: 'FROM golang:1.22-alpine\nUSER app\nRUN go build .\nUSER root\nRUN adduser -D -u 1000 app\n',
      output: null,
      errors: [{ line: 3 }],
      unsafe: true,
    },
    {
      name: 'a uid from an ARG: the default is used, but --build-arg can change it (unsafe)',
      code: 'FROM golang:1.22-alpine\nARG UID=1000\nRUN adduser -D -u "${UID}" app\nUSER app\nRUN go build .\n',
      output: 'FROM golang:1.22-alpine\nARG UID=1000\nRUN adduser -D -u "${UID}" app\nUSER app\nRUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000 go build .\n',
      errors: [{ line: 5 }],
      unsafe: true,
    },
    {
      name: 'USER ${UID} with ARG UID=1000: uid 1000, unsafe (a build arg can change it)',
      code: 'FROM golang:1.22\nARG UID=1000\nUSER ${UID}\nRUN go build .\n',
      output: null,
      errors: [{ line: 4 }],
    },
    {
      name: 'USER ${UID} with ARG UID=1000 under --unsafe-fixes',
      code: 'FROM golang:1.22\nARG UID=1000\nUSER ${UID}\nRUN go build .\n',
      output: 'FROM golang:1.22\nARG UID=1000\nUSER ${UID}\nRUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000 go build .\n',
      errors: [{ line: 4 }],
      unsafe: true,
    },
    {
      name: 'USER ${UID} with an ARG without default: the uid cannot be known, no fix',
      code: 'FROM golang:1.22\nARG UID\nUSER ${UID}\nRUN go mod download\n',
      output: null,
      errors: [{ line: 4, message: /uid=<your uid>/ }],
      unsafe: true,
    },
    {
      name: 'nobody is 65534 in Debian and Alpine images',
      code: 'FROM golang:1.22-alpine\nUSER nobody\nRUN go build .\n',
      output: 'FROM golang:1.22-alpine\nUSER nobody\nRUN --mount=type=cache,target=/go/pkg/mod,uid=65534,gid=65534 go build .\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'nonroot is only well known in distroless images, not in golang',
      code: 'FROM golang:1.22\nUSER nonroot\nRUN go mod download\n',
      output: null,
      errors: [{ line: 3, message: /uid of USER nonroot is not known/ }],
      unsafe: true,
    },

    // ---- where the module cache is ----
    {
      name: 'ENV GOMODCACHE from a variable nobody defines: the directory is unknown, no fix',
      code: 'FROM golang:1.22\nENV GOMODCACHE=${X}/mod\nRUN go mod download\n',
      output: null,
      errors: [{ line: 3, message: /GOMODCACHE comes from a variable this file does not define/ }],
      unsafe: true,
    },
    {
      name: 'go env -w GOMODCACHE in an earlier RUN is followed',
      code: 'FROM golang:1.22\nRUN go env -w GOMODCACHE=/cache/mod\nRUN go build .\n',
      output: 'FROM golang:1.22\nRUN go env -w GOMODCACHE=/cache/mod\nRUN --mount=type=cache,target=/cache/mod go build .\n',
      errors: [{ line: 3, message: /\/cache\/mod/ }],
    },
    {
      name: 'go env -w earlier in the same RUN is followed',
      code: 'FROM golang:1.22\nRUN go env -w GOMODCACHE=/cache/mod && go build .\n',
      output: 'FROM golang:1.22\nRUN --mount=type=cache,target=/cache/mod go env -w GOMODCACHE=/cache/mod && go build .\n',
      errors: [{ line: 2, message: /\/cache\/mod/ }],
    },
    {
      name: 'go env -w GOPATH moves the module cache; an ENV GOMODCACHE still wins over the env file',
      code: 'FROM golang:1.22\nRUN go env -w GOPATH=/gp\nRUN go build .\nENV GOMODCACHE=/m\nRUN go build .\n',
      output: 'FROM golang:1.22\nRUN go env -w GOPATH=/gp\nRUN --mount=type=cache,target=/gp/pkg/mod go build .\nENV GOMODCACHE=/m\nRUN --mount=type=cache,target=/m go build .\n',
      errors: [{ line: 3 }, { line: 5 }],
    },
    {
      name: 'go env -w written as another user (another HOME) is not read',
      code: 'FROM golang:1.22\nRUN go env -w GOMODCACHE=/cache/mod\nENV HOME=/home/app\nRUN go build .\n',
      output: 'FROM golang:1.22\nRUN go env -w GOMODCACHE=/cache/mod\nENV HOME=/home/app\nRUN --mount=type=cache,target=/go/pkg/mod go build .\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'exec form with a shell: the script is read',
      code: 'FROM golang:1.22\nRUN ["/bin/sh", "-c", "go mod download && go build -o /app ."]\n',
      output: `FROM golang:1.22\nRUN ${M} ["/bin/sh", "-c", "go mod download && go build -o /app ."]\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'bash -c with options',
      code: "FROM golang:1.22\nRUN bash -euo pipefail -c 'go build .'\n",
      output: `FROM golang:1.22\nRUN ${M} bash -euo pipefail -c 'go build .'\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'the golang image named entirely in an ARG gets the official image paths',
      code: 'ARG IMG=golang:1.23\nFROM ${IMG}\nRUN go build .\n',
      output: `ARG IMG=golang:1.23\nFROM \${IMG}\nRUN ${M} go build .\n`,
      errors: [{ line: 3 }],
    },
    {
      name: 'flags on their own continuation lines: the new one gets its own line too',
      code: 'FROM golang:1.22\nRUN --mount=type=bind,source=go.mod,target=go.mod \\\n    --mount=type=bind,source=go.sum,target=go.sum \\\n    go build .\n',
      output: `FROM golang:1.22\nRUN --mount=type=bind,source=go.mod,target=go.mod \\\n    --mount=type=bind,source=go.sum,target=go.sum \\\n    ${M} \\\n    go build .\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'a heredoc body is never edited; its RUN line gets the mount',
      code: 'FROM golang:1.23\nRUN <<EOF\ngo build .\nEOF\n',
      output: 'FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod <<EOF\ngo build .\nEOF\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'a stage built FROM a Go stage inherits its ENV',
      code: 'FROM golang:1.23 AS base\nENV GOMODCACHE=/m\nFROM base AS test\nRUN go test ./...\n',
      output: 'FROM golang:1.23 AS base\nENV GOMODCACHE=/m\nFROM base AS test\nRUN --mount=type=cache,target=/m go test ./...\n',
      errors: [{ line: 4 }],
    },
  ],
});
