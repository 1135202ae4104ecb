// `npm run bench`: the sweep benchmark of issue 6. Generates a deterministic synthetic monorepo
// (generate.mjs: 10,000 Dockerfiles from 24 templates, go.mod in the Go services, decoys a sweep
// must skip) in a temporary directory, then measures, interleaved and with the median of --runs:
//
//   A  gomod-fix --check .              the product as users run it (whole process, stdout to /dev/null)
//   B  parse-only.mjs                   the floor: one thread reads and parses every file with dockerfile-ast
//   C  dockerfilelint-all.cjs           the peer: dockerfilelint's CLI loop over every file (see that file:
//                                       its CLI takes files, not directories, and dies on `HEALTHCHECK CMD ...`)
//   gomod-fix --version                 start-up
//   gomod-fix --check <one Dockerfile>  a single-file check
//
// and prints files/s, CPU time, peak RSS and the ratios A/B and A/C against the targets. Wall
// time is measured here around each child; CPU time and peak RSS come from /usr/bin/time when it
// exists, else from a wrapper that reports the child's own process.resourceUsage() (node children
// only, which all of these are).
//
// Options: --files N (10000)  --runs N (5)  --startup-runs N (15)  --seed N  --keep  --json FILE
//          --only A,B,C,version,single  -- <extra gomod-fix args for A, e.g. --jobs 1>
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMonorepo } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const gomodFix = join(repo, 'dist', 'cli', 'gomod-fix.js');

const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const extra = dashdash === -1 ? [] : argv.slice(dashdash + 1);
const opts = dashdash === -1 ? argv : argv.slice(0, dashdash);
const opt = (name, fallback) => {
  const i = opts.indexOf(`--${name}`);
  return i === -1 ? fallback : opts[i + 1];
};
const FILES = Number(opt('files', 10_000));
const RUNS = Number(opt('runs', 5));
const STARTUP_RUNS = Number(opt('startup-runs', 15));
const SEED = Number(opt('seed', 20240601));
const ONLY = new Set(String(opt('only', 'A,B,C,version,single')).split(','));
const KEEP = opts.includes('--keep');
const JSON_OUT = opt('json', null);

const TARGETS = { AB: 1.0, AC: 1.0, rssMB: 300, singleMs: 250, versionMs: 120 };
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const WRAPPER = join(here, 'rusage-wrapper.mjs');

if (!existsSync(gomodFix)) {
  process.stderr.write('dist/ is missing: run `npm run build` first (npm run bench does).\n');
  process.exit(2);
}

