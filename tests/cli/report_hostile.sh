#!/bin/sh
# report_hostile.sh - a coach folder whose athlete folders are named like shell
# and gnuplot commands: the report is written, folder names are made safe, the
# names are shown as they are, and no command runs (no "pwned" file appears).
# Needs $RUNRISK; exit 77 (skip) when the report command is not there yet.
set -u
case ${RUNRISK:-} in
"") echo "skip: RUNRISK not set"; exit 77 ;;
/*) ;;
*) RUNRISK=$PWD/$RUNRISK ;;
esac
[ -x "$RUNRISK" ] || { echo "skip: no runrisk binary at $RUNRISK"; exit 77; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# A 10-minute run: 61 points, 10 s and about 28 m apart.
gpx() { # file day
	awk -v day="$2" 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<gpx version=\"1.1\" creator=\"runrisk test\" xmlns=\"http://www.topografix.com/GPX/1/1\">"
		print "<trk><name>Easy run</name><type>running</type><trkseg>"
		for (i = 0; i <= 60; i++)
			printf "<trkpt lat=\"%.6f\" lon=\"7.000000\"><ele>%d</ele><time>%sT06:%02d:%02dZ</time></trkpt>\n",
				45 + i * 0.00025, 200 + i % 7, day, int(i / 6), (i % 6) * 10
		print "</trkseg></trk></gpx>"
	}' > "$1"
}

mkdir -p "$tmp/in" "$tmp/work"
for name in "Ana'\`touch pwned\`" '$(touch pwned)' 'system("touch pwned")' 'x;touch pwned'; do
	mkdir "$tmp/in/$name" || fail "cannot create folder $name"
	gpx "$tmp/in/$name/run1.gpx" 2024-05-01
	gpx "$tmp/in/$name/run2.gpx" 2024-05-03
done

cd "$tmp/work" || exit 1
"$RUNRISK" report -o "$tmp/out" "$tmp/in" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if grep -q "not built yet" "$tmp/stderr" || { [ ! -e "$tmp/out/report.txt" ] && [ $rc -eq 2 ]; }; then
	echo "skip: runrisk report not available yet (exit $rc: $(head -n 1 "$tmp/stderr"))"
	exit 77
fi
case $rc in 0|1|3) ;; *) cat "$tmp/stderr"; fail "exit status $rc" ;; esac

found=$(find "$tmp" -name pwned)
[ -z "$found" ] && [ ! -e /pwned ] || fail "a command ran: $found"

[ -s "$tmp/out/report.txt" ] || fail "no report.txt"
head -n 1 "$tmp/out/report.txt" | grep -q '^Roster: 4 athletes' || fail "report.txt does not start with the roster"
grep -q "Ana'\`touch pwned\`" "$tmp/out/report.txt" || fail "the name is not shown as it is"
for d in "$tmp"/out/*/; do
	b=$(basename "$d")
	printf '%s' "$b" | LC_ALL=C grep -q '^[A-Za-z0-9_-]*$' || fail "unsafe folder name: $b"
done
[ -z "$(ls -A "$tmp/out" | grep '^\.' | grep -v '^\.runrisk')" ] || fail "hidden file left in the output: $(ls -A "$tmp/out")"
[ -d "$tmp/out/Ana__touch_pwned_" ] || fail "no folder Ana__touch_pwned_ ($(ls "$tmp/out"))"
grep -q '<script' "$tmp"/out/*/index.html "$tmp/out/index.html" && fail "markup from a name reached the HTML"
if command -v gnuplot >/dev/null 2>&1; then
	for d in "$tmp"/out/*/; do
		sig=$(od -An -tx1 -N8 "$d/weekly_distance.png" 2>/dev/null | tr -d ' \n')
		[ "$sig" = 89504e470d0a1a0a ] || fail "no valid weekly_distance.png in $d"
	done
fi
echo "ok"
