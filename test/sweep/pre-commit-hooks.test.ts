import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDockerfileName } from '../../src/core/discover.js';
import { repoRoot } from '../helpers.js';

/** The two hooks, read with line patterns (the file is flat: no YAML library needed). */
function hooks(): Array<Record<string, string>> {
  const text = readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
  const out: Array<Record<string, string>> = [];
  for (const line of text.split('\n')) {
    const m = /^(- |  )([a-z_]+): (.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '- ') out.push({});
    out[out.length - 1]![m[2]!] = m[3]!.replace(/^'(.*)'$/, '$1');
  }
  return out;
}

describe('.pre-commit-hooks.yaml', () => {
  it('defines gomod-fix (writes) and gomod-fix-check (checks), as node hooks', () => {
    expect(hooks().map((h) => [h.id, h.entry, h.language])).toEqual([
      ['gomod-fix', 'gomod-fix --write --quiet', 'node'],
      ['gomod-fix-check', 'gomod-fix --check', 'node'],
    ]);
  });

  it('its files/exclude patterns select exactly the names a directory sweep takes', () => {
    const names = ['Dockerfile', 'Dockerfile.dev', 'api.Dockerfile', 'ci.dockerfile', 'Containerfile', 'Containerfile.prod', 'Dockerfile.dockerignore', 'api.Dockerfile.dockerignore', 'README.md', 'dockerfile', 'Dockerfiles', 'x.Dockerfile.bak', '.Dockerfile'];
    for (const hook of hooks()) {
      // pre-commit uses Python's re.search; these patterns mean the same in JavaScript.
      const files = new RegExp(hook.files!);
      const exclude = new RegExp(hook.exclude!);
      for (const name of names) {
        for (const path of [name, `services/api/${name}`]) {
          expect([path, files.test(path) && !exclude.test(path)]).toEqual([path, isDockerfileName(name)]);
        }
      }
    }
  });
});
