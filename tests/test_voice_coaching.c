/* Voice coaching for reps and holds (player/audio/cues_audio.c with the voice bank and the
 * mixer): the side in "Get ready", "Now the right side", each rep's number, "Hold" and "and
 * relax", "Halfway"; each line at its planned instant, none talking over another (measured
 * with the voice bank's real lengths and in the offline render), nothing over a clip's
 * narration, the counted hold ("Three", "Two", "One") and the switches (voice, count_reps,
 * say_holds, count_holds, rep_beep). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cues_audio.h"
#include "i18n.h"
#include "lb_test.h"
#include "mixer.h"
#include "plan.h"
#include "routine.h"
#include "voice.h"

#define FPMS 48

static const char routine_text[] =
    "limber: 1\n"
    "title: Coaching by ear\n"
    "language: en\n"
    "defaults: {countdown: 4s, rest: 8s, switch: 4s}\n"
    "steps:\n"
    "  - title: Knee to chest\n"
    "    sides: [left, right]\n"
    "    reps: 3\n"
    "    rep_time: 4s\n"
    "    hold: 5s\n"
    "  - title: Lie still\n"
    "    duration: 40s\n"
    "  - title: Pelvic tilts\n"
    "    reps: 4\n"
    "    rep_time: 3s\n"
    "    count_reps: false\n";

struct coached {
    struct lb_routine *routine;
    struct lb_plan plan;
    struct lb_cue_sounds sounds;
};

/* Load `text` and lay out its sounds: by the estimate, knowing the clip's narration (may be
 * NULL), or, with `made`, each line placed by how long the voice bank really takes to say it
 * (made holds the lines made meanwhile). */
static bool lay_out(struct coached *c, const char *text, const int64_t *narration,
                    struct lb_voice_made *made)
{
    struct lb_diags d;
    lb_diags_init(&d, "coaching.yaml");
    c->routine = lb_routine_load_buffer("coaching.yaml", (const unsigned char *)text,
                                        strlen(text), NULL, &d);
    lb_diags_print(&d, stderr);
    lb_diags_destroy(&d);
    if (!c->routine)
        return false;
    lb_i18n_use_routine(c->routine->language);
    struct lb_sound_layout how = {.voice = true, .narration_ms = narration,
                                  .line_ms = made ? lb_voice_made_ms : NULL, .line_ctx = made};
    return lb_plan_init(&c->plan, c->routine) && lb_cue_sounds_lay_out(&c->sounds, &c->plan, &how);
}

static bool open_routine(struct coached *c, const char *text, const int64_t *narration)
{
    return lay_out(c, text, narration, NULL);
}

static bool open_routine_made(struct coached *c, const char *text, struct lb_voice_made *made)
{
    return lay_out(c, text, NULL, made);
}

static void close_routine(struct coached *c)
{
    lb_cue_sounds_destroy(&c->sounds);
    lb_plan_destroy(&c->plan);
    lb_routine_free(c->routine);
}

/* The time of the n-th (0-based) line event saying `text`, or -1. */
static int64_t said_at(const struct lb_cue_sounds *s, const char *text, int n)
{
    for (int e = 0; e < s->n_events; e++)
        if (s->events[e].kind == LB_SOUND_LINE && !strcmp(s->lines[s->events[e].line].text, text)
            && n-- == 0)
            return s->events[e].at_ms;
    return -1;
}

static int count_lines(const struct lb_cue_sounds *s, const char *text)
{
    int n = 0;
    for (int e = 0; e < s->n_events; e++)
        n += s->events[e].kind == LB_SOUND_LINE && !strcmp(s->lines[s->events[e].line].text, text);
    return n;
}

/* Whether `text` is said at exactly at_ms. */
static bool said_then(const struct lb_cue_sounds *s, const char *text, int64_t at_ms)
{
    for (int n = 0; said_at(s, text, n) >= 0; n++)
        if (said_at(s, text, n) == at_ms)
            return true;
    return false;
}

/* Where each line is planned. Timeline (s): countdown 0-4; left 4-31 (reps at 4, 13, 22;
 * holds 8-13, 17-22, 26-31, each 5 s long, so counted); switch 31-35; right 35-62; rest
 * 62-70; Lie still: countdown 70-74, block 74-114; rest 114-122; Pelvic tilts countdown
 * 122-126, reps at 126, 129, 132, 135; end 138. */
