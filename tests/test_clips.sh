#!/usr/bin/env bash
# Checks the demonstration clips the bundled routines use: present, decodable, right format, seamless loop.
# usage: test_clips.sh [PROJECT_DIR]   (needs ffmpeg and ffprobe)
set -u

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
routines="$root/routines"
max_total_bytes=$((12 * 1024 * 1024))
# First and last frame of a loop must match: our clips give 43-52 dB, a clip cut
# mid-move gives 19-32 dB (checked by hand on clips cut in half).
min_loop_psnr=38

passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

for tool in ffmpeg ffprobe; do
    if ! command -v "$tool" >/dev/null; then
        echo "FAIL: $tool is not installed (Debian package ffmpeg)"
        echo "0 passed, 1 failed"
        exit 1
    fi
done

# PSNR (dB, "inf" when identical) between frame 0 and frame $2 of clip $1.
frame_psnr() {
    ffmpeg -nostdin -v info -nostats -i "$1" -i "$1" -filter_complex \
        "[0:v]select='eq(n\,0)',setpts=PTS-STARTPTS[a];[1:v]select='eq(n\,$2)',setpts=PTS-STARTPTS[b];[a][b]psnr" \
        -f null - 2>&1 | sed -n 's/.*PSNR .*average:\([0-9.inf]*\).*/\1/p' | tail -n 1
}

check_clip() {
    local clip=$1 name
    name=$(basename "$clip")
    if [[ ! -f $clip ]]; then
        fail "$name: missing ($clip)"
        return
    fi
    local errors
    errors=$(ffmpeg -nostdin -v error -i "$clip" -f null - 2>&1)
    if [[ -n $errors ]]; then
        fail "$name: does not decode cleanly: $errors"
        return
    fi
    local video audio
    video=$(ffprobe -v error -select_streams v:0 -count_packets \
        -show_entries stream=codec_name,width,height,pix_fmt,nb_read_packets -of csv=p=0 "$clip")
    audio=$(ffprobe -v error -select_streams a:0 -show_entries stream=codec_name,sample_rate \
        -of csv=p=0 "$clip")
    IFS=, read -r vcodec width height pix_fmt frames <<<"$video"
    if [[ $vcodec != h264 || $width != 1280 || $height != 720 || $pix_fmt != yuv420p ]]; then
        fail "$name: video is '$video', expected h264 1280x720 yuv420p"
        return
    fi
    if [[ $audio != aac,* ]]; then
        fail "$name: audio is '$audio', expected an aac stream"
        return
    fi
    local psnr
    psnr=$(frame_psnr "$clip" $((frames - 1)))
    if [[ -z $psnr ]]; then
        fail "$name: could not compare its first and last frames"
        return
    fi
    if [[ $psnr != inf ]] && awk -v p="$psnr" -v m="$min_loop_psnr" 'BEGIN { exit !(p < m) }'; then
        fail "$name: loop jumps: first and last frames differ (PSNR $psnr dB < $min_loop_psnr)"
        return
    fi
    pass
}

mapfile -t clips < <(grep -hE '^[[:space:]]*(-[[:space:]]+)?clip:' "$routines"/*.yaml 2>/dev/null \
    | sed -E -e 's/^[[:space:]]*(-[[:space:]]+)?clip:[[:space:]]*//' -e 's/[[:space:]]*#.*$//' \
          -e 's/^["'\'']//' -e 's/["'\'']$//' | sort -u)
if [[ ${#clips[@]} -eq 0 ]]; then
    fail "no clip: lines found in $routines/*.yaml"
fi
for rel in "${clips[@]}"; do
    check_clip "$routines/$rel"
done

total=0
for clip in "$root"/assets/clips/*.mp4; do
    [[ -f $clip ]] && total=$((total + $(stat -c %s "$clip")))
done
if ((total < max_total_bytes)); then
    pass
else
    fail "assets/clips/*.mp4 total $total bytes, over the $max_total_bytes byte budget"
fi

echo "$passed passed, $failed failed"
((failed == 0))
