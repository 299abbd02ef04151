# Shared by the shell tests: counting checks and the closing "N passed, N failed" line.
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
# Work headless (SDL's dummy video and sound) in a fresh folder, $tmp, removed at exit.
headless_in_tmp() {
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
    cd "$tmp" || exit 1
}
# Make a test file with the ffmpeg CLI, quietly; a failure is said (the checks on the file fail).
ff() { ffmpeg -v error -y "$@" || echo "ffmpeg failed: $*"; }
# Start an Xvfb on the first free display from $1 to $2 (screen $3, default 1280x720x24):
# sets DISPLAY and xvfb
# (its pid, for the caller's cleanup); exits the test as failed when none starts.
start_xvfb() {
    local n
    for n in $(seq "$1" "$2"); do
        [ -e "/tmp/.X$n-lock" ] && continue
        Xvfb ":$n" -screen 0 "${3:-1280x720x24}" -nolisten tcp >/dev/null 2>&1 &
        xvfb=$!
        sleep 1
        if kill -0 "$xvfb" 2>/dev/null; then export DISPLAY=":$n"; return 0; fi
    done
    echo "no Xvfb display"; echo "0 passed, 1 failed"; exit 1
}
# psnr A.png B.png: the PSNR in dB of two pictures (ffmpeg's psnr filter; "inf" when equal).
psnr() {
    ffmpeg -v info -i "$1" -i "$2" -lavfi "[0:v]format=rgb24[a];[1:v]format=rgb24[b];[a][b]psnr" \
        -f null - 2>&1 | sed -n 's/.*average:\([0-9.a-z]*\).*/\1/p' | tail -1
}
# The summary line of a --stats file.
stats_summary() { grep '"type": "summary"' "$1" | tail -1; }
# check_summary SUMMARY EXPR MESSAGE: EXPR (Python, on the summary as `d`) must hold.
check_summary() {
    python3 -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if ($2) else 1)" "$1" &&
        ok || bad "$3: $1"
}
# The screen the player presented last, from the "screen" lines of its --stats file STATS:
# "NAME STEP" (e.g. "exercise 2"; step 0 outside the routine).
screen_now() {
    grep '"type": "screen"' "$1" 2>/dev/null | tail -1 |
        sed 's/.*"screen": "\([^"]*\)", "step": \([0-9]*\).*/\1 \2/'
}
# wait_screen STATS "NAME STEP" [PID]: wait (up to 60 s, less if PID dies) until that screen is
# up, so keys go to the screen they are meant for however slow the machine. Counts a failure
# when it does not come.
wait_screen() {
    local i
    for i in $(seq 600); do
        [ "$(screen_now "$1")" = "$2" ] && { ok; return 0; }
        [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null && break
        sleep 0.1
    done
    bad "waited for the screen '$2'; the last one shown was '$(screen_now "$1")'"
    return 1
}
# The set-up of a test that drives the player in an X display: a scratch folder $tmp, an Xvfb
# on a free display from $1 to $2, sound to SDL's dummy driver, and a clean-up at exit that
# stops the player ($pid), the watchdog and the display. Skips when Xvfb or xdotool is missing.
# $3 names the test's screenshots (see shot); $4 is the screen (default 1280x720x24).
x_test_setup() {
    shot_prefix=$3
    tmp=$(mktemp -d)
    trap x_test_cleanup EXIT
    command -v Xvfb >/dev/null && command -v xdotool >/dev/null ||
        { echo "SKIP: Xvfb or xdotool missing"; echo "0 passed, 0 failed"; exit 0; }
    start_xvfb "$1" "$2" "${4:-1280x720x24}"
    export SDL_AUDIODRIVER=dummy
}
x_test_cleanup() {
    stop_watchdog
    [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null
    [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null
    rm -rf "$tmp"
}
# A watchdog that kills the player ($pid) after $1 s, so nothing hangs the suite. Its output
# goes nowhere: a sleep holding ctest's pipe would keep the test open after it ends.
start_watchdog() {
    ( sleep "$1"; kill "$pid"; sleep 5; kill -9 "$pid" ) >/dev/null 2>&1 &
    watchdog=$!
}
stop_watchdog() {
    [ -n "${watchdog:-}" ] && { pkill -P "$watchdog"; kill "$watchdog"; } 2>/dev/null
    watchdog=
}
# x_start SECONDS TITLE COMMAND...: start the player in the background (stderr to $tmp/err,
# its pid in $pid) under a watchdog of SECONDS, find its window by TITLE (a pattern) into $win,
# counting a failure when none comes, and give it the keyboard focus.
x_start() {
    local seconds=$1 title=$2
    shift 2
    "$@" 2>"$tmp/err" &
    pid=$!
    start_watchdog "$seconds"
    win=$(find_window "$title")
    [ -n "$win" ] && ok || bad "no window titled '$title'"
    xdotool windowfocus --sync "$win" 2>/dev/null
}
# x_wait_exit: wait (10 s at most) for the player ($pid) to end after the key that closes it;
# its exit status in $status, its watchdog stopped.
x_wait_exit() {
    local i
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    wait "$pid"
    status=$?
    pid=
    stop_watchdog
}
# wait_title TITLE: until the window $win is titled TITLE (30 s at most; xdotool search does
# not see a title changed after the window appeared).
wait_title() {
    local i
    for i in $(seq 300); do
        [ "$(xdotool getwindowname "$win" 2>/dev/null)" = "$1" ] && return 0
        sleep 0.1
    done
    return 1
}
# find_window PATTERN: the id of a visible window whose title matches, looked for again and
# again for up to 60 s (one `xdotool search` can fail outright when a window goes away while
# it walks the window tree, which --sync does not survive). Prints nothing when none comes.
find_window() {
    local i id
    for i in $(seq 300); do
        id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1)
        # by the player's process too ($pid, SDL sets _NET_WM_PID): once, under load, the
        # name was not found for a minute while the player was drawing its first screen
        [ -z "$id" ] && [ -n "${pid:-}" ] && [ "$i" -gt 25 ] &&
            id=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -1)
        [ -n "$id" ] && { echo "$id"; return 0; }
        sleep 0.2
    done
    return 1
}
# In an X test: `shot NAME` saves the screen as $shots/PREFIX-NAME.png when a shot folder was
# given; `key KEY` presses a key in the focused window; `ws "NAME STEP"` waits for that screen
# in the player's --stats file, $tmp/stats.jsonl.
shot() {
    [ -n "${shots:-}" ] && import -window root "$shots/$shot_prefix-$1.png" 2>/dev/null
    true
}
key() { xdotool key --clearmodifiers "$1"; }
ws() { wait_screen "$tmp/stats.jsonl" "$1" "$pid"; }
# compare_golden NAME OUT GOLDEN [--update]: a PNG against its golden (4K shots are compared
# downscaled to 1280x720, as they are stored), PSNR >= 35 dB through ffmpeg's psnr filter so
# font hinting or a scaler rounding differently does not fail, a moved box does. --update
# writes the golden instead. A failure keeps OUT as /tmp/limber-screen-NAME.png to look at.
compare_golden() {
    local name=$1 out=$2 golden=$3 psnr
    if [ "$(ffprobe -v error -select_streams v -show_entries stream=width -of csv=p=0 "$out")" = 3840 ]; then
        ffmpeg -v error -y -i "$out" -vf scale=1280:720:flags=area "$out.small.png" &&
            mv "$out.small.png" "$out"
    fi
    if [ "${4:-}" = --update ]; then
        cp "$out" "$golden" && ok
        return
    fi
    [ -f "$golden" ] || { bad "$name: no golden $golden (run with --update)"; return; }
    psnr=$(ffmpeg -v info -i "$out" -i "$golden" -lavfi "[0:v]format=rgb24[a];[1:v]format=rgb24[b];[a][b]psnr" \
               -f null - 2>&1 | sed -n 's/.*average:\([0-9.a-z]*\).*/\1/p' | tail -1)
    case "$psnr" in
    inf) ok ;;
    "") bad "$name: no PSNR from ffmpeg" ;;
    *) if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 35 else 1)" "$psnr"; then ok
       else bad "$name: PSNR $psnr dB < 35 against $golden (look at /tmp/limber-screen-$name.png)"
            cp "$out" "/tmp/limber-screen-$name.png"; fi ;;
    esac
}
# damage_member BUNDLE MEMBER: flip one byte in the middle of a stored member of a bundle (a
# ZIP), in place: the file keeps its size, the member no longer matches its SHA-256.
damage_member() {
    python3 - "$1" "$2" <<'PY'
import sys, zipfile
path, name = sys.argv[1:3]
with zipfile.ZipFile(path) as z:
    i = z.getinfo(name)
with open(path, 'r+b') as f:
    f.seek(i.header_offset + 26)
    n, extra = (int.from_bytes(f.read(2), 'little') for _ in range(2))
    at = i.header_offset + 30 + n + extra + i.file_size // 2
    f.seek(at); b = f.read(1); f.seek(at); f.write(bytes([b[0] ^ 0xff]))
PY
}
