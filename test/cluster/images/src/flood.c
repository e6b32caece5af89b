/*
 * flood LINES RATE BYTES [live]: write LINES lines of about BYTES bytes to stdout, RATE a second
 * by the clock (0: as fast as the pipe takes them), numbered as the simulator's x-sim flood
 * writes them ("flood line 000000001 xxx…"), then exit 0, or with `live` go on running,
 * silent, until SIGTERM or SIGINT (exit 0, as the runtime stops a container). The stand-in of
 * the sim's log-flood scenarios: a log that outgrows the kubelet's containerLogMaxSize.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void on_stop(int sig) {
	(void)sig;
	_exit(0);
}

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* All of buf, or exit: a container whose stdout is gone has nothing left to do. */
static void write_all(const char *buf, size_t len) {
	while (len > 0) {
		ssize_t n = write(1, buf, len);
		if (n < 0) _exit(1);
		buf += n;
		len -= (size_t)n;
	}
}

int main(int argc, char **argv) {
	if (argc < 4) {
		fprintf(stderr, "usage: flood LINES RATE BYTES [live]\n");
		return 2;
	}
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	long lines = atol(argv[1]);
	double rate = atof(argv[2]);
	long bytes = atol(argv[3]);
	int live = argc > 4 && strcmp(argv[4], "live") == 0;
	/* The sim's pad: bytes - 40 x's (the numbered prefix and the stamp make up the rest). */
	long padding = bytes > 40 ? bytes - 40 : 0;
	char *pad = malloc((size_t)padding + 1);
	if (pad == NULL) return 1;
	memset(pad, 'x', (size_t)padding);
	pad[padding] = '\0';
	size_t line_max = (size_t)padding + 32;
	/* One write per batch, as the sim appends a batch at a time. */
	size_t batch_max = rate == 0 ? 2000 : (size_t)(rate / 100 > 1 ? rate / 100 : 1) * 4;
	char *buf = malloc(line_max * batch_max);
	if (buf == NULL) return 1;
	double start = now();
	long written = 0;
	while (written < lines) {
		long due = rate == 0 ? written + (long)batch_max : (long)((now() - start) * rate);
		if (due > lines) due = lines;
		size_t len = 0;
		while (written < due && (size_t)(len + line_max) <= line_max * batch_max) {
			written++;
			len += (size_t)snprintf(buf + len, line_max, "flood line %09ld %s\n", written, pad);
		}
		if (len > 0) write_all(buf, len);
		if (written < lines && rate != 0) usleep(10000);
	}
	if (!live) return 0;
	for (;;) pause();
}
