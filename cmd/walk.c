#include "cmd/walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"

#define WALK_DEFAULT_DEPTH 64

/*
 * A set of (device, inode) pairs: folders entered and files listed, so that
 * symbolic links can neither loop nor list a file twice.  Open addressing,
 * kept at most half full.
 */
struct devino {
	uint64_t dev, ino;
	uint64_t tag;		/* which athlete listed it (files); 0 otherwise */
	bool used;
};

struct devino_set {
	struct devino *slots;
	size_t cap;		/* a power of two, or 0 */
	size_t n;
};

static size_t devino_slot(const struct devino_set *s, uint64_t dev, uint64_t ino, uint64_t tag)
{
	uint64_t h = (ino * 0x9E3779B97F4A7C15ULL) ^ (dev * 0xC2B2AE3D27D4EB4FULL) ^
		     (tag * 0x165667B19E3779F9ULL);

	h ^= h >> 29;
	return (size_t)h & (s->cap - 1);
}

/* 1 when added, 0 when already there, -1 on allocation failure. */
static int devino_add_tag(struct devino_set *s, uint64_t dev, uint64_t ino, uint64_t tag)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct devino_set bigger = { NULL, s->cap ? s->cap * 2 : 64, 0 };

		if (bigger.cap < s->cap)
			return -1;
		bigger.slots = rr_alloc_array(bigger.cap, sizeof(*bigger.slots));
		if (!bigger.slots)
			return -1;
		for (i = 0; i < s->cap; i++)
			if (s->slots[i].used)
				devino_add_tag(&bigger, s->slots[i].dev, s->slots[i].ino,
					       s->slots[i].tag);
		free(s->slots);
		*s = bigger;
	}
	for (i = devino_slot(s, dev, ino, tag);; i = (i + 1) & (s->cap - 1)) {
		struct devino *d = &s->slots[i];

		if (!d->used) {
			d->used = true;
			d->dev = dev;
			d->ino = ino;
			d->tag = tag;
			s->n++;
			return 1;
		}
		if (d->dev == dev && d->ino == ino && d->tag == tag)
			return 0;
	}
}

static int devino_add(struct devino_set *s, uint64_t dev, uint64_t ino)
{
	return devino_add_tag(s, dev, ino, 0);
}

static bool devino_has(const struct devino_set *s, uint64_t dev, uint64_t ino)
{
	size_t i;

	if (!s->cap)
		return false;
	for (i = devino_slot(s, dev, ino, 0);; i = (i + 1) & (s->cap - 1)) {
		const struct devino *d = &s->slots[i];

		if (!d->used)
			return false;
		if (d->dev == dev && d->ino == ino && d->tag == 0)
			return true;
	}
}

struct walker {
	const struct walk_options *o;
	struct walk_result *r;
	struct devino_set dirs;		/* folders entered */
	/*
	 * Files listed, per athlete: the same file linked into two athletes'
	 * folders counts for both (files_tag is the roster sub-folder being
	 * walked, from 1; 0 outside a roster's sub-folders).
	 */
	struct devino_set files;
	uint64_t files_tag;
	struct devino_set excluded;
	unsigned max_depth;
	/* The PATH argument being walked and its realpath (NULL: unknown). */
	const char *root_arg;
	char *root_real;
};

/* Start walking PATH argument arg: resolve it once for the cache keys. */
static void root_set(struct walker *w, const char *arg)
{
	free(w->root_real);
	w->root_arg = arg;
	w->root_real = realpath(arg, NULL);
}

/* Keep a problem for the data notes.  -1 on allocation failure. */
static int problem_add(struct walker *w, const char *path, int errno_, const char *what,
		       bool error)
{
	struct walk_result *r = w->r;
	struct walk_problem *p;

	if (RR_GROW(r->problems, r->problems_cap, r->nproblems + 1))
		return -1;
	p = &r->problems[r->nproblems];
	p->path = rr_strdup(path);
	if (!p->path)
		return -1;
	if (errno_)
		snprintf(p->what, sizeof(p->what), "%s: %s", what, strerror(errno_));
	else
		snprintf(p->what, sizeof(p->what), "%s", what);
	p->error = error;
	r->nproblems++;
	return 0;
}

