import { expect, it } from 'vitest';
import goInstallPinned from '../../src/transforms/go-install-pinned.js';
import { ruleTester, run } from './tester.js';

const G = 'FROM golang:1.23\n';

ruleTester(goInstallPinned, {
  valid: [
    `${G}RUN go install golang.org/x/tools/cmd/goimports@v0.24.0\n`,
    `${G}RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1-0.20240909082100-1c0a7d9e1b2a\n`,
    `${G}RUN go install example.com/tool@3f5e2a1\n`,
    `${G}RUN go install ./cmd/...\n`,
    `${G}RUN go build -o /app . && go run ./tools/gen\n`,
    // A version from an ARG without a default is whoever builds' choice.
    `${G}ARG LINT_VERSION\nRUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@\${LINT_VERSION}\n`,
    `${G}ARG LINT_VERSION=v1.61.0\nRUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@\${LINT_VERSION}\n`,
    // Not a go command.
    `${G}RUN echo example.com/tool@latest\n`,
    // `@none` removes a requirement.
    `${G}RUN go get example.com/old@none\n`,
  ],
  invalid: [
    {
      code: `${G}RUN go install golang.org/x/tools/cmd/goimports@latest\n`,
      output: null,
      errors: [{ line: 2, message: /^`go install golang.org\/x\/tools\/cmd\/goimports@latest` takes whatever version is newest/ }],
    },
    {
      name: 'go run, branches, prefixes, on continuation lines',
      code: `${G}RUN go run github.com/sqlc-dev/sqlc/cmd/sqlc@main generate && \\\n    go install github.com/swaggo/swag/cmd/swag@v1 && \\\n    go get example.com/lib@master\n`,
      output: null,
      errors: [{ line: 2, message: /@main/ }, { line: 3, message: /@v1`/ }, { line: 4, message: /^`go get example.com\/lib@master`/ }],
    },
    {
      name: 'an ARG default of latest',
      code: `${G}ARG SWAG=latest\nRUN go install github.com/swaggo/swag/cmd/swag@\${SWAG}\n`,
      output: null,
      errors: [{ line: 3, message: /swag@latest/ }],
    },
    {
      name: 'in a heredoc body and in ONBUILD',
      code: `${G}RUN <<EOF\ngo install example.com/a@latest\nEOF\nONBUILD RUN go install example.com/b@latest\n`,
      output: null,
      errors: [{ line: 3 }, { line: 5 }],
    },
  ],
});

it('is info and offers no fix', () => {
  const result = run(goInstallPinned, { code: `${G}RUN go install example.com/a@latest\n` });
  expect(result.findings.map((f) => [f.severity, f.fix])).toEqual([['info', null]]);
});
