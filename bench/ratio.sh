#!/usr/bin/env bash
# bench/ratio.sh: the classifier's throughput as a fraction of prose's tokenizer alone, measured so
# that a shared machine's drift does not decide it.
#
#   bash bench/ratio.sh              # 4KB and 400KB, 10 pairs each
#   PAIRS=20 SIZES=4KB bash bench/ratio.sh
#
# It builds the classifier's test binary once and then runs BenchmarkClassify and
# BenchmarkProseTokenize on the same passage one after the other, PAIRS times, so that each pair
# sees the machine in the same state. For each size it prints every pair's ratio (prose's time per
# passage divided by the classifier's, which is the classifier's MB/s over prose's) and their
# median. A plain `go test -bench . -count N` runs all N of one benchmark before the other, so a
# change in the machine's speed between the two reads as a change in the ratio.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
pairs=${PAIRS:-10}
sizes=${SIZES:-"4KB 400KB"}
benchtime=${BENCHTIME:-1s}
bin=$(mktemp -d)/classifier.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" ./classifier
cd classifier
for size in $sizes; do
	ratios=()
	for _ in $(seq "$pairs"); do
		out=$("$bin" -test.run '^$' -test.bench "^Benchmark(Classify|ProseTokenize)\$/^$size\$" -test.benchtime "$benchtime")
		c=$(awk '/^BenchmarkClassify\//{print $3}' <<<"$out")
		p=$(awk '/^BenchmarkProseTokenize\//{print $3}' <<<"$out")
		ratios+=("$(awk -v p="$p" -v c="$c" 'BEGIN{printf "%.3f", p/c}')")
		printf '%s: Classify %s ns/op, ProseTokenize %s ns/op, ratio %s\n' "$size" "$c" "$p" "${ratios[-1]}"
	done
	printf '%s\n' "${ratios[@]}" | sort -n | awk -v size="$size" '{r[NR]=$1} END{m = NR%2 ? r[(NR+1)/2] : (r[NR/2]+r[NR/2+1])/2; printf "%s: median ratio %.3f over %d pairs (min %.3f, max %.3f)\n", size, m, NR, r[1], r[NR]}'
done
