# Helpers shared by the stand-in entrypoints (busybox ash). Installed in every busybox-based
# image as /usr/local/lib/podscope/lib.sh; each entrypoint sources it.

# Timestamps in the formats the imitated programs print.
iso() { date -u +%Y-%m-%dT%H:%M:%S.000Z; }            # 2024-01-02T03:04:05.000Z
clock() { date -u '+%d/%b/%Y:%H:%M:%S +0000'; }       # nginx $time_local
nginx_time() { date -u '+%Y/%m/%d %H:%M:%S'; }        # nginx error log

# A sleep that a trapped signal interrupts at once (a plain `sleep` in the foreground delays
# the trap until it ends, and PID 1 ignores signals it has no handler for).
nap() { sleep "$1" & wait $!; }

# Exit with $1 (default 0) on the usual stop signals. PID 1's exit takes the rest of the
# container's processes with it, so there is nothing else to clean up.
stop_on_signals() { trap "exit ${1:-0}" TERM INT QUIT; }

# serve PORT ROUTE: an HTTP server on PORT. Each connection runs `http-handler ROUTE`, which
# parses the request and sources ROUTE to answer it. Fails (exit 1, "bind: Address in use")
# when the port is taken, like the real servers do.
serve() { nc -ll -p "$1" -e /usr/local/lib/podscope/http-handler "$2"; }

# proxy PORT HOST HOSTPORT: a TCP forwarder; a connection is closed at once when the
# upstream refuses it.
proxy() { nc -ll -p "$1" -e nc "$2" "$3"; }

# watch_children PID...: return (1) as soon as one of these background processes has ended.
watch_children() { while kill -0 "$@" 2>/dev/null; do nap 1; done; return 1; }

# Can a TCP connection to HOST PORT be made (within 1 s)?
reachable() { nc -w 1 "$1" "$2" </dev/null >/dev/null 2>&1; }
