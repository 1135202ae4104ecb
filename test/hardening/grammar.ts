import fc from 'fast-check';

/**
 * Dockerfiles built from real constructs: directives, global ARGs, stages with platform flags and
 * names, RUN chains with continuations and comments between continued lines, mounts, heredocs,
 * JSON and shell forms, ONBUILD, odd whitespace and unicode; then CRLF, BOM or a missing final
 * newline applied to the whole file.
 */

const ident = fc.constantFrom('app', 'build', 'builder', 'base', 'test', 'alpine', 'golang', 'runtime');
const image = fc.constantFrom(
  'golang:1.23',
  'golang:1.21-alpine3.20',
  'golang:${GO_VERSION}-bookworm',
  'golang',
  'alpine:3.20',
  'debian:bookworm-slim',
  'gcr.io/distroless/static-debian12:nonroot',
  'scratch',
  'node:20',
);
const ws = fc.constantFrom(' ', ' ', '  ', '\t', ' \t ');
const trailing = fc.constantFrom('', '', ' ', '\t', '  ');
const unicode = fc.constantFrom('héllo', '日本語', 'emoji 🚀', 'naïve', '');
const goCmd = fc.constantFrom(
  'go mod download',
  'go mod download -x',
  'CGO_ENABLED=0 go build -o /out/app .',
  'go build -trimpath -ldflags="-s -w" -o /bin/app ./cmd/app',
  'go test ./...',
  'go install ./...',
  'go vet ./...',
  'go build -mod=vendor -o app .',
  'GOOS=$TARGETOS GOARCH=$TARGETARCH go build ./...',
  'go env',
);
const pkgCmd = fc.constantFrom(
  'apt-get update',
  'apt-get install git',
  'apt-get install -y --no-install-recommends ca-certificates git',
  'apt install -y curl',
  'rm -rf /var/lib/apt/lists/*',
  'apk add git',
  'apk update',
  'apk add --no-cache ca-certificates',
  'echo "$(date)" > /built',
  'git config --global url."https://${TOKEN}@github.com/".insteadOf "https://github.com/"',
);
const cmd = fc.oneof(goCmd, pkgCmd);
const op = fc.constantFrom(' && ', ' ; ', ' || ', ' | ');
const mount = fc.constantFrom(
  '--mount=type=cache,target=/go/pkg/mod',
  '--mount=type=cache,target=/root/.cache/go-build',
  '--mount=target=/go/pkg/mod,type=cache,sharing=locked',
  '--mount="type=cache,target=/root/.cache/go build"',
  '--mount=type=secret,id=netrc,target=/root/.netrc',
  '--mount=type=ssh',
  '--network=none',
);

function line(parts: string[]): string {
  return parts.join('');
}

const comment = fc.tuple(ws, unicode).map(([w, u]) => `${w.trimEnd()}# comment ${u}`.trimStart());

/** A RUN in shell form, possibly continued over lines with comments between them. */
const runShell = (escape: string) =>
  fc
    .tuple(fc.array(mount, { maxLength: 2 }), fc.array(fc.tuple(cmd, op), { minLength: 0, maxLength: 3 }), cmd, fc.boolean(), fc.array(fc.option(comment), { maxLength: 3 }), trailing)
    .map(([mounts, chain, last, continued, comments, tail]) => {
      const flags = mounts.map((m) => `${m} `).join('');
      if (!continued) return `RUN ${flags}${chain.map(([c, o]) => c + o).join('')}${last}${tail}`;
      const lines = [`RUN ${flags}${escape}`];
      chain.forEach(([c], k) => {
        const cm = comments[k];
        if (cm) lines.push(`    ${cm}`);
        lines.push(`    ${c} &&${tail} ${escape}`);
      });
      lines.push(`    ${last}`);
      return lines.join('\n');
    });

const heredocRun = fc
  .tuple(fc.constantFrom('EOF', 'SCRIPT', 'E_O_F'), fc.boolean(), fc.boolean(), fc.array(fc.oneof(cmd, fc.constant('echo trailing \\')), { minLength: 0, maxLength: 3 }), fc.array(mount, { maxLength: 1 }))
  .map(([d, dash, quote, body, mounts]) => {
    const marker = `<<${dash ? '-' : ''}${quote ? `'${d}'` : d}`;
    const indent = dash ? '\t' : '';
    return [`RUN ${mounts.map((m) => m + ' ').join('')}${marker}`, ...body.map((b) => indent + b), `${indent}${d}`].join('\n');
  });

