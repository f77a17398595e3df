/*
 * report.c - report_write(): the output folder, in a fixed order: per
 * athlete text, tables; the roster; charts (one gnuplot for everything);
 * then the HTML pages, which show the charts that were made.
 */
#include "render/report.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/outfile.h"
#include "core/timeutil.h"
#include "render/escape.h"
#include "render/render.h"
#include "render/table.h"

#define PATH_BYTES 4096

void report_options_init(struct report_options *o)
{
	o->outdir = "report";
	o->charts = true;
	o->gnuplot = NULL;
	o->today = RR_NO_DAY;
	o->written = NULL;
	o->may_replace = NULL;
	o->may_replace_ctx = NULL;
}

/* The level a check-in is ranked by: the top active flag, or warn for no recent data. */
static int rank_level(const struct athlete_report *a, const struct flag_counts *c,
		      int32_t ref)
{
	int l = c->top ? (int)c->top->level : 0;

	if (athlete_is_stale(a->res, ref) && l < FLAG_WARN)
		l = FLAG_WARN;
	return l;
}

static int cmp_rank(const struct athlete_report *a, const struct athlete_report *b,
		    int32_t ref)
{
	struct flag_counts ca, cb;
	int la, lb, da, db;

	flag_counts_compute(&ca, a->res);
	flag_counts_compute(&cb, b->res);
	la = rank_level(a, &ca, ref);
	lb = rank_level(b, &cb, ref);
	if (la != lb)
		return la > lb ? -1 : 1;
	if (!ca.top != !cb.top)
		return ca.top ? -1 : 1;
	if (ca.latest_day != cb.latest_day)
		return ca.latest_day > cb.latest_day ? -1 : 1;
	if (ca.total != cb.total)
		return ca.total > cb.total ? -1 : 1;
	/* the longer without data first */
	da = days_without_data(a->res, ref);
	db = days_without_data(b->res, ref);
	if (da != db)
		return da > db ? -1 : 1;
	return strcmp(athlete_display_name(a), athlete_display_name(b));
}

