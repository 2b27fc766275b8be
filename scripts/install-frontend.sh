#!/usr/bin/env bash
# Install the SPARQL editor's front-end assets from npm (@zazuko/yasgui, pinned in
# package-lock.json) and copy the built files into the package, so `darmstadt-kg serve`
# serves them itself — the browser never needs a CDN. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/darmstadt_kg/serve/static/vendor
if [ -f "$dest/yasgui.min.js" ] && [ -f "$dest/yasgui.min.css" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-frontend: npm not found — install Node.js and npm (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
if [ ! -f node_modules/@zazuko/yasgui/build/yasgui.min.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p "$dest"
cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css "$dest/"
cp node_modules/@zazuko/yasgui/LICENSE "$dest/LICENSE-yasgui" 2>/dev/null || true
echo "install-frontend: YASGUI $(node -p "require('./node_modules/@zazuko/yasgui/package.json').version") copied to $dest"
