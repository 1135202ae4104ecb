import { rootImage, type DockerfileDocument, type Stage } from '../dockerfile/index.js';
import { joined, resolve } from './golang-image.js';
import { MemoSlot } from '../dockerfile/memo.js';

/**
 * The external image a stage builds on, through `FROM <stage>` chains, with `${ARG}`s resolved from
 * the global ARG defaults (`ARG IMG=golang:1.23` / `FROM ${IMG}` -> `golang:1.23`). As written when
 * it uses an expansion we do not model.
 */
export function resolvedRootImage(doc: DockerfileDocument, stage: Stage): string {
  let root = stage;
  while (root.baseStage !== null) root = doc.stages[root.baseStage] as Stage;
  if (!root.image.includes('$')) return root.image;
  // Resolving ARGs is the slow case, and asked per instruction by several helpers: once per document and stage.
  let byStage = cache.get(doc);
  if (!byStage) cache.set(doc, (byStage = new Map()));
  let image = byStage.get(stage.index);
  if (image === undefined) {
    const pieces = resolve(doc, root.image, { kind: 'from', stage: root, template: root.image }, root.from.index);
    image = pieces === null ? rootImage(doc, stage) : joined(pieces);
    byStage.set(stage.index, image);
  }
  return image;
}

const cache = new MemoSlot<DockerfileDocument, Map<number, string>>();