static void check_plan(const struct coached *c)
{
    const struct lb_cue_sounds *s = &c->sounds;
    LB_CHECK_INT(said_at(s, "Get ready: Knee to chest, left side", 0), 0);
    /* Its holds are counted, so its reps are "Rep one", "Rep two": not the count's words. */
    LB_CHECK_INT(said_at(s, "Rep one", 0), 4000);
    LB_CHECK_INT(said_at(s, "Hold", 0), 8000);
    /* The hold's last three seconds counted on the second, then "and relax" as it ends. */
    LB_CHECK(said_then(s, "Three", 10000));
    LB_CHECK(said_then(s, "Two", 11000));
    LB_CHECK(said_then(s, "One", 12000));
    LB_CHECK_INT(said_at(s, "and relax", 0), 13000);
    /* The next rep's number yields to "and relax": said just after it, in its move. */
    int64_t two = said_at(s, "Rep two", 0);
    LB_CHECK(two > 13000 && two <= 15000);
    LB_CHECK_INT(said_at(s, "Hold", 1), 17000);
    LB_CHECK(said_then(s, "Three", 28000) && said_then(s, "One", 30000));
    int64_t last = said_at(s, "Last one", 0);
    LB_CHECK(last > 22000 && last <= 24000);
    LB_CHECK_INT(said_at(s, "Now the right side", 0), 31000);
    LB_CHECK(said_then(s, "Rep one", 35000));
    LB_CHECK_INT(count_lines(s, "Rep two"), 2);
    LB_CHECK_INT(count_lines(s, "Hold"), 6);
    LB_CHECK_INT(count_lines(s, "Three"), 6);
    LB_CHECK_INT(count_lines(s, "Last one"), 2);
    LB_CHECK_INT(said_at(s, "Halfway", 0), 94000);
    LB_CHECK_INT(said_at(s, "Last five seconds", 0), 109000);
    /* count_reps: false: no numbers for Pelvic tilts, a tick at each rep instead ("One" ends
     * each of the six counts: the reps of Knee to chest are "Rep one" ...). */
    LB_CHECK_INT(count_lines(s, "One"), 6);
    LB_CHECK_INT(count_lines(s, "Two"), 6);
    int ticks = 0;
    for (int e = 0; e < s->n_events; e++)
        ticks += s->events[e].kind == LB_SOUND_REP_TICK;
    LB_CHECK_INT(ticks, 4);
}

/* With the voice bank's real lengths: every line ends before the next begins, and the offline
 * render has the voice at each line's instant and quiet just before it. made: the lines made
 * for the layout (taken over by the bank), or NULL. */
static void check_heard(const struct coached *c, struct lb_voice_made *made)
{
    if (!lb_voice_can_speak()) {
        fprintf(stderr, "no espeak-ng in this build: the heard checks are skipped\n");
        return;
    }
    const struct lb_cue_sounds *s = &c->sounds;
    struct lb_voice *v = lb_voice_start_made(s, c->routine->language, made);
    LB_CHECK(v && lb_voice_wait(v, 120000));
    int64_t prev_end = -1;
    const char *prev = "";
    for (int e = 0; v && e < s->n_events; e++) {
        if (s->events[e].kind != LB_SOUND_LINE)
            continue;
        int64_t frames = 0;
        LB_CHECK(lb_voice_line(v, s->events[e].line, &frames) != NULL);
        int64_t at = s->events[e].at_ms, end = at + frames / FPMS;
        printf("%8.3f s  %-40s %5lld ms\n", at / 1000.0, s->lines[s->events[e].line].text,
               (long long)(frames / FPMS));
        if (at < prev_end)
            fprintf(stderr, "\"%s\" at %lld ms talks over \"%s\" (until %lld ms)\n",
                    s->lines[s->events[e].line].text, (long long)at, prev, (long long)prev_end);
        LB_CHECK(at >= prev_end);
        prev_end = end;
        prev = s->lines[s->events[e].line].text;
    }
    struct lb_mixer *m = lb_mixer_create(s, v);
    int64_t total = c->plan.total_ms + 2000, n = total * FPMS;
    float *buf = calloc((size_t)n * 2, sizeof(float));
    LB_CHECK(m && buf);
    lb_mixer_mute_source(m, LB_MIXER_EFFECTS, true);
    for (int64_t f = 0; m && buf && f < n; f += 960)
        lb_mixer_render(m, f / FPMS, n - f < 960 ? (int)(n - f) : 960, buf + 2 * f);
    for (int e = 0; buf && e < s->n_events; e++) {
        if (s->events[e].kind != LB_SOUND_LINE)
            continue;
        int64_t at = s->events[e].at_ms * FPMS;
        double on = 0, before = 0;
        for (int64_t f = at; f < at + 400 * FPMS && f < n; f++)
            on += (double)buf[2 * f] * buf[2 * f];
        for (int64_t f = at - 100 * FPMS; f < at && f >= 0; f++)
            before += (double)buf[2 * f] * buf[2 * f];
        on = sqrt(on / (400.0 * FPMS));
        before = sqrt(before / (100.0 * FPMS));
        if (on < 0.01 || before > 0.005)
            fprintf(stderr, "\"%s\" at %lld ms: rms %.4f, before it %.4f\n",
                    s->lines[s->events[e].line].text, (long long)s->events[e].at_ms, on, before);
        LB_CHECK(on >= 0.01);
        LB_CHECK(before <= 0.005);
    }
    free(buf);
    lb_mixer_destroy(m);
    lb_voice_stop(v);
}

