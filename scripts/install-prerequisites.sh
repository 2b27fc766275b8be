#!/usr/bin/env bash
# What `make run` and `make test` need before they can create .venv and fetch the front-end
# assets, installed from Debian with apt-get only when missing: python3-venv (Debian's python3
# has no ensurepip without it) and nodejs + npm (scripts/install-frontend.sh uses npm).
# Idempotent; needs root or sudo only when something is missing.
set -euo pipefail
PYTHON="${PYTHON:-python3}"
need=()
"$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-prerequisites: missing ${need[*]} — install them with your system's package manager" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-prerequisites: installing Debian packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
