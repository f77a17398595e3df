/*
 * files.h - expand PATH arguments into the list of candidate input files.
 * Included by cmd/ only.  Ownership: a file_list owns its path strings.
 */
#ifndef RR_FILES_H
#define RR_FILES_H

#include <stddef.h>

struct file_list {
	char **paths;
	size_t n, cap;
	size_t errors;		/* unreadable paths, already reported on stderr */
};

/*
 * Add path: a file as is ("-" = stdin), a directory recursively in bytewise
 * name order, skipping hidden entries and files runrisk itself reads or
 * writes (athlete.ini, pain.csv, *.csv, *.md, ...).  Returns -1 on
 * allocation failure only.
 */
int file_list_add(struct file_list *l, const char *path);
void file_list_release(struct file_list *l);

/* Is this base name one runrisk never parses as an activity? */
int file_is_ignored(const char *base);

#endif
