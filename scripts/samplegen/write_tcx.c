/*
 * write_tcx.c - Training Center XML v2 as Garmin Connect exports it: one
 * Activity, laps (auto-lap per km, or manual laps at workout steps), a new
 * Track after each auto-pause, ActivityExtension v2 (ns3:TPX Speed and
 * RunCadence per point, ns3:LX per lap), Creator and Author.  A treadmill
 * run has no Position and no AltitudeMeters.
 */
#include <math.h>

#include "scripts/samplegen/samplegen.h"

struct lap_stats {
	size_t first, end;	/* samples [first, end) */
	double time_s, dist_m, max_speed, hr_sum, hr_max, cad_sum, cad_max, speed_sum;
	size_t hr_n, cad_n, speed_n;
	bool resting;
};

static void lap_measure(const struct track *t, size_t first, size_t end, double start_dist,
			struct lap_stats *ls)
{
	ls->first = first;
	ls->end = end;
	ls->time_s = ls->max_speed = ls->hr_sum = ls->hr_max = ls->cad_sum = ls->cad_max = 0;
	ls->speed_sum = 0;
	ls->hr_n = ls->cad_n = ls->speed_n = 0;
	ls->resting = true;
	ls->dist_m = t->v[end - 1].dist_m - start_dist;
	for (size_t i = first; i < end; i++) {
		const struct sample *p = &t->v[i];

		/* timer time: pauses (a new segment) do not count */
		if (i > 0 && t->v[i - 1].seg == p->seg)
			ls->time_s += (double)(p->t_s - t->v[i - 1].t_s);
		ls->max_speed = fmax(ls->max_speed, p->speed_mps);
		ls->speed_sum += p->speed_mps;
		ls->speed_n++;
		if (!isnan(p->hr_bpm)) {
			ls->hr_sum += p->hr_bpm;
			ls->hr_max = fmax(ls->hr_max, p->hr_bpm);
			ls->hr_n++;
		}
		if (!isnan(p->cad_rpm) && p->cad_rpm > 0) {
			ls->cad_sum += p->cad_rpm;
			ls->cad_max = fmax(ls->cad_max, p->cad_rpm);
			ls->cad_n++;
		}
		if (!p->resting)
			ls->resting = false;
	}
}

static void tcx_point(struct sbuf *b, const struct sample *p, bool treadmill)
{
	char ts[48];

	time_format(ts, sizeof ts, p->t_s, TS_Z_MS, NULL);
	sbuf_printf(b, "          <Trackpoint>\n            <Time>%s</Time>\n", ts);
	if (!treadmill)
		sbuf_printf(b, "            <Position>\n"
			    "              <LatitudeDegrees>%.9f</LatitudeDegrees>\n"
			    "              <LongitudeDegrees>%.9f</LongitudeDegrees>\n"
			    "            </Position>\n"
			    "            <AltitudeMeters>%.1f</AltitudeMeters>\n",
			    p->lat_deg, p->lon_deg, p->ele_m);
	sbuf_printf(b, "            <DistanceMeters>%.2f</DistanceMeters>\n", p->dist_m);
	if (!isnan(p->hr_bpm))
		sbuf_printf(b, "            <HeartRateBpm>\n              <Value>%.0f</Value>\n"
			    "            </HeartRateBpm>\n", p->hr_bpm);
	sbuf_printf(b, "            <Extensions>\n              <ns3:TPX>\n"
		    "                <ns3:Speed>%.3f</ns3:Speed>\n", p->speed_mps);
	if (!isnan(p->cad_rpm))
		sbuf_printf(b, "                <ns3:RunCadence>%.0f</ns3:RunCadence>\n", p->cad_rpm);
	sbuf_puts(b, "              </ns3:TPX>\n            </Extensions>\n          </Trackpoint>\n");
}

