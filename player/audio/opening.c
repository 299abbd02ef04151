/* Laying out the opening cards (start card, screening questions) and what each reads aloud. */
#include "opening.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* The pause between two lines of one card. */
#define LINE_PAUSE_MS 300

static int count_words(const char *s)
{
    int n = 0;
    bool in_word = false;
    for (; s && *s; s++) {
        bool space = *s == ' ' || *s == '\n' || *s == '\t';
        n += !space && !in_word;
        in_word = !space;
    }
    return n;
}

/* How long a card with `words` words takes to read at a calm pace. */
static int64_t reading_ms(int words)
{
    int64_t ms = 4000 + 350 * (int64_t)words;
    return ms > 30000 ? 30000 : ms;
}

static void put(struct lb_opening_line *out, int *n, const char *text, const char *language)
{
    if (!text || !text[0] || *n >= LB_OPENING_MAX_LINES)
        return;
    char *copy = strdup(text);
    if (copy)
        out[(*n)++] = (struct lb_opening_line){copy, language};
}

int lb_opening_lines(const struct lb_routine *r, const struct lb_opening_card *card,
                     bool exported, struct lb_opening_line *out)
{
    const char *mine = lb_i18n_current(); /* Limber's words are in this language */
    char line[LB_MAX_SAY_CHARS * 4 + 256];
    int n = 0;
    if (card->question < 0) {
        put(out, &n, r->title, r->language);
        if (r->author) {
            snprintf(line, sizeof(line), _("by %s"), r->author);
            put(out, &n, line, mine);
        }
        put(out, &n, r->description, r->language);
        if (r->n_safety)
            put(out, &n, _("Before you start"), mine);
        for (int i = 0; i < r->n_safety && i < LB_SAFETY_ON_CARD; i++) /* those the card shows */
            put(out, &n, r->safety[i], r->language);
        if (!exported) /* an export starts by itself */
            put(out, &n, _("Press Enter to start"), mine);
        return n;
    }
    const struct lb_screening *q = &r->screening[card->question];
    put(out, &n, q->ask, r->language);
    if (exported) { /* the card says what the stopping answer means: nobody can answer */
        snprintf(line, sizeof(line), q->stop_if ? _("If your answer is yes, stop here: %s")
                                                : _("If your answer is no, stop here: %s"),
                 q->advice);
        put(out, &n, line, mine);
    }
    return n;
}

void lb_opening_lines_free(struct lb_opening_line *lines, int n)
{
    for (int i = 0; i < n; i++)
        free(lines[i].text);
}

/* How long card c shows: a calm reading of what it shows, or the time its lines take. */
static int64_t card_ms(const struct lb_routine *r, const struct lb_opening_card *c,
                       bool exported, int64_t (*estimate_ms)(const char *text))
{
    int words = 0;
    if (c->question < 0) {
        words = count_words(r->title) + count_words(r->description);
        for (int i = 0; i < r->n_safety; i++)
            words += count_words(r->safety[i]);
    } else {
        words = count_words(r->screening[c->question].ask) +
                count_words(r->screening[c->question].advice);
    }
    int64_t ms = reading_ms(words);
    struct lb_opening_line lines[LB_OPENING_MAX_LINES];
    int n = lb_opening_lines(r, c, exported, lines);
    int64_t said = LB_OPENING_LEAD_MS + LB_OPENING_TAIL_MS;
    for (int i = 0; i < n; i++)
        said += estimate_ms(lines[i].text) + (i ? LINE_PAUSE_MS : 0);
    lb_opening_lines_free(lines, n);
    if (said > ms)
        ms = said;
    return ms < LB_OPENING_MAX_CARD_MS ? ms : LB_OPENING_MAX_CARD_MS;
}

void lb_opening_layout(const struct lb_routine *r, bool exported,
                       int64_t (*estimate_ms)(const char *text), struct lb_opening *o)
{
    *o = (struct lb_opening){0};
    for (int k = -1; k < r->n_screening && o->n_cards < LB_OPENING_MAX_CARDS; k++) {
        struct lb_opening_card *c = &o->cards[o->n_cards++];
        c->question = k;
        c->len_ms = card_ms(r, c, exported, estimate_ms);
        o->total_ms += c->len_ms;
    }
    /* The routine starts on a whole second: a frame and a sample boundary at any frame rate,
     * so its pictures and sounds keep the times the plan gives them. */
    int64_t pad = (1000 - o->total_ms % 1000) % 1000;
    o->cards[o->n_cards - 1].len_ms += pad;
    o->total_ms += pad;
    int64_t t = -o->total_ms;
    for (int i = 0; i < o->n_cards; i++) {
        o->cards[i].start_ms = t;
        t += o->cards[i].len_ms;
    }
}

int lb_opening_card_at(const struct lb_opening *o, int64_t t_ms)
{
    for (int i = 0; i < o->n_cards; i++)
        if (t_ms >= o->cards[i].start_ms && t_ms < o->cards[i].start_ms + o->cards[i].len_ms)
            return i;
    return -1;
}
