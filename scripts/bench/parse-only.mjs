// Benchmark peer B, "the floor": a single-threaded script that only reads every file and parses it
// with dockerfile-ast. Usage: node parse-only.mjs <file listing paths, one per line> (run in the tree).
import { readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';

const list = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let instructions = 0;
for (const path of list) instructions += DockerfileParser.parse(readFileSync(path, 'utf8')).getInstructions().length;
process.stdout.write(`${list.length} files, ${instructions} instructions\n`);
