/**
 * The GOPROXY/GOSUMDB/... defaults a Dockerfile gives its Go build stage, read through the document
 * model: the ARG and ENV values in effect at the first `go mod download` (else the first other go
 * command that fetches modules), plus `NAME=value` prefixes on that command itself.
 */

import {
  contextAt,
  expand,
  parseDockerfile,
  readAssignments,
  rootImage,
  shellCommands,
  type DockerfileDocument,
  type Instruction,
  type ShellCommand,
  type Stage,
} from '../dockerfile/index.js';
import { ALL_SETTINGS, type Layer, type LayerValues, type SettingName } from './settings.js';

export interface DockerfileSettings {
  layer: Layer;
  /** Where the values were read, e.g. `stage build, before line 14 (go mod download)`. */
  at: string | null;
  notes: string[];
  doc: DockerfileDocument;
}

const FETCHING = [['mod', 'download'], ['build'], ['install'], ['get'], ['mod', 'tidy'], ['test'], ['run'], ['generate']];

function goSubcommand(cmd: ShellCommand): { argv: string[]; assignments: Array<[string, string]> } | null {
  const words = cmd.argv.map((w) => w.value);
  const assignments: Array<[string, string]> = cmd.assignments.map((w) => splitAssignment(w.value));
  let i = 0;
  if (words[0] === 'env') {
    i = 1;
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] as string)) assignments.push(splitAssignment(words[i++] as string));
  }
  const exe = words[i];
  if (exe === undefined || exe.split('/').pop() !== 'go') return null;
  return { argv: words.slice(i + 1), assignments };
}

function splitAssignment(word: string): [string, string] {
  const eq = word.indexOf('=');
  return [word.slice(0, eq), word.slice(eq + 1)];
}

interface GoRun {
  stage: Stage;
  instruction: Instruction;
  command: string;
  assignments: Array<[string, string]>;
}

/** The RUN that fetches modules: `go mod download` first, then the other fetching commands in order. */
function findGoRun(doc: DockerfileDocument): GoRun | null {
  for (const wanted of FETCHING) {
    for (const stage of doc.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        for (const cmd of shellCommands(doc, instruction, true)) {
          const go = goSubcommand(cmd);
          if (go && wanted.every((w, k) => go.argv[k] === w)) {
            return { stage, instruction, command: `go ${wanted.join(' ')}`, assignments: go.assignments };
          }
        }
      }
    }
  }
  return null;
}

function stageName(stage: Stage): string {
  return stage.name ?? `#${stage.index}`;
}

/** The line of the last ARG/ENV that assigns each name, over the stage chain, before `before`. */
function assignmentLines(doc: DockerfileDocument, stage: Stage, before: Instruction | null): Map<string, string> {
  const lines = new Map<string, string>();
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.baseStage !== null ? doc.stages[s.baseStage] : undefined) chain.unshift(s);
  for (const arg of doc.globalArgs) for (const [n, v] of readAssignments(doc, arg, false)) if (v !== null) lines.set(n, `Dockerfile:${arg.startLine + 1} (global ARG)`);
  for (const s of chain) {
    for (const instruction of s.instructions) {
      if (before && s === stage && instruction.index >= before.index) break;
      if (instruction.keyword !== 'ENV' && (instruction.keyword !== 'ARG' || s !== stage)) continue;
      for (const [n, v] of readAssignments(doc, instruction, instruction.keyword === 'ENV')) {
        if (v !== null || !lines.has(n)) lines.set(n, `Dockerfile:${instruction.startLine + 1} (${instruction.keyword} in stage ${stageName(s)})`);
      }
    }
  }
  return lines;
}

export function readDockerfileSettings(text: string): DockerfileSettings {
  const doc = parseDockerfile(text);
  const notes: string[] = [];
  const values: LayerValues = {};
  const run = findGoRun(doc);
  let stage: Stage | undefined = run?.stage;
  if (!stage) stage = doc.stages.find((s) => /(^|\/)golang([:@]|$)/.test(rootImage(doc, s).toLowerCase()));
  if (!stage) {
    notes.push('no Go build stage found (no RUN go mod download / go build, no golang base image): Dockerfile settings not read');
    return { layer: { source: 'dockerfile', values }, at: null, notes, doc };
  }
  const before = run?.instruction ?? null;
  const ctx = contextAt(doc, stage, before);
  const lines = assignmentLines(doc, stage, before);
  const at = run ? `stage ${stageName(stage)}, line ${run.instruction.startLine + 1} (${run.command})` : `stage ${stageName(stage)} (end)`;
  const consider = (name: SettingName, raw: string | null, origin: string): void => {
    if (raw === null || raw === '') return;
    const value = expand(raw, ctx.vars);
    if (/\$\{?[A-Za-z_]/.test(value)) {
      notes.push(`${name}=${raw} (${origin}) depends on a build arg without a default; pass it with --build-arg to check it`);
      return;
    }
    values[name] = { value, origin };
  };
  for (const name of ALL_SETTINGS) {
    for (const variant of [name, name.toLowerCase()]) {
      if (!ctx.vars.has(variant)) continue;
      consider(name, ctx.vars.get(variant) ?? null, lines.get(variant) ?? `Dockerfile (stage ${stageName(stage)})`);
      break;
    }
  }
  if (run) {
    for (const [n, v] of run.assignments) {
      const name = ALL_SETTINGS.find((s) => s === n || s.toLowerCase() === n);
      if (name) consider(name, v, `Dockerfile:${run.instruction.startLine + 1} (RUN ${n}=... ${run.command})`);
    }
  }
  return { layer: { source: 'dockerfile', values }, at, notes, doc };
}

