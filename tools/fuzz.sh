#!/bin/sh
# fuzz.sh DIR SECONDS NAME...: run each libFuzzer harness DIR/fuzz_NAME
# for SECONDS on the seeds of tests/fuzz/ and a working corpus kept in
# build/fuzz/corpus/NAME (it grows from run to run).  A crash, leak or
# broken promise stops that harness; its input is saved as
# build/fuzz/crash-NAME-*; after the fix, copy it into
# tests/fuzz/regress/NAME/ so that make check replays it for good.
# Prints one line a harness (runs, corpus size, result); exits 1 when
# any harness found something.  FUZZ_SEED fixes libFuzzer's seed (0, the
# default: a new one each run); CI fixes it, so that its run is one that
# was tried here.
set -u
dir=$1 secs=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
failed=0
export CLAUSE_TOP="$top"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
command -v llvm-symbolizer-14 >/dev/null 2>&1 &&
	export ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-14)
for name in "$@"; do
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus"
	# libFuzzer reads directories: the seeds join the working corpus.
	for seed in $(sh "$top/tests/fuzz/seeds.sh" "$name" build/fuzz); do
		if [ -d "$seed" ]; then
			find "$seed" -type f -size -256k -exec cp {} "$corpus/" \;
		else
			cp "$seed" "$corpus/"
		fi
	done
	dict=""
	[ -f "$top/tests/fuzz/$name.dict" ] && dict="-dict=$top/tests/fuzz/$name.dict"
	log=build/fuzz/$name.log
	"$dir/fuzz_$name" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
		-max_len=262144 -print_final_stats=1 -seed="${FUZZ_SEED:-0}" $dict \
		-artifact_prefix="build/fuzz/crash-$name-" "$corpus" \
		>"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	size=$(ls "$corpus" | wc -l)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz $name: ${runs:-?} runs in ${secs}s, corpus $size: ok"
	else
		failed=1
		echo "fuzz $name: ${runs:-?} runs, corpus $size: FAILED (exit $rc), see $log"
		grep -m1 -E "ERROR|runtime error|abort|FUZZ|: .*: " "$log" | sed 's/^/  /'
		ls build/fuzz/crash-"$name"-* 2>/dev/null | sed 's/^/  input: /'
	fi
done
exit $failed
