#!/bin/sh
# The translation template from the program's sources, and the catalogs merged with it.
#   update.sh SOURCE_DIR            rewrite assets/po/limber.pot, msgmerge every language
#   update.sh SOURCE_DIR OUT.pot    only write a fresh template to OUT.pot (for the tests)
# Strings are marked with _() and N_() (player/util/i18n.h) and ngettext; comments starting
# with TRANSLATORS: go to the translators. clipgen (a developer's tool) is not translated.
set -eu
src=$1
po=$src/assets/po
out=${2:-$po/limber.pot}
case $out in /*) ;; *) out=$PWD/$out ;; esac
cd "$src"
files=$(find player -name '*.[ch]' -not -path 'player/clipgen/*' | LC_ALL=C sort)
# --add-location=file: no line numbers, so moving code does not change the template.
# shellcheck disable=SC2086
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=NP_:1,2 \
    --add-comments=TRANSLATORS: --add-location=file --package-name=limber \
    --msgid-bugs-address='Limber maintainers <maintainers@users.noreply.example>' \
    --copyright-holder='The Limber project' -o "$out" $files
[ $# -ge 2 ] && exit 0
while read -r lang; do
    [ -n "$lang" ] || continue
    msgmerge --quiet --update --backup=none --add-location=file "$po/$lang.po" "$out"
done < "$po/LINGUAS"
