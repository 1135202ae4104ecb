import type { TextEdit } from './edits.js';
import type { DockerfileDocument } from './model.js';
import type { ShellCommand } from './shell.js';

/**
 * Edits on the shell commands of a RUN, built from the exact ranges the shell reader found. Like
 * `edit-builders.ts`, these keep line breaks, continuations and comments, so rules never compute
 * offsets themselves.
 */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Deletes `command` together with the `&&` after it, so `a && b` becomes `b` and `x && a && b`
 * becomes `x && b`. When only blanks and a line continuation separate the `&&` from `next`, they go
 * too (`a && \` + newline + `    b` becomes `b`); when comment lines lie after the `&&`, the
 * deletion stops at the end of the operator's line and the comments stay. Null when `next` does not
 * follow `command` through a `&&`, or when a comment line lies between the command and its `&&`
 * (deleting up to the operator would delete the comment).
 */
export function deleteCommandAndAnd(doc: DockerfileDocument, command: ShellCommand, next: ShellCommand): TextEdit | null {
  if (command.after !== '&&' || next.before !== '&&' || command.inHeredoc || next.inHeredoc) return null;
  const text = doc.source.text;
  const gap = text.slice(command.range.end, next.range.start);
  const op = gap.indexOf('&&');
  if (op === -1) return null;
  const esc = escapeRegExp(doc.escape);
  const blanks = new RegExp(`^(?:[ \\t]+|${esc}[ \\t]*(?:\\r\\n|\\n|\\r))*$`);
  if (!blanks.test(gap.slice(0, op))) return null;
  const rest = gap.slice(op + 2);
  if (new RegExp(`^[ \\t]*(?:${esc}[ \\t]*(?:\\r\\n|\\n|\\r)[ \\t]*)?$`).test(rest)) {
    return { start: command.range.start, end: next.range.start, text: '' };
  }
  const sameLine = /^[ \t]*/.exec(rest)?.[0].length ?? 0;
  return { start: command.range.start, end: command.range.end + op + 2 + sameLine, text: '' };
}
