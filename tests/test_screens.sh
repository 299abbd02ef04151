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

# Framing: the bundled knee-to-chest clip full frame (16:9) and cut to 4:3 (pillarboxed on a
# 16:9 screen), and an exercise without a clip (its instructions stay on a card).
knee=$(cd "$src" && pwd)/assets/clips/knee-to-chest.mp4
ffmpeg -v error -y -i "$knee" -vf crop=960:720 -an \
    -c:v libx264 -pix_fmt yuv420p "$tmp/knee-4x3.mp4" || bad "no 4:3 clip"
cat >"$tmp/frames.yaml" <<YAML
limber: 1
title: Framing
defaults: {countdown: 3s, rest: 5s, rep_time: 4s, hold: 3s}
steps:
  - {title: Knee to chest, clip: $knee, sides: [left, right],
     sets: 2, reps: 3}
  - {title: Knee to chest, clip: $tmp/knee-4x3.mp4, sides: [left, right], sets: 2, reps: 3}
  - title: Belly breathing
    instructions: Lie on your back, knees bent, one hand on your belly. Breathe in slowly
      through the nose, then out through the mouth.
    sides: [left, right]
    reps: 4
YAML

# name | snapshot arguments
screens=(
    "frame-16x9|$tmp/frames.yaml --at 0:14"
    "frame-4x3|$tmp/frames.yaml --at 2:05"
    "no-clip|$tmp/frames.yaml --at 4:10"
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
    "pain-end|$routine --at end --pain-end"
    "left|$routine --at end --leave"
    "leave|$routine --at 0:15 --leave"
    "recovery|$routine --at 0:15 --pain-skip"
    "question|$routine --at question"
    "keys|$routine --at 0:15 --keys"
    "library|--library $tmp/library"
    "scripts|$src/tests/data/valid/scripts.yaml --at 0:10"
    "rtl|$src/tests/data/valid/hebrew.yaml --at 0:06"
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
        psnr=$(psnr "$out" "$golden")
        case "$psnr" in
        inf) ok ;;
        "") bad "$name at $size: no PSNR from ffmpeg" ;;
        *) if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 35 else 1)" "$psnr"; then ok
           else bad "$name at $size: PSNR $psnr dB < 35 against $golden (look at $out)"; cp "$out" "/tmp/limber-screen-$name-$size.png"; fi ;;
        esac
    done
done

# The overlay keeps clear of the picture: over a full-frame 16:9 clip of one colour, nothing of
# it reaches below 12 % of the height in the top half (the compact row); over a 4:3 clip on a
# 16:9 screen, nothing of it is inside the picture there below the routine's progress bar (the
# title and the time are in the side bars).
for shape in 640x360 480x360; do
    ffmpeg -v error -y -f lavfi -i "color=0x2e8b57:size=$shape:rate=10:duration=3" \
        -c:v libx264 -pix_fmt yuv420p "$tmp/green-$shape.mp4" || { bad "no $shape clip"; continue; }
    cat >"$tmp/green-$shape.yaml" <<YAML
limber: 1
title: Framing $shape
steps:
  - {title: Knee to chest, clip: green-$shape.mp4, sides: [left, right], sets: 2, reps: 3,
     rep_time: 4s, hold: 3s}
YAML
    for size in 1280x720 3840x2160; do
        "$limber" snapshot "$tmp/green-$shape.yaml" --at 0:10 --size "$size" \
            -o "$tmp/green.png" 2>"$tmp/err" || { bad "green $shape at $size: snapshot failed"; continue; }
        python3 - "$tmp/green.png" "$shape" <<'PY' && ok || bad "the overlay covers the $shape picture at $size"
import subprocess, sys
png, shape = sys.argv[1], sys.argv[2]
w, h = map(int, subprocess.check_output(
    ["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "stream=width,height",
     "-of", "csv=p=0", png]).decode().split(","))
raw = subprocess.check_output(["ffmpeg", "-v", "error", "-i", png, "-f", "rawvideo",
                               "-pix_fmt", "rgb24", "-"])
def px(x, y):
    i = 3 * (y * w + x)
    return raw[i:i + 3]
green = px(w // 2, h // 2)
def covered(x, y):
    return sum(abs(a - b) for a, b in zip(px(x, y), green)) > 60
if shape == "640x360":  # full frame: the lowest covered row of the top half
    last = max((y for y in range(h // 2) if any(covered(x, y) for x in range(0, w, 2))),
               default=-1)
    print(f"16:9 at {w}x{h}: the overlay ends at row {last + 1}, {100 * (last + 1) / h:.1f} % "
          "of the height (under 12 % wanted)")
    sys.exit(0 if last + 1 < 0.12 * h else 1)
pic_w = h * 4 // 3
x0 = (w - pic_w) // 2
hits = [(x, y) for y in range(h * 4 // 100, h // 2, 2) for x in range(x0 + 4, x0 + pic_w - 4, 4)
        if covered(x, y)]
print(f"4:3 at {w}x{h}: {len(hits)} covered points inside the picture's top half"
      f"{' e.g. ' + str(hits[0]) if hits else ''}")
sys.exit(1 if hits else 0)
PY
    done
done

# Contrast whatever the video shows: over a pure white and a pure black clip, the title box's
# own colour (sampled inside its padding) against white and the soft grey text must reach
# WCAG's 4.5:1.
for shade in white black; do
    ffmpeg -v error -y -f lavfi -i "color=$shade:size=640x360:rate=10:duration=2" \
        -c:v libx264 -pix_fmt yuv420p "$tmp/$shade.mp4" || { bad "no $shade clip"; continue; }
    cat >"$tmp/$shade.yaml" <<YAML
limber: 1
title: Contrast
steps:
  - {title: Knee rock, clip: $shade.mp4, duration: 20s, warning: Stop if painful}
YAML
    "$limber" snapshot "$tmp/$shade.yaml" --at 0:05 --size 1280x720 -o "$tmp/$shade.png" ||
        { bad "$shade: snapshot failed"; continue; }
    # The title box starts at the title-safe margin (64, 36); sample 3 px inside it.
    box=$(ffmpeg -v error -i "$tmp/$shade.png" -vf "crop=1:1:67:39,format=rgb24" \
              -f rawvideo - | od -An -tu1 | tr -s ' ')
    python3 - "$box" <<'PY' && ok || bad "$shade clip: the box behind text is too light ($box)"
import sys
rgb = [int(v) for v in sys.argv[1].split()]
def lum(c):
    c = [v / 255 for v in c]
    c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
for text in ((255, 255, 255), (0xd8, 0xe2, 0xea)):
    ratio = (lum(text) + 0.05) / (lum(rgb) + 0.05)
    print(f"box {rgb}: text {text} at {ratio:.1f}:1")
    if ratio < 4.5:
        sys.exit(1)
PY
done
finish
