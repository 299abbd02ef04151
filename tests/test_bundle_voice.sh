#!/bin/bash
# A cue's recorded line (`audio:`) played from inside a bundle, read in place: the export of the
# bundle holds the recording at the same instant and level as the loose routine's (RMS per
# 50 ms window), the live player's sound (SDL's disk driver) holds it too, `check` of a bundle
# probes its recordings, pack refuses a damaged one, and a damaged recording in a bundle leaves
# its caption and lets the routine go on.
# Usage: test_bundle_voice.sh LIMBER
set -u
limber=$1
. "$(dirname "$0")/testlib.sh"
headless_in_tmp
mkdir -p src/voice damaged/voice
# The recorded line: 1 s of 300 Hz at 0.5 (no beep of Limber's is near 300 Hz).
ff -f lavfi -i "sine=frequency=300:sample_rate=44100:duration=1" -af volume=4 -ac 1 \
   src/voice/breathe.wav
head -c 6000 /dev/urandom >damaged/voice/breathe.wav # not a sound file at all
for d in src damaged; do
    cat >$d/recorded.yaml <<'YAML'
limber: 1
title: Recorded line
steps:
  - title: Breathing
    duration: 6s
    countdown: 2s
    voice: false
    cues:
      - at: 2s
        text: Breathe out slowly
        audio: voice/breathe.wav
YAML
done
"$limber" pack src/recorded.yaml -o recorded.limber >/dev/null 2>pack.err && ok ||
    bad "pack: $(cat pack.err)"
# pack checks what is inside the media too, as check does: a damaged recording is refused.
if "$limber" pack damaged/recorded.yaml -o damaged.limber >/dev/null 2>pack.err; then
    bad "pack took a recording that is not a sound file"
else
    grep -q "audio file '.*breathe.wav' cannot be played: it is not a video or sound file" \
        pack.err && [ ! -e damaged.limber ] && ok || bad "pack of the damaged recording: $(cat pack.err)"
fi
# A bundle whose recording went bad some other way (made by hand: its manifest's SHA-256 and
# the ZIP's CRC agree with the damaged bytes, so the bundle itself verifies).
python3 - recorded.limber damaged.limber damaged/voice/breathe.wav <<'PY'
import hashlib, sys, zipfile, zlib
good, out, junk = sys.argv[1:4]
data = bytearray(open(good, 'rb').read())
with zipfile.ZipFile(good) as z:
    i = z.getinfo('voice/breathe.wav')
n, extra = (int.from_bytes(data[i.header_offset + k:i.header_offset + k + 2], 'little')
            for k in (26, 28))
