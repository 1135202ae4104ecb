/**
 * GOSUMDB, as cmd/go/internal/modfetch/sumdb.go reads it:
 *
 * - `off`: no checksum database (integrity checking disabled).
 * - `sum.golang.google.cn`: an alias for `sum.golang.org` served from https://sum.golang.google.cn.
 * - `<name>`, known names only (`sum.golang.org`), or `<name>+<hash>+<key>`: the database at
 *   https://<name>. Go first asks each GOPROXY entry whether it proxies the database
 *   (`<proxy>/sumdb/<name>/supported`), and connects directly only when none does.
 * - `<key> <url>`: the database at <url>, bypassing GOPROXY.
 */

export const DEFAULT_GOSUMDB = 'sum.golang.org';

const KNOWN_GOSUMDB: Record<string, string> = {
  'sum.golang.org': 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
};

export type SumdbConfig =
  | { kind: 'off' }
  | { kind: 'invalid'; problem: string }
  | {
      kind: 'db';
      /** The database name, e.g. sum.golang.org. */
      name: string;
      /** https://<name>, used when no GOPROXY entry proxies it. */
      direct: string;
      /** The explicit URL from the value's second field: used as is, GOPROXY is not consulted. */
      explicitUrl: string | null;
    };

export function parseGosumdb(value: string): SumdbConfig {
  let v = value.trim() === '' ? DEFAULT_GOSUMDB : value.trim();
  if (v === 'off') return { kind: 'off' };
  if (v === 'sum.golang.google.cn') v = 'sum.golang.org https://sum.golang.google.cn';
  const fields = v.split(/\s+/);
  if (fields.length > 2) return { kind: 'invalid', problem: 'too many fields (expected "<key>" or "<key> <url>")' };
  const key = KNOWN_GOSUMDB[fields[0] as string] ?? (fields[0] as string);
  // <name>+<hash>+<base64 key>: the key itself may contain '+'.
  const parts = /^([^+]+)\+([^+]+)\+(.+)$/.exec(key)?.slice(1) ?? [];
  if (parts.length !== 3 || !/^[0-9a-f]{8}$/.test(parts[1] as string)) {
    return {
      kind: 'invalid',
      problem: `"${fields[0]}" is neither a known checksum database (sum.golang.org, sum.golang.google.cn) nor a verifier key <name>+<hash>+<key>`,
    };
  }
  const name = parts[0] as string;
  if (!/^[A-Za-z0-9.\-]+(?::[0-9]+)?(?:\/[A-Za-z0-9._~\-/]*[^/])?$/.test(name)) return { kind: 'invalid', problem: `invalid checksum database name "${name}"` };
  let explicitUrl: string | null = null;
  if (fields[1] !== undefined) {
    try {
      const u = new URL(fields[1]);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') return { kind: 'invalid', problem: `GOSUMDB URL must be http or https: ${fields[1]}` };
      explicitUrl = fields[1].replace(/\/+$/, '');
    } catch {
      return { kind: 'invalid', problem: `invalid GOSUMDB URL "${fields[1]}"` };
    }
  }
  return { kind: 'db', name, direct: `https://${name}`, explicitUrl };
}
