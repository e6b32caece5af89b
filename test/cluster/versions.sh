# shellcheck shell=bash
# The one place the Kubernetes version is pinned. Sourced by build.sh and up.sh.
#
# v1.35.x: the minor line k3s ships as its stable channel; its go.mod says
# `go 1.25.0`, so it builds with the Go 1.26.8 on this machine (1.36+ also
# builds, but is newer than what k3s users run).
K8S_VERSION=v1.35.4

# Where builds and run folders live (never inside the repo).
CACHE=${PODSCOPE_CLUSTER_CACHE:-$HOME/.cache/podscope-cluster}
K8S_BIN=$CACHE/k8s-$K8S_VERSION/bin
