import { expect, it } from 'vitest';
import aptUpdateSameRun from '../../src/transforms/apt-update-same-run.js';
import { ruleTester, run } from './tester.js';

const G = 'FROM golang:1.23-bookworm\n';

ruleTester(aptUpdateSameRun, {
  valid: [
    `${G}RUN apt-get update && apt-get install -y git\n`,
    // Updated again in the later RUN.
    `${G}RUN apt-get update && apt-get install -y git\nRUN apt-get update && apt-get install -y curl\n`,
    // No update anywhere earlier: the base image's lists (if any) are not ours to judge.
    `${G}RUN apt-get install -y git\n`,
    // Installing a local .deb still reads lists, but no earlier update: nothing to say.
    `${G}RUN dpkg -i /tmp/x.deb\n`,
    // An update in another, unrelated stage does not feed this one.
    'FROM golang:1.23-bookworm AS a\nRUN apt-get update\nFROM debian:bookworm-slim\nRUN apt-get install -y ca-certificates\n',
    // ONBUILD runs in another build.
    `${G}RUN apt-get update\nONBUILD RUN apt-get install -y git\n`,
    // Subcommands that do not read the lists.
    `${G}RUN apt-get update\nRUN apt-get remove -y git && apt-get clean\n`,
    'FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y git\n',
  ],
  invalid: [
    {
      name: 'reported; the unsafe fix is not applied by default',
      code: `${G}RUN apt-get update\nRUN apt-get install -y libpcap-dev\n`,
      output: null,
      errors: [{ line: 3, message: /earlier RUN's `apt-get update`.*stale/ }],
    },
    {
      name: 'with --unsafe-fixes: update in front, before the assignment prefix',
      code: `${G}RUN apt-get update\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y libpcap-dev\n`,
      output: `${G}RUN apt-get update\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y libpcap-dev\n`,
      errors: [{ line: 3 }],
      unsafe: true,
    },
    {
      name: 'inherited from the stage it is built on; after `set -e;`',
      code: 'FROM golang:1.23-bookworm AS base\nRUN apt-get update\nFROM base AS dev\nRUN set -e; apt-get install -y gdb\n',
      output: 'FROM golang:1.23-bookworm AS base\nRUN apt-get update\nFROM base AS dev\nRUN set -e; apt-get update && apt-get install -y gdb\n',
      errors: [{ line: 4 }],
      unsafe: true,
    },
    {
      name: 'only the first list reader of the RUN',
      code: `${G}RUN apt-get update\nRUN apt-get install -y git && apt-get install -y curl\n`,
      output: `${G}RUN apt-get update\nRUN apt-get update && apt-get install -y git && apt-get install -y curl\n`,
      errors: [{ line: 3, message: /^`apt-get install`/ }],
      unsafe: true,
    },
    {
      name: 'after `||` the prefix would change what runs: declined',
      code: `${G}RUN apt-get update\nRUN which git || apt-get install -y git\n`,
      output: null,
      errors: [{ line: 3 }],
      unsafe: true,
    },
    {
      name: 'after `if`: declined',
      code: `${G}RUN apt-get update\nRUN if apt-get install -y git; then :; fi\n`,
      output: null,
      errors: [{ line: 3 }],
      unsafe: true,
    },
    {
      name: 'heredoc: reported, not fixed',
      code: `${G}RUN apt-get update\nRUN <<EOF\napt-get install -y git\nEOF\n`,
      output: null,
      errors: [{ line: 4 }],
      unsafe: true,
    },
  ],
});

it('claims no fix when it declines', () => {
  const result = run(aptUpdateSameRun, { code: `${G}RUN apt-get update\nRUN which git || apt-get install -y git\n` });
  expect(result.findings.map((f) => [f.severity, f.fix])).toEqual([['warning', null]]);
});