start = i.header_offset + 30 + n + extra
old = bytes(data[start:start + i.file_size])
new = (open(junk, 'rb').read() * (i.file_size // 6000 + 1))[:i.file_size]
data[start:start + i.file_size] = new
data = data.replace(hashlib.sha256(old).hexdigest().encode(), hashlib.sha256(new).hexdigest().encode())
crc_old = zlib.crc32(old).to_bytes(4, 'little'); crc_new = zlib.crc32(new).to_bytes(4, 'little')
# the CRC in its local header and in its central directory entry (the name's last copy)
for at in (i.header_offset + 14, data.rfind(b'voice/breathe.wav') - 46 + 16):
    assert data[at:at + 4] == crc_old
    data[at:at + 4] = crc_new
open(out, 'wb').write(data)
PY

# check probes a bundle's recordings in place.
"$limber" check recorded.limber >check.out 2>&1 && grep -q "ok: Recorded line" check.out && ok ||
    bad "check of the bundle: $(cat check.out)"
if "$limber" check damaged.limber >check.out 2>&1; then
    bad "check passed a bundle whose recording is not a sound file"
else
    grep -q "audio file 'voice/breathe.wav' cannot be played: it is not a video or sound file" \
        check.out && ok || bad "check of the damaged bundle said: $(cat check.out)"
fi

# levels FILE.mp4: its sound as "RMS,300 Hz" per 50 ms window, one window a line.
levels() {
    ffmpeg -nostdin -v error -y -i "$1" -ac 1 -ar 48000 -f f32le "$1.raw" || return 1
    python3 - "$1.raw" <<'PY'
import array, math, sys
a = array.array('f'); a.frombytes(open(sys.argv[1], 'rb').read())
n = 2400
for i in range(0, len(a) - n + 1, n):
    w = a[i:i + n]
    rms = math.sqrt(sum(x * x for x in w) / n)
    # Goertzel at 300 Hz: the amplitude of that tone in the window.
    k = 2 * math.cos(2 * math.pi * 300 / 48000); s1 = s2 = 0.0
    for x in w:
        s1, s2 = x + k * s1 - s2, s1
    amp = 2 * math.sqrt(max(s1 * s1 + s2 * s2 - k * s1 * s2, 0)) / n
    print('%.4f,%.4f' % (rms, amp))
PY
}
"$limber" export src/recorded.yaml -o loose.mp4 --size 320x180 >/dev/null 2>loose.err ||
    bad "export of the loose routine: $(tail -2 loose.err)"
"$limber" export recorded.limber -o packed.mp4 --size 320x180 >/dev/null 2>packed.err ||
    bad "export of the bundle: $(tail -2 packed.err)"
grep -i "cue audio" packed.err && bad "the bundle's export could not read its recording"
levels loose.mp4 >loose.lv && levels packed.mp4 >packed.lv || bad "could not measure the exports"
python3 - loose.lv packed.lv <<'PY' && ok || bad "the bundle's export does not sound like the loose routine's"
import sys
a, b = ([tuple(map(float, l.split(','))) for l in open(f)] for f in sys.argv[1:3])
tone = [i for i, w in enumerate(a) if w[1] > 0.3]
if len(tone) < 15:
    print('the loose export has %d windows of the recording (want 1 s of it)' % len(tone)); sys.exit(1)
if len(a) != len(b):
    print('lengths differ: %d and %d windows' % (len(a), len(b))); sys.exit(1)
worst = max(range(len(a)), key=lambda i: abs(a[i][0] - b[i][0]))
print('recording at %.2f-%.2f s; worst RMS difference %.4f at %.2f s' % (
    tone[0] * 0.05, (tone[-1] + 1) * 0.05, abs(a[worst][0] - b[worst][0]), worst * 0.05))
if abs(a[worst][0] - b[worst][0]) > 0.01:
    sys.exit(1)
if [i for i, w in enumerate(b) if w[1] > 0.3] != tone:
    print('the recording is at other instants in the bundle'); sys.exit(1)
PY

# Live, with SDL's disk audio driver: the player's own sound holds the recording.
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=live.raw timeout 120 "$limber" --yes --autoexit \
    recorded.limber 2>live.err || bad "live play of the bundle: $(tail -2 live.err)"
# The disk driver's clock is not the routine's (it sleeps whole milliseconds, late under load):
# the mixer reads the sound up to 5 % faster or slower to stay on the routine clock, so in the
# file, taken at 48 kHz, the 300 Hz recording may sit a few percent off: looked for from 285 to
# 315 Hz.
python3 - live.raw <<'PY' && ok || bad "the live sound of the bundle lacks its recording"
import array, math, sys
a = array.array('f'); a.frombytes(open(sys.argv[1], 'rb').read())
mono = a[0::2]; n = 4800; best, at = 0.0, 0
for f in [300 * (1 + d / 80) for d in range(-4, 5)]:
    k = 2 * math.cos(2 * math.pi * f / 48000)
    for i in range(0, len(mono) - n + 1, n):
        s1 = s2 = 0.0
        for x in mono[i:i + n]:
            s1, s2 = x + k * s1 - s2, s1
        amp = 2 * math.sqrt(max(s1 * s1 + s2 * s2 - k * s1 * s2, 0)) / n
        if amp > best:
            best, at = amp, f
print('live: %.0f Hz at %.3f at most' % (at, best))
sys.exit(0 if best > 0.2 else 1)
PY

# A damaged recording: a warning, the caption on screen as with the loose routine whose
# recording plays, and the routine played to its end.
"$limber" snapshot src/recorded.yaml --at 4.5 -o loose.png 2>/dev/null
"$limber" snapshot damaged.limber --at 4.5 -o damaged.png 2>snap.err ||
    bad "snapshot of the damaged bundle: $(cat snap.err)"
[ "$(compare -metric AE loose.png damaged.png null: 2>&1)" = 0 ] && ok ||
    bad "the damaged bundle's screen at the cue differs from the loose routine's (its caption?)"
"$limber" snapshot damaged.limber --at 3.5 -o before.png 2>/dev/null
[ "$(compare -metric AE before.png damaged.png null: 2>&1)" != 0 ] && ok ||
    bad "no caption appears at the cue"
timeout 120 "$limber" --yes --autoexit --stats damaged.jsonl damaged.limber 2>damaged.err
check_summary "$(stats_summary damaged.jsonl)" "d['done']" \
    "the routine with a damaged recording did not play to its end"
grep -q "cue audio" damaged.err && ok || bad "no warning about the damaged recording"
# ...which calls it a recording, not a clip.
grep -q "cannot open recording 'voice/breathe.wav'" damaged.err &&
    ! grep -q "clip 'voice/breathe.wav'" damaged.err && ok ||
    bad "the damaged recording is not named a recording: $(grep "cue audio" damaged.err)"
finish
