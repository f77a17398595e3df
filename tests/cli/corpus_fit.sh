#!/bin/sh
# The FIT decoder on the real corpus ($CORPUS/fit, files from other projects'
# test fixtures; see its MANIFEST.md), through the real binary:
#  1. every .fit file either decodes (exit 0, rows of format fit: one, or one
#     per leg for the two triathlons) or fails
#     with the error its description in MANIFEST.md calls for, at the byte
#     the manifest names (LINE:COL is 1:offset+1);
#  2. a differential test against gpsbabel's own FIT reader
#     (`gpsbabel -t -i garmin_fit,allpoints`, skipped when gpsbabel is not
#     installed) on every file both read: points exactly, start exactly,
#     heart-rate maximum exactly, and the haversine (R = 6 371 008.8 m) sum
#     over gpsbabel's positions against gps_distance_m: within 1 % + 5 m;
#     for files MANIFEST.md marks "pause", runrisk's may be up to 5 % lower
#     (it does not count the jump across a pause, gpsbabel does); swims and
#     snorkels are left out of the distance check (sparse, noisy positions
#     whose teleports runrisk drops); gpsbabel writes 0,0 for a record
#     without position, which the sum skips.  Files with device-relative
#     times (MANIFEST "CTS", 1990-91 dates in gpsbabel) have no known start
#     in runrisk, so no start, time or heart rate to compare: points only;
#  3. sport and device against the MANIFEST.md table (written by the
#     corpus's curator, not by this decoder); a triathlon's legs in order.
. tests/cli/lib.sh
D=$CORPUS/fit
[ -d "$D" ] || skip "FIT corpus not found at $D: skipped"

# file (relative to $D) | expected error text (LINE:COL and message)
EXPECTED_FAILURES='
gpsbabel/reference/track/lezyne_super_gps-garmin_fit-sample-bad-endian.fit|:1:22226: error: a definition message with architecture byte 0xE5
gpsbabel/reference/track/fitwrite-track.fit|: error: not an activity: a FIT course file (file type 6)
python-fitparse/tests/files/strava-android-app-201.10-b1218918.fit|:1:7472: error: a data message of local type 11, which no definition message declared
python-fitparse/tests/files/Settings.fit|: error: not an activity: a FIT settings file (file type 2)
python-fitparse/tests/files/nick.fit|: error: a message runs past the end of the data
elevate/desktop/src/specs/integration/file/fixtures/others/empty.fit|: error: empty file
'
# Why these: the Lezyne file's data turns to garbage after byte 22181, and
# gpsbabel (without recoverymode) stops at the architecture byte 0xE5 of the
# definition at 0x56D1 (22225); the Strava file uses local type 11 at byte
# 7471 without defining it; nick.fit's last message is cut off by the end of
# the data; Settings.fit and the course are not activities; empty.fit is empty.

# Rows per file: one, but a triathlon gives one per leg (MANIFEST.md: "5 sessions
# (open-water swim, T1, bike, T2, run)"; 920xt-triathlon "5 sessions in one file").
legs_of() {
	case $1 in
	*/sample_mulitple_header.fit | */920xt-triathlon.fit) echo 5 ;;
	*) echo 1 ;;
	esac
}
n=0 nok=0 nfail=0
find "$D" -type f -name '*.fit' | sort >"$TMP/files"
while IFS= read -r f; do
	rel=${f#"$D"/}
	n=$((n + 1))
	want=$(printf '%s\n' "$EXPECTED_FAILURES" | awk -F'|' -v r="$rel" '$1 == r { print $2 }')
	"$RUNRISK" runs "$f" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ -n "$want" ]; then
		if [ $rc -eq 3 ] && grep -qF "$want" "$TMP/err"; then
			nfail=$((nfail + 1))
		else
			fail "$rel: exit $rc, wanted 3 and '$want'"; head -n 3 "$TMP/err"
		fi
	elif [ $rc -eq 0 ] && awk -F, -v want="$(legs_of "$rel")" \
		'NR > 1 && $2 != "fit" { bad = 1 } END { exit bad || NR - 1 != want }' "$TMP/out"; then
		nok=$((nok + 1))
	else
		fail "$rel: exit $rc, wanted $(legs_of "$rel") fit row(s)"; head -n 3 "$TMP/err"
	fi
