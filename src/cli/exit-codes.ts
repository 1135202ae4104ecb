/** Exit codes shared by both commands (prettier's and ruff's contract). */
export const EXIT_OK = 0;
/** `--check`: a file would change or has an error-level finding. doctor: a check failed. */
export const EXIT_FINDINGS = 1;
/** Usage error, unreadable or unparseable input. */
export const EXIT_ERROR = 2;

export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  nothing to change (or changes written with --write)',
  '  1  with --check: a file would change or has an error-level finding',
  '  2  usage error, or a file could not be read, parsed or written',
].join('\n');
