import syntaxDirective from '../../src/transforms/syntax-directive.js';
import { ruleTester } from './tester.js';

ruleTester(syntaxDirective, {
  valid: [
    'FROM golang:1.23\nRUN go build ./...\n',
    '# syntax=docker/dockerfile:1\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
    '# syntax=docker/dockerfile:1.4\nFROM golang:1.23\nRUN <<EOF\necho hi\nEOF\n',
    // A labs channel keeps labs-only flags working; 1.3-labs already had heredocs.
    '# syntax=docker/dockerfile:1.3-labs\nFROM golang:1.23\nRUN --security=insecure --mount=type=cache,target=/go/pkg/mod <<EOF\ngo test ./...\nEOF\n',
    '# syntax=docker/dockerfile:1-labs\nFROM golang:1.23\nRUN --security=insecure go test ./...\n',
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
      name: 'a labs pin too old for its features stays on the labs channel',
      code: '# syntax=docker/dockerfile:1.1-labs\nFROM golang:1.23\nCOPY <<EOF /x\nhi\nEOF\n',
      output: '# syntax=docker/dockerfile:1-labs\nFROM golang:1.23\nCOPY <<EOF /x\nhi\nEOF\n',
      errors: [{ line: 1, message: /older/ }],
    },
    {
      name: 'RUN --security needs the labs channel',
      code: '# syntax=docker/dockerfile:1\nFROM golang:1.23\nRUN --security=insecure go test ./...\n',
      output: '# syntax=docker/dockerfile:1-labs\nFROM golang:1.23\nRUN --security=insecure go test ./...\n',
      errors: [{ line: 1, message: /labs/ }],
    },
    {
      name: 'a # syntax= line below a blank line is only a comment: moved to the top, not duplicated',
      code: '\n# syntax=docker/dockerfile:1.4\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
      output: '# syntax=docker/dockerfile:1.4\n\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
      errors: [{ line: 2, message: /not at the top of the file/ }],
    },
    {
      name: 'a stray #syntax= is moved verbatim (spacing kept)',
      code: '# build\n  #syntax=docker/dockerfile:1\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
      output: '#syntax=docker/dockerfile:1\n# build\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'a stray # syntax= below another comment, CRLF kept',
      code: '# Build the API server\r\n# syntax=docker/dockerfile:1\r\nFROM golang:1.23\r\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\r\n',
      output: '# syntax=docker/dockerfile:1\r\n# Build the API server\r\nFROM golang:1.23\r\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\r\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'a top-level mount still counts next to an ONBUILD one',
      code: 'FROM golang:1.23\nONBUILD RUN --mount=type=cache,target=/go/pkg/mod go build\nRUN --mount=type=secret,id=netrc go mod download\n',
      output: '# syntax=docker/dockerfile:1\nFROM golang:1.23\nONBUILD RUN --mount=type=cache,target=/go/pkg/mod go build\nRUN --mount=type=secret,id=netrc go mod download\n',
      errors: [{ line: 1 }],
    },
  ],
});
