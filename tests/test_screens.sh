#!/bin/bash
# Golden screens: what `limber snapshot` draws for each coaching screen, at 1280x720 and
# 3840x2160, compared with tests/ref/screens/*.png (PSNR >= 35 dB through ffmpeg's psnr filter,
# so font hinting or a scaler rounding differently does not fail the test, a moved box does).
# Usage: test_screens.sh LIMBER SOURCE_DIR [--update]   (--update writes the goldens again)
set -u
limber=$1
src=$2
update=${3:-}
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ref=$src/tests/ref/screens
routine=$src/tests/data/valid/screens.yaml
# Offscreen and deterministic: no display, no sound, DejaVu Sans from fontconfig.
unset DISPLAY
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
# Registered after the sanitizer block of tests/CMakeLists.txt: take its suppressions here.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/lsan.supp:print_suppressions=0}
font=$(fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null)
case "$font" in *DejaVuSans.ttf) ;; *) echo "SKIP: DejaVu Sans (fonts-dejavu-core) is not the font"; echo "0 passed, 0 failed"; exit 0 ;; esac

# A library folder: one routine without clips, one file with an error.
mkdir -p "$tmp/library"
cat >"$tmp/library/bath.yaml" <<YAML
limber: 1
title: Warm bath and rest
description: Twenty minutes in a warm bath, then a quiet rest on your back.
safety: [Get out slowly.]
steps:
  - {title: Warm bath, kind: timer, duration: 20m}
  - {title: Rest, kind: timer, duration: 5m}
YAML
cat >"$tmp/library/broken.yaml" <<YAML
limber: 1
title: Broken
steps:
  - {title: Too short, duration: -5s}
YAML

# name | snapshot arguments
screens=(
    "exercise|$routine --at 0:15"
    "captions|$routine --at 2:36"
    "countdown|$routine --at 0:01"
    "rest|$routine --at 2:00"
    "switch|$routine --at 0:29"
    "timer|$routine --at 5:00"
    "info-wait|$routine --at 23:00"
    "start|$routine --at start"
    "screening-stop|$routine --at screening-stop"
    "pain|$routine --at 0:15 --pain"
    "end|$routine --at end --pain"
    "keys|$routine --at 0:15 --keys"
    "library|--library $tmp/library"
    "scripts|$src/tests/data/valid/scripts.yaml --at 0:10"
)
[ "$update" = --update ] && mkdir -p "$ref"
for size in 1280x720 3840x2160; do
    for entry in "${screens[@]}"; do
        name=${entry%%|*}
        args=${entry#*|}
        out=$tmp/$name-$size.png
        # shellcheck disable=SC2086
        if ! "$limber" snapshot $args --allow-any-path --size "$size" -o "$out" 2>"$tmp/err"; then
            bad "$name at $size: snapshot failed"; cat "$tmp/err"; continue
        fi
        golden=$ref/$name-$size.png
        if [ "$size" = 3840x2160 ]; then
            # Keep 4K goldens small: stored downscaled to 1280x720, compared likewise.
            ffmpeg -v error -y -i "$out" -vf scale=1280:720:flags=area "$tmp/small.png" &&
                mv "$tmp/small.png" "$out"
        fi
        if [ "$update" = --update ]; then
            cp "$out" "$golden" && ok
            continue
        fi
        [ -f "$golden" ] || { bad "$name at $size: no golden $golden (run with --update)"; continue; }
        psnr=$(ffmpeg -v info -i "$out" -i "$golden" -lavfi "[0:v]format=rgb24[a];[1:v]format=rgb24[b];[a][b]psnr" \
                   -f null - 2>&1 | sed -n 's/.*average:\([0-9.a-z]*\).*/\1/p' | tail -1)
        case "$psnr" in
        inf) ok ;;
        "") bad "$name at $size: no PSNR from ffmpeg" ;;
        *) if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 35 else 1)" "$psnr"; then ok
           else bad "$name at $size: PSNR $psnr dB < 35 against $golden (look at $out)"; cp "$out" "/tmp/limber-screen-$name-$size.png"; fi ;;
        esac
    done
done
finish
