#!/bin/sh
# Byte-identical outputs across a change that must not alter behaviour.
#
#   scripts/golden.sh record [--from REV] [DIR]   record the outputs
#   scripts/golden.sh check [DIR]                 compare this tree's against them
#
# Runs every scenarios/*.json and bench/*-10k.json under its own strategy,
# under binpack:memory and under spread:attribute:ecs.availability-zone,
# with --no-plots, and keeps every CSV and summary.json (less the
# wall-clock fields wall_seconds and peak_rss_mib, and the provenance
# block, which names the build: its commit, the catalog's path).  `record --from REV`
# builds REV in a temporary git worktree and records from it (e.g. the
# commit before a restructure); without it the current tree's ./ecsim is
# used.  DIR defaults to $GOLDEN_DIR, else /tmp/ecsim-golden.  `check`
# builds ./ecsim, runs the same and exits 1 naming the first files that
# differ.  Trace scenarios need ../shared/data (they are skipped, with a
# word, when it is missing).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

usage() { sed -n '4,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

cmd=${1:-}
[ -n "$cmd" ] || usage
shift
from=""
if [ "$cmd" = record ] && [ "${1:-}" = --from ]; then
	[ $# -ge 2 ] || usage
	from=$2
	shift 2
fi
dir=${1:-${GOLDEN_DIR:-/tmp/ecsim-golden}}
case "$cmd" in record|check) ;; *) usage ;; esac

strategies="scenario binpack:memory spread:attribute:ecs.availability-zone"

# run BIN OUT: every scenario under every strategy into OUT/NAME/STRATEGY/
run_all() {
	bin=$1 out=$2
	for f in "$root"/scenarios/*.json "$root"/bench/*-10k.json; do
		name=$(basename "$f" .json)
		if grep -q '"\.\./shared/' "$f" 2>/dev/null || grep -q 'shared/data' "$f"; then
			if [ ! -d "$root/../shared/data" ]; then
				echo "golden: $name skipped (no ../shared/data)" >&2
				continue
			fi
		fi
		for st in $strategies; do
			d="$out/$name/$(echo "$st" | tr ':/' '__')"
			mkdir -p "$d"
			if [ "$st" = scenario ]; then
				set -- "$bin" run "$f" -o "$d/run" --no-plots --quiet
			else
				set -- "$bin" run "$f" -o "$d/run" --no-plots --quiet --strategy "$st"
			fi
			if ! (cd "$root" && "$@") >"$d/stderr" 2>&1; then
				echo "golden: $name $st failed:" >&2
				cat "$d/stderr" >&2
				exit 1
			fi
			for c in "$d"/run/*.csv; do
				mv "$c" "$d/"
			done
			# summary.json less the wall-clock fields and the provenance block
			grep -v -E '"(wall_seconds|peak_rss_mib)"' "$d/run/summary.json" |
				sed '/^  "provenance": {/,/^  }/d' >"$d/summary.json"
			rm -rf "$d/run"
		done
	done
}

if [ "$cmd" = record ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	if [ -n "$from" ]; then
		wt=$(mktemp -d /tmp/ecsim-golden-src.XXXXXX)
		git worktree add --detach "$wt" "$from" >/dev/null
		trap 'git worktree remove --force "$wt" >/dev/null 2>&1 || true' EXIT
		(cd "$wt" && make -j2 ecsim >/dev/null)
		bin="$wt/ecsim"
	else
		make -j2 ecsim >/dev/null
		bin="$root/ecsim"
	fi
	run_all "$bin" "$dir"
	git -C "$root" rev-parse "${from:-HEAD}" >"$dir/REV"
	echo "golden: recorded $(find "$dir" -type f -name '*.csv' -o -type f -name summary.json | wc -l) files from $(cat "$dir/REV") in $dir"
	exit 0
fi

[ -d "$dir" ] || { echo "golden: nothing recorded in $dir (run: scripts/golden.sh record --from REV)" >&2; exit 2; }
make -j2 ecsim >/dev/null
new=$(mktemp -d /tmp/ecsim-golden-new.XXXXXX)
trap 'rm -rf "$new"' EXIT
run_all "$root/ecsim" "$new"
bad=0
for f in $(cd "$dir" && find . -type f \( -name '*.csv' -o -name summary.json \) | sort); do
	if ! cmp -s "$dir/$f" "$new/$f"; then
		[ $bad -lt 10 ] && echo "golden: differs: $f" >&2
		bad=$((bad + 1))
	fi
done
n=$(cd "$dir" && find . -type f \( -name '*.csv' -o -name summary.json \) | wc -l)
if [ $bad -gt 0 ]; then
	echo "golden: $bad of $n files differ from $(cat "$dir/REV")" >&2
	exit 1
fi
echo "golden: all $n files byte-identical to $(cat "$dir/REV")"
