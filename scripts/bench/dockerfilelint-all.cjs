// Benchmark peer C: dockerfilelint over every file, in one process, exactly as its CLI
// (node_modules/dockerfilelint/bin/dockerfilelint -j <files...>) lints each file, but with each
// file's lint in a try/catch: dockerfilelint 1.8.0 throws on the most common HEALTHCHECK form
// (`HEALTHCHECK CMD ...` without options: "Cannot read properties of null (reading 'reduce')" in
// checks.is_valid_healthcheck), and its CLI then dies at the first such file, linting nothing after
// it. Files it throws on are counted and reported on stderr.
// Usage: node dockerfilelint-all.cjs <file listing paths, one per line>   (run in the tree)
const fs = require('node:fs');
const path = require('node:path');
const dockerfilelint = require('dockerfilelint/lib/index');
const Reporter = require('dockerfilelint/lib/reporter/json_reporter');

const list = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const reporter = new Reporter();
let crashed = 0;
for (const fileName of list) {
  const content = fs.readFileSync(fileName, 'utf8');
  try {
    reporter.addFile(fileName, content, dockerfilelint.run(path.resolve(path.dirname(fileName)), content));
  } catch {
    crashed++;
  }
}
const report = reporter.buildReport();
process.stdout.write(report.toString() + '\n');
process.stderr.write(`dockerfilelint: ${list.length} files, ${report.totalIssues} issues, threw on ${crashed} files\n`);
