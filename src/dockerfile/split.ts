/**
 * Splits a Dockerfile into instructions exactly where dockerfile-ast 0.7 does, without building its
 * object model.
 *
 * parse.ts used `DockerfileParser.parse()` only for each instruction's range, keyword range and
 * keyword, yet that call was ~88% of every parse (typed instruction objects, Range/Position objects,
 * comments, argument lists, and the garbage they leave). This is a line-for-line port of the parts of
 * dockerfile-ast's `Parser` (lib/parser.js) that decide those three things: `getParserDirectives`
 * (only for the escape character and where instructions start), `parse`, `processInstruction`,
 * `processArguments`, `processComment` and, for RUN/COPY/ADD (also as an ONBUILD trigger),
 * `processHeredocs`/`parseHeredoc` with the argument splitting they depend on
 * (`Instruction.getRawArguments`, `ModifiableInstruction.getFlags`, `Util.parseHeredocName`).
 * Its quirks are kept on purpose, including its own reading of `# escape=` (which can differ from
 * directives.ts, e.g. `# escape=x` then `` # escape=` ``): parse.ts splitting exactly as it did with
 * dockerfile-ast is the point. test/dockerfile/split.test.ts and
 * test/hardening/split-differential.test.ts check it against dockerfile-ast differentially; do not
 * "fix" anything here without them. The one structural change is a fast path in `args` (a line
 * without the escape character is skipped with indexOf), equivalent by construction.
 *
 * Offsets are the ones dockerfile-ast hands to `TextDocument.positionAt`: an offset on a line break
 * stands for the end of that line's content (`clampToLine` in parse.ts does the same).
 */

import { BACKSLASH, BACKTICK, CR, DOLLAR, HASH, LF, SPACE, TAB } from './char-codes.js';

export interface SplitInstruction {
  /** The keyword as dockerfile-ast reads it (`getInstruction()`): escaped line breaks left out, case as written. */
  keyword: string;
  /** Offset of the keyword's first character (start of `getRange()` and `getInstructionRange()`). */
  start: number;
  /** End of `getInstructionRange()`. */
  keywordEnd: number;
  /** End of `getRange()` (a line break, the end of the text, or the line break after a heredoc's closing line). */
  end: number;
}

const BOM = 0xfeff;

export function splitInstructions(text: string): SplitInstruction[] {
  return new Splitter(text).run();
}

class Splitter {
  private readonly n: number;
  private esc = BACKSLASH;
  private readonly out: SplitInstruction[] = [];

  private readonly hasCr: boolean;

  constructor(private readonly text: string) {
    this.n = text.length;
    this.hasCr = text.includes('\r');
  }

