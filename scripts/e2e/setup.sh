#!/usr/bin/env bash
# Prepares a local Docker engine + base images for the end-to-end tests in test/e2e.
#
#   bash scripts/e2e/setup.sh          # idempotent: skips every step that is already done
#   bash scripts/e2e/teardown.sh       # stops the engine (keeps the cached images)
#
# What it does (as root; it needs apt and mount):
#   1. apt-get install docker.io debootstrap openssl (only if missing).
#   2. Starts Debian's dockerd (20.10, BuildKit built in) on a private socket, without iptables or
#      a bridge network, data under $CGD_E2E_CACHE (default /var/cache/cgd-e2e).
#   3. Creates a test CA and a certificate for https://127.0.0.1 (the test GOPROXY serves HTTPS:
#      the go command sends netrc credentials over https only), in $CGD_E2E_CACHE/tls; the builder
#      image trusts that CA, like a company CA baked into a build image. The runtime images do not.
#   4. Builds, from Debian packages only (no image registry is needed or contacted), look-alikes of
#        golang:1.23-bookworm  (also golang:1.23)       Debian minbase + golang-1.23-go (backports),
#                                                      git, gcc, libc6-dev, ca-certificates, ...
#        gcr.io/distroless/static-debian12:nonroot     ca-certificates, tzdata, passwd with
#                                                      nonroot (65532), USER 65532, no shell
#        gcr.io/distroless/static-debian12(:latest)    same, USER root
#        gcr.io/distroless/base-debian12:nonroot (and :latest)   static + glibc, libssl (cgo binaries)
#        debian:bookworm-slim (also debian:bookworm, debian:12-slim, debian:12)   plain minbase
#      and imports them with `docker import`. Rootfs tarballs are cached, so re-importing after a
#      wiped data-root takes ~20 s, and a second run of this script does nothing.
#
# Environment:
#   CGD_E2E_CACHE   cache dir (default /var/cache/cgd-e2e)
#   CGD_E2E_MIRROR  Debian mirror (default: the first .../debian URI of this machine's apt sources)
#   CGD_E2E_REBUILD=1  rebuild the rootfs tarballs and images even if cached
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$here/env.sh"

# Bump when the image recipe below changes: images carrying another recipe label get rebuilt.
RECIPE=5
GO_MINOR=1.23
SUITE=bookworm

CACHE="$CGD_E2E_CACHE"
DOCKER="$CGD_E2E_DOCKER"
SOCK="${DOCKER_HOST#unix://}"
T0=$(date +%s)

