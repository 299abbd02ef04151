/* The opening of a routine, before its clock starts: the start card (title, author,
 * description, safety points) and then each screening question, each read aloud while it shows.
 * The cards are laid out on the routine clock before 0, so their lines go into the same sound
 * schedule (cues_audio) as every other line: an export plays them at these times, live playback
 * plays each card's stretch when the card appears. Pure: no SDL, no FFmpeg. */
#ifndef LB_OPENING_H
#define LB_OPENING_H

#include <stdbool.h>
#include <stdint.h>

#include "routine.h"

#define LB_OPENING_MAX_CARDS (1 + LB_MAX_LIST)
/* Lines one card says at most: title, author, description, the heading and six safety points
 * (what the start card shows), and what to press. */
#define LB_OPENING_MAX_LINES 12
/* A card stays up long enough to read it (and to hear it read), but no longer than this. */
#define LB_OPENING_MAX_CARD_MS 120000
/* Its first line starts this long after it appears; its last ends this long before it goes. */
#define LB_OPENING_LEAD_MS 500
#define LB_OPENING_TAIL_MS 1000

struct lb_opening_card {
    int question;        /* -1: the start card; else the screening question (0-based) */
    int64_t start_ms;    /* on the routine clock: before 0 (the cards end where it starts) */
    int64_t len_ms;      /* how long it shows in an export (live: until it is answered) */
};

struct lb_opening {
    struct lb_opening_card cards[LB_OPENING_MAX_CARDS];
    int n_cards;
    int64_t total_ms;    /* all the cards: whole seconds, so the routine starts on a frame and
                          * sample boundary at any frame rate */
};

/* One spoken line of a card: its words and their language (BCP 47): the routine's for its own
 * text, Limber's (lb_i18n_current) for Limber's words. */
struct lb_opening_line {
    char *text;           /* owned (lb_opening_lines_free) */
    const char *language; /* borrowed: the routine's or the catalog's, valid while both are */
};

/* What card `card` reads, in order, into out (at most LB_OPENING_MAX_LINES); returns how many
 * (fewer when out of memory). Free them with lb_opening_lines_free.
 * `exported`: the card as an export shows it (nobody answers: a question also reads what its
 * stopping answer means; the start card does not say which key starts). Limber's words are
 * in the language in use (lb_i18n_use_routine). */
int lb_opening_lines(const struct lb_routine *r, const struct lb_opening_card *card,
                     bool exported, struct lb_opening_line *out);
void lb_opening_lines_free(struct lb_opening_line *lines, int n);

/* Lay out r's opening cards: each lasts the longer of a calm reading of what it shows and the
 * time its lines take to say (estimate_ms says how long a line takes), at most
 * LB_OPENING_MAX_CARD_MS; the last card is padded so the whole lasts whole seconds. */
void lb_opening_layout(const struct lb_routine *r, bool exported,
                       int64_t (*estimate_ms)(const char *text), struct lb_opening *o);

/* The card showing at routine time t_ms (before 0), or -1. */
int lb_opening_card_at(const struct lb_opening *o, int64_t t_ms);

#endif
