import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readGoProject } from '../go/project.js';

export interface ScaffoldArgs {
  dir: string;
  yes: boolean;
  force: boolean;
  dryRun: boolean;
}

/** The scaffolder's flow. Detection is in place; generation lands with the templates (issue 4). */
export async function runScaffold(args: ScaffoldArgs): Promise<number> {
  const dir = resolve(args.dir);
  if (!existsSync(join(dir, 'go.mod')) && !existsSync(join(dir, 'go.work'))) {
    process.stderr.write(`create-go-dockerfile: no go.mod or go.work in ${dir}\nRun it in a Go module, or create one with \`go mod init <module path>\`.\n`);
    return 2;
  }
  const project = readGoProject(dir);
  process.stdout.write(`module ${project.goMod?.module ?? '(workspace)'} go ${project.goMod?.go ?? project.goWork?.go ?? '?'}\n`);
  process.stderr.write('create-go-dockerfile: Dockerfile generation is not implemented yet.\n');
  return 2;
}
