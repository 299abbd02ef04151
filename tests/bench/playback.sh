#!/bin/bash
# Benchmark, not a test: plays 20 s clips (1080p30 and 720p30 H.264 + AAC, made here with the
# ffmpeg CLI) through Limber, ffplay and mpv under Xvfb with a dummy audio output, next to the
# decode-only floor (ffmpeg -f null), and prints CPU seconds, peak RSS and, for Limber,
# first-frame latency, dropped frames, transition gaps and the A/V offset. Medians of RUNS runs.
# Usage: tests/bench/playback.sh [LIMBER] [RUNS]     (default build/limber, 3 runs)
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
limber=${1:-$here/build/limber}
runs=${2:-3}
work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=../testlib.sh
. "$here/tests/testlib.sh"
start_xvfb 140 160 1920x1080x24
export SDL_AUDIODRIVER=dummy

# Run a command; print "cpu_seconds peak_rss_mb" of it and its children.
measure() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.2f} {r.ru_maxrss / 1024:.0f}")
PY
}
cat >"$work/summary.py" <<'PY'
import json, statistics, sys
d = [json.loads(l) for l in sys.stdin if l.strip()]
m = lambda k: statistics.median(x[k] for x in d)
print(f"{m('first_frame_ms'):.0f} ms, {m('frames_dropped'):.0f} dropped "
      f"({m('frames_late'):.0f} late), gap {m('worst_gap_ms'):.1f} ms, "
      f"A/V p99 {m('av_offset_p99_ms'):.0f} ms, {m('frames_presented'):.0f} frames")
PY
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-7s %-8s %9s %9s %8s  %s\n' clip player cpu_s rss_mb ratio "limber: first frame, dropped, worst gap, A/V p99"
for size in 1920x1080 1280x720; do
    clip="$work/clip-$size.mp4"
    ffmpeg -v error -y -f lavfi -i "testsrc2=size=$size:rate=30" \
        -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 20 -c:v libx264 -preset fast \
        -pix_fmt yuv420p -g 60 -c:a aac -b:a 128k -movflags +faststart "$clip"
    printf 'limber: 1\ntitle: Bench\nsteps:\n  - {title: Clip, clip: %s, duration: 20s, countdown: 0}\n' \
        "$clip" >"$work/bench.yaml"
    declare -A cpu rss
    extra=""
    for p in floor limber ffplay mpv; do
        c=(); r=(); lines=()
        for i in $(seq "$runs"); do
            case $p in
                floor) out=$(measure ffmpeg -v error -i "$clip" -f null -) ;;
                limber) out=$(measure "$limber" --yes --autoexit --allow-any-path --size "$size" \
                              --renderer auto --stats "$work/stats.jsonl" "$work/bench.yaml")
                        lines+=("$(grep summary "$work/stats.jsonl")") ;;
                ffplay) out=$(measure ffplay -v error -autoexit -x "${size%x*}" -y "${size#*x}" "$clip") ;;
                mpv) out=$(measure mpv --no-config --vo=x11 --ao=null --really-quiet "$clip") ;;
            esac
            c+=("${out% *}"); r+=("${out#* }")
        done
        cpu[$p]=$(printf '%s\n' "${c[@]}" | median)
        rss[$p]=$(printf '%s\n' "${r[@]}" | median)
        if [ "$p" = limber ]; then
            extra=$(printf '%s\n' "${lines[@]}" | python3 "$work/summary.py")
        fi
    done
    for p in floor limber ffplay mpv; do
        ratio=$(python3 -c "print(f'{${cpu[$p]} / ${cpu[floor]}:.2f}x')")
        note=""
        [ "$p" = limber ] && note="$extra; $(python3 -c "print(f'{${cpu[limber]} / ${cpu[mpv]}:.2f}x mpv')")"
        printf '%-7s %-8s %9s %9s %8s  %s\n' "${size#*x}p" "$p" "${cpu[$p]}" "${rss[$p]}" "$ratio" "$note"
    done
done
echo "(cpu_s: user+system CPU seconds for 20 s of video; ratio: to the decode-only floor;"
echo " medians of $runs runs; Xvfb, dummy audio; $(nproc) cores)"
