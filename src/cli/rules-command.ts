import { findTransform, transforms } from '../transforms/index.js';
import { EXIT_ERROR, EXIT_OK } from './exit-codes.js';
import { colorsFor } from './report/colors.js';

export function runRules(format: 'text' | 'json'): number {
  if (format === 'json') {
    const rows = transforms.map((t) => ({ id: t.id, severity: t.severity, fix: t.fixSafety, title: t.title }));
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT_OK;
  }
  const c = colorsFor(process.stdout);
  const width = Math.max(...transforms.map((t) => t.id.length));
  process.stdout.write(c.bold(`${'RULE'.padEnd(width)}  SEVERITY  AUTOFIX       SUMMARY\n`));
  for (const t of transforms) {
    const fix = t.fixSafety === null ? 'no' : t.fixSafety === 'safe' ? 'yes' : t.fixSafety;
    process.stdout.write(`${c.cyan(t.id.padEnd(width))}  ${t.severity.padEnd(8)}  ${fix.padEnd(12)}  ${t.title}\n`);
  }
  process.stdout.write(c.dim('\n`gomod-fix explain <rule>` prints the rationale and an example.\n'));
  return EXIT_OK;
}

export function runExplain(id: string): number {
  const t = findTransform(id);
  if (!t) {
    process.stderr.write(`gomod-fix: unknown rule "${id}" (known: ${transforms.map((x) => x.id).join(', ')})\n`);
    return EXIT_ERROR;
  }
  const c = colorsFor(process.stdout);
  const indent = (s: string): string => s.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n');
  const fix = t.fixSafety === null ? 'reported only' : `${t.fixSafety} fix`;
  process.stdout.write(
    [
      `${c.bold(t.id)}  (${t.severity}, ${fix})`,
      t.title,
      '',
      c.bold('What it does'),
      wrap(t.docs.what),
      '',
      c.bold('Why'),
      wrap(t.docs.why),
      '',
      c.bold('Before'),
      indent(t.docs.before),
      '',
      c.bold('After'),
      indent(t.docs.after),
      '',
      c.bold('Fix safety'),
      wrap(t.docs.fixSafety),
      '',
      c.dim(`Suppress with \`# gomod-fix ignore=${t.id}\` on the line above an instruction.`),
      '',
    ].join('\n'),
  );
  return EXIT_OK;
}

function wrap(text: string, width = 96): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/)) {
      if (line !== '' && line.length + word.length + 1 > width) {
        out.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    out.push(line);
  }
  return out.map((l) => `  ${l}`).join('\n');
}
