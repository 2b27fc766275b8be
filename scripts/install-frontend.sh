#!/usr/bin/env bash
# Install the front-end assets from npm (pinned in package-lock.json) and copy the built files
# into the package, so `darmstadt-kg serve`, the explorer and the static site serve them
# themselves — the browser never needs a CDN. Idempotent.
#   @zazuko/yasgui   the SPARQL editor                     -> vendor/yasgui.min.{js,css}
#   oxigraph         Oxigraph's WebAssembly build          -> vendor/oxigraph/web{.js,_bg.wasm}
#   world-atlas      Natural Earth country outlines (PD)   -> vendor/world-atlas/countries-110m.json
#   topojson-client  TopoJSON -> GeoJSON in the browser    -> vendor/topojson-client.min.js
#   axe-core         accessibility checks (tests only; read from node_modules/)
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/darmstadt_kg/serve/static/vendor
wanted=(
  "$dest/yasgui.min.js" "$dest/yasgui.min.css"
  "$dest/oxigraph/web.js" "$dest/oxigraph/web_bg.wasm"
  "$dest/world-atlas/countries-110m.json" "$dest/topojson-client.min.js"
  node_modules/axe-core/axe.min.js
)
missing=0
for f in "${wanted[@]}"; do [ -f "$f" ] || missing=1; done
[ "$missing" = 0 ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "install-frontend: npm not found — install Node.js and npm (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
for pkg in @zazuko/yasgui oxigraph world-atlas topojson-client axe-core; do
  if [ ! -f "node_modules/$pkg/package.json" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    break
  fi
done
mkdir -p "$dest/oxigraph" "$dest/world-atlas"
cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css "$dest/"
cp node_modules/@zazuko/yasgui/LICENSE "$dest/LICENSE-yasgui" 2>/dev/null || true
cp node_modules/oxigraph/web.js node_modules/oxigraph/web_bg.wasm "$dest/oxigraph/"
cp node_modules/world-atlas/countries-110m.json node_modules/world-atlas/LICENSE "$dest/world-atlas/"
cp node_modules/topojson-client/dist/topojson-client.min.js "$dest/"
version() { node -p "require('./node_modules/$1/package.json').version"; }
echo "install-frontend: YASGUI $(version @zazuko/yasgui), oxigraph $(version oxigraph)," \
  "world-atlas $(version world-atlas), topojson-client $(version topojson-client) copied to $dest"