static void tcx_lap(struct sbuf *b, const struct track *t, const struct lap_stats *ls,
		    bool autolap, bool last, bool treadmill, double mass_kg)
{
	char ts[48];

	time_format(ts, sizeof ts, t->v[ls->first].t_s, TS_Z_MS, NULL);
	sbuf_printf(b, "      <Lap StartTime=\"%s\">\n"
		    "        <TotalTimeSeconds>%.1f</TotalTimeSeconds>\n"
		    "        <DistanceMeters>%.2f</DistanceMeters>\n"
		    "        <MaximumSpeed>%.3f</MaximumSpeed>\n"
		    "        <Calories>%.0f</Calories>\n",
		    ts, ls->time_s, ls->dist_m, ls->max_speed, mass_kg * ls->dist_m / 1000 * 1.03);
	if (ls->hr_n)
		sbuf_printf(b, "        <AverageHeartRateBpm>\n          <Value>%.0f</Value>\n"
			    "        </AverageHeartRateBpm>\n        <MaximumHeartRateBpm>\n"
			    "          <Value>%.0f</Value>\n        </MaximumHeartRateBpm>\n",
			    ls->hr_sum / (double)ls->hr_n, ls->hr_max);
	sbuf_printf(b, "        <Intensity>%s</Intensity>\n        <TriggerMethod>%s</TriggerMethod>\n",
		    ls->resting ? "Resting" : "Active", autolap && !last ? "Distance" : "Manual");
	sbuf_puts(b, "        <Track>\n");
	for (size_t i = ls->first; i < ls->end; i++) {
		if (i > ls->first && t->v[i].seg != t->v[i - 1].seg)
			sbuf_puts(b, "        </Track>\n        <Track>\n");
		tcx_point(b, &t->v[i], treadmill);
	}
	sbuf_puts(b, "        </Track>\n");
	sbuf_printf(b, "        <Extensions>\n          <ns3:LX>\n"
		    "            <ns3:AvgSpeed>%.3f</ns3:AvgSpeed>\n",
		    ls->time_s > 0 ? ls->dist_m / ls->time_s : 0.0);
	if (ls->cad_n)
		sbuf_printf(b, "            <ns3:AvgRunCadence>%.0f</ns3:AvgRunCadence>\n"
			    "            <ns3:MaxRunCadence>%.0f</ns3:MaxRunCadence>\n",
			    ls->cad_sum / (double)ls->cad_n, ls->cad_max);
	sbuf_puts(b, "          </ns3:LX>\n        </Extensions>\n      </Lap>\n");
}

void write_tcx(struct sbuf *b, const struct track *t, enum file_style st, const struct export_meta *m)
{
	char ts[48];
	bool treadmill = st == FS_TCX_TREADMILL;
	bool autolap = true;
	double start_dist = 0;

	/* manual laps when some lap is not a whole kilometre */
	for (size_t i = 1; i < t->n; i++)
		if (t->v[i].lap != t->v[i - 1].lap && t->v[i].lap != (unsigned)floor(t->v[i].dist_m / 1000))
			autolap = false;
	time_format(ts, sizeof ts, t->v[0].t_s, TS_Z_MS, NULL);
	sbuf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<TrainingCenterDatabase\n"
		  "  xsi:schemaLocation=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
		  " http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd\"\n"
		  "  xmlns:ns5=\"http://www.garmin.com/xmlschemas/ActivityGoals/v1\"\n"
		  "  xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\"\n"
		  "  xmlns:ns2=\"http://www.garmin.com/xmlschemas/UserProfile/v2\"\n"
		  "  xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"\n"
		  "  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
		  " xmlns:ns4=\"http://www.garmin.com/xmlschemas/ProfileExtension/v1\">\n"
		  "  <Activities>\n    <Activity Sport=\"Running\">\n");
	sbuf_printf(b, "      <Id>%s</Id>\n", ts);
	for (size_t first = 0; first < t->n;) {
		size_t end = first + 1;
		struct lap_stats ls;

		while (end < t->n && t->v[end].lap == t->v[first].lap)
			end++;
		lap_measure(t, first, end, start_dist, &ls);
		tcx_lap(b, t, &ls, autolap, end == t->n, treadmill, 58);
		start_dist = t->v[end - 1].dist_m;
		first = end;
	}
	sbuf_puts(b, "      <Notes>");
	sbuf_xml_text(b, m->name);
	sbuf_puts(b, "</Notes>\n");
	sbuf_printf(b, "      <Creator xsi:type=\"Device_t\">\n        <Name>");
	sbuf_xml_text(b, m->device);
	sbuf_printf(b, "</Name>\n        <UnitId>%u</UnitId>\n        <ProductID>%u</ProductID>\n"
		    "        <Version>\n          <VersionMajor>19</VersionMajor>\n"
		    "          <VersionMinor>18</VersionMinor>\n          <BuildMajor>0</BuildMajor>\n"
		    "          <BuildMinor>0</BuildMinor>\n        </Version>\n      </Creator>\n",
		    (unsigned)m->unit_id, m->product_id);
	sbuf_puts(b, "    </Activity>\n  </Activities>\n"
		  "  <Author xsi:type=\"Application_t\">\n    <Name>Connect Api</Name>\n"
		  "    <Build>\n      <Version>\n        <VersionMajor>0</VersionMajor>\n"
		  "        <VersionMinor>0</VersionMinor>\n        <BuildMajor>0</BuildMajor>\n"
		  "        <BuildMinor>0</BuildMinor>\n      </Version>\n    </Build>\n"
		  "    <LangID>en</LangID>\n    <PartNumber>006-D2449-00</PartNumber>\n"
		  "  </Author>\n</TrainingCenterDatabase>\n");
}
