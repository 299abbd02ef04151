/* The mixer's live drift correction (issue 17, finding 13), without real time: a simulated
 * audio device whose clock runs a little fast or slow against the routine clock calls the mixer
 * at its own rate, late by a random few milliseconds each time (and now and then by 25 ms), while
 * a simulated main thread syncs the routine clock 60 times a second. The clip's sound must stay
 * on the routine clock within a bound, with no jump and no click; a real jump of the routine
 * clock (a skip) or a device that stalls must still be one resync. The same device without the
 * correction (lb_mixer_fill, the old path) drifts off and resyncs: the simulation is not one that
 * cannot fail; so does a device too far off (8 %) for the correction's bounds, and the mixer
 * tells those jumps (drift) from the others (a skip, a stall). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lb_test.h"
#include "mixer.h"

#define RATE 48000
#define FPMS 48
#define BUFFER 1024          /* frames per callback, as the player asks SDL */
#define BOUND_MS 20.0        /* the clip's sound against the routine clock, once settled */
#define START_MS 5000.0      /* the device's rate is measured and made up for within this */
#define SETTLE_MS 3000.0     /* after a skip or a stall that jumped */

/* The clip: a 440 Hz tone read on and on, skipping ahead when the mixer jumps ahead (as the
 * player's read_clip does). Its read position says which part of the clip is being heard. */
struct sim_clip {
    int64_t read;            /* frames read from the clip */
    int64_t next_ms;         /* the mixer time the next read is expected for, -1: none */
};

static int sim_clip_read(void *userdata, int64_t t_ms, float *out, int frames)
{
    struct sim_clip *c = userdata;
    if (c->next_ms >= 0 && t_ms > c->next_ms + 20)
        c->read += (t_ms - c->next_ms) * FPMS;
    c->next_ms = t_ms + (int64_t)frames * 1000 / RATE;
    for (int i = 0; i < frames; i++) {
        float v = 0.5f * (float)sin(2.0 * M_PI * 440.0 * (double)(c->read + i) / RATE);
        out[2 * i] = out[2 * i + 1] = v;
    }
    c->read += frames;
    return frames;
}

struct sim {
    double device_rate;      /* device frames per routine-clock frame: 1.002 = 0.2 % fast */
    double seconds;          /* simulated length */
    bool corrected;          /* lb_mixer_fill_live (false: lb_mixer_fill, no clock) */
    double skip_at_s;        /* the routine clock jumps 1 s ahead here (0: never) */
    double stall_at_s;       /* the device stops here (0: never) ... */
    double stall_ms;         /* ... for this long (0: 300 ms) */
    double settle_s;         /* after a skip or a stall, the sound is back within the bound
                              * this long after (0: 3 s) */
    unsigned seed;
    /* results */
    int resyncs;
    double worst_ms;         /* the clip's sound against the routine clock, after settling */
    double worst_step;       /* the largest step between two samples (a click is ~1) */
    struct lb_mixer_drift drift;
};

/* A small deterministic generator (the test must give the same result everywhere). */
static double uniform(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (double)((*state >> 8) & 0xffffff) / (double)0x1000000;
}

/* The routine clock at simulated time t_ms (the device's clock is the simulation's). */
static double routine_at(const struct sim *s, double t_ms)
{
    return t_ms + (s->skip_at_s > 0 && t_ms >= s->skip_at_s * 1000 ? 1000.0 : 0.0);
}

