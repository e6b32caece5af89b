# shellcheck shell=bash disable=SC2034
# The one place the Kubernetes version is pinned. Sourced by build.sh and up.sh.
#
# k3s's current line is 1.35 (v1.35.4+k3s1, v1.35.5+k3s1); v1.35.4 is the
# newest 1.35 patch on the module proxy here. Its go.mod says `go 1.25.0`, so
# the Go 1.26.8 here builds it, and its kubelet still accepts Debian 12's
# containerd 1.6, which lacks the CRI RuntimeConfig call. See README.md.
K8S_VERSION=v1.35.4

# Where builds and run folders live (never inside the repo).
CACHE=${PODSCOPE_CLUSTER_CACHE:-$HOME/.cache/podscope-cluster}
K8S_BIN=$CACHE/k8s-$K8S_VERSION/bin
