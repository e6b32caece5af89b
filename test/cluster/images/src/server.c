/*
 * server: the whole of the distroless stand-in (gcr.io/distroless/static-debian12:nonroot has
 * no shell, so the app in it is one static binary). An HTTP server on :8080 (or $PORT) that
 * answers every request "ok", logs one line per request like the scenario's app
 * ("GET /healthz 200"), and exits 0 on SIGTERM/SIGINT.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void on_stop(int sig) {
	(void)sig;
	_exit(0);
}

int main(void) {
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);

	const char *env = getenv("PORT");
	int port = env ? atoi(env) : 8080;
	int fd = socket(AF_INET6, SOCK_STREAM, 0);
	int one = 1, zero = 0;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
	struct sockaddr_in6 addr = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_ANY_INIT};
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 64) < 0) {
		fprintf(stderr, "listen tcp :%d: ", port);
		perror("bind");
		return 1;
	}
	printf("server listening on :%d\n", port);

	for (;;) {
		int c = accept(fd, NULL, NULL);
		if (c < 0)
			continue;
		char buf[2048], method[16] = "-", path[512] = "-";
		ssize_t n = read(c, buf, sizeof buf - 1);
		if (n > 0) {
			buf[n] = 0;
			sscanf(buf, "%15s %511s", method, path);
		}
		static const char reply[] =
			"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
		ssize_t w = write(c, reply, sizeof reply - 1);
		(void)w;
		close(c);
		printf("%s %s 200\n", method, path);
	}
}