void report_rank(const struct athlete_report *a, size_t n, size_t *idx)
{
	int32_t ref = roster_ref_day(a, n);
	size_t i, j;

	for (i = 0; i < n; i++)
		idx[i] = i;
	/* Insertion sort: stable, and rosters are small. */
	for (i = 1; i < n; i++) {
		size_t v = idx[i];

		for (j = i; j > 0 && cmp_rank(&a[v], &a[idx[j - 1]], ref) < 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = v;
	}
}

/* ---- files ---- */

__attribute__((format(printf, 4, 5)))
static enum rr_status out_open(struct rr_outfile *o, struct rr_error *err,
			       const char *dir, const char *fmt, ...)
{
	char name[256], path[PATH_BYTES];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return rr_error_set(err, RR_EIO, 0, 0, "output path too long: %s/%s",
				    dir, name);
	return rr_outfile_open(o, path, err);
}

static enum rr_status make_dir(const char *path, struct rr_error *err)
{
	struct stat st;

	if (mkdir(path, 0755) == 0)
		return RR_OK;
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return RR_OK;
	if (errno == EEXIST)
		errno = ENOTDIR;
	rr_error_set(err, RR_EIO, 0, 0, "cannot create folder %s: %s", path,
		     strerror(errno));
	if (err)
		err->errno_ = errno;
	return RR_EIO;
}

static const char *const ext[2] = { "csv", "json" };

/* runs, days, weeks, flags and shoes of one athlete, as CSV and JSON. */
static enum rr_status write_tables(const char *dir, const struct athlete_report *a,
				   struct rr_outset *set, struct rr_error *err)
{
	const struct athlete_result *r = a->res;
	enum rr_status st = RR_OK, s;
	size_t i;
	int k;

	for (k = 0; k < 2; k++) {
		enum table_format fmt = k ? TABLE_JSON : TABLE_CSV;
		struct rr_outfile o;
		struct table t;

		if (!(s = out_open(&o, err, dir, "runs.%s", ext[k]))) {
			table_begin(&t, o.f, fmt, runs_columns, runs_ncolumns);
			for (i = 0; i < r->nruns; i++) {
				struct run_row row;

				run_row_from_entry(&row, r, &r->runs[i]);
				run_row_write(&t, &row);
			}
			table_end(&t);
			s = rr_outset_add(set, &o, err);
		}
		st = st ? st : s;
		if (!(s = out_open(&o, err, dir, "days.%s", ext[k]))) {
			table_begin(&t, o.f, fmt, days_columns, days_ncolumns);
			for (i = 0; i < r->ndays; i++)
				days_row_write(&t, &r->days[i]);
			table_end(&t);
			s = rr_outset_add(set, &o, err);
		}
		st = st ? st : s;
		if (!(s = out_open(&o, err, dir, "weeks.%s", ext[k]))) {
			table_begin(&t, o.f, fmt, weeks_columns, weeks_ncolumns);
			for (i = 0; i < r->nweeks; i++)
				weeks_row_write(&t, &r->weeks[i]);
			table_end(&t);
			s = rr_outset_add(set, &o, err);
		}
		st = st ? st : s;
		if (!(s = out_open(&o, err, dir, "flags.%s", ext[k]))) {
			table_begin(&t, o.f, fmt, flags_columns, flags_ncolumns);
			for (i = 0; i < r->nflags; i++)
				flags_row_write(&t, athlete_display_name(a), r, &r->flags[i]);
			table_end(&t);
			s = rr_outset_add(set, &o, err);
		}
		st = st ? st : s;
		if (!(s = out_open(&o, err, dir, "shoes.%s", ext[k]))) {
			table_begin(&t, o.f, fmt, shoes_columns, shoes_ncolumns);
			for (i = 0; i < r->nshoes; i++)
				shoes_row_write(&t, &r->shoes[i]);
			table_end(&t);
			s = rr_outset_add(set, &o, err);
		}
		st = st ? st : s;
	}
	return st;
}

static enum rr_status write_text(const char *dir, const struct athlete_report *a,
				 int32_t today, struct rr_outset *set,
				 struct rr_error *err)
{
	struct rr_outfile o;
	enum rr_status st = out_open(&o, err, dir, "report.txt");

	if (st)
		return st;
	text_athlete(o.f, a, today);
	return rr_outset_add(set, &o, err);
}

/* ---- the roster (several athletes) ---- */

static const char *const roster_columns[] = {
	"rank", "athlete", "folder", "dir", "level", "alert", "warn", "note",
	"latest_flag", "top_rule", "top_evidence", "runs", "first_day", "last_day"
};

static enum rr_status write_roster(const struct report_options *opt,
				   const struct athlete_report *a, size_t n,
				   const size_t *order, char (*dirs)[80],
				   struct rr_outset *set, struct rr_error *err)
{
	enum rr_status st = RR_OK, s;
	struct rr_outfile o;
	size_t i, j;
	int k;

	if (!(s = out_open(&o, err, opt->outdir, "roster.txt"))) {
		text_roster(o.f, a, n, order);
		s = rr_outset_add(set, &o, err);
	}
	st = st ? st : s;
	if (!(s = out_open(&o, err, opt->outdir, "report.txt"))) {
		text_roster(o.f, a, n, order);
		for (i = 0; i < n; i++) {
			fputc('\n', o.f);
			text_athlete(o.f, &a[order[i]], opt->today);
		}
		s = rr_outset_add(set, &o, err);
	}
	st = st ? st : s;
	for (k = 0; k < 2; k++) {
		enum table_format fmt = k ? TABLE_JSON : TABLE_CSV;
		struct table t;

		if (!(s = out_open(&o, err, opt->outdir, "roster.%s", ext[k]))) {
			table_begin(&t, o.f, fmt, roster_columns,
				    sizeof(roster_columns) / sizeof(roster_columns[0]));
			for (i = 0; i < n; i++) {
				const struct athlete_report *x = &a[order[i]];
				struct flag_counts c;
				char ev[EVIDENCE_SIZE];

				flag_counts_compute(&c, x->res);
				table_row_begin(&t);
				table_uint(&t, i + 1);
				table_text(&t, athlete_display_name(x));
				table_text(&t, x->folder);
				table_text(&t, dirs[order[i]]);
				table_text(&t, c.top ? flag_level_name(c.top->level) : NULL);
				table_uint(&t, c.level[FLAG_ALERT]);
				table_uint(&t, c.level[FLAG_WARN]);
				table_uint(&t, c.level[FLAG_NOTE]);
				table_date(&t, c.latest_day);
				table_text(&t, c.top ? rule_name(c.top->rule) : NULL);
				table_text(&t, c.top ? flag_evidence(ev, sizeof(ev), x->res, c.top) :
						       NULL);
				table_uint(&t, x->res->nruns);
				table_date(&t, x->res->first_day);
				table_date(&t, x->res->last_day);
				table_row_end(&t);
			}
			table_end(&t);
			s = rr_outset_add(set, &o, err);
		}
		st = st ? st : s;
		/* Every athlete's flags in one table, in roster order. */
		if (!(s = out_open(&o, err, opt->outdir, "flags.%s", ext[k]))) {
			table_begin(&t, o.f, fmt, flags_columns, flags_ncolumns);
			for (i = 0; i < n; i++) {
				const struct athlete_report *x = &a[order[i]];

				for (j = 0; j < x->res->nflags; j++)
					flags_row_write(&t, athlete_display_name(x), x->res,
							&x->res->flags[j]);
			}
			table_end(&t);
			s = rr_outset_add(set, &o, err);
		}
		st = st ? st : s;
	}
	return st;
}

/* ---- charts ---- */

struct athlete_charts {
	char *script;
	size_t len;
	unsigned mask;
};

/* Does the file at path hold exactly these bytes? */
static bool same_bytes(const char *path, const char *data, size_t len)
{
	char buf[65536];
	struct stat st;
	size_t off = 0, got;
	bool same;
	FILE *f = fopen(path, "rb");

	if (!f)
		return false;
	same = fstat(fileno(f), &st) == 0 && (size_t)st.st_size == len;
	while (same && (got = fread(buf, 1, sizeof(buf), f)) > 0) {
		same = off + got <= len && !memcmp(buf, data + off, got);
		off += got;
	}
	same = same && off == len && !ferror(f);
	fclose(f);
	return same;
}

/*
 * Are an athlete's charts already drawn from this very script?  The script
 * names the gnuplot that draws it (gnuplot_line()), and the images depend
 * on nothing else; they are committed before charts.gp, so a charts.gp
 * with the same bytes and every image it makes, non-empty, means that
 * drawing them again would give the same files.
 */
static bool charts_current(const char *dir, const struct athlete_charts *c)
{
	static const char *const img_ext[2] = { "png", "svg" };
	char path[PATH_BYTES + 32];
	struct stat st;
	int id, t;

	snprintf(path, sizeof(path), "%s/charts.gp", dir);
	if (!same_bytes(path, c->script, c->len))
		return false;
	for (id = 0; id < CHART_N; id++) {
		if (!(c->mask & 1u << id))
			continue;
		for (t = 0; t < 2; t++) {
			snprintf(path, sizeof(path), "%s/%s.%s", dir,
				 chart_defs[id].file, img_ext[t]);
			if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
				return false;
		}
	}
	return true;
}

/*
 * The first line of every charts.gp: which gnuplot draws it (the program
 * found in PATH, with its size and mtime), so that a new gnuplot - or
 * another one - redraws every chart.
 */
static void gnuplot_line(char *buf, size_t size, const char *prog)
{
	char path[PATH_BYTES];
	const char *dirs = getenv("PATH");
	struct stat st;
	bool found = false;

	if (strchr(prog, '/')) {
		snprintf(path, sizeof(path), "%s", prog);
		found = stat(path, &st) == 0;
	}
	while (!found && dirs && *dirs) {
		const char *end = strchr(dirs, ':');
		size_t n = end ? (size_t)(end - dirs) : strlen(dirs);

		snprintf(path, sizeof(path), "%.*s/%s", (int)n, n ? dirs : ".", prog);
		found = stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
		dirs = end ? end + 1 : NULL;
	}
	if (!found)
		snprintf(buf, size, "# runrisk charts; gnuplot: %s (not found)\n", prog);
	else
		snprintf(buf, size, "# runrisk charts; gnuplot: %s, %lld bytes, modified %lld.%09ld\n",
			 path, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			 st.st_mtim.tv_nsec);
	/* A name with a newline must not end the comment early. */
	for (; *buf && buf[1]; buf++)
		if (*buf == '\n' || *buf == '\r')
			*buf = '?';
}

/* Record charts.gp and the images of mask in dir as files of this report (kept as they are). */
static void log_charts(struct rr_outset_log *log, const char *dir, unsigned mask)
{
	char path[PATH_BYTES + 64];
	int id, t;

	if (!log)
		return;
	snprintf(path, sizeof(path), "%s/charts.gp", dir);
	rr_outset_log_add(log, path);
	for (id = 0; id < CHART_N; id++)
		for (t = 0; t < 2 && (mask & 1u << id); t++) {
			snprintf(path, sizeof(path), "%s/%s.%s", dir, chart_defs[id].file,
				 t ? "svg" : "png");
			rr_outset_log_add(log, path);
		}
}

/*
 * Each athlete's charts.gp and charts, queued in set; gnuplot runs once,
 * for the athletes whose script changed.  made[i] gets the charts that will
 * exist once the set is committed.
 */
static enum rr_status make_charts(const struct report_options *opt,
				  const struct athlete_report *a, size_t n,
				  char (*paths)[PATH_BYTES], unsigned *made,
				  struct rr_outset *set, struct rr_error *cerr)
{
	struct athlete_charts *ac = rr_alloc_array(n, sizeof(*ac));
	struct chart_job *jobs = rr_alloc_array(n, sizeof(*jobs));
	enum rr_status st = RR_OK;
	char head[PATH_BYTES + 128];
	size_t i, nj = 0;

	if (!ac || !jobs) {
		st = rr_error_set(cerr, RR_ENOMEM, 0, 0, "out of memory");
		goto out;
	}
	gnuplot_line(head, sizeof(head), opt->gnuplot ? opt->gnuplot : "gnuplot");
	for (i = 0; i < n && !st; i++) {
		FILE *mem = open_memstream(&ac[i].script, &ac[i].len);
		int mask;

		if (!mem) {
			st = rr_error_set(cerr, RR_ENOMEM, 0, 0, "out of memory");
			break;
		}
		fputs(head, mem);
		mask = charts_script(mem, &a[i]);
		if (fclose(mem) != 0 || mask < 0) {
			st = rr_error_set(cerr, RR_ENOMEM, 0, 0, "out of memory");
			break;
		}
		ac[i].mask = (unsigned)mask;
		if (!ac[i].mask)
			continue;
		if (charts_current(paths[i], &ac[i])) {
			log_charts(set->log, paths[i], ac[i].mask);	/* still part of the report */
			continue;
		}
		jobs[nj].script = ac[i].script;
		jobs[nj].len = ac[i].len;
		jobs[nj].dest_dir = paths[i];
		jobs[nj].mask = ac[i].mask;
		nj++;
	}
	if (!st)	/* queues each job's images, then its charts.gp */
		st = charts_run(opt->gnuplot, opt->outdir, jobs, nj, set, cerr);
	if (!st)
		for (i = 0; i < n; i++)
			made[i] = ac[i].mask;
out:
	if (ac)
		for (i = 0; i < n; i++)
			free(ac[i].script);
	free(ac);
	free(jobs);
	return st;
}

/* ---- HTML ---- */

static enum rr_status write_html(const struct report_options *opt,
				  const struct athlete_report *a, size_t n,
				  const size_t *order, char (*dirs)[80],
				  char (*paths)[PATH_BYTES], const unsigned *made,
				  const char *note, struct rr_outset *set,
				  struct rr_error *err)
{
	const char **names = rr_alloc_array(n, sizeof(*names));
	enum rr_status st = RR_OK, s;
	struct rr_outfile o;
	size_t i;

	if (!names)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	for (i = 0; i < n; i++) {
		names[i] = dirs[i];
		if (!(s = out_open(&o, err, paths[i], "index.html"))) {
			html_athlete(o.f, &a[i], made[i], made[i] ? NULL : note, n > 1);
			s = rr_outset_add(set, &o, err);
		}
		st = st ? st : s;
	}
	if (n > 1) {
		if (!(s = out_open(&o, err, opt->outdir, "index.html"))) {
			html_roster(o.f, a, n, order, names);
			s = rr_outset_add(set, &o, err);
		}
		st = st ? st : s;
	}
	free(names);
	return st;
}

/* ---- the whole report ---- */

/* Unique safe folder names: "ana", "ana-2", ... */
static void pick_dirs(const struct athlete_report *a, size_t n, char (*dirs)[80])
{
	size_t i, j;
	unsigned k;

	for (i = 0; i < n; i++) {
		char base[72];
		bool clash;

		esc_folder_name(base, sizeof(base), a[i].folder ? a[i].folder :
				athlete_display_name(&a[i]));
		snprintf(dirs[i], 80, "%s", base);
		for (k = 2;; k++) {
			clash = false;
			for (j = 0; j < i && !clash; j++)
				clash = !strcmp(dirs[i], dirs[j]);
			if (!clash)
				break;
			snprintf(dirs[i], 80, "%s-%u", base, k);
		}
	}
}

/*
 * Remove what a killed run left in dir: its temporaries (report files,
 * the cache, the alert memory: all core/outfile.h's, tagged ".runrisk-")
 * and chart staging folders.  The caller holds the OUTDIR lock, so no
 * other run owns them; another tool's hidden files are never taken.
 */
static void sweep_leftovers(const char *dir)
{
	char path[PATH_BYTES + 256];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!rr_outfile_is_temporary(de->d_name))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) < sizeof(path))
			unlink(path);
	}
	closedir(d);
	charts_sweep(dir);
}

