import type { DockerfileDocument, Instruction, SyntaxProblem } from './model.js';

export const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** Instructions that BuildKit rejects without arguments. */
const NEEDS_ARGUMENTS = new Set(['ADD', 'ARG', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'MAINTAINER']);

/** The problems for which `docker build` refuses the file before running anything. */
export function validate(doc: DockerfileDocument): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  // BuildKit: "only one syntax parser directive can be used" (likewise escape and check).
  if (doc.directives.length > 1) {
    const seen = new Set<string>();
    for (const d of doc.directives) {
      if (seen.has(d.name)) problems.push({ message: `only one ${d.name} parser directive can be used`, line: d.line, column: 0 });
      seen.add(d.name);
    }
  }
  if (doc.instructions.length === 0) {
    problems.push({ message: 'the file has no instructions (a Dockerfile needs at least a FROM)', line: 0, column: 0 });
    return problems;
  }
  for (const instruction of doc.instructions) {
    check(doc, instruction, false, problems);
    if (instruction.trigger) check(doc, instruction.trigger, true, problems);
    if (instruction.stage === -1 && instruction.keyword !== 'ARG' && KEYWORDS.has(instruction.keyword)) {
      at(doc, problems, instruction.keywordRange.start, `${instruction.keyword} before the first FROM (only ARG may come before FROM)`);
    }
    for (const heredoc of instruction.heredocs) {
      if (!heredoc.closeRange) at(doc, problems, heredoc.markerRange.start, `heredoc <<${heredoc.delimiter} is never closed (no line "${heredoc.delimiter}")`);
    }
  }
  return problems;
}

function check(doc: DockerfileDocument, i: Instruction, isTrigger: boolean, problems: SyntaxProblem[]): void {
  if (!KEYWORDS.has(i.keyword)) {
    at(doc, problems, i.keywordRange.start, `unknown instruction: ${doc.source.slice(i.keywordRange)}`);
    return;
  }
  if (isTrigger && (i.keyword === 'ONBUILD' || i.keyword === 'FROM' || i.keyword === 'MAINTAINER')) {
    at(doc, problems, i.keywordRange.start, `${i.keyword} is not allowed as an ONBUILD trigger`);
  }
  if (NEEDS_ARGUMENTS.has(i.keyword) && i.heredocs.length === 0 && !hasText(i.logical.text, i.argsIndex)) {
    at(doc, problems, i.keywordRange.start, `${i.keyword} requires at least one argument`);
  }
}

function at(doc: DockerfileDocument, problems: SyntaxProblem[], offset: number, message: string): void {
  const { line, column } = doc.source.positionAt(offset);
  problems.push({ message, line, column });
}

/** `text.slice(from).trim() !== ''` without the copy (argsIndex is nearly always on a word already). */
function hasText(text: string, from: number): boolean {
  for (let k = from; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 32 || (c >= 9 && c <= 13)) continue; // ASCII whitespace that trim() removes
    if (c < 128) return true;
    return text.slice(k).trim() !== ''; // other Unicode: let trim() decide
  }
  return false;
}
