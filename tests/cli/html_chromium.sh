#!/bin/sh
# html_chromium.sh - the HTML report renders in a real browser: `runrisk report
# samples` into a temporary folder, then headless Chromium screenshots the
# roster page at phone width and an athlete page at phone and desktop width.
# A small PNG decoder (python3 + zlib) checks each screenshot: not blank, the
# "This week" box drawn in its alert colour, and the chart images loaded (the
# weekly-distance bars' blue).  The athlete page is also shot at 390 px (a
# small phone) and 1280 px, and at both widths a copy of it with a probe
# script reports every image's laid-out box: none may be wider than the
# viewport, and the page must not scroll sideways (issue #17); the charts
# it shows are the SVGs, drawn to scale with the page.  KEEP=DIR
# keeps the screenshots (doc/img/report-390.png and report-1280.png).
#
# Skips (77) without chromium or python3.  In CI (CI=true, running as root)
# it first tries `apt-get install -y chromium`.
set -u
case ${RUNRISK:-} in
"") echo "skip: RUNRISK not set"; exit 77 ;;
/*) ;;
*) RUNRISK=$PWD/$RUNRISK ;;
esac
[ -x "$RUNRISK" ] || { echo "skip: no runrisk binary at $RUNRISK"; exit 77; }
ls samples/*/athlete.ini >/dev/null 2>&1 || { echo "skip: no generated samples/ yet"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed (it decodes the screenshots)"; exit 77; }
command -v gnuplot >/dev/null 2>&1 || { echo "skip: gnuplot not installed, so the pages have no charts"; exit 77; }

find_chromium() {
	for c in chromium chromium-browser google-chrome; do
		command -v "$c" >/dev/null 2>&1 && { command -v "$c"; return 0; }
	done
	return 1
}
if ! CHROMIUM=$(find_chromium); then
	if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ]; then
		echo "chromium not found: CI as root, trying apt-get install -y chromium"
		{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } \
			>/dev/null 2>&1
	fi
	CHROMIUM=$(find_chromium) || {
		echo "skip: chromium not installed (Debian: apt-get install chromium)"
		exit 77
	}
fi

tmp=$(mktemp -d) || exit 1
trap '[ -n "${KEEP:-}" ] && cp "$tmp"/*.png "$KEEP"/; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$RUNRISK" report -o "$tmp/out" samples >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
case $rc in 0|1|3) ;; *) cat "$tmp/stderr"; fail "runrisk report: exit $rc" ;; esac
[ -s "$tmp/out/index.html" ] || fail "no index.html"
page=$tmp/out/ana/index.html	# samples/SCENARIO.md: Ana ends on alerts
[ -s "$page" ] || fail "no athlete page $page"
[ -s "$(dirname "$page")/weekly_distance.png" ] || fail "no weekly_distance.png beside $page"
# The page shows the SVG charts (drawn for a phone's width, scaled to the
# screen: a viewBox, no fixed size), every one of them there; the PNGs stay
# for the README and report.txt's readers.
grep -o '<img src="[^"]*"' "$page" | sed 's/<img src="//; s/"$//' >"$tmp/imgs"
[ "$(grep -c '\.svg$' "$tmp/imgs")" -ge 3 ] && ! grep -qv '\.svg$' "$tmp/imgs" ||
	fail "the page's chart images are not all SVG: $(tr '\n' ' ' <"$tmp/imgs")"
while read -r img; do
	f=$(dirname "$page")/$img
	[ -s "$f" ] || fail "$img: referenced, not written"
	grep -q 'viewBox="0 0 [0-9]* [0-9]*"' "$f" && ! grep -q '^ *width="[0-9]' "$f" ||
		fail "$img: not drawn to scale with the page (no viewBox, or a fixed width)"
	[ -s "${f%.svg}.png" ] || fail "${img%.svg}.png is gone: the README and report.txt use it"
done <"$tmp/imgs"
echo "ok: $(wc -l <"$tmp/imgs") SVG charts on the page, each scalable, each with its PNG"

# shot URL WIDTH HEIGHT OUT: one screenshot with a fresh profile, no network.
shot() {
	prof=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-dev-shm-usage --hide-scrollbars \
		--user-data-dir="$prof" --window-size="$2,$3" --screenshot="$4" "$1" \
		>"$tmp/chromium.log" 2>&1
	crc=$?
	[ -s "$4" ] || { tail -n 5 "$tmp/chromium.log"; fail "chromium made no screenshot of $1 (exit $crc)"; }
}

shot "file://$tmp/out/index.html" 412 900 "$tmp/roster412.png"
shot "file://$page" 412 1400 "$tmp/athlete412.png"
shot "file://$page" 1280 2600 "$tmp/athlete1280.png"
shot "file://$page" 390 1400 "$tmp/athlete390.png"

