#!/usr/bin/env bash
# The one place that installs the Debian packages the test suite and the benchmarks drive for real
# (run by `make test`; no test ever runs apt-get):
#   chromium              the browser tests (Playwright drives Debian's Chromium)
#   virtuoso-opensource   the triple store the graph is pushed into (via scripts/virtuoso.sh install)
#   nginx-light           serves the static site with content negotiation (via scripts/nginx.sh install)
#   apache2               serves the static site with its .htaccess rules
#   wrk                   HTTP load generator of the benchmarks
#   libcap2-bin           capsh: a test runs `run --port 80` without root's right to bind it
#   libatomic1            needed by the Node.js binary inside Playwright's Python package
#                         (without it Playwright's driver dies at once: "Connection closed")
#   curl                  the README's examples use it, and a test runs every README command
#   libjemalloc2          the allocator serve starts itself on, and make bench runs Oxigraph's
#                         engines on (src/darmstadt_kg/allocator.py: glibc's malloc makes
#                         small queries over a large store slow)
# Idempotent: installs only what is missing. Needs root (or sudo) and Debian's apt.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
need=()
have chromium || need+=(chromium)
have apache2 || need+=(apache2)
have wrk || need+=(wrk)
have capsh || need+=(libcap2-bin)  # the tests run a command without root's right to bind low ports
have curl || need+=(curl)
dpkg -s libatomic1 >/dev/null 2>&1 || need+=(libatomic1)
dpkg -s libjemalloc2 >/dev/null 2>&1 || need+=(libjemalloc2)
if [ ${#need[@]} -gt 0 ]; then
  echo "install-system-deps: installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # apache2 may start its system service on port 80; the tests run their own instance
  if command -v service >/dev/null 2>&1 && [[ " ${need[*]} " == *" apache2 "* ]]; then
    $SUDO service apache2 stop >/dev/null 2>&1 || true
  fi
fi
bash scripts/virtuoso.sh install
bash scripts/nginx.sh install
