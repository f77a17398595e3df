#!/bin/sh
# deps.sh - check for runrisk's Debian packages; install them when run as root.
#   deps.sh check-or-install [fuzz]   used by make: install if root, else print the apt line and fail
#   deps.sh install [fuzz]            install (root), or print the exact command
set -u
mode=${1:-check-or-install}
extra=${2:-}

# Debian package : how to tell it is there
pkgs="build-essential pkg-config libexpat1-dev libxml2-dev zlib1g-dev libarchive-dev libinih-dev libcsv-dev libcmocka-dev gnuplot-nox fonts-dejavu-core python3"
[ "$extra" = fuzz ] && pkgs="$pkgs clang libclang-rt-14-dev"

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "runrisk: installing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || exit 1
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2 || exit 1
	exit 0
fi
echo "runrisk: missing Debian packages:$missing" >&2
echo "runrisk: install them with:  sudo apt-get install$missing" >&2
exit 1
