#!/bin/bash
# The progress screen's goldens: `limber snapshot --progress` over a fresh history (the
# friendly empty state), one week and eight weeks of made-up sessions (tests/history_seed.c,
# through the store's own API), at 1280x720 and 3840x2160, compared with
# tests/ref/screens/progress-*.png as test_screens.sh does.
# Usage: test_progress_screens.sh LIMBER HISTORY_SEED SOURCE_DIR [--update]
set -u
limber=$1
seed=$2
src=$3
update=${4:-}
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY LANGUAGE
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy TZ=UTC LC_ALL=C
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/lsan.supp:print_suppressions=0}
font=$(fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null)
case "$font" in *DejaVuSans.ttf) ;; *) echo "SKIP: DejaVu Sans (fonts-dejavu-core) is not the font"; echo "0 passed, 0 failed"; exit 0 ;; esac
today=2026-12-05
"$seed" "$tmp/week.sqlite3" $today 5 4 || bad "seeding one week"
"$seed" "$tmp/weeks8.sqlite3" $today 56 40 || bad "seeding eight weeks"
for size in 1280x720 3840x2160; do
    for name in empty week weeks8; do
        out=$tmp/progress-$name-$size.png
        "$limber" snapshot --progress --history "$tmp/$name.sqlite3" --today $today \
            --size "$size" -o "$out" 2>"$tmp/err" || { bad "$name at $size: snapshot failed"; cat "$tmp/err"; continue; }
        compare_golden "progress-$name-$size" "$out" "$src/tests/ref/screens/progress-$name-$size.png" "$update"
    done
done
# Reading a history never makes one: the empty state came from no file at all.
[ ! -e "$tmp/empty.sqlite3" ] && ok || bad "the progress screen made a history file"
finish