static void report(struct walker *w, const char *path, int errno_, const char *what)
{
	w->r->nerrors++;
	/* Out of memory here only loses the note: stderr still names the path. */
	(void)problem_add(w, path, errno_, what, true);
	if (w->o->on_error)
		w->o->on_error(w->o->ctx, path, errno_, what);
}

static bool ends_with_ci(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && strcasecmp(s + len - n, suffix) == 0;
}

bool walk_name_is_marker(const char *name)
{
	return strcmp(name, "athlete.ini") == 0 || strcmp(name, "pain.csv") == 0 ||
	       strcmp(name, "activities.csv") == 0;
}

bool walk_name_skipped(const char *name)
{
	/* Extensions of files that are never activities: reports, configuration, media. */
	static const char *const ext[] = {
		".md", ".ini", ".csv", ".json", ".png", ".svg", ".html", ".htm",
		".jpg", ".jpeg", ".gif", ".webp", ".heic", ".pdf", ".mp4", ".mov",
	};
	size_t len = strlen(name), i;

	if (len == 0 || name[0] == '.' || name[len - 1] == '~')
		return true;
	if (walk_name_is_marker(name) || strcasecmp(name, "expected-flags.csv") == 0 ||
	    strncasecmp(name, "README", 6) == 0)
		return true;
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (ends_with_ci(name, len, ext[i]))
			return true;
	return false;
}

static unsigned name_hints(const char *name)
{
	size_t len = strlen(name);

	if (ends_with_ci(name, len, ".fit") || ends_with_ci(name, len, ".fit.gz"))
		return WALK_HINT_FIT;
	return 0;
}

static char *path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	bool slash = dl > 0 && dir[dl - 1] != '/';
	char *p;

	if (dl > SIZE_MAX - nl - 2)
		return NULL;
	p = malloc(dl + nl + 2);
	if (!p)
		return NULL;
	memcpy(p, dir, dl);
	if (slash)
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	return p;
}

/*
 * path (which starts with the root argument) spelt from the root's
 * realpath; NULL when the root is unknown or memory is short (the caller
 * then keys by path).
 */
static char *root_key(const struct walker *w, const char *path)
{
	size_t al;
	const char *tail;

	if (!w->root_real || !w->root_arg)
		return NULL;
	al = strlen(w->root_arg);
	if (strncmp(path, w->root_arg, al) != 0)
		return NULL;
	for (tail = path + al; *tail == '/'; tail++)
		;
	return *tail ? path_join(w->root_real, tail) : rr_strdup(w->root_real);
}

