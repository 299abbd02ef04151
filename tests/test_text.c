/* Text layout and rendering (player/render: text_layout.c with FriBidi and libunibreak, text.c
 * with SDL_ttf): a Hebrew line with an English word and a number in it reads in the right
 * order, Japanese wraps between characters but never puts "。" or "、" first on a line, Thai
 * wraps only between words of libthai's dictionary, a right-to-left language sets a paragraph
 * that starts with a Latin word right to left. A shaded screen (the pain stop, the leave
 * question, the keys) drawn again from its kept backdrop (player/render/backdrop.c) is the same
 * picture, pixel for pixel, as drawn in full, and blends no shade.
 *   test_text                  the checks
 *   test_text --render DIR     also write the pictures of a mixed Hebrew/English line, a
 *                              Japanese and a Thai paragraph into DIR (test_text.sh holds
 *                              them to the goldens in tests/ref/text) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datrie/trie.h>

#include "backdrop.h"
#include "diag.h"
#include "engine.h"
#include "lb_test.h"
#include "overlay.h"
#include "plan.h"
#include "png.h"
#include "routine.h"
#include "text.h"
#include "text_layout.h"

/* Every character 10 px wide: layouts that do not depend on a font. */
static int fixed_width(void *ctx, const char *s, int len, bool rtl)
{
    (void)ctx;
    (void)rtl;
    int n = 0;
    for (int i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n * 10;
}

/* The runs of line `l` as "R:text|L:text" in visual order, left to right. */
static const char *runs(const struct lb_text_layout *lay, const char *text, int l, char *out,
                        size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    const struct lb_text_line *line = &lay->lines[l];
    for (int k = 0; k < line->n_runs && n < size; k++) {
        const struct lb_text_run *r = &lay->runs[line->first_run + k];
        n += (size_t)snprintf(out + n, size - n, "%s%c:%.*s", k ? "|" : "", r->rtl ? 'R' : 'L',
                              r->len, text + r->start);
    }
    return out;
}

static void check_bidi(void)
{
    struct lb_text_layout lay;
    char got[256];
    /* "Shalom world 123 olam": the Hebrew paragraph reads right to left; "world 123" stays
     * in reading order inside it, on the left of the first Hebrew word. */
    const char *mixed = "שלום world 123 עולם";
    LB_CHECK(lb_text_layout_make(&lay, mixed, 0, LB_BASE_AUTO, "he", fixed_width, NULL));
    LB_CHECK_INT(lay.n_lines, 1);
    LB_CHECK(lay.lines[0].rtl);
    LB_CHECK_STR(runs(&lay, mixed, 0, got, sizeof(got)), "R: עולם|L:world 123|R:שלום ");
    LB_CHECK(!lay.plain);
    lb_text_layout_free(&lay);
    /* An English line with a Hebrew word and a number after it: left to right; the number
     * belongs to the Hebrew stretch (UAX #9, W7 and N1) and goes to its left. */
    const char *english = "Breathe: נשימה 4 times";
    LB_CHECK(lb_text_layout_make(&lay, english, 0, LB_BASE_AUTO, "en", fixed_width, NULL));
    LB_CHECK(!lay.lines[0].rtl);
    LB_CHECK_STR(runs(&lay, english, 0, got, sizeof(got)), "L:Breathe: |L:4|R:נשימה |L: times");
    lb_text_layout_free(&lay);
    /* In a right-to-left routine a line that starts with a Latin word is still a
     * right-to-left paragraph: the Latin word goes to the left end, the Hebrew first. */
    const char *latin_first = "Limber שלום";
    LB_CHECK(lb_text_layout_make(&lay, latin_first, 0, LB_BASE_RTL, "he", fixed_width, NULL));
    LB_CHECK(lay.lines[0].rtl);
    LB_CHECK_STR(runs(&lay, latin_first, 0, got, sizeof(got)), "R: שלום|L:Limber");
    lb_text_layout_free(&lay);
    /* A number in brackets in Arabic: the brackets take the paragraph's direction (N0) and
     * are drawn mirrored by the shaper; the number reads left to right between them. */
    const char *arabic = "كرر (3) مرات";
    LB_CHECK(lb_text_layout_make(&lay, arabic, 0, LB_BASE_AUTO, "ar", fixed_width, NULL));
    LB_CHECK_STR(runs(&lay, arabic, 0, got, sizeof(got)), "R:) مرات|L:3|R:كرر (");
    lb_text_layout_free(&lay);
}

static void check_breaking(void)
{
    struct lb_text_layout lay;
    char got[256];
    /* Japanese wraps between characters, never before "。" or "、" (6 characters a line). */
    const char *ja = "仰向けに寝て、ゆっくり呼吸します。次に膝を曲げます。";
    LB_CHECK(lb_text_layout_make(&lay, ja, 60, LB_BASE_AUTO, "ja", fixed_width, NULL));
    LB_CHECK(lay.n_lines >= 4);
    for (int l = 0; l < lay.n_lines; l++) {
        runs(&lay, ja, l, got, sizeof(got));
        LB_CHECK(lay.lines[l].w <= 60);
        LB_CHECK(strncmp(got + 2, "。", strlen("。")) != 0);
        LB_CHECK(strncmp(got + 2, "、", strlen("、")) != 0);
    }
    LB_CHECK_STR(runs(&lay, ja, 0, got, sizeof(got)), "L:仰向けに寝");
    LB_CHECK_STR(runs(&lay, ja, 1, got, sizeof(got)), "L:て、ゆっくり");
    LB_CHECK(!lay.plain);
    lb_text_layout_free(&lay);
    /* English wraps at spaces, keeping the space on the line it ends; a word longer than the
     * line is cut between characters; a newline starts a paragraph. */
    const char *en = "Move slowly and gently\nSupercalifragilistic";
    LB_CHECK(lb_text_layout_make(&lay, en, 120, LB_BASE_AUTO, "en", fixed_width, NULL));
    LB_CHECK_INT(lay.n_lines, 4);
    LB_CHECK_STR(runs(&lay, en, 0, got, sizeof(got)), "L:Move slowly ");
    LB_CHECK_STR(runs(&lay, en, 1, got, sizeof(got)), "L:and gently");
    LB_CHECK_STR(runs(&lay, en, 2, got, sizeof(got)), "L:Supercalifra");
    LB_CHECK_STR(runs(&lay, en, 3, got, sizeof(got)), "L:gilistic");
    lb_text_layout_free(&lay);
    /* Plain: left-to-right words broken only at spaces (SDL_ttf may draw it itself). */
    LB_CHECK(lb_text_layout_make(&lay, "Move slowly", 0, LB_BASE_AUTO, "en", fixed_width, NULL));
    LB_CHECK(lay.plain);
    lb_text_layout_free(&lay);
    /* ... and found without a layout. */
    LB_CHECK(lb_text_plain("Move slowly\nand gently", true, LB_BASE_AUTO, "en"));
    LB_CHECK(!lb_text_plain("Move slowly", false, LB_BASE_RTL, "he"));
    LB_CHECK(!lb_text_plain("Breathe: נשימה", false, LB_BASE_AUTO, "en"));
    LB_CHECK(!lb_text_plain(ja, true, LB_BASE_AUTO, "ja"));
    LB_CHECK(lb_text_plain(ja, false, LB_BASE_AUTO, "ja")); /* one line: nothing to break */
    LB_CHECK(!lb_text_plain("Lower-trunk rotation", true, LB_BASE_AUTO, "en")); /* at "-" */
    LB_CHECK(lb_text_plain("Lower-trunk rotation", false, LB_BASE_AUTO, "en"));
    LB_CHECK(lb_text_language_rtl("he") && lb_text_language_rtl("ar-EG") &&
             lb_text_language_rtl("fa") && !lb_text_language_rtl("de") &&
             !lb_text_language_rtl("hr") && !lb_text_language_rtl(NULL));
}

/* The characters (code points) of UTF-8 s, at most `max`, into out; how many. */
static int decode(const char *s, AlphaChar *out, int max)
{
    int n = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u && n < max; n++) {
        int more = *u >= 0xf0 ? 3 : *u >= 0xe0 ? 2 : *u >= 0xc0 ? 1 : 0;
        AlphaChar c = *u++ & (0x3f >> more);
        for (; more > 0 && (*u & 0xc0) == 0x80; more--)
            c = c << 6 | (*u++ & 0x3f);
        out[n] = c;
    }
    return n;
}