done <"$TMP/files"
[ "$n" -ge 50 ] && ok "$n FIT files: $nok decode, $nfail fail as expected" \
	|| fail "only $n FIT files found"
[ "$nfail" -eq 6 ] || fail "$nfail expected failures seen, wanted 6"

# ---- 3. sport and device against MANIFEST.md ----
# file | sport | device (runs columns 3 and 27)
MANIFEST_VALUES='
python-fitparse/tests/files/garmin-fenix-5-run.fit|running|
python-fitparse/tests/files/garmin-fenix-5-walk.fit|walking|
python-fitparse/tests/files/garmin-fenix-5-bike.fit|cycling|
python-fitparse/tests/files/sample_mulitple_header.fit|swimming transition cycling transition running|
python-fitparse/tests/files/20170518-191602-1740899583.fit|fitness equipment|
python-fitparse/tests/files/developer-types-sample.fit|running|Stryd
python-fitparse/tests/files/elemnt-bolt-no-application-id-inside-developer-data-id.fit|cycling|Wahoo ELEMNT BOLT
fit-parser/test/snorkeling-unknown-sport.fit|snorkeling|Suunto Vertical 2
ActivityLog2/test/test-data/920xt-lap-swim.fit|swimming|
ActivityLog2/test/test-data/920xt-triathlon.fit|swimming transition cycling transition running|
ActivityLog2/test/test-data/310xt-ows.fit|generic|
elevate/desktop/src/specs/integration/file/fixtures/running/trosku.fit|running|COROS APEX Pro
elevate/desktop/src/specs/integration/file/fixtures/running/bloemendaal.fit|running|Suunto 9 Baro
elevate/desktop/src/specs/integration/file/fixtures/running/treadmill.fit|running|
'
nm=0
printf '%s\n' "$MANIFEST_VALUES" | while IFS='|' read -r rel sport device; do
	[ -n "$rel" ] || continue
	"$RUNRISK" runs "$D/$rel" 2>/dev/null | awk -F, -v s="$sport" -v d="$device" -v r="$rel" '
		NR > 1 { got = got (NR > 2 ? " " : "") $3; if (d != "" && $27 != d) dev = $27 }
		END { if (got != s || dev != "")
			printf "%s: sports \"%s\" device \"%s\", wanted \"%s\" \"%s\"\n", r, got, dev, s, d }'
done >"$TMP/manifest.bad"
nm=$(printf '%s\n' "$MANIFEST_VALUES" | grep -c '|')
if [ -s "$TMP/manifest.bad" ]; then
	fail "sport/device differ from MANIFEST.md"; cat "$TMP/manifest.bad"
else
	ok "sport (and device where named) of $nm files as in MANIFEST.md"
fi

# ---- 2. gpsbabel differential ----
command -v gpsbabel >/dev/null 2>&1 || { echo "gpsbabel not installed: differential part skipped"; finish; }
cat >"$TMP/gb.awk" <<'EOF'
# gpsbabel unicsv -> "points start haversine_m hr_max" (hr_max "-" without HR)
BEGIN { FS = ","; R = 6371008.8; pi = atan2(0, -1) }
{ sub(/\r$/, "") }
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
	n++
	if (start == "" && ("Date" in col) && $col["Date"] != "")
		start = $col["Date"] "T" $col["Time"] "Z"
	lat = ("Latitude" in col) ? $col["Latitude"] : ""
	lon = ("Longitude" in col) ? $col["Longitude"] : ""
	if (lat != "" && lon != "" && (lat + 0 != 0 || lon + 0 != 0)) {
		if (have) {
			p1 = plat * pi / 180; p2 = lat * pi / 180
			dl = (lon - plon) * pi / 180
			a = sin((p2 - p1) / 2) ^ 2 + cos(p1) * cos(p2) * sin(dl / 2) ^ 2
			d += 2 * R * atan2(sqrt(a), sqrt(1 - a))
		}
		plat = lat; plon = lon; have = 1
	}
	if (("Heartrate" in col) && $col["Heartrate"] != "") {
		h = $col["Heartrate"] + 0
		if (h > hm) hm = h
		hn++
	}
}
END { gsub("/", "-", start); printf "%d %s %.1f %s\n", n, start, d, hn ? hm : "-" }
EOF
# basename -> "feat|sport" from MANIFEST.md's tables
awk -F'|' '/^\| `/ { p = $2; gsub(/[` ]/, "", p); n = split(p, a, "/"); print a[n] "|" $9 "|" $7 }' \
	"$D/MANIFEST.md" >"$TMP/manifest"
