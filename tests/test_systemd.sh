#!/bin/bash
# The kiosk's systemd unit, assets/system/limber-kiosk.service: `systemd-analyze verify`
# accepts it without a single warning (on a copy whose ExecStart= names the built binary,
# since verify wants the program to exist), it keeps the settings the kiosk relies on, and
# it leaves out the ones that would hide the display, input or sound devices.
# Skips only when systemd-analyze is missing (Debian package: systemd).
# Usage: test_systemd.sh LIMBER SOURCE_DIR
set -u
limber=$(readlink -f "$1")   # ExecStart= takes an absolute path
src=$2
. "$(dirname "$0")/testlib.sh"
unit="$src/assets/system/limber-kiosk.service"

if ! command -v systemd-analyze >/dev/null; then
    echo "SKIP: no systemd-analyze (install the systemd package)"
    echo "0 passed, 0 failed"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# verify <unit file>: its whole output (verify exits 0 on warnings, so the output decides).
# --man=no: the man page named in Documentation= is installed only with the package.
verify() { systemd-analyze verify --man=no "$1" 2>&1; }

[ -f "$unit" ] && ok || { bad "no $unit"; finish; exit 1; }
grep -qx 'ExecStart=/usr/bin/limber --kiosk' "$unit" && ok ||
    bad "ExecStart is not /usr/bin/limber --kiosk"

# The copy to verify: same name (verify derives the unit's name from the file's), ExecStart=
# pointing at the built binary.
sed "s|^ExecStart=/usr/bin/limber |ExecStart=$limber |" "$unit" >"$tmp/limber-kiosk.service"
grep -qx "ExecStart=$limber --kiosk" "$tmp/limber-kiosk.service" && ok ||
    bad "ExecStart not replaced"
out=$(verify "$tmp/limber-kiosk.service")
[ -z "$out" ] && ok || bad "systemd-analyze verify: $out"

# The check above can fail: a misspelt key and a bad time are reported.
mkdir "$tmp/broken"
sed 's/^RestartSec=.*/RestartSec=soon/; s/^NoNewPrivileges=/NoNewPrivilege=/' \
    "$tmp/limber-kiosk.service" >"$tmp/broken/limber-kiosk.service"
out=$(verify "$tmp/broken/limber-kiosk.service")
echo "$out" | grep -q 'RestartSec\|sec value' && echo "$out" | grep -q 'NoNewPrivilege' && ok ||
    bad "verify did not report a broken copy: $out"

# The kiosk's flag exists in the binary the unit starts.
"$limber" --help | grep -q -- '--kiosk' && ok || bad "limber --help has no --kiosk"

# Settings the kiosk relies on, each on a line of its own.
for line in 'Restart=on-failure' 'PrivateNetwork=yes' 'ProtectSystem=strict' 'NoNewPrivileges=yes' \
            'StateDirectory=limber' 'DynamicUser=yes' 'TTYPath=/dev/tty1' 'StandardInput=tty' \
            'Conflicts=getty@tty1.service' 'After=getty@tty1.service' \
            'Environment=SDL_VIDEODRIVER=kmsdrm' 'Environment=HOME=%S/limber' \
            'Environment=XDG_DATA_HOME=%S/limber/data' \
            'Environment=XDG_STATE_HOME=%S/limber/state' \
            'WantedBy=multi-user.target'; do
    grep -qx "$line" "$unit" && ok || bad "unit lacks the line $line"
done
restart_sec=$(sed -n 's/^RestartSec=\([0-9]*\)s\{0,1\}$/\1/p' "$unit")
[ -n "$restart_sec" ] && [ "$restart_sec" -ge 1 ] && [ "$restart_sec" -le 60 ] && ok ||
    bad "RestartSec should be 1-60 s: '$restart_sec'"
groups=" $(sed -n 's/^SupplementaryGroups=//p' "$unit") "
for g in video render input audio; do
    case "$groups" in *" $g "*) ok ;; *) bad "SupplementaryGroups lacks $g:$groups" ;; esac
done

# Settings that would cut the kiosk off from /dev/dri, /dev/input, /dev/snd or /dev/video*.
for key in PrivateDevices DevicePolicy DeviceAllow ProtectClock PrivateUsers ProcSubset; do
    grep -q "^$key=" "$unit" && bad "unit sets $key=, which hides devices it needs" || ok
done
finish