/* A failure before any file was replaced: say that the old report stands. */
static void say_unchanged(struct rr_error *err)
{
	static const char tail[] = "; report not written (the previous one, if any, "
				   "is unchanged)";
	size_t len = strlen(err->msg);

	if (len + sizeof(tail) <= sizeof(err->msg))
		memcpy(err->msg + len, tail, sizeof(tail));
}

/*
 * Every file of the report is written to a temporary first; they replace
 * the previous report together, and only when all of them - charts
 * included - were made.  A failure anywhere leaves the previous report as
 * it was.
 */
enum rr_status report_write(const struct report_options *opt,
			    const struct athlete_report *a, size_t n,
			    struct rr_error *err)
{
	struct rr_error local = RR_ERROR_INIT;
	struct rr_outset set = RR_OUTSET_INIT;
	char (*dirs)[80] = NULL;
	char (*paths)[PATH_BYTES] = NULL;
	size_t *order = NULL, i, replaced = 0;
	unsigned *made = NULL;
	enum rr_status st = RR_OK, s;

	if (!err)
		err = &local;
	if (!n || !opt->outdir || !*opt->outdir)
		return rr_error_set(err, RR_ECONFIG, 0, 0, "report: no athlete or no output folder");
	dirs = rr_alloc_array(n, sizeof(*dirs));
	paths = rr_alloc_array(n, sizeof(*paths));
	order = rr_alloc_array(n, sizeof(*order));
	made = rr_alloc_array(n, sizeof(*made));
	if (!dirs || !paths || !order || !made) {
		st = rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
		goto out;
	}
	set.log = opt->written;
	if ((st = make_dir(opt->outdir, err)))
		goto out;
	pick_dirs(a, n, dirs);
	report_rank(a, n, order);
	for (i = 0; i < n; i++) {
		int len = n == 1 ?
			snprintf(paths[i], PATH_BYTES, "%s", opt->outdir) :
			snprintf(paths[i], PATH_BYTES, "%s/%s", opt->outdir, dirs[i]);

		if (len < 0 || len >= PATH_BYTES) {
			st = rr_error_set(err, RR_EIO, 0, 0, "output path too long: %s",
					  opt->outdir);
			goto out;
		}
		if (n > 1 && (st = make_dir(paths[i], err)))
			goto out;
	}
	sweep_leftovers(opt->outdir);
	for (i = 0; n > 1 && i < n; i++)
		sweep_leftovers(paths[i]);
	for (i = 0; i < n && !st; i++) {
		s = write_text(paths[i], &a[i], opt->today, &set, err);
		st = st ? st : s;
		s = write_tables(paths[i], &a[i], &set, err);
		st = st ? st : s;
	}
	if (n > 1 && !st)
		st = write_roster(opt, a, n, order, dirs, &set, err);
	if (opt->charts && !st)
		st = make_charts(opt, a, n, paths, made, &set, err);
	if (!st)
		st = write_html(opt, a, n, order, dirs, paths, made,
				opt->charts ? NULL : "switched off", &set, err);
	for (i = 0; !st && opt->may_replace && i < set.n; i++) {
		struct stat sb;

		if (lstat(set.v[i].to, &sb) == 0)
			st = opt->may_replace(opt->may_replace_ctx, set.v[i].to, err);
	}
	if (set.log && set.log->oom && !st)
		st = rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	if (st)
		rr_outset_abort(&set);
	else
		st = rr_outset_commit(&set, &replaced, err);	/* its message says what */
out:
	if (st && !replaced)
		say_unchanged(err);
	rr_outset_abort(&set);
	free(dirs);
	free(paths);
	free(order);
	free(made);
	return st;
}
