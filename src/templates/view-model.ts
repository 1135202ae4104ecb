/**
 * What the templates are given. Every string here has been validated by `src/scaffold/validate.ts`
 * for the place it is printed (see the field comments): the templates print values as they are
 * (Handlebars runs with `noEscape` and `strict`, so a missing field is an error, not a blank).
 */

export interface DockerfileView {
  header: HeaderView;
  build: BuildStageView;
  runtime: RuntimeView;
}

export interface HeaderView {
  /** `Dockerfile` or `Dockerfile.<name>`. */
  file: string;
  /** `example.com/app`, or `the go.work workspace`. */
  subject: string;
  /** The main package directory (`.`, `cmd/api`). */
  packageDir: string;
  /** `create-go-dockerfile 0.1.0`. */
  tool: string;
  /** Shell words of the exact `docker build` command, each already shell-quoted. */
  buildCommand: string[];
  /** Shell words of a `docker run` example. */
  runCommand: string[];
  /** Lines (without `# `) about what each secret or agent flag of the build command is for. */
  buildNotes: string[];
  /** An override example for the proxy settings, or null when there is nothing to download (vendor/). */
  proxyExample: { why: string; command: string[] } | null;
  /** Lines (without `# `) with what was detected and chosen. */
  facts: string[];
}

export interface ModuleFilesView {
  /** Paths relative to the context (SAFE_PATH). */
  sources: string[];
  /** `./` or `./api/`. */
  dest: string;
}

export interface ProxyView {
  /** GOPROXY list, validated by proxyProblems (no quotes, `$`, spaces, shell metacharacters). */
  goproxy: string;
  /** GOSUMDB value (validated; may contain one space: `name+key url`). */
  gosumdb: string;
  sumdbOff: boolean;
  /** GOPRIVATE globs (validated by resolvePrivate), or null. */
  goprivate: string | null;
  /** Private modules come through the proxy: `GONOPROXY=none`. */
  privateViaProxy: boolean;
}

export interface AuthView {
  /** The partial that writes the download RUN: `auth/none`, `auth/ssh`, `auth/netrc`, `auth/token`. */
  partial: string;
  /** Git hosts to authenticate to (hostnames, validated). */
  hosts: string[];
  /** The secret id the build command passes (`netrc`, `git_token`, `known_hosts`), or null. */
  secretId: string | null;
}

export interface BuildStageView {
  /** `golang:1.23-bookworm`. */
  image: string;
  crossCompile: { goarm: boolean } | null;
  /** Extra packages to install with apt-get (bookworm builder), validated names; empty for none. */
  aptPackages: string[];
  /** Extra packages to install with apk (alpine builder), validated names; empty for none. */
  apkPackages: string[];
  workdir: string;
  /** Null when vendor/ holds the dependencies (nothing to download). */
  proxy: ProxyView | null;
  /** The COPY instructions before `go mod download`; empty when vendored. */
  moduleFiles: ModuleFilesView[];
  /** Comment lines (without `# `) about module files copied as globs (`go.sum*`) because they do not exist yet; empty when none. */
  moduleFilesNote: string[];
  /** The download step; null when vendored. */
  download: { auth: AuthView; why: string[] } | null;
  modCache: string;
  buildCache: string;
  vendor: boolean;
  cgoEnabled: '0' | '1';
  /** `-X` stamping from the VERSION build arg. */
  version: { variable: string; default: string } | null;
  parallelism: number | null;
  /** `/out/<name>`. */
  output: string;
  /** `.` or `./cmd/api` (SAFE_PATH). */
  buildPath: string;
}

export interface RuntimeView {
  /** `runtime/distroless`, `runtime/alpine`, `runtime/scratch`, `runtime/debian-slim`. */
  partial: string;
  /** Pinned image reference. */
  image: string;
  /** Why this runtime (one line, without `# `). */
  why: string;
  /** Absolute path of the binary in the image. */
  binary: string;
  /** Numeric user and group. */
  uid: number;
  gid: number;
  ports: number[];
}

export interface DockerignoreGroup {
  comment: string;
  patterns: string[];
}

export interface DockerignoreView {
  groups: DockerignoreGroup[];
}
