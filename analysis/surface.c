#include "analysis/surface.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

const char *surface_name(enum surface s)
{
	static const char *const names[SURFACE_COUNT] = {
		"road", "trail", "soft", "track", "indoor"
	};

	return (unsigned)s < SURFACE_COUNT ? names[s] : "unknown";
}

static bool has_word(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i, k;

	for (i = 0; hay[i]; i++) {
		for (k = 0; k < n && hay[i + k] &&
		     tolower((unsigned char)hay[i + k]) == needle[k]; k++)
			;
		if (k == n)
			return true;
	}
	return false;
}

static bool any_word(const char *hay, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (has_word(hay, words[i]))
			return true;
	return false;
}

/* The name's keywords for class k: the athlete's list when set, else the defaults. */
static bool name_has(const char *name, const struct rr_surface_words *words,
		     enum rr_surface_kw k, const char *const *dflt, size_t ndflt)
{
	size_t i;

	if (!words || !words[k].set)
		return any_word(name, dflt, ndflt);
	for (i = 0; i < words[k].n && i < RR_SURFACE_WORDS; i++)
		if (has_word(name, words[k].w[i]))
			return true;
	return false;
}

enum surface surface_of(const struct run_summary *s)
{
	return surface_of_words(s, NULL);
}

enum surface surface_of_words(const struct run_summary *s, const struct rr_surface_words *words)
{
	static const char *const indoor[] = { "treadmill", "indoor", "virtual" };
	static const char *const soft[] = { "sand", "beach", "mud", "snow", "grass" };
	static const char *const trail[] = { "trail" };
	static const char *const track[] = { "track" };

	if (any_word(s->sport, indoor, 3) || any_word(s->sub_sport, indoor, 3) ||
	    name_has(s->name, words, RR_SKW_INDOOR, indoor, 3))
		return SURFACE_INDOOR;
	if (isfinite(s->distance_m) && s->distance_m > 0 &&
	    !(isfinite(s->gps_distance_m) && s->gps_distance_m > 0))
		return SURFACE_INDOOR;	/* a distance with no track: foot pod or treadmill */
	if (name_has(s->name, words, RR_SKW_SOFT, soft, 5))
		return SURFACE_SOFT;
	if (name_has(s->name, words, RR_SKW_TRAIL, trail, 1) || any_word(s->sport, trail, 1) ||
	    any_word(s->sub_sport, trail, 1))
		return SURFACE_TRAIL;
	if (name_has(s->name, words, RR_SKW_TRACK, track, 1) || any_word(s->sport, track, 1) ||
	    any_word(s->sub_sport, track, 1))
		return SURFACE_TRACK;
	return SURFACE_ROAD;
}
