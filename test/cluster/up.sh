#!/usr/bin/env bash
# Start a one-node Kubernetes cluster from real components, on loopback:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler, containerd
# (CRI) with CNI, and the kubelet. Prints the path of a k3s-shaped kubeconfig.
#
#   test/cluster/up.sh            # needs root, install-packages.sh and build.sh first
#   test/cluster/up.sh --control-plane-only   # etcd, apiserver, controllers, scheduler
#   test/cluster/down.sh          # stops everything up.sh started
#
# All state lives in $RUN (default $CACHE/run): PKI, configs, logs, data dirs,
# containerd's root/state, kubelet's root dir. $RUN/pids records every process
# (in start order); $RUN/state.env records ports and host changes for down.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.sh"

RUN=${PODSCOPE_CLUSTER_RUN:-$CACHE/run}
NODE=podscope-node
BRIDGE=podscope0             # the CNI bridge; up.sh makes it so the node IP exists
POD_SUBNET=10.42.0.0/24      # k3s's cluster CIDR, first /24
NODE_IP=10.42.0.1            # the bridge's address (the kubelet rejects 127.0.0.1)
SERVICE_CIDR=10.43.0.0/16    # k3s's service CIDR
CLUSTER_DNS=10.43.0.10      # k3s's cluster DNS Service address (no CoreDNS runs here)
CGROUP_ROOT=podscope         # kubelet's --cgroup-root, in every cgroup v1 hierarchy
SA_ISSUER=https://kubernetes.default.svc.cluster.local
TIMEOUT=${PODSCOPE_CLUSTER_TIMEOUT:-180}
NODE_TOO=1
case ${1:-} in
--control-plane-only) NODE_TOO=0 ;;
"") ;;
*) echo "usage: $0 [--control-plane-only]" >&2; exit 2 ;;
esac

die() { echo "up.sh: $*" >&2; exit 1; }
log() { echo "up.sh: $*" >&2; }
[[ $(id -u) == 0 ]] || die "needs root (containerd, cgroups, network namespaces)"
for b in kube-apiserver kube-controller-manager kube-scheduler kubelet; do
  [[ -x $K8S_BIN/$b ]] || die "$K8S_BIN/$b missing: run $here/build.sh"
done
for b in etcd containerd containerd-shim-runc-v2 runc ctr openssl ip ss curl findmnt iptables-save; do
  command -v "$b" >/dev/null || die "$b missing: run $here/install-packages.sh"
done
[[ -e $RUN/pids ]] && die "$RUN is in use: run $here/down.sh first"
findmnt -rn -o TARGET | grep "^$RUN/" >/dev/null && die "mounts left under $RUN: run $here/down.sh first"
rm -rf "$RUN"
mkdir -p "$RUN"/{pki,logs,pids,etcd,cni/net.d,cni/ipam,containerd,kubelet,pod-logs}
chmod 700 "$RUN"
# If anything below fails, leave what started for down.sh (it reads $RUN).
trap 'log "failed; logs in $RUN/logs; clean up with $here/down.sh"' ERR

# A real kubectl: $KUBECTL, else the newest Cloud SDK kubectl.1.*, else kubectl on PATH.
if [[ -z ${KUBECTL:-} ]]; then
  KUBECTL=$(printf '%s\n' /usr/lib/google-cloud-sdk/bin/kubectl.1.* | sort -V | tail -1)
  [[ -x $KUBECTL ]] || KUBECTL=$(command -v kubectl) || die "no kubectl found; set KUBECTL"
fi
[[ -x $KUBECTL ]] || die "KUBECTL=$KUBECTL is not executable"
CONTAINER_LOG_MAX_SIZE=1Mi CONTAINER_LOG_MAX_FILES=3

# ---- ports: random free ones on 127.0.0.1 -----------------------------------
taken=" $(ss -Htln | awk '{n=split($4,a,":"); printf "%s ", a[n]}') "
free_port() { # free_port VAR
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    [[ $taken == *" $p "* ]] && continue
    taken+="$p "
    printf -v "$1" %s "$p"
    return
  done
}
free_port ETCD_PORT; free_port ETCD_PEER_PORT; free_port API_PORT
free_port CM_PORT; free_port SCHED_PORT; free_port KUBELET_PORT; free_port KUBELET_HEALTHZ_PORT

