#!/bin/bash
# The arm64 (64-bit Raspberry Pi) build, so an Arm breakage fails CI: cross-compiles Limber with
# .ci/arm64-toolchain.cmake into BUILD_DIR (warnings as errors), runs the C unit tests and
# `limber check` through user-mode QEMU, and one `limber snapshot` of a bundled routine that
# must be a 1280x720 PNG with a picture in it (and, given NATIVE_LIMBER, the same picture as
# the native build's). A missing cross toolchain is a failure, not a skip: `make deps`
# installs it (.ci/deps-arm64.sh).
# Usage: test_arm64.sh SOURCE_DIR BUILD_DIR [NATIVE_LIMBER]
set -u
src=$(cd "$1" && pwd)
build=$2
native=${3:-}
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
qemu="qemu-aarch64-static"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t_all=$(now)
timings=""
# phase NAME START: note how long the phase NAME took.
phase() { timings="$timings $1 $(since "$2") s,"; }
give_up() { bad "$*"; echo "arm64 timings:${timings%,}"; finish; exit 1; }

# --- the cross toolchain and the arm64 libraries are there ---
missing=""
for tool in aarch64-linux-gnu-gcc aarch64-linux-gnu-pkg-config "$qemu" cmake file ffmpeg python3; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -e /lib/ld-linux-aarch64.so.1 ] || missing="$missing /lib/ld-linux-aarch64.so.1(libc6:arm64)"
if command -v aarch64-linux-gnu-pkg-config >/dev/null 2>&1; then
    for m in yaml-0.1 sdl2 SDL2_ttf libavformat libavcodec libavutil libswscale libswresample \
             fontconfig harfbuzz espeak-ng fribidi libunibreak libzip; do
        PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig \
            aarch64-linux-gnu-pkg-config --exists "$m" || missing="$missing $m.pc(arm64)"
    done
fi
[ -z "$missing" ] && ok ||
    give_up "the arm64 cross toolchain is not installed (missing:$missing);" \
            "run 'make deps' (.ci/deps-arm64.sh installs .ci/packages-arm64.txt)"

# --- configure and build, warnings as errors ---
t=$(now)
mkdir -p "$build"
build=$(cd "$build" && pwd)
if cmake -S "$src" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$src/.ci/arm64-toolchain.cmake" \
         -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLIMBER_WERROR=ON -DLIMBER_CLIPGEN=OFF \
         -DLIMBER_SANITIZE=OFF -DLIMBER_FUZZ=OFF >"$build/arm64-configure.log" 2>&1; then
    ok
else
    cat "$build/arm64-configure.log"; give_up "arm64 configure failed"
fi
phase configure "$t"
# espeak-ng is optional to CMake (the voice goes off without it); the Arm build must have it.
grep -q '^LIMBER_VOICE:BOOL=ON' "$build/CMakeCache.txt" && ok ||
    bad "arm64 build without the voice (LIMBER_VOICE is off): is libespeak-ng-dev:arm64 installed?"
t=$(now)
if cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" >"$build/arm64-build.log" 2>&1; then
    ok
else
    grep -E 'error|warning' "$build/arm64-build.log" | head -40
    tail -20 "$build/arm64-build.log"
    give_up "arm64 build failed (the whole log: $build/arm64-build.log)"
fi
phase build "$t"
limber="$build/limber"
file -b "$limber" | grep -q 'ELF 64-bit.*ARM aarch64' && ok ||
    bad "$limber is not an arm64 program: $(file -b "$limber")"

