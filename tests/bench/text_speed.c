/* Benchmark, not a test: what the text path costs a frame. Each screen of a small routine in
 * English, German, Hebrew, Japanese and Thai (tests/bench/text/LANG.yaml: the same two steps)
 * is drawn by the real overlay (lb_overlay_draw) into an offscreen software renderer at
 * 1280x720 and 3840x2160:
 *   cold  the screen as it first appears: every string laid out (FriBidi, libunibreak,
 *         libthai), shaped and rasterised (SDL_ttf with HarfBuzz) and made a texture;
 *   warm  the same screen the next frame, its strings from the text cache (copies only).
 * and, for the shaded screens (the pain stop, the leave question, the keys over the exercise):
 *   keep  a warm draw that keeps its backdrop (player/render/backdrop.c: the output read back);
 *   again the same screen drawn again after a change above its shade (the highlighted choice),
 *         from the kept backdrop: what the player does while a shaded screen stands.
 * Medians of RUNS draws each, in milliseconds and as a share of a 60 fps frame (16.7 ms); cold
 * minus warm is what the text path adds when a screen changes (warm is mostly the boxes and the
 * shade, which the software renderer blends pixel by pixel). Before that, the layout alone
 * (lb_text_layout_make: FriBidi, libunibreak, libthai; widths from a constant, no SDL_ttf) of
 * each language's longest paragraph wrapped at 600 px, and the first Thai layout, which loads
 * libthai's dictionary.
 * Build: cmake --build build --target text_speed
 * Usage: build/tests/text_speed [RUNS]          (default 21) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "backdrop.h"
#include "diag.h"
#include "engine.h"
#include "i18n.h"
#include "overlay.h"
#include "plan.h"
#include "routine.h"
#include "text.h"
#include "text_layout.h"

enum screen { EXERCISE, REST, PAIN, LEAVE, KEYS, END, N_SCREENS };
static const char *const screen_names[N_SCREENS] = {"exercise", "rest", "pain", "leave", "keys",
                                                    "end"};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Percent of a 60 fps frame. */