/* Whether a Thai word (a trailing "ๆ", the repetition mark, left off) is in libthai's own
 * dictionary, read here with libdatrie: the oracle for where Thai may break. */
static bool thai_word_known(Trie *dict, const char *word)
{
    AlphaChar key[64];
    int n = decode(word, key, 63);
    if (n > 1 && key[n - 1] == 0x0e46)
        n--;
    key[n] = 0;
    return trie_retrieve(dict, key, NULL);
}

/* Thai has no spaces between words and libunibreak no dictionary for it: lines break only
 * between the words of libthai's dictionary (or at the spaces between phrases), each line
 * holding as many words as fit. The paragraph is made of words the dictionary knows, so
 * every line end must fall between two of them. */
static void check_thai(void)
{
    /* "Lie on your back on the floor, then slowly pull the knee towards the chest, hold for
     * ten seconds, breathe slowly." */
    static const char *const words[] = {
        "นอน", "หงาย", "บน", "พื้น", " ", "แล้ว", "ค่อยๆ", " ", "ดึง", "เข่า", "เข้า", "หา",
        "หน้าอก", " ", "ค้าง", "ไว้", "สิบ", "วินาที", " ", "หายใจ", "ช้าๆ"};
    enum { N_WORDS = sizeof(words) / sizeof(words[0]) };
    const char *dir = getenv("LIBTHAI_DICTDIR");
    char path[512];
    snprintf(path, sizeof(path), "%s/thbrk.tri", dir ? dir : "/usr/share/libthai");
    Trie *dict = trie_new_from_file(path);
    LB_CHECK(dict != NULL);
    if (!dict)
        return;
    char text[512] = "";
    int ends[N_WORDS + 1] = {0}; /* byte offsets where a line may end: between two words,
                                    after a space; never before a space */
    int n_ends = 0;
    for (int i = 0; i < N_WORDS; i++) {
        if (words[i][0] != ' ' && !thai_word_known(dict, words[i])) {
            fprintf(stderr, "not in libthai's dictionary: %s\n", words[i]);
            LB_CHECK(!"every word of the paragraph is in the dictionary");
        }
        strcat(text, words[i]);
        if (i + 1 == N_WORDS || words[i + 1][0] != ' ')
            ends[n_ends++] = (int)strlen(text);
    }
    trie_free(dict);
    int len = (int)strlen(text), inside_phrase = 0;
    for (int wrap = 60; wrap <= 300; wrap += 10) { /* the longest word: 6 characters */
        struct lb_text_layout lay;
        LB_CHECK(lb_text_layout_make(&lay, text, wrap, LB_BASE_AUTO, "th", fixed_width, NULL));
        LB_CHECK(!lay.plain);
        int start = 0;
        for (int l = 0; l < lay.n_lines; l++) {
            const struct lb_text_line *line = &lay.lines[l];
            LB_CHECK_INT(line->n_runs, 1);
            const struct lb_text_run *r = &lay.runs[line->first_run];
            LB_CHECK_INT(r->start, start);
            int end = r->start + r->len, k = 0;
            while (k < n_ends && ends[k] < end)
                k++;
            if (k == n_ends || ends[k] != end) {
                fprintf(stderr, "wrap %d: line %d ends inside a word: %.*s\n", wrap, l, r->len,
                        text + r->start);
                LB_CHECK(!"a Thai line ends between two words");
                break;
            }
            inside_phrase += end < len && text[end - 1] != ' ';
            /* Full: as many words as fit (the spaces a line ends with do not count) ... */
            int t = end;
            while (t > start && text[t - 1] == ' ')
                t--;
            LB_CHECK(fixed_width(NULL, text + start, t - start, false) <= wrap ||
                     k == 0 || ends[k - 1] <= start);
            /* ... and the next word would not have fitted. */
            if (end < len) {
                int next = ends[k + 1];
                while (text[next - 1] == ' ')
                    next--;
                LB_CHECK(fixed_width(NULL, text + start, next - start, false) > wrap);
            }
            start = end;
        }
        LB_CHECK_INT(start, len);
        lb_text_layout_free(&lay);
    }
    LB_CHECK(inside_phrase > 10); /* broken between words, not only at the spaces */
    /* A word wider than the line is cut between letters, never before a vowel or tone mark:
     * "ช้า" at 10 px a character on a 10 px line is "ช้" then "า". */
    struct lb_text_layout lay;
    char got[64];
    LB_CHECK(lb_text_layout_make(&lay, "ช้า", 10, LB_BASE_AUTO, "th", fixed_width, NULL));
    LB_CHECK_INT(lay.n_lines, 2);
    LB_CHECK_STR(runs(&lay, "ช้า", 0, got, sizeof(got)), "L:ช้");
    lb_text_layout_free(&lay);
}