/* Placed by real lengths: the author's cue at 8 s is estimated at 5.1 s (350 ms + 75 ms a
 * character) but said in about 3.2 s, so the second rep's "Two" (due at 10 s, which may wait
 * half the move, to 12 s) is dropped by the estimate and said just after the cue by the real
 * length; the layout's lines are handed to the voice bank ready, and by the lengths the bank
 * made no line talks over another. */
static void check_real_lengths(void)
{
    static const char tilts[] =
        "limber: 1\ntitle: Tilts\nlanguage: en\ndefaults: {countdown: 3s}\nsteps:\n"
        "  - title: Pelvic tilts\n    reps: 3\n    rep_time: 4s\n    hold: 3s\n"
        "    cues: [{at: 5s, say: \"Breathe out as you flatten your back, breathe in as you "
        "relax.\"}]\n";
    const char *cue = "Breathe out as you flatten your back, breathe in as you relax.";
    struct coached c = {0};
    LB_CHECK(open_routine(&c, tilts, NULL));
    if (!c.routine)
        return;
    LB_CHECK(said_then(&c.sounds, cue, 8000));
    LB_CHECK_INT(count_lines(&c.sounds, "Two"), 0); /* by the estimate: no room */
    LB_CHECK_INT(count_lines(&c.sounds, "Last one"), 1); /* after "and relax" at 17 s */
    close_routine(&c);
    if (!lb_voice_can_speak()) {
        fprintf(stderr, "no espeak-ng in this build: the real lengths are not checked\n");
        return;
    }
    struct lb_voice_made *made = lb_voice_made_create("en");
    c = (struct coached){0};
    LB_CHECK(made && open_routine_made(&c, tilts, made));
    if (!c.routine || !made) {
        lb_voice_made_free(made);
        return;
    }
    struct lb_sound_line said = {.text = (char *)cue, .spoken = true, .language = "en"};
    int64_t cue_ms = lb_voice_made_line(made, &said); /* made already: no second synthesis */
    int64_t two = said_at(&c.sounds, "Two", 0);
    fprintf(stderr, "the cue lasts %lld ms; \"Two\" at %lld ms\n", (long long)cue_ms,
            (long long)two);
    LB_CHECK(cue_ms > 0 && cue_ms + 350 < lb_cue_line_estimate_ms(cue));
    LB_CHECK(two >= 8000 + cue_ms + LB_LINE_GAP_MS && two <= 12000);
    LB_CHECK(said_then(&c.sounds, cue, 8000));
    /* The bank takes the made lines over: "Two" is ready before its worker made anything. */
    int line = -1;
    for (int i = 0; i < c.sounds.n_lines; i++)
        if (!strcmp(c.sounds.lines[i].text, "Two"))
            line = i;
    struct lb_voice *v = lb_voice_start_made(&c.sounds, "en", made);
    int64_t frames = 0;
    LB_CHECK(v && line >= 0 && lb_voice_line(v, line, &frames) && frames > 0);
    lb_voice_stop(v);
    lb_voice_made_free(made);
    close_routine(&c);
    /* The whole routine of check_plan, placed by its real lengths: nothing overlaps. */
    made = lb_voice_made_create("en");
    c = (struct coached){0};
    LB_CHECK(made && open_routine_made(&c, routine_text, made));
    if (c.routine) {
        check_heard(&c, made);
        close_routine(&c);
    }
    lb_voice_made_free(made);
}

