#!/usr/bin/env bash
# Copy Bootstrap's compiled dist files from node_modules/ into static/vendor/bootstrap/,
# so the app serves them itself (no npm at runtime, no CDN). Run through `make vendor`
# after changing the Bootstrap version in package.json (npm ci installs node_modules/).
set -euo pipefail

cd "$(dirname "$0")/.."

src=node_modules/bootstrap/dist
dest=static/vendor/bootstrap

if [ ! -f "$src/css/bootstrap.min.css" ]; then
    echo "vendor_assets: $src is missing; run 'npm ci' first" >&2
    exit 1
fi

version=$(node -p "require('./node_modules/bootstrap/package.json').version")

mkdir -p "$dest"
# The .map files are copied too: the minified files end in a sourceMappingURL comment, and
# Django's ManifestStaticFilesStorage (collectstatic) fails when the referenced map is absent.
for f in css/bootstrap.min.css css/bootstrap.min.css.map \
         js/bootstrap.bundle.min.js js/bootstrap.bundle.min.js.map; do
    cp "$src/$f" "$dest/$(basename "$f")"
done

cat > "$dest/README.md" <<README
Bootstrap $version (compiled dist files, MIT licence), copied from the npm package
\`bootstrap@$version\` by \`make vendor\` (scripts/vendor_assets.sh). Do not edit by hand:
bump the version in package.json, run \`npm install\`, then \`make vendor\` to refresh.
README

echo "vendor_assets: Bootstrap $version -> $dest"
