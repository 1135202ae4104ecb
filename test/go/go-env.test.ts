import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/index.js';
import { goEnvAt, isOfficialImage, ownerOptions } from '../../src/go/go-env.js';
import { accountsBefore, imageFamily } from '../../src/go/users.js';

/** goEnvAt at the last instruction of the last stage. */
const envAtEnd = (text: string) => {
  const doc = parseDockerfile(text);
  const stage = doc.stages[doc.stages.length - 1]!;
  return goEnvAt(doc, stage, stage.instructions[stage.instructions.length - 1]!);
};
const userAtEnd = (text: string) => envAtEnd(text).user;

describe('accounts created in the file', () => {
  it.each([
    ['adduser -D -u 1000 app', { name: 'app', uid: '1000', gid: '1000', home: '/home/app' }],
    ['adduser --uid 1000 --disabled-password app', { name: 'app', uid: '1000', gid: '1000', home: '/home/app' }],
    ['adduser -D -H -h /srv -u 1001 svc', { name: 'svc', uid: '1001', gid: '1001', home: '/srv' }],
    ['adduser -D app', { name: 'app', uid: null, gid: null, home: '/home/app' }],
    ['adduser -S -u 101 app', { name: 'app', uid: '101', gid: null, home: '/home/app' }],
    ['addgroup -g 2000 grp && adduser -D -u 1000 -G grp app', { name: 'app', uid: '1000', gid: '2000', home: '/home/app' }],
    ['adduser -D -u1000 -gApp app', { name: 'app', uid: '1000', gid: '1000', home: '/home/app' }],
  ])('alpine: %s', (run, account) => {
    const doc = parseDockerfile(`FROM golang:1.22-alpine\nRUN ${run}\n`);
    expect(accountsBefore(doc, doc.stages[0]!, null).users.at(-1)).toEqual({ ...account, certain: true });
  });

  it.each([
    ['useradd -u 10001 -m -d /home/x builder', { name: 'builder', uid: '10001', gid: '10001', home: '/home/x' }],
    ['useradd --uid 10001 --create-home builder', { name: 'builder', uid: '10001', gid: '10001', home: '/home/builder' }],
    ['useradd -r -N builder', { name: 'builder', uid: null, gid: null, home: '/home/builder' }],
    ['groupadd -g 3000 b && useradd -u 10001 -g b builder', { name: 'builder', uid: '10001', gid: '3000', home: '/home/builder' }],
    ['groupadd --gid 3000 b && useradd --uid=10001 --gid=b -b /srv builder', { name: 'builder', uid: '10001', gid: '3000', home: '/srv/builder' }],
    ['adduser --uid 1000 --disabled-password --gecos "" app', { name: 'app', uid: '1000', gid: null, home: '/home/app' }],
    ['adduser --uid 1000 --gid 1000 --home /app app', { name: 'app', uid: '1000', gid: '1000', home: '/app' }],
    ['adduser --system --uid 999 app', { name: 'app', uid: '999', gid: null, home: null }],
  ])('debian: %s', (run, account) => {
    const doc = parseDockerfile(`FROM golang:1.22\nRUN ${run}\n`);
    expect(accountsBefore(doc, doc.stages[0]!, null).users.at(-1)).toEqual({ ...account, certain: true });
  });

  it('`adduser USER GROUP` and `addgroup USER GROUP` add to a group, they create nothing', () => {
    const doc = parseDockerfile('FROM golang:1.22\nRUN adduser app sudo && addgroup app wheel\n');
    expect(accountsBefore(doc, doc.stages[0]!, null)).toEqual({ users: [], groups: [] });
  });

  it('values through ARGs are read but marked uncertain; unknown ones stay null', () => {
    const doc = parseDockerfile('FROM golang:1.22-alpine\nARG UID=1000\nARG NOPE\nRUN adduser -D -u ${UID} app && adduser -D -u ${NOPE} other\n');
    expect(accountsBefore(doc, doc.stages[0]!, null).users).toEqual([
      { name: 'app', uid: '1000', gid: '1000', home: '/home/app', certain: false },
      { name: 'other', uid: null, gid: null, home: '/home/other', certain: false },
    ]);
  });

  it('inside sh -c scripts and heredocs too; ONBUILD triggers do not count', () => {
    const doc = parseDockerfile('FROM golang:1.22\nRUN sh -c "useradd -u 1 a"\nRUN <<EOF\nuseradd -u 2 b\nEOF\nONBUILD RUN useradd -u 3 c\n');
    expect(accountsBefore(doc, doc.stages[0]!, null).users.map((u) => u.name)).toEqual(['a', 'b']);
  });
});

