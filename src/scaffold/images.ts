/** Base images, pinned to a release (never `latest`): the one place to bump them. */

export const BUILDERS = ['bookworm', 'alpine'] as const;
export type Builder = (typeof BUILDERS)[number];

export const RUNTIMES = ['distroless', 'alpine', 'scratch', 'debian-slim'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** The official Go image for a version: `golang:1.23-bookworm`, `golang:1.23-alpine`. */
export function builderImage(builder: Builder, goVersion: string): string {
  return `golang:${goVersion}-${builder}`;
}

export const RUNTIME_IMAGES = {
  /** Static binaries: no libc, CA certificates, tzdata, a `nonroot` user 65532. */
  distrolessStatic: 'gcr.io/distroless/static-debian12:nonroot',
  /** cgo binaries: glibc from Debian 12 (the bookworm builder's libc). */
  distrolessBase: 'gcr.io/distroless/base-debian12:nonroot',
  alpine: 'alpine:3.20',
  debianSlim: 'debian:bookworm-slim',
  scratch: 'scratch',
} as const;

/** distroless' `nonroot` user; the same numeric id is created on the other runtimes. */
export const NONROOT_UID = 65532;

export interface RuntimeChoice {
  image: string;
  why: string;
}

export function runtimeImage(runtime: Runtime, cgo: boolean): RuntimeChoice {
  switch (runtime) {
    case 'distroless':
      return cgo
        ? { image: RUNTIME_IMAGES.distrolessBase, why: 'distroless with the glibc the cgo binary needs; no shell, no package manager.' }
        : { image: RUNTIME_IMAGES.distrolessStatic, why: 'distroless for a static binary; no shell, no package manager.' };
    case 'alpine':
      return { image: RUNTIME_IMAGES.alpine, why: cgo ? 'alpine, with the musl libc the cgo binary was linked against.' : 'alpine, with a shell for debugging.' };
    case 'debian-slim':
      return { image: RUNTIME_IMAGES.debianSlim, why: cgo ? 'Debian slim, with the glibc the cgo binary was linked against.' : 'Debian slim, with a shell for debugging.' };
    case 'scratch':
      return { image: RUNTIME_IMAGES.scratch, why: 'scratch, with only the static binary and CA certificates; no /etc/passwd, so the user is numeric.' };
  }
}

/** Which runtimes can run a binary from this builder. */
export function compatibleRuntimes(builder: Builder, cgo: boolean): Runtime[] {
  if (!cgo) return [...RUNTIMES];
  return builder === 'alpine' ? ['alpine'] : ['distroless', 'debian-slim'];
}

/** Packages a builder needs for the chosen options, on top of what the user asked for. */
export function builderPackages(builder: Builder, needs: { cgo: boolean; git: boolean; ssh: boolean }): string[] {
  // The Debian-based golang image already has gcc, git and openssh-client; the alpine one has none.
  if (builder !== 'alpine') return [];
  return [...(needs.cgo ? ['gcc', 'musl-dev'] : []), ...(needs.git ? ['git'] : []), ...(needs.ssh ? ['openssh-client'] : [])];
}
