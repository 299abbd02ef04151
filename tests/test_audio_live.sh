#!/bin/bash
# The player live, headless, with SDL's disk audio driver: its beeps must land where the offline
# mixer puts them, within one device buffer (aligned on the first beep). The disk driver's clock
# is not the routine's (it sleeps whole milliseconds): the mixer reads the routine a few % faster
# or slower to stay on it, so each beep's place in the file is mapped back to the routine frame it
# was mixed for with the audio_clock lines the player writes in --stats.
set -u
limber=$1
mixer=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/live.yaml" <<'YAML'
limber: 1
title: Live beeps
defaults:
  countdown: 4s
  rest: 3s
steps:
  - title: Hold
    kind: timer
    duration: 3s
  - title: Tilts
    reps: 3
    rep_time: 1500ms
    rep_beep: true
YAML
# SDL's disk driver is not a real-time device: on a loaded machine its thread oversleeps, the
# stream falls behind the routine clock and the mixer jumps to catch up (the player counts these
# as audio_resyncs). Such a run says nothing about where the mixer puts beeps, so it is repeated
# (at most three runs); a mismatch in a run without resyncs fails at once.
for attempt in 1 2 3; do
    rm -f "$dir/out.raw" "$dir/stats.jsonl"
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$dir/out.raw" SDL_VIDEODRIVER=dummy \
        timeout 120 "$limber" --yes --autoexit --voice off --stats "$dir/stats.jsonl" \
        "$dir/live.yaml" || { echo "limber failed"; exit 1; }
    resyncs=$(python3 -c 'import json,sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("type") == "summary": print(d["audio_resyncs"])' "$dir/stats.jsonl")
    echo "run $attempt: the mixer resynced $resyncs times"
    if "$mixer" --compare-live "$dir/out.raw" "$dir/live.yaml" "$dir/stats.jsonl"; then
        exit 0
    fi
    grep '"type": "summary"' "$dir/stats.jsonl" # for whoever reads the failure
    if [ "$resyncs" = 0 ]; then
        echo "beeps misplaced in a run where the stream kept up with the routine clock"
        exit 1
    fi
done
echo "the disk driver fell behind in every run"
exit 1
