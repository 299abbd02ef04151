#!/bin/sh
# Install the Debian packages in .ci/packages.txt that are missing; do nothing when all are there.
set -eu
here=$(dirname "$0")
missing=""
for p in $(grep -v '^\s*#' "$here/packages.txt" | tr -s ' \n' '\n'); do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0
echo "make deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
