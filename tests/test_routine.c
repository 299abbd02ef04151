/* The routine loader: every field read, defaults resolved by the rules, problems reported. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "lb_test.h"
#include "routine.h"
#include "suggest.h"
#include "yaml_prescan.h"

static struct lb_routine *load_text(const char *text, int *errors, char *first, size_t size)
{
    struct lb_diags d;
    lb_diags_init(&d, "t.yaml");
    struct lb_routine *r = lb_routine_load_buffer("t.yaml", (const unsigned char *)text,
                                                  strlen(text), NULL, &d);
    *errors = d.errors;
    if (first && size) {
        first[0] = '\0';
        if (d.count)
            lb_diags_format(&d, 0, first, size);
    }
    lb_diags_destroy(&d);
    return r;
}

static void test_full(void)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/valid/full.yaml", getenv("LB_TEST_DATA"));
    struct lb_diags d;
    lb_diags_init(&d, path);
    struct lb_load_options opts = {.check_files = true};
    struct lb_routine *r = lb_routine_load(path, &opts, &d);
    lb_diags_print(&d, stderr);
    LB_CHECK(r != NULL);
    LB_CHECK_INT(d.errors, 0);
    lb_diags_destroy(&d);
    if (!r)
        return;
    LB_CHECK_STR(r->title, "Everything at once");
    LB_CHECK_STR(r->language, "en-GB");
    LB_CHECK_INT(r->n_safety, 2);
    LB_CHECK_INT(r->n_screening, 2);
    LB_CHECK(r->screening[0].stop_if == true);
    LB_CHECK(r->screening[1].stop_if == false);
    LB_CHECK_INT(r->n_steps, 6);

    const struct lb_step *s = &r->steps[0];
    LB_CHECK_INT(s->kind, LB_KIND_EXERCISE);
    LB_CHECK_INT(s->countdown_ms, 5000);   /* from defaults */
    LB_CHECK_INT(s->rest_ms, 15000);       /* its own */
    LB_CHECK_INT(s->switch_ms, 4000);
    LB_CHECK_INT(s->set_rest_ms, 12000);
    LB_CHECK_INT(s->rep_time_ms, 2000);
    LB_CHECK_INT(s->hold_ms, 5000);
    LB_CHECK_INT(s->reps, 3);
    LB_CHECK_INT(s->sets, 2);
    LB_CHECK_INT(s->n_sides, 2);
    LB_CHECK_STR(s->sides[1], "right");
    LB_CHECK_INT(s->mirror, LB_MIRROR_OTHER_SIDE);
    LB_CHECK_STR(s->warning, "Stop if it hurts");
    LB_CHECK_INT(s->clip_start_ms, 200);
    LB_CHECK_INT(s->clip_end_ms, 800);
    LB_CHECK(s->loop);
    LB_CHECK(s->clip_path && strstr(s->clip_path, "/valid/clips/tiny.mp4"));
    LB_CHECK_INT(lb_step_blocks(s), 4);
    LB_CHECK_INT(lb_step_block_ms(s), 21000);
    LB_CHECK_INT(s->n_cues, 2);
    LB_CHECK_STR(s->cues[0].text, "Breathe out as you pull"); /* through an x- anchor */
    LB_CHECK_STR(s->cues[0].say, "Breathe out slowly as you pull.");
    LB_CHECK_INT(s->cues[0].show_ms, 3000);
    LB_CHECK_INT(s->cues[1].at_ms, -3000);
    LB_CHECK_INT(s->cues[1].show_ms, 2000);
    LB_CHECK_INT(s->cues[1].pos.line, 43);

    s = &r->steps[1]; /* a timer: exercise-only defaults do not reach it */
    LB_CHECK_INT(s->kind, LB_KIND_TIMER);
    LB_CHECK_INT(s->countdown_ms, 0);
    LB_CHECK(s->warning == NULL);
    LB_CHECK_INT(s->duration_ms, 1200000);
    LB_CHECK_INT(s->rest_ms, 20000);
    LB_CHECK_INT(s->cues[0].at_ms, 300000);

    s = &r->steps[2];
    LB_CHECK_INT(s->kind, LB_KIND_INFO);
    LB_CHECK_INT(lb_step_block_ms(s), -1);
    LB_CHECK_INT(s->countdown_ms, 0);

    s = &r->steps[3];
    LB_CHECK_INT(s->countdown_ms, 0);
    LB_CHECK(!s->loop);
    LB_CHECK(s->warning == NULL);
    LB_CHECK(s->rep_beep);
    LB_CHECK(!s->voice);
    LB_CHECK_INT(s->clip_end_ms, -1);

    LB_CHECK_INT(r->steps[4].rest_ms, 0);
    LB_CHECK_INT(r->steps[5].duration_ms, 90000);
    LB_CHECK_STR(r->steps[5].warning, "Stop if it hurts");
    lb_routine_free(r);
}

