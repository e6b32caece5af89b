/*
 * grow START RATE: hold START MiB of memory, then take RATE MiB more every second, touching
 * every page so that it counts against the container's memory limit, until the kernel's OOM
 * killer ends it. What a log shipper with an unbounded buffer does when its output is stuck;
 * the stand-ins run it for the scenarios whose x-sim memory grows (oom-sidecar). Exits 0 on
 * SIGTERM or SIGINT, as the runtime stops a container.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void on_stop(int sig) {
	(void)sig;
	_exit(0);
}

/* Every block stays reachable from here, so the compiler cannot drop an allocation nobody reads. */
static void *volatile last;

static void take(size_t bytes) {
	if (bytes < sizeof(void *)) return;
	char *block = malloc(bytes);
	if (block == NULL) _exit(1);
	/* Every page written, or it is never charged to the cgroup. */
	for (size_t i = 0; i < bytes; i += 4096) ((volatile char *)block)[i] = (char)0xa5;
	*(void **)block = last;
	last = block;
}

int main(int argc, char **argv) {
	if (argc != 3) return 2;
	const double start = strtod(argv[1], NULL), rate = strtod(argv[2], NULL);
	if (start < 0 || rate < 0) return 2;
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	const size_t mib = 1024 * 1024;
	take((size_t)(start * mib));
	/* Eight steps a second, so the growth is smooth as the sim's. */
	const struct timespec step = {0, 125000000};
	for (;;) {
		nanosleep(&step, NULL);
		take((size_t)(rate * mib / 8));
	}
}
