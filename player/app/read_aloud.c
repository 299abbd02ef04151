/* The opening cards read aloud live, and the spoken lines heard. */
#include "read_aloud.h"

#include "clock.h"
#include "log.h"

/* The opening card the screen shows: 0 the start card, 1 + N screening question N; -1 for the
 * screens that are not read (the screening stop, the pain check-in). */
static int card_shown(const struct limber *l)
{
    int card = -1;
    if (l->start.stage == LB_START_SAFETY)
        card = 0;
    else if (l->start.stage == LB_START_QUESTION)
        card = 1 + l->start.question;
    return card < l->audio.sounds.opening.n_cards ? card : -1;
}

void lb_read_aloud_update(struct limber *l, double now_ms)
{
    struct lb_reading *rd = &l->start.reading;
    int card = card_shown(l);
    if (card != rd->card) { /* a new card (a redraw of the same one changes nothing) */
        rd->card = card;
        rd->since_ms = now_ms;
        rd->waiting = card >= 0;
        lb_audio_out_restart(&l->audio); /* what the last card was saying stops */
    }
    if (!rd->waiting)
        return; /* being read (on the device's clock, to the card's end), or not read */
    /* From its first word: the reading starts once that line is made (or waited for). */
    const struct lb_opening_card *c = &l->audio.sounds.opening.cards[card];
    if (!lb_audio_out_line_ready(&l->audio, c->start_ms, c->start_ms + c->len_ms) &&
        now_ms - rd->since_ms < LB_READ_ALOUD_WAIT_MS)
        return;
    rd->waiting = false;
    lb_audio_out_play_stretch(&l->audio, c->start_ms, c->start_ms + c->len_ms);
    if (card == 0)
        lb_log_info("reading the start card aloud");
    else
        lb_log_info("reading screening question %d aloud", card);
}

void lb_read_aloud_report(struct limber *l)
{
    int heard[32];
    int n;
    while ((n = lb_audio_out_take_heard(&l->audio, heard, 32)) > 0) {
        for (int i = 0; i < n; i++) {
            const struct lb_sound_event *ev = &l->audio.sounds.events[heard[i]];
            const struct lb_sound_line *line = &l->audio.sounds.lines[ev->line];
            const char *voice = lb_voice_line_voice(l->audio.voice, ev->line);
            lb_log_info("said at %.1f s (%s voice): %s", ev->at_ms / 1000.0,
                        voice && voice[0] ? voice : "recorded", line->text);
            lb_stats_spoken(&l->stats, line->text, voice, ev->at_ms / 1000.0,
                            (lb_now_ms_f() - l->process_start_ms) / 1000.0);
        }
        if (n < 32)
            break;
    }
}
