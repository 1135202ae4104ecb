import type { DockerfileDocument, SyntaxProblem } from './model.js';

export const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** Instructions that BuildKit rejects without arguments. */
const NEEDS_ARGUMENTS = new Set(['ADD', 'ARG', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'MAINTAINER']);

/** The problems for which `docker build` refuses the file before running anything. */
export function validate(doc: DockerfileDocument): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const at = (offset: number, message: string): void => {
    const { line, column } = doc.source.positionAt(offset);
    problems.push({ message, line, column });
  };
  // BuildKit: "only one syntax parser directive can be used" (likewise escape and check).
  const seen = new Set<string>();
  for (const d of doc.directives) {
    if (seen.has(d.name)) problems.push({ message: `only one ${d.name} parser directive can be used`, line: d.line, column: 0 });
    seen.add(d.name);
  }
  if (doc.instructions.length === 0) {
    problems.push({ message: 'the file has no instructions (a Dockerfile needs at least a FROM)', line: 0, column: 0 });
    return problems;
  }
  for (const instruction of doc.instructions) {
    const checks = instruction.trigger ? [instruction, instruction.trigger] : [instruction];
    for (const i of checks) {
      if (!KEYWORDS.has(i.keyword)) {
        at(i.keywordRange.start, `unknown instruction: ${doc.source.slice(i.keywordRange)}`);
        continue;
      }
      if (i === instruction.trigger && (i.keyword === 'ONBUILD' || i.keyword === 'FROM' || i.keyword === 'MAINTAINER')) {
        at(i.keywordRange.start, `${i.keyword} is not allowed as an ONBUILD trigger`);
      }
      const hasArgs = i.logical.text.slice(i.argsIndex).trim() !== '' || i.heredocs.length > 0;
      if (NEEDS_ARGUMENTS.has(i.keyword) && !hasArgs) at(i.keywordRange.start, `${i.keyword} requires at least one argument`);
    }
    if (instruction.stage === -1 && instruction.keyword !== 'ARG' && KEYWORDS.has(instruction.keyword)) {
      at(instruction.keywordRange.start, `${instruction.keyword} before the first FROM (only ARG may come before FROM)`);
    }
    for (const heredoc of instruction.heredocs) {
      if (!heredoc.closeRange) at(heredoc.markerRange.start, `heredoc <<${heredoc.delimiter} is never closed (no line "${heredoc.delimiter}")`);
    }
  }
  return problems;
}