const copy = fc.constantFrom(
  'COPY . .',
  'COPY go.mod go.sum ./',
  'COPY --chown=1000:1000 . /src',
  'COPY --from=build /out/app /app',
  'ADD . /go/src/app',
  'COPY .netrc /root/.netrc',
  'COPY ["main.go", "./"]',
  'COPY <<EOF /etc/app.conf\nport = 8080\nEOF',
);
const simple = fc.constantFrom(
  'WORKDIR /src',
  'WORKDIR app',
  'ENV CGO_ENABLED=0',
  'ENV GOPROXY=https://goproxy.cn,direct GOSUMDB=off',
  'ENV GOMODCACHE=/cache/mod',
  'ENV GOPATH /gopath',
  'ARG GOPROXY',
  'ARG GITHUB_TOKEN',
  'ARG VERSION=dev',
  'USER 65532:65532',
  'USER app',
  'EXPOSE 8080',
  'LABEL org.opencontainers.image.source="https://example.com/repo"',
  'ENTRYPOINT ["/app"]',
  'CMD ["serve", "--port", "8080"]',
  'CMD /app serve',
  'ONBUILD COPY . /app',
  'ONBUILD RUN go build ./...',
  'RUN ["go", "build", "-o", "/app", "."]',
  'HEALTHCHECK CMD ["/app", "health"]',
  'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
  'STOPSIGNAL SIGTERM',
);

const instruction = (escape: string) =>
  fc.oneof({ weight: 4, arbitrary: runShell(escape) }, { weight: 1, arbitrary: heredocRun }, { weight: 2, arbitrary: copy }, { weight: 3, arbitrary: simple });

const blankOrComment = fc.oneof(fc.constant(''), comment, fc.constant('   '));

const stage = (escape: string) =>
  fc
    .tuple(fc.constantFrom('', '--platform=$BUILDPLATFORM '), image, fc.option(ident), fc.array(fc.tuple(fc.option(blankOrComment, { freq: 3 }), instruction(escape)), { minLength: 0, maxLength: 7 }))
    .map(([platform, img, name, body]) => {
      const lines = [`FROM ${platform}${img}${name ? ` AS ${name}` : ''}`];
      for (const [pre, ins] of body) {
        if (pre !== null) lines.push(pre);
        lines.push(ins);
      }
      return lines.join('\n');
    });

export const dockerfileArb = fc
  .tuple(
    fc.constantFrom('\\', '\\', '\\', '`'),
    fc.uniqueArray(fc.constantFrom('# syntax=docker/dockerfile:1', '# check=skip=all', '# syntax=docker/dockerfile:1.2'), { maxLength: 2, selector: (d) => d.split('=')[0] }),
    fc.array(fc.constantFrom('ARG GO_VERSION=1.23', 'ARG BASE=alpine', 'ARG TARGETOS'), { maxLength: 2 }),
    fc.boolean(),
  )
  .chain(([escape, directives, globals, leadingComment]) =>
    fc.tuple(fc.array(stage(escape), { minLength: 1, maxLength: 3 }), fc.constantFrom('\n', '\n', '\r\n'), fc.boolean(), fc.constantFrom('\n', '', '\n\n')).map(([stages, eol, bom, end]) => {
      const head = [...(escape === '`' ? ['# escape=`'] : []), ...directives];
      const body = [...head, ...(leadingComment ? ['# A Go service'] : []), ...globals, ...stages].join('\n');
      const text = (body + end).replace(/\n/g, eol);
      return (bom ? '\uFEFF' : '') + text;
    }),
  );

/** Byte-level edits of a fixture: `[fixture index, [position, text to insert, characters to delete]...]`. */
export type Mutation = [number, Array<[number, string, number]>];

/** Arbitrary mutations of one of `corpus.length` fixtures, inserting pieces drawn from `pieces`. */
export function mutationArb(corpus: readonly string[], pieces: readonly string[], maxEdits: number): fc.Arbitrary<Mutation> {
  return fc.tuple(fc.integer({ min: 0, max: corpus.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...pieces), fc.nat({ max: 3 })), { minLength: 1, maxLength: maxEdits }));
}

/** Applies a mutation: each edit lands at its position modulo the current length. */
export function mutate(corpus: readonly string[], [k, edits]: Mutation): string {
  let text = corpus[k] as string;
  for (const [pos, insert, del] of edits) {
    const at = text.length === 0 ? 0 : pos % text.length;
    text = text.slice(0, at) + insert + text.slice(at + del);
  }
  return text;
}
