import { contextAt, shellCommands, type DockerfileDocument, type Instruction, type Stage } from '../dockerfile/index.js';
import { goInvocation, type GoInvocation } from './commands.js';

/** A RUN that runs Go commands. */
export interface GoRun {
  /** The RUN itself (for `ONBUILD RUN`, the trigger). */
  run: Instruction;
  /** The top-level instruction (the RUN, or the ONBUILD holding it). */
  owner: Instruction;
  /** Go commands on the RUN line: these may be edited. */
  invocations: GoInvocation[];
  /** Go commands inside heredoc bodies: read, never edited. */
  heredocInvocations: GoInvocation[];
}

export interface GoStage {
  stage: Stage;
  runs: GoRun[];
}

const cache = new WeakMap<DockerfileDocument, GoStage[]>();

/** The stages that actually run Go commands, each with its Go RUNs. Computed once per document. */
export function goStages(doc: DockerfileDocument): GoStage[] {
  const cached = cache.get(doc);
  if (cached) return cached;
  const result: GoStage[] = [];
  for (const stage of doc.stages) {
    const runs: GoRun[] = [];
    for (const owner of stage.instructions) {
      const run = owner.keyword === 'RUN' ? owner : owner.trigger?.keyword === 'RUN' ? owner.trigger : null;
      if (!run || !mayRunGo(doc, run)) continue;
      const invocations: GoInvocation[] = [];
      const heredocInvocations: GoInvocation[] = [];
      for (const command of shellCommands(doc, run, true)) {
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

/** Cheap pre-filter so files without Go cost no shell parsing. */
function mayRunGo(doc: DockerfileDocument, run: Instruction): boolean {
  return /(^|[\s/;&|(`"])go["\s]/.test(doc.source.text.slice(run.range.start, run.range.end));
}

/** The value of a variable (ENV/ARG) in effect at an instruction, or null. */
export function valueAt(doc: DockerfileDocument, stage: Stage, at: Instruction, name: string): string | null {
  return contextAt(doc, stage, at).vars.get(name) ?? null;
}
