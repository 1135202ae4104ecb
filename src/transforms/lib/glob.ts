import picomatch from 'picomatch';

/**
 * Whether `name` matches a COPY source glob (`*`, `?`, `[...]`, leading dots included, as Go's
 * filepath.Match that BuildKit uses), through picomatch. The compiled matcher is kept per glob:
 * compiling (parse + RegExp) costs ~100x the match, and the same few globs (`go.mod`, `go.sum*`)
 * are asked about for every COPY of every document. The map is bounded since globs come from user
 * files.
 */
const matchers = new Map<string, (name: string) => boolean>();

export function globMatch(name: string, glob: string): boolean {
  let matcher = matchers.get(glob);
  if (matcher === undefined) {
    if (matchers.size >= 1000) matchers.clear();
    matcher = picomatch(glob, { dot: true });
    matchers.set(glob, matcher);
  }
  return matcher(name);
}
