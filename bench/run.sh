#!/bin/sh
# Runs the benchmarks and prints their figures; nothing is asserted.
# Usage: bench/run.sh BUILD_DIR ECSIM_BINARY
set -eu
build=$1
bin=$2
out=${TMPDIR:-/tmp}/ecsim-bench.$$
trap 'rm -rf "$out"' EXIT INT TERM

echo "== machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')"
echo
"$build/bench/bench_engine"
echo
echo "== scenarios (wall time, events/s, peak memory from summary.json)"
printf '%-28s %-40s %9s %12s %10s %10s\n' scenario strategy wall_s events Mev/s peak_MiB
for sc in scenarios/quickstart.json; do
	for strat in "" "binpack:memory" "spread:attribute:ecs.availability-zone"; do
		name=$(basename "$sc" .json)
		if [ -n "$strat" ]; then set -- --strategy "$strat"; else set --; fi
		"./$bin" run "$sc" -o "$out/$name" --no-plots --no-task-log --quiet "$@"
		python3 - "$out/$name/summary.json" "$name" "${strat:-scenario}" <<'PY' 2>/dev/null ||
import json, sys
s = json.load(open(sys.argv[1]))
w = s["wall_seconds"]
print("%-28s %-40s %9.3f %12d %10.2f %10.1f" % (sys.argv[2], sys.argv[3][:40], w, s["events"],
      s["events"] / w / 1e6 if w > 0 else 0, s.get("peak_rss_mib", 0)))
PY
		grep -E '"(wall_seconds|events)"' "$out/$name/summary.json"
	done
done
