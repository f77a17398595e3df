/*
 * libFuzzer target: athlete.ini through rr_athlete_ini_parse() (libinih),
 * then the time zone it names through the same checks the report uses.
 * The buffer is exactly size bytes (no NUL after it), as the header allows.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tz.h"
#include "parsers/athlete_ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TERMINATED(a) (memchr((a), '\0', sizeof(a)) != NULL)

/* The parser's promises: bounded counts, terminated strings, sane values. */
static void check_athlete(const struct rr_athlete *a)
{
	size_t i;

	if (a->nshoes > RR_MAX_SHOES || a->noverrides > RR_MAX_OVERRIDES ||
	    !TERMINATED(a->name) || !TERMINATED(a->timezone))
		abort();
	if (a->sex != 0 && a->sex != 'm' && a->sex != 'f')
		abort();
	for (i = 0; i < a->nshoes; i++)
		if (!TERMINATED(a->shoes[i].name) || !TERMINATED(a->shoes[i].keyword))
			abort();
	for (i = 0; i < a->noverrides; i++)
		if (!TERMINATED(a->overrides[i].key) || !isfinite(a->overrides[i].value))
			abort();
}

/* A zone name that passes rr_zone_name_ok() never leaves the zoneinfo folder. */
static void check_zone_name(const char *name)
{
	const char *p;

	if (!rr_zone_name_ok(name))
		return;
	if (name[0] == '/' || strlen(name) >= 64)
		abort();
	for (p = name; *p; p++)
		if (*p == '.' && (p == name || p[-1] == '/') &&
		    (p[1] == '\0' || p[1] == '/' || (p[1] == '.' && (p[2] == '\0' || p[2] == '/'))))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rr_athlete a;
	struct rr_error err = RR_ERROR_INIT;
	struct rr_tz tz;
	bool have = false;

	if (rr_athlete_ini_parse(&a, (const char *)data, size, &err) != RR_OK) {
		if (err.code == RR_OK)
			abort();	/* a failure must say why */
		return 0;
	}
	check_athlete(&a);
	check_zone_name(a.timezone);
	rr_tz_init(&tz);
	rr_error_clear(&err);
	if (rr_athlete_zone_load(&a, &tz, &have, NULL, &err) == RR_OK && have)
		(void)rr_tz_local_day(&tz, 1.7e9);
	rr_tz_release(&tz);
	return 0;
}
