/**
 * Effective settings and where each came from. Precedence, highest first:
 *   flag (--proxy, --sumdb, --private) > environment > `go env` > the Dockerfile's build stage > default.
 * Empty values count as unset (as go's own envOr does). GONOPROXY and GONOSUMDB default to GOPRIVATE
 * when no layer sets them.
 *
 * A `go env` value equal to go's built-in default is not a configuration: it is reported as the
 * default and does not hide a Dockerfile value.
 */

import { DEFAULT_GOPROXY } from './goproxy.js';
import { redactUrl, type Env } from './http-proxy.js';
import { DEFAULT_GOSUMDB } from './sumdb.js';
import type { SettingReport, SettingSource } from './types.js';

export const GO_SETTINGS = ['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE', 'GOFLAGS'] as const;
export const PROXY_SETTINGS = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'] as const;
export const ALL_SETTINGS = [...GO_SETTINGS, ...PROXY_SETTINGS] as const;

export type GoSettingName = (typeof GO_SETTINGS)[number];
export type SettingName = (typeof ALL_SETTINGS)[number];

export interface LayerValue {
  value: string;
  origin: string;
}

export type LayerValues = Partial<Record<SettingName, LayerValue>>;

export interface Layer {
  source: Exclude<SettingSource, 'derived' | 'default'>;
  values: LayerValues;
}

export interface Setting {
  value: string;
  source: SettingSource;
  origin: string;
}

export type Settings = Record<SettingName, Setting | null>;

const GO_DEFAULTS: Partial<Record<SettingName, string>> = { GOPROXY: DEFAULT_GOPROXY, GOSUMDB: DEFAULT_GOSUMDB };

export function resolveSettings(layers: Layer[]): Settings {
  const out = {} as Settings;
  for (const name of ALL_SETTINGS) {
    out[name] = null;
    for (const layer of layers) {
      const v = layer.values[name];
      if (v === undefined || v.value.trim() === '') continue;
      if (layer.source === 'go env' && GO_DEFAULTS[name] === v.value.trim()) continue;
      out[name] = { value: v.value.trim(), source: layer.source, origin: v.origin };
      break;
    }
  }
  for (const [name, value] of Object.entries(GO_DEFAULTS) as Array<[SettingName, string]>) {
    if (out[name] === null) out[name] = { value, source: 'default', origin: "go's built-in default" };
  }
  const priv = out.GOPRIVATE;
  for (const name of ['GONOPROXY', 'GONOSUMDB'] as const) {
    if (out[name] === null && priv) out[name] = { value: priv.value, source: 'derived', origin: `GOPRIVATE (${priv.source})` };
  }
  return out;
}

/** The flags layer: --proxy, --sumdb, --private. */
export function flagLayer(flags: { proxy?: string | undefined; sumdb?: string | undefined; private?: string | undefined }): Layer {
  const values: LayerValues = {};
  if (flags.proxy !== undefined) values.GOPROXY = { value: flags.proxy, origin: '--proxy' };
  if (flags.sumdb !== undefined) values.GOSUMDB = { value: flags.sumdb, origin: '--sumdb' };
  if (flags.private !== undefined) values.GOPRIVATE = { value: flags.private, origin: '--private' };
  return { source: 'flag', values };
}

/** The environment layer; proxy variables upper-case first, then lower-case, as Go reads them. */
export function envLayer(env: Env): Layer {
  const values: LayerValues = {};
  for (const name of GO_SETTINGS) {
    const v = env[name];
    if (v !== undefined && v !== '') values[name] = { value: v, origin: `$${name}` };
  }
  for (const name of PROXY_SETTINGS) {
    for (const variant of [name, name.toLowerCase()]) {
      const v = env[variant];
      if (v !== undefined && v !== '') {
        values[name] = { value: v, origin: `$${variant}` };
        break;
      }
    }
  }
  return { source: 'env', values };
}

/** The `go env -json` layer. */
export function goEnvLayer(goEnv: Record<string, string>): Layer {
  const values: LayerValues = {};
  for (const name of GO_SETTINGS) {
    const v = goEnv[name];
    if (v !== undefined && v !== '') values[name] = { value: v, origin: 'go env -json' };
  }
  return { source: 'go env', values };
}

/** For the report: every setting that has a value, credentials in URLs redacted. */
export function settingsReport(settings: Settings): SettingReport[] {
  const out: SettingReport[] = [];
  for (const name of ALL_SETTINGS) {
    const s = settings[name];
    if (s) out.push({ name, value: redactUrl(s.value), source: s.source, origin: s.origin });
  }
  return out;
}
