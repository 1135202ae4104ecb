import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Settings a team keeps in `gomod-fix.config.json` or a `"gomod-fix"` key in package.json. */
export interface FileConfig {
  proxy?: string;
  sumdb?: string;
  private?: string;
  only?: string[];
  skip?: string[];
  unsafeFixes?: boolean;
  include?: string[];
  exclude?: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const KEYS: Record<keyof FileConfig, 'string' | 'string[]' | 'boolean'> = {
  proxy: 'string',
  sumdb: 'string',
  private: 'string',
  only: 'string[]',
  skip: 'string[]',
  unsafeFixes: 'boolean',
  include: 'string[]',
  exclude: 'string[]',
};

/** Searches from `start` upward for the first config; returns it with the file it came from. */
export function findConfig(start: string): { config: FileConfig; path: string } | null {
  let dir = resolve(start);
  for (;;) {
    const own = join(dir, 'gomod-fix.config.json');
    if (existsSync(own)) return { config: loadConfig(own, null), path: own };
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const config = loadConfig(pkg, 'gomod-fix');
      if (config) return { config, path: pkg };
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function loadConfig(path: string, key: string | null): FileConfig {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: cannot read config: ${(error as Error).message}`);
  }
  if (key !== null) {
    if (typeof data !== 'object' || data === null || !(key in data)) return null as unknown as FileConfig;
    data = (data as Record<string, unknown>)[key];
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(`${path}: config must be a JSON object`);
  const config: FileConfig = {};
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    const type = KEYS[k as keyof FileConfig];
    if (!type) throw new ConfigError(`${path}: unknown config key "${k}" (known: ${Object.keys(KEYS).join(', ')})`);
    const ok =
      type === 'string' ? typeof v === 'string' : type === 'boolean' ? typeof v === 'boolean' : Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (!ok) throw new ConfigError(`${path}: "${k}" must be ${type === 'string[]' ? 'an array of strings' : `a ${type}`}`);
    (config as Record<string, unknown>)[k] = v;
  }
  return config;
}
