/* Translations through glibc's gettext: where the catalogs are, and which language is used.
 *
 * The language reaches gettext through the LANGUAGE variable, set here (the GNU gettext
 * manual's way of changing the language at run time), so Limber can show the library in the
 * person's language and a routine in the routine's, and work on systems where no locale but
 * C is installed: LC_MESSAGES is then C.UTF-8, with which glibc still honours LANGUAGE. */
#include "i18n.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "paths.h"

#ifdef __GLIBC__
extern int _nl_msg_cat_cntr; /* glibc's catalog generation: bumped, cached lookups are redone */
#endif

#define TAG_MAX 64

static struct {
    char dir[PATH_MAX];         /* the catalogs' folder, "" when none was found */
    char person[256];           /* the person's languages, gettext names, ':'-separated */
    char forced[TAG_MAX];       /* --language's tag, "" when not given */
    char current[TAG_MAX];      /* BCP 47 tag of the words in use */
} i18n = {.current = "en"};

/* A BCP 47 tag ("pt-BR", "zh-Hant-TW") or locale name ("de_DE.UTF-8@euro") as gettext's
 * language name: language, then _REGION ("pt_BR", "zh_TW", "de_DE"); script and variants,
 * codeset and modifier dropped. "" for an empty or malformed tag. */
static void gettext_name(const char *tag, char *out, size_t size)
{
    size_t n = 0, i = 0;
    out[0] = '\0';
    while (isalpha((unsigned char)tag[i]) && n + 1 < size && i < 8)
        out[n++] = (char)tolower((unsigned char)tag[i++]);
    out[n] = '\0';
    if (n < 2 || n > 3) {
        out[0] = '\0';
        return;
    }
    while (tag[i] == '-' || tag[i] == '_') {
        size_t start = ++i, len = 0;
        while (isalnum((unsigned char)tag[i]))
            i++, len++;
        bool region = (len == 2 && isalpha((unsigned char)tag[start])) ||
                      (len == 3 && isdigit((unsigned char)tag[start]));
        if (region && n + 1 + len < size) {
            out[n++] = '_';
            for (size_t k = 0; k < len; k++)
                out[n++] = (char)toupper((unsigned char)tag[start + k]);
            out[n] = '\0';
            return;
        }
    }
}

/* The gettext name as a BCP 47 tag ("pt_BR" -> "pt-BR"). */
static void bcp47_name(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s", name);
    char *u = strchr(out, '_');
    if (u)
        *u = '-';
}

static bool catalog_in(const char *dir, const char *name)
{
    char path[PATH_MAX + 80];
    struct stat st;
    int len = snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", dir, name,
                       LB_TEXT_DOMAIN);
    return len > 0 && (size_t)len < sizeof(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether a folder holds a catalog of Limber in some language. */
static bool has_any_catalog(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    for (struct dirent *e; !found && (e = readdir(d));)
        found = e->d_name[0] != '.' && strlen(e->d_name) < TAG_MAX && catalog_in(dir, e->d_name);
    closedir(d);
    return found;
}

static bool find_dir(void)
{
    char buf[PATH_MAX];
    const char *data = getenv("LIMBER_DATA");
    if (data && *data) {
        int len = snprintf(buf, sizeof(buf), "%s/locale", data);
        if (len > 0 && (size_t)len < sizeof(buf) && has_any_catalog(buf))
            return snprintf(i18n.dir, sizeof(i18n.dir), "%s", buf), true;
    }
    if (lb_path_beside_exe("../share/locale", buf, sizeof(buf)) && has_any_catalog(buf))
        return snprintf(i18n.dir, sizeof(i18n.dir), "%s", buf), true;
#ifdef LIMBER_BUILD_LOCALEDIR
    if (has_any_catalog(LIMBER_BUILD_LOCALEDIR))
        return snprintf(i18n.dir, sizeof(i18n.dir), "%s", LIMBER_BUILD_LOCALEDIR), true;
#endif
#ifdef LIMBER_INSTALL_LOCALEDIR
    if (has_any_catalog(LIMBER_INSTALL_LOCALEDIR))
        return snprintf(i18n.dir, sizeof(i18n.dir), "%s", LIMBER_INSTALL_LOCALEDIR), true;
#endif
    return false;
}

static bool is_c_locale(const char *name)
{
    return !strcmp(name, "C") || !strcmp(name, "POSIX") || !strncmp(name, "C.", 2);
}

/* The person's languages as gettext names, ':'-separated: LANGUAGE's list as it is, else the
 * first of LC_ALL, LC_MESSAGES and LANG that is set; "en" for none or the C locale. */
static void person_languages(char *out, size_t size)
{
    const char *list = getenv("LANGUAGE");
    if (list && *list) {
        snprintf(out, size, "%s", list);
        return;
    }
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (!v || !*v)
            continue;
        if (!is_c_locale(v))
            gettext_name(v, out, size);
        if (is_c_locale(v) || !*out)
            snprintf(out, size, "en");
        return;
    }
    snprintf(out, size, "en");
}

