# big_athlete.awk - one athlete with many runs and a long pain diary, for
# bench.sh's "one athlete, 100 000 runs" case.  Not a test itself.
#
# Variables (awk -v): DIR (the athlete folder, made by the caller), RUNS
# (default 100000), PAIN (diary entries, default 100000), PER_FILE
# (activities per TCX file, default 1000: runrisk's per-file cap).
# A run every 6 hours from 2000-01-01 (about 68 years for 100 000), 3 to
# 21 km at 3 m/s, written as a TCX activity with three track points; the
# diary spreads its entries evenly over the same span.  mawk-compatible.

function iso(t,    d, s, z, era, doe, yoe, y, doy, mp, dd, mm)
{
	d = int(t / 86400); s = t - d * 86400
	z = d + 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
	mm = mp < 10 ? mp + 3 : mp - 9
	if (mm <= 2) y++
	return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, mm, dd, int(s / 3600), int(s % 3600 / 60), s % 60)
}

BEGIN {
	if (RUNS == "") RUNS = 100000
	if (PAIN == "") PAIN = 100000
	if (PER_FILE == "") PER_FILE = 1000
	t0 = 946684800	# 2000-01-01
	step = 6 * 3600
	path = ""
	for (i = 0; i < RUNS; i++) {
		if (i % PER_FILE == 0) {
			if (path != "") {
				print "</Activities></TrainingCenterDatabase>" > path
				close(path)
			}
			path = sprintf("%s/block%05d.tcx", DIR, i / PER_FILE)
			print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" > path
			print "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"><Activities>" > path
		}
		t = t0 + i * step
		dist = 3000 + (i * 7919) % 18000
		dur = int(dist / 3)
		printf "<Activity Sport=\"Running\"><Id>%s</Id><Lap StartTime=\"%s\"><TotalTimeSeconds>%d</TotalTimeSeconds>" \
			"<DistanceMeters>%d</DistanceMeters><Track>", iso(t), iso(t), dur, dist > path
		for (k = 0; k <= 2; k++)
			printf "<Trackpoint><Time>%s</Time><Position><LatitudeDegrees>%.7f</LatitudeDegrees>" \
				"<LongitudeDegrees>14</LongitudeDegrees></Position><AltitudeMeters>%d</AltitudeMeters>" \
				"<DistanceMeters>%d</DistanceMeters></Trackpoint>", iso(t + k * dur / 2), \
				46 + k * dist / 2 / 111195, 200 + k * (i % 5) * 10, k * dist / 2 > path
		print "</Track></Lap></Activity>" > path
	}
	if (path != "") {
		print "</Activities></TrainingCenterDatabase>" > path
		close(path)
	}
	pain = DIR "/pain.csv"
	print "date,side,severity,note" > pain
	span = RUNS * step
	for (i = 0; i < PAIN; i++)
		printf "%s,%s,%d,entry %d\n", substr(iso(t0 + int(i * (span / PAIN))), 1, 10), \
			(i % 3 == 0 ? "left" : (i % 3 == 1 ? "right" : "both")), i % 11, i > pain
	close(pain)
	printf "[athlete]\nname = Big\ntimezone = UTC\n" > (DIR "/athlete.ini")
	close(DIR "/athlete.ini")
}
