/* `limber history`: the sessions recorded, as a table, JSON or CSV; --forget deletes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "commands.h"
#include "history_open.h"
#include "i18n.h"
#include "json.h"
#include "log.h"

enum format { TABLE, JSON, CSV };

struct counts {
    int done, skipped, hurt;
};

static struct counts count_blocks(const struct lb_history_session *s)
{
    struct counts c = {0};
    for (int i = 0; i < s->n_blocks; i++) {
        switch (s->blocks[i].result) {
        case LB_BLOCK_DONE: c.done++; break;
        case LB_BLOCK_SKIPPED: c.skipped++; break;
        case LB_BLOCK_PAIN: c.hurt++; break;
        }
    }
    return c;
}

static const char *outcome_of(const struct lb_history_session *s)
{
    /* TRANSLATORS: how a session ended, in the table of `limber history`: still playing. */
    return s->outcome ? s->outcome : _("playing");
}

/* ---- JSON ---- */

static void json_time(FILE *out, time_t t)
{
    char iso[32];
    lb_history_iso8601(t, iso, sizeof(iso));
    if (t)
        fprintf(out, "\"%s\"", iso);
    else
        fputs("null", out);
}

static void json_pain(FILE *out, int pain)
{
    if (pain >= 0)
        fprintf(out, "%d", pain);
    else
        fputs("null", out);
}

static void print_json(FILE *out, const struct lb_history_list *list)
{
    fputs("[", out);
    for (int i = 0; i < list->n; i++) {
        const struct lb_history_session *s = &list->sessions[i];
        fprintf(out, "%s\n  {\"id\": %lld, \"routine\": {\"title\": ", i ? "," : "",
                (long long)s->id);
        lb_json_string(out, s->title);
        fputs(", \"path\": ", out);
        lb_json_string(out, s->path);
        fputs(", \"hash\": ", out);
        lb_json_string(out, s->hash);
        fputs("},\n   \"started_at\": ", out);
        json_time(out, s->started_at);
        fputs(", \"ended_at\": ", out);
        json_time(out, s->ended_at);
        fputs(", \"outcome\": ", out);
        lb_json_string(out, s->outcome);
        fputs(",\n   \"pain_before\": ", out);
        json_pain(out, s->pain_before);
        fputs(", \"pain_after\": ", out);
        json_pain(out, s->pain_after);
        fprintf(out, ", \"moving_s\": %.1f,\n   \"blocks\": [", s->moving_ms / 1000.0);
        for (int j = 0; j < s->n_blocks; j++) {
            const struct lb_history_block_row *b = &s->blocks[j];
            fprintf(out, "%s\n    {\"step\": %d, \"step_title\": ", j ? "," : "", b->step + 1);
            lb_json_string(out, b->step_title);
            fputs(", \"side\": ", out);
            lb_json_string(out, b->side);
            fprintf(out, ", \"set\": %d, \"result\": \"%s\", \"planned_s\": %.1f, "
                    "\"actual_s\": %.1f, \"ended_at\": ", b->set, lb_block_result_name(b->result),
                    b->planned_ms / 1000.0, b->actual_ms / 1000.0);
            json_time(out, b->ended_at);
            fputs("}", out);
        }
        fputs(s->n_blocks ? "\n   ],\n   \"pain_stops\": [" : "],\n   \"pain_stops\": [", out);
        for (int j = 0; j < s->n_pains; j++) {
            const struct lb_history_pain_row *p = &s->pains[j];
            fprintf(out, "%s\n    {\"step\": %d, \"step_title\": ", j ? "," : "", p->step + 1);
            lb_json_string(out, p->step_title);
            fputs(", \"side\": ", out);
            lb_json_string(out, p->side);
            fprintf(out, ", \"set\": %d, \"rep\": %d, \"choice\": ", p->set, p->rep);
            lb_json_string(out, p->choice);
            fputs(", \"at\": ", out);
            json_time(out, p->at);
            fputs("}", out);
        }
        fputs(s->n_pains ? "\n   ]}" : "]}", out);
    }
    fputs(list->n ? "\n]\n" : "]\n", out);
}

