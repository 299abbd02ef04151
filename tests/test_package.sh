#!/bin/bash
# The .deb as a person installs it: cpack builds limber_<version>_<arch>.deb with Depends from
# the real shared libraries; `dpkg -x` unpacks it into a scratch root; the installed binary
# finds its bundled routines and clips there; the man page lists every option --help lists;
# the kiosk's systemd unit is in lib/systemd/system.
# Usage: test_package.sh BUILD_DIR SOURCE_DIR
set -u
build=$1
src=$2
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$build" && cpack -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; }
deb=$(ls "$tmp"/out/limber_*_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] && ok || { bad "no limber_<version>_<arch>.deb made"; finish; exit 1; }
case $(basename "$deb") in
    limber_[0-9]*.[0-9]*_$(dpkg --print-architecture).deb) ok ;;
    *) bad "package name $(basename "$deb")" ;;
esac
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsdl2 libsdl2-ttf libavcodec libavformat libyaml libfribidi0 libunibreak1 fonts-dejavu-core; do
    echo "$depends" | grep -q "$lib" && ok || bad "Depends lacks $lib: $depends"
done

root="$tmp/root"
dpkg -x "$deb" "$root"
(cd "$root" && find . -type f | sort) >"$tmp/files"
for f in ./usr/bin/limber ./usr/share/man/man1/limber.1.gz ./usr/share/applications/limber.desktop \
         ./usr/share/icons/hicolor/scalable/apps/limber.svg \
         ./usr/share/limber/routines/unlock-back-spasm.yaml \
         ./usr/share/limber/assets/clips/knee-to-chest.mp4 \
         ./usr/share/doc/limber/routine-format.md ./usr/share/doc/limber/raspberry-pi.md \
         ./usr/lib/systemd/system/limber-kiosk.service \
         ./usr/share/locale/de/LC_MESSAGES/limber.mo ./usr/share/locale/fr/LC_MESSAGES/limber.mo \
         ./usr/share/locale/es/LC_MESSAGES/limber.mo; do
    grep -qx "$f" "$tmp/files" && ok || bad "package lacks $f"
done
# The kiosk unit as written, starting the binary the package installs.
unit=$src/assets/system/limber-kiosk.service
cmp -s "$root/usr/lib/systemd/system/limber-kiosk.service" "$unit" && ok ||
    bad "packaged limber-kiosk.service differs from assets/system/"
exec_path=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
grep -qx ".$exec_path" "$tmp/files" && ok || bad "the unit's ExecStart $exec_path is not packaged"
n_routines=$(grep -c '^./usr/share/limber/routines/.*\.yaml$' "$tmp/files")
[ "$n_routines" -eq "$(ls "$src"/routines/*.yaml | wc -l)" ] && ok || bad "routines in package: $n_routines"

# The installed binary finds its data beside itself: the bundled routines check clean, clips
# included (they name ../assets/clips/...).
"$root/usr/bin/limber" check "$root"/usr/share/limber/routines/*.yaml >"$tmp/check.out" 2>&1 &&
    ok || { bad "installed routines do not check"; cat "$tmp/check.out"; }
SDL_VIDEODRIVER=dummy "$root/usr/bin/limber" snapshot "$root/usr/share/limber/routines/desk-break.yaml" \
    --at 10s --size 320x180 -o "$tmp/shot.png" 2>"$tmp/snap.err" && [ -s "$tmp/shot.png" ] && ok ||
    { bad "installed snapshot"; cat "$tmp/snap.err"; }
# ... and its translations beside itself (not the build tree's), in German under LANGUAGE=de.
"$root/usr/bin/limber" -v --version 2>&1 | grep -qx "limber: translations from $root/usr/bin/../share/locale" &&
    ok || bad "installed binary does not use the packaged translations"

# The man page names every long option that --help names.
for opt in $("$build/limber" --help | grep -o -- '--[a-z-]*' | sort -u); do
    zcat "$root/usr/share/man/man1/limber.1.gz" | sed 's/\\-/-/g' | grep -q -- "$opt" && ok ||
        bad "man page lacks $opt"
done
desktop-file-validate "$root/usr/share/applications/limber.desktop" 2>/dev/null && ok ||
    { command -v desktop-file-validate >/dev/null || ok; }
# The words after a pain stop are written once (player/coach/advice.c) and docs/safety.md
# quotes every one of them.
python3 - "$src/player/coach/advice.c" "$src/docs/safety.md" <<'PY' && ok || bad "docs/safety.md does not quote player/coach/advice.c"
import re, sys
code = open(sys.argv[1]).read()
doc = " ".join(open(sys.argv[2]).read().replace("**", "").split())
lines = ["".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m))
         for m in re.findall(r'N_\(((?:\s*"(?:[^"\\]|\\.)*")+)\s*\)', code)]
missing = [l for l in lines if l not in doc]
print(f"{len(lines)} advice lines, missing from the doc: {missing}")
sys.exit(1 if missing or len(lines) < 8 else 0)
PY
finish
