#!/bin/bash
# Bundles from the command line: `limber pack` of every bundled routine (what went in, byte-
# identical twice, refused with errors), `check` and `plan` of a bundle as of the loose routine,
# and hostile bundles refused with one message while nothing is written anywhere.
# Usage: test_pack.sh LIMBER SOURCE_DIR
set -u
limber=$1
src=$2
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
# Nothing may be written into the person's folders either.
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/data" XDG_STATE_HOME="$tmp/home/state"
export XDG_CONFIG_HOME="$tmp/home/config" XDG_CACHE_HOME="$tmp/home/cache"
mkdir -p "$HOME"

# --- every bundled routine packs, checks and plans as the loose file does ---
for routine in "$src"/routines/*.yaml; do
    name=$(basename "$routine" .yaml)
    if "$limber" pack "$routine" >"$tmp/pack.out" 2>"$tmp/pack.err"; then ok; else
        bad "pack $name failed: $(cat "$tmp/pack.err")"; continue; fi
    [ -f "$name.limber" ] && [ ! -e "$name.limber.part" ] && ok || bad "$name.limber not written"
    # What went in: the routine and each clip it names, and the size.
    grep -q "^  $name.yaml " "$tmp/pack.out" && grep -q '^bundle size: ' "$tmp/pack.out" && ok ||
        bad "pack $name does not say what went in: $(cat "$tmp/pack.out")"
    for clip in $(grep -o 'clip: .*' "$routine" | sed 's/clip: //' | sort -u); do
        grep -q " clips/$(basename "$clip") " "$tmp/pack.out" && ok ||
            bad "pack $name does not list $clip"
    done
    clips=$(grep -o 'clip: .*' "$routine" | sort -u | wc -l)
    members=$(python3 -c "import zipfile,sys; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))" \
              "$name.limber")
    [ "$members" -eq $((clips + 2)) ] && ok ||
        bad "$name.limber has $members members, want $((clips + 2)) (routine, manifest, clips)"
    # The same input, the same bytes (later, elsewhere, in another time zone).
    mkdir -p again
    (cd again && TZ=America/Los_Angeles "$limber" pack "$routine" -o "$name.limber" >/dev/null)
    cmp -s "$name.limber" "again/$name.limber" && ok || bad "$name: two packs differ"
    out=$("$limber" check "$name.limber" 2>&1) && [ "$out" = "$name.limber: ok: $(
        "$limber" check "$routine" 2>&1 | sed 's/^[^:]*: ok: //')" ] && ok ||
        bad "check $name.limber: $out"
    diff <("$limber" plan "$routine" 2>&1) <("$limber" plan "$name.limber" 2>&1) >/dev/null && ok ||
        bad "plan of $name.limber differs from the routine's"
done

# --- pack refuses a routine with errors (showing them), and its own inputs as -o ---
mkdir -p broken
printf 'limber: 1\ntitle: Broken\nsteps:\n  - title: A\n    clip: gone.mp4\n    reps: 2\n' \
    > broken/broken.yaml
out=$("$limber" pack broken/broken.yaml -o broken.limber 2>&1); status=$?
[ $status -eq 1 ] && ok || bad "pack of a routine with errors exited $status"
echo "$out" | grep -q "broken.yaml:5:11: error: clip 'gone.mp4' not found" && ok ||
    bad "pack does not show the error: $out"
echo "$out" | grep -q "nothing was packed" && ok || bad "pack does not say nothing was packed: $out"
[ ! -e broken.limber ] && [ ! -e broken.limber.part ] && ok || bad "pack wrote a bundle with errors"
cp "$src/routines/desk-break.yaml" "$src"/assets/clips/*.mp4 broken/
sed -i 's|../assets/clips/chin-tucks.mp4|chin-tucks.mp4|' broken/desk-break.yaml
sed -i 's|\.\./assets/clips/|'"$src"'/assets/clips/|' broken/desk-break.yaml
sum=$(md5sum broken/chin-tucks.mp4)
out=$("$limber" pack --allow-any-path broken/desk-break.yaml -o broken/chin-tucks.mp4 2>&1) && bad "pack onto its clip" ||
    ok
echo "$out" | grep -q "is the routine, one of its files or a folder" && ok || bad "message: $out"
[ "$(md5sum broken/chin-tucks.mp4)" = "$sum" ] && ok || bad "pack -o CLIP changed the clip"
# A clip beside the routine keeps its own path in the bundle.
"$limber" pack --allow-any-path broken/desk-break.yaml -o beside.limber >/dev/null 2>&1 &&
    python3 -c "import zipfile,sys; n=zipfile.ZipFile(sys.argv[1]).namelist(); \
sys.exit(0 if 'chin-tucks.mp4' in n and 'clips/seated-twist.mp4' in n else 1)" beside.limber &&
    ok || bad "beside.limber: the clip beside the routine is not 'chin-tucks.mp4'"

# --- hostile bundles: one clear message, exit 1, nothing written anywhere ---
# make_bundle OUT [EDIT...]: desk-break.limber remade by Python with one thing changed.
make_bundle() {
    python3 - "$@" <<'PY'
import hashlib, sys, zipfile
out, edit = sys.argv[1], sys.argv[2]
src = zipfile.ZipFile('desk-break.limber')
files = {n: src.read(n) for n in src.namelist() if n != 'limber-bundle.yaml'}
routine = 'desk-break.yaml'
if edit == 'missing':
    files[routine] = files[routine].replace(b'../assets/clips/chin-tucks.mp4', b'gone.mp4')
if edit == 'slip':
    files['../../evil.sh'] = b'#!/bin/sh\n'
if edit == 'zip64':
    pass
def manifest(fs):
    m = 'limber-bundle: 1\ntitle: Desk break\nmade-by: test\nroutine: %s\nfiles:\n' % routine
    for n, d in sorted(fs.items()):
        m += '- name: %s\n  size: %d\n  sha256: %s\n' % (n, len(d), hashlib.sha256(d).hexdigest())
    m += 'paths:\n'
    for n in sorted(fs):
        if n.startswith('clips/'):
            m += '  ../assets/%s: %s\n' % (n, n)
    return m.encode()
if edit == 'sha':
    man = manifest(files)
    files['clips/seated-twist.mp4'] = files['clips/seated-twist.mp4'][:-1] + b'\0'
else:
    man = manifest(files)
with zipfile.ZipFile(out, 'w', zipfile.ZIP_STORED) as z:
    for n, d in [('limber-bundle.yaml', man)] + sorted(files.items()):
        info = zipfile.ZipInfo(n, (2000, 1, 1, 0, 0, 0))
        info.external_attr = 0o100644 << 16
        z.writestr(info, d, compress_type=zipfile.ZIP_STORED)
        if edit == 'zip64' and n == routine:
            pass
PY
}
snapshot_tree() { find "$tmp" -newer "$tmp/.mark" ! -name .mark 2>/dev/null | sort; }
# refused BUNDLE MESSAGE: check refuses it with MESSAGE, exit 1, and writes nothing.
refused() {
    touch "$tmp/.mark"; sleep 1.1
    out=$(cd "$tmp/home" && "$limber" check "$tmp/$1" 2>&1); status=$?
    [ $status -eq 1 ] && ok || bad "check $1 exited $status"
    echo "$out" | grep -qF -- "$2" && ok || bad "check $1: '$2' not in: $out"
    [ -z "$(snapshot_tree)" ] && ok || bad "check $1 wrote: $(snapshot_tree)"
}
make_bundle missing.limber missing
refused missing.limber "missing.limber:64:11: error: clip 'gone.mp4' is not in the bundle in step 5"
make_bundle slip.limber slip
refused slip.limber "cannot use this bundle: the member name '../../evil.sh' contains '..'"
make_bundle sha.limber sha
refused sha.limber "the member 'clips/seated-twist.mp4' does not match its SHA-256 in the manifest"
cp "$src/routines/desk-break.yaml" notzip.limber
refused notzip.limber "cannot use this bundle: it is not a ZIP file"
# A bundle made by another ZIP tool (Python's, ZIP64 records forced) with the same content reads.
make_bundle plain.limber none
out=$("$limber" check plain.limber 2>&1) && ok || bad "a bundle made by Python is refused: $out"
python3 - <<'PY'
import zipfile
src = zipfile.ZipFile('plain.limber')
with zipfile.ZipFile('zip64.limber', 'w', zipfile.ZIP_STORED, allowZip64=True) as z:
    for n in src.namelist():
        with z.open(zipfile.ZipInfo(n, (2000, 1, 1, 0, 0, 0)), 'w', force_zip64=True) as f:
            f.write(src.read(n))
PY
out=$("$limber" check zip64.limber 2>&1) && ok || bad "a ZIP64 bundle is refused: $out"

# --- import: into $XDG_DATA_HOME/limber/routines, checked, asking before replacing a title ---
routines="$XDG_DATA_HOME/limber/routines"
out=$("$limber" import sha.limber 2>&1) && bad "import of a damaged bundle" || ok
echo "$out" | grep -q "nothing was imported" && [ ! -e "$routines" ] && ok ||
    bad "a refused import wrote something: $out; $(ls -R "$HOME")"
out=$("$limber" import desk-break.limber 2>&1) && [ -f "$routines/desk-break.limber" ] &&
    cmp -s desk-break.limber "$routines/desk-break.limber" && ok || bad "import: $out"
"$limber" check "$routines/desk-break.limber" >/dev/null 2>&1 && ok || bad "the imported bundle does not check"
out=$("$limber" import again/desk-break.limber </dev/null 2>&1); status=$?
[ $status -eq 1 ] && echo "$out" | grep -q "a routine called 'Desk break' is already there" && ok ||
    bad "a second import of the same title was not refused ($status): $out"
out=$("$limber" import plain.limber --replace 2>&1) && [ "$(ls "$routines")" = desk-break.limber ] &&
    cmp -s plain.limber "$routines/desk-break.limber" && ok ||
    bad "import --replace did not replace the routine of the same title: $out; $(ls -a "$routines")"
"$limber" import "$tmp/muscle-balance.limber" >/dev/null 2>&1 && [ "$(ls "$routines" | wc -l)" -eq 2 ] && ok ||
    bad "a second title was not imported beside the first"
# The library lists what was imported.
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$limber" snapshot --library "$routines" -o lib.png \
    >/dev/null 2>&1 && [ -s lib.png ] && ok || bad "the library of imported bundles does not show"

# --- an import cut short (the process killed at any moment) leaves no half-written routine ---
mkdir -p big
# 60 MB of real sound (check looks inside a bundle's media too): a recorded line of 5 minutes
# of noise, 48 kHz stereo PCM.
ff -f lavfi -i "anoisesrc=d=312:r=48000:a=0.1" -ac 2 -c:a pcm_s16le big/big.wav
printf 'limber: 1\ntitle: Big\nsteps:\n  - title: A\n    duration: 5s\n    cues:\n      - {at: 1s, audio: big.wav}\n' > big/big.yaml
"$limber" pack big/big.yaml -o big.limber >/dev/null 2>&1 && ok || bad "pack of a 60 MB routine"
for delay in 0.05 0.15 0.3 0.5 0.8; do
    "$limber" import big.limber >/dev/null 2>&1 &
    killer=$!
    sleep $delay
    kill -9 $killer 2>/dev/null
    wait $killer 2>/dev/null
    for f in "$routines"/*; do
        "$limber" check "$f" >/dev/null 2>&1 && ok || bad "after a kill at ${delay}s, $f is broken"
    done
done
"$limber" import --replace big.limber >/dev/null 2>&1 && cmp -s big.limber "$routines/big.limber" && ok ||
    bad "import after the kills failed"
[ -z "$(ls -a "$routines" | grep '^\.import-')" ] && ok ||
    bad "the temporary files of killed imports were not cleaned: $(ls -a "$routines")"

finish
