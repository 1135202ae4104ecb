// Generates a deterministic synthetic monorepo of Dockerfiles for the benchmark: services under
// teams, each with a Dockerfile drawn from templates.mjs (some with a second Dockerfile under
// another accepted name), go.mod/go.sum in the Go services, and decoys the sweep must NOT count
// (node_modules, vendor, gitignored and .gomodfixignored directories, a BuildKit
// Dockerfile.dockerignore). Same seed, same tree, byte for byte.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templates } from './templates.mjs';

/** mulberry32: a tiny, well-known seeded PRNG (uniform in [0, 1)). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = ['payments', 'search', 'identity', 'platform', 'data', 'growth', 'infra', 'mobile-api', 'billing', 'ml', 'notifications', 'risk'];
const WORDS = ['api', 'worker', 'gateway', 'sync', 'indexer', 'auth', 'ledger', 'cron', 'proxy', 'export', 'ingest', 'router', 'cache', 'audit', 'mailer', 'scheduler'];
const GO_VERSIONS = ['1.19', '1.20', '1.21', '1.22', '1.23'];
const DEPS = ['github.com/gin-gonic/gin', 'github.com/spf13/cobra', 'go.uber.org/zap', 'google.golang.org/grpc', 'github.com/stretchr/testify', 'github.com/jackc/pgx/v5', 'github.com/redis/go-redis/v9', 'golang.org/x/sync'];
/** Second Dockerfiles in a service, under the other names a sweep must find. */
const EXTRA_NAMES = ['Dockerfile.dev', 'deploy/prod.Dockerfile', 'build/ci.dockerfile', 'Containerfile', 'Dockerfile.test'];

/**
 * Writes the tree under `root` (which must exist) and returns the Dockerfiles a sweep should
 * process, relative to `root`, sorted.
 */
export function generateMonorepo(root, { files = 10_000, seed = 20240601 } = {}) {
  const rand = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const write = (rel, text) => {
    const abs = join(root, rel);
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, text);
  };
  const swept = [];
  const perTemplate = Object.fromEntries(templates.map((t) => [t.name, 0]));

  mkdirSync(join(root, '.git'), { recursive: true });
  write('.git/HEAD', 'ref: refs/heads/main\n');
  write('.gitignore', '# build output\ntmp/\n*.bak\n/dist/\n');
  write('.gomodfixignore', 'third_party/\n');

  let n = 0;
  while (swept.length < files) {
    const team = TEAMS[n % TEAMS.length];
    const svc = `${pick(WORDS)}-${n}`;
    const dir = `services/${team}/${svc}`;
    const template = templates[Math.floor(rand() * templates.length)];
    const p = { svc, org: `acme-${team}`, module: `github.com/acme-${team}/${svc}`, go: pick(GO_VERSIONS), port: int(3000, 9000), int, pick };
    write(`${dir}/Dockerfile`, template.render(p));
    perTemplate[template.name]++;
    swept.push(`${dir}/Dockerfile`);
    if (template.go) {
      const deps = Array.from({ length: int(1, 5) }, () => pick(DEPS));
      const uniq = [...new Set(deps)];
      write(`${dir}/go.mod`, `module ${p.module}\n\ngo ${p.go}\n\nrequire (\n${uniq.map((d) => `\t${d} v1.${int(0, 20)}.${int(0, 9)}`).join('\n')}\n)\n`);
      if (rand() < 0.9) write(`${dir}/go.sum`, uniq.map((d) => `${d} v1.0.0 h1:${'x'.repeat(43)}=\n${d} v1.0.0/go.mod h1:${'y'.repeat(43)}=\n`).join(''));
      write(`${dir}/main.go`, 'package main\n\nfunc main() {}\n');
    }
    if (rand() < 0.12 && swept.length < files) {
      const name = pick(EXTRA_NAMES);
      const extra = templates[Math.floor(rand() * templates.length)];
      write(`${dir}/${name}`, extra.render(p));
      perTemplate[extra.name]++;
      swept.push(`${dir}/${name}`);
    }
    // A gitignored build directory with a copied Dockerfile in it (not swept).
    if (n % 97 === 0) write(`${dir}/tmp/Dockerfile`, template.render(p));
    n++;
  }
  // Decoys: dependency trees and ignored directories hold Dockerfiles a sweep must not touch.
  for (let i = 0; i < 20; i++) {
    write(`web/node_modules/pkg-${i}/Dockerfile`, 'FROM node:20\n');
    write(`services/platform/vendored-${i}/vendor/github.com/x/y/Dockerfile`, 'FROM golang:1.22\nRUN go build\n');
    write(`third_party/lib-${i}/Dockerfile`, 'FROM golang:1.22\nRUN go build\n');
    write(`services/platform/legacy-${i}/Dockerfile.bak`, 'FROM golang:1.20\n');
  }
  write('services/platform/buildkit/Dockerfile.dockerignore', '**/*.md\n');
  swept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files: swept, services: n, perTemplate };
}
