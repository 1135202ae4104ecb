import { expect, it } from 'vitest';
import apkNoCache from '../../src/transforms/apk-no-cache.js';
import { ruleTester, run } from './tester.js';

const A = 'FROM golang:1.23-alpine\n';

ruleTester(apkNoCache, {
  valid: [
    `${A}RUN apk add --no-cache git\n`,
    `${A}RUN apk --no-cache add git\n`,
    `${A}RUN apk add --no-cache --virtual .build-deps gcc musl-dev && apk del .build-deps\n`,
    // Cache mounts keep the index out of the layer.
    `${A}RUN --mount=type=cache,target=/var/cache/apk apk update && apk add git\n`,
    `${A}RUN --mount=type=cache,target=/etc/apk/cache apk add git\n`,
    // Removed in the same RUN.
    `${A}RUN apk update && apk add git && rm -rf /var/cache/apk/*\n`,
    // apk update that something still needs: apk upgrade reads its index.
    `${A}RUN apk update && apk upgrade && apk add --no-cache git\n`,
    // ... or a later script might.
    `${A}RUN apk update\nRUN apk add --no-cache git\nRUN ./install-tools.sh\n`,
    // ... or nothing follows it at all (the index is then the point).
    `${A}RUN apk update\n`,
    // apk update --no-cache stores nothing.
    `${A}RUN apk update --no-cache && apk add --no-cache git\n`,
    // Other apk subcommands.
    `${A}RUN apk upgrade && apk del git && apk info\n`,
    // An update in an unrelated stage is not followed by this stage's adds.
    'FROM golang:1.23-alpine AS a\nRUN apk update && apk upgrade\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates\n',
    // Not a Go Dockerfile.
    'FROM nginx:1.27-alpine\nRUN apk update && apk add bash\n',
  ],
  invalid: [
    {
      code: `${A}RUN apk add git\n`,
      output: `${A}RUN apk add --no-cache git\n`,
      errors: [{ line: 2, message: /without `--no-cache`/ }],
    },
    {
      name: 'apk update && apk add: --no-cache first, then the update is folded away',
      code: `${A}RUN apk update && apk add git\n`,
      output: `${A}RUN apk add --no-cache git\n`,
      errors: [
        { line: 2, message: /`apk update` is redundant/ },
        { line: 2, message: /`apk add` without `--no-cache`/ },
      ],
    },
    {
      name: 'the update folds across a continuation',
      code: `${A}RUN apk update && \\\n    apk add --no-cache git make\n`,
      output: `${A}RUN apk add --no-cache git make\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'an operator on the next line',
      code: `${A}RUN apk update \\\n    && apk add --no-cache git \\\n    && go version\n`,
      output: `${A}RUN apk add --no-cache git \\\n    && go version\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'a comment line after the operator stays',
      code: `${A}RUN apk update && \\\n    # tools\n    apk add --no-cache git\n`,
      output: `${A}RUN \\\n    # tools\n    apk add --no-cache git\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'in the middle of a chain',
      code: `${A}RUN set -e && apk update && apk add --no-cache git\n`,
      output: `${A}RUN set -e && apk add --no-cache git\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'a RUN that is only apk update is removed once the adds after it use --no-cache',
      code: `${A}RUN apk update\nRUN apk add git\nRUN apk add --no-cache curl\n`,
      output: `${A}RUN apk add --no-cache git\nRUN apk add --no-cache curl\n`,
      errors: [{ line: 2, message: /redundant/ }, { line: 3, message: /--no-cache/ }],
    },
    {
      name: 'adds in a stage built on it count too',
      code: 'FROM golang:1.23-alpine AS base\nRUN apk update\nFROM base\nRUN apk add --no-cache git\n',
      output: 'FROM golang:1.23-alpine AS base\nFROM base\nRUN apk add --no-cache git\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'options before add, a virtual package, a runtime stage',
      code: 'FROM golang:1.23-alpine AS build\nRUN go build -o /app .\nFROM alpine:3.20\nRUN apk -U add -t .deps ca-certificates tzdata\n',
      output: 'FROM golang:1.23-alpine AS build\nRUN go build -o /app .\nFROM alpine:3.20\nRUN apk -U add --no-cache -t .deps ca-certificates tzdata\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'a `;` chain: the update is reported, not removed',
      code: `${A}RUN apk update; apk add --no-cache git\n`,
      output: null,
      errors: [{ line: 2, message: /redundant/ }],
    },
    {
      name: 'heredoc: reported, never edited',
      code: `${A}RUN <<EOF\napk update\napk add git\nEOF\n`,
      output: null,
      errors: [{ line: 4, message: /--no-cache/ }],
    },
    {
      name: 'exec form',
      code: `${A}RUN ["apk", "add", "git"]\n`,
      output: `${A}RUN ["apk", "add", "--no-cache", "git"]\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'ONBUILD gets --no-cache',
      code: `${A}ONBUILD RUN apk add git\n`,
      output: `${A}ONBUILD RUN apk add --no-cache git\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'CRLF and the escape directive',
      code: '# escape=`\r\nFROM golang:1.23-alpine\r\nRUN apk update && `\r\n    apk add git\r\n',
      output: '# escape=`\r\nFROM golang:1.23-alpine\r\nRUN apk add --no-cache git\r\n',
      errors: [{ line: 3 }, { line: 4 }],
    },
  ],
});

it('claims no fix when it declines', () => {
  const result = run(apkNoCache, { code: `${A}RUN apk update; apk add --no-cache git\n` });
  expect(result.findings.map((f) => [f.severity, f.fix])).toEqual([['warning', null]]);
});
