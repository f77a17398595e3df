#include "core/outfile.h"

#include <errno.h>
#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"

static void outfile_release(struct rr_outfile *o)
{
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	o->f = NULL;
}

static enum rr_status io_fail(struct rr_error *err, int e, const char *what,
			      const char *path)
{
	if (err && err->code == RR_OK) {
		rr_error_set(err, RR_EIO, 0, 0, "cannot %s %s: %s", what, path,
			     strerror(e));
		err->errno_ = e;
	}
	return RR_EIO;
}

enum rr_status rr_outfile_open(struct rr_outfile *o, const char *path,
			       struct rr_error *err)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dirlen;
	size_t n = strlen(path) + sizeof(RR_OUTFILE_TMP_TAIL) + 2;
	struct stat st;
	mode_t mode = 0644;
	int fd, e;

	o->f = NULL;
	o->path = rr_strdup(path);
	o->tmp = malloc(n);
	if (!o->path || !o->tmp) {
		outfile_release(o);
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	}
	/*
	 * Hidden, in the same folder: rename() is then atomic (same file
	 * system).  The ".runrisk-" tag keeps other tools' temporaries
	 * (rsync's ".NAME.XXXXXX") out of rr_outfile_is_temporary().
	 */
	snprintf(o->tmp, n, "%.*s.%s" RR_OUTFILE_TMP_TAIL, (int)dirlen, path, base);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		e = errno;
		outfile_release(o);
		return io_fail(err, e, "create", path);
	}
	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	if (fchmod(fd, mode) != 0 || !(o->f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		unlink(o->tmp);
		outfile_release(o);
		return io_fail(err, e, "create", path);
	}
	return RR_OK;
}

/* Flush the temporary: 0, or the errno that failed. */
static int outfile_flush(struct rr_outfile *o)
{
	/*
	 * ferror() does not keep errno; fflush() of a stream in error usually
	 * fails again with the real cause, so flush first and only then fall
	 * back to EIO.
	 */
	errno = 0;
	if (fflush(o->f) != 0)
		return errno ? errno : EIO;
	return ferror(o->f) ? EIO : 0;
}

/* Close the flushed temporary, fsyncing it unless e: e, or the errno that failed. */
static int outfile_finish(struct rr_outfile *o, int e)
{
	if (!e && fsync(fileno(o->f)) != 0 && errno != EINVAL && errno != EROFS)
		e = errno;
	if (fclose(o->f) != 0 && !e)
		e = errno ? errno : EIO;
	o->f = NULL;
	return e;
}

enum rr_status rr_outfile_commit(struct rr_outfile *o, struct rr_error *err)
{
	int e;

	if (!o->f)
		return rr_error_set(err, RR_EIO, 0, 0, "output file not open");
	e = outfile_finish(o, outfile_flush(o));
	if (!e && rename(o->tmp, o->path) != 0)
		e = errno;
	if (e) {
		unlink(o->tmp);
		io_fail(err, e, "write", o->path);
		outfile_release(o);
		return RR_EIO;
	}
	outfile_release(o);
	return RR_OK;
}

void rr_outfile_abort(struct rr_outfile *o)
{
	if (o->f) {
		fclose(o->f);
		o->f = NULL;
	}
	if (o->tmp)
		unlink(o->tmp);
	outfile_release(o);
}

enum rr_status rr_outfile_write(const char *path, const void *data, size_t len,
				struct rr_error *err)
{
	struct rr_outfile o;
	enum rr_status st = rr_outfile_open(&o, path, err);

	if (st)
		return st;
	if (len && fwrite(data, 1, len, o.f) != len) {
		int e = errno ? errno : EIO;

		rr_outfile_abort(&o);
		return io_fail(err, e, "write", path);
	}
	return rr_outfile_commit(&o, err);
}

bool rr_outfile_is_temporary(const char *name)
{
	static const char tag[] = ".runrisk-";
	size_t len = strlen(name), tl = sizeof(tag) - 1, k;

	/* "." + a base of at least one byte + ".runrisk-" + mkstemp's six characters */
	if (name[0] != '.' || len < 2 + tl + 6 || memcmp(name + len - 6 - tl, tag, tl))
		return false;
	for (k = len - 6; k < len; k++)
		if (!isalnum((unsigned char)name[k]))
			return false;
	return true;
}