describe('goEnvAt: USER, HOME and the caches', () => {
  it('a numeric USER with a passwd entry the file wrote gets that home', () => {
    const env = envAtEnd('FROM golang:1.22\nRUN useradd --uid 10001 --create-home builder\nUSER 10001:10001\nRUN go build\n');
    expect(env.gocache).toEqual({ path: '/home/builder/.cache/go-build', certain: true, readable: true });
    expect(env.user).toMatchObject({ uid: '10001', gid: '10001', certain: true });
  });
  it('a numeric USER without one: HOME=/ as Docker gives it, but not certain', () => {
    expect(envAtEnd('FROM golang:1.22\nUSER 1000\nRUN go build\n').gocache).toEqual({ path: '/.cache/go-build', certain: false, readable: true });
  });
  it('well-known accounts by image family', () => {
    expect(userAtEnd('FROM golang:1.22-alpine\nUSER nobody\nRUN go build\n')).toMatchObject({ uid: '65534', gid: '65534', home: '/' });
    expect(userAtEnd('FROM golang:1.22\nUSER nobody\nRUN go build\n')).toMatchObject({ uid: '65534', home: '/nonexistent' });
    expect(userAtEnd('FROM gcr.io/distroless/base-debian12\nUSER nonroot\nRUN go build\n')).toMatchObject({ uid: '65532', gid: '65532', home: '/home/nonroot' });
    expect(userAtEnd('FROM golang:1.22\nUSER nonroot\nRUN go build\n')).toMatchObject({ uid: null });
    expect(userAtEnd('FROM example.com/builder\nUSER nobody\nRUN go build\n')).toMatchObject({ uid: null });
  });
  it('USER ${UID}: the ARG default, uncertain; without a default, unknown', () => {
    expect(userAtEnd('FROM golang:1.22\nARG UID=1000\nUSER ${UID}\nRUN go build\n')).toMatchObject({ uid: '1000', certain: false });
    expect(userAtEnd('FROM golang:1.22\nARG UID\nUSER ${UID}\nRUN go build\n')).toMatchObject({ uid: null });
    expect(ownerOptions(userAtEnd('FROM golang:1.22\nARG UID\nUSER ${UID}\nRUN go build\n'))).toEqual({ options: '', certain: false, known: false });
  });
  it('the golang image named in an ARG gets the official defaults', () => {
    expect(envAtEnd('ARG IMG=golang:1.23\nFROM ${IMG}\nRUN go build\n').gomodcache).toEqual({ path: '/go/pkg/mod', certain: true, readable: true });
    expect(envAtEnd('ARG IMG=debian:12\nFROM ${IMG}\nRUN go build\n').gomodcache.path).toBe('/root/go/pkg/mod');
  });
  it('a GOMODCACHE/GOCACHE/HOME we cannot read is unreadable, not the default', () => {
    expect(envAtEnd('FROM golang:1.22\nENV GOMODCACHE=${X}/mod\nRUN go build\n').gomodcache.readable).toBe(false);
    expect(envAtEnd('FROM golang:1.22\nENV GOPATH=$X\nRUN go build\n').gomodcache.readable).toBe(false);
    expect(envAtEnd('FROM golang:1.22\nENV HOME=$X\nRUN go build\n').gocache.readable).toBe(false);
    expect(envAtEnd('FROM golang:1.22\nARG C=/c\nENV GOCACHE=${C}/gb\nRUN go build\n').gocache).toEqual({ path: '/c/gb', certain: true, readable: true });
  });
  it('go env -w: followed for the same user, below ENV; another user\'s file is not read; -u removes', () => {
    expect(envAtEnd('FROM golang:1.22\nRUN go env -w GOMODCACHE=/m GOCACHE=/c\nRUN go build\n')).toMatchObject({ gomodcache: { path: '/m', certain: true }, gocache: { path: '/c', certain: true } });
    expect(envAtEnd('FROM golang:1.22\nRUN go env -w GOMODCACHE=/m\nENV GOMODCACHE=/e\nRUN go build\n').gomodcache.path).toBe('/e');
    expect(envAtEnd('FROM golang:1.22\nRUN go env -w GOMODCACHE=/m\nENV HOME=/h\nRUN go build\n').gomodcache.path).toBe('/go/pkg/mod');
    expect(envAtEnd('FROM golang:1.22\nRUN go env -w GOMODCACHE=/m\nRUN go env -u GOMODCACHE\nRUN go build\n').gomodcache.path).toBe('/go/pkg/mod');
    expect(envAtEnd('FROM golang:1.22 AS a\nRUN go env -w GOFLAGS=-mod=vendor\nFROM a\nRUN go build\n').goflags).toBe('-mod=vendor');
    expect(envAtEnd('FROM golang:1.22\nRUN go env -w GOMODCACHE=$DIR\nRUN go build\n').gomodcache.readable).toBe(false);
  });
});

