#!/bin/sh
# Runs the benchmarks and prints their figures; nothing is asserted.
# Usage: bench/run.sh BUILD_DIR ECSIM_BINARY   (BENCH_QUICK=1 skips the 100k scenarios)
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
"$build/bench/bench_mem"
echo
"$build/bench/bench_gpu"
echo
# One run of $1 (scenario file) under strategy $2 ("scenario" = its own):
# wall time, events/s, placements/s, peak memory.
row() {
	sc=$1
	strat=$2
	name=$(basename "$sc" .json)
	if [ "$strat" = scenario ]; then set --; else set -- --strategy "$strat"; fi
	"./$bin" run "$sc" -o "$out/$name" --no-plots --no-task-log --quiet "$@"
	s="$out/$name/summary.json"
	w=$(field "$s" wall_seconds)
	ev=$(field "$s" events)
	pl=$(field "$s" placed)
	printf '%-11s %-40s %8.2f %10d %7.2f %12.0f %9.1f\n' "$name" "$strat" "$w" "$ev" \
		"$(awk -v e="$ev" -v w="$w" 'BEGIN { print (w > 0 ? e / w / 1e6 : 0) }')" \
		"$(awk -v e="$pl" -v w="$w" 'BEGIN { print (w > 0 ? e / w : 0) }')" \
		"$(field "$s" peak_rss_mib)"
}

echo "== standard benchmark (bench/std-*.json: one simulated day; one run each, single-threaded;"
echo "   wall time is the simulation alone, without loading and writing)"
printf '%-11s %-40s %8s %10s %7s %12s %9s\n' scenario strategy wall_s events Mev/s placements/s peak_MiB
for n in 1k 10k 100k; do
	[ "$n" = 100k ] && [ "${BENCH_QUICK:-0}" = 1 ] && continue
	for strat in binpack:memory spread:attribute:ecs.availability-zone; do
		row "bench/std-$n.json" "$strat"
	done
done
echo
echo "== service benchmark (bench/svc-*.json: 4 services under ECS's default placement, spread over"
echo "   zones then instances; tasks exit after 6 h on average and are replaced; one simulated day."
echo "   svc-ops adds a scale-in and back out, a rolling deployment and a FARGATE service;"
echo "   svc-cp places every service through two Auto Scaling group capacity providers)"
printf '%-11s %-40s %8s %10s %7s %12s %9s\n' scenario strategy wall_s events Mev/s placements/s peak_MiB
for n in 10k 100k; do
	[ "$n" = 100k ] && [ "${BENCH_QUICK:-0}" = 1 ] && continue
	row "bench/svc-$n.json" scenario
	row "bench/svc-ops-$n.json" scenario
	row "bench/svc-cp-$n.json" scenario
done
echo
echo "== quickstart"
for strat in scenario binpack:memory spread:attribute:ecs.availability-zone random; do
	row scenarios/quickstart.json "$strat"
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
