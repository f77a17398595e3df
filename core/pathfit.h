/*
 * pathfit.h - copy a path into a fixed buffer so that two different paths
 * never read the same: a path too long for the buffer keeps its head and
 * its tail (where the file name is) around a hash of the whole path.
 * Pure; included anywhere.
 */
#ifndef RR_PATHFIT_H
#define RR_PATHFIT_H

#include <stddef.h>

/* size >= 64; dst is always NUL-terminated. */
void rr_path_fit(char *dst, size_t size, const char *path);

#endif