describe('imageFamily', () => {
  it.each([
    ['golang:1.22-alpine3.20', 'alpine'],
    ['golang:1.22', 'debian'],
    ['docker.io/library/golang:1.22-bookworm', 'debian'],
    ['gcr.io/distroless/static-debian12:nonroot', 'distroless'],
    ['cgr.dev/chainguard/go:latest', 'chainguard'],
    ['example.com/builder:1', null],
  ])('%s -> %s', (image, family) => {
    expect(imageFamily(image)).toBe(family);
  });
});

describe('base images whose Go paths we know', () => {
  it.each([
    ['debian:bookworm', true],
    ['alpine', true],
    ['docker.io/library/ubuntu:24.04', true],
    ['mirror.gcr.io/library/debian:12', true],
    ['golang:1.22', true],
    ['myorg/go-builder:1', false],
    ['registry.example.com/ci/go:1', false],
    ['${builder_image}', false],
    ['', false],
  ])('%s: official library image = %s', (image, official) => {
    expect(isOfficialImage(image)).toBe(official);
  });

  it('go defaults under an image we do not know are guesses; under golang and distro images they are certain', () => {
    const unknown = envAtEnd('ARG builder_image\nFROM ${builder_image}\nRUN true\n');
    expect(unknown.gomodcache).toEqual({ path: '/root/go/pkg/mod', certain: false, readable: true, guessed: true });
    expect(unknown.gocache).toEqual({ path: '/root/.cache/go-build', certain: false, readable: true, guessed: true });
    const distro = envAtEnd('FROM debian:bookworm\nRUN true\n');
    expect(distro.gomodcache).toEqual({ path: '/root/go/pkg/mod', certain: true, readable: true });
    const golang = envAtEnd('ARG V=alpine\nFROM golang:1.22-alpine AS base-alpine\nFROM base-${V}\nRUN true\n');
    expect(golang.gomodcache).toEqual({ path: '/go/pkg/mod', certain: true, readable: true });
    // Set by the file: not a guess, whatever the image.
    expect(envAtEnd('FROM myorg/go:1\nENV GOPATH=/gp\nRUN true\n').gomodcache).toEqual({ path: '/gp/pkg/mod', certain: true, readable: true });
  });
});