/* The pictures: a mixed Hebrew/English line, a Japanese and a Thai paragraph wrapped at
 * 420 px. */
static const struct {
    const char *name, *language, *text;
    int px, wrap;
} pictures[] = {
    {"mixed-he-en", "he", "שכבו על הגב, Knee to chest, 3 פעמים", 40, 0},
    {"paragraph-ja", "ja", "仰向けに寝て、ゆっくり呼吸します。膝を胸に引き寄せ、十秒間保ちます。", 36,
     420},
    {"paragraph-th", "th", "นอนหงายบนพื้น แล้วค่อยๆ ดึงเข่าเข้าหาหน้าอก ค้างไว้สิบวินาที", 36, 420},
};

static SDL_Rect picture(struct lb_text *t, SDL_Renderer *r, int i)
{
    lb_text_set_language(t, pictures[i].language, LB_BASE_AUTO);
    SDL_SetRenderDrawColor(r, 0x1b, 0x22, 0x2b, 255);
    SDL_RenderClear(r);
    struct lb_text_style st = {.px = pictures[i].px, .color = {255, 255, 255, 255},
                               .wrap = pictures[i].wrap, .align = LB_ALIGN_LEFT};
    SDL_Rect at = lb_text_draw(t, pictures[i].text, &st, 780, 20, LB_ANCHOR_TOP_RIGHT);
    SDL_RenderPresent(r);
    return at;
}