/* The last component of path, with "." and ".." resolved; NULL on OOM. */
static char *folder_name(const char *path)
{
	size_t len = strlen(path);
	const char *base;
	char *copy, *real, *out;

	while (len > 1 && path[len - 1] == '/')
		len--;
	copy = rr_strndup(path, len);
	if (!copy)
		return NULL;
	base = strrchr(copy, '/');
	base = base && base[1] ? base + 1 : copy;
	if (strcmp(base, ".") && strcmp(base, "..")) {
		out = rr_strdup(base);
		free(copy);
		return out;
	}
	free(copy);
	real = realpath(path, NULL);
	if (!real)
		return rr_strdup(path);
	base = strrchr(real, '/');
	out = rr_strdup(base && base[1] ? base + 1 : real);
	free(real);
	return out;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * The entries of dir but "." and "..", sorted bytewise.  Returns 0, -1 with
 * *errno_out set when the folder cannot be read, -2 on allocation failure.
 */
static int read_sorted(const char *dir, char ***out, size_t *nout, int *errno_out)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;

	*out = NULL;
	*nout = 0;
	if (!d) {
		*errno_out = errno;
		return -1;
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (RR_GROW(names, cap, n + 1) || !(names[n] = rr_strdup(de->d_name))) {
			free_names(names, n);
			closedir(d);
			return -2;
		}
		n++;
	}
	if (errno) {
		*errno_out = errno;
		free_names(names, n);
		closedir(d);
		return -1;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	*out = names;
	*nout = n;
	return 0;
}

static bool is_excluded(const struct walker *w, const struct stat *st)
{
	return devino_has(&w->excluded, (uint64_t)st->st_dev, (uint64_t)st->st_ino);
}

/* Takes ownership of path.  0, or -1 on allocation failure. */
static int athlete_add_file(struct walker *w, struct walk_athlete *a, char *path,
			    const struct stat *st, unsigned hints)
{
	struct walk_file *f;
	int added = devino_add_tag(&w->files, (uint64_t)st->st_dev, (uint64_t)st->st_ino,
				   w->files_tag);

	if (added < 0) {
		free(path);
		return -1;
	}
	if (added == 0) {
		w->r->nsame++;
		free(path);
		return 0;
	}
	if (RR_GROW(a->files, a->files_cap, a->nfiles + 1)) {
		free(path);
		return -1;
	}
	f = &a->files[a->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->key = root_key(w, path);
	f->size_bytes = st->st_size > 0 ? (uint64_t)st->st_size : 0;
	f->mtime_s = (int64_t)st->st_mtim.tv_sec;
	f->mtime_ns = st->st_mtim.tv_nsec;
	f->dev = (uint64_t)st->st_dev;
	f->ino = (uint64_t)st->st_ino;
	f->hints = hints;
	return 0;
}

/* Takes ownership of path and archive (NULL: a file).  0, or -1 on allocation failure. */
static int athlete_add_csv_src(struct walk_athlete *a, char *path, char *archive,
			       const struct rr_member_ref *ref)
{
	struct walk_csv_src *src;

	if (RR_GROW(a->strava_csvs, a->strava_cap, a->nstrava_csvs + 1) ||
	    RR_GROW(a->strava_srcs, a->strava_srcs_cap, a->nstrava_csvs + 1)) {
		free(path);
		free(archive);
		return -1;
	}
	src = &a->strava_srcs[a->nstrava_csvs];
	memset(src, 0, sizeof(*src));
	src->archive = archive;
	if (ref)
		src->member = *ref;
	a->strava_csvs[a->nstrava_csvs++] = path;
	return 0;
}

static int athlete_add_csv(struct walk_athlete *a, char *path)
{
	return athlete_add_csv_src(a, path, NULL, NULL);
}

/* "a" + sep + "b", or NULL on OOM. */
static char *join_sep(const char *a, char sep, const char *b)
{
	size_t al = strlen(a), bl = strlen(b);
	char *p;

	if (al > SIZE_MAX - bl - 2)
		return NULL;
	p = malloc(al + bl + 2);
	if (!p)
		return NULL;
	memcpy(p, a, al);
	p[al] = sep;
	memcpy(p + al + 1, b, bl + 1);
	return p;
}

/* The last component of a member name ('/', '\\' or a nested zip's ':'). */
static const char *member_base(const char *name)
{
	const char *base = name, *p;

	for (p = name; *p; p++)
		if (*p == '/' || *p == '\\' || *p == RR_ARCHIVE_SEP)
			base = p + 1;
	return base;
}

/* "exports/ana.zip" -> "ana": the last component, less ".zip".  NULL on OOM. */
static char *zip_athlete_name(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 4 && strcasecmp(base + n - 4, ".zip") == 0)
		n -= 4;
	return rr_strndup(base, n);
}

/* One member of a listed zip.  0, or -1 on allocation failure. */
static int zip_add_member(struct walker *w, struct walk_athlete *a, const char *zip,
			  const struct stat *st, const struct rr_archive_member *m)
{
	const char *base = member_base(m->name);
	struct walk_file *f;
	char *path, *zkey;

	if (strcmp(base, "activities.csv") == 0) {
		char *arch = rr_strdup(zip);

		path = join_sep(zip, RR_ARCHIVE_SEP, m->name);
		if (!path || !arch) {
			free(path);
			free(arch);
			return -1;
		}
		return athlete_add_csv_src(a, path, arch, &m->ref);
	}
	if (walk_name_is_marker(base))
		return 0;	/* athlete.ini, pain.csv: read from folders only */
	if (walk_name_skipped(base)) {
		w->r->nskipped++;
		return 0;
	}
	if (RR_GROW(a->files, a->files_cap, a->nfiles + 1))
		return -1;
	f = &a->files[a->nfiles];
	memset(f, 0, sizeof(*f));
	f->path = join_sep(zip, RR_ARCHIVE_SEP, m->name);
	f->archive = rr_strdup(zip);
	zkey = root_key(w, zip);
	if (zkey) {
		f->key = join_sep(zkey, RR_ARCHIVE_SEP, m->name);
		free(zkey);
	}
	if (!f->path || !f->archive) {
		free(f->path);
		free(f->archive);
		free(f->key);
		return -1;
	}
	a->nfiles++;
	f->size_bytes = m->ref.size_bytes;
	f->mtime_s = (int64_t)st->st_mtim.tv_sec;
	f->mtime_ns = st->st_mtim.tv_nsec;
	f->dev = (uint64_t)st->st_dev;
	f->ino = (uint64_t)st->st_ino;
	f->hints = name_hints(base);
	f->member = m->ref;
	return 0;
}

/*
 * A zip that cannot be listed or is refused: one file of a whose error is
 * the refusal, named ZIP:MEMBER when one member caused it.  Takes path.
 * 0, or -1 on allocation failure.
 */
static int zip_refused(struct walker *w, struct walk_athlete *a, char *path,
		       const struct stat *st, const struct rr_archive_listing *l,
		       enum rr_status rs, const struct rr_error *e)
{
	const char *bad = l->bad_member[0] ? l->bad_member : NULL;
	char *where = bad ? join_sep(path, RR_ARCHIVE_SEP, bad) : rr_strdup(path);
	char *zkey = root_key(w, path);
	char *key = zkey && bad ? join_sep(zkey, RR_ARCHIVE_SEP, bad) : NULL;
	char *msg = rr_strdup(e->msg[0] ? e->msg : "cannot read the zip");
	struct walk_file *f;

	if (zkey && !bad) {
		key = zkey;	/* the zip itself */
		zkey = NULL;
	}
	free(zkey);
	if (!where || !msg || RR_GROW(a->files, a->files_cap, a->nfiles + 1)) {
		free(path);
		free(where);
		free(key);
		free(msg);
		return -1;
	}
	f = &a->files[a->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = where;
	f->key = key;
	f->archive = path;	/* its bytes identify the entry in the cache */
	f->refused = msg;
	f->refused_status = rs;
	f->size_bytes = st->st_size > 0 ? (uint64_t)st->st_size : 0;
	f->mtime_s = (int64_t)st->st_mtim.tv_sec;
	f->mtime_ns = st->st_mtim.tv_nsec;
	f->dev = (uint64_t)st->st_dev;
	f->ino = (uint64_t)st->st_ino;
	return 0;
}

/*
 * A zip met by the walk (path, owned): its members become a's files.  A zip
 * that cannot be listed or is refused is reported, naming the member that
 * caused it.  0, or -1 on allocation failure.
 */
static int walk_zip(struct walker *w, struct walk_athlete *a, char *path,
		    const struct stat *st)
{
	struct rr_archive_listing l;
	struct rr_error e = RR_ERROR_INIT;
	enum rr_status rs;
	size_t i;
	int added = devino_add(&w->files, (uint64_t)st->st_dev, (uint64_t)st->st_ino);
	int rc = 0;

	if (added <= 0) {
		if (added == 0)
			w->r->nsame++;
		free(path);
		return added;
	}
	rs = rr_archive_list(path, st->st_size > 0 ? (uint64_t)st->st_size : 0, NULL, &l, &e);
	if (rs == RR_ENOMEM) {
		free(path);
		return -1;
	}
	if (rs != RR_OK)
		return zip_refused(w, a, path, st, &l, rs, &e);
	for (i = 0; i < l.n && rc == 0; i++)
		rc = zip_add_member(w, a, path, st, &l.members[i]);
	rr_archive_listing_release(&l);
	free(path);
	return rc;
}

/*
 * stat() a folder entry, following symbolic links.  0 on success; -1 when
 * it was reported (missing, broken link).
 */
static int stat_entry(struct walker *w, const char *path, struct stat *st)
{
	struct stat lst;
	int e;

	if (stat(path, st) == 0)
		return 0;
	e = errno;
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
		report(w, path, e, "broken symbolic link");
	else
		report(w, path, e, "cannot read");
	return -1;
}

static int walk_dir(struct walker *w, struct walk_athlete *a, const char *dir,
		    unsigned depth);

/*
 * Is dir a runrisk OUTDIR (it holds the manifest or the lock, whatever it
 * is called)?  Its files are runrisk's output, never input.
 */
static bool holds_report(const char *dir)
{
	static const char *const markers[] = { ".runrisk-manifest", ".runrisk.lock" };
	struct stat st;
	size_t i;
	bool yes = false;

	for (i = 0; i < 2 && !yes; i++) {
		char *p = path_join(dir, markers[i]);

		yes = p && lstat(p, &st) == 0 && S_ISREG(st.st_mode);
		free(p);
	}
	return yes;
}

/* One entry of a folder being walked.  Takes ownership of child. */
static int walk_entry(struct walker *w, struct walk_athlete *a, char *child,
		      const char *name, unsigned depth)
{
	struct stat st;
	int added, rc;

	if (stat_entry(w, child, &st)) {
		free(child);
		return 0;
	}
	if (is_excluded(w, &st)) {
		free(child);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (holds_report(child)) {
			free(child);	/* another runrisk OUTDIR: output, never input */
			return 0;
		}
		added = devino_add(&w->dirs, (uint64_t)st.st_dev, (uint64_t)st.st_ino);
		if (added <= 0) {
			if (added == 0)
				w->r->nsame++;
			free(child);
			return added;
		}
		if (depth + 1 > w->max_depth) {
			report(w, child, 0, "folder nesting too deep; not entered");
			free(child);
			return 0;
		}
		rc = walk_dir(w, a, child, depth + 1);
		free(child);
		return rc;
	}
	if (!S_ISREG(st.st_mode)) {
		/* fifos, sockets, devices: never activities, but named in the notes */
		rc = problem_add(w, child, 0, S_ISFIFO(st.st_mode) ? "a named pipe (FIFO), not read" :
				 S_ISSOCK(st.st_mode) ? "a socket, not read" :
				 "a device or special file, not read", false);
		free(child);
		return rc;
	}
	if (strcmp(name, "activities.csv") == 0)
		return athlete_add_csv(a, child);
	if (walk_name_is_marker(name)) {
		free(child);	/* athlete.ini, pain.csv: found by athlete_markers() */
		return 0;
	}
	if (walk_name_skipped(name)) {
		w->r->nskipped++;
		free(child);
		return 0;
	}
	if (rr_archive_sniff(child))
		return walk_zip(w, a, child, &st);
	return athlete_add_file(w, a, child, &st, name_hints(name));
}

/* dir is already in w->dirs.  0, or -1 on allocation failure. */
static int walk_dir(struct walker *w, struct walk_athlete *a, const char *dir,
		    unsigned depth)
{
	char **names;
	size_t n, i;
	int e = 0, rc;

	rc = read_sorted(dir, &names, &n, &e);
	if (rc == -2)
		return -1;
	if (rc == -1) {
		report(w, dir, e, "cannot read folder");
		return 0;
	}
	for (i = 0; i < n; i++) {
		char *child;

		if (names[i][0] == '.')
			continue;	/* hidden: .git, our cache and lock, editors' files */
		child = path_join(dir, names[i]);
		if (!child || walk_entry(w, a, child, names[i], depth)) {
			free_names(names, n);
			return -1;
		}
	}
	free_names(names, n);
	return 0;
}

/* Set *out to <dir>/<name> when that is a regular file.  0, or -1 on OOM. */
static int find_marker(const char *dir, const char *name, char **out)
{
	struct stat st;
	char *p;

	if (*out)
		return 0;
	p = path_join(dir, name);
	if (!p)
		return -1;
	if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
		*out = p;
	else
		free(p);
	return 0;
}

static int athlete_markers(struct walk_athlete *a, const char *dir)
{
	if (find_marker(dir, "athlete.ini", &a->ini_path) ||
	    find_marker(dir, "pain.csv", &a->pain_path))
		return -1;
	return 0;
}

static struct walk_athlete *result_add_athlete(struct walk_result *r)
{
	struct walk_athlete *a;

	if (RR_GROW(r->athletes, r->athletes_cap, r->nathletes + 1))
		return NULL;
	a = &r->athletes[r->nathletes++];
	memset(a, 0, sizeof(*a));
	return a;
}

static void athlete_release(struct walk_athlete *a)
{
	size_t i;

	free(a->name);
	free(a->dir);
	free(a->ini_path);
	free(a->pain_path);
	for (i = 0; i < a->nstrava_csvs; i++) {
		free(a->strava_csvs[i]);
		free(a->strava_srcs[i].archive);
	}
	free(a->strava_csvs);
	free(a->strava_srcs);
	for (i = 0; i < a->nfiles; i++) {
		free(a->files[i].path);
		free(a->files[i].key);
		free(a->files[i].archive);
		free(a->files[i].refused);
	}
	free(a->files);
	memset(a, 0, sizeof(*a));
}

/* A folder named like a date part ("2024", "2024-05", "05"): a year or month folder. */
static bool date_like(const char *name)
{
	bool digit = false;

	for (; *name; name++) {
		if (*name >= '0' && *name <= '9')
			digit = true;
		else if (!strchr("-_. ", *name))
			return false;
	}
	return digit;
}

/*
 * One athlete after all: a file its sub-folders listed twice (walked as
 * candidate athletes, each with its own tag) is kept once.  -1 on OOM.
 */
static int athlete_drop_same(struct walker *w, struct walk_athlete *a)
{
	struct devino_set seen = { NULL, 0, 0 };
	size_t i, keep = 0;
	int rc = 0;

	for (i = 0; i < a->nfiles; i++) {
		struct walk_file *f = &a->files[i];
		int added = (f->hints & WALK_HINT_STDIN) ? 1 : devino_add(&seen, f->dev, f->ino);

		if (added < 0) {
			rc = -1;
			added = 1;	/* keep the rest as they are */
		}
		if (added) {
			a->files[keep++] = *f;
		} else {
			w->r->nsame++;
			free(f->path);
			free(f->key);
		}
	}
	a->nfiles = keep;
	free(seen.slots);
	return rc;
}

/* Append src's files and Strava files to dst, emptying src.  -1 on OOM. */
static int athlete_absorb(struct walk_athlete *dst, struct walk_athlete *src)
{
	size_t i;

	if (RR_GROW(dst->files, dst->files_cap, dst->nfiles + src->nfiles) ||
	    RR_GROW(dst->strava_csvs, dst->strava_cap, dst->nstrava_csvs + src->nstrava_csvs) ||
	    RR_GROW(dst->strava_srcs, dst->strava_srcs_cap, dst->nstrava_csvs + src->nstrava_csvs))
		return -1;
	memcpy(dst->files + dst->nfiles, src->files, src->nfiles * sizeof(*src->files));
	dst->nfiles += src->nfiles;
	src->nfiles = 0;
	for (i = 0; i < src->nstrava_csvs; i++) {
		dst->strava_srcs[dst->nstrava_csvs] = src->strava_srcs[i];
		dst->strava_csvs[dst->nstrava_csvs++] = src->strava_csvs[i];
	}
	src->nstrava_csvs = 0;
	return 0;
}

/*
 * One PATH that is a folder: a roster when nothing at its top belongs to an
 * athlete (no marker, no activity file) and its sub-folders look like
 * athletes (doc/archive.md); otherwise one athlete.
 */
static int walk_maybe_roster(struct walker *w, const char *dir, bool allow_roster)
{
	struct walk_result *r = w->r;
	struct walk_athlete *single;
	char **names = NULL;
	size_t n = 0, i, first_sub, with_files = 0;
	bool top_owned = false, marked = false, named = false;
	int e = 0, rc;

	rc = read_sorted(dir, &names, &n, &e);
	if (rc == -2)
		return -1;
	if (rc == -1) {
		report(w, dir, e, "cannot read folder");
		return 0;
	}
	for (i = 0; i < n && allow_roster && !top_owned; i++) {
		struct stat st;
		char *child;

		if (names[i][0] == '.')
			continue;
		child = path_join(dir, names[i]);
		if (!child)
			goto oom;
		/* A zip at the top is an athlete of the roster, not a file of one. */
		if (stat(child, &st) == 0 && S_ISREG(st.st_mode) && !is_excluded(w, &st) &&
		    (walk_name_is_marker(names[i]) ||
		     (!walk_name_skipped(names[i]) && !rr_archive_sniff(child))))
			top_owned = true;
		free(child);
	}

	if (!allow_roster || top_owned) {
		free_names(names, n);
		single = result_add_athlete(r);
		if (!single || !(single->name = folder_name(dir)) ||
		    !(single->dir = rr_strdup(dir)) || athlete_markers(single, dir))
			return -1;
		return walk_dir(w, single, dir, 0);
	}

	/* Tentatively one athlete per sub-folder, walked in name order. */
	first_sub = r->nathletes;
	for (i = 0; i < n; i++) {
		struct walk_athlete *a;
		struct stat st;
		char *child;

		if (names[i][0] == '.')
			continue;
		child = path_join(dir, names[i]);
		if (!child)
			goto oom;
		if (stat_entry(w, child, &st) || is_excluded(w, &st)) {
			free(child);
			continue;
		}
		if (S_ISREG(st.st_mode) && !walk_name_skipped(names[i]) && rr_archive_sniff(child)) {
			/* One zip per athlete: named after the file, less ".zip". */
			a = result_add_athlete(r);
			if (!a) {
				free(child);
				goto oom;
			}
			if (!(a->name = zip_athlete_name(names[i])) || walk_zip(w, a, child, &st))
				goto oom;
			if (a->nstrava_csvs)
				marked = true;
			if (a->nfiles) {
				with_files++;
				if (!date_like(a->name))
					named = true;
			}
			continue;
		}
		if (!S_ISDIR(st.st_mode) || holds_report(child)) {
			free(child);
			continue;
		}
		rc = devino_add(&w->dirs, (uint64_t)st.st_dev, (uint64_t)st.st_ino);
		if (rc <= 0) {
			free(child);
			if (rc < 0)
				goto oom;
			r->nsame++;
			continue;
		}
		a = result_add_athlete(r);
		if (!a) {
			free(child);
			goto oom;
		}
		a->dir = child;
		w->files_tag = (uint64_t)i + 1;
		rc = !(a->name = rr_strdup(names[i])) || athlete_markers(a, child) ||
		     walk_dir(w, a, child, 1);
		w->files_tag = 0;
		if (rc)
			goto oom;
		if (a->ini_path || a->nstrava_csvs)
			marked = true;
		if (a->nfiles) {
			with_files++;
			if (!date_like(a->name))
				named = true;
		}
	}
	free_names(names, n);
	names = NULL;

	if (marked || (with_files >= 2 && named)) {
		/* A roster: drop sub-folders that hold nothing of an athlete. */
		size_t keep = first_sub;

		r->roster = true;
		for (i = first_sub; i < r->nathletes; i++) {
			struct walk_athlete *a = &r->athletes[i];

			if (a->nfiles || a->ini_path || a->pain_path || a->nstrava_csvs)
				r->athletes[keep++] = *a;
			else
				athlete_release(a);
		}
		r->nathletes = keep;
		return 0;
	}

	/* One athlete whose runs are filed in sub-folders (years, devices). */
	{
		struct walk_athlete whole;

		memset(&whole, 0, sizeof(whole));
		if (!(whole.name = folder_name(dir)) || !(whole.dir = rr_strdup(dir)) ||
		    athlete_markers(&whole, dir)) {
			athlete_release(&whole);
			return -1;
		}
		for (i = first_sub; i < r->nathletes; i++) {
			if (athlete_absorb(&whole, &r->athletes[i])) {
				athlete_release(&whole);
				return -1;
			}
			athlete_release(&r->athletes[i]);
		}
		r->nathletes = first_sub;
		if (athlete_drop_same(w, &whole)) {
			athlete_release(&whole);
			return -1;
		}
		single = result_add_athlete(r);
		if (!single) {
			athlete_release(&whole);
			return -1;
		}
		*single = whole;
	}
	return 0;
oom:
	free_names(names, n);
	return -1;
}

/* Is the last component of path exactly name? */
static bool is_named(const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');

	return strcmp(slash ? slash + 1 : path, name) == 0;
}

static int add_stdin(struct walker *w, struct walk_athlete *a)
{
	struct walk_file *f;
	char *p = rr_strdup("-");

	if (!p || RR_GROW(a->files, a->files_cap, a->nfiles + 1)) {
		free(p);
		return -1;
	}
	f = &a->files[a->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = p;
	f->hints = WALK_HINT_STDIN | WALK_HINT_EXPLICIT;
	return 0;
}

/* Several PATHs (or one file): a single athlete. */
static int walk_single(struct walker *w, const char *const *paths, size_t npaths)
{
	struct walk_athlete *a = result_add_athlete(w->r);
	size_t i, ndirs = 0, nzips = 0;

	if (!a)
		return -1;
	for (i = 0; i < npaths; i++) {
		struct stat st;
		char *p;
		int added;

		if (strcmp(paths[i], "-") == 0) {
			if (add_stdin(w, a))
				return -1;
			continue;
		}
		if (stat_entry(w, paths[i], &st))
			continue;
		root_set(w, paths[i]);
		if (S_ISDIR(st.st_mode)) {
			added = devino_add(&w->dirs, (uint64_t)st.st_dev, (uint64_t)st.st_ino);
			if (added < 0)
				return -1;
			if (added == 0) {
				w->r->nsame++;
				continue;
			}
			if (ndirs++ == 0 && (!(a->dir = rr_strdup(paths[i])) ||
					     !(a->name = folder_name(paths[i]))))
				return -1;
			if (athlete_markers(a, paths[i]) || walk_dir(w, a, paths[i], 0))
				return -1;
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			report(w, paths[i], 0, "not a regular file or folder");
			continue;
		}
		p = rr_strdup(paths[i]);
		if (!p)
			return -1;
		if (is_named(paths[i], "activities.csv")) {
			if (athlete_add_csv(a, p))
				return -1;
			continue;
		}
		if (rr_archive_sniff(paths[i])) {
			nzips++;
			if (walk_zip(w, a, p, &st))
				return -1;
			continue;
		}
		if (athlete_add_file(w, a, p, &st, WALK_HINT_EXPLICIT | name_hints(paths[i])))
			return -1;
	}
	if (ndirs != 1 || npaths != 1) {
		/* Not one folder: no name or folder of its own. */
		free(a->dir);
		a->dir = NULL;
		free(a->name);
		a->name = NULL;
	}
	if (npaths == 1 && nzips == 1 && !(a->name = zip_athlete_name(paths[0])))
		return -1;	/* one zip: the athlete is named after it */
	if (!a->name && !(a->name = rr_strdup("")))
		return -1;
	return 0;
}

void walk_options_init(struct walk_options *o)
{
	memset(o, 0, sizeof(*o));
}

enum rr_status walk_paths(struct walk_result *r, const char *const *paths,
			  size_t npaths, const struct walk_options *o,
			  struct rr_error *err)
{
	struct walk_options defaults;
	struct walker w;
	struct stat st;
	size_t i;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	if (!o) {
		walk_options_init(&defaults);
		o = &defaults;
	}
	memset(&w, 0, sizeof(w));
	w.o = o;
	w.r = r;
	w.max_depth = o->max_depth ? o->max_depth : WALK_DEFAULT_DEPTH;

	for (i = 0; i < o->nexclude && rc == 0; i++)
		if (o->exclude[i] && stat(o->exclude[i], &st) == 0)
			rc = devino_add(&w.excluded, (uint64_t)st.st_dev,
					(uint64_t)st.st_ino) < 0 ? -1 : 0;

	if (rc == 0) {
		if (npaths == 1 && strcmp(paths[0], "-") != 0 &&
		    stat(paths[0], &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = devino_add(&w.dirs, (uint64_t)st.st_dev, (uint64_t)st.st_ino);
			root_set(&w, paths[0]);
			rc = rc < 0 ? -1 : walk_maybe_roster(&w, paths[0], !o->no_roster);
		} else {
			rc = walk_single(&w, paths, npaths);
		}
	}
	free(w.dirs.slots);
	free(w.files.slots);
	free(w.excluded.slots);
	free(w.root_real);
	if (rc)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory while walking the input folders");
	return RR_OK;
}

void walk_result_release(struct walk_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nathletes; i++)
		athlete_release(&r->athletes[i]);
	free(r->athletes);
	for (i = 0; i < r->nproblems; i++)
		free(r->problems[i].path);
	free(r->problems);
	memset(r, 0, sizeof(*r));
}
