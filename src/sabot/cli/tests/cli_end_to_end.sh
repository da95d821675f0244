#!/usr/bin/env bash
# End-to-end checks of the sabot binary as a user runs it: conversions between
# every pair of formats, exit codes, and the messages for bad input.
#   cli_end_to_end.sh SABOT_BINARY WORK_DIR
set -u
sabot=$1
work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work"

passed=0
failed=0
check() {  # check NAME EXPECTED_EXIT COMMAND... ; output in $work/out.txt
  local name=$1 expected=$2
  shift 2
  "$@" >out.txt 2>&1
  local code=$?
  if [ "$code" -eq "$expected" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name: exit $code, expected $expected"
    sed 's/^/    /' out.txt
  fi
}
expect_output() {  # expect_output NAME PATTERN: grep the last command's output
  if grep -qE -- "$2" out.txt; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $1: output lacks /$2/:"
    sed 's/^/    /' out.txt
  fi
}
same_file() {  # same_file NAME A B
  if cmp -s "$2" "$3"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $1: $2 and $3 differ"
    diff "$2" "$3" | head -20 | sed 's/^/    /'
  fi
}

# Written the way Sabot writes CSV (timestamps inferred as microseconds), so
# that every round trip must reproduce the file byte for byte.
cat >bids.csv <<'CSV'
auction,bidder,price,channel,ts
1001,7,120.5,web,2024-03-01T10:00:00
1002,8,99.25,"mobile, app",2024-03-01T10:00:01.500000
1001,9,,web,2024-03-01T10:00:02
CSV

# Help and version.
check "help" 0 "$sabot" --help
expect_output "help lists convert" "convert"
check "convert help" 0 "$sabot" convert --help
expect_output "convert help explains on-error" "dead-letter"
check "version" 0 "$sabot" version
expect_output "version" "^sabot [0-9]+\.[0-9]+"

# Round trips through every format come back to the same CSV.
for format in arrow arrows jsonl; do
  check "csv -> $format" 0 "$sabot" convert bids.csv "bids.$format"
  expect_output "csv -> $format summary" "3 rows"
  check "$format -> csv" 0 "$sabot" convert "bids.$format" "back-$format.csv"
  same_file "round trip via $format" bids.csv "back-$format.csv"
done
for codec in lz4 zstd; do
  check "compressed $codec" 0 "$sabot" convert --compression "$codec" bids.csv "bids-$codec.arrows"
  check "read $codec" 0 "$sabot" convert "bids-$codec.arrows" "back-$codec.csv"
  same_file "round trip via $codec" bids.csv "back-$codec.csv"
done
check "explicit formats" 0 "$sabot" convert --from csv --to arrows bids.csv bids.data
check "explicit formats back" 0 "$sabot" convert --from arrows --to csv bids.data back-data.csv
same_file "round trip with --from/--to" bids.csv back-data.csv

# Bad usage: exit 2 with a message naming the problem.
check "missing input" 2 "$sabot" convert nope.csv out.arrow
expect_output "missing input names the file" "nope.csv"
check "unknown extension" 2 "$sabot" convert bids.csv out.xyz
expect_output "unknown extension named" "\.xyz"
check "unknown option" 2 "$sabot" convert --bogus bids.csv out.arrow
check "no command" 2 "$sabot"
check "existing output" 2 "$sabot" convert bids.csv bids.arrow
expect_output "existing output needs --force" "force"
check "compression for csv" 2 "$sabot" convert --compression lz4 bids.arrow out.csv
check "dead-letter without path" 2 "$sabot" convert --on-error dead-letter bids.csv out2.arrow
check "bad schema" 2 "$sabot" convert --schema "auction: int65" bids.csv out3.arrow
expect_output "bad schema named" "int65"

# Bad data: exit 1, the line and column named, no output left behind.
cat >bad.csv <<'CSV'
auction,price
1,10.5
2,abc
3,7.25
CSV
check "bad row fails" 1 "$sabot" convert --schema "auction: int64, price: float64" bad.csv bad.arrow
expect_output "bad row located" "line 3.*price"
if [ -e bad.arrow ]; then failed=$((failed + 1)); echo "FAIL: failed conversion left bad.arrow"; else passed=$((passed + 1)); fi
check "bad row skipped" 0 "$sabot" convert --schema "auction: int64, price: float64" --on-error skip bad.csv skipped.csv
expect_output "skip counted" "1 bad rows skipped"
printf 'auction,price\n1,10.5\n3,7.25\n' >skipped-expected.csv
same_file "skip keeps the good rows" skipped-expected.csv skipped.csv
check "bad row dead-lettered" 0 "$sabot" convert --schema "auction: int64, price: float64" \
  --on-error dead-letter --dead-letter rejects.jsonl bad.csv lettered.csv
expect_output "dead-letter counted" "1 bad rows written to rejects.jsonl"
if grep -q '"line":3' rejects.jsonl && grep -q 'abc' rejects.jsonl; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL: dead-letter file lacks the bad row:"; cat rejects.jsonl; fi

# Corrupted Arrow input: exit 1 with a Corrupt data message.
head -c 200 bids.arrow >truncated.arrow
check "truncated arrow" 1 "$sabot" convert truncated.arrow out4.csv
expect_output "truncated arrow explained" "Corrupt data"
printf 'not an arrow file at all' >garbage.arrows
check "garbage arrows" 1 "$sabot" convert garbage.arrows out5.csv
expect_output "garbage explained" "Corrupt data"

# run-file: a streaming job over files, by flags or a YAML job file.
check "run-file help" 0 "$sabot" run-file --help
expect_output "run-file help explains the job file" "--job"
expect_output "run-file help explains exit codes" "Exit codes"
cat >rf.csv <<'CSV'
auction,price,channel
1,50,apple
2,150,google
3,300,apple
4,,baidu
CSV
check "run-file where/select" 0 "$sabot" run-file --input rf.csv --where "price > 100 AND channel IN ('apple', 'google')" \
  --select "auction, price * 2 AS doubled" --output rf-out.csv --parallelism 2
printf 'auction,doubled\n2,300\n3,600\n' >rf-expected.csv
same_file "run-file output" rf-expected.csv rf-out.csv
expect_output "run-file summary" "4 rows read from 1 file, 2 rows written to rf-out.csv"
check "run-file refuses to overwrite" 2 "$sabot" run-file -i rf.csv -o rf-out.csv
expect_output "run-file names --force" "pass --force"
check "run-file to stdout" 0 "$sabot" run-file -i rf.csv --where "price IS NULL" -o -
expect_output "run-file stdout rows" "^4,,baidu$"
check "run-file unknown column" 2 "$sabot" run-file -i rf.csv --where "prise > 1" -o rf2.csv
expect_output "run-file lists the columns" "no column named 'prise'.*auction, price, channel"
check "run-file syntax error" 2 "$sabot" run-file -i rf.csv --where "price >" -o rf2.csv
expect_output "run-file syntax error located" "column 8"
check "run-file missing input" 2 "$sabot" run-file -i nope.csv -o rf2.csv
expect_output "run-file missing input named" "nope.csv"
check "run-file needs input" 2 "$sabot" run-file -o rf2.csv
check "run-file bad parallelism" 2 "$sabot" run-file -i rf.csv -o rf2.csv -p 0
check "run-file division by zero" 1 "$sabot" run-file -i rf.csv --select "auction / (price - price) AS x" -o rf3.csv
expect_output "run-file runtime error names the operator" "operator \[[0-9]+\] select \([0-9]/[0-9]\).*division by zero"
if [ -e rf3.csv ]; then failed=$((failed + 1)); echo "FAIL: failed job left rf3.csv"; else passed=$((passed + 1)); fi
mkdir -p jobs
cat >jobs/job.yaml <<'YAML'
name: expensive bids
input: ../rf.csv
where: price >= 150
select: [auction, channel]
output: {path: ../rf-job.jsonl}
parallelism: 1
YAML
check "run-file job file" 0 "$sabot" run-file --job jobs/job.yaml
printf '{"auction":2,"channel":"google"}\n{"auction":3,"channel":"apple"}\n' >rf-job-expected.jsonl
same_file "run-file job output" rf-job-expected.jsonl rf-job.jsonl
printf 'input: rf.csv\noutput: [oops\n' >bad.yaml
check "run-file invalid yaml" 2 "$sabot" run-file --job bad.yaml
expect_output "run-file yaml error located" "bad.yaml:[0-9]+:[0-9]+"
check "run-file job excludes flags" 2 "$sabot" run-file --job jobs/job.yaml --input rf.csv
check "run-file explain" 0 "$sabot" run-file -i rf.csv --where "price > 1" -o parts/ --to csv --explain
expect_output "run-file explain lists operators" "filter\(greater\(price, 1\)\)"
if [ -e parts ]; then failed=$((failed + 1)); echo "FAIL: --explain created output"; else passed=$((passed + 1)); fi
check "run-file part files" 0 "$sabot" run-file -i rf.csv -o parts/ --to jsonl -p 2
if [ -f parts/part-00000.jsonl ] && [ "$(cat parts/*.jsonl | wc -l)" -eq 4 ]; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL: part files missing or incomplete:"; ls -la parts; fi
check "run-file unknown state backend" 2 "$sabot" run-file -i rf.csv -o - --state-backend disk
expect_output "run-file state backend choices" "unknown state backend 'disk': use memory or rocksdb"
check "run-file rocksdb state backend" 0 "$sabot" run-file -i rf.csv -o - --state-backend rocksdb --state-dir state-dir

# nexmark-gen and nexmark: the Nexmark tables, and queries over the same events.
check "nexmark-gen help" 0 "$sabot" nexmark-gen --help
expect_output "nexmark-gen help names the columns" "emailAddress"
check "nexmark-gen csv" 0 "$sabot" nexmark-gen --events 5000 --output nx-data --format csv
expect_output "nexmark-gen summary" "5,000 events .*100 persons, 300 auctions, 4,600 bids"
if [ "$(head -1 nx-data/bid.csv)" = "auction,bidder,price,channel,url,dateTime,extra" ] &&
   [ "$(wc -l <nx-data/bid.csv)" -eq 4601 ] && [ "$(wc -l <nx-data/person.csv)" -eq 101 ]; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: nexmark-gen tables:"; head -2 nx-data/*.csv; fi
check "nexmark-gen refuses to overwrite" 2 "$sabot" nexmark-gen --events 5000 --output nx-data
expect_output "nexmark-gen names --force" "exists; pass --force"
check "nexmark-gen parquet" 2 "$sabot" nexmark-gen --events 5000 --output nx-parquet --format parquet
expect_output "nexmark-gen parquet explained" "parquet is not supported yet"
if [ -e nx-parquet ]; then failed=$((failed + 1)); echo "FAIL: rejected nexmark-gen created nx-parquet"; else passed=$((passed + 1)); fi
check "nexmark-gen bad events" 2 "$sabot" nexmark-gen --events 0 --output nx-zero
check "nexmark help" 0 "$sabot" nexmark --help
expect_output "nexmark help lists the queries" "q13 +bounded side input join +needs a lookup join"
expect_output "nexmark help explains the JSON line" "events_per_second_per_core"
expect_output "nexmark help explains exit codes" "Exit codes"
check "nexmark unknown query" 2 "$sabot" nexmark --query q99 --events 1000
expect_output "nexmark unknown query named" "unknown Nexmark query 'q99'.*q0, q1, q2"
check "nexmark unsupported query" 2 "$sabot" nexmark --query q13 --events 1000
expect_output "nexmark unsupported query explained" "q13 \(bounded side input join\) needs a lookup join against a bounded side input, which sabot nexmark does not implement yet"
check "nexmark needs a query" 2 "$sabot" nexmark --events 1000
check "nexmark bad events" 2 "$sabot" nexmark --query q0 --events -5
check "nexmark bad format" 2 "$sabot" nexmark --query q0 --events 1000 --output nx.out --format xml
"$sabot" nexmark --query q2 --events 20000 -p 2 >nx-stdout.txt 2>nx-stderr.txt
code=$?
json='^\{"query":"q2","events":20000,"seconds":[0-9.]+,"events_per_second":[0-9]+,"events_per_second_per_core":[0-9]+,"cores":[12],"checkpoints":0,"peak_rss_bytes":[1-9][0-9]*,'
if [ "$code" -eq 0 ] && tail -n 1 nx-stdout.txt | grep -qE "$json"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL: nexmark q2: exit $code, last stdout line not the JSON summary:"; cat nx-stdout.txt nx-stderr.txt; fi
# The same events at any parallelism: q0 at 1 and 3 subtasks gives the same rows.
check "nexmark q0 p1" 0 "$sabot" nexmark --query q0 --events 5000 -p 1 --output nx-q0-p1.csv
check "nexmark q0 p3" 0 "$sabot" nexmark --query q0 --events 5000 -p 3 --output nx-q0-p3.csv
sort nx-q0-p1.csv >nx-q0-p1.sorted && sort nx-q0-p3.csv >nx-q0-p3.sorted
same_file "nexmark q0 does not depend on the parallelism" nx-q0-p1.sorted nx-q0-p3.sorted
if [ "$(wc -l <nx-q0-p1.csv)" -eq 4601 ]; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL: q0 over 5000 events should give 4600 bids"; fi
check "nexmark refuses to overwrite" 2 "$sabot" nexmark --query q0 --events 5000 --output nx-q0-p1.csv

# nexmark: output formats, checkpoints, state backends, restore, --rate.
check "nexmark jsonl output" 0 "$sabot" nexmark --query q2 --events 50000 -p 2 --output nx-q2.jsonl
if [ "$(wc -l <nx-q2.jsonl)" -gt 0 ] && head -1 nx-q2.jsonl | grep -qE '^\{"auction":[0-9]+,"price":[0-9]+\}$'; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: nexmark jsonl output:"; head -2 nx-q2.jsonl; fi
check "nexmark arrow output" 0 "$sabot" nexmark --query q2 --events 50000 -p 1 --output nx-q2.arrow
check "nexmark arrow back to csv" 0 "$sabot" convert nx-q2.arrow nx-q2-from-arrow.csv
check "nexmark csv output" 0 "$sabot" nexmark --query q2 --events 50000 -p 1 --output nx-q2.csv
same_file "nexmark arrow output holds the csv rows" nx-q2.csv nx-q2-from-arrow.csv
check "nexmark help lists the checkpoint flags" 0 "$sabot" nexmark --help
expect_output "nexmark help: --checkpoint-dir" "--checkpoint-dir"
expect_output "nexmark help: --restore-from" "--restore-from"
expect_output "nexmark help: --state-backend" "--state-backend"
expect_output "nexmark help: --rate" "--rate"
check "nexmark restore without checkpoints" 2 "$sabot" nexmark --query q2 --events 1000 --restore-from latest
expect_output "nexmark restore needs a checkpoint dir" "--restore-from needs --checkpoint-dir and --checkpoint-interval"
check "nexmark checkpoint dir without interval" 2 "$sabot" nexmark --query q2 --events 1000 --checkpoint-dir nx-ck0
expect_output "nexmark checkpoints need both flags" "checkpoints need both --checkpoint-dir and a positive --checkpoint-interval"
check "nexmark checkpoint interval without dir" 2 "$sabot" nexmark --query q2 --events 1000 --checkpoint-interval 100
check "nexmark checkpoints into a single file" 2 "$sabot" nexmark --query q2 --events 1000 --output nx-one.csv \
  --checkpoint-dir nx-ck0 --checkpoint-interval 100
expect_output "nexmark checkpoints need a directory" "give --output a directory, e.g. 'nx-one.csv/'"
check "nexmark directory without format" 2 "$sabot" nexmark --query q2 --events 1000 --output nx-dir/
expect_output "nexmark directory needs --format" "directory of part files: give their format with --format"
check "nexmark unknown state backend" 2 "$sabot" nexmark --query q5 --events 1000 --state-backend disk
expect_output "nexmark state backend choices" "unknown state backend 'disk': use memory or rocksdb"
check "nexmark negative rate" 2 "$sabot" nexmark --query q2 --events 1000 --rate -5
expect_output "nexmark rate explained" "--rate must be a positive number of events per second"
check "nexmark parquet output" 2 "$sabot" nexmark --query q2 --events 1000 --output nx.parquet --format parquet
expect_output "nexmark parquet explained" "parquet is not supported yet"
if [ -e nx-ck0 ] || [ -e nx-one.csv ] || [ -e nx-dir ]; then failed=$((failed + 1)); echo "FAIL: rejected runs left files"; else
  passed=$((passed + 1)); fi
# A checkpointed windowed run with RocksDB state, paced so that it takes
# checkpoints: the JSON line counts them, the part files hold exactly the
# rows of an unpaced run without checkpoints.
check "nexmark q5 reference" 0 "$sabot" nexmark --query q5 --events 100000 -p 2 --output nx-q5.csv
"$sabot" nexmark --query q5 --events 100000 -p 2 --output nx-q5-parts/ --format csv --checkpoint-dir nx-ck \
  --checkpoint-interval 50 --state-backend rocksdb --state-dir nx-state --rate 200000 >nx-ck-stdout.txt 2>nx-ck-stderr.txt
code=$?
json='"checkpoints":[1-9][0-9]*,.*"state_backend":"rocksdb","rate":200000,"restored_from":""\}$'
if [ "$code" -eq 0 ] && tail -n 1 nx-ck-stdout.txt | grep -qE "$json"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL: checkpointed q5: exit $code, JSON line without checkpoints:"; cat nx-ck-stdout.txt nx-ck-stderr.txt; fi
if grep -qE "[1-9][0-9]* checkpoints in nx-ck" nx-ck-stderr.txt; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL: the summary does not name the checkpoints:"; cat nx-ck-stderr.txt; fi
tail -q -n +2 nx-q5.csv | sort >nx-q5.sorted
tail -q -n +2 nx-q5-parts/part-*.csv | sort >nx-q5-parts.sorted
same_file "checkpointed q5 part files hold the reference rows" nx-q5.sorted nx-q5-parts.sorted
if [ -s nx-q5.sorted ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: q5 gave no rows"; fi
if ls nx-state/* >/dev/null 2>&1; then failed=$((failed + 1)); echo "FAIL: RocksDB state left behind:"; ls -la nx-state; else
  passed=$((passed + 1)); fi
check "nexmark fresh run over old checkpoints" 2 "$sabot" nexmark --query q5 --events 100000 -p 2 \
  --output nx-q5-parts/ --format csv --checkpoint-dir nx-ck --checkpoint-interval 50
expect_output "nexmark names the old checkpoints" "holds checkpoints of an earlier run .*--restore-from latest.*--force"
# Restoring the final checkpoint of a finished run writes nothing again.
"$sabot" nexmark --query q5 --events 100000 -p 2 --output nx-q5-parts/ --format csv --checkpoint-dir nx-ck \
  --checkpoint-interval 50 --state-backend rocksdb --restore-from latest >nx-rs-stdout.txt 2>nx-rs-stderr.txt
code=$?
if [ "$code" -eq 0 ] && tail -n 1 nx-rs-stdout.txt | grep -qE '"rows_out":0,.*"restored_from":"[^"]*chk-[0-9]+"'; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: restore of a finished run: exit $code:"
  cat nx-rs-stdout.txt nx-rs-stderr.txt; fi
tail -q -n +2 nx-q5-parts/part-*.csv | sort >nx-q5-restored.sorted
same_file "restoring a finished run duplicates nothing" nx-q5.sorted nx-q5-restored.sorted
check "nexmark restore from a missing checkpoint" 1 "$sabot" nexmark --query q5 --events 100000 -p 2 \
  --output nx-q5-parts/ --format csv --checkpoint-dir nx-ck --checkpoint-interval 50 --restore-from nx-ck/chk-999
expect_output "nexmark missing checkpoint named" "chk-999"
check "nexmark --force starts over" 0 "$sabot" nexmark --query q5 --events 100000 -p 2 --output nx-q5-parts/ \
  --format csv --checkpoint-dir nx-ck --checkpoint-interval 50 --force
tail -q -n +2 nx-q5-parts/part-*.csv | sort >nx-q5-forced.sorted
same_file "nexmark --force replaces the old part files" nx-q5.sorted nx-q5-forced.sorted
# --rate paces the source: 5,000 events at 10,000 events/s take at least
# half a second (a lower bound only; a slow machine just takes longer).
"$sabot" nexmark --query q0 --events 5000 --rate 10000 >nx-rate.txt 2>&1
if [ "$(tail -n 1 nx-rate.txt | sed -E 's/.*"seconds":([0-9.]+).*/\1/' | awk '{print ($1 >= 0.45)}')" = 1 ]; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: --rate 10000 did not pace 5000 events:"; cat nx-rate.txt; fi

# demo: q5 with its windows in RocksDB and checkpoints.
check "demo" 0 "$sabot" demo --events 200000 --dir nx-demo --checkpoint-interval 20
expect_output "demo shows the hottest auctions" "^  auction [0-9]+ +on top of +[0-9]+ windows"
expect_output "demo verifies its part files" "rows \(auction, num\) in [0-9]+ part files in nx-demo/q5, read back and verified"
expect_output "demo names its checkpoints" "checkpoints +[0-9]+ completed \(0 failed\) in nx-demo/checkpoints"
expect_output "demo lists the checkpoints on disk" "on disk now: chk-[0-9]+"
expect_output "demo state backend" "state +backend rocksdb: window panes and timers in RocksDB"
check "demo checkpoint inspectable" 0 "$sabot" checkpoint inspect nx-demo/checkpoints --id latest
check "demo runs again over its old output" 0 "$sabot" demo --events 200000 --dir nx-demo --checkpoint-interval 20
check "demo bad events" 2 "$sabot" demo --events 0
check "demo bad state backend" 2 "$sabot" demo --events 1000 --dir nx-demo2 --state-backend disk
expect_output "demo state backend choices" "unknown state backend 'disk'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
