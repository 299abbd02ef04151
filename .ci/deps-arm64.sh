#!/bin/sh
# Install the arm64 cross-build packages in .ci/packages-arm64.txt that are missing (enabling
# Debian's arm64 architecture first when it is not); do nothing when all are there. Fails
# loudly when they cannot be had: CI must not pass without the Arm build.
set -eu
here=$(dirname "$0")
list="$here/packages-arm64.txt"
host=$(dpkg --print-architecture)
# On an arm64 machine (a Raspberry Pi) the native build is the Arm build: nothing to cross.
# The cross compiler is packaged for amd64 hosts, which is what CI runs on.
[ "$host" = amd64 ] || exit 0
missing_of() {
    for p in $(grep -v '^\s*#' "$list" | tr -s ' \n' '\n'); do
        status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        case "$status" in
            *"install ok installed"*) ;;
            *) printf ' %s' "$p" ;;
        esac
    done
}
# Libraries whose Debian packages are not multi-arch (their files are in /usr/lib, so the arm64
# package cannot be installed beside the amd64 one): the arm64 shared library is unpacked from
# its .deb into /usr/lib/aarch64-linux-gnu, with a .pc file for aarch64-linux-gnu-pkg-config.
# The headers are the amd64 -dev package's (.ci/packages.txt): they are the same.
#   name | arm64 packages | file that shows it is there
unpacked="libunibreak|libunibreak1 libunibreak-dev|/usr/lib/aarch64-linux-gnu/libunibreak.so"
unpack_missing() {
    echo "$unpacked" | while IFS='|' read -r name debs file; do
        [ -e "$file" ] || printf ' %s' "$name"
    done
}
unpack() { # NAME DEBS
    dir=$(mktemp -d) && chmod 755 "$dir" # apt downloads as its _apt user
    # shellcheck disable=SC2086
    (cd "$dir" && for d in $2; do apt-get download "$d:arm64" || exit 1; done) ||
        fail "apt-get download failed for: $2 (arm64)"
    for deb in "$dir"/*.deb; do dpkg-deb -x "$deb" "$dir/root"; done
    $sudo mkdir -p /usr/lib/aarch64-linux-gnu/pkgconfig
    $sudo cp -a "$dir"/root/usr/lib/lib"${1#lib}".so* /usr/lib/aarch64-linux-gnu/
    sed -e 's#^libdir=.*#libdir=/usr/lib/aarch64-linux-gnu#' "$dir/root/usr/lib/pkgconfig/$1.pc" |
        $sudo tee "/usr/lib/aarch64-linux-gnu/pkgconfig/$1.pc" >/dev/null
    rm -rf "$dir"
}
missing=$(missing_of)
to_unpack=$(unpack_missing)
[ -z "$missing" ] && [ -z "$to_unpack" ] && exit 0
echo "make deps: installing for the arm64 cross build:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
fail() {
    echo "make deps: ERROR: $*" >&2
    echo "make deps: the arm64 cross build (tests/test_arm64.sh) needs the packages in" \
         "$list; is the arm64 architecture available from this machine's apt sources?" >&2
    exit 1
}
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    # Debian's mirrors carry arm64 beside amd64; Ubuntu's do not (arm64 is on its ports
    # mirror), and enabling the architecture there would break every `apt-get update`.
    id=$(. /etc/os-release 2>/dev/null && echo "${ID:-}")
    if [ "$id" != debian ]; then
        echo "make deps: WARNING: not enabling the arm64 architecture on '$id' (only on Debian);" \
             "the arm64 test (tests/test_arm64.sh) will fail until it and the packages in" \
             "$list are installed by hand" >&2
        exit 0
    fi
    echo "make deps: enabling the arm64 architecture (dpkg --add-architecture arm64)"
    $sudo dpkg --add-architecture arm64 || fail "dpkg --add-architecture arm64 failed"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || fail "apt-get update failed"
if [ -n "$missing" ]; then
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing ||
        fail "apt-get install failed for:$missing"
fi
echo "$unpacked" | while IFS='|' read -r name debs file; do
    [ -e "$file" ] || { echo "make deps: unpacking $name for arm64 ($debs)"; unpack "$name" "$debs"; }
done
still=$(missing_of)$(unpack_missing)
[ -z "$still" ] || fail "still not installed:$still"