# probe WIDTH: lay the athlete page out at WIDTH and print "viewport W
# scroll S" and one "img SRC LEFT RIGHT" line per image (a copy of the page
# with a probe script; the report itself has none).
probe() {
	probe_page=$(dirname "$page")/probe.html
	sed 's#</body>#<script>window.addEventListener("load",function(){var o=["viewport "+window.innerWidth+" scroll "+document.documentElement.scrollWidth];document.querySelectorAll("img").forEach(function(i){var r=i.getBoundingClientRect();o.push("img "+i.getAttribute("src")+" "+Math.round(r.left)+" "+Math.round(r.right)+" "+i.naturalWidth)});var p=document.createElement("pre");p.id="probe";p.textContent=o.join("\\n");document.body.appendChild(p)});</script></body>#' \
		"$page" >"$probe_page"
	prof=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-dev-shm-usage --hide-scrollbars --virtual-time-budget=5000 \
		--user-data-dir="$prof" --window-size="$1,900" --dump-dom "file://$probe_page" \
		2>"$tmp/chromium.log" | sed -n '/<pre id="probe">/,/<\/pre>/p' |
		sed 's/<[^>]*>//g; s/\\n/\n/g' >"$tmp/probe$1.txt"
	rm -f "$probe_page"
	grep -q '^viewport ' "$tmp/probe$1.txt" || fail "no layout probe at $1 px"
	awk -v w="$1" '
		/^viewport / { vw = $2; if ($4 > $2) { print "page scrolls sideways: " $4 " > " $2 " px"; bad = 1 } }
		/^img / { n++; if ($4 - $3 > vw || $4 > vw || $3 < 0) { print $2 ": " $3 ".." $4 " px in a " vw " px viewport"; bad = 1 }
			  if ($5 == 0) { print $2 ": not loaded"; bad = 1 } }
		END { if (n < 3) { print "only " n " images"; bad = 1 } exit bad }' "$tmp/probe$1.txt" ||
		fail "at $1 px: an image wider than the viewport, or one missing"
	echo "ok: at $1 px, $(grep -c '^img ' "$tmp/probe$1.txt") images inside the viewport"
}
probe 390
probe 1280

# check.py PNG WIDTH MIN_INK [COLOUR:MIN_PIXELS ...]: decode the screenshot,
# count pixels that are not near white ("ink") and pixels near each colour.
cat >"$tmp/check.py" <<'EOF'
import struct, sys, zlib

def decode(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit('%s: not a PNG' % path)
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        n, typ = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if typ == b'IHDR':
            hdr = struct.unpack('>IIBBBBB', body)
        elif typ == b'IDAT':
            idat.append(body)
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or interlace or ctype not in (2, 6):
        sys.exit('%s: unexpected PNG type (depth %d, colour %d)' % (path, depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(b''.join(idat)), w * bpp
    prev, rows, i = bytearray(stride), [], 0
    for _ in range(h):
        ft, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if ft == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif ft == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif ft == 3:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((a + prev[x]) >> 1)) & 255
        elif ft == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows

path, want_w, min_ink = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
w, h, bpp, rows = decode(path)
if w != want_w:
    sys.exit('%s: %d px wide, wanted %d' % (path, w, want_w))
def dominant(path):
    """The most frequent clearly coloured (not grey) pixel of a chart PNG."""
    cw, ch, cbpp, crows = decode(path)
    count = {}
    for line in crows:
        for x in range(0, len(line), cbpp):
            px = (line[x], line[x + 1], line[x + 2])
            if max(px) - min(px) > 40:
                count[px] = count.get(px, 0) + 1
    return max(count, key=count.get)

targets = []
for spec in sys.argv[4:]:
    colour, least = spec.rsplit(':', 1)
    if colour.endswith('.png'):	# the main colour of that chart, as drawn
        rgb = dominant(colour)
        colour = '%02x%02x%02x' % rgb
    else:
        rgb = tuple(int(colour[k:k + 2], 16) for k in (0, 2, 4))
    targets.append((rgb, int(least), colour))
ink, hits = 0, [0] * len(targets)
for line in rows:
    for x in range(0, len(line), bpp):
        r, g, b = line[x], line[x + 1], line[x + 2]
        if r < 235 or g < 235 or b < 235:
            ink += 1
        for k, (t, _, _) in enumerate(targets):
            if abs(r - t[0]) <= 8 and abs(g - t[1]) <= 8 and abs(b - t[2]) <= 8:
                hits[k] += 1
share = ink / float(w * h)
msg = '%s: %dx%d, %.1f %% ink' % (path.rsplit('/', 1)[-1], w, h, 100 * share)
for k, (_, least, name) in enumerate(targets):
    msg += ', #%s %d px' % (name, hits[k])
print(msg)
if share < min_ink:
    sys.exit('%s: blank or nearly (%.2f %% ink, wanted %.2f %%)' % (path, 100 * share, 100 * min_ink))
for k, (_, least, name) in enumerate(targets):
    if hits[k] < least:
        sys.exit('%s: %d px of #%s, wanted at least %d' % (path, hits[k], name, least))
EOF

# Ana has an alert this week: her page opens on a red-tinted box (#ffebee)
# and the roster shows her alert badge (#c62828).  The desktop page shows
# the weekly-distance chart: the main colour of weekly_distance.png (its
# bars) must cover a good part of the screenshot, so the image loaded.
python3 "$tmp/check.py" "$tmp/roster412.png" 412 0.02 c62828:50 || fail "roster page"
python3 "$tmp/check.py" "$tmp/athlete412.png" 412 0.05 ffebee:5000 || fail "athlete page, phone"
python3 "$tmp/check.py" "$tmp/athlete390.png" 390 0.05 ffebee:3000 || fail "athlete page, 390 px"
python3 "$tmp/check.py" "$tmp/athlete1280.png" 1280 0.05 ffebee:10000 \
	"$(dirname "$page")/weekly_distance.png:20000" || fail "athlete page, desktop"
echo "ok"
