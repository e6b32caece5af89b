#!/usr/bin/env bash
# Prove the node works with the real kubectl: a busybox pod reaches Running,
# `kubectl logs` prints hello, `kubectl exec` runs hostname, delete works.
#
#   test/cluster/smoke.sh [KUBECONFIG]     (default: the one up.sh wrote)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.sh"
RUN=${PODSCOPE_CLUSTER_RUN:-$CACHE/run}
# shellcheck disable=SC1091 # written by up.sh: KUBECTL
. "$RUN/state.env"
kc=${1:-$RUN/kubeconfig.yaml}
k() { echo "+ kubectl $*" >&2; "$KUBECTL" --kubeconfig "$kc" "$@"; }

k version
k get nodes -o wide
k apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: smoke
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: busybox
    image: docker.io/library/busybox:1.36
    command: [sh, -c, 'echo hello; sleep 3600']
EOF
k wait --for=jsonpath='{.status.phase}'=Running pod/smoke --timeout=120s
k get pod smoke -o wide
out=$(k logs smoke); echo "$out"; [[ $out == hello ]]
out=$(k exec smoke -- hostname); echo "$out"; [[ $out == smoke ]]
k delete pod smoke --timeout=60s
echo "smoke: ok"
