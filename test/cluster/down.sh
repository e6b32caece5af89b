#!/usr/bin/env bash
# Stop everything up.sh started and undo what it changed on the host:
# pods, kubelet, containerd (and its shims and containers), the control plane,
# mounts under $RUN (overlay rootfs, sandbox shm, netns, pod volumes), the CNI
# bridge, the kubelet's cgroups, ip_forward. Then check that nothing is left
# and exit non-zero if something is. Logs stay in $RUN/logs.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.sh"
RUN=${PODSCOPE_CLUSTER_RUN:-$CACHE/run}
log() { echo "down.sh: $*" >&2; }
[[ -e $RUN/state.env ]] || { log "nothing to stop in $RUN"; exit 0; }
# shellcheck disable=SC1091
. "$RUN/state.env"
ctrd=$RUN/containerd
pid_of() { cat "$RUN/pids/$1" 2>/dev/null; }
# alive NAME: the recorded process still runs (not gone, not a zombie, not a
# reused pid: its start time is the one up.sh recorded). PID 1 here reaps late.
alive() {
  local p st
  p=$(pid_of "$1") && st=$(cat "/proc/$p/stat" 2>/dev/null) || return 1
  st=${st##*) }
  [[ ${st%% *} != Z && $(awk '{print $22}' "/proc/$p/stat") == $(cat "$RUN/pids/$1.start" 2>/dev/null) ]]
}
k() { "$KUBECTL" --kubeconfig "$RUN/kubeconfig.yaml" --request-timeout=10s "$@"; }
ctr_() { ctr --address "$ctrd/containerd.sock" --namespace k8s.io "$@"; }

# stop NAME: SIGTERM, up to 15 s, then SIGKILL.
stop() {
  local p i
  alive "$1" || return 0
  p=$(pid_of "$1")
  kill -TERM "$p" 2>/dev/null || return 0
  for ((i = 0; i < 30; i++)); do alive "$1" || return 0; sleep 0.5; done
  log "$1 ($p) ignored SIGTERM; SIGKILL"
  kill -KILL "$p" 2>/dev/null
  sleep 0.5
}

# 1. Let the kubelet take pods down the normal way (CNI DEL, volume unmounts).
if alive kube-apiserver && alive kubelet; then
  k delete pods --all --all-namespaces --grace-period=1 --timeout=60s >/dev/null 2>&1 ||
    log "some pods did not go away in 60 s; killing their containers"
fi
stop kubelet

# 2. Whatever containers are left: kill and delete their tasks so the shims exit.
if alive containerd; then
  for t in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks kill -a -s SIGKILL "$t" >/dev/null 2>&1; done
  sleep 1
  for t in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$t" >/dev/null 2>&1; done
fi

# 3. Daemons, in reverse start order.
tac "$RUN/pids/order" 2>/dev/null | while read -r n; do stop "$n"; done

# 4. Stragglers we started: shims serving our containerd, and processes in the
#    kubelet's cgroups. Found by their address / cgroup, killed by pid.
ours() {
  local f p st
  for f in $(
    grep -laF -- "$ctrd/containerd.sock" /proc/[0-9]*/cmdline 2>/dev/null
    grep -l ":/$CGROUP_ROOT/" /proc/[0-9]*/cgroup 2>/dev/null
  ); do
    p=${f#/proc/}; p=${p%%/*}
    st=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    st=${st##*) }
    [[ ${st%% *} == Z ]] && continue # killed already; PID 1 reaps it
    # a cmdline match counts only for shims (not for this grep or a ctr call)
    [[ $f == */cmdline && $(cat "/proc/$p/comm") != containerd-shim* ]] && continue
    echo "$p"
  done | sort -un
}
# The shims' sockets (/run/containerd/s/<hash>): their task bundles say where.
shim_socks=$(for a in "$ctrd"/state/io.containerd.runtime.v2.task/*/*/address; do
  [[ -e $a ]] && { sed 's#^unix://##' "$a"; echo; }
done | sort -u)
for p in $(ours); do log "killing leftover pid $p ($(cat /proc/"$p"/comm 2>/dev/null))"; kill -KILL "$p" 2>/dev/null; done
sleep 0.5
for f in $shim_socks; do [[ -S $f ]] && rm -f "$f"; done

# 5. Mounts under $RUN, deepest first (overlay rootfs, shm, nsfs, tmpfs volumes).
for m in $(findmnt -rn -o TARGET | grep "^$RUN/" | sort -r); do
  umount "$m" 2>/dev/null || umount -l "$m" || log "cannot unmount $m"
done

# 6. Host network and cgroup changes.
ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"
[[ -n ${IP_FORWARD_WAS:-} ]] && echo "$IP_FORWARD_WAS" >/proc/sys/net/ipv4/ip_forward
for h in /sys/fs/cgroup/*/"$CGROUP_ROOT"; do
  [[ -d $h ]] && find "$h" -depth -type d -exec rmdir {} + 2>/dev/null
done

# 7. Check: no process, mount, netns, bridge, cgroup or iptables rule left.
bad=0
left=$(ours); [[ -n $left ]] && { log "processes left: $left"; bad=1; }
for f in $shim_socks; do [[ -e $f ]] && { log "shim socket left: $f"; bad=1; }; done
while read -r n; do alive "$n" && { log "$n still running"; bad=1; }; done <"$RUN/pids/order"
left=$(findmnt -rn -o TARGET | grep "^$RUN/"); [[ -n $left ]] && { log "mounts left: $left"; bad=1; }
left=$(findmnt -rn -t nsfs -o TARGET | grep -F "$RUN"); [[ -n $left ]] && { log "netns left: $left"; bad=1; }
ip link show "$BRIDGE" >/dev/null 2>&1 && { log "bridge $BRIDGE left"; bad=1; }
left=$(ip -o link show | grep -E 'veth.*master '"$BRIDGE"); [[ -n $left ]] && { log "veths left: $left"; bad=1; }
left=$(ls -d /sys/fs/cgroup/*/"$CGROUP_ROOT" 2>/dev/null); [[ -n $left ]] && { log "cgroups left: $left"; bad=1; }
if [[ -e $RUN/iptables.before ]]; then
  left=$(diff "$RUN/iptables.before" <({ iptables-save; ip6tables-save; } 2>/dev/null | grep -E '^(:|-A)' | sed 's/\[[0-9]*:[0-9]*\]//') | grep '^>')
  [[ -n $left ]] && { log "iptables rules added since up.sh:"; echo "$left" >&2; bad=1; }
fi
if ((bad)); then
  log "NOT clean; state kept in $RUN"
  exit 1
fi
rm -rf "$RUN/pids" "$RUN/state.env" "$RUN/iptables.before" "$ctrd/root" "$ctrd/state" "$RUN/kubelet" "$RUN/etcd" \
  "$RUN/pki" "$RUN"/*.kubeconfig "$RUN/kubeconfig.yaml"
log "stopped; logs in $RUN/logs"
