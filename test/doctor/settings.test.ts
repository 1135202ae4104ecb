import { describe, expect, it } from 'vitest';
import { readDockerfileSettings } from '../../src/doctor/dockerfile-settings.js';
import { envLayer, flagLayer, goEnvLayer, resolveSettings } from '../../src/doctor/settings.js';

const DOCKERFILE = `# syntax=docker/dockerfile:1
ARG GOPROXY=https://goproxy.cn,direct
FROM golang:1.22-alpine AS build
ARG GOPROXY
ARG GOSUMDB=sum.golang.google.cn
ARG GOPRIVATE
ENV GOFLAGS=-mod=mod \\
    GONOSUMDB=git.corp.example.com
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod GOINSECURE=git.corp.example.com go mod download
ENV GOPROXY=https://late.example
FROM scratch
ENV GOPROXY=https://runtime.example
`;

describe('settings precedence: flag > env > go env > Dockerfile > default', () => {
  const df = readDockerfileSettings(DOCKERFILE).layer;
  const goEnv = goEnvLayer({ GOPROXY: 'https://goenv.example', GOSUMDB: 'sum.golang.org', GOPRIVATE: '', GOFLAGS: '-x' });

  it('a flag beats everything', () => {
    const s = resolveSettings([flagLayer({ proxy: 'https://flag.example' }), envLayer({ GOPROXY: 'https://env.example' }), goEnv, df]);
    expect(s.GOPROXY).toEqual({ value: 'https://flag.example', source: 'flag', origin: '--proxy' });
  });

  it('then the environment, then go env, then the Dockerfile', () => {
    expect(resolveSettings([flagLayer({}), envLayer({ GOPROXY: 'https://env.example' }), goEnv, df]).GOPROXY).toMatchObject({ source: 'env', origin: '$GOPROXY' });
    expect(resolveSettings([flagLayer({}), envLayer({}), goEnv, df]).GOPROXY).toMatchObject({ value: 'https://goenv.example', source: 'go env' });
    expect(resolveSettings([flagLayer({}), envLayer({}), df]).GOPROXY).toMatchObject({ value: 'https://goproxy.cn,direct', source: 'dockerfile' });
    expect(resolveSettings([]).GOPROXY).toMatchObject({ value: 'https://proxy.golang.org,direct', source: 'default' });
  });

  it('a go env value equal to go\'s default does not hide the Dockerfile; empty values count as unset', () => {
    const s = resolveSettings([flagLayer({}), envLayer({ GOSUMDB: '' }), goEnv, df]);
    expect(s.GOSUMDB).toMatchObject({ value: 'sum.golang.google.cn', source: 'dockerfile' });
    expect(s.GOFLAGS).toMatchObject({ value: '-x', source: 'go env' });
  });

  it('GONOPROXY/GONOSUMDB default to GOPRIVATE unless set', () => {
    const s = resolveSettings([flagLayer({ private: '*.corp.example.com' }), envLayer({ GONOSUMDB: 'other.example' })]);
    expect(s.GONOPROXY).toEqual({ value: '*.corp.example.com', source: 'derived', origin: 'GOPRIVATE (flag)' });
    expect(s.GONOSUMDB).toMatchObject({ value: 'other.example', source: 'env' });
  });

  it('reads proxy variables upper-case first', () => {
    const s = resolveSettings([envLayer({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1', no_proxy: '.corp' })]);
    expect(s.HTTPS_PROXY).toMatchObject({ value: 'http://upper:1', origin: '$HTTPS_PROXY' });
    expect(s.NO_PROXY).toMatchObject({ value: '.corp', origin: '$no_proxy' });
  });
});

describe('Dockerfile defaults, read through the document model', () => {
  it('takes ARG/ENV in effect at go mod download in the build stage, and RUN prefixes', () => {
    const r = readDockerfileSettings(DOCKERFILE);
    expect(r.at).toBe('stage build, line 11 (go mod download)');
    const v = r.layer.values;
    // `ARG GOPROXY` in the stage takes the global default: that is where the value comes from.
    expect(v.GOPROXY).toEqual({ value: 'https://goproxy.cn,direct', origin: 'Dockerfile:2 (global ARG)' });
    expect(v.GOSUMDB).toEqual({ value: 'sum.golang.google.cn', origin: 'Dockerfile:5 (ARG in stage build)' });
    expect(v.GOFLAGS?.value).toBe('-mod=mod');
    expect(v.GONOSUMDB?.origin).toBe('Dockerfile:7 (ENV in stage build)');
    expect(v.GOINSECURE).toMatchObject({ value: 'git.corp.example.com', origin: expect.stringContaining('Dockerfile:11') });
    expect(v.GOPRIVATE).toBeUndefined(); // ARG without a value: unset unless --build-arg
  });

  it('notes values that depend on a build arg without a default', () => {
    const r = readDockerfileSettings('FROM golang:1.22\nARG CORP_PROXY\nENV GOPROXY=${CORP_PROXY}\nRUN go build ./...\n');
    expect(r.layer.values.GOPROXY).toBeUndefined();
    expect(r.notes.join()).toMatch(/GOPROXY=\$\{CORP_PROXY\}.*--build-arg/);
    expect(r.at).toMatch(/go build/);
  });

  it('falls back to a golang base stage, and says when there is none', () => {
    expect(readDockerfileSettings('FROM docker.io/library/golang:1.22 AS b\nENV GOPROXY=https://x.example\n').layer.values.GOPROXY?.value).toBe('https://x.example');
    const none = readDockerfileSettings('FROM alpine\nENV GOPROXY=https://x.example\n');
    expect(none.layer.values).toEqual({});
    expect(none.notes[0]).toMatch(/no Go build stage/);
  });
});