log() { printf '[e2e-setup +%3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, dockerd, debootstrap, chroot)"
mkdir -p "$CACHE" "$DOCKER_CONFIG" "$CACHE/images"
[ -f "$DOCKER_CONFIG/config.json" ] || echo '{}' > "$DOCKER_CONFIG/config.json"

# One setup at a time (e.g. two CI jobs on one machine).
exec 9>"$CACHE/setup.lock"
flock -w 1800 9 || die "another setup.sh holds $CACHE/setup.lock"

# ---------------------------------------------------------------------------------------- 1. apt
need_pkgs=()
for p in docker.io debootstrap openssl; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${need_pkgs[@]}" >"$CACHE/apt.log" 2>&1; then
    log "apt-get install failed; running apt-get update once and retrying"
    apt-get update >>"$CACHE/apt.log" 2>&1 || die "apt-get update failed, see $CACHE/apt.log"
    apt-get install -y --no-install-recommends "${need_pkgs[@]}" >>"$CACHE/apt.log" 2>&1 \
      || die "apt-get install failed, see $CACHE/apt.log"
  fi
  log "installed ${need_pkgs[*]}"
else
  log "docker.io, debootstrap and openssl already installed"
fi
[ -x "$DOCKER" ] || die "$DOCKER missing after installing docker.io"

# ------------------------------------------------------------------------------------- 2. dockerd
engine_up() { timeout 20 "$DOCKER" info >/dev/null 2>&1; }

if engine_up; then
  log "dockerd already answers on $DOCKER_HOST"
else
  pidfile="$CACHE/dockerd.pid"
  if [ -f "$pidfile" ]; then
    oldpid="$(cat "$pidfile")"
    # Only ever stop the dockerd we started ourselves (same pid file, same socket).
    if [ -n "$oldpid" ] && tr '\0' ' ' <"/proc/$oldpid/cmdline" 2>/dev/null | grep -q -- "dockerd.*$SOCK"; then
      log "dockerd pid $oldpid does not answer; stopping it"
      kill "$oldpid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$oldpid" 2>/dev/null || break; sleep 1; done
      kill -9 "$oldpid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  fi
  rm -f "$SOCK"
  mkdir -p "$CACHE/docker" "$CACHE/exec"
  log "starting dockerd (log: $CACHE/dockerd.log)"
  # 9>&-: the daemon must not inherit the setup lock, or the next setup.sh waits on it forever.
  dockerd_bin=/usr/sbin/dockerd
  [ -x "$dockerd_bin" ] || die "$dockerd_bin missing (package docker.io)"
  setsid nohup "$dockerd_bin" \
    --iptables=false --ip-masq=false --bridge=none --storage-driver=overlay2 \
    --data-root="$CACHE/docker" --exec-root="$CACHE/exec" --pidfile="$CACHE/dockerd.pid" \
    -H "unix://$SOCK" >>"$CACHE/dockerd.log" 2>&1 </dev/null 9>&- &
  bgpid=$!
  for i in $(seq 1 90); do
    engine_up && break
    kill -0 "$bgpid" 2>/dev/null || { tail -n 30 "$CACHE/dockerd.log" >&2; die "dockerd exited"; }
    [ "$i" = 90 ] && { tail -n 30 "$CACHE/dockerd.log" >&2; die "dockerd did not answer within 90 s"; }
    sleep 1
  done
  log "dockerd is up (pid $(cat "$pidfile" 2>/dev/null || echo '?'), $("$DOCKER" version -f '{{.Server.Version}}'))"
fi

# ------------------------------------------------------------------------------------ 3. test CA
tls="$CACHE/tls"
if [ -s "$tls/ca.crt" ] && [ -s "$tls/server.crt" ] && [ -s "$tls/server.key" ]; then
  log "test CA present ($tls)"
else
  log "creating a test CA and a server certificate for 127.0.0.1/localhost in $tls"
  rm -rf "$tls"; mkdir -p "$tls"; chmod 700 "$tls"
  (
    cd "$tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -sha256 \
      -subj "/CN=create-go-dockerfile e2e test CA" -keyout ca.key -out ca.crt \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
      -subj "/CN=127.0.0.1" -keyout server.key -out server.csr
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -sha256 \
      -extfile server.ext -out server.crt
    rm -f server.csr server.ext ca.srl
    chmod 600 ca.key server.key
  ) >"$CACHE/tls.log" 2>&1 || { cat "$CACHE/tls.log" >&2; die "openssl failed"; }
fi
CA_FP="$(openssl x509 -in "$tls/ca.crt" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | cut -c1-12 | tr 'A-F' 'a-f')"
# Images and tarballs carry recipe + CA: a new CA rebuilds the builder that trusts it.
STAMP="r$RECIPE-$CA_FP"

# --------------------------------------------------------------------------------- 4. base images
image_ok() { # image has our current recipe label
  [ "$("$DOCKER" image inspect -f '{{index .Config.Labels "org.cgd-e2e.recipe"}}' "$1" 2>/dev/null)" = "$STAMP" ]
}

wanted=(
  "golang:$GO_MINOR-$SUITE" "golang:$GO_MINOR"
  "gcr.io/distroless/static-debian12:nonroot" "gcr.io/distroless/static-debian12:latest"
  "gcr.io/distroless/base-debian12:nonroot" "gcr.io/distroless/base-debian12:latest"
  "debian:$SUITE-slim" "debian:$SUITE" "debian:12-slim" "debian:12"
)
missing=()
for img in "${wanted[@]}"; do image_ok "$img" || missing+=("$img"); done
if [ "${CGD_E2E_REBUILD:-}" != 1 ] && [ ${#missing[@]} -eq 0 ]; then
  log "base images present: ${wanted[*]}"
  log "done in $(( $(date +%s) - T0 )) s"
  exit 0
fi
log "base images to (re)create: ${missing[*]:-all (CGD_E2E_REBUILD=1)}"

tar_minbase="$CACHE/images/minbase-$SUITE-$STAMP.tar"
tar_builder="$CACHE/images/golang-$GO_MINOR-$SUITE-$STAMP.tar"
tar_runtime="$CACHE/images/distroless-static-$STAMP.tar"
tar_base="$CACHE/images/distroless-base-$STAMP.tar"
if [ "${CGD_E2E_REBUILD:-}" = 1 ]; then rm -f "$tar_minbase" "$tar_builder" "$tar_runtime" "$tar_base"; fi
# Tarballs of older recipes are dead weight.
find "$CACHE/images" -maxdepth 1 -name '*.tar' ! -name "*-$STAMP.tar" -print -delete | sed 's/^/    removed old /'

rebuilt=0
if [ ! -s "$tar_minbase" ] || [ ! -s "$tar_builder" ] || [ ! -s "$tar_runtime" ] || [ ! -s "$tar_base" ]; then
  mirror="${CGD_E2E_MIRROR:-}"
  if [ -z "$mirror" ]; then
    # Same mirror host as this machine's own apt sources (one-line and deb822 formats).
    mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
      | grep -v '^\s*#' | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n 1 | tr -d ' ' || true)"
    mirror="${mirror%/}"
    mirror="${mirror:-http://deb.debian.org/debian}"
  fi
  log "Debian mirror: $mirror"

  work="$CACHE/work"
  rootfs="$work/rootfs"
  cleanup_mounts() {
    for m in "$rootfs/proc" "$rootfs/dev/pts" "$rootfs/dev"; do
      mountpoint -q "$m" 2>/dev/null && umount -l "$m" || true
    done
  }
  trap cleanup_mounts EXIT
  cleanup_mounts
  rm -rf "$work" "$CACHE"/trash.*
  mkdir -p "$work"

  log "debootstrap --variant=minbase $SUITE (log: $CACHE/debootstrap.log)"
  debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -n 30 "$CACHE/debootstrap.log" >&2; die "debootstrap failed"; }
  cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror $SUITE main
deb $mirror $SUITE-updates main
EOF
  rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/var/cache/apt/archives/"*.deb
  log "tar minbase rootfs -> $tar_minbase"
  tar -C "$rootfs" --numeric-owner -cf "$tar_minbase.tmp" . && mv "$tar_minbase.tmp" "$tar_minbase"

  log "chroot: apt-get install golang-$GO_MINOR-go (from $SUITE-backports) git gcc ... (log: $CACHE/chroot-apt.log)"
  echo "deb $mirror $SUITE-backports main" >>"$rootfs/etc/apt/sources.list"
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  mount -t proc proc "$rootfs/proc"
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"; chmod +x "$rootfs/usr/sbin/policy-rc.d"
  # What golang:1.23-bookworm (buildpack-deps:bookworm-scm + gcc toolchain) offers to Dockerfiles:
  # git/ssh for private modules, gcc/libc6-dev so CGO is ON by default exactly as in the official image.
  chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -ec "apt-get update -q
            apt-get install -y -q --no-install-recommends golang-$GO_MINOR-go git ca-certificates tzdata \
              gcc libc6-dev make pkg-config openssh-client curl wget gnupg netbase procps xz-utils unzip
            apt-get clean
            rm -rf /var/lib/apt/lists/*" >"$CACHE/chroot-apt.log" 2>&1 \
    || { tail -n 30 "$CACHE/chroot-apt.log" >&2; die "chroot apt-get failed"; }
  # The runtime images get Debian's CA bundle as is; only the builder trusts the test CA.
  cp "$rootfs/etc/ssl/certs/ca-certificates.crt" "$work/debian-ca-certificates.crt"
  cp "$tls/ca.crt" "$rootfs/usr/local/share/ca-certificates/cgd-e2e-test-ca.crt"
  chroot "$rootfs" /usr/sbin/update-ca-certificates >>"$CACHE/chroot-apt.log" 2>&1 || die "update-ca-certificates failed"
  umount -l "$rootfs/proc"
  rm -f "$rootfs/usr/sbin/policy-rc.d"
  : >"$rootfs/etc/resolv.conf"
  # Official image layout: GOPATH=/go with world-writable src/bin, go at /usr/local/go.
  mkdir -p "$rootfs/go/src" "$rootfs/go/bin"
  chmod -R 1777 "$rootfs/go"
  ln -sfn "/usr/lib/go-$GO_MINOR" "$rootfs/usr/local/go"
  "$rootfs/usr/lib/go-$GO_MINOR/bin/go" version >"$work/go-version" 2>/dev/null \
    || chroot "$rootfs" "/usr/lib/go-$GO_MINOR/bin/go" version >"$work/go-version"
  log "builder: $(cat "$work/go-version")"
  log "tar builder rootfs -> $tar_builder"
  tar -C "$rootfs" --numeric-owner -cf "$tar_builder.tmp" . && mv "$tar_builder.tmp" "$tar_builder"
  cp "$work/go-version" "$CACHE/images/go-version"

  # Distroless static look-alike: no shell, no package manager; certs, tzdata, passwd/group.
  rt="$work/runtime"
  mkdir -p "$rt/etc/ssl/certs" "$rt/usr/share" "$rt/tmp" "$rt/home/nonroot" "$rt/root" "$rt/var/lib"
  cp "$work/debian-ca-certificates.crt" "$rt/etc/ssl/certs/ca-certificates.crt"
  cp -a "$rootfs/usr/share/zoneinfo" "$rt/usr/share/zoneinfo"
  cp "$rootfs/etc/os-release" "$rt/etc/os-release" 2>/dev/null || cp "$rootfs/usr/lib/os-release" "$rt/etc/os-release"
  cat >"$rt/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
  cat >"$rt/etc/group" <<'EOF'
root:x:0:
tty:x:5:
staff:x:50:
nobody:x:65534:
nonroot:x:65532:
EOF
  echo 'hosts: files dns' >"$rt/etc/nsswitch.conf"
  chmod 1777 "$rt/tmp"; chmod 700 "$rt/root" "$rt/home/nonroot"
  chown 65532:65532 "$rt/home/nonroot"
  log "tar runtime rootfs -> $tar_runtime"
  tar -C "$rt" --numeric-owner -cf "$tar_runtime.tmp" . && mv "$tar_runtime.tmp" "$tar_runtime"

  # Distroless base look-alike: the static tree plus glibc and libssl from the builder (merged /usr),
  # so cgo binaries linked in the bookworm builder run on it.
  bt="$work/runtime-base"
  cp -a "$rt" "$bt"
  mkdir -p "$bt/usr/lib/x86_64-linux-gnu" "$bt/usr/lib64"
  ln -s usr/lib "$bt/lib"; ln -s usr/lib64 "$bt/lib64"
  for l in ld-linux-x86-64.so.2 libc.so.6 libm.so.6 libpthread.so.0 libdl.so.2 librt.so.1 libresolv.so.2 \
           libutil.so.1 libanl.so.1 libnss_dns.so.2 libnss_files.so.2 libgcc_s.so.1 libssl.so.3 libcrypto.so.3 libz.so.1; do
    cp -L "$rootfs/usr/lib/x86_64-linux-gnu/$l" "$bt/usr/lib/x86_64-linux-gnu/$l"
  done
  ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$bt/usr/lib64/ld-linux-x86-64.so.2"
  log "tar distroless-base rootfs -> $tar_base"
  tar -C "$bt" --numeric-owner -cf "$tar_base.tmp" . && mv "$tar_base.tmp" "$tar_base"
  # Deleting ~30k files can take a minute on a slow disk: do it in the background (no lock fd).
  trash="$CACHE/trash.$$"
  mv "$work" "$trash"
  setsid nohup rm -rf "$trash" >/dev/null 2>&1 </dev/null 9>&- &
  trap - EXIT
  rebuilt=1
else
  log "using cached rootfs tarballs in $CACHE/images"
fi

go_version="$(awk '{print $3}' "$CACHE/images/go-version" 2>/dev/null | sed 's/^go//')"
label=(--change "LABEL org.cgd-e2e.recipe=$STAMP")

import() { # tarball, first tag, extra tags..., then -- and --change args
  local tarball="$1"; shift
  local tags=(); while [ "$1" != -- ]; do tags+=("$1"); shift; done; shift
  # Keep images that are current: re-importing changes their id and so invalidates build caches.
  if [ "${CGD_E2E_REBUILD:-}" != 1 ] && [ "$rebuilt" != 1 ]; then
    local t need=0
    for t in "${tags[@]}"; do image_ok "$t" || need=1; done
    [ "$need" = 1 ] || { log "kept ${tags[*]}"; return 0; }
  fi
  local s; s=$(date +%s)
  local id; id="$("$DOCKER" import "${label[@]}" "$@" "$tarball" "${tags[0]}")"
  for t in "${tags[@]:1}"; do "$DOCKER" tag "$id" "$t"; done
  log "imported ${tags[*]} in $(( $(date +%s) - s )) s ($id)"
}

import "$tar_builder" "golang:$GO_MINOR-$SUITE" "golang:$GO_MINOR" -- \
  --change "ENV GOLANG_VERSION=${go_version:-$GO_MINOR}" \
  --change "ENV GOTOOLCHAIN=local" \
  --change "ENV GOPATH=/go" \
  --change "ENV PATH=/go/bin:/usr/lib/go-$GO_MINOR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "WORKDIR /go" \
  --change 'CMD ["bash"]'
import "$tar_runtime" "gcr.io/distroless/static-debian12:nonroot" -- \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt" \
  --change "USER 65532" \
  --change "WORKDIR /home/nonroot"
import "$tar_runtime" "gcr.io/distroless/static-debian12:latest" -- \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"
for tag in nonroot latest; do
  user=(); [ "$tag" = nonroot ] && user=(--change "USER 65532" --change "WORKDIR /home/nonroot")
  import "$tar_base" "gcr.io/distroless/base-debian12:$tag" -- \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt" "${user[@]}"
done
import "$tar_minbase" "debian:$SUITE-slim" "debian:$SUITE" "debian:12-slim" "debian:12" -- \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change 'CMD ["bash"]'

# Replaced images of an older recipe are left dangling: remove them (ours only, by label).
"$DOCKER" image prune -f --filter label=org.cgd-e2e.recipe >/dev/null
"$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | sed 's/^/    /'
log "done in $(( $(date +%s) - T0 )) s"
