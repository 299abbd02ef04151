#!/bin/bash
# The kiosk on a bare X server (no window manager, as `xinit limber --kiosk` on a Pi) whose
# screen is not the default window size: 1920x1080. The window must cover the whole screen and
# every screen must be laid out for it: the library's last line (the keys) near the bottom edge,
# the routine's overlay reaching the right edge; and after the window is made smaller, for that.
# Usage: test_kiosk_screen.sh LIMBER SOURCE_DIR [SHOT_DIR]
set -u
limber=$1
src=$(cd "$2" && pwd)
shots=${3:-}
. "$(dirname "$0")/testlib.sh"
x_test_setup 171 179 kiosk-1080 1920x1080x24

mkdir -p "$tmp/lib"
cat >"$tmp/lib/short.yaml" <<YAML
limber: 1
title: Short one
description: A routine whose description must be seen whole on a big screen.
defaults: {countdown: 1s}
steps:
  - {title: Knee rock, clip: $src/tests/data/valid/clips/tiny.mp4, duration: 30s}
YAML

# rows ROWS-FROM ROWS-TO of the screen (full width): how many pixels are not the background
# (text and boxes are bright; the background is a dark blue-grey)
bright_in() {
    import -window root "$tmp/screen.png" 2>/dev/null
    ffmpeg -v error -i "$tmp/screen.png" -vf "crop=iw:$(($2 - $1)):0:$1,format=gray" \
        -f rawvideo - | od -An -v -tu1 | tr -s ' ' '\n' | awk '$1 > 120 { n++ } END { print n + 0 }'
}
# columns COLS-FROM COLS-TO, full height
bright_cols() {
    import -window root "$tmp/screen.png" 2>/dev/null
    ffmpeg -v error -i "$tmp/screen.png" -vf "crop=$(($2 - $1)):ih:$1:0,format=gray" \
        -f rawvideo - | od -An -v -tu1 | tr -s ' ' '\n' | awk '$1 > 120 { n++ } END { print n + 0 }'
}

export XDG_STATE_HOME=$tmp/state
x_start 240 '^Limber$' "$limber" --kiosk --allow-any-path --stats "$tmp/stats.jsonl" "$tmp/lib"
sleep 1
geometry=$(xdotool getwindowgeometry "$win" 2>/dev/null | tr '\n' ' ')
case "$geometry" in
    *"Position: 0,0"*"Geometry: 1920x1080"*) ok ;;
    *) bad "the kiosk window on a 1920x1080 screen with no window manager: $geometry" ;;
esac
shot library
# the keys line: the bottom 120 rows hold text, and the highlighted row ends inside the screen
n=$(bright_in 960 1080)
[ "$n" -gt 200 ] && ok || bad "the library's bottom line is not on the screen ($n bright pixels)"
n=$(bright_cols 1900 1920)
[ "$n" -lt 200 ] && ok || bad "the library runs into the right edge ($n bright pixels there)"
key Return
ws "start 0"
key Return
ws "checkin 0"        # the pain check-in: skipped
key Return
ws "countdown 1"
sleep 2
shot exercise
# the overlay's timer sits at the right edge of the real screen, not of a 1280x720 window
n=$(bright_cols 1600 1920)
[ "$n" -gt 300 ] && ok || bad "nothing of the overlay near the right edge of 1920 ($n)"
# made smaller (as a rotation or a window manager would): laid out again for 1000x600
xdotool windowsize "$win" 1000 600
sleep 2
shot smaller
n=$(bright_cols 1010 1920)
[ "$n" -lt 50 ] && ok || bad "after the resize something is drawn beyond the window ($n)"
n=$(bright_cols 800 1000)
[ "$n" -gt 100 ] && ok || bad "after the resize the overlay is not at the new right edge ($n)"
kill -TERM "$pid"
wait "$pid" 2>/dev/null
stop_watchdog
finish