static void test_messages(void)
{
    int errors;
    char first[512];
    struct lb_routine *r = load_text("limber: 1\ntitle: T\nsteps:\n  - title: A\n"
                                     "    dration: 30s\n", &errors, first, sizeof(first));
    LB_CHECK(r == NULL);
    /* One message per mistake: the misspelt field, not also its absence. */
    LB_CHECK_INT(errors, 1);
    LB_CHECK_STR(first, "t.yaml:5:5: error: unknown field 'dration' in step 1 (did you mean "
                        "'duration'?)");

    r = load_text("limber: 1\ntitle: T\nsteps:\n  - title: A\n    duration: 30s\n"
                  "    dration: 30s\n", &errors, first, sizeof(first));
    LB_CHECK(r == NULL);
    LB_CHECK_INT(errors, 1);
    LB_CHECK_STR(first, "t.yaml:6:5: error: unknown field 'dration' in step 1 (did you mean "
                        "'duration'?)");

    /* Every error in one pass, not only the first. */
    r = load_text("limber: 1\ntitle: T\nsteps:\n  - title: A\n    reps: many\n"
                  "  - title: B\n    duration: soon\n  - sets: 2\n    duration: 3s\n",
                  &errors, first, sizeof(first));
    LB_CHECK(r == NULL);
    LB_CHECK_INT(errors, 3);

    /* x- fields are free for anchors; a minimal routine loads with the built-in defaults. */
    r = load_text("limber: 1\ntitle: T\nx-notes: anything [at all]\nsteps:\n"
                  "  - title: A\n    duration: 30s\n  - title: B\n    reps: 4\n",
                  &errors, first, sizeof(first));
    LB_CHECK(r != NULL);
    LB_CHECK_INT(errors, 0);
    if (r) {
        LB_CHECK_INT(r->steps[0].countdown_ms, 3000);
        LB_CHECK_INT(r->steps[0].rest_ms, 10000);
        LB_CHECK_INT(r->steps[0].switch_ms, 5000);
        LB_CHECK_INT(r->steps[0].set_rest_ms, 15000);
        LB_CHECK_STR(r->steps[0].warning, "Stop if painful");
        LB_CHECK_INT(r->steps[1].rep_time_ms, 3000);
        LB_CHECK_INT(r->steps[1].hold_ms, 0);
        LB_CHECK_INT(lb_step_block_ms(&r->steps[1]), 12000);
        LB_CHECK_STR(r->language, "en");
        LB_CHECK(r->steps[0].cues == NULL);
    }
    lb_routine_free(r);

    /* A step's own duration wins over a default reps, and the other way round. */
    r = load_text("limber: 1\ntitle: T\ndefaults:\n  reps: 5\nsteps:\n"
                  "  - title: A\n    duration: 30s\n  - title: B\n", &errors, first,
                  sizeof(first));
    LB_CHECK(r != NULL);
    if (r) {
        LB_CHECK_INT(r->steps[0].reps, 0);
        LB_CHECK_INT(r->steps[0].duration_ms, 30000);
        LB_CHECK_INT(r->steps[1].reps, 5);
    }
    lb_routine_free(r);

    /* Not UTF-8: a syntax error with its place, not garbage on screen later. */
    r = load_text("limber: 1\ntitle: \xff\xfe\nsteps: []\n", &errors, first, sizeof(first));
    LB_CHECK(r == NULL);
    LB_CHECK(strstr(first, "t.yaml:2:") != NULL);
}

