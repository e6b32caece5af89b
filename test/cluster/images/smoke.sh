#!/usr/bin/env bash
# Prove the archives work without the cluster: a throwaway containerd of its own (root, state
# and socket under a temporary folder, CRI plugin off), import.sh into it, then
#   busybox:1.36 runs `echo hello`; the nginx stand-in answers wget on 127.0.0.1:80 from
#   inside itself; distroless has no sh (exec fails).
# Stops that containerd and unmounts whatever it left. Needs root, containerd and runc.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
T=$(mktemp -d /tmp/podscope-images-smoke.XXXXXX)
[[ $T == /tmp/podscope-images-smoke.* ]] || exit 1 # the cleanup unmounts what is under $T
export CONTAINERD_SOCK=$T/containerd.sock
ctr=(ctr -n k8s.io --address "$CONTAINERD_SOCK")
cat >"$T/config.toml" <<TOML
version = 2
root = "$T/root"
state = "$T/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$T/containerd.sock"
[ttrpc]
  address = "$T/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
TOML
containerd --config "$T/config.toml" >"$T/containerd.log" 2>&1 &
cpid=$!
cleanup() {
	for t in $("${ctr[@]}" task ls -q 2>/dev/null); do "${ctr[@]}" task kill -s SIGKILL "$t" 2>/dev/null || true; done
	sleep 1
	for t in $("${ctr[@]}" task ls -q 2>/dev/null); do "${ctr[@]}" task rm -f "$t" >/dev/null 2>&1 || true; done
	kill "$cpid" 2>/dev/null && wait "$cpid" 2>/dev/null || true
	local m left
	for m in $(findmnt -rn -o TARGET | grep "^$T/" | sort -r || true); do umount "$m" || umount -l "$m"; done
	left=$(findmnt -rn -o TARGET | grep -c "^$T" || true)
	echo "cleanup: containerd stopped, mounts left under $T: $left"
	rm -rf "$T"
}
trap cleanup EXIT
for _ in $(seq 50); do [[ -S $CONTAINERD_SOCK ]] && break; sleep 0.1; done

"$here/import.sh"
echo "--- busybox: echo hello"
"${ctr[@]}" run --rm docker.io/library/busybox:1.36 smoke-busybox echo hello
echo "--- nginx: wget -qO- http://127.0.0.1:80/ from inside it"
"${ctr[@]}" run -d --log-uri "file://$T/nginx.log" docker.io/library/nginx:1.25 smoke-nginx >/dev/null
for _ in $(seq 50); do "${ctr[@]}" task exec --exec-id probe smoke-nginx wget -qO- http://127.0.0.1:80/ >"$T/page" 2>/dev/null && break; sleep 0.2; done
grep -o '<title>.*</title>' "$T/page"
echo "nginx's access log:"; sed -n '/GET/p' "$T/nginx.log"
echo "--- distroless: sh must not exist"
if "${ctr[@]}" run --rm gcr.io/distroless/static-debian12:nonroot smoke-distroless sh -c true 2>"$T/err"; then
	echo "FAIL: distroless ran sh" >&2
	exit 1
fi
grep -o 'exec: "sh": executable file not found in $PATH' "$T/err"
echo "--- all three passed"
