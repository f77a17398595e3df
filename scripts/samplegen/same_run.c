/*
 * same_run.c - `samplegen --same-run DIR [--hours H] [--seed S]`: one run
 * of Ana's, recorded once (one sample a second, auto-pause at stops) and
 * exported as the watch's FIT (run.fit), Garmin Connect's GPX (run.gpx)
 * and TCX (run.tcx).  The three files are one recording: runrisk must give
 * them the same summary (within the rounding of each format) and count
 * them once (tests/cli/fit_paths.sh); the benchmark times each format on
 * a 3-hour run and measures memory on a 24-hour one (tests/bench/bench.sh).
 */
#include <stdio.h>

#include "scripts/samplegen/samplegen.h"

void same_run_write(const char *dir, double hours, uint64_t seed)
{
	static struct athlete_def a;	/* large: keep off the stack */
	static const struct {
		enum file_style st;
		const char *name;
	} out[] = {
		{ FS_FIT_GARMIN, "run.fit" }, { FS_GPX_GARMIN, "run.gpx" }, { FS_TCX_GARMIN, "run.tcx" },
	};
	struct planner p;
	struct plan_run *pr;
	char path[1024];
	int loop = -1;

	if (!(hours > 0 && hours <= 48))
		die("--hours must be in (0, 48]");
	plan_ana(&a, seed);
	a.nruns = 0;		/* keep the routes and the runner; drop the scenario */
	a.nevents = a.npain = 0;
	for (size_t i = 0; i < a.nroutes && loop < 0; i++)
		if (a.routes[i].loop)
			loop = (int)i;
	if (loop < 0)
		die("no loop route");
	planner_init(&p, &a, seed, 0x5a3e);
	p.pause = PAUSE_GAP;
	p.dt_min_s = p.dt_max_s = 1;
	/* a long-run pace of about 10 km/h; three stops (auto-pause: time gaps) */
	pr = plan_add(&p, 2, 6, 7, 30, K_LONG, loop, hours * 10.0, 0, 0, "Long run");
	pr->opts.nstops = 3;
	pr->opts.stop_min_s = 40;
	pr->opts.stop_max_s = 90;
	plan_finish(&p, 30000000000ull, 40000000000ull);
	plan_simulate(&a, 0, seed);
	mkdir_p(dir);
	for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
		struct sbuf b;

		sbuf_init(&b);
		export_run(&a, &a.runs[0], out[i].st, 0, &b);
		snprintf(path, sizeof path, "%s/%s", dir, out[i].name);
		write_file(path, b.p, b.len);
		sbuf_release(&b);
	}
	athlete_release(&a);
}