# ---- PKI (openssl; EC P-256 keys, one CA for everything) --------------------
pki=$RUN/pki
ossl() { openssl "$@" 2>>"$RUN/logs/openssl.log"; }
ossl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -keyout "$pki/ca.key" -out "$pki/ca.crt" -days 3650 -subj "/CN=podscope-ca" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"
cert() { # cert NAME SUBJECT EKU [SANS]
  ossl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -keyout "$pki/$1.key" -out "$pki/$1.csr" -subj "$2"
  ossl x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 365 -out "$pki/$1.crt" -extfile <(
      printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n' "$3"
      [[ -n ${4:-} ]] && printf 'subjectAltName=%s\n' "$4"
    )
  rm "$pki/$1.csr"
}
cert apiserver "/CN=kube-apiserver" serverAuth \
  "IP:127.0.0.1,IP:10.43.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
cert admin "/O=system:masters/CN=system:admin" clientAuth                       # as k3s's kubeconfig
cert controller-manager "/CN=system:kube-controller-manager" clientAuth
cert scheduler "/CN=system:kube-scheduler" clientAuth
cert kubelet "/O=system:nodes/CN=system:node:$NODE" clientAuth                 # Node authorizer
cert kubelet-serving "/CN=$NODE" serverAuth "IP:$NODE_IP,IP:127.0.0.1,DNS:$NODE,DNS:localhost"
cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
cert viewer "/CN=podscope-viewer" clientAuth                                   # bound to ClusterRole view below
ossl genrsa -out "$pki/sa.key" 2048
ossl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub"

kubeconfig() { # kubeconfig FILE CERT-NAME: cluster, user and context all "default"
  b64() { base64 -w0 "$1"; }
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: default
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(b64 "$pki/ca.crt")
users:
- name: default
  user:
    client-certificate-data: $(b64 "$pki/$2.crt")
    client-key-data: $(b64 "$pki/$2.key")
contexts:
- name: default
  context:
    cluster: default
    user: default
current-context: default
preferences: {}
EOF
  chmod 600 "$1"
}
kubeconfig "$RUN/kubeconfig.yaml" admin
kubeconfig "$RUN/controller-manager.kubeconfig" controller-manager
kubeconfig "$RUN/scheduler.kubeconfig" scheduler
kubeconfig "$RUN/kubelet.kubeconfig" kubelet
kubeconfig "$RUN/viewer.kubeconfig" viewer

# ---- state for down.sh -------------------------------------------------------
cat >"$RUN/state.env" <<EOF
ETCD_PORT=$ETCD_PORT ETCD_PEER_PORT=$ETCD_PEER_PORT API_PORT=$API_PORT
CM_PORT=$CM_PORT SCHED_PORT=$SCHED_PORT KUBELET_PORT=$KUBELET_PORT KUBELET_HEALTHZ_PORT=$KUBELET_HEALTHZ_PORT
BRIDGE=$BRIDGE CGROUP_ROOT=$CGROUP_ROOT NODE_IP=$NODE_IP KUBECTL=$KUBECTL
CONTAINER_LOG_MAX_SIZE=$CONTAINER_LOG_MAX_SIZE CONTAINER_LOG_MAX_FILES=$CONTAINER_LOG_MAX_FILES
IP_FORWARD_WAS=$(cat /proc/sys/net/ipv4/ip_forward)
EOF
# The host's firewall rules now; down.sh checks that nothing was added.
iptables_rules() { { iptables-save; ip6tables-save; } 2>/dev/null | grep -E '^(:|-A)' | sed 's/\[[0-9]*:[0-9]*\]//'; }
iptables_rules >"$RUN/iptables.before"

