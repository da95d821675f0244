#!/usr/bin/env bash
# Exactly-once under SIGKILL (Flink's fault-tolerance test, on the sabot
# binary): a checkpointed run-file job is killed at random points and
# restarted from its latest checkpoint until it finishes; its part files must
# hold exactly the rows of an uninterrupted run, no row lost, none twice.
#   exactly_once_kill.sh SABOT_BINARY WORK_DIR
set -u
sabot=$1
work=$2
rm -rf "$work" && mkdir -p "$work/in" && cd "$work"

# 8 input files of unique increasing numbers.
for f in 0 1 2 3 4 5 6 7; do
  { echo "id,value"; seq $((f * 40000)) $((f * 40000 + 39999)) | awk '{print $1 "," ($1 * 7) % 1000}'; } >in/part-$f.csv
done

job=(run-file --input in --where "value >= 300" --select "id, value * 2 AS doubled" --to csv --parallelism 2
     --batch-size 200)

"$sabot" "${job[@]}" --output reference/ >reference.log 2>&1 || { echo "FAIL: reference run"; cat reference.log; exit 1; }
tail -q -n +2 reference/part-*.csv | sort >reference.sorted
expected=$(wc -l <reference.sorted)

kills=0
finished=0
RANDOM=7
for attempt in $(seq 1 40); do
  # Resume once a checkpoint has completed; until then start over, replacing
  # what the killed run left (--force).
  restore=(--force)
  ls checkpoints/chk-*/_metadata >/dev/null 2>&1 && restore=(--restore-from latest)
  "$sabot" "${job[@]}" --output out/ --checkpoint-dir checkpoints --checkpoint-interval 20 "${restore[@]}" \
    >run.log 2>&1 &
  pid=$!
  # Kill somewhere in the first 0.05-0.4 s: before the first checkpoint,
  # between checkpoints, or while one is being written.
  sleep "0.$((RANDOM % 35 + 5))"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null
    kills=$((kills + 1))
    continue
  fi
  wait "$pid"
  code=$?
  if [ "$code" -ne 0 ]; then echo "FAIL: attempt $attempt exited $code"; cat run.log; exit 1; fi
  finished=1
  break
done
if [ "$finished" -ne 1 ]; then
  # Let the last restore run to the end.
  "$sabot" "${job[@]}" --output out/ --checkpoint-dir checkpoints --checkpoint-interval 20 --restore-from latest \
    >run.log 2>&1 || { echo "FAIL: final run"; cat run.log; exit 1; }
fi

if ls out/.part-* >/dev/null 2>&1; then echo "FAIL: hidden in-progress or pending files left:"; ls -la out; exit 1; fi
tail -q -n +2 out/part-*.csv | sort >out.sorted
actual=$(wc -l <out.sorted)
duplicates=$(uniq -d out.sorted | wc -l)
if ! cmp -s reference.sorted out.sorted; then
  echo "FAIL: after $kills kills: $actual rows, expected $expected ($duplicates duplicated)"
  diff reference.sorted out.sorted | head -10
  exit 1
fi
echo "exactly once: $expected rows after $kills kills"
[ "$kills" -gt 0 ] || { echo "FAIL: the job was never killed; the test proved nothing"; exit 1; }
