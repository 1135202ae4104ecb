// Copies non-TypeScript assets (Handlebars templates) next to the compiled code in dist/.
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src', 'templates');
if (existsSync(from)) {
  cpSync(from, join(root, 'dist', 'templates'), {
    recursive: true,
    filter: (src) => !src.endsWith('.ts'),
  });
}
