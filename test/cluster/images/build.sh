#!/usr/bin/env bash
# Build the test cluster's container images as OCI image-layout archives, without a registry
# or a container engine: bash, GNU tar, sha256sum, gcc (static) and busybox-static.
#
#   test/cluster/images/build.sh [SHORT-NAME...]     (default: every image in images/)
#
# Writes $CACHE/images/<short-name>.tar, one image each, named by the full normalised reference
# that containerd resolves the scenarios' short names to (nginx:1.25 -> docker.io/library/nginx:1.25).
# An image is rebuilt only when its inputs change: <short-name>.stamp holds their hash.
#
# Each images/<short-name>/image.conf (sourced) says:
#   REF         full image reference
#   BASE        busybox (a first layer with busybox-static and its applet links) or scratch
#   BINARIES    static C programs to compile into the image layer: "src-name:/path ..."
#   ENTRYPOINT, CMD   JSON arrays (or empty)
#   ENV         JSON strings after PATH, comma separated (or empty); PATH is always set
#   WORKDIR, USER, STOPSIGNAL, PORTS ("80/tcp 443/tcp")
#   PASSWD_LINES, GROUP_LINES extra /etc/passwd and /etc/group lines (one a line)
#   OWNERS      "path:uid:gid ..." for files the image layer owns as non-root
# and images/<short-name>/rootfs/ holds the files of its own layer.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${PODSCOPE_CLUSTER_CACHE:-$HOME/.cache/podscope-cluster}
out=$CACHE/images
BUSYBOX=${BUSYBOX:-/bin/busybox}
CC=${CC:-gcc}

case $(uname -m) in
x86_64) arch=amd64 variant= ;;
aarch64 | arm64) arch=arm64 variant=v8 ;;
armv7l) arch=arm variant=v7 ;;
*) arch=$(dpkg --print-architecture) variant= ;;
esac

# Reproducible tar: fixed order, times and owners; root-owned unless --owner-map says otherwise.
TAR_OPTS=(--format=gnu --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)

