#!/bin/bash
# A voice-only export (`--sounds voice`) holds the spoken lines and nothing else, each heard at
# the instant the export's --stats "line" records give (the voice bank's own lengths), none over
# another; the counted hold and a cue in every hold among them. With the clip's sound kept, the
# same check fails (the clip's tone is heard outside every line): the check can tell.
# Usage: test_voice_export.sh LIMBER SOURCE_DIR
set -u
limber=$1
src=$2
. "$(dirname "$0")/testlib.sh"
headless_in_tmp
export SDL_VIDEODRIVER=offscreen
# A clip that sounds a tone for its 4 s (played once per block: clip_audio once).
ff -f lavfi -i "testsrc2=size=160x90:rate=10:duration=4" -f lavfi -i "sine=frequency=440:duration=4" \
    -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest c.mp4
cat >v.yaml <<'YAML'
limber: 1
title: Voice export
defaults: {countdown: 3s, rest: 4s}
steps:
  - title: Bridge
    clip: c.mp4
    reps: 2
    rep_time: 3s
    hold: 7s
    cues:
      - {at: 1s, every: hold, say: Breathe out}
  - {title: Lie still, duration: 30s}
YAML
for sounds in voice all; do
    "$limber" --stats "$sounds.json" export v.yaml -o "$sounds.mp4" --size 160x90 --fps 5 \
        --sounds $sounds 2>"$sounds.log" || { bad "export --sounds $sounds failed"; cat "$sounds.log"; }
    ff -i "$sounds.mp4" -vn -ac 1 -ar 48000 -c:a pcm_s16le "$sounds.wav"
done
python3 "$src/tests/voice_timeline.py" voice.wav voice.json 0 >timeline.txt
status=$?
cat timeline.txt
[ $status -eq 0 ] && ok || bad "the voice-only export has sound outside its lines, or a line not heard"
python3 "$src/tests/voice_timeline.py" all.wav all.json 0 --quiet >all.txt
[ $? -eq 1 ] && grep -q "is in no logged line" all.txt && ok ||
    { bad "with the clip's sound the check should find sound outside the lines"; cat all.txt; }
# The lines that were logged: the hold's count on its last three seconds, the cue in each hold.
python3 - voice.json <<'PY' && ok || bad "the logged lines are not the planned ones"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if '"line"' in l]
said = {(r["text"], round(r["routine_s"], 3)) for r in rows}
# Bridge: countdown 0-3 s, block 3-23 (holds 6-13, 16-23); Lie still's block 30-60 s.
want = [("Breathe out", 7.0), ("Three", 10.0), ("Two", 11.0), ("One", 12.0),
        ("and relax", 13.0), ("Breathe out", 17.0), ("Three", 20.0), ("Two", 21.0),
        ("One", 22.0), ("Halfway", 45.0)]
missing = [w for w in want if w not in said]
print("logged:", sorted(said, key=lambda s: s[1]))
sys.exit(1 if missing else 0)
PY
# A recorded cue (5 s of tone, its text one word): no line of Limber's own is said over it,
# whatever the word's estimate says (before, "and relax" and a rep's number were).
ff -f lavfi -i "sine=frequency=500:duration=5" -c:a aac breathe.m4a
printf '%s\n' 'limber: 1' 'title: R' 'defaults: {countdown: 0s}' 'steps:' \
    '  - {title: Hold it, reps: 3, rep_time: 2s, hold: 5s,' \
    '     cues: [{at: 5s, text: Breathe, audio: breathe.m4a}]}' >rec.yaml
for voice in on; do
    "$limber" --stats "rec-$voice.json" export rec.yaml -o "rec-$voice.mp4" --size 160x90 --fps 5 \
        --voice $voice 2>"rec-$voice.log" || { bad "export of a recorded cue failed"; cat "rec-$voice.log"; }
    python3 - "rec-$voice.json" <<'PY' && ok || bad "voice $voice: a line is said over the recording"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if '"type": "line"' in l]
rec = [r for r in rows if r["text"] == "Breathe"]
if len(rec) != 1 or abs(rec[0]["length_s"] - 5.0) > 0.1:
    sys.exit(print("the recording:", rec) or 1)
a, b = rec[0]["routine_s"], rec[0]["routine_s"] + rec[0]["length_s"]
over = [r for r in rows if r is not rec[0] and r["routine_s"] < b and
        r["routine_s"] + r["length_s"] > a]
sys.exit(print("over the recording:", over) or 1 if over else 0)
PY
done
finish