  run(): SplitInstruction[] {
    const { text, n } = this;
    const offset = this.directives();
    for (let i = offset; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === CR || c === LF) continue;
      if (c === HASH) i = this.commentEnd(i);
      else i = this.instruction(i);
    }
    return this.out;
  }

  /**
   * `Parser.getParserDirectives` + the start of `parse`: sets the escape character the way
   * dockerfile-ast does (first `escape` directive whose value is `\` or `` ` ``) and returns where
   * instruction parsing starts. Directive lines are comments, so skipping them or not changes
   * nothing, except that this loop can, after a lone `\r`, take a directive from a line that does
   * not start with `#`; dockerfile-ast then skips that line (`offsetAt(directives.length, 0)`).
   */
  private directives(): number {
    const { text, n } = this;
    let count = 0;
    let escape = -1;
    const bom = n > 0 && text.charCodeAt(0) === BOM;
    directiveCheck: for (let i = bom ? 1 : 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB) continue;
      if (c !== HASH) break; // a line break (blank line) or anything else ends the directives
      let directiveStart = -1;
      let directiveEnd = -1;
      for (let j = i + 1; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === SPACE || d === TAB) {
          if (directiveStart !== -1 && directiveEnd === -1) directiveEnd = j;
        } else if (d === CR || d === LF) {
          break directiveCheck;
        } else if (d === 61 /* = */) {
          let valueStart = -1;
          let valueEnd = -1;
          if (directiveEnd === -1) directiveEnd = j;
          let lineEnd = n;
          for (let k = j + 1; k < n; k++) {
            const e = text.charCodeAt(k);
            if (e === CR || e === LF) {
              if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
              lineEnd = k;
              break;
            } else if (e === TAB || e === SPACE) {
              if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
            } else if (valueStart === -1) valueStart = k;
          }
          if (directiveStart === -1) break directiveCheck; // `#=...`: an ordinary comment
          if (valueStart === -1) {
            valueStart = j + 1;
            valueEnd = lineEnd;
          } else if (valueEnd === -1) valueEnd = n;
          count++;
          if (escape === -1 && valueEnd - valueStart === 1 && text.slice(directiveStart, directiveEnd).toLowerCase() === 'escape') {
            const v = text.charCodeAt(valueStart);
            if (v === BACKSLASH || v === BACKTICK) escape = v;
          }
          // dockerfile-ast resumes right after the value (skipping one more character after a `\r`).
          i = text.charCodeAt(valueEnd) === CR ? valueEnd + 1 : valueEnd;
          continue directiveCheck;
        } else if (directiveStart === -1) directiveStart = j;
      }
      // The comment ran to the end of the text without `=`: dockerfile-ast goes on scanning after the `#`.
    }
    if (escape !== -1) this.esc = escape;
    if (count === 0) return bom ? 1 : 0;
    return this.lineStart(count);
  }

  /** `TextDocument.offsetAt({ line, character: 0 })`. */
  private lineStart(line: number): number {
    const { text, n } = this;
    let l = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === CR) {
        if (text.charCodeAt(i + 1) === LF) i++;
      } else if (c !== LF) continue;
      if (++l === line) return i + 1;
    }
    return n;
  }

  /** `processComment`: the comment's line break (or the end of the text). */
  private commentEnd(start: number): number {
    return this.lineBreak(start + 1);
  }

  // Cached searches: each holds the first match at or after the position it was computed from,
  // so it answers every later query at or after that position until the query passes the match.
  private lfFrom = Infinity;
  private lf = 0;
  private crFrom = Infinity;
  private cr = 0;
  private escFrom = Infinity;
  private escAt = 0;
  private ltFrom = Infinity;
  private lt = 0;

  /** The first `\r` or `\n` at or after i; n when there is none. */
  private lineBreak(i: number): number {
    if (!(this.lfFrom <= i && i <= this.lf)) {
      this.lfFrom = i;
      this.lf = this.text.indexOf('\n', i);
      if (this.lf === -1) this.lf = this.n;
    }
    if (!this.hasCr) return this.lf;
    if (!(this.crFrom <= i && i <= this.cr)) {
      this.crFrom = i;
      this.cr = this.text.indexOf('\r', i);
      if (this.cr === -1) this.cr = this.n;
    }
    return this.lf < this.cr ? this.lf : this.cr;
  }

  /** The first escape character at or after i; n when there is none. */
  private nextEscape(i: number): number {
    if (!(this.escFrom <= i && i <= this.escAt)) {
      this.escFrom = i;
      this.escAt = this.text.indexOf(this.esc === BACKSLASH ? '\\' : '`', i);
      if (this.escAt === -1) this.escAt = this.n;
    }
    return this.escAt;
  }

  /** `processInstruction`: records one instruction and returns where the main loop resumes. */
  private instruction(start: number): number {
    const { text, n, esc } = this;
    let instructionEnd = -1;
    let escaped = false;
    // The keyword is text.slice(start, appendedEnd) while its characters are contiguous (nearly
    // always); after an escaped line break inside it, it is built in `built`.
    let appendedEnd = start + 1;
    let built: string | null = null;
    const append = (p: number): void => {
      if (built === null) {
        if (p === appendedEnd) {
          appendedEnd++;
          return;
        }
        built = text.slice(start, appendedEnd);
      }
      built += text[p] as string;
    };
    for (let i = start + 1; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === esc) {
        escaped = true;
        const next = text.charCodeAt(i + 1);
        if (next === CR || next === LF) {
          if (instructionEnd === -1) instructionEnd = i;
          i++;
        } else if (next === SPACE || next === TAB) {
          let j = i + 2;
          let d = NaN;
          for (; j < n; j++) {
            d = text.charCodeAt(j);
            if (d !== SPACE && d !== TAB) break;
          }
          if (j < n) {
            if (d === CR || d === LF) {
              i = j;
              continue;
            }
            // found an argument: the escape character ends the keyword
            instructionEnd = i + 1;
            append(i);
            i = j - 2;
            continue;
          }
          instructionEnd = i + 1;
          append(i);
          break;
        } else {
          instructionEnd = i + 1;
          append(i);
          escaped = false;
        }
        continue;
      }
      if (c === SPACE || c === TAB) {
        if (escaped) {
          let j = i + 1;
          let d = NaN;
          for (; j < n; j++) {
            d = text.charCodeAt(j);
            if (d !== SPACE && d !== TAB) break;
          }
          if (j < n && (d === CR || d === LF)) {
            i = j;
            continue;
          }
          escaped = false;
        }
        if (instructionEnd === -1) instructionEnd = i;
        const keyword = built ?? text.slice(start, appendedEnd);
        const end = this.args(keyword, instructionEnd, i);
        this.out.push({ keyword, start, keywordEnd: instructionEnd, end });
        return end;
      }
      if (c === CR || c === LF) {
        if (escaped) continue;
        // dockerfile-ast ends the keyword range at the line break here, not at instructionEnd.
        this.out.push({ keyword: built ?? text.slice(start, appendedEnd), start, keywordEnd: i, end: i });
        return i;
      }
      if (c === HASH && escaped) continue;
      instructionEnd = i + 1;
      append(i);
      escaped = false;
    }
    if (instructionEnd === -1) instructionEnd = n;
    this.out.push({ keyword: built ?? text.slice(start, appendedEnd), start, keywordEnd: instructionEnd, end: n });
    return n;
  }

  /** `processArguments`: the end of the instruction whose arguments start after `offset`. */
  private args(keyword: string, instructionEnd: number, offset: number): number {
    const { text, n, esc } = this;
    let i = offset + 1;
    plain: for (;;) {
      // Not inside an escaped line break here: a line without the escape character ends at its
      // line break, whatever else it holds (nothing else changes the loop's state), so skip to it.
      const lineEnd = this.lineBreak(i);
      if (this.nextEscape(i) >= lineEnd) return lineEnd >= n ? n : this.heredocs(keyword, instructionEnd, lineEnd);
      let escaped = false;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === CR || c === LF) {
          if (escaped) continue;
          return this.heredocs(keyword, instructionEnd, i);
        }
        if (c === esc) {
          const next = text.charCodeAt(i + 1);
          if (next === LF || next === CR) {
            escaped = true;
            i++;
          } else if (next === SPACE || next === TAB) {
            let j = i + 2;
            for (; j < n; j++) {
              const d = text.charCodeAt(j);
              if (d === SPACE || d === TAB) continue;
              if (d === CR || d === LF) escaped = true;
              break;
            }
            if (j >= n) return n; // escape + whitespace to the end of the text: no heredoc processing
            i = j; // (the loop then steps over the character at j, as dockerfile-ast does)
          }
          continue;
        }
        if (c === HASH) {
          if (escaped) i = this.commentEnd(i);
          continue;
        }
        if (c !== SPACE && c !== TAB && escaped) {
          i++;
          continue plain;
        }
      }
      return n;
    }
  }

  /**
   * `processHeredocs` on the instruction that ends at the line break `lineEnd`: skips past the
   * bodies of the heredocs dockerfile-ast finds in its arguments. An argument can only start with
   * `<<` if the argument text holds a `<`, so everything else returns at once.
   */
  private heredocs(keyword: string, instructionEnd: number, lineEnd: number): number {
    if (!(this.ltFrom <= instructionEnd && instructionEnd <= this.lt)) {
      this.ltFrom = instructionEnd;
      this.lt = this.text.indexOf('<', instructionEnd);
      if (this.lt === -1) this.lt = this.n;
    }
    if (this.lt >= lineEnd) return lineEnd;

    let upper = keyword.toUpperCase();
    let from = this.clamp(instructionEnd);
    const to = this.clamp(lineEnd);
    if (upper === 'ONBUILD') {
      // Onbuild.getTriggerInstruction(): the first argument is the trigger's keyword (as written, raw).
      const args = this.rawArguments(from, to);
      if (args.values.length === 0) return lineEnd;
      const triggerStart = this.clamp(args.starts[0] as number);
      const triggerEnd = this.clamp(args.ends[0] as number);
      upper = this.text.slice(triggerStart, triggerEnd).toUpperCase();
      from = triggerEnd;
    }
    if (upper !== 'RUN' && upper !== 'COPY' && upper !== 'ADD') return lineEnd;

    const values = this.rawArguments(from, to).values;
    // ModifiableInstruction.getFlags(): flags are counted up to the first argument without `--`
    // (arguments that contain `--` without starting with it are passed over but not counted), and
    // getArguments() then drops that many arguments from the front.
    let flags = 0;
    for (const value of values) {
      const dashes = value.indexOf('--');
      if (dashes === -1) break;
      if (dashes === 0) flags++;
    }
    const names: string[] = [];
    let tabbed = false;
    for (let k = flags; k < values.length; k++) {
      const value = values[k] as string;
      if (value.startsWith('<<') && value.length > 2) {
        if (value.startsWith('<<-')) tabbed = true;
        const name = parseHeredocName(value);
        if (name !== null) names.push(name);
      }
    }
    let offset = lineEnd;
    for (const name of names) offset = this.parseHeredoc(name, offset, tabbed);
    return offset;
  }

  /** `parseHeredoc`: the line break after the first line that is exactly `name` (leading tabs skipped when tabbed). */
  private parseHeredoc(name: string, offset: number, tabbed: boolean): number {
    const { text, n } = this;
    let startWord = -1;
    let lineStart = true;
    for (let i = offset; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE) lineStart = false;
      else if (c === TAB) {
        if (!tabbed) lineStart = false;
      } else if (c === CR || c === LF) {
        if (startWord !== -1 && i - startWord === name.length && text.startsWith(name, startWord)) return i;
        startWord = -1;
        lineStart = true;
      } else if (lineStart) {
        startWord = i;
        lineStart = false;
      }
    }
    return n;
  }

  /**
   * `Instruction.getRawArguments()` over `text[from, to)`: each argument's value (escapes resolved
   * as dockerfile-ast does) and its raw offsets.
   */
  private rawArguments(from: number, to: number): { values: string[]; starts: number[]; ends: number[] } {
    const { text, esc } = this;
    const values: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const len = Math.max(0, to - from);
    const at = (k: number): number => (k < len ? text.charCodeAt(from + k) : NaN);
    const push = (value: string, start: number, end: number): void => {
      values.push(value);
      starts.push(from + start);
      ends.push(from + end);
    };
    let start = false;
    let comment = false;
    let found = -1;
    let escapedWhitespaceDetected = false;
    let escaping = false;
    let escapeMarker = -1;
    let escapedArg = '';
    for (let i = 0; i < len; i++) {
      const c = at(i);
      if (c === SPACE || c === TAB || c === CR || c === LF) {
        if (escaping) {
          escapedWhitespaceDetected = true;
          if (c === CR || c === LF) {
            escapedWhitespaceDetected = false;
            if (comment) {
              comment = false;
              start = true;
            }
          }
          continue;
        } else if (found !== -1) {
          push(escapedArg, found, escapeMarker === -1 ? i : escapeMarker);
          escapeMarker = -1;
          escapedArg = '';
          found = -1;
        }
      } else if (c === esc) {
        const next = at(i + 1);
        if (next === SPACE || next === TAB) {
          for (let j = i + 2; j < len; j++) {
            const d = at(j);
            if (d === SPACE || d === TAB) continue;
            if (d === CR || d === LF) {
              if (d === CR) j++;
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1) escapeMarker = i;
              i = j;
            } else {
              escapeMarker = i;
              if (found === -1) i = j - 1;
            }
            break;
          }
        } else if (next === CR || next === LF) {
          comment = false;
          escaping = true;
          start = true;
          if (found !== -1 && escapeMarker === -1) escapeMarker = i;
          i += next === CR ? 2 : 1;
        } else {
          if (escapedWhitespaceDetected && escapeMarker !== -1) {
            push(escapedArg, found, escapeMarker);
            escapedArg = '';
            found = -1;
          }
          escapeMarker = -1;
          escapedWhitespaceDetected = false;
          escaping = false;
          if (next === DOLLAR) escapedArg += text.slice(from + i, from + i + 2);
          else if (Number.isNaN(next)) break; // escape character at the end: stop
          else escapedArg += text[from + i + 1] as string;
          if (found === -1) found = i;
          i++;
        }
      } else if (!comment) {
        if (start && c === HASH) comment = true;
        else {
          if (escapedWhitespaceDetected && escapeMarker !== -1) {
            push(escapedArg, found, escapeMarker);
            escapedArg = '';
            found = -1;
          }
          escapedWhitespaceDetected = false;
          escaping = false;
          escapeMarker = -1;
          escapedArg += text[from + i] as string;
          if (found === -1) found = i;
        }
        start = false;
      }
    }
    if (found !== -1) push(escapedArg, found, escapeMarker === -1 ? len : escapeMarker);
    return { values, starts, ends };
  }

  /**
   * `offsetAt(positionAt(offset))`. positionAt moves an offset back over line-break characters
   * but never past the start of its own line; the only offset inside a line that follows a
   * line-break character is the `\n` of a `\r\n`, so that is the one case that moves.
   */
  private clamp(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.n));
    return o > 0 && this.text.charCodeAt(o - 1) === CR && this.text.charCodeAt(o) === LF ? o - 1 : o;
  }
}

/** `Util.parseHeredocName`. */
function parseHeredocName(value: string): string | null {
  value = value.substring(2);
  if (value.charAt(0) === '-') value = value.substring(1);
  if (value.charAt(0) === '"') {
    if (value.charAt(value.length - 1) !== '"') return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === "'") {
    if (value.charAt(value.length - 1) !== "'") return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === '<') return null;
  return value;
}
