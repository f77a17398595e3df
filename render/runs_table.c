#include "render/runs_table.h"

#include <string.h>

#include "core/timeutil.h"

/*
 * table_begin() writes the CSV header or the JSON '[' at once, so init only
 * records the stream and the header call starts the table.
 */
void runs_writer_init(struct runs_writer *w, FILE *out, enum runs_format f)
{
	memset(w, 0, sizeof(*w));
	w->t.f = out;
	w->t.fmt = f == RUNS_JSON ? TABLE_JSON : TABLE_CSV;
}

void runs_writer_header(struct runs_writer *w)
{
	table_begin(&w->t, w->t.f, w->t.fmt, runs_columns, runs_ncolumns);
}

void runs_writer_row(struct runs_writer *w, const struct runs_row *r)
{
	struct run_row row = { r->s, r->file, RR_NO_DAY, r->shoe, r->duplicate_of, r->surface };
	int32_t day;

	if (r->local_date && *r->local_date &&
	    rr_parse_date(r->local_date, strlen(r->local_date), &day) == 0)
		row.local_day = day;
	run_row_write(&w->t, &row);
}

void runs_writer_finish(struct runs_writer *w)
{
	table_end(&w->t);
}
