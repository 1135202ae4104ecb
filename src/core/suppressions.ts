import type { DockerfileDocument, Span } from '../dockerfile/index.js';

/** Rule ids to skip, or 'all'. */
type RuleSet = Set<string> | 'all';

export interface Suppressions {
  file: RuleSet | null;
  /** Keyed by instruction index. */
  instructions: Map<number, RuleSet>;
}

const COMMENT = /^[ \t]*#[ \t]*gomod-fix[ \t]+(ignore-file|ignore)(?:[ \t]*=[ \t]*([A-Za-z0-9_,\- \t]+))?[ \t]*$/;

function ruleSet(list: string | undefined): RuleSet {
  if (!list || list.trim() === '') return 'all';
  return new Set(list.split(',').map((r) => r.trim()).filter(Boolean));
}

/**
 * Reads `# gomod-fix ignore-file[=RULE,..]` (a comment before the first instruction) and
 * `# gomod-fix ignore[=RULE,..]` (in the comment lines directly above an instruction).
 */
export function readSuppressions(doc: DockerfileDocument): Suppressions {
  const result: Suppressions = { file: null, instructions: new Map() };
  if (!doc.source.text.includes('gomod-fix')) return result;
  const source = doc.source;
  const firstLine = doc.instructions[0]?.startLine ?? source.lineCount;
  for (let line = 0; line < firstLine; line++) {
    const m = COMMENT.exec(source.lineText(line));
    if (m && m[1] === 'ignore-file') result.file = ruleSet(m[2]);
  }
  for (const instruction of doc.instructions) {
    for (let line = instruction.startLine - 1; line >= 0; line--) {
      const text = source.lineText(line);
      if (!/^[ \t]*#/.test(text)) break;
      const m = COMMENT.exec(text);
      if (m && m[1] === 'ignore') {
        const rules = ruleSet(m[2]);
        const prev = result.instructions.get(instruction.index);
        result.instructions.set(instruction.index, merge(prev, rules));
      }
    }
  }
  return result;
}

function merge(a: RuleSet | undefined, b: RuleSet): RuleSet {
  if (a === undefined) return b;
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...a, ...b]);
}

function covers(set: RuleSet | null | undefined, rule: string): boolean {
  return set === 'all' || (set instanceof Set && set.has(rule));
}

export function isSuppressed(doc: DockerfileDocument, sup: Suppressions, rule: string, range: Span): boolean {
  if (covers(sup.file, rule)) return true;
  if (sup.instructions.size === 0) return false;
  for (const instruction of doc.instructions) {
    if (range.start >= instruction.range.start && range.start <= instruction.range.end) {
      return covers(sup.instructions.get(instruction.index), rule);
    }
  }
  return false;
}
