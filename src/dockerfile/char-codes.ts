/** Character codes the scanners compare against (`text.charCodeAt(i) === LF`). */
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const DQ = 34;
export const HASH = 35;
export const DOLLAR = 36;
export const SQ = 39;
export const DOT = 46;
export const SLASH = 47;
export const BACKSLASH = 92;
export const BACKTICK = 96;
