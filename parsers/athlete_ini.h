/*
 * athlete_ini.h - read an athlete's configuration (athlete.ini, format in
 * core/athlete.h) with libinih, and load the IANA time zone it names from the
 * zoneinfo folder.  Included by cmd/ and tests.
 *
 * Errors are RR_ECONFIG with err->line set to the 1-based line of the
 * offending key (0 when the problem is not tied to a line); the caller adds
 * the file name.  On error *a holds what was read before the error and must
 * not be used.
 */
#ifndef RR_ATHLETE_INI_H
#define RR_ATHLETE_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/athlete.h"
#include "core/err.h"
#include "core/tz.h"

#define RR_ZONEINFO_DIR "/usr/share/zoneinfo"
#define RR_ATHLETE_INI_MAX_BYTES (1u << 20)

/*
 * Parse athlete.ini text from buf[0..len) into *a (initialised here with
 * rr_athlete_init()).  Threshold keys are stored as given; their names are
 * checked against the rule table by rule_params_check() (analysis/rule_table.h),
 * since parsers/ may not include analysis/.
 */
enum rr_status rr_athlete_ini_parse(struct rr_athlete *a, const char *buf,
				    size_t len, struct rr_error *err);

/* Same, reading path (plain or gzip) through the input layer. */
enum rr_status rr_athlete_ini_load(struct rr_athlete *a, const char *path,
				   struct rr_error *err);

/*
 * Read all of path (plain or gzip, "-" is stdin, at most max bytes after
 * decompression) into a NUL-terminated malloc'd *out of *len bytes, which
 * the caller free()s.  Shared by the configuration readers.
 */
enum rr_status rr_read_file(const char *path, size_t max, char **out, size_t *len,
			    struct rr_error *err);

/*
 * Is name an acceptable IANA zone name?  Letters, digits, '_', '-', '+',
 * '/'; no leading '/', no "." or ".." component; < 64 bytes.  This keeps a
 * name from a file from reaching outside the zoneinfo folder.
 */
bool rr_zone_name_ok(const char *name);

/*
 * Load the IANA zone name from dir (NULL: RR_ZONEINFO_DIR) into *tz.
 * RR_ECONFIG for a bad or unknown name, RR_EFORMAT for a file that is not
 * TZif, RR_EIO, RR_ENOMEM.
 */
enum rr_status rr_zone_load(struct rr_tz *tz, const char *name, const char *dir,
			    struct rr_error *err);

/*
 * Resolve a->timezone into *tz: a fixed offset is set directly, an IANA name
 * is loaded from dir (NULL: RR_ZONEINFO_DIR).  *have is false (and *tz UTC)
 * when the athlete names no zone.  The result goes to timeline_build_zone().
 */
enum rr_status rr_athlete_zone_load(const struct rr_athlete *a, struct rr_tz *tz,
				    bool *have, const char *dir,
				    struct rr_error *err);

#endif
