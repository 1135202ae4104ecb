import { contextAt, shellCommands, type DockerfileDocument, type Instruction, type Stage } from '../dockerfile/index.js';
import { goDriver, goInvocation, withScripts, type GoInvocation } from './commands.js';
import { isGolangImage } from './images.js';
import { resolvedRootImage } from './root-image.js';
import { MemoSlot } from '../dockerfile/memo.js';

/** A RUN that runs Go commands. */
export interface GoRun {
  /** The RUN itself (for `ONBUILD RUN`, the trigger). */
  run: Instruction;
  /** The top-level instruction (the RUN, or the ONBUILD holding it). */
  owner: Instruction;
  /** Go commands on the RUN line: these may be edited. */
  invocations: GoInvocation[];
  /**
   * Go commands that may be read but never edited: in heredoc bodies, or in the script of a
   * `sh -c '...'` (shell or exec form: `RUN ["/bin/sh", "-c", "go build ./..."]`).
   */
  heredocInvocations: GoInvocation[];
}

export interface GoStage {
  stage: Stage;
  runs: GoRun[];
}

const cache = new MemoSlot<DockerfileDocument, GoStage[]>();

/** The stages that actually run Go commands, each with its Go RUNs. Computed once per document. */
export function goStages(doc: DockerfileDocument): GoStage[] {
  const cached = cache.get(doc);
  if (cached) return cached;
  const result: GoStage[] = [];
  for (const stage of doc.stages) {
    const runs: GoRun[] = [];
    for (const owner of stage.instructions) {
      const run = runOf(owner);
      if (!run || !mentionsGo(doc, run)) continue;
      const invocations: GoInvocation[] = [];
      const heredocInvocations: GoInvocation[] = [];
      for (const command of withScripts(shellCommands(doc, run, true))) {
        const go = goInvocation(command);
        if (go) (command.inHeredoc ? heredocInvocations : invocations).push(go);
      }
      if (invocations.length + heredocInvocations.length > 0) runs.push({ run, owner, invocations, heredocInvocations });
    }
    if (runs.length > 0) result.push({ stage, runs });
  }
  cache.set(doc, result);
  return result;
}

/** A RUN (or ONBUILD RUN) that runs a build driver or script, which may run go where we cannot see it. */
export interface DriverRun {
  stage: Stage;
  run: Instruction;
  owner: Instruction;
  /** The first driver, as written (`make`, `./build.sh`). */
  driver: string;
}

const driverCache = new MemoSlot<DockerfileDocument, DriverRun[]>();

/** Every RUN that invokes a build driver (see `goDriver`), in file order, whether or not the stage has go. */
export function driverRuns(doc: DockerfileDocument): DriverRun[] {
  const cached = driverCache.get(doc);
  if (cached) return cached;
  const result: DriverRun[] = [];
  for (const stage of doc.stages) {
    for (const owner of stage.instructions) {
      const run = runOf(owner);
      if (!run) continue;
      for (const command of withScripts(shellCommands(doc, run, true))) {
        const driver = goDriver(command);
        if (driver) {
          result.push({ stage, run, owner, driver });
          break;
        }
      }
    }
  }
  driverCache.set(doc, result);
  return result;
}

/**
 * Whether go is there to run in a stage: it builds on the golang image (through `FROM <stage>` and
 * image ARGs), or it or a stage it is built FROM runs a go command we can see.
 */
export function stageHasGo(doc: DockerfileDocument, stage: Stage): boolean {
  if (isGolangImage(resolvedRootImage(doc, stage))) return true;
  const withGo = new Set(goStages(doc).map((g) => g.stage.index));
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && !seen.has(s.index); s = s.baseStage === null ? undefined : doc.stages[s.baseStage]) {
    if (withGo.has(s.index)) return true;
    seen.add(s.index);
  }
  return false;
}

/** The RUN an instruction runs: itself, or the RUN an ONBUILD registers; null for anything else. */
export function runOf(owner: Instruction): Instruction | null {
  return owner.keyword === 'RUN' ? owner : owner.trigger?.keyword === 'RUN' ? owner.trigger : null;
}

/** Cheap pre-filter so files without Go cost no shell parsing. */
function mentionsGo(doc: DockerfileDocument, run: Instruction): boolean {
  return /(^|[\s/;&|(`"'])go["'\s]/.test(doc.source.text.slice(run.range.start, run.range.end));
}

/** The value of a variable (ENV/ARG) in effect at an instruction, or null. */
export function valueAt(doc: DockerfileDocument, stage: Stage, at: Instruction, name: string): string | null {
  return contextAt(doc, stage, at).vars.get(name) ?? null;
}
