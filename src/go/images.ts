/** Facts about base image references that the rules need. */

export interface ImageRef {
  /** Registry and repository, e.g. `golang`, `docker.io/library/golang`, `gcr.io/distroless/static-debian12`. */
  repository: string;
  tag: string | null;
  digest: string | null;
}

export function parseImageRef(ref: string): ImageRef {
  let rest = ref;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tag = colon > slash ? rest.slice(colon + 1) : null;
  return { repository: tag === null ? rest : rest.slice(0, colon), tag, digest };
}

/** The name without registry and `library/`: `docker.io/library/golang` -> `golang`. */
export function shortName(repository: string): string {
  return repository.replace(/^(docker\.io\/|index\.docker\.io\/|registry-1\.docker\.io\/)?(library\/)?/, '');
}

/** The official Go image (or a mirror of it under the same name). */
export function isGolangImage(image: string): boolean {
  const name = shortName(parseImageRef(image).repository);
  return name === 'golang' || /(^|\/)(library\/)?golang$/.test(name);
}

/** Images with no shell or libc to speak of: a cgo binary will not run there. */
export function isStaticRuntime(image: string): boolean {
  if (image === 'scratch') return true;
  return /distroless\/static/.test(parseImageRef(image).repository);
}
