import type { ParserDirective } from './directives.js';
import type { Flag } from './flags.js';
import type { HeredocBody } from './heredoc.js';
import type { LogicalText } from './logical.js';
import type { SourceText, Span } from './source.js';

export interface Instruction {
  /** Upper-cased keyword (`RUN`, `COPY`, ...). */
  keyword: string;
  keywordRange: Span;
  /** From the keyword to the end of the instruction's last line, heredoc bodies included. */
  range: Span;
  startLine: number;
  endLine: number;
  /** Everything after the keyword on the instruction line(s), continuations joined; heredoc bodies excluded. */
  logical: LogicalText;
  flags: Flag[];
  /** Index into `logical.text` where the arguments (after the flags) begin. */
  argsIndex: number;
  heredocs: HeredocBody[];
  /** For `ONBUILD`, the instruction it registers. */
  trigger: Instruction | null;
  /** Index of the stage it belongs to; -1 for ARGs before the first FROM. */
  stage: number;
  /** Position in `DockerfileDocument.instructions`. */
  index: number;
  /** Derived facts kept by helpers (see memo.ts); not part of the parsed data. */
  memo?: unknown[] | undefined;
}

export interface Stage {
  index: number;
  from: Instruction;
  /** The `AS name`, lower-cased as BuildKit compares them. */
  name: string | null;
  /** The image reference as written (may hold `${ARG}`s). */
  image: string;
  imageRange: Span;
  platform: string | null;
  /** When the image names an earlier stage, that stage's index. */
  baseStage: number | null;
  /** Instructions after the FROM, up to the next FROM. */
  instructions: Instruction[];
}

export interface SyntaxProblem {
  message: string;
  /** Zero-based. */
  line: number;
  column: number;
}

export interface DockerfileDocument {
  source: SourceText;
  escape: string;
  directives: ParserDirective[];
  instructions: Instruction[];
  stages: Stage[];
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  /** Problems that make BuildKit reject the file. */
  errors: SyntaxProblem[];
  /** Derived facts kept by helpers (see memo.ts); not part of the parsed data. */
  memo?: unknown[] | undefined;
}
