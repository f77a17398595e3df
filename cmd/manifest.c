#include "cmd/manifest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/lock.h"
#include "core/alloc.h"
#include "core/hash.h"

#define MANIFEST_HEADER "runrisk-manifest 1"
#define MANIFEST_SEED 0x4d616e6966ULL	/* "Manif" */
#define MANIFEST_MAX_LINE 4096

void manifest_init(struct manifest *m)
{
	memset(m, 0, sizeof(*m));
}

void manifest_release(struct manifest *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		free(m->v[i].rel);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct manifest_entry *)a)->rel,
		      ((const struct manifest_entry *)b)->rel);
}

/* The hash of a regular file's bytes, opened without blocking; 0 when unreadable. */
uint64_t manifest_hash_file(const char *path)
{
	unsigned char buf[1 << 15];
	struct rr_hash64 h;
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	rr_hash64_init(&h, MANIFEST_SEED);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return 0;
		}
		rr_hash64_update(&h, buf, (size_t)n);
	}
	close(fd);
	return rr_hash64_final(&h) | 1;	/* never 0 */
}

/* A path we write and trust: relative, no "." or ".." component, no control byte. */
static bool rel_ok(const char *rel)
{
	const char *p = rel;

	if (!*rel || *rel == '/')
		return false;
	for (; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	for (p = rel; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		if (!strncmp(p, "..", 2) && (p[2] == '/' || !p[2]))
			return false;
		if (p[0] == '.' && (p[1] == '/' || !p[1]))
			return false;
		if (!*p || *p == '/')
			return false;	/* empty component */
	}
	return true;
}

/* Append a copy; -1 on OOM.  Sort and de-duplicate with finish(). */
static int push(struct manifest *m, const char *rel, uint64_t hash)
{
	char *copy = rr_strdup(rel);

	if (!copy || RR_GROW(m->v, m->cap, m->n + 1)) {
		free(copy);
		return -1;
	}
	m->v[m->n].rel = copy;
	m->v[m->n].hash = hash;
	m->n++;
	return 0;
}

static void finish(struct manifest *m)
{
	size_t i, k = 0;

	if (m->n)
		qsort(m->v, m->n, sizeof(*m->v), cmp_entry);
	for (i = 0; i < m->n; i++) {
		if (k && !strcmp(m->v[k - 1].rel, m->v[i].rel)) {
			free(m->v[i].rel);
			continue;
		}
		m->v[k++] = m->v[i];
	}
	m->n = k;
}

const struct manifest_entry *manifest_find(const struct manifest *m, const char *rel)
{
	struct manifest_entry key;

	key.rel = (char *)(uintptr_t)rel;	/* only read by cmp_entry */
	key.hash = 0;
	return m->n ? bsearch(&key, m->v, m->n, sizeof(*m->v), cmp_entry) : NULL;
}

bool manifest_has(const struct manifest *m, const char *rel)
{
	return manifest_find(m, rel) != NULL;
}

const char *manifest_relative(const char *outdir, const char *path)
{
	size_t n = strlen(outdir);

	while (n > 1 && outdir[n - 1] == '/')
		n--;
	if (strncmp(path, outdir, n) || path[n] != '/')
		return NULL;
	path += n;
	while (*path == '/')
		path++;
	return *path ? path : NULL;
}

enum rr_status manifest_load(struct manifest *m, const char *outdir, struct rr_error *err)
{
	char *path = rr_path_join(outdir, RR_MANIFEST_NAME), *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct stat st;
	FILE *f = NULL;
	int fd;
	bool first = true;

	manifest_release(m);
	if (!path)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	/* O_NONBLOCK: a FIFO put in its place must not hang the run. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	free(path);
	if (fd < 0)
		return RR_OK;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !(f = fdopen(fd, "r"))) {
		close(fd);
		return RR_OK;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] != '\n')
			break;	/* cut short: ignore the last line */
		line[len - 1] = '\0';
		if (first) {
			first = false;
			if (strcmp(line, MANIFEST_HEADER))
				break;
			continue;
		}
		if ((size_t)len - 1 != strlen(line) || len < 19 || line[16] != ' ' ||
		    !rel_ok(line + 17))
			continue;
		line[16] = '\0';
		if (strspn(line, "0123456789abcdef") != 16)
			continue;
		if (push(m, line + 17, strtoull(line, NULL, 16))) {
			free(line);
			fclose(f);
			manifest_release(m);
			return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
		}
	}
	free(line);
	fclose(f);
	if (first)
		manifest_release(m);
	finish(m);
	return RR_OK;
}