/* The rep's line where holds are counted, in the routine's language: German says
 * "Wiederholung zwei", its count "Drei, Zwei, Eins". */
static void check_rep_words_translated(void)
{
    static const char german[] =
        "limber: 1\ntitle: Halten\nlanguage: de\ndefaults: {countdown: 3s}\nsteps:\n"
        "  - {title: Knie zur Brust, reps: 3, rep_time: 4s, hold: 6s}\n";
    struct coached c = {0};
    LB_CHECK(open_routine(&c, german, NULL));
    if (!c.routine)
        return;
    /* Block 3-33 s: reps at 3, 13, 23; holds 7-13, 17-23, 27-33. */
    LB_CHECK(said_then(&c.sounds, "Wiederholung eins", 3000));
    LB_CHECK_INT(count_lines(&c.sounds, "Wiederholung zwei"), 1);
    LB_CHECK(said_then(&c.sounds, "Drei", 10000) && said_then(&c.sounds, "Eins", 12000));
    LB_CHECK_INT(count_lines(&c.sounds, "Zwei"), 3); /* in each count, never as a rep */
    close_routine(&c);
    lb_i18n_use_routine("en");
}

/* A clip that speaks for its first 7 s: no built-in line starts or runs inside it. */
static void check_narration(void)
{
    int64_t narration[3 * LB_MAX_SIDES] = {[0] = 7000, [1] = 7000}; /* both sides' clips */
    struct coached c = {0};
    LB_CHECK(open_routine(&c, routine_text, narration));
    for (int e = 0; c.routine && e < c.sounds.n_events; e++) {
        const struct lb_sound_event *ev = &c.sounds.events[e];
        bool inside = ev->kind == LB_SOUND_LINE && ((ev->at_ms >= 4000 && ev->at_ms < 11000) ||
                                                    (ev->at_ms >= 35000 && ev->at_ms < 42000));
        if (inside)
            fprintf(stderr, "\"%s\" at %lld ms talks over the narration\n",
                    c.sounds.lines[ev->line].text, (long long)ev->at_ms);
        LB_CHECK(!inside);
    }
    /* The first "Hold" would start in it (at 8 s) and cannot wait: dropped; the rest stay. */
    LB_CHECK_INT(count_lines(&c.sounds, "Hold"), 4);
    close_routine(&c);
    /* A clip per side, only the right side's filmed with a voice: the left side's first
     * "Hold" stays (at 8 s), the right side's (at 39 s) gives way. */
    int64_t right_only[3 * LB_MAX_SIDES] = {[1] = 7000};
    c = (struct coached){0};
    LB_CHECK(open_routine(&c, routine_text, right_only));
    LB_CHECK_INT(said_at(&c.sounds, "Hold", 0), 8000);
    LB_CHECK_INT(count_lines(&c.sounds, "Hold"), 5);
    if (c.routine)
        close_routine(&c);
}

/* voice: false in defaults silences every built-in line (a cue's own still speaks); the rep
 * tick then comes by itself; say_holds: false keeps the numbers but not "Hold". */
static void check_switches(void)
{
    static const char quiet[] =
        "limber: 1\ntitle: Quiet\ndefaults: {voice: false}\nsteps:\n"
        "  - {title: Tilts, reps: 2, rep_time: 3s, hold: 3s, sides: [left, right],\n"
        "     cues: [{at: 1s, say: Breathe}]}\n";
    static const char no_holds[] =
        "limber: 1\ntitle: Holds\nsteps:\n"
        "  - {title: Tilts, reps: 2, rep_time: 3s, hold: 3s, say_holds: false}\n";
    struct coached c = {0};
    LB_CHECK(open_routine(&c, quiet, NULL));
    int lines = 0, ticks = 0;
    for (int e = 0; c.routine && e < c.sounds.n_events; e++) {
        lines += c.sounds.events[e].kind == LB_SOUND_LINE;
        ticks += c.sounds.events[e].kind == LB_SOUND_REP_TICK;
    }
    LB_CHECK_INT(lines, 2); /* "Breathe" in each side's block */
    LB_CHECK_INT(ticks, 4);
    if (c.routine)
        close_routine(&c);
    c = (struct coached){0};
    LB_CHECK(open_routine(&c, no_holds, NULL));
    LB_CHECK_INT(count_lines(&c.sounds, "Hold"), 0);
    LB_CHECK_INT(count_lines(&c.sounds, "and relax"), 0);
    LB_CHECK_INT(count_lines(&c.sounds, "One"), 1);
    if (c.routine)
        close_routine(&c);
}