[ "$(wc -l <"$TMP/manifest")" -ge 50 ] || fail "MANIFEST.md tables not found"
ndiff=0 nhr=0 ndist=0
while IFS= read -r f; do
	rel=${f#"$D"/}
	row=$(awk -F'|' -v b="$(basename "$f")" '$1 == b' "$TMP/manifest")
	printf '%s\n' "$EXPECTED_FAILURES" | grep -q "^$rel|" && continue
	gpsbabel -t -i garmin_fit,allpoints -f "$f" -o unicsv -F - 2>/dev/null \
		| awk -f "$TMP/gb.awk" >"$TMP/gb" || continue
	read -r gn gstart gdist ghr <"$TMP/gb"
	[ "${gn:-0}" -gt 0 ] || continue
	# a triathlon's legs: points and distances summed, the first start, the highest HR
	"$RUNRISK" runs "$f" 2>/dev/null | awk -F, 'NR > 1 { n += $14; if (NR == 2) s = $4
		if ($9 != "") { d += $9; hd = 1 } if ($17 != "" && $17 + 0 > h) { h = $17 + 0; hh = 1 } }
		END { print n, s, (hd ? d : "-"), (hh ? h : "-") }' >"$TMP/rr"
	read -r rn rstart rdist rhr <"$TMP/rr"
	pause=0
	case $row in *"|"*pause*"|"*) pause=1; esac
	case $row in *"|"*CTS*"|"*)
		case $gstart in 199[01]-*) ;; *) fail "$rel: CTS file with a real date $gstart"; esac
		gstart=""; ghr=-; rhr=- ;;
	esac
	case $row in *swim*|*snorkel*) gdist=0; esac
	bad=$(awk -v gn="$gn" -v rn="$rn" -v gs="$gstart" -v rs="$rstart" -v gd="$gdist" \
		-v rd="$rdist" -v gh="$ghr" -v rh="$rhr" -v pause="$pause" 'BEGIN {
		if (gn != rn) printf "points %s vs gpsbabel %s; ", rn, gn
		if (gs != "" && gs != rs) printf "start %s vs gpsbabel %s; ", rs, gs
		low = pause ? 0.05 * gd + 5 : 0.01 * gd + 5
		if (gd > 0 && (rd == "-" || (rd - gd > 0.01 * gd + 5) || (gd - rd > low)))
			printf "gps distance %s vs gpsbabel %s; ", rd, gd
		if (gh != "-" && gh != rh) printf "hr max %s vs gpsbabel %s; ", rh, gh
	}')
	if [ -n "$bad" ]; then
		fail "$rel: $bad"
	else
		ndiff=$((ndiff + 1))
		[ "$ghr" != "-" ] && nhr=$((nhr + 1))
		awk -v gd="$gdist" 'BEGIN { exit !(gd > 0) }' && ndist=$((ndist + 1))
	fi
done <"$TMP/files"
if [ "$ndiff" -ge 10 ] && [ "$nhr" -ge 10 ] && [ "$ndist" -ge 10 ]; then
	ok "gpsbabel agrees on $ndiff files (points, start; HR max on $nhr, distance on $ndist)"
else
	fail "gpsbabel compared on only $ndiff files ($nhr with HR, $ndist with positions)"
fi
finish