static double share(double ms)
{
    return 100 * ms / (1000.0 / 60);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* 12 px a character: widths without a font. */
static int char_width(void *ctx, const char *s, int len, bool rtl)
{
    (void)ctx;
    (void)rtl;
    int n = 0;
    for (int i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return 12 * n;
}

/* Milliseconds to lay `text` out once. */
static double layout_ms(const char *text, const char *lang)
{
    struct lb_text_layout lay;
    double t0 = now_ms();
    bool ok = lb_text_layout_make(&lay, text, 600, LB_BASE_AUTO, lang, char_width, NULL);
    double ms = now_ms() - t0;
    if (ok)
        lb_text_layout_free(&lay);
    return ms;
}

/* The engine where `screen` shows: the first exercise's first rep, the rest after the
 * first step, the pain stop, the leave question and the keys during the first exercise, the
 * end after ending from the pain stop. */
static void go_to(struct lb_coach *c, enum screen screen)
{
    struct lb_event ev;
    lb_coach_start(c, 0);
    if (screen == REST) {
        /* the first block of the second step, less its rest */
        int64_t t = 0;
        struct lb_coach_state st;
        do {
            t += 250;
            lb_coach_update(c, t);
            while (lb_coach_poll(c, &ev)) {
            }
            lb_coach_state(c, &st);
        } while (st.phase != LB_PHASE_REST && !c->done && t < c->plan->total_ms);
        return;
    }
    lb_coach_seek(c, 10000, 0);
    lb_coach_update(c, 10000);
    if (screen == LEAVE || screen == KEYS) /* both pause the routine */
        lb_coach_command(c, LB_CMD_PAUSE, 10000);
    if (screen == PAIN || screen == END)
        lb_coach_command(c, LB_CMD_PAIN_STOP, 10000);
    if (screen == END)
        lb_coach_command(c, LB_CMD_END, 10000);
    while (lb_coach_poll(c, &ev)) {
    }
}

/* Draw `screen` once; returns the milliseconds it took (the backdrop shown or the background
 * cleared for the picture, and lb_overlay_draw). `cold`: with the text cache emptied first
 * (switching the text's language drops every cached picture). `b`: the backdrop to keep and
 * draw from (NULL: drawn in full). `choice`: the highlighted answer. */
static double draw(struct lb_text *t, SDL_Renderer *r, struct lb_coach *c, enum screen screen,
                   int w, int h, bool cold, struct lb_backdrop *b, int choice)
{
    struct lb_coach_state st;
    lb_coach_state(c, &st);
    struct lb_overlay_input in = {.plan = c->plan, .state = &st, .text_scale = 1.0,
                                  .record = c->record, .active_ms = c->active_ms,
                                  .pain_choice = screen == PAIN ? choice % 3 : 0,
                                  .leave_asking = screen == LEAVE,
                                  .leave_choice = screen == LEAVE ? choice % 2 : 0,
                                  .help = screen == KEYS,
                                  .outcome = c->outcome, .backdrop = b};
    if (cold)
        lb_text_set_language(t, "x-bench", LB_BASE_AUTO);
    lb_text_begin_frame(t);
    double t0 = now_ms();
    in.backdrop_key = b ? lb_overlay_backdrop_key(&in, w, h) : 0;
    in.backdrop_shown = b && lb_backdrop_show(b, in.backdrop_key, w, h);
    if (!in.backdrop_shown) { /* the picture's stand-in */
        SDL_SetRenderDrawColor(r, 0x1b, 0x22, 0x2b, 255);
        SDL_RenderClear(r);
    }
    lb_overlay_draw(t, &in, w, h);
    return now_ms() - t0;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 21;
    if (runs < 1)
        runs = 21;
    static const char *const languages[] = {"en", "de", "he", "ja", "th"};
    static const int sizes[][2] = {{1280, 720}, {3840, 2160}};
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    if (SDL_Init(0) != 0) {
        fprintf(stderr, "text_speed: %s\n", SDL_GetError());
        return 1;
    }
    lb_i18n_init(NULL);
    double *ms = malloc((size_t)runs * sizeof(*ms));
    if (!ms)
        return 1;
    struct lb_routine *routines[5];
    struct lb_plan plans[5];
    int n_languages = (int)(sizeof(languages) / sizeof(languages[0]));
    for (int g = 0; g < n_languages; g++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/tests/bench/text/%s.yaml", LIMBER_SOURCE_DIR,
                 languages[g]);
        struct lb_diags d;
        lb_diags_init(&d, path);
        struct lb_load_options lo = {.allow_any_path = true};
        routines[g] = lb_routine_load(path, &lo, &d);
        lb_diags_destroy(&d);
        if (!routines[g] || !lb_plan_init(&plans[g], routines[g])) {
            fprintf(stderr, "text_speed: cannot load %s\n", path);
            return 1;
        }
    }
    printf("layout alone (no SDL_ttf) of the longest paragraph, wrapped at 600 px:\n");
    for (int g = 0; g < n_languages; g++) {
        const char *text = routines[g]->steps[0].instructions;
        double first = layout_ms(text, languages[g]);
        for (int i = 0; i < runs; i++)
            ms[i] = layout_ms(text, languages[g]);
        printf("  %-3s %3zu bytes: %7.1f us (the first time: %.1f us)\n", languages[g],
               strlen(text), 1000 * median(ms, runs), 1000 * first);
    }
    printf("\n%-9s %-4s %-10s %7s %8s %8s %6s %8s %8s %6s %8s\n", "screen", "lang", "size",
           "strings", "cold ms", "warm ms", "share", "keep ms", "again ms", "share", "text ms");
    for (int z = 0; z < 2; z++) {
        int w = sizes[z][0], h = sizes[z][1];
        SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32,
                                                             SDL_PIXELFORMAT_ARGB8888);
        SDL_Renderer *r = target ? SDL_CreateSoftwareRenderer(target) : NULL;
        struct lb_text t;
        if (!r || !lb_text_init(&t, r, NULL)) {
            fprintf(stderr, "text_speed: no renderer or font: %s\n", SDL_GetError());
            return 1;
        }
        /* as the player's output: opaque fills unless a drawer blends */
        SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
        struct lb_backdrop backdrop;
        lb_backdrop_init(&backdrop, r, SDL_PIXELFORMAT_ARGB8888, true);
        for (int g = 0; g < n_languages; g++) {
            lb_i18n_use_routine(routines[g]->language);
            for (int s = 0; s < N_SCREENS; s++) {
                struct lb_coach c;
                if (!lb_coach_init(&c, &plans[g]))
                    return 1;
                go_to(&c, (enum screen)s);
                enum screen sc = (enum screen)s;
                int64_t before = t.renders;
                draw(&t, r, &c, sc, w, h, true, NULL, 0); /* fonts opened, pages faulted in */
                int strings = (int)(t.renders - before);
                for (int i = 0; i < runs; i++)
                    ms[i] = draw(&t, r, &c, sc, w, h, true, NULL, 0);
                double cold = median(ms, runs);
                for (int i = 0; i < runs; i++)
                    ms[i] = draw(&t, r, &c, sc, w, h, false, NULL, 0);
                double warm = median(ms, runs);
                /* Kept each time (another backdrop forgotten first), then drawn from it. */
                for (int i = 0; i < runs; i++) {
                    lb_backdrop_forget(&backdrop);
                    ms[i] = draw(&t, r, &c, sc, w, h, false, &backdrop, 0);
                }
                double keep = median(ms, runs);
                for (int i = 0; i < runs; i++)
                    ms[i] = draw(&t, r, &c, sc, w, h, false, &backdrop, i + 1);
                double again = median(ms, runs);
                lb_backdrop_forget(&backdrop);
                printf("%-9s %-4s %4dx%-5d %7d %8.2f %8.2f %4.0f %% %8.2f %8.2f %4.0f %% %8.2f\n",
                       screen_names[s], languages[g], w, h, strings, cold, warm, share(warm),
                       keep, again, share(again), cold - warm);
                lb_coach_destroy(&c);
            }
        }
        lb_backdrop_destroy(&backdrop);
        lb_text_destroy(&t);
        SDL_DestroyRenderer(r);
        SDL_FreeSurface(target);
    }
    for (int g = 0; g < n_languages; g++) {
        lb_plan_destroy(&plans[g]);
        lb_routine_free(routines[g]);
    }
    free(ms);
    SDL_Quit();
    return 0;
}
