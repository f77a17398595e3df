/*
 * escape.h - every string that comes from a file (athlete folders and names,
 * shoe names, file paths, notes, evidence) goes through one of these on its
 * way into CSV, JSON, HTML, gnuplot or the plain-text report.  Included by
 * render/ and cmd/ (for `runrisk runs`) and tests.
 *
 * All of them repair invalid UTF-8: each byte that does not start a valid,
 * shortest-form sequence (no surrogates, nothing above U+10FFFF) becomes
 * U+FFFD.  Output goes to a FILE; stream errors are sticky and checked by
 * whoever closes the stream (core/outfile.h).
 */
#ifndef RR_ESCAPE_H
#define RR_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Decode one UTF-8 sequence at s[0..len).  Returns its length (1..4) and sets
 * *cp, or 0 when s[0] does not start a valid sequence (the caller then
 * replaces that one byte and goes on).  len must be >= 1.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/*
 * A CSV text cell (RFC 4180): quoted when it holds a comma or a double
 * quote (doubled).  Control characters become '?' as in esc_text(), so a
 * record is always one line (a name cannot forge a row).  A cell starting
 * with = + - @ TAB or CR gets a leading ' so that a spreadsheet does not
 * run it as a formula.  Only for text:
 * numbers are written bare (see render/table.h).  NULL writes nothing.
 */
void esc_csv(FILE *f, const char *s);

/*
 * A JSON string with its quotes: " \ and every control character escaped
 * (\n \r \t \b \f, else \u00XX), DEL, U+2028 and U+2029 as \u escapes.
 * NULL writes null.
 */
void esc_json(FILE *f, const char *s);

/* HTML text or attribute value: & < > " ' as entities; controls but TAB/LF -> U+FFFD. */
void esc_html(FILE *f, const char *s);

/*
 * A gnuplot string literal in single quotes.  In single quotes gnuplot does
 * no backslash, backquote or macro (@) processing.  An apostrophe becomes
 * U+2019 and a backquote U+2018 (never a doubled quote, which gnuplot 5.4
 * misparses in runs), so no input can end the literal or form `...`;
 * control characters (a newline would end the command) become spaces.
 * Strings are cut at max_bytes (on a character boundary) to keep titles
 * short.
 */
void esc_gp(FILE *f, const char *s, size_t max_bytes);

/* Plain text for the report: controls -> '?', so no input can forge lines. */
void esc_text(FILE *f, const char *s);

/* Columns esc_text() would print (code points; wide characters count 1). */
size_t text_width(const char *s);

/*
 * esc_text() fitted into width columns: cut with a trailing '~' when longer,
 * padded with spaces on the right (right_align: on the left) when shorter.
 */
void text_cell(FILE *f, const char *s, size_t width, bool right_align);

/*
 * A folder name safe to create under the output folder, from an athlete
 * folder name: ASCII letters, digits, '-' and '_' and valid non-ASCII UTF-8
 * are kept; everything else ('/', '.', spaces, quotes, controls) becomes
 * '_'.  Having no '.', it never starts with one, is never "." or "..", and
 * never equals a report file name (report.txt, index.html).  Empty ->
 * "athlete".  Cut at 64 bytes on a character boundary.  size >= 72.
 */
void esc_folder_name(char *out, size_t size, const char *folder);

#endif
