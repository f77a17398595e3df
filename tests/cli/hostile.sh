#!/bin/sh
# Hostile and broken input: each file gets a clear error naming it, or a sane
# result, in bounded time (timeout) and memory (ulimit -v outside sanitizer
# builds); the batch goes on; the exit status is 3 when files were skipped;
# a secret read through an external entity never appears in any output.
. tests/cli/lib.sh
D=$TMP/in
mkdir -p "$D"
SECRET=$TMP/secret.txt
echo "TOPSECRET-$$-canary" >"$SECRET"
hdr='<?xml version="1.0" encoding="UTF-8"?>'
gpx_open='<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
pt() { printf '<trkpt lat="%s" lon="%s"><ele>10</ele><time>%s</time></trkpt>\n' "$1" "$2" "$3"; }

# A good run, to show the batch goes on.
{ echo "$hdr"; echo "$gpx_open<trk><trkseg>"
  pt 46.0 14.0 2024-05-01T06:00:00Z; pt 46.001 14.0 2024-05-01T06:00:30Z; pt 46.002 14.0 2024-05-01T06:01:00Z
  echo '</trkseg></trk></gpx>'; } >"$D/good.gpx"

# Billion laughs, GPX and TCX.
lol='<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>'
printf '%s\n%s\n<gpx version="1.1"><trk><name>&lol9;</name></trk></gpx>\n' "$hdr" "$lol" >"$D/laughs.gpx"
printf '%s\n%s\n<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>&lol9;</Id></Activity></Activities></TrainingCenterDatabase>\n' "$hdr" "$lol" >"$D/laughs.tcx"

# External entity pointing at a local file, and an external DTD.
printf '%s\n<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file://%s">]>\n<gpx version="1.1"><trk><name>&xxe;</name><trkseg></trkseg></trk></gpx>\n' "$hdr" "$SECRET" >"$D/xxe.gpx"
printf '%s\n<!DOCTYPE TrainingCenterDatabase [<!ENTITY xxe SYSTEM "file://%s">]>\n<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2024-05-01T06:00:00Z</Id><Notes>&xxe;</Notes></Activity></Activities></TrainingCenterDatabase>\n' "$hdr" "$SECRET" >"$D/xxe.tcx"
printf '%s\n<!DOCTYPE gpx SYSTEM "file://%s">\n<gpx version="1.1"></gpx>\n' "$hdr" "$SECRET" >"$D/extdtd.gpx"
printf '%s\n<!DOCTYPE TrainingCenterDatabase SYSTEM "http://127.0.0.1:9/x.dtd">\n<TrainingCenterDatabase></TrainingCenterDatabase>\n' "$hdr" >"$D/extdtd.tcx"

# 20 000 levels of nesting.
awk 'BEGIN { printf "<gpx version=\"1.1\">"; for (i = 0; i < 20000; i++) printf "<a>"; for (i = 0; i < 20000; i++) printf "</a>"; print "</gpx>" }' >"$D/deep.gpx"
awk 'BEGIN { printf "<TrainingCenterDatabase>"; for (i = 0; i < 20000; i++) printf "<a>"; for (i = 0; i < 20000; i++) printf "</a>"; print "</TrainingCenterDatabase>" }' >"$D/deep.tcx"

# A gzip bomb: ~1.2 MB that inflates past the 1 GiB cap.
{ printf '<gpx version="1.1">'; head -c 1200000000 /dev/zero | tr '\0' ' '; } | gzip -1 >"$D/bomb.gpx.gz"

# Truncated gzip and truncated XML.
gzip -c "$D/good.gpx" | head -c 60 >"$D/truncated.gpx.gz"
head -c 200 "$D/good.gpx" >"$D/truncated.gpx"

# Random bytes named .gpx, and an empty file.
head -c 4096 /dev/urandom >"$D/random.gpx"
: >"$D/empty.gpx"

# NaN, inf, out-of-range coordinates; times in 1901, 2100 and garbage: sane results.
{ echo "$hdr"; echo "$gpx_open<trk><trkseg>"
  pt NaN 14.0 2024-05-01T06:00:00Z; pt inf 14.0 2024-05-01T06:00:10Z; pt 91.5 14 2024-05-01T06:00:20Z
  pt 46.0 190 2024-05-01T06:00:30Z; pt 46.0 14.0 2024-05-01T06:00:40Z; pt 46.0005 14.0 2024-05-01T06:00:50Z
  echo '</trkseg></trk></gpx>'; } >"$D/badcoords.gpx"
{ echo "$hdr"; echo "$gpx_open<trk><trkseg>"
  pt 46.0 14.0 1901-12-13T20:45:52Z; pt 46.001 14.0 2100-01-01T00:00:00Z; pt 46.002 14.0 'yesterday at noon'
  pt 46.003 14.0 2024-13-45T99:99:99Z
  echo '</trkseg></trk></gpx>'; } >"$D/badtimes.gpx"

# Non-UTF-8 file and folder names.
bad=$(printf 'caf\351-\377')
mkdir -p "$D/$bad"
cp "$D/good.gpx" "$D/$bad/run-$bad.gpx"

# A million points.
awk 'BEGIN { print "<?xml version=\"1.0\"?><gpx version=\"1.1\"><trk><trkseg>";
	for (i = 0; i < 1000000; i++)
	  printf "<trkpt lat=\"%.6f\" lon=\"14.0\"><time>2024-01-%02dT%02d:%02d:%02dZ</time></trkpt>\n",
	    46 + (i % 2000) * 0.00002, 1 + int(i / 86400), int(i / 3600) % 24, int(i / 60) % 60, i % 60
	print "</trkseg></trk></gpx>" }' >"$D/million.gpx"

limit=""
[ -z "${SANITIZE:-}" ] && limit="ulimit -v 1048576;"
sh -c "$limit exec timeout 300 \"$RUNRISK\" runs --format csv \"$D\"" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 3 ] && ok "hostile batch finishes with exit 3" || fail "hostile batch exit $rc"
cat "$TMP/err" | head -n 40 | sed 's/^/    /'
grep -q "good.gpx" "$TMP/out" && ok "the good file is still reported" || fail "good file missing"
for f in laughs.gpx laughs.tcx xxe.gpx xxe.tcx extdtd.gpx extdtd.tcx deep.gpx deep.tcx bomb.gpx.gz \
	 truncated.gpx.gz truncated.gpx random.gpx empty.gpx; do
	if grep -q "runrisk: $D/$f:.*error: " "$TMP/err"; then ok "$f: named with an error"
	elif grep -q "/$f," "$TMP/out"; then ok "$f: parsed to a sane row"
	else fail "$f: neither an error nor a row"; fi
done
if grep -rq "TOPSECRET" "$TMP/out" "$TMP/err"; then fail "external entity content leaked"; else ok "no external entity content in any output"; fi
grep -q "badcoords.gpx," "$TMP/out" && ok "bad coordinates: a row" || fail "bad coordinates: no row"
grep -q "badtimes.gpx," "$TMP/out" && ok "bad times: a row" || fail "bad times: no row"
[ "$(grep -c "run-" "$TMP/out")" -eq 1 ] && ok "non-UTF-8 names are read" || fail "non-UTF-8 names"
awk -F, '$1 ~ /million.gpx$/ { if ($14 == 1000000) found = 1 } END { exit !found }' "$TMP/out" \
	&& ok "a million points are all read" || fail "million points: $(grep million "$TMP/out")"
lines=$(($(wc -l <"$TMP/out") - 1))
errs=$(grep -c 'error: ' "$TMP/err")
echo "    $lines rows, $errs errors"
finish
