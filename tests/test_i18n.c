/* Translations: the person's language from the environment, a routine's language, --language
 * over both, English where Limber has no catalog, plural forms, and where catalogs are found.
 * Uses the real catalogs the build compiled from assets/po (the build tree's locale/). */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "lb_test.h"

static void environment(const char *language, const char *lc_all, const char *lang)
{
    const char *names[] = {"LANGUAGE", "LC_ALL", "LANG"};
    const char *values[] = {language, lc_all, lang};
    for (int i = 0; i < 3; i++) {
        if (values[i])
            setenv(names[i], values[i], 1);
        else
            unsetenv(names[i]);
    }
    unsetenv("LC_MESSAGES");
}

static const char *steps(unsigned long n)
{
    static char line[96];
    snprintf(line, sizeof(line), ngettext("%s  \u00b7  %d step", "%s  \u00b7  %d steps", n),
             "5:00", (int)n);
    return line;
}

int main(void)
{
    unsetenv("LIMBER_DATA");
    /* The person's language: LANGUAGE first. */
    environment("de", NULL, NULL);
    LB_CHECK(lb_i18n_init(NULL));
    LB_CHECK_STR(lb_i18n_current(), "de");
    LB_CHECK_STR(_("Choose a routine"), "Routine wählen");
    LB_CHECK_STR(steps(1), "5:00  \u00b7  1 Schritt");
    LB_CHECK_STR(steps(3), "5:00  \u00b7  3 Schritte");

    /* A routine's language for its screens; a region falls back to the language's catalog. */
    LB_CHECK_STR(lb_i18n_use_routine("fr"), "fr");
    LB_CHECK_STR(_("Choose a routine"), "Choisissez un programme");
    LB_CHECK_STR(steps(0), "5:00  \u00b7  0 étape"); /* French: 0 is singular */
    LB_CHECK_STR(lb_i18n_use_routine("es-MX"), "es-MX");
    LB_CHECK_STR(steps(2), "5:00  \u00b7  2 pasos");
    /* No catalog: Limber's words in English, and the language in use says so. */
    LB_CHECK_STR(lb_i18n_use_routine("ja"), "en");
    LB_CHECK_STR(_("Choose a routine"), "Choose a routine");
    LB_CHECK_STR(lb_i18n_use_routine(NULL), "en");
    LB_CHECK_STR(lb_i18n_use_routine("en-GB"), "en-GB");
    LB_CHECK_STR(steps(1), "5:00  \u00b7  1 step");
    /* Back to the library: the person's language again. */
    lb_i18n_use_person();
    LB_CHECK_STR(_("Choose a routine"), "Routine wählen");

    LB_CHECK(lb_i18n_has_catalog("de"));
    LB_CHECK(lb_i18n_has_catalog("de-AT"));
    LB_CHECK(lb_i18n_has_catalog("es_ES.UTF-8"));
    LB_CHECK(lb_i18n_has_catalog("en-US"));
    LB_CHECK(!lb_i18n_has_catalog("ja"));
    LB_CHECK(!lb_i18n_has_catalog("x"));

    /* --language wins over the person's and the routine's. */
    LB_CHECK(lb_i18n_init("es"));
    LB_CHECK_STR(_("Choose a routine"), "Elige una rutina");
    LB_CHECK_STR(lb_i18n_use_routine("de"), "es");
    LB_CHECK_STR(_("Choose a routine"), "Elige una rutina");

    /* The locale variables when LANGUAGE is not set: LC_ALL before LANG; the C locale is
     * English; a locale that is not installed on this machine still gives its words. */
    environment(NULL, NULL, "fr_FR.UTF-8");
    lb_i18n_init(NULL);
    LB_CHECK_STR(lb_i18n_current(), "fr-FR");
    LB_CHECK_STR(_("cannot be used"), "inutilisable");
    environment(NULL, "C", "de_DE.UTF-8");
    lb_i18n_init(NULL);
    LB_CHECK_STR(lb_i18n_current(), "en");
    LB_CHECK_STR(_("cannot be used"), "cannot be used");
    environment("", "es_ES.UTF-8", "de_DE.UTF-8");
    lb_i18n_init(NULL);
    LB_CHECK_STR(_("cannot be used"), "no se puede usar");
    /* English first in LANGUAGE means English, not the next language in the list. */
    environment("en:de", NULL, NULL);
    lb_i18n_init(NULL);
    LB_CHECK_STR(_("cannot be used"), "cannot be used");
    environment("pt:fr", NULL, NULL);
    lb_i18n_init(NULL);
    LB_CHECK_STR(lb_i18n_current(), "fr");
    LB_CHECK_STR(_("cannot be used"), "inutilisable");

    /* $LIMBER_DATA/locale is looked at first. */
    const char *build_dir = lb_i18n_locale_dir();
    LB_CHECK(build_dir != NULL);
    char tmp[] = "/tmp/limber-i18n-XXXXXX", cmd[1200];
    LB_CHECK(mkdtemp(tmp) != NULL);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/locale/de/LC_MESSAGES && "
             "cp %s/de/LC_MESSAGES/limber.mo %s/locale/de/LC_MESSAGES/", tmp, build_dir, tmp);
    LB_CHECK_INT(system(cmd), 0);
    setenv("LIMBER_DATA", tmp, 1);
    environment("de", NULL, NULL);
    LB_CHECK(lb_i18n_init(NULL));
    char want[100];
    snprintf(want, sizeof(want), "%s/locale", tmp);
    LB_CHECK_STR(lb_i18n_locale_dir(), want);
    LB_CHECK_STR(_("Choose a routine"), "Routine wählen");
    LB_CHECK(!lb_i18n_has_catalog("fr")); /* only German there */
    snprintf(cmd, sizeof(cmd), "rm -r %s", tmp);
    LB_CHECK_INT(system(cmd), 0);
    return lb_test_finish();
}