/* Draw the pictures (into `dir` as PNG files when not NULL): each one draws something, and
 * the right-to-left line is set against the right edge. */
static void pictures_test(const char *dir)
{
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, 800, 240, 32,
                                                         SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = target ? SDL_CreateSoftwareRenderer(target) : NULL;
    struct lb_text t;
    if (!r || !lb_text_init(&t, r, NULL)) {
        LB_CHECK(!"a software renderer and a font");
        return;
    }
    for (int i = 0; i < (int)(sizeof(pictures) / sizeof(pictures[0])); i++) {
        SDL_Rect drawn = picture(&t, r, i);
        LB_CHECK(drawn.w > 0 && drawn.h > 0);
        if (pictures[i].wrap)
            LB_CHECK(drawn.w <= pictures[i].wrap && drawn.h > 2 * pictures[i].px);
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s.png", dir ? dir : "", pictures[i].name);
        if (dir)
            LB_CHECK(lb_png_write(target, path));
    }
    lb_text_destroy(&t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(target);
}


/* --- shaded screens drawn again from their backdrop --- */
#define BD_W 640
#define BD_H 360

struct bd_rig {
    SDL_Surface *target;
    SDL_Renderer *r;
    struct lb_text text;
    struct lb_backdrop backdrop;
    struct lb_coach coach;
};

/* Draw the overlay for `in` as the player does: the kept backdrop when it is for this screen,
 * else a stand-in for the clip's picture (stripes) and the overlay in full. Returns whether the
 * backdrop was used; the pixels are in rig->target. */
static bool bd_draw(struct bd_rig *g, struct lb_overlay_input *in, bool use_backdrop)
{
    in->backdrop = &g->backdrop;
    in->backdrop_key = lb_overlay_backdrop_key(in, BD_W, BD_H);
    in->backdrop_shown = use_backdrop && lb_backdrop_show(&g->backdrop, in->backdrop_key, BD_W,
                                                          BD_H);
    if (!in->backdrop_shown) {
        for (int i = 0; i < 8; i++) {
            SDL_SetRenderDrawColor(g->r, (Uint8)(30 * i), 200, (Uint8)(255 - 30 * i), 255);
            SDL_RenderFillRect(g->r, &(SDL_Rect){i * BD_W / 8, 0, BD_W / 8, BD_H});
        }
    }
    lb_text_begin_frame(&g->text);
    lb_overlay_draw(&g->text, in, BD_W, BD_H);
    SDL_RenderFlush(g->r);
    return in->backdrop_shown;
}

/* The screen drawn in full with `in` (no backdrop used) equals `pixels`. */
static bool bd_same_as_full(struct bd_rig *g, struct lb_overlay_input in, const void *pixels)
{
    struct lb_backdrop kept = g->backdrop;
    lb_backdrop_init(&g->backdrop, g->r, SDL_PIXELFORMAT_ARGB8888, false);
    bd_draw(g, &in, false);
    g->backdrop = kept;
    return !memcmp(g->target->pixels, pixels, (size_t)g->target->pitch * BD_H);
}

static void check_backdrop(void)
{
    const char *src = getenv("LB_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/bench/text/en.yaml", src ? src : ".");
    struct lb_diags d;
    lb_diags_init(&d, path);
    struct lb_load_options lo = {.allow_any_path = true};
    struct lb_routine *routine = lb_routine_load(path, &lo, &d);
    lb_diags_destroy(&d);
    struct lb_plan plan;
    static struct bd_rig g;
    g.target = SDL_CreateRGBSurfaceWithFormat(0, BD_W, BD_H, 32, SDL_PIXELFORMAT_ARGB8888);
    g.r = g.target ? SDL_CreateSoftwareRenderer(g.target) : NULL;
    void *seen = malloc((size_t)BD_W * BD_H * 4);
    if (!routine || !lb_plan_init(&plan, routine) || !g.r || !seen ||
        !lb_text_init(&g.text, g.r, NULL) || !lb_coach_init(&g.coach, &plan)) {
        LB_CHECK(!"a routine, a software renderer, a font and the engine");
        return;
    }
    SDL_SetRenderDrawBlendMode(g.r, SDL_BLENDMODE_NONE);
    lb_backdrop_init(&g.backdrop, g.r, SDL_PIXELFORMAT_ARGB8888, true);
    size_t bytes = (size_t)g.target->pitch * BD_H;
    /* The first exercise, 10 s in: no shade, nothing kept. */
    lb_coach_start(&g.coach, 0);
    lb_coach_seek(&g.coach, 10000, 0);
    lb_coach_update(&g.coach, 10000);
    struct lb_coach_state st;
    lb_coach_state(&g.coach, &st);
    struct lb_overlay_input in = {.plan = &plan, .state = &st, .text_scale = 1.0,
                                  .record = g.coach.record, .volume = 80};
    LB_CHECK(lb_overlay_backdrop_key(&in, BD_W, BD_H) == 0);
    bd_draw(&g, &in, true);
    LB_CHECK_INT(g.backdrop.shades, 0);
    LB_CHECK_INT(g.backdrop.keeps, 0);

    /* The pain stop: drawn in full once (one shade, kept), then for each other highlighted
     * choice and the volume from the backdrop: no shade, the same pixels as in full. */
    lb_coach_command(&g.coach, LB_CMD_PAIN_STOP, 10000);
    lb_coach_state(&g.coach, &st);
    LB_CHECK(!bd_draw(&g, &in, true));
    LB_CHECK_INT(g.backdrop.shades, 1);
    LB_CHECK_INT(g.backdrop.keeps, 1);
    uint64_t pain_key = in.backdrop_key;
    memcpy(seen, g.target->pixels, bytes);
    LB_CHECK(bd_same_as_full(&g, in, seen));
    for (int choice = 1; choice <= 2; choice++) {
        in.pain_choice = choice;
        in.show_volume = choice == 2;
        LB_CHECK(bd_draw(&g, &in, true));
        LB_CHECK(in.backdrop_key == pain_key);
        LB_CHECK(memcmp(g.target->pixels, seen, bytes) != 0); /* the highlight moved */
        memcpy(seen, g.target->pixels, bytes);
        LB_CHECK(bd_same_as_full(&g, in, seen));
    }
    LB_CHECK_INT(g.backdrop.shades, 1);
    LB_CHECK_INT(g.backdrop.reuses, 2);

    /* The keys over the pain stop: the pain screen and its highlight are under their shade,
     * so another choice is another backdrop. */
    in.help = true;
    LB_CHECK(!bd_draw(&g, &in, true));
    LB_CHECK_INT(g.backdrop.shades, 3); /* the pain stop's and the keys' */
    uint64_t keys_key = in.backdrop_key;
    LB_CHECK(keys_key != pain_key);
    LB_CHECK(bd_draw(&g, &in, true));
    memcpy(seen, g.target->pixels, bytes);
    LB_CHECK(bd_same_as_full(&g, in, seen));
    in.pain_choice = 0;
    LB_CHECK(lb_overlay_backdrop_key(&in, BD_W, BD_H) != keys_key);

    /* The leave question over the running exercise: its answers move above its shade; the
     * time under it is part of the backdrop. */
    in.help = false;
    in.show_volume = false;
    lb_coach_command(&g.coach, LB_CMD_CONTINUE, 10000);
    lb_coach_command(&g.coach, LB_CMD_PAUSE, 10000);
    lb_coach_state(&g.coach, &st);
    in.leave_asking = true;
    int64_t shades = g.backdrop.shades;
    LB_CHECK(!bd_draw(&g, &in, true));
    uint64_t leave_key = in.backdrop_key;
    in.leave_choice = 1;
    LB_CHECK(bd_draw(&g, &in, true));
    LB_CHECK(in.backdrop_key == leave_key);
    memcpy(seen, g.target->pixels, bytes);
    LB_CHECK(bd_same_as_full(&g, in, seen));
    LB_CHECK_INT(g.backdrop.shades, shades + 1);
    st.phase_left_ms -= 1000; /* the clock under the shade moved: drawn in full again */
    LB_CHECK(lb_overlay_backdrop_key(&in, BD_W, BD_H) != leave_key);
    LB_CHECK(lb_overlay_backdrop_key(&in, BD_W + 2, BD_H) !=
             lb_overlay_backdrop_key(&in, BD_W, BD_H));

    lb_backdrop_destroy(&g.backdrop);
    lb_coach_destroy(&g.coach);
    lb_text_destroy(&g.text);
    SDL_DestroyRenderer(g.r);
    SDL_FreeSurface(g.target);
    free(seen);
    lb_plan_destroy(&plan);
    lb_routine_free(routine);
}

int main(int argc, char **argv)
{
    check_bidi();
    check_breaking();
    check_thai();
    pictures_test(argc == 3 && !strcmp(argv[1], "--render") ? argv[2] : NULL);
    check_backdrop();
    return lb_test_finish();
}
