import { contextAt, expand } from '../dockerfile/index.js';
import { goStages } from '../go/stages.js';
import { defineTransform, type Problem } from './transform.js';

/** Version queries that resolve to something different as time passes. */
const MOVING = new Set(['latest', 'upgrade', 'patch', 'master', 'main', 'HEAD', 'trunk', 'develop']);

function moving(version: string): boolean {
  // `@v1` / `@v1.2`: the latest release with that prefix; `@<v2`, `@>=v1.5`: comparisons.
  return MOVING.has(version) || /^v\d+(\.\d+)?$/.test(version) || /^[<>]/.test(version);
}

export default defineTransform<Problem>({
  id: 'go-install-pinned',
  title: '`go install`/`go run`/`go get` of `pkg@version` names a fixed version, not `@latest`',
  severity: 'info',
  fixSafety: null,
  docs: {
    what:
      'Reports `go install`, `go run` and `go get` arguments whose version is a query that moves: `@latest`, `@upgrade`, `@patch`, a branch (`@master`, `@main`, `@HEAD`), a prefix (`@v1`, `@v1.2`) or a comparison (`@<v2`). A version from an ARG is followed to its default.',
    why:
      'A moving version is resolved against the module proxy every time the layer is built: with a warm module cache mount a pinned `@v1.2.3` needs no network, `@latest` always does (and hangs where the proxy is unreachable), and two builds of the same Dockerfile install different tools, so a generator or linter changes its output under you.',
    before: 'FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports@latest\n',
    after: 'FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports@v0.24.0\n',
    fixSafety: 'No fix: the right version is the one your code was tested with. `@${VERSION}` with an ARG default is checked against the default; without a default it is left to whoever passes it.',
  },
  check({ doc }) {
    const problems: Problem[] = [];
    for (const { stage, runs } of goStages(doc)) {
      for (const { owner, invocations, heredocInvocations } of runs) {
        const vars = contextAt(doc, stage, owner).vars;
        for (const go of [...invocations, ...heredocInvocations]) {
          if (go.subcommand !== 'install' && go.subcommand !== 'run' && go.subcommand !== 'get') continue;
          for (const arg of go.args) {
            const at = arg.value.indexOf('@');
            if (arg.value.startsWith('-') || at <= 0) continue;
            const version = expand(arg.value.slice(at + 1), vars);
            if (version.includes('$') || !moving(version)) continue;
            const pkg = arg.value.slice(0, at);
            problems.push({
              range: arg.range,
              message: `\`go ${go.subcommand} ${pkg}@${version}\` takes whatever version is newest when the layer builds: every uncached build asks the module proxy and may get a different one; pin \`@vX.Y.Z\``,
            });
          }
        }
      }
    }
    return problems;
  },
});
