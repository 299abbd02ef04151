/* Parsing and formatting of durations. */
#include "duration.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Read a decimal number "12", "0.5", "1.25" as a fraction num/den; at most 6 decimals. */
static bool read_number(const char **p, int64_t *num, int64_t *den)
{
    const char *s = *p;
    int64_t n = 0, d = 1;
    int digits = 0;
    while (isdigit((unsigned char)*s)) {
        if (n > LB_DURATION_MAX_MS)
            return false;
        n = n * 10 + (*s++ - '0');
        digits++;
    }
    if (*s == '.') {
        s++;
        int frac = 0;
        while (isdigit((unsigned char)*s)) {
            if (frac++ >= 6)
                return false;
            n = n * 10 + (*s++ - '0');
            d *= 10;
            digits++;
        }
        if (frac == 0)
            return false;
    }
    if (digits == 0)
        return false;
    *p = s;
    *num = n;
    *den = d;
    return true;
}

static int64_t scaled(int64_t num, int64_t den, int64_t unit_ms)
{
    return (num * unit_ms + den / 2) / den;
}

static bool fail(char *why, size_t size, const char *msg, const char *arg)
{
    if (why && size)
        snprintf(why, size, msg, arg);
    return false;
}

/* "1:30", "1:02:03", "0:05.5": the last field is seconds, the ones before minutes and hours. */
static bool parse_clock(const char *s, int64_t *ms, char *why, size_t size)
{
    int64_t fields[3][2];
    int n = 0;
    for (;;) {
        if (n == 3)
            return fail(why, size, "too many ':' fields%s", "");
        if (!read_number(&s, &fields[n][0], &fields[n][1]))
            return fail(why, size, "expected a number in a m:ss time%s", "");
        n++;
        if (*s == '\0')
            break;
        if (*s != ':')
            return fail(why, size, "unexpected '%s' in a m:ss time", s);
        s++;
    }
    if (n < 2)
        return fail(why, size, "expected m:ss%s", "");
    int64_t total = 0;
    static const int64_t unit[] = {1000, 60000, 3600000};
    for (int i = 0; i < n; i++) {
        int64_t *f = fields[n - 1 - i];
        if (i > 0 && f[1] != 1)
            return fail(why, size, "only the seconds may have decimals%s", "");
        if (i > 0 && i < n - 1 && f[0] >= 60)
            return fail(why, size, "minutes must be below 60 in h:mm:ss%s", "");
        if (i == 0 && n > 1 && f[0] / f[1] >= 60)
            return fail(why, size, "seconds must be below 60 in m:ss%s", "");
        total += scaled(f[0], f[1], unit[i]);
    }
    *ms = total;
    return true;
}

/* The units a duration may name, as symbols or words, in any case ("1 Min", "45 SEC"). */
static const struct {
    const char *names[6];
    int64_t ms;
} units[] = {
    {{"h", "hr", "hrs", "hour", "hours", NULL}, 3600000},
    {{"m", "min", "mins", "minute", "minutes", NULL}, 60000},
    {{"s", "sec", "secs", "second", "seconds", NULL}, 1000},
    {{"ms", "msec", "msecs", "millisecond", "milliseconds", NULL}, 1},
};
#define N_UNITS ((int)(sizeof(units) / sizeof(units[0])))

/* The unit called `name` (as written), or -1 (with the reason in why). */
static int find_unit(const char *name, char *why, size_t size)
{
    /* Capital M is the one ambiguous spelling (months to some, minutes to others). */
    if (!strcmp(name, "M")) {
        fail(why, size, "'M' is not a unit%s; write m or min for minutes", "");
        return -1;
    }
    for (int u = 0; u < N_UNITS; u++)
        for (int i = 0; units[u].names[i]; i++)
            if (!strcasecmp(name, units[u].names[i]))
                return u;
    fail(why, size, "unknown unit '%s'", name);
    return -1;
}

/* "90", "90s", "1m30s", "1h", "250ms", "0.5s", "2m 30s", "1 min", "45 sec", "5 seconds",
 * "1.5 min", "1 h 30 min". */
static bool parse_units(const char *s, int64_t *ms, char *why, size_t size)
{
    int64_t total = 0;
    int last_unit = -1;
    bool any = false;
    while (*s) {
        int64_t num, den;
        if (!read_number(&s, &num, &den))
            return fail(why, size, "expected a number at '%s'", s);
        while (*s == ' ')
            s++;
        char name[16] = {0};
        int len = 0;
        while (isalpha((unsigned char)*s) && len < 15)
            name[len++] = *s++;
        if (isalpha((unsigned char)*s))
            return fail(why, size, "unknown unit in '%s'", s - len);
        int u = 2; /* a bare number is seconds */
        if (len) {
            u = find_unit(name, why, size);
            if (u < 0)
                return false;
        } else if (*s != '\0') {
            return fail(why, size, "unexpected '%s'", s);
        }
        if (u <= last_unit)
            return fail(why, size, "units must go from large to small, each once: '%s'",
                        units[u].names[0]);
        last_unit = u;
        total += scaled(num, den, units[u].ms);
        if (total > LB_DURATION_MAX_MS)
            return false;
        any = true;
        while (*s == ' ')
            s++;
    }
    if (!any)
        return fail(why, size, "empty duration%s", "");
    *ms = total;
    return true;
}

bool lb_duration_parse(const char *text, bool allow_negative, int64_t *ms, char *why,
                       size_t why_size)
{
    if (why && why_size)
        why[0] = '\0';
    const char *s = text;
    while (*s == ' ')
        s++;
    bool negative = false;
    if (*s == '-' || *s == '+') {
        negative = *s == '-';
        if (negative && !allow_negative)
            return fail(why, why_size, "must not be negative%s", "");
        s++;
    }
    char trimmed[64];
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ')
        len--;
    if (len == 0 || len >= sizeof(trimmed))
        return fail(why, why_size, len ? "too long%s" : "empty duration%s", "");
    memcpy(trimmed, s, len);
    trimmed[len] = '\0';
    int64_t value = 0;
    bool ok = strchr(trimmed, ':') ? parse_clock(trimmed, &value, why, why_size)
                                   : parse_units(trimmed, &value, why, why_size);
    if (!ok) {
        if (why && why_size && !why[0])
            snprintf(why, why_size, "longer than 24 hours");
        return false;
    }
    if (value > LB_DURATION_MAX_MS)
        return fail(why, why_size, "longer than 24 hours%s", "");
    *ms = negative ? -value : value;
    return true;
}

const char *lb_duration_format(int64_t ms, char *buf, size_t size)
{
    const char *sign = ms < 0 ? "-" : "";
    int64_t a = ms < 0 ? -ms : ms;
    if (a < 1000 && a != 0)
        snprintf(buf, size, "%s%lldms", sign, (long long)a);
    else if (a % 1000 && a < 60000) {
        int frac = (int)(a % 1000), digits = 3;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        snprintf(buf, size, "%s%lld.%0*ds", sign, (long long)(a / 1000), digits, frac);
    }
    else if (a < 60000)
        snprintf(buf, size, "%s%llds", sign, (long long)(a / 1000));
    else
        return lb_duration_clock(ms, buf, size);
    return buf;
}

const char *lb_duration_clock(int64_t ms, char *buf, size_t size)
{
    const char *sign = ms < 0 ? "-" : "";
    long long s = (ms < 0 ? -ms : ms) / 1000;
    if (s >= 3600)
        snprintf(buf, size, "%s%lld:%02lld:%02lld", sign, s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%s%lld:%02lld", sign, s / 60, s % 60);
    return buf;
}