die() { echo "images/build.sh: $*" >&2; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
json_str() { # a JSON string (the values here are plain ASCII; escape \ and ")
	local s=${1//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}

[[ -x $BUSYBOX ]] || die "$BUSYBOX missing: apt-get install busybox-static"
file_is_static() { ! LC_ALL=C readelf -l "$1" 2>/dev/null | grep 'INTERP' >/dev/null; }
file_is_static "$BUSYBOX" || die "$BUSYBOX is not statically linked"

# What every image's stamp depends on besides its own folder.
common_inputs() {
	sha256sum "$here/build.sh" "$here"/lib/* "$here"/src/*
	echo "arch=$arch/$variant"
}

# The busybox layer: busybox-static, a link per applet at the path it reports, the passwd and
# group files of the busybox image, and the usual empty folders.
make_busybox_rootfs() {
	local r=$1 p
	mkdir -p "$r/bin" "$r/sbin" "$r/usr/bin" "$r/usr/sbin" "$r/etc" "$r/root" "$r/home" \
		"$r/var/spool/mail" "$r/var/www" "$r/tmp" "$r/usr/local/bin" "$r/usr/local/sbin"
	cp "$BUSYBOX" "$r/bin/busybox"
	chmod 0755 "$r/bin/busybox"
	while read -r p; do
		[[ $p == bin/busybox ]] && continue
		ln -sf /bin/busybox "$r/$p"
	done < <("$BUSYBOX" --list-full)
	cat >"$r/etc/passwd" <<-'EOF'
		root:x:0:0:root:/root:/bin/sh
		daemon:x:1:1:daemon:/usr/sbin:/bin/false
		bin:x:2:2:bin:/bin:/bin/false
		sys:x:3:3:sys:/dev:/bin/false
		sync:x:4:100:sync:/bin:/bin/sync
		mail:x:8:8:mail:/var/spool/mail:/bin/false
		www-data:x:33:33:www-data:/var/www:/bin/false
		operator:x:37:37:Operator:/var:/bin/false
		nobody:x:65534:65534:nobody:/home:/bin/false
	EOF
	cat >"$r/etc/group" <<-'EOF'
		root:x:0:
		daemon:x:1:
		bin:x:2:
		sys:x:3:
		adm:x:4:
		tty:x:5:
		disk:x:6:
		lp:x:7:
		mail:x:8:
		kmem:x:9:
		wheel:x:10:root
		cdrom:x:11:
		dialout:x:18:
		floppy:x:19:
		video:x:28:
		audio:x:29:
		tape:x:32:
		www-data:x:33:
		operator:x:37:
		utmp:x:43:
		plugdev:x:46:
		staff:x:50:
		lock:x:54:
		netdev:x:82:
		users:x:100:
		nogroup:x:65534:
	EOF
	chmod 0644 "$r/etc/passwd" "$r/etc/group"
	chmod 0700 "$r/root"
	chmod 1777 "$r/tmp"
}

# layer_tar ROOTFS OUT.tar OWNERS: a reproducible, uncompressed layer.
layer_tar() {
	local rootfs=$1 tarfile=$2 owners=$3 map o path uid gid
	map=$(mktemp)
	for o in $owners; do
		IFS=: read -r path uid gid <<<"$o"
		[[ -e $rootfs/$path ]] || die "OWNERS: $path is not in the layer"
		chown "$uid:$gid" "$rootfs/$path"
		echo "+$uid $uid:$uid" >>"$map.u"
		echo "+$gid $gid:$gid" >>"$map.g"
	done
	touch "$map.u" "$map.g"
	# Modes must not depend on the umask of whoever checked the repo out.
	find "$rootfs" -type d ! -perm -1000 ! -path "$rootfs/root" -exec chmod 0755 {} +
	tar -C "$rootfs" "${TAR_OPTS[@]}" --owner-map="$map.u" --group-map="$map.g" -cf "$tarfile" .
	rm -f "$map" "$map.u" "$map.g"
}

# blob FILE BLOBS: move FILE into the layout's blobs as sha256/<digest>; print the digest.
blob() {
	local d
	d=$(sha "$1")
	mv "$1" "$2/$d"
	echo "$d"
}

build_image() {
	local short=$1 dir=$here/images/$1
	[[ -f $dir/image.conf ]] || die "no image $short ($dir/image.conf)"

	local REF= BASE=busybox BINARIES= ENTRYPOINT= CMD= ENV= WORKDIR=/ USER= STOPSIGNAL= PORTS= PASSWD_LINES= GROUP_LINES= OWNERS=
	# shellcheck source=/dev/null
	. "$dir/image.conf"
	[[ -n $REF ]] || die "$short: REF is empty"

	# Inputs: this image's files, the shared ones, and the busybox binary or the compiler.
	local stamp
	stamp=$({
		common_inputs
		(cd "$dir" && find . -print0 | LC_ALL=C sort -z | xargs -0 -I{} sh -c 'if [ -f "{}" ]; then sha256sum "{}"; elif [ -L "{}" ]; then echo "{} -> $(readlink "{}")"; else stat -c "%A %n" "{}"; fi')
		if [[ $BASE == busybox ]]; then sha "$BUSYBOX"; fi
		if [[ -n $BINARIES ]]; then "$CC" --version; fi
	} | sha256sum | cut -d' ' -f1)
	if [[ -f $out/$short.tar && -f $out/$short.stamp && $(<"$out/$short.stamp") == "$stamp" ]]; then
		echo "$short: up to date ($REF)"
		return
	fi

	local work
	work=$(mktemp -d "$out/.build-$short.XXXXXX")
	local blobs=$work/layout/blobs/sha256
	mkdir -p "$blobs" "$work/base" "$work/top"

	local diff_ids=() layers=() history=() d
	if [[ $BASE == busybox ]]; then
		# The same layer for every busybox image: made once per run.
		if [[ ! -f $out/.build-base.tar ]]; then
			make_busybox_rootfs "$out/.build-base"
			layer_tar "$out/.build-base" "$out/.build-base.tar" ""
		fi
		cp -a "$out/.build-base/." "$work/base/"
		cp "$out/.build-base.tar" "$work/base.tar"
		d=$(blob "$work/base.tar" "$blobs")
		diff_ids+=("\"sha256:$d\"")
		layers+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$d\",\"size\":$(size "$blobs/$d")}")
		local bbv
		bbv=$("$BUSYBOX" --help 2>&1 || true) # no `| head`: pipefail would see SIGPIPE
		bbv=${bbv%%$'\n'*}
		history+=("{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"podscope images/build.sh: busybox-static ${bbv//\"/}\"}")
	elif [[ $BASE != scratch ]]; then
		die "$short: BASE must be busybox or scratch"
	fi

	# The image's own layer: its rootfs/, the shared stand-in helpers (busybox images only),
	# the compiled programs, and passwd/group when it adds users.
	local top=$work/top
	if [[ -d $dir/rootfs ]]; then
		cp -a "$dir/rootfs/." "$top/"
	fi
	if [[ $BASE == busybox && $short != busybox ]]; then
		mkdir -p "$top/usr/local/lib/podscope"
		cp "$here"/lib/* "$top/usr/local/lib/podscope/"
	fi
	local b name path
	for b in $BINARIES; do
		name=${b%%:*} path=${b#*:}
		mkdir -p "$top/$(dirname "$path")"
		"$CC" -static -Os -s -Wall -Wextra -Werror -Wl,--build-id=none -o "$top/$path" "$here/src/$name.c"
		chmod 0755 "$top/$path"
	done
	if [[ -n $PASSWD_LINES ]]; then
		mkdir -p "$top/etc"
		{ [[ $BASE == busybox ]] && cat "$work/base/etc/passwd"; printf '%s\n' "$PASSWD_LINES"; } >"$top/etc/passwd"
		{ [[ $BASE == busybox ]] && cat "$work/base/etc/group"; printf '%s\n' "$GROUP_LINES"; } >"$top/etc/group"
		chmod 0644 "$top/etc/passwd" "$top/etc/group"
	fi
	# Empty folders are kept in git by a .keep file, which the image does not need.
	find "$top" -name .keep -type f -delete
	if [[ -d $top/tmp ]]; then chmod 1777 "$top/tmp"; fi
	# Files from git carry the checkout's modes: normalise (scripts are marked executable in git).
	find "$top" -type f -perm /111 -exec chmod 0755 {} +
	find "$top" -type f ! -perm /111 -exec chmod 0644 {} +
	if [[ -n $(ls -A "$top") ]]; then
		layer_tar "$top" "$work/top.tar" "$OWNERS"
		d=$(blob "$work/top.tar" "$blobs")
		diff_ids+=("\"sha256:$d\"")
		layers+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$d\",\"size\":$(size "$blobs/$d")}")
		history+=("{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"podscope images/build.sh: images/$short\"}")
	fi

	# The image config (OCI image spec, application/vnd.oci.image.config.v1+json).
	local path_env=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	local cfg="\"Env\":[\"PATH=$path_env\"${ENV:+,$ENV}]"
	[[ -n $ENTRYPOINT ]] && cfg+=",\"Entrypoint\":$ENTRYPOINT"
	[[ -n $CMD ]] && cfg+=",\"Cmd\":$CMD"
	cfg+=",\"WorkingDir\":$(json_str "$WORKDIR")"
	[[ -n $USER ]] && cfg+=",\"User\":$(json_str "$USER")"
	[[ -n $STOPSIGNAL ]] && cfg+=",\"StopSignal\":$(json_str "$STOPSIGNAL")"
	if [[ -n $PORTS ]]; then
		local p ports=()
		for p in $PORTS; do ports+=("$(json_str "$p"):{}"); done
		cfg+=",\"ExposedPorts\":{$(IFS=,; echo "${ports[*]}")}"
	fi
	cfg+=",\"Labels\":{\"org.opencontainers.image.title\":$(json_str "$short"),\"org.opencontainers.image.description\":\"podscope test stand-in, built by test/cluster/images/build.sh\"}"
	local plat="\"architecture\":\"$arch\",\"os\":\"linux\"${variant:+,\"variant\":\"$variant\"}"
	printf '{%s,"created":"1970-01-01T00:00:00Z","config":{%s},"rootfs":{"type":"layers","diff_ids":[%s]},"history":[%s]}' \
		"$plat" "$cfg" "$(IFS=,; echo "${diff_ids[*]}")" "$(IFS=,; echo "${history[*]}")" >"$work/config.json"
	local cfg_digest cfg_size
	cfg_size=$(size "$work/config.json")
	cfg_digest=$(blob "$work/config.json" "$blobs")

	printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
		"$cfg_digest" "$cfg_size" "$(IFS=,; echo "${layers[*]}")" >"$work/manifest.json"
	local man_digest man_size
	man_size=$(size "$work/manifest.json")
	man_digest=$(blob "$work/manifest.json" "$blobs")

	# index.json: ctr import names the image from io.containerd.image.name, and from
	# org.opencontainers.image.ref.name when that is a full reference; both hold REF.
	printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{%s},"annotations":{"io.containerd.image.name":%s,"org.opencontainers.image.ref.name":%s}}]}\n' \
		"$man_digest" "$man_size" "$plat" "$(json_str "$REF")" "$(json_str "$REF")" >"$work/layout/index.json"
	printf '{"imageLayoutVersion":"1.0.0"}\n' >"$work/layout/oci-layout"
	chmod 0644 "$blobs"/* "$work/layout/index.json" "$work/layout/oci-layout"
	find "$work/layout" -type d -exec chmod 0755 {} +

	tar -C "$work/layout" "${TAR_OPTS[@]}" -cf "$work/image.tar" oci-layout index.json blobs
	mv "$work/image.tar" "$out/$short.tar"
	echo "$stamp" >"$out/$short.stamp"
	rm -rf "$work"
	echo "$short: built $REF ($(size "$out/$short.tar") bytes, manifest sha256:$man_digest)"
}

mkdir -p "$out"
rm -rf "$out"/.build-*
if (($#)); then
	names=("$@")
else
	names=()
	for d in "$here"/images/*/; do names+=("$(basename "$d")"); done
fi
for n in "${names[@]}"; do build_image "$n"; done
rm -rf "$out"/.build-*
