import syntaxDirective from '../../src/transforms/syntax-directive.js';
import { ruleTester } from './tester.js';

ruleTester(syntaxDirective, {
  valid: [
    'FROM golang:1.23\nRUN go build ./...\n',
    '# syntax=docker/dockerfile:1\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
    '# syntax=docker/dockerfile:1.4\nFROM golang:1.23\nRUN <<EOF\necho hi\nEOF\n',
    // A custom frontend is the user's choice.
    '# syntax=example.com/frontend:2\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go build ./...\n',
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
  ],
});
