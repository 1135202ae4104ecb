import { setDirective, type DockerfileDocument } from '../dockerfile/index.js';
import { defineTransform, type Problem } from './transform.js';

/** Flags that need the BuildKit Dockerfile frontend, and the 1.x version that made them stable. */
const FLAG_VERSIONS: Record<string, Record<string, number>> = {
  RUN: { mount: 2, network: 2, security: 2 },
  COPY: { link: 4, parents: 7, exclude: 7 },
  ADD: { link: 4, checksum: 6, keep_git_dir: 4, parents: 7, exclude: 7 },
};

/** The lowest docker/dockerfile 1.x minor version the file's features need, or null for none. */
function neededMinor(doc: DockerfileDocument): number | null {
  let needed: number | null = null;
  const need = (v: number): void => {
    needed = Math.max(needed ?? 0, v);
  };
  for (const i of doc.instructions) {
    // An ONBUILD trigger is stored as text and parsed in the child's build, by the child's frontend.
    if (i.trigger) continue;
    if (i.heredocs.length > 0) need(4);
    const versions = FLAG_VERSIONS[i.keyword];
    if (!versions) continue;
    for (const f of i.flags) {
      const v = versions[f.name];
      if (v !== undefined) need(v);
    }
  }
  return needed;
}

/** `docker/dockerfile:1.3` -> 3; `docker/dockerfile:1` or `:latest` -> Infinity; other frontends -> null. */
function declaredMinor(value: string): number | null {
  const m = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::([^@]+))?(?:@.*)?$/.exec(value.trim());
  if (!m) return null;
  const tag = m[1] ?? 'latest';
  if (tag === 'latest' || tag === '1' || tag.startsWith('1-') || tag === 'labs' || tag === '1-labs') return Infinity;
  const v = /^1\.(\d+)/.exec(tag);
  if (!v) return null;
  // `1.0-experimental` / `1.1-experimental` already had RUN --mount.
  return tag.includes('experimental') ? Math.max(Number(v[1]), 2) : Number(v[1]);
}

export default defineTransform<Problem>({
  id: 'syntax-directive',
  title: 'Files that use BuildKit features declare `# syntax=docker/dockerfile:1`',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'When the file uses (or another rule adds) BuildKit features such as `RUN --mount`, heredocs or `COPY --link`, the first line declares `# syntax=docker/dockerfile:1`. An existing directive pinned to a 1.x version too old for the features is moved to `docker/dockerfile:1`.',
    why:
      'Older Docker engines and CI runners use a built-in frontend that rejects `--mount` or reads a heredoc as a literal; the syntax directive makes the engine fetch a frontend that understands the file, so cache and secret mounts work everywhere.',
    before: 'FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n',
    after: '# syntax=docker/dockerfile:1\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n',
    fixSafety:
      'Safe: `docker/dockerfile:1` is the stable 1.x channel and is backwards compatible with 1.x files. The directive is added as the first line, after a BOM, alongside an existing `# escape=` or `# check=`. A custom frontend (anything but docker/dockerfile) is never changed. Features that appear only in ONBUILD triggers do not count: a trigger runs in the build of an image made FROM this one, under that Dockerfile\'s frontend.',
  },
  check({ doc }) {
    const needed = neededMinor(doc);
    if (needed === null) return [];
    const syntax = doc.directives.find((d) => d.name === 'syntax');
    if (!syntax) {
      return [{ range: { start: 0, end: 0 }, message: 'uses BuildKit features (cache/secret mounts, heredocs) but has no `# syntax=docker/dockerfile:1` line' }];
    }
    const declared = declaredMinor(syntax.value);
    if (declared === null || declared >= needed) return [];
    return [{ range: syntax.valueRange, message: `\`# syntax=${syntax.value}\` is older than the features used here need (docker/dockerfile:1.${needed})` }];
  },
  fix({ doc }) {
    const edit = setDirective(doc, 'syntax', 'docker/dockerfile:1');
    return edit ? { edits: [edit] } : null;
  },
});
