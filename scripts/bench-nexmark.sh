#!/usr/bin/env bash
# make bench-nexmark: every Nexmark query Sabot runs, at the standard
# generator settings scaled to this machine, with the standard benchmark's
# settings: parallelism = cores, RocksDB state, exactly-once checkpoints every
# 10 s, results to a discarding sink. Appends a dated section with a table
# (events/s, per core, peak memory, next to Flink's per-core figures) and the
# raw JSON lines to the end of bench/RESULTS.md, and prints it.
#
#   scripts/bench-nexmark.sh                 build release, run everything
#   SCALE=0.1 scripts/bench-nexmark.sh       a tenth of the events (a quick run)
#   environment: SABOT (binary; default build/release/bin/sabot, built first
#   unless NO_BUILD=1), SCALE (events multiplier, default 1), QUERIES ("q0 q5"
#   instead of all), RESULTS (default bench/RESULTS.md), PARALLELISM
#   (default nproc), CHECKPOINT_INTERVAL_MS (default 10000).
set -euo pipefail
cd "$(dirname "$0")/.."

sabot=${SABOT:-build/release/bin/sabot}
scale=${SCALE:-1}
results=${RESULTS:-bench/RESULTS.md}
cores=$(nproc)
parallelism=${PARALLELISM:-$cores}
interval=${CHECKPOINT_INTERVAL_MS:-10000}

if [ "${NO_BUILD:-0}" != 1 ] && [ -z "${SABOT:-}" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target sabot -j "${JOBS:-$cores}"
fi
[ -x "$sabot" ] || { echo "bench-nexmark: no sabot binary at $sabot" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench-nexmark: needs python3 to read the JSON lines" >&2; exit 2; }

# Flink's published per-core figures (nexmark README, RocksDB, exactly-once).
declare -A flink=([q0]=155000 [q1]=158000 [q2]=175000 [q3]=152000 [q4]=34000 [q5]=22000 [q7]=12300 [q8]=146000
                  [q9]=14000 [q10]=58000 [q11]=40000 [q12]=76000 [q13]=131000 [q14]=161000 [q15]=72000
                  [q16]=19000 [q17]=117000 [q18]=54000 [q19]=44000 [q20]=19000 [q21]=98000 [q22]=130000)
# Stateless queries read 10M events, and so do q8 (a window join of the
# persons and auctions, 8% of the events, whose state is one window's), q3
# (a regular join of those two, filtered first) and q12 (processing-time
# windows). The windowed ones, whose state and output grow with the event
# time covered, read 2M (200 s of event time at the standard 10,000
# events/s: 100 sliding q5 windows, 20 tumbling q7 windows), and so do q18
# and q19, whose keyed state (a row per bidder and auction, ten per auction)
# grows with the input and is emitted at its end, and the regular joins of
# auctions and bids (q4, q6, q9, q20), which keep every bid in memory.
windowed=" q4 q5 q6 q7 q9 q11 q15 q16 q17 q18 q19 q20 "
events_of() {
  local base=10000000
  [[ "$windowed" == *" $1 "* ]] && base=2000000
  python3 -c "print(max(1000, int($base * $scale)))"
}

# The queries the binary runs, from its own list.
queries=${QUERIES:-$("$sabot" nexmark --help | awk '$1 ~ /^q[0-9]+$/ && $NF == "runs" {print $1}' | tr '\n' ' ')}

work=$(mktemp -d "${TMPDIR:-/tmp}/sabot-bench-nexmark.XXXXXX")
trap 'rm -rf "$work"' EXIT
lines="$work/lines.jsonl"
: >"$lines"

echo "bench-nexmark: $cores cores, parallelism $parallelism, scale $scale, queries: $queries" >&2
# The generator alone: nexmark-gen writing the three tables as Arrow IPC
# streams (so this includes serialising and writing them; on tmpfs when
# /dev/shm exists).
gen_events=$(events_of q0)
gen_dir=$( [ -d /dev/shm ] && mktemp -d /dev/shm/sabot-gen.XXXXXX || mktemp -d "$work/gen.XXXXXX")
gen_line=$("$sabot" nexmark-gen --events "$gen_events" --output "$gen_dir/tables" --format arrows)
rm -rf "$gen_dir"
gen_seconds=$(sed -E 's/.* in ([0-9.]+) s:.*/\1/' <<<"$gen_line")
echo "  generator: $gen_line" >&2

for query in $queries; do
  events=$(events_of "$query")
  echo "  $query: $events events" >&2
  "$sabot" nexmark --query "$query" --events "$events" --parallelism "$parallelism" --state-backend rocksdb \
    --state-dir "$work/state" --checkpoint-dir "$work/checkpoints-$query" --checkpoint-interval "$interval" \
    >"$work/$query.out" 2>"$work/$query.err" || { echo "bench-nexmark: $query failed:" >&2; cat "$work/$query.err" >&2; exit 1; }
  tail -n 1 "$work/$query.out" >>"$lines"
done

section="$work/section.md"
{
  echo
  echo "## $(date -u +%Y-%m-%d) — Nexmark benchmark (make bench-nexmark)"
  echo
  echo "Machine: \`nproc\` $cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(uname -sr)."
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the cores)."
  echo "Settings: parallelism $parallelism, RocksDB state backend, exactly-once checkpoints every $interval ms,"
  echo "discarding sink, standard generator (seed 0); events scaled by $scale."
  echo
  echo "    SCALE=$scale scripts/bench-nexmark.sh        # make bench-nexmark"
  echo
  python3 - "$lines" "$gen_events" "$gen_seconds" "$(declare -p flink)" <<'PY'
import json, re, sys
lines, gen_events, gen_seconds, flink_decl = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
flink = {k: int(v) for k, v in re.findall(r'\[(q\d+)\]="?(\d+)"?', flink_decl)}
def rate(x):
    return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.1f} K"
print("| query | events | events/s | events/s per core | CPU s | peak RSS | checkpoints | Flink events/s per core | per core vs Flink |")
print("|---|---|---|---|---|---|---|---|---|")
gen_rate = gen_events / max(gen_seconds, 1e-9)
print(f"| generator alone (nexmark-gen, 3 tables to Arrow IPC, 1 thread) | {gen_events:,} | {rate(gen_rate)} | {rate(gen_rate)} | – | – | – | – | – |")
raw = []
for line in open(lines):
    line = line.strip()
    if not line:
        continue
    raw.append(line)
    r = json.loads(line)
    f = flink.get(r["query"])
    ratio = f"{r['events_per_second_per_core'] / f:.1f}x" if f else "–"
    print(f"| {r['query']} | {r['events']:,} | {rate(r['events_per_second'])} | {rate(r['events_per_second_per_core'])} "
          f"| {r['cpu_seconds']:.2f} | {r['peak_rss_bytes'] / 1e6:.0f} MB | {r['checkpoints']} "
          f"| {rate(f) if f else '–'} | {ratio} |")
print()
print("Per core is events/s divided by `cores` (the parallelism, at most the machine's cores). The JSON lines:")
print()
for line in raw:
    print("    " + line)
PY
} >"$section"

cat "$section"
cat "$section" >>"$results"
echo "bench-nexmark: appended to $results" >&2
