#!/usr/bin/env bash
# Build kube-apiserver, kube-controller-manager, kube-scheduler and kubelet
# from the Go module proxy into $CACHE/k8s-<version>/bin/, once per version.
#
# k8s.io/kubernetes cannot be `go install`ed (its go.mod replaces the staging
# modules with ./staging paths), so we do what importers of it do: a throwaway
# module in the cache that requires k8s.io/kubernetes and pins every staging
# module k8s.io/<name> to its published v0.<minor>.<patch>.
#
# Cost: see README.md (cold: ~tens of minutes on 2 cores, ~GBs of Go cache).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.sh"

export PATH=/usr/local/go/bin:$PATH
out=$CACHE/k8s-$K8S_VERSION
stamp=$out/.built
cmds=(kube-apiserver kube-controller-manager kube-scheduler kubelet)

if [[ -f $stamp && $(cat "$stamp") == "$K8S_VERSION" ]]; then
  echo "$K8S_BIN (already built)"
  exit 0
fi

mod=$out/mod
mkdir -p "$mod" "$K8S_BIN"
cd "$mod"

# The staging modules k8s.io/kubernetes replaces with local paths.
staging_version=v0.${K8S_VERSION#v1.}
gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')
mapfile -t staging < <(sed -n 's#^\s*\(k8s\.io/[^ ]*\) => \./staging/.*#\1#p' "$gomod")
go_directive=$(sed -n 's/^go //p' "$gomod")

{
  echo "module podscope.local/k8s-build"
  echo
  echo "go $go_directive"
  echo
  echo "require k8s.io/kubernetes $K8S_VERSION"
  echo
  for m in "${staging[@]}"; do echo "replace $m => $m $staging_version"; done
} >go.mod
printf 'package main\n\nimport (\n' >tools.go
for c in "${cmds[@]}"; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$c" >>tools.go; done
printf ')\n\nfunc main() {}\n' >>tools.go
sed -i '1i //go:build tools\n' tools.go
go mod tidy >/dev/null 2>&1 || go mod tidy

# Version stamps the official build sets, so components and kubectl agree.
minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
ld="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

# A build cache of its own, kept after a failure (a retry reuses it) and removed after success:
# 2.8 GB that nothing reads again until the pin changes, on machines that may be short of disk.
export GOCACHE=$out/go-build
export GOFLAGS=-trimpath CGO_ENABLED=0
for c in "${cmds[@]}"; do
  echo "building $c $K8S_VERSION" >&2
  go build -p 2 -ldflags "$ld" -o "$K8S_BIN/$c" "k8s.io/kubernetes/cmd/$c"
done
echo "$K8S_VERSION" >"$stamp"
rm -rf "$GOCACHE"
echo "$K8S_BIN"
