#!/usr/bin/env bash
# `sabot checkpoint list|inspect|verify` on the checkpoints of a real
# run-file job: what they show, their exit codes, a corrupted byte caught by
# verify naming the file, and the errors for paths that are no checkpoints.
#   checkpoint_command.sh SABOT_BINARY WORK_DIR
set -u
sabot=$1
work=$2
rm -rf "$work" && mkdir -p "$work/in" && cd "$work"

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

for f in 0 1 2 3; do
  { echo "id,value"; seq $((f * 20000)) $((f * 20000 + 19999)) | awk '{print $1 "," ($1 * 7) % 1000}'; } >in/part-$f.csv
done

check "help" 0 "$sabot" --help
expect_output "help lists checkpoint" "checkpoint +List, inspect and verify"
check "checkpoint help" 0 "$sabot" checkpoint --help
expect_output "checkpoint help explains verify" "verify DIR\|DIR/chk-N"
check "no subcommand" 2 "$sabot" checkpoint

# A checkpointed job: small batches, checkpoints every 10 ms.
check "run-file with checkpoints" 0 "$sabot" run-file --input in --where "value >= 300" --select "id, value" \
  --to csv --parallelism 2 --batch-size 100 --output out/ --checkpoint-dir ckpt --checkpoint-interval 10
expect_output "run-file took checkpoints" "[0-9]+ checkpoints"
chk=$(ls -d ckpt/chk-* | head -1)
id=${chk##*chk-}

check "list" 0 "$sabot" checkpoint list ckpt
expect_output "list header" "^ID +STATUS +TRIGGERED +BYTES +FILES +PATH"
expect_output "list row" "^$id +complete +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ UTC +[0-9]+ +2 +ckpt/chk-$id"

check "inspect chk-N" 0 "$sabot" checkpoint inspect "$chk"
expect_output "inspect names the checkpoint" "^checkpoint $id "
expect_output "inspect shows the job" "job +run-file"
expect_output "inspect lists operators" "\[1\] 'where' +parallelism 2"
expect_output "inspect lists state files" "task-0-1.state +[0-9]+ bytes +xxh3 [0-9a-f]{16} +ok"
expect_output "inspect shows sections" "operator \[0\] 'read in' +[0-9]+ bytes"
check "inspect --id latest" 0 "$sabot" checkpoint inspect ckpt --id latest
expect_output "latest is the one on disk" "^checkpoint $id "
check "inspect --id N" 0 "$sabot" checkpoint inspect ckpt --id "$id"
check "inspect needs --id for a directory" 2 "$sabot" checkpoint inspect ckpt
expect_output "inspect asks for --id" "give --id N or --id latest"
check "inspect a missing id" 2 "$sabot" checkpoint inspect ckpt --id 999999
expect_output "inspect names the missing id" "there is no checkpoint 999999"
check "inspect a bad id" 2 "$sabot" checkpoint inspect ckpt --id seven
expect_output "inspect rejects the id" "--id must be a number or 'latest'"

# Compressed checkpoints: inspect and verify read them the same way.
check "run-file with zstd checkpoints" 0 "$sabot" run-file --input in --where "value >= 300" --select "id, value" \
  --to csv --parallelism 2 --batch-size 100 --output outz/ --checkpoint-dir ckptz --checkpoint-interval 10 \
  --checkpoint-compression zstd
check "inspect a compressed checkpoint" 0 "$sabot" checkpoint inspect ckptz --id latest
expect_output "compressed sections decode" "operator \[0\] 'read in' +[0-9]+ bytes"
check "verify compressed checkpoints" 0 "$sabot" checkpoint verify ckptz
check "bad checkpoint compression" 2 "$sabot" run-file --input in --to csv --output outb/ --checkpoint-dir ckptb \
  --checkpoint-interval 10 --checkpoint-compression brotli
expect_output "bad compression named" "--checkpoint-compression must be none, lz4 or zstd, got 'brotli'"

check "verify directory" 0 "$sabot" checkpoint verify ckpt
expect_output "verify ok" "chk-$id: ok \(2 state files"
check "verify one" 0 "$sabot" checkpoint verify "$chk"

# An incomplete checkpoint (no _metadata) is shown but is no damage.
mkdir -p ckpt/chk-0
check "list incomplete" 0 "$sabot" checkpoint list ckpt
expect_output "list shows incomplete" "^0 +incomplete"
check "verify ignores incomplete" 0 "$sabot" checkpoint verify ckpt
expect_output "verify says incomplete" "chk-0: incomplete"
rmdir ckpt/chk-0

# Corrupt one byte of a state file: verify must fail and name the file.
cp -r ckpt ckpt-good
state="$chk/task-0-1.state"
byte=$(od -An -tu1 -j 20 -N 1 "$state" | tr -d ' ')
printf "$(printf '\\%03o' $(((byte + 1) % 256)))" | dd of="$state" bs=1 seek=20 conv=notrunc 2>/dev/null
check "verify damaged" 1 "$sabot" checkpoint verify ckpt
expect_output "verify names the damaged file" "chk-$id/task-0-1.state: checksum mismatch"
expect_output "verify counts" "1 damaged checkpoint, 0 ok"
check "list damaged" 0 "$sabot" checkpoint list ckpt
expect_output "list shows damaged" "^$id +damaged"
check "inspect damaged" 1 "$sabot" checkpoint inspect "$chk"
expect_output "inspect flags the file" "task-0-1.state .* DAMAGED"

# A truncated state file and damaged metadata are caught too.
rm -rf ckpt && cp -r ckpt-good ckpt
truncate -s 5 "$chk/task-0-0.state"
check "verify truncated" 1 "$sabot" checkpoint verify "$chk"
expect_output "verify names the truncated file" "task-0-0.state: has 5 bytes, the metadata says [0-9]+ \(partial write\?\)"
rm -rf ckpt && cp -r ckpt-good ckpt
printf 'X' | dd of="$chk/_metadata" bs=1 seek=12 conv=notrunc 2>/dev/null
check "verify damaged metadata" 1 "$sabot" checkpoint verify ckpt
expect_output "verify names the metadata" "chk-$id/_metadata: checksum mismatch"

# Paths that are not checkpoints.
check "missing directory" 2 "$sabot" checkpoint list no-such-dir
expect_output "missing is named" "'no-such-dir' does not exist"
check "not a checkpoint directory" 2 "$sabot" checkpoint verify in
expect_output "not a checkpoint directory is named" "'in' is not a checkpoint directory"
check "a file" 2 "$sabot" checkpoint inspect in/part-0.csv
expect_output "a file is named" "'in/part-0.csv' is not a directory"
mkdir -p empty/chk-3
check "verify with nothing completed" 1 "$sabot" checkpoint verify empty
expect_output "nothing completed" "no completed checkpoint in 'empty'"

echo "checkpoint command: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
