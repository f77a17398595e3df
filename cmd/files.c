#include "cmd/files.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"

static int push(struct file_list *l, const char *path)
{
	char *dup;

	if (RR_GROW(l->paths, l->cap, l->n + 1))
		return -1;
	dup = rr_strdup(path);
	if (!dup)
		return -1;
	l->paths[l->n++] = dup;
	return 0;
}

int file_is_ignored(const char *base)
{
	static const char *const pat[] = {
		"athlete.ini", "*.ini", "*.csv", "*.md", "*.json", "*.png", "*.svg",
		"*.html", "*.gp", "README*", "LICENSE*", "report.txt", "roster.txt",
	};
	size_t i;

	if (base[0] == '.')
		return 1;
	for (i = 0; i < sizeof(pat) / sizeof(pat[0]); i++)
		if (fnmatch(pat[i], base, 0) == 0)
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* depth guards against pathological trees; symlinked directories are not followed. */
static int add_dir(struct file_list *l, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (depth > 64) {
		fprintf(stderr, "runrisk: %s: error: directory tree deeper than 64 levels, not entered\n", dir);
		l->errors++;
		return 0;
	}
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "runrisk: %s: error: cannot read directory: %s\n", dir, strerror(errno));
		l->errors++;
		return 0;
	}
	while ((e = readdir(d))) {
		if (file_is_ignored(e->d_name))
			continue;
		if (RR_GROW(names, cap, n + 1) || !(names[n] = rr_strdup(e->d_name))) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *p = malloc(len);
		struct stat st;

		if (!p) {
			rc = -1;
			break;
		}
		snprintf(p, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		if (rc == 0 && lstat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = add_dir(l, p, depth + 1);
			else if (S_ISREG(st.st_mode) ||
				 (S_ISLNK(st.st_mode) && stat(p, &st) == 0 && S_ISREG(st.st_mode)))
				rc = push(l, p);
		}
		free(p);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int file_list_add(struct file_list *l, const char *path)
{
	struct stat st;

	if (strcmp(path, "-") == 0)
		return push(l, path);
	if (stat(path, &st) != 0) {
		fprintf(stderr, "runrisk: %s: error: %s\n", path, strerror(errno));
		l->errors++;
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return add_dir(l, path, 0);
	return push(l, path);
}

void file_list_release(struct file_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	l->paths = NULL;
	l->n = l->cap = 0;
}
