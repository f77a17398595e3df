/*
 * libFuzzer target: the Strava activities.csv reader behind the input layer
 * (plain or gzip), read whole and in 7-byte pieces; then every row is looked
 * up by its own file name, and the bytes are tried as an Activity Date.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/strava_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The reader's promises: counts add up, every string is terminated. */
static void check_export(const struct strava_export *x)
{
	size_t i, nfit = 0, nno = 0;

	for (i = 0; i < x->nrows; i++) {
		const struct strava_row *r = &x->rows[i];

		if (!memchr(r->filename, '\0', sizeof(r->filename)) ||
		    !memchr(r->name, '\0', sizeof(r->name)) ||
		    !memchr(r->gear, '\0', sizeof(r->gear)) ||
		    !memchr(r->date, '\0', sizeof(r->date)) ||
		    !memchr(r->id, '\0', sizeof(r->id)) ||
		    !memchr(r->type, '\0', sizeof(r->type)))
			abort();
		nfit += (r->flags & STRAVA_ROW_FIT) != 0;
		nno += (r->flags & STRAVA_ROW_NO_FILE) != 0;
		/*
		 * A row with a file is found again by that exact name (the
		 * lookup drops a leading "./" from the name asked for only).
		 */
		if (r->filename[0] && strncmp(r->filename, "./", 2) != 0 &&
		    !strava_export_find(x, r->filename))
			abort();
	}
	if (nfit != x->nfit || nno != x->nno_file)
		abort();
	for (i = 0; i < x->nwarnings; i++)
		if (!memchr(x->warnings[i].msg, '\0', sizeof(x->warnings[i].msg)))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = { 0, 7 };
	size_t i;
	char *s;
	double t;

	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		struct strava_export x;
		struct rr_input *in;
		struct rr_error err = RR_ERROR_INIT;

		strava_export_init(&x);
		if (rr_input_open_mem(&in, data, size, 16u << 20, &err) != RR_OK)
			return 0;
		if (chunks[i])
			rr_input_set_chunk(in, chunks[i]);
		(void)strava_csv_read(&x, in, &err);
		check_export(&x);
		rr_input_close(in);
		strava_export_release(&x);
	}

	/* the same bytes as a date, as a path to look up and as a csv path */
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)strava_parse_date(s, &t);
	(void)strava_relative(s, "activities/1.gpx");
	(void)strava_relative("export/activities.csv", s);
	free(s);
	return 0;
}
