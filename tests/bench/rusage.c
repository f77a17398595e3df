/*
 * rusage.c - run a command and report its wall time, CPU time and peak
 * resident set size, for systems without GNU time (bench.sh uses
 * /usr/bin/time -v's numbers when it is installed).
 *
 * usage: rusage [-o FILE] COMMAND [ARG...]
 *   Writes "wall_s=", "user_s=", "sys_s=", "maxrss_kb=", "status=" lines
 *   to FILE (default stderr) and exits with the command's status
 *   (128 + signal when it was killed, 127 when it could not be run).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *out_path = NULL;
	struct rusage ru;
	FILE *out = stderr;
	double t0, wall;
	pid_t pid;
	int status, code, first = 1;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		out_path = argv[2];
		first = 3;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: rusage [-o FILE] COMMAND [ARG...]\n");
		return 2;
	}
	t0 = now_s();
	pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[first], argv + first);
		fprintf(stderr, "rusage: %s: %s\n", argv[first], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("rusage: wait4");
			return 127;
		}
	}
	wall = now_s() - t0;
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (out_path && !(out = fopen(out_path, "w"))) {
		perror(out_path);
		return code;
	}
	fprintf(out, "wall_s=%.3f\nuser_s=%.3f\nsys_s=%.3f\nmaxrss_kb=%ld\nstatus=%d\n", wall,
		(double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
		(double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss, code);
	if (out != stderr && fclose(out) != 0)
		perror(out_path);
	return code;
}