/* Hand gettext a ':'-separated list of gettext names, cut before the first English one (with
 * no English catalog gettext would go on to the next language), and remember the first
 * language that has words. */
static void apply(const char *names)
{
    char copy[256], used[256] = "";
    size_t n_used = 0;
    snprintf(copy, sizeof(copy), "%s", names);
    snprintf(i18n.current, sizeof(i18n.current), "en");
    for (char *save = NULL, *n = strtok_r(copy, ":", &save); n; n = strtok_r(NULL, ":", &save)) {
        char name[TAG_MAX];
        gettext_name(n, name, sizeof(name));
        if (!*name)
            continue;
        if (!strncmp(name, "en", 2) && (name[2] == '\0' || name[2] == '_')) {
            if (!n_used) /* "en-GB": English, in the words of the tag asked for */
                bcp47_name(name, i18n.current, sizeof(i18n.current));
            break;
        }
        int len = snprintf(used + n_used, sizeof(used) - n_used, "%s%s", n_used ? ":" : "", name);
        if (len < 0 || (size_t)len >= sizeof(used) - n_used)
            break;
        n_used += (size_t)len;
        if (!strcmp(i18n.current, "en") && lb_i18n_has_catalog(name))
            bcp47_name(name, i18n.current, sizeof(i18n.current));
    }
    setenv("LANGUAGE", n_used ? used : "en", 1);
#ifdef __GLIBC__
    ++_nl_msg_cat_cntr;
#endif
}

bool lb_i18n_init(const char *language)
{
    const char *messages = setlocale(LC_MESSAGES, "");
    if (!messages || is_c_locale(messages))
        setlocale(LC_MESSAGES, "C.UTF-8");
    bool found = find_dir();
    if (found)
        bindtextdomain(LB_TEXT_DOMAIN, i18n.dir);
    bind_textdomain_codeset(LB_TEXT_DOMAIN, "UTF-8");
    textdomain(LB_TEXT_DOMAIN);
    person_languages(i18n.person, sizeof(i18n.person));
    i18n.forced[0] = '\0';
    if (language && *language)
        snprintf(i18n.forced, sizeof(i18n.forced), "%s", language);
    if (found)
        lb_log_info("translations from %s", i18n.dir);
    else
        lb_log_info("no translations found; Limber's words are in English");
    lb_i18n_use_person();
    return found;
}

void lb_i18n_use_person(void)
{
    if (i18n.forced[0])
        lb_i18n_use_routine(NULL);
    else
        apply(i18n.person);
}

const char *lb_i18n_use_routine(const char *tag)
{
    const char *want = i18n.forced[0] ? i18n.forced : tag && *tag ? tag : "en";
    char name[TAG_MAX];
    gettext_name(want, name, sizeof(name));
    apply(*name ? name : "en");
    return i18n.current;
}

const char *lb_i18n_current(void)
{
    return i18n.current;
}

bool lb_i18n_has_catalog(const char *tag)
{
    char name[TAG_MAX];
    gettext_name(tag ? tag : "", name, sizeof(name));
    if (!strncmp(name, "en", 2) && (name[2] == '\0' || name[2] == '_'))
        return true;
    if (!*name || !i18n.dir[0])
        return false;
    if (catalog_in(i18n.dir, name))
        return true;
    char *u = strchr(name, '_');
    if (u)
        *u = '\0';
    return u && catalog_in(i18n.dir, name);
}

const char *lb_i18n_locale_dir(void)
{
    return i18n.dir[0] ? i18n.dir : NULL;
}