/* Windows Notepad starts UTF-8 files with a byte order mark: skipped, and places counted as an
 * editor shows them (the mark is no character the author sees). */
static void test_bom(void)
{
    int errors;
    char first[512];
    struct lb_routine *r = load_text("\xef\xbb\xbflimber: 1\ntitle: T\nsteps:\n"
                                     "  - {title: A, duration: 10s}\n", &errors, first,
                                     sizeof(first));
    LB_CHECK(r != NULL);
    LB_CHECK_INT(errors, 0);
    if (r)
        LB_CHECK_STR(r->title, "T");
    lb_routine_free(r);

    r = load_text("\xef\xbb\xbflimber: 1\ntitle: T\nsteps: [{title: A, duration: 1x}]\n",
                  &errors, first, sizeof(first));
    LB_CHECK(r == NULL);
    LB_CHECK_INT(errors, 1);
    LB_CHECK_STR(first, "t.yaml:3:30: error: bad duration '1x' for 'duration': unknown unit 'x' "
                        "(write e.g. 30s, 45 sec, 1m30s, 2 min, 1:30 or 250ms) in step 1");

    /* On the first line, right after the mark. */
    r = load_text("\xef\xbb\xbflimber: 2\ntitle: T\nsteps: [{title: A, duration: 1s}]\n",
                  &errors, first, sizeof(first));
    LB_CHECK(r == NULL);
    LB_CHECK(strncmp(first, "t.yaml:1:9: error: format version 2 ", 36) == 0);

    /* A syntax error after the mark keeps its place too. */
    r = load_text("\xef\xbb\xbflimber: 1\ntitle: T\nsteps:\n  - title: A\n     duration: 1s\n",
                  &errors, first, sizeof(first));
    LB_CHECK(r == NULL);
    LB_CHECK_STR(first, "t.yaml:5:6: error: YAML syntax: 'duration' is at column 6, which "
                 "lines up with nothing above; put it at column 5, under 'title'");
}

/* A cue's caption stays 4 s unless the cue, or the routine's defaults, say otherwise. */
static void test_cue_show(void)
{
    int errors;
    char first[512];
    struct lb_routine *r = load_text("limber: 1\ntitle: T\nsteps:\n  - title: A\n"
                                     "    duration: 30s\n    cues:\n      - {at: 0s, text: a}\n"
                                     "      - {at: 5s, text: b, show: 2s}\n", &errors, first,
                                     sizeof(first));
    LB_CHECK(r != NULL);
    if (r) {
        LB_CHECK_INT(r->steps[0].n_cues, 2);
        LB_CHECK_INT(r->steps[0].cues[0].show_ms, 4000);
        LB_CHECK_INT(r->steps[0].cues[1].show_ms, 2000);
    }
    lb_routine_free(r);

    r = load_text("limber: 1\ntitle: T\ndefaults:\n  show: 6s\nsteps:\n  - title: A\n"
                  "    duration: 30s\n    cues:\n      - {at: 0s, say: a}\n"
                  "  - title: B\n    duration: 30s\n    show: 1s\n"
                  "    cues:\n      - {at: 0s, say: b}\n", &errors, first, sizeof(first));
    LB_CHECK(r != NULL);
    if (r) {
        LB_CHECK_INT(r->steps[0].cues[0].show_ms, 6000);
        LB_CHECK_INT(r->steps[1].cues[0].show_ms, 1000);
    }
    lb_routine_free(r);
}

/* A clip's own sound: once per block unless the step or the defaults say loop or off; a
 * misspelling gets a suggestion; timer steps have no clip to hear. */
