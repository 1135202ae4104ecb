import syntaxDirective from '../../src/transforms/syntax-directive.js';
import { ruleTester } from './tester.js';

ruleTester(syntaxDirective, {
  valid: [
    'FROM golang:1.23\nRUN go build ./...\n',
    '# syntax=docker/dockerfile:1\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
    '# syntax=docker/dockerfile:1.4\nFROM golang:1.23\nRUN <<EOF\necho hi\nEOF\n',
    // A custom frontend is the user's choice.
    '# syntax=example.com/frontend:2\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
    // ONBUILD triggers run in the child's build, under the child's frontend: they need nothing here.
    { name: 'ONBUILD RUN --mount', code: 'FROM golang:1.23\nONBUILD RUN --mount=type=cache,target=/go/pkg/mod go build ./...\n' },
    { name: 'ONBUILD COPY --link', code: 'FROM golang:1.23\nONBUILD COPY --link . /src\n' },
    { name: 'ONBUILD features do not make a pinned directive too old', code: '# syntax=docker/dockerfile:1.1\nFROM golang:1.23\nONBUILD COPY --link . /src\n' },
  ],
  invalid: [
    {
      code: 'FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
      output: '# syntax=docker/dockerfile:1\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
      errors: [{ line: 1, message: /BuildKit features/ }],
    },
    {
      name: 'after a BOM, CRLF kept',
      code: '\uFEFFFROM golang:1.23\r\nRUN --mount=type=secret,id=netrc go mod download\r\n',
      output: '\uFEFF# syntax=docker/dockerfile:1\r\nFROM golang:1.23\r\nRUN --mount=type=secret,id=netrc go mod download\r\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'merged with an existing escape directive',
      code: '# escape=`\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod `\n  go build ./...\n',
      output: '# syntax=docker/dockerfile:1\n# escape=`\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod `\n  go build ./...\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'a pinned version too old for heredocs',
      code: '# syntax=docker/dockerfile:1.2\nFROM golang:1.23\nCOPY <<EOF /x\nhi\nEOF\n',
      output: '# syntax=docker/dockerfile:1\nFROM golang:1.23\nCOPY <<EOF /x\nhi\nEOF\n',
      errors: [{ line: 1, message: /older/ }],
    },
    {
      name: 'a top-level mount still counts next to an ONBUILD one',
      code: 'FROM golang:1.23\nONBUILD RUN --mount=type=cache,target=/go/pkg/mod go build\nRUN --mount=type=secret,id=netrc go mod download\n',
      output: '# syntax=docker/dockerfile:1\nFROM golang:1.23\nONBUILD RUN --mount=type=cache,target=/go/pkg/mod go build\nRUN --mount=type=secret,id=netrc go mod download\n',
      errors: [{ line: 1 }],
    },
  ],
});
