#!/usr/bin/env bash
# `npm run test:cluster`: the differential test from nothing. Installs the Debian packages,
# builds the pinned Kubernetes (once per version) and the test images, starts the node, runs
# test/cluster/compare.test.ts against it and `podscope sim`, and stops the node whatever
# happened. Needs root (containerd, runc, mounts). Times are in README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ $EUID -ne 0 ]]; then
	echo "error: npm run test:cluster needs root (containerd, runc, mounts, iptables): run it as root" >&2
	exit 1
fi
start=$SECONDS
step() { echo "test:cluster: $1 ($((SECONDS - start)) s)" >&2; }
"$here/install-packages.sh"
step "packages installed"
"$here/build.sh"
step "Kubernetes built"
"$here/images/build.sh" >/dev/null
step "images built"
trap '"$here/down.sh"' EXIT
"$here/up.sh" >/dev/null
step "node up"
# compare.test.ts reads its kubectl from up.sh's state.env; podscope.test.ts uses the
# conformance tests' one (KUBECTL, else /usr/bin/kubectl).
PODSCOPE_CLUSTER=1 npx vitest run --project cluster
