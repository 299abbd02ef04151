/* Translations: Limber's own words through GNU gettext (glibc's libintl), in the person's
 * language or in a routine's. */
#ifndef LB_I18N_H
#define LB_I18N_H

#include <libintl.h>
#include <stdbool.h>

/* The catalogs' text domain: <localedir>/<language>/LC_MESSAGES/limber.mo. */
#define LB_TEXT_DOMAIN "limber"

/* A string the person reads or hears, in the language in use (see lb_i18n_use_*): write whole
 * sentences with placeholders, and ngettext(singular, plural, n) for every one with a number. */
#define _(msgid) gettext(msgid)
/* Marks a string in a table for the template; translate it with _() where it is used. */
#define N_(msgid) (msgid)
/* Marks a singular and plural pair for the template, as two arguments (or two initialisers);
 * give them to ngettext where the number is known. */
#define NP_(singular, plural) singular, plural

/* Set gettext up, once, early in main and before any thread starts: bind the catalogs
 * (found in $LIMBER_DATA/locale, the share/locale installed beside the binary, the build
 * tree, then the configured install prefix), work out the person's language from LANGUAGE,
 * LC_ALL, LC_MESSAGES and LANG (in that order), and use it. `language` (--language TAG, or
 * NULL) wins over the person's language and over every routine's. Returns false when no
 * catalog was found: Limber's words are then English. */
bool lb_i18n_init(const char *language);

/* Use the person's language (or --language's) for what is translated next: the library, the
 * command line, anything outside a routine. Main thread only, with no other thread reading
 * the environment (the language reaches gettext through LANGUAGE). */
void lb_i18n_use_person(void);

/* Use a routine's language (a BCP 47 tag: "de", "de-CH", "pt-BR"; NULL means "en") for its
 * screens, overlays, export and built-in spoken phrases, unless --language gave one. Same
 * thread rules as lb_i18n_use_person. Returns the tag whose words are now used: the
 * language asked for, or "en" when Limber has no catalog for it (valid until the next
 * lb_i18n_use_* call). */
const char *lb_i18n_use_routine(const char *tag);

/* The BCP 47 tag of the language Limber's words are in now ("en" for English). Valid until
 * the next lb_i18n_use_* call. */
const char *lb_i18n_current(void);

/* Whether Limber's words exist in this language (a BCP 47 tag or a gettext name such as
 * "de_DE.UTF-8"): English always, others when a catalog for the tag or its primary language
 * is installed. */
bool lb_i18n_has_catalog(const char *tag);

/* The folder holding the catalogs in use, or NULL when none was found. */
const char *lb_i18n_locale_dir(void);

#endif