/** Runs `node script args` in `cwd`; returns wall ms, CPU ms, peak RSS in MB, status, stderr. */
function measure(script, args, cwd) {
  const tmp = join(tmpdir(), `gomod-fix-bench-time-${process.pid}.txt`);
  let cmd;
  let cmdArgs;
  if (TIME) {
    cmd = TIME;
    cmdArgs = ['-f', '%U %S %M', '-o', tmp, process.execPath, script, ...args];
  } else {
    cmd = process.execPath;
    cmdArgs = [WRAPPER, tmp, script, ...args];
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  const lines = readFileSync(tmp, 'utf8').trim().split('\n');
  // time -o writes "Command exited with non-zero status N" first when the child fails.
  const [user, sys, rssKB] = (lines.at(-1) ?? '').split(' ').map(Number);
  rmSync(tmp, { force: true });
  return { wallMs, cpuMs: (user + sys) * 1000, rssMB: rssKB / 1024, status: r.status, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

const machine = {
  nproc: availableParallelism(),
  cpu: (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? cpus()[0]?.model ?? 'unknown',
  node: process.version,
  memGB: Math.round(Number(readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s+(\d+)/)?.[1] ?? 0) / 1024 / 1024),
  rssFrom: TIME ? '/usr/bin/time (%M)' : 'process.resourceUsage().maxRSS via rusage-wrapper.mjs',
};

const work = mkdtempSync(join(tmpdir(), 'gomod-fix-bench-'));
const dir = join(work, 'monorepo');
try {
  process.stderr.write(`Generating ${FILES} Dockerfiles (seed ${SEED}) in ${dir} ...\n`);
  mkdirSync(dir, { recursive: true });
  const generated = generateMonorepo(dir, { files: FILES, seed: SEED });
  const list = join(work, 'files.txt');
  writeFileSync(list, generated.files.join('\n') + '\n');
  const bytes = generated.files.reduce((n, f) => n + readFileSync(join(dir, f)).length, 0);

  const peers = {
    A: () => measure(gomodFix, ['--check', ...extra, '.'], dir),
    B: () => measure(join(here, 'parse-only.mjs'), [list], dir),
    C: () => measure(join(here, 'dockerfilelint-all.cjs'), [list], dir),
  };
  const load = [loadavg()[0]];
  const samples = { A: [], B: [], C: [] };
  let dockerfilelintThrew = null;
  const order = ['A', 'B', 'C'].filter((k) => ONLY.has(k));
  for (let run = 0; run < RUNS; run++) {
    for (const k of order) {
      const m = peers[k]();
      if (k === 'A') {
        const summary = /^(\d+) files?: .*$/m.exec(m.stderr);
        if (!summary || Number(summary[1]) !== FILES) throw new Error(`A did not sweep ${FILES} files:\n${m.stderr.slice(-2000)}`);
        if (run === 0) process.stderr.write(`  A: ${summary[0]}\n`);
      } else if (k === 'B') {
        if (m.status !== 0) throw new Error(`B failed:\n${m.stderr}`);
      } else {
        const c = /dockerfilelint: (\d+) files, (\d+) issues, threw on (\d+) files/.exec(m.stderr);
        if (!c || Number(c[1]) !== FILES) throw new Error(`C did not lint ${FILES} files:\n${m.stderr.slice(-2000)}`);
        dockerfilelintThrew = Number(c[3]);
      }
      samples[k].push(m);
      process.stderr.write(`  run ${run + 1}/${RUNS} ${k}: ${fmt(m.wallMs)} ms wall, ${fmt(m.cpuMs)} ms CPU, ${fmt(m.rssMB)} MB\n`);
    }
  }
  load.push(loadavg()[0]);

  const startup = { version: [], single: [] };
  const single = generated.files[0];
  for (let run = 0; run < STARTUP_RUNS; run++) {
    if (ONLY.has('version')) startup.version.push(measure(gomodFix, ['--version'], dir));
    if (ONLY.has('single')) startup.single.push(measure(gomodFix, ['--check', single], dir));
  }
  load.push(loadavg()[0]);

  const summarize = (xs) => (xs.length === 0 ? null : { wallMs: median(xs.map((x) => x.wallMs)), cpuMs: median(xs.map((x) => x.cpuMs)), rssMB: Math.max(...xs.map((x) => x.rssMB)), runs: xs.length });
  const result = {
    date: new Date().toISOString(),
    machine,
    loadavg1: load.map((l) => Math.round(l * 100) / 100),
    corpus: { files: FILES, bytes, seed: SEED, templates: Object.keys(generated.perTemplate).length, services: generated.services },
    gomodFixArgs: ['--check', ...extra, '.'],
    dockerfilelintThrewOn: dockerfilelintThrew,
    A: summarize(samples.A),
    B: summarize(samples.B),
    C: summarize(samples.C),
    version: summarize(startup.version),
    single: summarize(startup.single),
  };
  const ratio = (x, y) => (result[x] && result[y] ? result[x].wallMs / result[y].wallMs : null);
  const cpuRatio = (x, y) => (result[x] && result[y] ? result[x].cpuMs / result[y].cpuMs : null);
  result.ratios = { AB: ratio('A', 'B'), AC: ratio('A', 'C'), AB_cpu: cpuRatio('A', 'B'), AC_cpu: cpuRatio('A', 'C') };

  const row = (name, r) =>
    r ? `| ${name} | ${fmt(r.wallMs)} | ${fmt((FILES / r.wallMs) * 1000)} | ${fmt(r.cpuMs)} | ${fmt(r.rssMB)} |` : `| ${name} | - | - | - | - |`;
  const ok = (v, t) => (v === null ? 'n/a' : v <= t ? 'met' : 'MISSED');
  const lines = [
    `Machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memGB} GB, Node ${machine.node}; load average ${result.loadavg1.join(' -> ')}`,
    `Corpus: ${FILES} Dockerfiles, ${fmt(bytes / 1024)} KiB, seed ${SEED}; median of ${RUNS} runs (start-up: ${STARTUP_RUNS}); RSS from ${machine.rssFrom}`,
    '',
    '| | wall ms (median) | files/s | CPU ms (user+sys) | peak RSS MB |',
    '|---|---:|---:|---:|---:|',
    row(`A: gomod-fix ${result.gomodFixArgs.join(' ')}`, result.A),
    row('B: read + dockerfile-ast parse, 1 thread', result.B),
    row(`C: dockerfilelint 1.8.0, 1 thread (threw on ${result.dockerfilelintThrewOn ?? '-'} files)`, result.C),
    '',
    '| target | value | goal | |',
    '|---|---:|---:|---|',
    `| A/B (wall) | ${result.ratios.AB?.toFixed(2) ?? '-'} | <= ${TARGETS.AB.toFixed(1)} | ${ok(result.ratios.AB, TARGETS.AB)} |`,
    `| A/C (wall) | ${result.ratios.AC?.toFixed(2) ?? '-'} | <= ${TARGETS.AC.toFixed(1)} | ${ok(result.ratios.AC, TARGETS.AC)} |`,
    `| A peak RSS | ${result.A ? fmt(result.A.rssMB) : '-'} MB | <= ${TARGETS.rssMB} MB | ${ok(result.A?.rssMB ?? null, TARGETS.rssMB)} |`,
    `| gomod-fix --check <one file> | ${result.single ? fmt(result.single.wallMs) : '-'} ms | <= ${TARGETS.singleMs} ms | ${ok(result.single?.wallMs ?? null, TARGETS.singleMs)} |`,
    `| gomod-fix --version | ${result.version ? fmt(result.version.wallMs) : '-'} ms | <= ${TARGETS.versionMs} ms | ${ok(result.version?.wallMs ?? null, TARGETS.versionMs)} |`,
    `| (A/B, A/C in CPU time) | ${result.ratios.AB_cpu?.toFixed(2) ?? '-'}, ${result.ratios.AC_cpu?.toFixed(2) ?? '-'} | | |`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (JSON_OUT) {
    const raw = Object.fromEntries(Object.entries({ ...samples, ...startup }).map(([k, xs]) => [k, xs.map(({ stderr: _stderr, ...m }) => m)]));
    writeFileSync(JSON_OUT, JSON.stringify({ ...result, samples: raw }, null, 2) + '\n');
  }
} finally {
  if (KEEP) process.stderr.write(`Kept ${dir}\n`);
  else rmSync(work, { recursive: true, force: true });
}