static void test_clip_audio(void)
{
    int errors;
    char first[512];
    struct lb_routine *r = load_text("limber: 1\ntitle: T\ndefaults:\n  clip_audio: loop\n"
                                     "steps:\n  - {title: A, duration: 5s}\n"
                                     "  - {title: B, duration: 5s, clip_audio: off}\n", &errors,
                                     first, sizeof(first));
    LB_CHECK(r != NULL);
    if (r) {
        LB_CHECK_INT(r->steps[0].clip_audio, LB_CLIP_AUDIO_LOOP);
        LB_CHECK_INT(r->steps[1].clip_audio, LB_CLIP_AUDIO_OFF);
    }
    lb_routine_free(r);
    r = load_text("limber: 1\ntitle: T\nsteps:\n  - {title: A, duration: 5s}\n", &errors,
                  first, sizeof(first));
    LB_CHECK(r && r->steps[0].clip_audio == LB_CLIP_AUDIO_ONCE);
    lb_routine_free(r);
    r = load_text("limber: 1\ntitle: T\nsteps:\n  - {title: A, duration: 5s, clip_audio: lop}\n",
                  &errors, first, sizeof(first));
    LB_CHECK(r == NULL);
    LB_CHECK_STR(first, "t.yaml:4:42: error: 'clip_audio' must be once, loop or off, not 'lop' "
                        "in step 1 (did you mean 'loop'?)");
    r = load_text("limber: 1\ntitle: T\nsteps:\n  - {title: A, kind: timer, duration: 5s, "
                  "clip_audio: off}\n", &errors, first, sizeof(first));
    LB_CHECK(r == NULL);
    LB_CHECK_STR(first, "t.yaml:4:55: error: 'clip_audio' applies to exercise steps, not to "
                        "timer steps in step 1");
}

/* Numbers are read from the text written, quoted or not; text must show something. */
static void test_values(void)
{
    int errors;
    char first[512];
    struct lb_routine *r = load_text("limber: \"1\"\ntitle: T\nsteps:\n"
                                     "  - {title: A, sets: '2', reps: \"3\"}\n", &errors, first,
                                     sizeof(first));
    LB_CHECK(r != NULL);
    if (r) {
        LB_CHECK_INT(r->version, 1);
        LB_CHECK_INT(r->steps[0].sets, 2);
        LB_CHECK_INT(r->steps[0].reps, 3);
    }
    lb_routine_free(r);

    r = load_text("limber: 1\ntitle: T\nsteps:\n  - {title: \"\\t \", duration: 1s}\n",
                  &errors, first, sizeof(first));
    LB_CHECK(r == NULL);
    LB_CHECK_STR(first, "t.yaml:4:13: error: 'title' is only spaces; write the text in step 1");
}

/* The syntax pre-scan over valid files: it must find nothing (its messages are the author's
 * only guide when libyaml refuses a file, so a false one would send them to fix a right line). */
static void prescan_folder(const char *dir)
{
    DIR *d = opendir(dir);
    LB_CHECK(d != NULL);
    int files = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml"))
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        static unsigned char buf[1 << 20];
        size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
        if (f)
            fclose(f);
        struct lb_diags diags;
        lb_diags_init(&diags, path);
        int found = lb_yaml_prescan(buf, n, &diags);
        lb_diags_print(&diags, stderr);
        LB_CHECK_INT(found, 0);
        lb_diags_destroy(&diags);
        files++;
    }
    if (d)
        closedir(d);
    LB_CHECK(files > 0);
}

/* One snippet, one message: its text as `check` prints it. */
static void prescan_one(const char *text, const char *want)
{
    struct lb_diags d;
    lb_diags_init(&d, "t.yaml");
    struct lb_routine *r = lb_routine_load_buffer("t.yaml", (const unsigned char *)text,
                                                  strlen(text), NULL, &d);
    LB_CHECK(r == NULL);
    LB_CHECK(d.unchecked);
    char got[512] = "";
    if (d.count)
        lb_diags_format(&d, 0, got, sizeof(got));
    LB_CHECK_STR(got, want);
    LB_CHECK_INT(d.count, 1);
    lb_diags_destroy(&d);
    lb_routine_free(r);
}