/* The counted hold's rule and switch: a hold of 5 s or more is counted, a shorter one only
 * gets "and relax", count_holds: false keeps "and relax" alone; a count that would talk over
 * a cue's line is not said at all (never "three, ..., one"); a cue in every hold. */
static void check_counted_holds(void)
{
    static const char holds[] =
        "limber: 1\ntitle: Holds\ndefaults: {countdown: 3s, rest: 5s, reps: 2, rep_time: 2s}\n"
        "steps:\n"
        "  - {title: Short, hold: 4s}\n"
        "  - {title: Quiet count, hold: 8s, count_holds: false}\n"
        "  - {title: Bridge, hold: 6s, cues: [{at: 6s, say: Breathe out}]}\n"
        "  - {title: Long, hold: 20s}\n"
        "  - {title: Per hold, hold: 6s, cues: [{at: 2s, say: Breathe out slowly, every: hold}]}\n";
    struct coached c = {0};
    LB_CHECK(open_routine(&c, holds, NULL));
    if (!c.routine)
        return;
    /* Blocks: Short 3-15 s (holds 5-9, 11-15), Quiet count 23-43 (25-33, 35-43), Bridge 51-67
     * (53-59, 61-67), Long 75-119 (77-97, 99-119). A block's last "and relax" gives way to
     * "Rest" (documented), so the first hold of each is the one to listen to. */
    LB_CHECK(said_then(&c.sounds, "and relax", 9000));
    LB_CHECK(said_then(&c.sounds, "and relax", 33000));
    LB_CHECK(!said_then(&c.sounds, "Three", 30000)); /* count_holds: false */
    /* Bridge's first count would run into "Breathe out" at 57 s: none of it is said, not
     * even "Three" at 56 s, which alone would fit; its second hold is counted. */
    LB_CHECK(said_then(&c.sounds, "Breathe out", 57000));
    LB_CHECK(!said_then(&c.sounds, "Three", 56000));
    LB_CHECK(said_then(&c.sounds, "and relax", 59000));
    LB_CHECK(said_then(&c.sounds, "Three", 64000));
    LB_CHECK(said_then(&c.sounds, "Three", 94000));
    LB_CHECK(said_then(&c.sounds, "Two", 95000));
    LB_CHECK(said_then(&c.sounds, "One", 96000));
    LB_CHECK(said_then(&c.sounds, "and relax", 97000));
    /* A cue said in every hold (`every: hold`): Per hold 127-143 s, holds 129-135 and
     * 137-143, the cue at 131 and 139 s; "Hold" before it, and no count, which would start
     * while the cue is still being said. */
    LB_CHECK_INT(count_lines(&c.sounds, "Breathe out slowly"), 2);
    LB_CHECK(said_then(&c.sounds, "Breathe out slowly", 131000));
    LB_CHECK(said_then(&c.sounds, "Breathe out slowly", 139000));
    LB_CHECK(said_then(&c.sounds, "Hold", 129000));
    LB_CHECK_INT(count_lines(&c.sounds, "Three"), 3); /* Bridge's second hold, Long's two */
    LB_CHECK_INT(count_lines(&c.sounds, "Two"), 3); /* a second of two reps is "Last one" */
    close_routine(&c);
}

int main(void)
{
    lb_i18n_init(NULL);
    struct coached c = {0};
    LB_CHECK(open_routine(&c, routine_text, NULL));
    if (c.routine) {
        check_plan(&c);
        check_heard(&c, NULL);
        close_routine(&c);
    }
    check_narration();
    check_switches();
    check_counted_holds();
    check_real_lengths();
    check_rep_words_translated();
    return lb_test_finish();
}
