#!/usr/bin/env bash
# Stops the dockerd started by setup.sh (only that one: matched by its pid file and socket).
# Cached images and rootfs tarballs stay in $CGD_E2E_CACHE; `--purge` also deletes them.
# Refuses while an e2e test run holds the suite lock, unless --force.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$here/env.sh"
CACHE="$CGD_E2E_CACHE"
SOCK="${DOCKER_HOST#unix://}"
pidfile="$CACHE/dockerd.pid"
lock="$CACHE/e2e-suite.lock/pid"
if [ -f "$lock" ] && kill -0 "$(cat "$lock")" 2>/dev/null && [ "${1:-}" != --force ] && [ "${2:-}" != --force ]; then
  echo "[e2e-teardown] an e2e test run (pid $(cat "$lock")) is using the engine; not stopping it (--force to insist)" >&2
  exit 1
fi
if [ -f "$pidfile" ]; then
  pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "dockerd.*$SOCK"; then
    echo "[e2e-teardown] stopping dockerd pid $pid"
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { echo "[e2e-teardown] dockerd $pid still running; sending SIGKILL"; kill -9 "$pid"; }
  else
    echo "[e2e-teardown] pid file $pidfile does not name a running e2e dockerd"
  fi
  rm -f "$pidfile"
else
  echo "[e2e-teardown] no dockerd pid file at $pidfile"
fi
if [ "${1:-}" = --purge ]; then
  for m in $(awk -v p="$CACHE/" 'index($2, p) == 1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" || true; done
  echo "[e2e-teardown] removing $CACHE"
  rm -rf "$CACHE"
fi