# start NAME CMD...: run in its own session, log to $RUN/logs/NAME.log,
# record the pid. (setsid execs in place here: $! is the daemon itself.)
start() {
  local name=$1; shift
  setsid "$@" >>"$RUN/logs/$name.log" 2>&1 </dev/null &
  echo "$!" >"$RUN/pids/$name"
  # Its start time too: down.sh signals a pid only while it is still this process.
  awk '{print $22}' "/proc/$!/stat" >"$RUN/pids/$name.start"
  echo "$name" >>"$RUN/pids/order"
}
# alive NAME: the recorded process still runs (not gone, not a zombie, not reused).
alive() {
  local p st
  p=$(cat "$RUN/pids/$1") && st=$(cat "/proc/$p/stat" 2>/dev/null) || return 1
  st=${st##*) }
  [[ ${st%% *} != Z && $(awk '{print $22}' "/proc/$p/stat") == $(cat "$RUN/pids/$1.start") ]]
}
# wait_for WHAT CMD...: retry CMD until it succeeds or TIMEOUT; fail as soon
# as any process started so far has died.
wait_for() {
  local what=$1 i; shift
  for ((i = 0; i < TIMEOUT * 2; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    local n
    while read -r n; do
      alive "$n" ||
        { tail -20 "$RUN/logs/$n.log" >&2; die "$n exited while waiting for $what"; }
    done <"$RUN/pids/order"
    sleep 0.5
  done
  die "timed out waiting for $what"
}
k() { "$KUBECTL" --kubeconfig "$RUN/kubeconfig.yaml" "$@"; }
https_ok() { curl -sfk --max-time 2 "https://127.0.0.1:$1/healthz"; }

# ---- etcd (plain HTTP on 127.0.0.1; nothing else can reach it) ---------------
log "etcd on 127.0.0.1:$ETCD_PORT"
start etcd etcd --name podscope --data-dir "$RUN/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "podscope=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state new
wait_for etcd curl -sf --max-time 2 "http://127.0.0.1:$ETCD_PORT/health"

# ---- kube-apiserver: flags as k3s sets them, where they apply ---------------
log "kube-apiserver on https://127.0.0.1:$API_PORT"
start kube-apiserver "$K8S_BIN/kube-apiserver" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" --anonymous-auth=false \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction --allow-privileged=true \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --service-account-issuer="$SA_ISSUER" --api-audiences="$SA_ISSUER,k3s" \
  --service-cluster-ip-range="$SERVICE_CIDR" --service-node-port-range=30000-32767 \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" \
  --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$pki/ca.crt" --kubelet-preferred-address-types=InternalIP \
  --endpoint-reconciler-type=none --profiling=false
wait_for kube-apiserver k get --raw=/readyz
# A user who may read but not exec, attach or write: podscope's read-only paths, on real RBAC.
k create clusterrolebinding podscope-viewer --clusterrole=view --user=podscope-viewer >/dev/null

# ---- controller manager and scheduler ---------------------------------------
log "kube-controller-manager on 127.0.0.1:$CM_PORT, kube-scheduler on 127.0.0.1:$SCHED_PORT"
cm=$RUN/controller-manager.kubeconfig
start kube-controller-manager "$K8S_BIN/kube-controller-manager" \
  --kubeconfig="$cm" --authentication-kubeconfig="$cm" --authorization-kubeconfig="$cm" \
  --bind-address=127.0.0.1 --secure-port="$CM_PORT" --leader-elect=false --profiling=false \
  --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
  --use-service-account-credentials=true --controllers='*,tokencleaner' \
  --service-cluster-ip-range="$SERVICE_CIDR" --configure-cloud-routes=false
sc=$RUN/scheduler.kubeconfig
start kube-scheduler "$K8S_BIN/kube-scheduler" \
  --kubeconfig="$sc" --authentication-kubeconfig="$sc" --authorization-kubeconfig="$sc" \
  --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --leader-elect=false --profiling=false
wait_for kube-controller-manager https_ok "$CM_PORT"
wait_for kube-scheduler https_ok "$SCHED_PORT"

if ((!NODE_TOO)); then
  wait_for "ServiceAccount default" k -n default get serviceaccount default
  echo "$RUN/kubeconfig.yaml"
  exit 0
fi

# ---- node network: the bridge CNI uses, with the node's IP -------------------
# The kubelet refuses a loopback node IP ("nodeIP can't be loopback
# address"), so the node IP is the CNI bridge's gateway address: local to this
# machine, made here so that it exists before the first pod.
ip link add "$BRIDGE" type bridge
ip addr add "$NODE_IP/${POD_SUBNET#*/}" dev "$BRIDGE"
ip link set "$BRIDGE" up
# Pods get no default route and no masquerade: they reach the node IP and each
# other only. isGateway stays false: the bridge already has the gateway
# address, and true would make the plugin turn on the host's ip_forward.
cat >"$RUN/cni/net.d/10-podscope.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "podscope",
  "plugins": [
    {
      "type": "bridge", "bridge": "$BRIDGE", "isGateway": false, "ipMasq": false, "hairpinMode": true,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$POD_SUBNET", "gateway": "$NODE_IP" }]],
                "dataDir": "$RUN/cni/ipam" }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF

# ---- containerd: own config, root, state and socket under $RUN -------------
ctrd=$RUN/containerd
cat >"$ctrd/config.toml" <<EOF
version = 2
root = "$ctrd/root"
state = "$ctrd/state"
# Plugins a CRI node does not need (opt would write /opt/containerd).
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$ctrd/containerd.sock"
[ttrpc]
  address = "$ctrd/containerd.sock.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.10"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  netns_mounts_under_state_dir = true
  # This machine drops CAP_SYS_RESOURCE even for root, so runc cannot lower
  # oom_score_adj (the sandbox's -998 fails: "nsexec: failed to update
  # /proc/self/oom_score_adj: Permission denied"); cap it at containerd's own.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$RUN/cni/net.d"
    max_conf_num = 1
EOF
log "containerd at $ctrd/containerd.sock"
# Images are imported, never pulled: a proxy on a closed loopback port makes
# any pull fail at once instead of reaching a registry.
start containerd env HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY= \
  containerd --config "$ctrd/config.toml"
ctr_() { ctr --address "$ctrd/containerd.sock" --namespace k8s.io "$@"; }
wait_for containerd ctr_ version

# Images: test/cluster/images/import.sh when present, else every archive in
# $CACHE/images (written by test/cluster/images/build.sh).
if [[ -x $here/images/import.sh ]]; then
  CONTAINERD_SOCK=$ctrd/containerd.sock "$here/images/import.sh" >>"$RUN/logs/images.log" 2>&1
else
  for t in "$CACHE"/images/*.tar; do
    [[ -e $t ]] && ctr_ images import "$t" >>"$RUN/logs/images.log" 2>&1
  done
fi
ctr_ images ls -q | grep -x registry.k8s.io/pause:3.10 >/dev/null ||
  die "registry.k8s.io/pause:3.10 not imported (build it: test/cluster/images/build.sh)"

# ---- kubelet -----------------------------------------------------------------
# cgroup v1 with the cgroupfs driver: the kubelet's cgroups live under
# /$CGROUP_ROOT in every hierarchy so that down.sh can remove them all.
for h in /sys/fs/cgroup/*/; do
  [[ $h == */unified/ ]] && continue
  mkdir -p "$h$CGROUP_ROOT"
  if [[ -e $h/cpuset.cpus ]]; then
    cat "$h/cpuset.cpus" >"$h$CGROUP_ROOT/cpuset.cpus"
    cat "$h/cpuset.mems" >"$h$CGROUP_ROOT/cpuset.mems"
  fi
done
cat >"$RUN/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
tlsCertFile: $pki/kubelet-serving.crt
tlsPrivateKeyFile: $pki/kubelet-serving.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $pki/ca.crt}
authorization:
  mode: Webhook
containerRuntimeEndpoint: unix://$ctrd/containerd.sock
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP_ROOT
failCgroupV1: false
failSwapOn: false
oomScoreAdj: 0                # -999 needs CAP_SYS_RESOURCE (see containerd above)
# No KUBE-FIREWALL / KUBE-KUBELET-CANARY / KUBE-IPTABLES-HINT chains on the
# host: they exist for kube-proxy, which this node does not run.
makeIPTablesUtilChains: false
podLogsDir: $RUN/pod-logs
# Log rotation within seconds of a flood (test/cluster/rotation.test.ts), not after 10 MiB; the
# tests start the sim with the same values (state.env). The check stays every 10 s.
containerLogMaxSize: $CONTAINER_LOG_MAX_SIZE
containerLogMaxFiles: $CONTAINER_LOG_MAX_FILES
# k3s's cluster DNS address. Nothing answers there (no CoreDNS here), but a kubelet with no
# clusterDNS warns MissingClusterDNS on every pod, an event no k3s pod has.
clusterDNS: [$CLUSTER_DNS]
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
# A shared test machine: evict only when really out of room.
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
serializeImagePulls: false
EOF
log "kubelet on $NODE_IP:$KUBELET_PORT (healthz 127.0.0.1:$KUBELET_HEALTHZ_PORT)"
start kubelet "$K8S_BIN/kubelet" --config="$RUN/kubelet/config.yaml" \
  --kubeconfig="$RUN/kubelet.kubeconfig" --root-dir="$RUN/kubelet" \
  --hostname-override="$NODE" --node-ip="$NODE_IP" --v=1
wait_for "node $NODE Ready" k wait --for=condition=Ready "node/$NODE" --timeout=1s
wait_for "ServiceAccount default" k -n default get serviceaccount default
wait_for "ConfigMap kube-root-ca.crt" k -n default get configmap kube-root-ca.crt

echo "$RUN/kubeconfig.yaml"
