#!/usr/bin/env bash
# Debian's nginx, for serving the static site (darmstadt-kg publish site) with content negotiation.
#
#   scripts/nginx.sh install     install nginx-light with apt-get if nginx is missing
#
# The site's nginx/darmstadt-kg.conf holds the server block; the tests run an unprivileged
# nginx on 127.0.0.1 with a config from darmstadt_kg.publish.nginx.nginx_test_config.
set -euo pipefail

install() {
  if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "nginx.sh: installing Debian's nginx-light" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    nginx-light >/dev/null
  # The package may start the system service on port 80; this project does not use it.
  if command -v service >/dev/null 2>&1; then
    $sudo service nginx stop >/dev/null 2>&1 || true
  fi
  [ -x /usr/sbin/nginx ] || { echo "nginx.sh: nginx not found after installing" >&2; exit 1; }
}

case "${1:-}" in
  install) install ;;
  *) echo "usage: nginx.sh install" >&2; exit 1 ;;
esac
