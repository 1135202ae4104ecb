import { deleteLine, leadingComments, setDirective, type DockerfileDocument } from '../dockerfile/index.js';
import { defineTransform, type Problem } from './transform.js';

/** Flags that need the BuildKit Dockerfile frontend, and the 1.x version that made them stable. */
const FLAG_VERSIONS: Record<string, Record<string, number>> = {
  RUN: { mount: 2, network: 2, security: 2 },
  COPY: { link: 4, parents: 7, exclude: 7 },
  ADD: { link: 4, checksum: 6, keep_git_dir: 4, parents: 7, exclude: 7 },
};
/** Flags only the labs channel has (`docker/dockerfile:1-labs`). */
const LABS_ONLY: Record<string, string[]> = { RUN: ['security', 'device'] };

interface Needs {
  minor: number;
  labs: boolean;
}

/** The lowest docker/dockerfile 1.x version (and channel) the file's features need, or null for none. */
function needs(doc: DockerfileDocument): Needs | null {
  let result: Needs | null = null;
  for (const i of doc.instructions) {
    // An ONBUILD trigger is stored as text and parsed in the child's build, by the child's frontend.
    if (i.trigger) continue;
    const need = (minor: number, labs = false): void => {
      result = { minor: Math.max(result?.minor ?? 0, minor), labs: (result?.labs ?? false) || labs };
    };
    if (i.heredocs.length > 0) need(4);
    const versions = FLAG_VERSIONS[i.keyword];
    if (!versions) continue;
    for (const f of i.flags) {
      const v = versions[f.name];
      if (v !== undefined) need(v, LABS_ONLY[i.keyword]?.includes(f.name) ?? false);
    }
  }
  return result;
}

interface Declared {
  /** The 1.x minor version whose features it has (Infinity for a floating `1`/`latest`). */
  minor: number;
  labs: boolean;
}

/** Reads `docker/dockerfile:<tag>`; null for any other frontend (never ours to change). */
function declared(value: string): Declared | null {
  const m = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::([^@]+))?(?:@.*)?$/.exec(value.trim());
  if (!m) return null;
  const tag = m[1] ?? 'latest';
  const labs = tag.includes('labs');
  if (tag === 'latest' || tag === 'labs' || /^1(-|$)/.test(tag)) return { minor: Infinity, labs };
  const v = /^1\.(\d+)/.exec(tag);
  if (!v) return null;
  const minor = Number(v[1]);
  // `1.0-experimental` already had RUN --mount; a labs release has the next stable release's features.
  if (tag.includes('experimental')) return { minor: Math.max(minor, 2), labs: false };
  return { minor: labs ? minor + 1 : minor, labs };
}

function target(labs: boolean): string {
  return labs ? 'docker/dockerfile:1-labs' : 'docker/dockerfile:1';
}

/** A `# syntax=` line below a blank line or another comment: BuildKit reads it as a plain comment. */
const STRAY_SYNTAX = /^[ \t]*#[ \t]*syntax[ \t]*=[ \t]*(\S+)[ \t]*$/i;

interface SyntaxProblem extends Problem {
  value: string;
  /** A stray `# syntax=` comment to move to the top, verbatim (its leading blanks dropped). */
  strayLine: number | null;
  strayText: string | null;
}

export default defineTransform<SyntaxProblem>({
  id: 'syntax-directive',
  title: 'Files that use BuildKit features declare `# syntax=docker/dockerfile:1`',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'When the file uses (or another rule adds) BuildKit features such as `RUN --mount`, heredocs or `COPY --link`, the first line declares `# syntax=docker/dockerfile:1`. An existing directive pinned to a 1.x version too old for the features is moved to `docker/dockerfile:1` (a labs pin to `docker/dockerfile:1-labs`, which `RUN --security` needs); a `# syntax=` line that is not at the very top, which BuildKit reads as a comment, is moved there.',
    why:
      'Older Docker engines and CI runners use a built-in frontend that rejects `--mount` or reads a heredoc as a literal; the syntax directive makes the engine fetch a frontend that understands the file, so cache and secret mounts work everywhere.',
    before: 'FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n',
    after: '# syntax=docker/dockerfile:1\nFROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n',
    fixSafety:
      'Safe: `docker/dockerfile:1` is the stable 1.x channel and is backwards compatible with 1.x files. The directive is added as the first line, after a BOM, alongside an existing `# escape=` or `# check=`. A custom frontend (anything but docker/dockerfile) is never changed. Features that appear only in ONBUILD triggers do not count: a trigger runs in the build of an image made FROM this one, under that Dockerfile\'s frontend.',
  },
  check({ doc }) {
    const need = needs(doc);
    if (need === null) return [];
    const syntax = doc.directives.find((d) => d.name === 'syntax');
    if (!syntax) {
      const stray = leadingComments(doc).find((c) => STRAY_SYNTAX.test(c.text));
      if (stray) {
        const value = (STRAY_SYNTAX.exec(stray.text) as RegExpExecArray)[1] as string;
        return [
          {
            range: stray.range,
            message: `\`# syntax=${value}\` is not at the top of the file (after a blank line or another comment), so BuildKit reads it as a comment`,
            value,
            strayLine: stray.line,
            strayText: stray.text.trimStart(),
          },
        ];
      }
      return [
        {
          range: { start: 0, end: 0 },
          message: `uses BuildKit features (cache/secret mounts, heredocs) but has no \`# syntax=${target(need.labs)}\` line`,
          value: target(need.labs),
          strayLine: null,
          strayText: null,
        },
      ];
    }
    const has = declared(syntax.value);
    if (has === null || (has.minor >= need.minor && (has.labs || !need.labs))) return [];
    const value = target(has.labs || need.labs);
    const why = has.minor < need.minor ? `is older than the features used here need (docker/dockerfile:1.${need.minor})` : 'lacks `RUN --security`, which only the labs channel has';
    return [{ range: syntax.valueRange, message: `\`# syntax=${syntax.value}\` ${why}`, value, strayLine: null, strayText: null }];
  },
  fix({ doc }, problem) {
    const edits = [];
    if (problem.strayLine !== null && problem.strayText !== null) {
      // Move the user's own line, byte for byte; the next pass updates its value if too old.
      edits.push(deleteLine(doc, problem.strayLine));
      edits.push({ start: 0, end: 0, text: problem.strayText + doc.source.eol });
      return { edits };
    }
    const edit = setDirective(doc, 'syntax', problem.value);
    return edit ? { edits: [edit] } : null;
  },
});
