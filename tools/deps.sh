#!/bin/sh
# deps.sh PACKAGE...: install the Debian packages that are missing.
# As root on Debian or Ubuntu it runs apt-get; otherwise it prints the
# command to run and fails if anything is missing.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "clause: missing packages:$missing" >&2
	echo "clause: install them with your package manager (names are Debian's)" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "clause: missing packages:$missing" >&2
	echo "clause: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "clause: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null &&
	apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
	{ echo "clause: apt-get install$missing failed" >&2; exit 1; }