# --- the C unit tests through QEMU (the toolchain's CMAKE_CROSSCOMPILING_EMULATOR) ---
# They are the tests ctest runs through the emulator: the test programs (tests/test_<module>.c),
# headless, no real-time audio. The shell tests run the limber binary themselves (Xvfb, real
# time, the .deb) and stay out, but for test_check below.
t=$(now)
unit=$(ctest --test-dir "$build" --show-only=json-v1 2>/dev/null | python3 -c '
import json, os, sys
print("\n".join(t["name"] for t in json.load(sys.stdin)["tests"] if t.get("command")
                and os.path.basename(t["command"][0]).startswith("qemu-aarch64")))')
n_want=$(echo "$unit" | grep -c .)
# At least the six of today (duration, routine, plan, engine, media, mixer).
[ "$n_want" -ge 6 ] && ok || bad "arm64 unit tests: only $n_want found run through QEMU: $unit"
if ctest --test-dir "$build" -R "^($(echo "$unit" | paste -sd '|'))\$" --output-on-failure \
         --no-tests=error --timeout 300 >"$tmp/ctest.log" 2>&1; then
    ok
else
    cat "$tmp/ctest.log"; bad "arm64 unit tests failed"
fi
grep -E '^ *[0-9]+/[0-9]+ Test' "$tmp/ctest.log" | sed 's/^/arm64 /'
n_unit=$(grep -cE '^ *[0-9]+/[0-9]+ Test .* Passed' "$tmp/ctest.log")
[ "$n_unit" -eq "$n_want" ] && ok || bad "arm64 unit tests: $n_unit of $n_want passed"
phase unit-tests "$t"

# The arm64 limber run through QEMU explicitly: no binfmt_misc registration needed.
wrapper="$tmp/limber-arm64"
printf '#!/bin/sh\nexec %s %s "$@"\n' "$qemu" "$limber" >"$wrapper"
chmod +x "$wrapper"

# --- `limber check` and `limber plan` messages, the same on Arm ---
t=$(now)
bash "$src/tests/test_check.sh" "$wrapper" "$src" >"$tmp/check.log" 2>&1 && ok ||
    { cat "$tmp/check.log"; bad "test_check.sh with the arm64 limber failed"; }
echo "arm64 test_check: $(tail -1 "$tmp/check.log")"
phase check "$t"

# --- one snapshot: an exercise with its clip, captions and panels ---
t=$(now)
shot="$tmp/arm64.png"
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy timeout 300 "$wrapper" snapshot \
    "$src/routines/desk-break.yaml" --at 0:15 -o "$shot" 2>"$tmp/snapshot.err" && ok ||
    { cat "$tmp/snapshot.err"; bad "arm64 snapshot failed"; }
phase snapshot "$t"
file -b "$shot" 2>/dev/null | grep -q '^PNG image data, 1280 x 720,' && ok ||
    bad "arm64 snapshot is not a 1280x720 PNG: $(file -b "$shot" 2>&1)"
# It decodes, and is a picture rather than one flat colour (luma spread across the frame).
range=$(ffmpeg -nostdin -v error -i "$shot" -vf signalstats,metadata=print:file=- -f null - \
            2>/dev/null | awk -F= '/YMIN=/ { lo = $2 } /YMAX=/ { hi = $2 } END { print hi - lo }')
[ "${range:-0}" -ge 100 ] 2>/dev/null && ok ||
    bad "arm64 snapshot looks blank (luma range ${range:-?})"
# Given the native build: the same picture, give or take rounding in the scaler (PSNR >= 35 dB;
# they come out 48 dB apart; a second off in the clip is 24 dB). --allow-any-path: SOURCE_DIR
# need not be the one the native build was made from.
if [ -n "$native" ]; then
    ref="$tmp/native.png"
    SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy timeout 120 "$native" snapshot \
        --allow-any-path "$src/routines/desk-break.yaml" --at 0:15 -o "$ref" 2>"$tmp/native.err" ||
        cat "$tmp/native.err"
    psnr=$(ffmpeg -nostdin -i "$shot" -i "$ref" -lavfi psnr -f null - 2>&1 |
               sed -n 's/.*PSNR.* average:\([0-9.a-z]*\).*/\1/p' | tail -1)
    awk -v p="${psnr:-0}" 'BEGIN { exit !(p == "inf" || p + 0 >= 35) }' && ok ||
        bad "arm64 snapshot differs from the native one (PSNR ${psnr:-none} dB, want >= 35)"
    echo "arm64 snapshot vs native: PSNR ${psnr:-none} dB"
fi

phase total "$t_all"
echo "arm64 timings:${timings%,}"
finish
