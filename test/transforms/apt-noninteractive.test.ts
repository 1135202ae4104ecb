import { expect, it } from 'vitest';
import aptNoninteractive from '../../src/transforms/apt-noninteractive.js';
import { ruleTester, run } from './tester.js';

const G = 'FROM golang:1.23-bookworm\n';
const NI = 'DEBIAN_FRONTEND=noninteractive';

ruleTester(aptNoninteractive, {
  valid: [
    `${G}RUN apt-get update && ${NI} apt-get install -y --no-install-recommends git\n`,
    // Every way of answering the prompt.
    `${G}RUN ${NI} apt-get install --yes git\n`,
    `${G}RUN ${NI} apt-get install --assume-yes git\n`,
    `${G}RUN ${NI} apt-get -qq install git\n`,
    `${G}RUN ${NI} apt-get install -q -q git\n`,
    `${G}RUN ${NI} apt-get install -yq git\n`,
    `${G}RUN ${NI} apt-get -o APT::Get::Assume-Yes=true install git\n`,
    `${G}RUN ${NI} apt-get install -s git\n`,
    `${G}RUN yes | ${NI} apt-get install git\n`,
    // Assume-Yes written into apt.conf.d by an earlier RUN.
    `${G}RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90yes\nRUN ${NI} apt-get install git\n`,
    // DEBIAN_FRONTEND from the RUN, an ARG, a global ARG default, or the command's `env` wrapper.
    `${G}RUN export ${NI} && apt-get install -y git\n`,
    `${G}ARG ${NI}\nRUN apt-get install -y git\n`,
    `ARG ${NI}\n${G}ARG DEBIAN_FRONTEND\nRUN apt-get install -y git\n`,
    `${G}RUN env ${NI} apt-get install -y git\n`,
    // An ARG of the stage it is built FROM: BuildKit passes a stage's ARGs on to stages built on it.
    {
      name: 'ARG inherited from the base stage (global default, declared in base, apt in a child stage)',
      code: `ARG ${NI}\nFROM golang:1.23-bookworm AS base\nARG DEBIAN_FRONTEND\nFROM base AS dev\nRUN apt-get install -y git\n`,
    },
    { name: 'ARG with a value in the base stage', code: `FROM golang:1.23-bookworm AS base\nARG ${NI}\nFROM base AS dev\nRUN apt-get install -y git\n` },
    // `ARG DEBIAN_FRONTEND` without a default: the user passes it.
    `${G}ARG DEBIAN_FRONTEND\nRUN apt-get install -y git\n`,
    // Commands that neither prompt nor configure packages.
    `${G}RUN apt-get update && apt-get clean && apt-cache policy git\n`,
    // Not apt: apt-key, apt-mark, aptly.
    `${G}RUN apt-key list && apt-mark hold git && aptly version\n`,
    // ENV in a builder stage that does not ship: the leak does not reach the image.
    `FROM golang:1.23-bookworm AS build\nENV ${NI}\nRUN apt-get install -y git\nFROM scratch\nCOPY --from=build /go/bin/app /app\n`,
    // A Dockerfile that runs no Go is not this tool's business.
    'FROM debian:bookworm\nRUN apt-get install git\n',
  ],
  invalid: [
    {
      name: 'no -y and no DEBIAN_FRONTEND',
      code: `${G}RUN apt-get update && apt-get install git\n`,
      output: `${G}RUN apt-get update && ${NI} apt-get install -y git\n`,
      errors: [
        { line: 2, message: /without `-y`.*aborts/ },
        { line: 2, message: /without `DEBIAN_FRONTEND=noninteractive`.*waiting/ },
      ],
    },
    {
      name: 'options before the subcommand; -q alone does not answer',
      code: `${G}RUN ${NI} apt-get -q -o Dpkg::Options::=--force-confold install git\n`,
      output: `${G}RUN ${NI} apt-get -q -o Dpkg::Options::=--force-confold install -y git\n`,
      errors: [{ line: 2, message: /without `-y`/ }],
    },
    {
      name: 'separate RUNs, continuation lines with a comment between them',
      code: `${G}RUN apt-get update\nRUN apt-get install \\\n    # pcap for the sniffer\n    libpcap-dev\n`,
      output: `${G}RUN apt-get update\nRUN ${NI} apt-get install -y \\\n    # pcap for the sniffer\n    libpcap-dev\n`,
      errors: [{ line: 3 }, { line: 3 }],
    },
    {
      name: 'the prefix goes before existing assignments, and after an `if`',
      code: `${G}RUN if TZ=UTC apt-get install -y tzdata; then echo ok; fi\n`,
      output: `${G}RUN if ${NI} TZ=UTC apt-get install -y tzdata; then echo ok; fi\n`,
      errors: [{ line: 2, message: /DEBIAN_FRONTEND/ }],
    },
    {
      name: '`time` (a bash keyword, /usr/bin/time under sh) stays first: `env` carries the variable past it',
      code: `${G}RUN apt-get update && time apt-get install -y bar\n`,
      output: `${G}RUN apt-get update && time env ${NI} apt-get install -y bar\n`,
      errors: [{ line: 2, message: /DEBIAN_FRONTEND/ }],
    },
    {
      name: '`time` before an assignment',
      code: `${G}RUN time TZ=UTC apt-get install -y tzdata\n`,
      output: `${G}RUN time env ${NI} TZ=UTC apt-get install -y tzdata\n`,
      errors: [{ line: 2, message: /DEBIAN_FRONTEND/ }],
    },
    {
      name: 'wrapper commands (nice, timeout, eatmydata, env) get the prefix before them, where an assignment is valid',
      code: `${G}RUN nice -n 10 apt-get install -y a && \\\n    timeout 600 apt-get install -y b && \\\n    eatmydata apt-get install -y c && \\\n    env A=1 apt-get install -y d\n`,
      output: `${G}RUN ${NI} nice -n 10 apt-get install -y a && \\\n    ${NI} timeout 600 apt-get install -y b && \\\n    ${NI} eatmydata apt-get install -y c && \\\n    ${NI} env A=1 apt-get install -y d\n`,
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }, { line: 5 }],
    },
    {
      name: 'a stage not built on the one with the ARG does not see it',
      code: `FROM golang:1.23-bookworm AS base\nARG ${NI}\nFROM golang:1.23-bookworm AS dev\nRUN apt-get install -y git\n`,
      output: `FROM golang:1.23-bookworm AS base\nARG ${NI}\nFROM golang:1.23-bookworm AS dev\nRUN ${NI} apt-get install -y git\n`,
      errors: [{ line: 4 }],
    },
    {
      name: 'every install in the chain',
      code: `${G}RUN apt-get update && apt-get install -y git && apt-get upgrade -y\n`,
      output: `${G}RUN apt-get update && ${NI} apt-get install -y git && ${NI} apt-get upgrade -y\n`,
      errors: [{ line: 2 }, { line: 2 }],
    },
    {
      name: 'apt becomes apt-get',
      code: `${G}RUN apt update && ${NI} apt install -y git\n`,
      output: `${G}RUN apt-get update && ${NI} apt-get install -y git\n`,
      errors: [{ line: 2, message: /^`apt update`: .*stable CLI interface/ }, { line: 2, message: /^`apt install`/ }],
    },
    {
      name: 'apt upgrade keeps installing new dependencies; full-upgrade is dist-upgrade; a path to apt',
      code: `${G}RUN ${NI} apt upgrade -y && ${NI} /usr/bin/apt full-upgrade -y\n`,
      output: `${G}RUN ${NI} apt-get upgrade --with-new-pkgs -y && ${NI} /usr/bin/apt-get dist-upgrade -y\n`,
      errors: [{ line: 2 }, { line: 2 }],
    },
    {
      name: 'apt subcommands without an apt-get equivalent are reported, not changed',
      code: `${G}RUN apt list --installed\n`,
      output: null,
      errors: [{ line: 2, message: /stable CLI/ }],
    },
    {
      name: 'heredoc bodies are reported, never edited',
      code: `${G}RUN <<EOF\nset -e\napt-get update\napt-get install git\nEOF\n`,
      output: null,
      errors: [{ line: 5 }, { line: 5 }],
    },
    {
      name: 'exec form gets -y as a JSON element, no prefix',
      code: `${G}RUN ["apt-get", "install", "git"]\n`,
      output: `${G}RUN ["apt-get", "install", "-y", "git"]\n`,
      errors: [{ line: 2, message: /-y/ }, { line: 2, message: /DEBIAN_FRONTEND/ }],
    },
    {
      name: 'sudo resets the environment: no prefix',
      code: `${G}RUN sudo apt-get install -y git\n`,
      output: null,
      errors: [{ line: 2, message: /DEBIAN_FRONTEND/ }],
    },
    {
      name: 'ONBUILD: -y only, the environment belongs to the image that uses it',
      code: `${G}ONBUILD RUN apt-get install git\n`,
      output: `${G}ONBUILD RUN apt-get install -y git\n`,
      errors: [{ line: 2, message: /-y/ }],
    },
    {
      name: 'persistent ENV in the final stage: info, unsafe fix not applied by default',
      code: `${G}ENV ${NI}\nRUN apt-get install -y git\n`,
      output: null,
      errors: [{ line: 2, message: /persists into the image/ }],
    },
    {
      name: 'persistent ENV becomes an ARG with --unsafe-fixes (legacy form, lower case)',
      code: `${G}env DEBIAN_FRONTEND noninteractive\nRUN apt-get install -y git\n`,
      output: `${G}arg ${NI}\nRUN apt-get install -y git\n`,
      errors: [{ line: 2 }],
      unsafe: true,
    },
    {
      name: 'ENV with other variables: reported, not changed',
      code: `${G}ENV ${NI} TZ=UTC\nRUN apt-get install -y tzdata\n`,
      output: null,
      errors: [{ line: 2 }],
      unsafe: true,
    },
    {
      name: 'a stage built on it inherits the ENV: not changed',
      code: `FROM golang:1.23-bookworm AS base\nENV ${NI}\nFROM base\nRUN apt-get install -y git\n`,
      output: null,
      errors: [{ line: 2 }],
      unsafe: true,
    },
    {
      name: 'CRLF and a runtime stage that is not Go',
      code: `FROM golang:1.23 AS build\r\nRUN go build -o /app .\r\nFROM debian:bookworm-slim\r\nRUN apt-get update && apt-get install -y ca-certificates\r\n`,
      output: `FROM golang:1.23 AS build\r\nRUN go build -o /app .\r\nFROM debian:bookworm-slim\r\nRUN apt-get update && ${NI} apt-get install -y ca-certificates\r\n`,
      errors: [{ line: 4 }],
    },
  ],
});

it('reports the persistent ENV as info and the rest as warnings', () => {
  const result = run(aptNoninteractive, { code: `${G}ENV ${NI}\nRUN apt-get install git\n` });
  expect(result.findings.map((f) => [f.line, f.severity, f.fix])).toEqual([
    [2, 'info', 'unsafe'],
    [3, 'warning', 'safe'],
  ]);
});

it('declined fixes say so: no fix claimed', () => {
  const result = run(aptNoninteractive, { code: `${G}RUN <<EOF\napt-get install git\nEOF\n` });
  expect(result.findings.map((f) => f.fix)).toEqual([null, null]);
});