/* ---- sets of files replaced together ---- */

static int outset_grow(struct rr_outset *set)
{
	return RR_GROW(set->v, set->cap, set->n + 1);
}

/* Do the files at a and b hold the same bytes?  (Any error: no.) */
static bool same_content(const char *a, const char *b)
{
	char ba[16384], bb[16384];
	struct stat sa, sb;
	FILE *fa, *fb;
	bool same;
	size_t n;

	if (stat(a, &sa) != 0 || stat(b, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sa.st_size != sb.st_size)
		return false;
	fa = fopen(a, "rb");
	fb = fopen(b, "rb");
	same = fa && fb;
	while (same && (n = fread(ba, 1, sizeof(ba), fa)) > 0)
		same = fread(bb, 1, n, fb) == n && !memcmp(ba, bb, n);
	same = same && !ferror(fa) && fgetc(fb) == EOF && !ferror(fb);
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

void rr_outset_log_add(struct rr_outset_log *log, const char *path)
{
	char *copy;

	if (!log || log->oom)
		return;
	copy = rr_strdup(path);
	if (!copy || RR_GROW(log->paths, log->cap, log->n + 1)) {
		free(copy);
		log->oom = true;
		return;
	}
	log->paths[log->n++] = copy;
}

void rr_outset_log_release(struct rr_outset_log *log)
{
	size_t i;

	if (!log)
		return;
	for (i = 0; i < log->n; i++)
		free(log->paths[i]);
	free(log->paths);
	memset(log, 0, sizeof(*log));
}

enum rr_status rr_outset_add(struct rr_outset *set, struct rr_outfile *o,
			     struct rr_error *err)
{
	int e;

	if (!o->f)
		return rr_error_set(err, RR_EIO, 0, 0, "output file not open");
	rr_outset_log_add(set->log, o->path);
	/*
	 * A file whose bytes did not change is left alone: no fsync, no
	 * rename (a nightly run over an unchanged archive rewrites nothing).
	 */
	e = outfile_flush(o);
	if (!e && same_content(o->tmp, o->path)) {
		rr_outfile_abort(o);
		return RR_OK;
	}
	e = outfile_finish(o, e);
	if (e) {
		unlink(o->tmp);
		io_fail(err, e, "write", o->path);
		outfile_release(o);
		return RR_EIO;
	}
	if (outset_grow(set)) {
		unlink(o->tmp);
		outfile_release(o);
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	}
	/* The set takes both strings. */
	set->v[set->n].from = o->tmp;
	set->v[set->n].to = o->path;
	set->n++;
	o->tmp = o->path = NULL;
	return RR_OK;
}

static void outset_clear(struct rr_outset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->v[i].from);
		free(set->v[i].to);
	}
	free(set->v);
	set->v = NULL;
	set->n = set->cap = 0;
}

enum rr_status rr_outset_commit(struct rr_outset *set, size_t *replaced,
				struct rr_error *err)
{
	size_t i, done = 0, failed = 0;
	const char *first = NULL;
	int first_errno = 0;

	for (i = 0; i < set->n; i++) {
		if (rename(set->v[i].from, set->v[i].to) == 0) {
			done++;
			continue;
		}
		if (!failed++) {
			first = set->v[i].to;
			first_errno = errno;
		}
		unlink(set->v[i].from);
	}
	if (replaced)
		*replaced = done;
	if (failed && err && err->code == RR_OK) {
		rr_error_set(err, RR_EIO, 0, 0, "cannot write %s: %s (%zu of %zu files "
			     "of the report were replaced, the others not)", first,
			     strerror(first_errno), done, set->n);
		err->errno_ = first_errno;
	}
	outset_clear(set);
	return failed ? RR_EIO : RR_OK;
}

void rr_outset_abort(struct rr_outset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		unlink(set->v[i].from);
	outset_clear(set);
}