static bool manifest_same(const struct manifest *a, const struct manifest *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->v[i].hash != b->v[i].hash || strcmp(a->v[i].rel, b->v[i].rel))
			return false;
	return true;
}

enum rr_status manifest_save(struct manifest *next, const struct manifest *old,
			     const char *outdir, const struct rr_outset_log *log,
			     struct rr_error *err)
{
	struct rr_outfile o;
	enum rr_status st;
	char *path;
	size_t i;

	manifest_release(next);
	for (i = 0; i < log->n; i++) {
		const char *rel = manifest_relative(outdir, log->paths[i]);

		if (rel && rel_ok(rel) && push(next, rel, manifest_hash_file(log->paths[i])))
			return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	}
	finish(next);
	if (old && old->n && manifest_same(old, next))
		return RR_OK;	/* a run with nothing new rewrites nothing */
	path = rr_path_join(outdir, RR_MANIFEST_NAME);
	if (!path)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	st = rr_outfile_open(&o, path, err);
	free(path);
	if (st)
		return st;
	fprintf(o.f, "%s\n", MANIFEST_HEADER);
	for (i = 0; i < next->n; i++)
		fprintf(o.f, "%016llx %s\n", (unsigned long long)next->v[i].hash, next->v[i].rel);
	return rr_outfile_commit(&o, err);
}

size_t manifest_remove_stale(const struct manifest *old, const struct manifest *next,
			     const char *outdir)
{
	size_t i, removed = 0;

	for (i = 0; i < old->n; i++) {
		const char *rel = old->v[i].rel, *slash;
		struct stat st;
		char *path;

		if (manifest_has(next, rel))
			continue;
		path = rr_path_join(outdir, rel);
		if (!path)
			continue;
		/* Still the bytes runrisk wrote: someone else's file otherwise. */
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    manifest_hash_file(path) == old->v[i].hash && unlink(path) == 0)
			removed++;
		/* Its folders, innermost first, while they are empty. */
		while ((slash = strrchr(path, '/')) && (size_t)(slash - path) > strlen(outdir)) {
			path[slash - path] = '\0';
			if (rmdir(path) != 0)
				break;
		}
		free(path);
	}
	return removed;
}

static bool has_entry(const char *dir, const char *name)
{
	char *p = rr_path_join(dir, name);
	struct stat st;
	bool yes;

	if (!p)
		return false;
	yes = lstat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return yes;
}

bool outdir_has_marker(const char *dir)
{
	return has_entry(dir, RR_MANIFEST_NAME) || has_entry(dir, RR_LOCK_NAME);
}

enum outdir_state outdir_state_of(const char *dir)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	bool empty = true;

	if (stat(dir, &st) != 0)
		return errno == ENOENT ? OUTDIR_ABSENT : OUTDIR_NOT_DIR;
	if (!S_ISDIR(st.st_mode))
		return OUTDIR_NOT_DIR;
	if (outdir_has_marker(dir))
		return OUTDIR_OURS;
	d = opendir(dir);
	if (!d)
		return OUTDIR_FOREIGN;	/* cannot tell: do not write there */
	while (empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(d);
	return empty ? OUTDIR_EMPTY : OUTDIR_FOREIGN;
}
