/*
 * pause: the process that holds a Pod's sandbox (its network, IPC and, when shared, PID
 * namespaces) open. Written for podscope's test images, not copied from Kubernetes.
 *
 * What it must do:
 *  - do nothing and use nothing while the Pod lives: block in pause() forever;
 *  - stop cleanly (exit 0) on SIGINT or SIGTERM, which is how the runtime stops a sandbox;
 *  - reap zombies: with shareProcessNamespace it is PID 1 of the Pod's PID namespace, so every
 *    orphaned process of every container is re-parented to it and must be waited for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig) {
	(void)sig;
	_exit(0);
}

static void on_child(int sig) {
	(void)sig;
	int saved = errno;
	while (waitpid(-1, NULL, WNOHANG) > 0) {
	}
	errno = saved;
}

int main(int argc, char **argv) {
	if (argc > 1 && (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "--version") == 0)) {
		puts("pause (podscope test image)");
		return 0;
	}
	if (getpid() != 1)
		fprintf(stderr, "pause: warning: not PID 1, so orphans are not re-parented here\n");

	struct sigaction stop = {.sa_handler = on_stop};
	sigemptyset(&stop.sa_mask);
	if (sigaction(SIGINT, &stop, NULL) < 0 || sigaction(SIGTERM, &stop, NULL) < 0) {
		perror("pause: sigaction");
		return 1;
	}
	struct sigaction child = {.sa_handler = on_child, .sa_flags = SA_NOCLDSTOP | SA_RESTART};
	sigemptyset(&child.sa_mask);
	if (sigaction(SIGCHLD, &child, NULL) < 0) {
		perror("pause: sigaction");
		return 1;
	}
	for (;;)
		pause();
}
