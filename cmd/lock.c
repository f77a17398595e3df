#include "cmd/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"

void outdir_lock_init(struct outdir_lock *l)
{
	l->fd = -1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The pid written by the holder, or 0 when unknown. */
static long holder_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	char *end;
	long pid;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, &end, 10);
	return end != buf && pid > 0 ? pid : 0;
}

/* Is fd still the file named path (not deleted or replaced since we opened it)? */
static int still_named(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static void write_pid(int fd)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());

	/* Informational only: a failure here does not weaken the lock. */
	if (ftruncate(fd, 0) == 0 && n > 0)
		(void)!pwrite(fd, buf, (size_t)n, 0);
}

enum rr_status outdir_lock_acquire(struct outdir_lock *l, const char *outdir,
				   double wait_s, struct rr_error *err)
{
	size_t len = strlen(outdir);
	char *path = malloc(len + sizeof("/" RR_LOCK_NAME));
	double start = now_s(), pause_s = 0.05;
	enum rr_status st;
	long pid;
	int fd, e;

	if (!path)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	memcpy(path, outdir, len);
	memcpy(path + len, "/" RR_LOCK_NAME, sizeof("/" RR_LOCK_NAME));

	for (;;) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (fd < 0) {
			e = errno;
			st = rr_error_set(err, RR_EIO, 0, 0, "%s: cannot open lock file: %s",
					  path, strerror(e));
			if (err)
				err->errno_ = e;
			free(path);
			return st;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			if (still_named(fd, path))
				break;
			close(fd);	/* replaced under us: lock the new file */
			continue;
		}
		e = errno;
		if (e != EWOULDBLOCK && e != EINTR) {
			close(fd);
			st = rr_error_set(err, RR_EIO, 0, 0, "%s: cannot lock: %s", path,
					  strerror(e));
			if (err)
				err->errno_ = e;
			free(path);
			return st;
		}
		if (wait_s >= 0 && now_s() - start >= wait_s) {
			pid = holder_pid(fd);
			close(fd);
			char who[48] = "", waited[48] = "";

			if (pid)
				snprintf(who, sizeof(who), " (pid %ld)", pid);
			if (wait_s > 0)
				snprintf(waited, sizeof(waited), "; gave up after %.0f s", wait_s);
			st = rr_error_set(err, RR_EIO, 0, 0, "%s is in use by another runrisk%s%s",
					  outdir, who, waited);
			if (err)
				err->errno_ = EWOULDBLOCK;
			free(path);
			return st;
		}
		close(fd);
		if (wait_s >= 0 && pause_s > wait_s - (now_s() - start))
			pause_s = wait_s - (now_s() - start) + 0.001;
		sleep_s(pause_s);
		if (pause_s < 1.0)
			pause_s *= 2;
	}
	free(path);
	write_pid(fd);
	l->fd = fd;
	return RR_OK;
}

void outdir_lock_release(struct outdir_lock *l)
{
	if (l->fd < 0)
		return;
	/* Empty the pid first so a waiter never names a finished run. */
	(void)!ftruncate(l->fd, 0);
	flock(l->fd, LOCK_UN);
	close(l->fd);
	l->fd = -1;
}
