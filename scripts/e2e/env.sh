# shellcheck shell=bash
# Source this file (". scripts/e2e/env.sh") to talk to the e2e Docker engine started by setup.sh.
#
# The engine is Debian's docker.io (20.10, BuildKit built in) running as its own dockerd with a
# private socket, data-root and exec-root under $CGD_E2E_CACHE, so it never touches any other
# Docker installation on the machine. Always use the Debian client ($CGD_E2E_DOCKER, i.e.
# /usr/bin/docker): a newer client at /usr/local/bin/docker has no buildx and refuses BuildKit.
#
# test/e2e/harness.ts computes the same defaults itself, so sourcing this is optional for `npm test`.

export CGD_E2E_CACHE="${CGD_E2E_CACHE:-/var/cache/cgd-e2e}"
export CGD_E2E_DOCKER="${CGD_E2E_DOCKER:-/usr/bin/docker}"
export DOCKER_HOST="${CGD_E2E_DOCKER_HOST:-unix://$CGD_E2E_CACHE/docker.sock}"
export DOCKER_BUILDKIT=1
# An empty client config: no credential helpers, contexts or proxies from ~/.docker leak in.
export DOCKER_CONFIG="$CGD_E2E_CACHE/docker-config"
