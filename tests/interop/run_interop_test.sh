#!/usr/bin/env bash
# One interop case between Sabot and apache-arrow (JS), run by CTest:
#
#   run_interop_test.sh CASE NODE CANONICAL_TOOL WRITE_TOOL INTEROP_DIR WORK_DIR
#
# CASE is one of
#   js_to_sabot              JS writes all_types.arrow/.arrows; Sabot's dump
#                            must equal all_types.expected.json
#   sabot_to_js              Sabot writes every type (plain, lz4, zstd; file
#                            and stream), dictionaries and a batch-less file;
#                            JS's dump and Sabot's dump must both equal the
#                            dump Sabot made of the batches before writing
#   js_dictionaries_to_sabot JS writes delta and replacement dictionaries;
#                            Sabot's dump must equal JS's expected dump and
#                            Sabot must have applied every dictionary batch
#   sabot_parquet_wasm       Sabot writes every type; parquet-wasm reads it,
#                            writes Parquet, reads that back and writes an IPC
#                            stream; Sabot reads it: same columns and values
# Exits 77 (CTest: skipped) if tests/interop/node_modules is missing.
set -euo pipefail

case_name=$1 node=$2 canonical=$3 writer=$4 interop=$5 work=$6

if [[ ! -d "$interop/node_modules/apache-arrow" ]]; then
  echo "SKIPPED: $interop/node_modules is missing; run 'make deps' (npm ci in tests/interop)"
  exit 77
fi
if [[ -z "$node" || "$node" == *NOTFOUND* || ! -x "$node" ]]; then
  echo "FAILED: node was not found when CMake ran (NODE_EXECUTABLE='$node'); install Node.js 20+"
  exit 1
fi

rm -rf "$work"
mkdir -p "$work"
failures=0

# expect_same LABEL ACTUAL_FILE EXPECTED_FILE
expect_same() {
  if cmp -s "$2" "$3"; then
    echo "ok: $1"
  else
    echo "MISMATCH: $1"
    echo "  actual:   $2 ($(wc -c < "$2") bytes)"
    echo "  expected: $3 ($(wc -c < "$3") bytes)"
    # One value per line makes the difference readable.
    diff <(tr ',' '\n' < "$3") <(tr ',' '\n' < "$2") | head -20 || true
    failures=$((failures + 1))
  fi
}

# sabot_dump FILE EXPECTED
sabot_dump() {
  local out="$work/$(basename "$1").sabot.json"
  if "$canonical" "$1" > "$out"; then expect_same "Sabot reads $(basename "$1")" "$out" "$2"
  else echo "FAILED: Sabot could not read $1"; failures=$((failures + 1)); fi
}

# js_dump FILE EXPECTED
js_dump() {
  local out="$work/$(basename "$1").js.json"
  if "$node" "$interop/read_arrow.mjs" "$1" > "$out"; then expect_same "JS reads $(basename "$1")" "$out" "$2"
  else echo "FAILED: apache-arrow could not read $1"; failures=$((failures + 1)); fi
}

# dictionary_batches FILE COUNT
dictionary_batches() {
  local count
  count=$("$canonical" --dictionary-batches "$1")
  if [[ "$count" == "$2" ]]; then echo "ok: $(basename "$1") has $2 dictionary batches"
  else echo "MISMATCH: $(basename "$1") has $count dictionary batches, expected $2"; failures=$((failures + 1)); fi
}

case "$case_name" in
  js_to_sabot)
    "$node" "$interop/write_arrow.mjs" "$work"
    sabot_dump "$work/all_types.arrow" "$work/all_types.expected.json"
    sabot_dump "$work/all_types.arrows" "$work/all_types.expected.json"
    ;;
  sabot_to_js)
    "$writer" "$work"
    for base in sabot_all_types sabot_all_types_lz4 sabot_all_types_zstd; do
      for extension in arrow arrows; do
        js_dump "$work/$base.$extension" "$work/sabot_all_types.expected.json"
        sabot_dump "$work/$base.$extension" "$work/sabot_all_types.expected.json"
      done
    done
    js_dump "$work/sabot_dictionaries.arrow" "$work/sabot_dictionaries_file.expected.json"
    sabot_dump "$work/sabot_dictionaries.arrow" "$work/sabot_dictionaries_file.expected.json"
    js_dump "$work/sabot_dictionaries.arrows" "$work/sabot_dictionaries_stream.expected.json"
    sabot_dump "$work/sabot_dictionaries.arrows" "$work/sabot_dictionaries_stream.expected.json"
    # Initial + 2 deltas; initial + delta + replacement + delta.
    dictionary_batches "$work/sabot_dictionaries.arrow" 3
    dictionary_batches "$work/sabot_dictionaries.arrows" 4
    for extension in arrow arrows; do
      js_dump "$work/sabot_no_batches.$extension" "$work/sabot_no_batches.expected.json"
      sabot_dump "$work/sabot_no_batches.$extension" "$work/sabot_no_batches.expected.json"
    done
    ;;
  js_dictionaries_to_sabot)
    "$node" "$interop/write_arrow_dictionaries.mjs" "$work"
    sabot_dump "$work/dict_delta.arrow" "$work/dict_delta.expected.json"
    sabot_dump "$work/dict_replace.arrows" "$work/dict_replace.expected.json"
    # colour: initial + 2 deltas, size: initial + delta.
    dictionary_batches "$work/dict_delta.arrow" 5
    # colour: initial, delta, replacement, delta; size: initial, replacement, delta.
    dictionary_batches "$work/dict_replace.arrows" 7
    ;;
  sabot_parquet_wasm)
    # parquet-wasm (Rust arrow + parquet) decodes Sabot's stream itself, goes
    # through Parquet, and writes an IPC stream of its own for Sabot to read.
    # (Its build has no LZ4/ZSTD IPC support, so only the plain stream.)
    "$writer" "$work" > /dev/null
    "$node" "$interop/parquet_roundtrip.mjs" "$work/sabot_all_types.arrows" "$work/parquet_back.arrows" \
      "$work/sabot_all_types.parquet"
    "$canonical" "$work/sabot_all_types.arrows" > "$work/before.json"
    if "$canonical" "$work/parquet_back.arrows" > "$work/after.json"; then
      if "$node" "$interop/compare_columns.mjs" "$work/before.json" "$work/after.json"; then
        echo "ok: every column survives Sabot -> parquet-wasm -> Parquet -> parquet-wasm -> Sabot"
      else
        failures=$((failures + 1))
      fi
    else
      echo "FAILED: Sabot could not read the stream parquet-wasm wrote"; failures=$((failures + 1))
    fi
    ;;
  *)
    echo "unknown case $case_name"
    exit 2
    ;;
esac

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
