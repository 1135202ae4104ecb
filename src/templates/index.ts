/**
 * The one place that knows about Handlebars: loads the `.hbs` files that sit next to this module
 * (copied to dist/templates by scripts/copy-assets.mjs), registers the partials and helpers, and
 * renders a typed view model. Rendering is strict (a missing field throws) and never HTML-escapes:
 * values are validated for the Dockerfile by the scaffolder before they get here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { DockerfileView, DockerignoreView } from './view-model.js';

export type { DockerfileView, DockerignoreView } from './view-model.js';

const templateDir = fileURLToPath(new URL('.', import.meta.url));

const compileOptions: CompileOptions = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { words: true, json: true },
};

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

interface Environment {
  dockerfile: HandlebarsTemplateDelegate<DockerfileView>;
  dockerignore: HandlebarsTemplateDelegate<DockerignoreView>;
  dockerignoreAppend: HandlebarsTemplateDelegate<DockerignoreView>;
}

let environment: Environment | null = null;

function load(): Environment {
  if (environment) return environment;
  const hbs = Handlebars.create();
  /** Shell words of a command shown in a comment, separated by spaces. */
  hbs.registerHelper('words', (list: unknown) => {
    if (!Array.isArray(list)) throw new Error('words: expected a list');
    return list.join(' ');
  });
  /** A JSON string or array: the exec form of ENTRYPOINT. */
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value));

  const partialsDir = join(templateDir, 'partials');
  for (const entry of readdirSync(partialsDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(partialsDir, path).split(sep).join('/').replace(/\.hbs$/, '');
    hbs.registerPartial(name, hbs.compile(readFileSync(path, 'utf8'), compileOptions));
  }
  const compile = <T>(file: string): HandlebarsTemplateDelegate<T> => hbs.compile<T>(readFileSync(join(templateDir, file), 'utf8'), compileOptions);
  environment = {
    dockerfile: compile<DockerfileView>('Dockerfile.hbs'),
    dockerignore: compile<DockerignoreView>('dockerignore.hbs'),
    dockerignoreAppend: compile<DockerignoreView>('dockerignore-append.hbs'),
  };
  return environment;
}

export function renderDockerfile(view: DockerfileView): string {
  return load().dockerfile(view);
}

/** A whole new `.dockerignore`. */
export function renderDockerignore(view: DockerignoreView): string {
  return load().dockerignore(view);
}

/** The block appended to an existing `.dockerignore` (only the patterns it lacks). */
export function renderDockerignoreAppend(view: DockerignoreView): string {
  return load().dockerignoreAppend(view);
}
