#!/usr/bin/env bash
# Runs every Google Benchmark binary in the given folder and prints the results;
# machine-readable JSON goes to build/bench-results/<name>.json.
#   scripts/run-benchmarks.sh build/release/bench [extra benchmark flags]
set -euo pipefail
dir=${1:-build/release/bench}
shift || true
out=build/bench-results
mkdir -p "$out"
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
for bench in "$dir"/*Benchmark; do
  [ -x "$bench" ] || continue
  name=$(basename "$bench")
  echo "== $name"
  "$bench" --benchmark_out="$out/$name.json" --benchmark_out_format=json "$@"
done
