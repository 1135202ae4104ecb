// Fallback for machines without /usr/bin/time: runs a node script in this process and, at exit,
// writes "<user s> <sys s> <max RSS KB>" (the format run.mjs reads from `time -f '%U %S %M'`)
// to the file named first. Usage: node rusage-wrapper.mjs <out-file> <script> [args...]
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [out, script, ...args] = process.argv.slice(2);
process.argv = [process.execPath, resolve(script), ...args];
process.on('exit', () => {
  const r = process.resourceUsage();
  writeFileSync(out, `${r.userCPUTime / 1e6} ${r.systemCPUTime / 1e6} ${r.maxRSS}\n`);
});
if (/\.(m?js)$/.test(script)) await import(pathToFileURL(resolve(script)).href);
else createRequire(import.meta.url)(resolve(script));
