/*
 * write_gpx.c - GPX 1.1 in the shapes real services export: Strava (bulk
 * export), Garmin Connect (ns3 prefix, millisecond times), a phone app
 * writing local times with a numeric offset, and a plain phone export with
 * no extensions.  Numbers are printed with printf in the C locale (the
 * generator never calls setlocale), so the decimal point is always '.'.
 */
#include <math.h>

#include "scripts/samplegen/samplegen.h"

#define NS_GPX "http://www.topografix.com/GPX/1/1"
#define NS_TPX "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
#define NS_GPXX "http://www.garmin.com/xmlschemas/GpxExtensions/v3"
#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"

static void gpx_header(struct sbuf *b, enum file_style st, const struct export_meta *m,
		       const struct track *t)
{
	char ts[48];

	sbuf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	switch (st) {
	case FS_GPX_GARMIN:
		sbuf_puts(b, "<gpx creator=\"Garmin Connect\" version=\"1.1\"\n"
			  "  xsi:schemaLocation=\"" NS_GPX " http://www.topografix.com/GPX/11.xsd\"\n"
			  "  xmlns:ns3=\"" NS_TPX "\"\n"
			  "  xmlns=\"" NS_GPX "\"\n"
			  "  xmlns:xsi=\"" NS_XSI "\" xmlns:ns2=\"" NS_GPXX "\">\n");
		time_format(ts, sizeof ts, t->v[0].t_s, TS_Z_MS, m->zone);
		sbuf_printf(b, "  <metadata>\n    <link href=\"connect.garmin.com\">\n"
			    "      <text>Garmin Connect</text>\n    </link>\n"
			    "    <time>%s</time>\n  </metadata>\n", ts);
		break;
	case FS_GPX_OPENTRACKS:
		sbuf_puts(b, "<gpx version=\"1.1\" creator=\"OpenTracks\"\n"
			  "xmlns=\"" NS_GPX "\"\n"
			  "xmlns:gpxtpx=\"" NS_TPX "\"\n"
			  "xmlns:xsi=\"" NS_XSI "\"\n"
			  "xsi:schemaLocation=\"" NS_GPX " https://www.topografix.com/GPX/1/1/gpx.xsd "
			  NS_TPX " https://www8.garmin.com/xmlschemas/TrackPointExtensionv1.xsd\">\n");
		time_format(ts, sizeof ts, t->v[0].t_s, TS_OFFSET_MS, m->zone);
		sbuf_printf(b, "<metadata>\n<time>%s</time>\n</metadata>\n", ts);
		break;
	case FS_GPX_STRAVA:
	case FS_GPX_PLAIN:
	default:
		sbuf_printf(b, "<gpx creator=\"%s\" xmlns:xsi=\"" NS_XSI "\" xsi:schemaLocation=\""
			    NS_GPX " http://www.topografix.com/GPX/1/1/gpx.xsd " NS_GPXX
			    " http://www.garmin.com/xmlschemas/GpxExtensionsv3.xsd " NS_TPX
			    " http://www.garmin.com/xmlschemas/TrackPointExtensionv1.xsd\" version=\"1.1\""
			    " xmlns=\"" NS_GPX "\" xmlns:gpxtpx=\"" NS_TPX "\" xmlns:gpxx=\"" NS_GPXX "\">\n",
			    st == FS_GPX_PLAIN ? "StravaGPX iPhone" : "StravaGPX");
		time_format(ts, sizeof ts, t->v[0].t_s, TS_Z, m->zone);
		sbuf_printf(b, " <metadata>\n  <time>%s</time>\n </metadata>\n", ts);
		break;
	}
}

static void gpx_point(struct sbuf *b, enum file_style st, const struct export_meta *m,
		      const struct sample *p)
{
	char ts[48];
	bool ext = st != FS_GPX_PLAIN && (!isnan(p->hr_bpm) || !isnan(p->cad_rpm));
	const char *pre = st == FS_GPX_GARMIN ? "ns3" : "gpxtpx";
	const char *in1 = st == FS_GPX_GARMIN ? "      " : st == FS_GPX_OPENTRACKS ? "" : "   ";
	const char *in2 = st == FS_GPX_GARMIN ? "  " : st == FS_GPX_OPENTRACKS ? "" : " ";

	time_format(ts, sizeof ts, p->t_s,
		    st == FS_GPX_GARMIN ? TS_Z_MS : st == FS_GPX_OPENTRACKS ? TS_OFFSET_MS : TS_Z,
		    m->zone);
	if (st == FS_GPX_GARMIN)
		sbuf_printf(b, "%s<trkpt lat=\"%.9f\" lon=\"%.9f\">\n", in1, p->lat_deg, p->lon_deg);
	else
		sbuf_printf(b, "%s<trkpt lat=\"%.7f\" lon=\"%.7f\">\n", in1, p->lat_deg, p->lon_deg);
	sbuf_printf(b, "%s%s<ele>%.1f</ele>\n", in1, in2, p->ele_m);
	sbuf_printf(b, "%s%s<time>%s</time>\n", in1, in2, ts);
	if (ext) {
		sbuf_printf(b, "%s%s<extensions>\n%s%s%s<%s:TrackPointExtension>\n",
			    in1, in2, in1, in2, in2, pre);
		if (!isnan(p->hr_bpm))
			sbuf_printf(b, "%s%s%s%s<%s:hr>%.0f</%s:hr>\n", in1, in2, in2, in2, pre,
				    p->hr_bpm, pre);
		if (!isnan(p->cad_rpm))
			sbuf_printf(b, "%s%s%s%s<%s:cad>%.0f</%s:cad>\n", in1, in2, in2, in2, pre,
				    p->cad_rpm, pre);
		sbuf_printf(b, "%s%s%s</%s:TrackPointExtension>\n%s%s</extensions>\n",
			    in1, in2, in2, pre, in1, in2);
	}
	sbuf_printf(b, "%s</trkpt>\n", in1);
}

void write_gpx(struct sbuf *b, const struct track *t, enum file_style st, const struct export_meta *m)
{
	const char *ind = st == FS_GPX_GARMIN ? "  " : st == FS_GPX_OPENTRACKS ? "" : " ";
	const char *ind2 = st == FS_GPX_GARMIN ? "    " : st == FS_GPX_OPENTRACKS ? "" : "  ";
	bool split = m->split_segments || st == FS_GPX_OPENTRACKS;

	gpx_header(b, st, m, t);
	sbuf_printf(b, "%s<trk>\n%s<name>", ind, ind2);
	sbuf_xml_text(b, m->name);
	sbuf_puts(b, "</name>\n");
	if (st == FS_GPX_OPENTRACKS)
		sbuf_puts(b, "<desc>recorded with the phone; watch was charging</desc>\n");
	sbuf_printf(b, "%s<type>running</type>\n%s<trkseg>\n", ind2, ind2);
	for (size_t i = 0; i < t->n; i++) {
		if (split && i > 0 && t->v[i].seg != t->v[i - 1].seg)
			sbuf_printf(b, "%s</trkseg>\n%s<trkseg>\n", ind2, ind2);
		gpx_point(b, st, m, &t->v[i]);
	}
	sbuf_printf(b, "%s</trkseg>\n%s</trk>\n</gpx>\n", ind2, ind);
}
