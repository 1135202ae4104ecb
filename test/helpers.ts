import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const testDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(testDir, '..');

/** Every fixture file below `test/fixtures/<dir>`, as [name, contents]. */
export function fixtures(dir: string): Array<[string, string]> {
  const root = join(testDir, 'fixtures', dir);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((p) => [p.slice(root.length + 1), readFileSync(p, 'utf8')]);
}

export function fixture(path: string): string {
  return readFileSync(join(testDir, 'fixtures', path), 'utf8');
}
