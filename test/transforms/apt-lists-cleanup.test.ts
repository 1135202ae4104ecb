import { expect, it } from 'vitest';
import aptListsCleanup from '../../src/transforms/apt-lists-cleanup.js';
import { ruleTester, run } from './tester.js';

const G = 'FROM golang:1.23-bookworm\n';
const RM = ' && rm -rf /var/lib/apt/lists/*';

ruleTester(aptListsCleanup, {
  valid: [
    `${G}RUN apt-get update && apt-get install -y git${RM}\n`,
    `${G}RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists\n`,
    `${G}RUN set -eux; apt-get update; apt-get install -y git; rm -rf /var/lib/apt/lists/* /tmp/*\n`,
    `${G}RUN apt-get update && apt-get install -y git && find /var/lib/apt/lists -type f -delete\n`,
    // Cache mounts keep the lists out of the layer.
    `${G}RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y git\n`,
    `${G}RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y git\n`,
    // Cleanup in a heredoc body counts.
    `${G}RUN <<EOF\napt-get update\napt-get install -y git\nrm -rf /var/lib/apt/lists/*\nEOF\n`,
    // A builder stage never reaches the image.
    'FROM golang:1.23-bookworm AS build\nRUN apt-get update && apt-get install -y libpcap-dev\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    // No update, nothing downloaded.
    `${G}RUN apt-get install -y ./local.deb\n`,
    // Not a Go Dockerfile.
    'FROM debian:bookworm\nRUN apt-get update && apt-get install -y git\n',
  ],
  invalid: [
    {
      code: `${G}RUN apt-get update && apt-get install -y git\n`,
      output: `${G}RUN apt-get update && apt-get install -y git${RM}\n`,
      errors: [{ line: 2, message: /without `rm -rf \/var\/lib\/apt\/lists\/\*`/ }],
    },
    {
      name: 'appended at the end of the chain, after its continuation lines and comments',
      code: `${G}RUN apt-get update \\\n && apt-get install -y \\\n      # for the sniffer\n      libpcap0.8 \\\n && apt-get clean\nCMD ["app"]\n`,
      output: `${G}RUN apt-get update \\\n && apt-get install -y \\\n      # for the sniffer\n      libpcap0.8 \\\n && apt-get clean${RM}\nCMD ["app"]\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'a runtime stage built FROM another stage ships that stage too',
      code: `FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y ca-certificates\nFROM golang:1.23 AS build\nRUN go build -o /app .\nFROM base\nCOPY --from=build /app /app\n`,
      output: `FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y ca-certificates${RM}\nFROM golang:1.23 AS build\nRUN go build -o /app .\nFROM base\nCOPY --from=build /app /app\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'CRLF, no final newline',
      code: `FROM golang:1.23\r\nRUN apt-get update && apt-get install -y git`,
      output: `FROM golang:1.23\r\nRUN apt-get update && apt-get install -y git${RM}`,
      errors: [{ line: 2 }],
    },
    {
      name: 'a `;` chain: reported, not fixed',
      code: `${G}RUN apt-get update; apt-get install -y git\n`,
      output: null,
      errors: [{ line: 2 }],
    },
    {
      name: 'an `||` in the chain: reported, not fixed',
      code: `${G}RUN apt-get update && apt-get install -y git || true\n`,
      output: null,
      errors: [{ line: 2 }],
    },
    {
      name: 'a later RUN installs from these lists: removing them would break it',
      code: `${G}RUN apt-get update\nRUN apt-get install -y git\n`,
      output: null,
      errors: [{ line: 2 }],
    },
    {
      name: 'a later RUN that updates for itself is fine',
      code: `${G}RUN apt-get update && apt-get install -y git\nRUN apt-get update && apt-get install -y curl${RM}\n`,
      output: `${G}RUN apt-get update && apt-get install -y git${RM}\nRUN apt-get update && apt-get install -y curl${RM}\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'a RUN that is only apt-get update, and nothing after it reads its lists, is removed',
      code: `${G}RUN apt-get update\nRUN apt-get update && apt-get install -y git${RM}\n`,
      output: `${G}RUN apt-get update && apt-get install -y git${RM}\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'a later script might read the lists: unsafe',
      code: `${G}RUN apt-get update && apt-get install -y git\nRUN ./scripts/setup.sh\n`,
      output: null,
      errors: [{ line: 2 }],
    },
    {
      name: 'a later script, with --unsafe-fixes',
      code: `${G}RUN apt-get update && apt-get install -y git\nRUN make deps\n`,
      output: `${G}RUN apt-get update && apt-get install -y git${RM}\nRUN make deps\n`,
      errors: [{ line: 2 }],
      unsafe: true,
    },
    {
      name: 'heredoc: reported, not fixed',
      code: `${G}RUN <<EOF\napt-get update\napt-get install -y git\nEOF\n`,
      output: null,
      errors: [{ line: 3 }],
    },
    {
      name: 'a cache mount on /var/cache/apt alone keeps the lists in the layer',
      code: `${G}RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y git\n`,
      output: `${G}RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y git${RM}\n`,
      errors: [{ line: 2 }],
    },
    {
      name: 'apt update',
      code: `${G}RUN apt update && apt install -y git\n`,
      output: `${G}RUN apt update && apt install -y git${RM}\n`,
      errors: [{ line: 2, message: /^`apt update`/ }],
    },
  ],
});

it('claims no fix when it declines', () => {
  const result = run(aptListsCleanup, { code: `${G}RUN apt-get update; apt-get install -y git\n` });
  expect(result.findings.map((f) => f.fix)).toEqual([null]);
});