static void test_prescan(void)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/valid", getenv("LB_TEST_DATA"));
    prescan_folder(dir);
    snprintf(dir, sizeof(dir), "%s/routines", getenv("LB_SOURCE_DIR"));
    prescan_folder(dir);
    /* Text that goes on over lines, block text, multi-line lists and quotes are no mistakes. */
    const char *fine = "limber: 1\ntitle: A title that goes on\n  over a second line\n"
                       "description: >\n  Text: with a colon\n\tand a tab\nsafety: [a,\n  b]\n"
                       "steps:\n- title: \"Quoted over\n    two lines\"\n  clip: x.mp4\n"
                       "  at: 1:30\n";
    struct lb_diags d;
    lb_diags_init(&d, "t.yaml");
    LB_CHECK_INT(lb_yaml_prescan((const unsigned char *)fine, strlen(fine), &d), 0);
    lb_diags_print(&d, stderr);
    lb_diags_destroy(&d);

    prescan_one("limber: 1\ntitle: T\nsteps:\n  - title: A\n    reps:5\n",
                "t.yaml:5:10: error: YAML syntax: no space after ':' in 'reps:5'; write 'reps: 5'");
    prescan_one("limber: 1\ntitle: Tip: breathe\n",
                "t.yaml:2:11: error: YAML syntax: a ':' inside text that is not in quotes; put the "
                "text in quotes: title: \"Tip: breathe\"");
    prescan_one("limber: 1\nsteps:\n  - title: A\n    cues:\n      - at: 1s\n       text: B\n",
                "t.yaml:6:8: error: YAML syntax: 'text' is at column 8, which lines up with nothing "
                "above; put it at column 9, under 'at'");
    prescan_one("limber: 1\ntitle: \"T\nsteps: []\n",
                "t.yaml:2:8: error: YAML syntax: the double quote that opens this text is not "
                "closed; end the text with \" on its line");
    prescan_one("limber: 1\nsafety: [a, b\nsteps: []\n",
                "t.yaml:2:9: error: YAML syntax: the '[' that opens this value is not closed; end "
                "it with ']'");
    prescan_one("limber: 1\nsteps:\n  - title: A\n  \tduration: 1s\n",
                "t.yaml:4:3: error: YAML syntax: a tab character; YAML indentation must use "
                "spaces, not tabs (replace the tab with spaces)");

    /* Suggestions count a swapped pair as one edit. */
    LB_CHECK_INT(lb_edit_distance("aks", "ask"), 1);
    LB_CHECK_INT(lb_edit_distance("Heel-slide.MP4", "heel-slide.mp4"), 0);
    LB_CHECK_INT(lb_edit_distance("kitten", "sitting"), 3);
}

/* checkin: the pain check-ins are on unless the routine or its defaults turn them off; a step
 * cannot. */
static void test_checkin(void)
{
    int errors;
    char first[512];
    struct lb_routine *r = load_text("limber: 1\ntitle: T\nsteps: [{title: A, duration: 1s}]\n",
                                     &errors, first, sizeof(first));
    LB_CHECK(r && r->checkin == 1);
    lb_routine_free(r);
    r = load_text("limber: 1\ntitle: T\ncheckin: false\nsteps: [{title: A, duration: 1s}]\n",
                  &errors, first, sizeof(first));
    LB_CHECK(r && r->checkin == 0);
    lb_routine_free(r);
    r = load_text("limber: 1\ntitle: T\ndefaults: {checkin: false}\n"
                  "steps: [{title: A, duration: 1s}]\n", &errors, first, sizeof(first));
    LB_CHECK(r && r->checkin == 0);
    lb_routine_free(r);
    r = load_text("limber: 1\ntitle: T\ncheckin: true\ndefaults: {checkin: false}\n"
                  "steps: [{title: A, duration: 1s}]\n", &errors, first, sizeof(first));
    LB_CHECK(r && r->checkin == 1); /* the routine's own word wins */
    lb_routine_free(r);
    r = load_text("limber: 1\ntitle: T\nsteps: [{title: A, duration: 1s, checkin: false}]\n",
                  &errors, first, sizeof(first));
    LB_CHECK(!r && errors == 1 && strstr(first, "'checkin' belongs at the top"));
    lb_routine_free(r);
    r = load_text("limber: 1\ntitle: T\ncheckin: sometimes\nsteps: [{title: A, duration: 1s}]\n",
                  &errors, first, sizeof(first));
    LB_CHECK(!r && errors == 1 && strstr(first, "checkin"));
    lb_routine_free(r);
}

int main(void)
{
    test_prescan();
    test_checkin();
    test_full();
    test_messages();
    test_bom();
    test_cue_show();
    test_clip_audio();
    test_values();
    return lb_test_finish();
}