static void simulate(struct sim *s)
{
    struct lb_mixer *m = lb_mixer_create(NULL, NULL);
    struct sim_clip clip = {.next_ms = -1};
    lb_mixer_set_clip_source(m, sim_clip_read, &clip);
    float out[BUFFER * 2], last = 0.0f;
    bool have_last = false;
    unsigned rng = s->seed;
    double buffer_ms = BUFFER * 1000.0 / (RATE * s->device_rate);
    double stall_ms = 0.0;   /* how far the device has fallen behind by stalling */
    double next_sync = 0.0;
    s->worst_ms = s->worst_step = 0.0;
    for (int64_t k = 0;; k++) {
        /* The device wants buffer k at this time; its callback runs a little later. */
        double due = (double)k * buffer_ms + stall_ms;
        if (s->stall_at_s > 0 && stall_ms == 0.0 && due >= s->stall_at_s * 1000) {
            stall_ms = s->stall_ms > 0 ? s->stall_ms : 300.0;
            due += stall_ms;
        }
        if (due > s->seconds * 1000)
            break;
        double late = 6.0 * uniform(&rng) + (uniform(&rng) < 0.02 ? 25.0 : 0.0);
        double called = due + late;
        /* The main thread's syncs up to then, each with the routine time of its moment. */
        while (next_sync <= called) {
            lb_mixer_sync(m, (int64_t)floor(routine_at(s, next_sync)), true);
            next_sync += 1000.0 / 60.0 + 4.0 * uniform(&rng);
        }
        /* What is about to be heard against where the routine is when it is heard. */
        double heard_ms = (double)(clip.read - lb_mixer_lead_frames(m)) / FPMS;
        double off = heard_ms - routine_at(s, due);
        double settle = s->settle_s > 0 ? s->settle_s * 1000 : SETTLE_MS;
        bool settled = due > START_MS &&
                       (s->skip_at_s <= 0 || due < s->skip_at_s * 1000 ||
                        due > s->skip_at_s * 1000 + settle) &&
                       (s->stall_at_s <= 0 || due < s->stall_at_s * 1000 ||
                        due > s->stall_at_s * 1000 + settle);
        if (settled && fabs(off) > s->worst_ms)
            s->worst_ms = fabs(off);
        if (s->corrected)
            lb_mixer_fill_live(m, out, BUFFER, routine_at(s, called));
        else
            lb_mixer_fill(m, out, BUFFER);
        /* Clicks: the tone moves at most 0.03 a sample; a jump (expected at a resync) is not
         * counted, everything else is. */
        int resyncs = lb_mixer_resyncs(m);
        for (int i = 0; i < BUFFER; i++) {
            if (have_last && resyncs == s->resyncs && fabsf(out[2 * i] - last) > s->worst_step)
                s->worst_step = fabsf(out[2 * i] - last);
            last = out[2 * i];
            have_last = true;
        }
        s->resyncs = resyncs;
    }
    lb_mixer_get_drift(m, &s->drift);
    fprintf(stderr, "device %.4fx, %s%s%s, %.0f s: %d resyncs, clip sound within %.1f ms of the "
            "routine clock, largest step %.4f, speed %.4f..%.4f, "
            "learnt %.5f\n", s->device_rate,
            s->corrected ? "corrected" : "uncorrected", s->skip_at_s > 0 ? ", a skip" : "",
            s->stall_at_s > 0 ? ", a stall" : "", s->seconds, s->resyncs, s->worst_ms,
            s->worst_step, s->drift.speed_min, s->drift.speed_max, s->drift.rate_speed);
    lb_mixer_destroy(m);
}

int main(void)
{
    /* The old path with a device 0.2 % fast: a resync every 100 s (200 ms of drift). */
    struct sim control = {.device_rate = 1.002, .seconds = 240, .seed = 1};
    simulate(&control);
    LB_CHECK(control.resyncs >= 2);

    /* Corrected: 0.2 % fast, 0.3 % slow, and SDL's dummy driver (about 0.9 % fast on an idle
     * machine, 1 to 3 % slow on a loaded one): no resync, the sound within the bound, no click. */
    const double rates[] = {1.002, 0.997, 1.009, 0.975};
    for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
        struct sim s = {.device_rate = rates[i], .seconds = 240, .corrected = true,
                        .seed = 7 + (unsigned)i};
        simulate(&s);
        LB_CHECK(s.resyncs == 0);
        LB_CHECK(s.worst_ms <= BOUND_MS);
        LB_CHECK(s.worst_step < 0.04);
        LB_CHECK(s.drift.speed_min >= 1.0 - LB_MIXER_RATE_MAX - LB_MIXER_DRIFT_MAX &&
                 s.drift.speed_max <= 1.0 + LB_MIXER_RATE_MAX + LB_MIXER_DRIFT_MAX);
        /* it has learnt the device's rate: a device d fast is read d slower */
        LB_CHECK(fabs(s.drift.rate_speed - 1.0 / rates[i]) < 0.001);
    }

    /* A skip (the routine clock jumps a second ahead) is one resync, and the sound is back
     * within the bound afterwards; so is a device that stops for 300 ms. */
    struct sim skip = {.device_rate = 1.002, .seconds = 120, .corrected = true, .skip_at_s = 60,
                       .seed = 3};
    simulate(&skip);
    LB_CHECK(skip.resyncs == 1);
    LB_CHECK(skip.worst_ms <= BOUND_MS);
    struct sim stall = {.device_rate = 0.998, .seconds = 120, .corrected = true,
                        .stall_at_s = 60, .seed = 4};
    simulate(&stall);
    LB_CHECK(stall.resyncs == 1);
    LB_CHECK(stall.worst_ms <= BOUND_MS);
    LB_CHECK(skip.drift.drift_resyncs == 0 && stall.drift.drift_resyncs == 0); /* steps */
    /* A stall under the jump limit (150 ms) is made up without a jump, at 0.5 % of speed: the
     * sound is back within the bound 40 s later. */
    struct sim short_stall = {.device_rate = 1.002, .seconds = 150, .corrected = true,
                              .stall_at_s = 60, .stall_ms = 150, .settle_s = 40, .seed = 6};
    simulate(&short_stall);
    LB_CHECK(short_stall.resyncs == 0);
    LB_CHECK(short_stall.worst_ms <= BOUND_MS);

    /* A device 8 % fast is beyond what the correction may follow: it still jumps, and says that
     * it was drift. */
    struct sim fast = {.device_rate = 1.08, .seconds = 120, .corrected = true, .seed = 5};
    simulate(&fast);
    LB_CHECK(fast.resyncs >= 5);
    LB_CHECK(fast.drift.drift_resyncs == fast.resyncs);
    LB_CHECK(fast.drift.speed_min >= 1.0 - LB_MIXER_RATE_MAX - LB_MIXER_DRIFT_MAX - 1e-9);
    return lb_test_finish();
}
