#!/bin/bash
# --watch keeps the clip on the routine clock: saves at several instants (mid-rep, mid-hold,
# during a cue, in a rest, after a clip that does not loop has ended) reload with zero clip
# resyncs, a clip that joins its block mid-way starts where the routine is (never past its
# end), and a cue whose `at:` was edited shows at its new time. Headless (SDL dummy drivers);
# everything is read from --stats and -v.
# Usage: test_watch_sync.sh LIMBER
set -u
limber=$1
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
cd "$tmp" || exit 1

# A 4 s clip with a tone that loops, and a 2 s one that does not.
ff="ffmpeg -nostdin -v error -y"
$ff -f lavfi -i testsrc2=size=160x90:rate=20 -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -t 4 -c:v libx264 -preset veryfast -g 20 -pix_fmt yuv420p -c:a aac -shortest loop.mp4 &&
$ff -f lavfi -i testsrc2=size=160x90:rate=20 -f lavfi -i sine=frequency=330:sample_rate=48000 \
    -t 2 -c:v libx264 -preset veryfast -g 20 -pix_fmt yuv420p -c:a aac -shortest once.mp4 ||
    { bad "ffmpeg could not make the clips"; finish; exit; }

# Countdown 0-1 s; step 1 block 1-19 s (reps start 1, 7, 13; holds 4-7, 10-13, 16-19), its
# cue at 1 + CUE s; rest 19-23; step 2: countdown 23-24, block 24-32 (its clip ends at 26).
save() { # save CUE_AT N: written as an editor saves it; N keeps every save different
    cat >r.yaml.new <<YAML
limber: 1
title: Watch and sync
defaults: {countdown: 1s}
steps:
  - title: Knee rock
    clip: loop.mp4
    reps: 3
    rep_time: 3s
    hold: 3s
    rest: 4s
    cues:
      - at: $1
        text: Breathe out
  - title: Lie still
    clip: once.mp4
    loop: false
    duration: 8s
# save $2
YAML
    mv r.yaml.new r.yaml
}
save 9s 0
"$limber" --watch --yes --autoexit -v --stats s.jsonl r.yaml 2>err.txt &
pid=$!
# The routine clock, from the last reload line or the first exercise screen; waits until the
# routine reaches routine second $1.
t0=
wait_for_first_block() {
    local i
    for i in $(seq 600); do
        [ "$(screen_now s.jsonl)" = "exercise 1" ] && { t0=$(date +%s%N); return 0; }
        sleep 0.05
    done
    bad "the first exercise screen never came"; return 1
}
at() { # at ROUTINE_SECONDS: sleep until then (block 1 began at routine 1 s)
    local now want
    now=$(date +%s%N)
    want=$(python3 -c "print(int($t0 + ($1 - 1.0) * 1e9))")
    [ "$want" -gt "$now" ] && sleep "$(python3 -c "print(($want - $now) / 1e9)")"
}
wait_for_first_block || { finish; exit; }
at 2.5;  save 9s 1     # mid-rep
at 5.5;  save 7s 2     # mid-hold; the cue moves from 9 s to 7 s into the block (routine 8 s)
at 9.5;  save 7s 3     # during the cue (shown 8-12 s)
at 20.5; save 7s 4     # in the rest
at 28.5; save 7s 5     # step 2, after its clip (no loop) has ended at 26 s
for i in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && { bad "the player did not end (--autoexit)"; kill "$pid"; }
wait "$pid" 2>/dev/null; pid=

reloads=$(grep '"type": "reload"' s.jsonl)
[ "$(echo "$reloads" | grep -c '"ok": true')" -eq 5 ] && ok ||
    { bad "want 5 reloads that loaded"; echo "$reloads"; }
# Each reload kept the place: to_s within 0.3 s of from_s.
echo "$reloads" | python3 -c '
import json, sys
bad = [l for l in sys.stdin if l.strip() and abs(json.loads(l)["to_s"] - json.loads(l)["from_s"]) > 0.3]
sys.exit(1 if bad else 0)' && ok || { bad "a reload moved the routine"; echo "$reloads"; }
summary=$(stats_summary s.jsonl)
# Zero resyncs from the reloads. A device that stalls (SDL's dummy driver on a machine busy
# compiling) makes the mixer jump too: a clip resync within a second of such a stall is the
# machine's, and is the only kind allowed.
cat >resyncs.py <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if '"type": "resync"' in l]
sound = [l["at_s"] for l in lines if l["what"] == "sound"]
clip = [l["at_s"] for l in lines if l["what"] == "clip"]
print("clip resyncs: %d, device stalls: %d" % (len(clip), len(sound)))
sys.exit(1 if any(all(abs(c - s) > 1.0 for s in sound) for c in clip) else 0)
PY
if python3 resyncs.py s.jsonl; then ok; else
    bad "clip sound and picture needed resyncs that no stall explains"
    grep -E '"type": "(resync|reload)"' s.jsonl
fi
check_summary "$summary" 'd["done"]' "the routine did not play to its end"
# The moved cue: planned at 8 s, and on screen then (or at once, if a busy machine made the
# save that moved it load after 8 s), not one block or one R later.
cue=$(grep '"type": "cue"' s.jsonl | grep '"step": 1' | head -1)
moved=$(echo "$reloads" | sed -n 2p)
python3 -c '
import json, sys
d, r = json.loads(sys.argv[1]), json.loads(sys.argv[2])
due = max(d["planned_s"], r["to_s"])
sys.exit(0 if abs(d["planned_s"] - 8.0) < 0.01 and -0.05 <= d["at_s"] - due < 0.5 else 1)' \
    "$cue" "$moved" && ok ||
    { bad "the edited cue did not show at its new time (8 s): $cue after $moved"; grep '"type": "cue"' s.jsonl; }
# A clip that joins its block after a reload starts where the routine is; the one that does
# not loop never past its end (2 s).
grep -q 'clip .*loop.mp4 joins its block [0-9]* ms in: from [0-9]* ms' err.txt && ok ||
    { bad "the looping clip did not join its block where the routine was"; cat err.txt; }
if grep 'once.mp4 joins its block' err.txt >joins.txt; then
    sed 's/.*from \([0-9]*\) ms.*/\1/' joins.txt | while read -r ms; do [ "$ms" -le 2000 ]; done &&
        ok || { bad "the clip that does not loop was sought past its end"; cat joins.txt; }
else
    bad "the clip that does not loop was not reopened by the reload in step 2"; cat err.txt
fi
finish
