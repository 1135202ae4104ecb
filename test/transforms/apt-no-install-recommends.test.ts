import { expect, it } from 'vitest';
import aptNoInstallRecommends from '../../src/transforms/apt-no-install-recommends.js';
import { ruleTester, run } from './tester.js';

const G = 'FROM golang:1.23-bookworm\n';

ruleTester(aptNoInstallRecommends, {
  valid: [
    `${G}RUN apt-get update && apt-get install -y --no-install-recommends git\n`,
    `${G}RUN apt-get --no-install-recommends install -y git\n`,
    // An explicit choice either way.
    `${G}RUN apt-get install -y --install-recommends git\n`,
    `${G}RUN apt-get install -y -o APT::Install-Recommends=false git\n`,
    `${G}RUN apt-get install -y -oAPT::Install-Recommends=0 git\n`,
    // Set in apt.conf.d by an earlier RUN.
    `${G}RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/01norecommends\nRUN apt-get install -y git\n`,
    // Other subcommands.
    `${G}RUN apt-get update && apt-get upgrade -y && apt-get remove -y git\n`,
    // Not a Go Dockerfile.
    'FROM debian:bookworm\nRUN apt-get install -y git\n',
  ],
  invalid: [
    {
      name: 'reported; the unsafe fix is not applied by default',
      code: `${G}RUN apt-get update && apt-get install -y git\n`,
      output: null,
      errors: [{ line: 2, message: /without `--no-install-recommends`/ }],
    },
    {
      name: 'with --unsafe-fixes, after the subcommand, kept inside continuations',
      code: `${G}RUN apt-get update \\\n && apt-get install -y \\\n      git \\\n && rm -rf /var/lib/apt/lists/*\n`,
      output: `${G}RUN apt-get update \\\n && apt-get install --no-install-recommends -y \\\n      git \\\n && rm -rf /var/lib/apt/lists/*\n`,
      errors: [{ line: 3 }],
      unsafe: true,
    },
    {
      name: 'apt install too',
      code: `${G}RUN apt install -y git\n`,
      output: `${G}RUN apt install --no-install-recommends -y git\n`,
      errors: [{ line: 2, message: /^`apt install`/ }],
      unsafe: true,
    },
    {
      name: 'exec form',
      code: `${G}RUN ["apt-get", "install", "-y", "git"]\n`,
      output: `${G}RUN ["apt-get", "install", "--no-install-recommends", "-y", "git"]\n`,
      errors: [{ line: 2 }],
      unsafe: true,
    },
    {
      name: 'a heredoc body is reported, never edited',
      code: `${G}RUN <<EOF\napt-get install -y git\nEOF\n`,
      output: null,
      errors: [{ line: 3 }],
      unsafe: true,
    },
    {
      name: 'a runtime stage of a Go Dockerfile',
      code: `FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM debian:bookworm-slim\nRUN apt-get install -y ca-certificates\n`,
      output: `FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM debian:bookworm-slim\nRUN apt-get install --no-install-recommends -y ca-certificates\n`,
      errors: [{ line: 4 }],
      unsafe: true,
    },
  ],
});

it('is info severity with an unsafe fix, none when declined', () => {
  const result = run(aptNoInstallRecommends, { code: `${G}RUN apt-get install -y git\nRUN <<EOF\napt-get install -y curl\nEOF\n` });
  expect(result.findings.map((f) => [f.line, f.severity, f.fix])).toEqual([
    [2, 'info', 'unsafe'],
    [4, 'info', null],
  ]);
});
