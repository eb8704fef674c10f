#!/bin/sh
# Runs the benchmarks and prints their figures; nothing is asserted.
# Usage: bench/run.sh BUILD_DIR ECSIM_BINARY
set -eu
build=$1
bin=$2
out=${TMPDIR:-/tmp}/ecsim-bench.$$
trap 'rm -rf "$out"' EXIT INT TERM

# A number from summary.json by its (unique) key, without a JSON tool.
field() { sed -n "s/^ *\"$2\": \([0-9.eE+-]*\),\{0,1\}$/\1/p" "$1" | head -n 1; }

echo "== machine: $(uname -m), $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2)"
echo
"$build/bench/bench_engine"
echo
"$build/bench/bench_place"
echo
echo "== scenarios (one run each; wall time excludes loading and writing)"
printf '%-12s %-48s %8s %10s %8s %9s\n' scenario strategy wall_s events Mev/s peak_MiB
for sc in scenarios/quickstart.json; do
	name=$(basename "$sc" .json)
	for strat in scenario binpack:memory spread:attribute:ecs.availability-zone random; do
		if [ "$strat" = scenario ]; then set --; else set -- --strategy "$strat"; fi
		"./$bin" run "$sc" -o "$out/$name" --no-plots --no-task-log --quiet "$@"
		s="$out/$name/summary.json"
		w=$(field "$s" wall_seconds)
		ev=$(field "$s" events)
		printf '%-12s %-48s %8.3f %10d %8.2f %9.1f\n' "$name" "$strat" "$w" "$ev" \
			"$(awk -v e="$ev" -v w="$w" 'BEGIN { print (w > 0 ? e / w / 1e6 : 0) }')" \
			"$(field "$s" peak_rss_mib)"
	done
done

# Trace replay on the shared samples (docs/traces.md), when they are beside the checkout.
if [ -d ../shared/data ]; then
	echo
	echo "== traces (whole samples; wall time excludes loading and writing)"
	printf '%-24s %8s %10s %8s %12s %9s\n' scenario wall_s events Mev/s tasks/s peak_MiB
	for sc in scenarios/trace-*.json; do
		name=$(basename "$sc" .json)
		"./$bin" run "$sc" -o "$out/$name" --no-plots --no-task-log --quiet 2>/dev/null
		s="$out/$name/summary.json"
		w=$(field "$s" wall_seconds)
		ev=$(field "$s" events)
		sub=$(field "$s" submitted)
		printf '%-24s %8.3f %10d %8.3f %12.0f %9.1f\n' "$name" "$w" "$ev" \
			"$(awk -v e="$ev" -v w="$w" 'BEGIN { print (w > 0 ? e / w / 1e6 : 0) }')" \
			"$(awk -v e="$sub" -v w="$w" 'BEGIN { print (w > 0 ? e / w : 0) }')" \
			"$(field "$s" peak_rss_mib)"
	done
fi
