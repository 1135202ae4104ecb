import { describe, expect, it } from 'vitest';
import { parseDockerfile, shellCommands } from '../../src/dockerfile/index.js';
import { goDriver, goInvocation, scriptCommands, shellScript, withScripts } from '../../src/go/commands.js';
import { driverRuns, goStages, stageHasGo } from '../../src/go/stages.js';

/** The commands of the RUN on the second line of `FROM golang\nRUN <run>`. */
const commands = (run: string) => {
  const doc = parseDockerfile(`FROM golang\nRUN ${run}\n`);
  return shellCommands(doc, doc.instructions[1]!, true);
};
const driverOf = (run: string): string | null => commands(run).map(goDriver).find((d) => d !== null) ?? null;

describe('goDriver: RUNs that may run go out of sight', () => {
  it.each([
    ['make build', 'make'],
    ['gmake -j4', 'gmake'],
    ['/usr/bin/make install', '/usr/bin/make'],
    ['sudo -E make', 'make'],
    ['CGO_ENABLED=0 make build', 'make'],
    ['mage -v build', 'mage'],
    ['task build', 'task'],
    ['just release', 'just'],
    ['goreleaser build --snapshot --clean', 'goreleaser'],
    ['ko build ./cmd/app', 'ko'],
    ['garble build .', 'garble'],
    ['golangci-lint run ./...', 'golangci-lint'],
    ['./build.sh', './build.sh'],
    ['/src/scripts/release.bash v1', '/src/scripts/release.bash'],
    ['./scripts/build', './scripts/build'],
    ['hack/make-rules/build.sh', 'hack/make-rules/build.sh'],
    ['sh build.sh', 'build.sh'],
    ['bash -ex ./ci/build', './ci/build'],
    ['. ./env.sh && go version', './env.sh'],
    ['bash -c "cd /src && make build"', 'make'],
    ["sh -ec './scripts/build.sh'", './scripts/build.sh'],
    ['["/bin/sh", "-c", "make build"]', 'make'],
    ['["make", "build"]', 'make'],
    ['<<EOF\nset -e\nmake build\nEOF', 'make'],
  ])('%s -> %s', (run, driver) => {
    expect(driverOf(run)).toBe(driver);
  });

  it.each([
    'apt-get install -y make',
    'apk add --no-cache make git',
    'go build ./...',
    'echo make',
    './bin/app --version',
    '/go/bin/swag init',
    '/usr/local/bin/migrate -version',
    'bazel build //...',
    'bazelisk build //...',
    'earthly +build',
    'bash',
    'sh -c "go build ./..."',
    'cp scripts/x /usr/local/bin/',
  ])('not a driver: %s', (run) => {
    expect(driverOf(run)).toBeNull();
  });
});

describe('shell -c scripts', () => {
  it('finds the script word after shell options', () => {
    expect(shellScript(commands('bash -euo pipefail -c "go build"')[0]!)?.value).toBe('go build');
    expect(shellScript(commands('sh --login -c "go build"')[0]!)?.value).toBe('go build');
    expect(shellScript(commands('/bin/sh -ec "go build"')[0]!)?.value).toBe('go build');
    expect(shellScript(commands('sh build.sh')[0]!)).toBeNull();
    expect(shellScript(commands('["/bin/sh", "-c", "go build -o /app ."]')[0]!)?.value).toBe('go build -o /app .');
  });
  it('reads the commands of the script, read-only, nested too', () => {
    const inner = scriptCommands(commands(`sh -c "cd /src && bash -c 'go mod download'"`)[0]!);
    expect(inner.map((c) => c.argv.map((w) => w.value).join(' '))).toEqual(['cd /src', "bash -c go mod download", 'go mod download']);
    expect(inner.every((c) => c.inHeredoc)).toBe(true);
    expect(withScripts(commands('sh -c "go build"')).map((c) => goInvocation(c)?.subcommand ?? null)).toEqual([null, 'build']);
  });
});

describe('stages', () => {
  it('goStages sees go in sh -c scripts (as read-only invocations) and in exec-form shells', () => {
    const doc = parseDockerfile('FROM golang\nRUN ["/bin/sh", "-c", "go mod download"]\nRUN bash -c \'go build\'\n');
    const [stage] = goStages(doc);
    expect(stage?.runs.map((r) => [r.invocations.length, r.heredocInvocations.map((g) => g.subcommand)])).toEqual([
      [0, ['mod download']],
      [0, ['build']],
    ]);
  });
  it('driverRuns lists every RUN with a driver, ONBUILD triggers included; stageHasGo follows the image and FROM chains', () => {
    const doc = parseDockerfile('ARG IMG=golang:1.23\nFROM ${IMG} AS a\nRUN make\nONBUILD RUN ./build.sh\nFROM node:20 AS b\nRUN make\nFROM debian AS c\nRUN go version\nFROM c\nRUN make\n');
    expect(driverRuns(doc).map((d) => [d.stage.index, d.driver, d.owner.keyword])).toEqual([
      [0, 'make', 'RUN'],
      [0, './build.sh', 'ONBUILD'],
      [1, 'make', 'RUN'],
      [3, 'make', 'RUN'],
    ]);
    expect(doc.stages.map((s) => stageHasGo(doc, s))).toEqual([true, false, true, true]);
  });
});
