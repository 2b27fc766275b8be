#!/usr/bin/env bash
# Install the Debian packages the test-suite drives for real: Chromium (browser tests).
# Idempotent: installs only what is missing. Needs root (or sudo) and Debian's apt.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/sbin/apache2 ] || need+=(apache2)  # the .htaccess test (tests/test_publish_apache.py)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing Debian packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The apache2 package may start its system service on port 80; the tests run their own.
$SUDO service apache2 stop >/dev/null 2>&1 || true
