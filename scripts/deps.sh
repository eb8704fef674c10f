#!/bin/sh
# Installs the Debian packages ecsim needs to build, test and plot.
# Called by the Makefile when a dependency is missing; safe to run by hand.
# Usage: scripts/deps.sh [--check] [--mpi] [--fuzz]
#   --check  only report what is missing (exit 1 if anything is)
#   --mpi    also install OpenMPI (for distributed sweeps)
#   --fuzz   also install clang and its libFuzzer runtime (for make fuzz)
set -u

PKGS="build-essential pkg-config libjansson-dev libcsv-dev libgsl-dev zlib1g-dev libpcre2-dev libyaml-dev nettle-dev gnuplot-nox"
# For make test only: chromium opens the report pages in a headless browser
# (tests/unit/test_pages.c), and the JSON Schema validator checks 'ecsim
# schema' against the scenarios (tests/unit/test_schema.c); both tests skip,
# and say so, without them.
PKGS="$PKGS chromium python3-jsonschema"
MPI_PKGS="libopenmpi-dev openmpi-bin"
# libFuzzer's runtime (libclang_rt.fuzzer) is in libclang-rt-N-dev on Debian 12
# and Ubuntu 22.04+, for the clang-N that the clang package depends on.
FUZZ_PKGS="clang libclang-rt-14-dev"

check_only=0
want_mpi=0
want_fuzz=0
for a in "$@"; do
	case "$a" in
	--check) check_only=1 ;;
	--mpi) want_mpi=1 ;;
	--fuzz) want_fuzz=1 ;;
	-h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "deps.sh: unknown option '$a' (try --help)" >&2; exit 2 ;;
	esac
done
[ "$want_mpi" = 1 ] && PKGS="$PKGS $MPI_PKGS"
[ "$want_fuzz" = 1 ] && PKGS="$PKGS $FUZZ_PKGS"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
missing=${missing# }

if [ -z "$missing" ]; then
	[ "$check_only" = 1 ] && echo "deps.sh: all dependencies are installed"
	exit 0
fi
if [ "$check_only" = 1 ]; then
	echo "deps.sh: missing Debian packages: $missing"
	exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: apt-get not found; this is not a Debian-like system." >&2
	echo "deps.sh: install the equivalents of: $missing" >&2
	exit 1
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		SUDO="sudo"
	elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
		SUDO="sudo"
	else
		echo "deps.sh: need root to install packages; run:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y $missing" >&2
		exit 1
	fi
fi

echo "deps.sh: installing: $missing"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -q >/dev/null ||
   ! $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null; then
	echo "deps.sh: apt-get failed; run this yourself and retry:" >&2
	echo "  ${SUDO:+sudo }apt-get update && ${SUDO:+sudo }apt-get install -y $missing" >&2
	exit 1
fi
echo "deps.sh: done"