/* ---- CSV (RFC 4180: CRLF, every field that needs it quoted, quotes doubled) ---- */

static void csv_field(FILE *out, const char *s, bool last)
{
    s = s ? s : "";
    /* A spreadsheet takes a cell starting with = + - @ for a formula: a leading ' keeps a
     * routine's title from being run as one. */
    bool formula = strchr("=+-@", s[0]) && s[0];
    if (strpbrk(s, ",\"\r\n") || formula) {
        fputc('"', out);
        if (formula)
            fputc('\'', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputs(last ? "\r\n" : ",", out);
}

static void print_csv(FILE *out, const struct lb_history_list *list)
{
    fputs("id,started_at,ended_at,routine,path,hash,outcome,moving_s,pain_before,pain_after,"
          "blocks_done,blocks_skipped,blocks_pain,pain_stops\r\n", out);
    for (int i = 0; i < list->n; i++) {
        const struct lb_history_session *s = &list->sessions[i];
        struct counts c = count_blocks(s);
        char id[24], start[32], end[32] = "", moving[32], before[12] = "", after[12] = "",
             tail[64];
        snprintf(id, sizeof(id), "%lld", (long long)s->id);
        lb_history_iso8601(s->started_at, start, sizeof(start));
        if (s->ended_at)
            lb_history_iso8601(s->ended_at, end, sizeof(end));
        snprintf(moving, sizeof(moving), "%.1f", s->moving_ms / 1000.0);
        if (s->pain_before >= 0)
            snprintf(before, sizeof(before), "%d", s->pain_before);
        if (s->pain_after >= 0)
            snprintf(after, sizeof(after), "%d", s->pain_after);
        snprintf(tail, sizeof(tail), "%d,%d,%d,%d", c.done, c.skipped, c.hurt, s->n_pains);
        const char *fields[] = {id, start, end, s->title, s->path, s->hash, s->outcome, moving,
                                before, after};
        for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
            csv_field(out, fields[k], false);
        fputs(tail, out);
        fputs("\r\n", out);
    }
}

/* ---- The table ---- */

/* Print s in `width` columns (UTF-8 aware), cut with an ellipsis when longer. */
static void column(FILE *out, const char *s, int width)
{
    int cols = 0;
    const char *p = s, *cut = NULL;
    for (; *p; p++) {
        if (((unsigned char)*p & 0xc0) == 0x80)
            continue;
        if (cols == width - 1)
            cut = p;
        cols++;
    }
    if (cols > width) {
        fwrite(s, 1, (size_t)(cut - s), out);
        fputs("\u2026", out);
        cols = width;
    } else {
        fputs(s, out);
    }
    fprintf(out, "%*s", width - cols + 2, "");
}

static void print_table(FILE *out, const struct lb_history_list *list, const char *path)
{
    if (list->n == 0) {
        fprintf(out, _("No sessions recorded yet in %s.\n"), path);
        return;
    }
    /* TRANSLATORS: the columns of `limber history`'s table. */
    column(out, _("Started (UTC)"), 17);
    column(out, _("Routine"), 26);
    column(out, _("Ended"), 14);
    fprintf(out, "%6s  ", _("Moving"));
    column(out, _("Pain"), 9);
    fprintf(out, "%s\n", _("Blocks done/skipped/hurt"));
    for (int i = 0; i < list->n; i++) {
        const struct lb_history_session *s = &list->sessions[i];
        char start[32], moving[16], pain[40], a[12] = "-", b[12] = "-";
        lb_history_iso8601(s->started_at, start, sizeof(start));
        start[16] = 'Z'; /* to the minute: 2026-12-05T12:41Z */
        start[17] = '\0';
        int sec = (int)((s->moving_ms + 500) / 1000);
        snprintf(moving, sizeof(moving), "%d:%02d", sec / 60, sec % 60);
        if (s->pain_before >= 0)
            snprintf(b, sizeof(b), "%d", s->pain_before);
        if (s->pain_after >= 0)
            snprintf(a, sizeof(a), "%d", s->pain_after);
        snprintf(pain, sizeof(pain), "%s \u2192 %s", b, a);
        struct counts c = count_blocks(s);
        fprintf(out, "%-17s  ", start);
        column(out, s->title, 26);
        column(out, outcome_of(s), 14);
        fprintf(out, "%6s  ", moving);
        column(out, pain, 9);
        fprintf(out, "%d/%d/%d\n", c.done, c.skipped, c.hurt);
    }
    int n = list->n;
    fprintf(out, ngettext("%d session.\n", "%d sessions.\n", (unsigned long)n), n);
}

/* ---- The command ---- */

static int usage(void)
{
    fputs("Usage: limber history [--json | --csv] [--since DATE] [--routine TITLE] "
          "[--history FILE]\n"
          "       limber history --forget [--yes] [--history FILE]\n", stderr);
    return 2;
}

static bool confirm(const char *path, int sessions)
{
    /* TRANSLATORS: the answer is read as yes when it starts with y or Y. */
    fprintf(stderr, ngettext("Delete the %d recorded session in %s? This cannot be undone. "
                             "[y/N] ", "Delete all %d recorded sessions in %s? This cannot be "
                             "undone. [y/N] ", (unsigned long)sessions), sessions, path);
    char line[64];
    if (!fgets(line, sizeof(line), stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

int lb_cmd_history(struct lb_command_ctx *ctx, int argc, char **argv)
{
    enum format format = TABLE;
    bool forget = false, yes = ctx->opts->yes;
    struct lb_history_filter filter = {0};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;
        if (!strcmp(a, "--json")) {
            format = JSON;
        } else if (!strcmp(a, "--csv")) {
            format = CSV;
        } else if (!strcmp(a, "--forget")) {
            forget = true;
        } else if (!strcmp(a, "--yes") || !strcmp(a, "-y")) {
            yes = true;
        } else if (!strcmp(a, "--since") && more) {
            if (!lb_history_parse_date(argv[++i], &filter.since)) {
                fprintf(stderr, _("limber history: bad date '%s' for --since (e.g. 2026-11-01 "
                                  "or 2026-11-01T08:00:00Z, UTC)\n"), argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--routine") && more) {
            filter.title = argv[++i];
        } else if (!strcmp(a, "--history") && more) {
            ctx->opts->history_path = argv[++i];
            ctx->opts->no_history = false;
        } else {
            fprintf(stderr, _("limber history: unknown or incomplete argument '%s'\n"), a);
            return usage();
        }
    }
    char path[4096];
    if (!lb_history_file(ctx->opts, path, sizeof(path), true)) {
        fprintf(stderr, _("limber history: no history file (--no-history, or HOME is not "
                          "set); give one with --history FILE\n"));
        return 2;
    }
    bool missing = false;
    struct lb_history *h = lb_history_open_tool(path, true, &missing);
    if (!h && !missing)
        return 1;
    struct lb_history_list list = {0};
    if (h && !lb_history_query(h, forget ? NULL : &filter, &list)) {
        lb_log_error("%s", lb_history_error(h));
        lb_history_close(h);
        return 1;
    }
    int status = 0;
    if (forget) {
        if (!h || list.n == 0) {
            printf(_("Nothing to forget: no sessions are recorded in %s.\n"), path);
        } else if (!yes && !confirm(path, list.n)) {
            printf(_("Nothing was deleted.\n"));
        } else if (lb_history_forget(h)) {
            printf(ngettext("Deleted %d session from %s.\n", "Deleted %d sessions from %s.\n",
                            (unsigned long)list.n), list.n, path);
        } else {
            lb_log_error("%s", lb_history_error(h));
            status = 1;
        }
    } else if (format == JSON) {
        print_json(stdout, &list);
    } else if (format == CSV) {
        print_csv(stdout, &list);
    } else {
        print_table(stdout, &list, path);
    }
    lb_history_list_free(&list);
    lb_history_close(h);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        lb_log_error(_("cannot write the history out"));
        status = 1;
    }
    return status;
}
