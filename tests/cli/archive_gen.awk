# archive_gen.awk - write synthetic GPX/TCX runs for the archive tests
# (tests/cli/archive_*.sh, roster.sh, exitcodes.sh).  Not a test itself.
#
# Input: one run per line, blank-separated fields
#   PATH FORMAT START_EPOCH DISTANCE_M SPEED_M_S STEP_S HR NAME
# FORMAT is gpx or tcx; NAME is one word (underscores become blanks).
# The runner goes due north from 46 N 14 E at a constant speed on flat
# ground, one point every STEP_S seconds, so the haversine distance is
# exactly the number of steps times SPEED_M_S * STEP_S: the tests can
# compute every expected kilometre by hand.  HR 0 writes no heart rate.
# A distance that is not a whole number of steps is rounded down to one.
#
# mawk-compatible: no strftime, dates from a days-to-civil conversion.

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
	PI = atan2(0, -1)
	R = 6371008.8		# mean Earth radius, as runrisk's haversine
}

NF >= 8 {
	path = $1; fmt = $2; t0 = $3 + 0; dist = $4 + 0; v = $5 + 0; dt = $6 + 0; hr = $7 + 0
	name = $8; gsub(/_/, " ", name)
	step_m = v * dt
	nsteps = int(dist / step_m + 1e-9)
	dlat = step_m / R * 180 / PI
	if (fmt == "gpx") {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" > path
		print "<gpx version=\"1.1\" creator=\"runrisk test\" xmlns=\"http://www.topografix.com/GPX/1/1\"" \
			" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">" > path
		printf "<trk><name>%s</name><type>running</type><trkseg>\n", name > path
		for (i = 0; i <= nsteps; i++) {
			printf "<trkpt lat=\"%.9f\" lon=\"14.000000000\"><ele>200.0</ele><time>%s</time>", \
				46 + i * dlat, iso(t0 + i * dt) > path
			if (hr > 0)
				printf "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%d</gpxtpx:hr>" \
					"</gpxtpx:TrackPointExtension></extensions>", hr > path
			print "</trkpt>" > path
		}
		print "</trkseg></trk></gpx>" > path
	} else {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" > path
		print "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\">" > path
		printf "<Activities><Activity Sport=\"Running\"><Id>%s</Id>\n", iso(t0) > path
		printf "<Lap StartTime=\"%s\"><TotalTimeSeconds>%d</TotalTimeSeconds>" \
			"<DistanceMeters>%.1f</DistanceMeters><Intensity>Active</Intensity>" \
			"<TriggerMethod>Manual</TriggerMethod><Track>\n", iso(t0), nsteps * dt, nsteps * step_m > path
		for (i = 0; i <= nsteps; i++) {
			printf "<Trackpoint><Time>%s</Time><Position><LatitudeDegrees>%.9f</LatitudeDegrees>" \
				"<LongitudeDegrees>14.000000000</LongitudeDegrees></Position>" \
				"<AltitudeMeters>200.0</AltitudeMeters><DistanceMeters>%.1f</DistanceMeters>", \
				iso(t0 + i * dt), 46 + i * dlat, i * step_m > path
			if (hr > 0)
				printf "<HeartRateBpm><Value>%d</Value></HeartRateBpm>", hr > path
			print "</Trackpoint>" > path
		}
		print "</Track></Lap></Activity></Activities></TrainingCenterDatabase>" > path
	}
	close(path)
}
