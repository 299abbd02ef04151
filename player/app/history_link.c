/* The player's history: a queue of small jobs on the main thread, one writer thread that owns
 * the store and commits each job in its own transaction. */
#include "history_link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"

#include "clock.h"
#include "history_open.h"
#include "i18n.h"
#include "log.h"
#include "safe_file.h"

enum job_kind { JOB_START, JOB_BLOCK, JOB_PAIN_STOP, JOB_CHOICE, JOB_PAIN_AFTER, JOB_END };

struct lb_history_job {
    enum job_kind kind;
    struct lb_history_job *next;
    time_t at;
    int value;                  /* a pain rating */
    int64_t ms;                 /* moving time so far */
    struct lb_history_block block;
    struct lb_history_pain_stop pain;
    char *text[3];              /* owned copies: title, side, and the outcome or choice */
};

static void job_free(struct lb_history_job *j)
{
    for (int i = 0; i < 3; i++)
        free(j->text[i]);
    free(j);
}

static void say_failure(struct lb_history_link *k)
{
    if (!k->failed_said && lb_history_error(k->store)[0]) {
        lb_log_warning(_("%s: the rest of this session is not recorded"),
                       lb_history_error(k->store));
        k->failed_said = true;
    }
}

static void run_job(struct lb_history_link *k, struct lb_history_job *j)
{
    struct lb_history *h = k->store;
    switch (j->kind) {
    case JOB_START: {
        struct lb_history_session_start s = {.title = k->title, .path = k->routine_path,
                                             .hash = k->hash[0] ? k->hash : NULL,
                                             .started_at = j->at, .pain_before = j->value};
        k->session = lb_history_start_session(h, &s);
        break;
    }
    case JOB_BLOCK:
        j->block.step_title = j->text[0];
        j->block.side = j->text[1];
        lb_history_record_block(h, k->session, &j->block, j->ms);
        atomic_fetch_add(&k->committed, 1); /* recorded, or given up: --stats goes on */
        break;
    case JOB_PAIN_STOP:
        j->pain.step_title = j->text[0];
        j->pain.side = j->text[1];
        lb_history_record_pain_stop(h, k->session, &j->pain);
        break;
    case JOB_CHOICE:
        lb_history_pain_choice(h, k->session, j->text[2]);
        break;
    case JOB_PAIN_AFTER:
        lb_history_set_pain(h, k->session, true, j->value);
        break;
    case JOB_END:
        lb_history_end_session(h, k->session, j->text[2], j->at, j->ms);
        break;
    }
    say_failure(k);
}

/* Open the history and look back at this routine (the writer thread, before any job). */
static void open_store(struct lb_history_link *k)
{
    k->store = lb_history_open_tool(k->path, false, NULL);
    if (!k->store) {
        lb_log_warning(_("the routine plays on; this session is not recorded"));
        return;
    }
    struct lb_history_filter f = {.title = k->title, .last = LB_WARN_OF};
    if (lb_history_query(k->store, &f, &k->past))
        lb_last_time_of(&k->past, &k->last);
}

static void *writer(void *arg)
{
    struct lb_history_link *k = arg;
    open_store(k);
    pthread_mutex_lock(&k->lock);
    k->ready = true;
    for (;;) {
        while (!k->head && !k->quit)
            pthread_cond_wait(&k->wake, &k->lock);
        struct lb_history_job *j = k->head;
        if (!j)
            break; /* quit, and nothing is left to write */
        k->head = j->next;
        if (!k->head)
            k->tail = NULL;
        pthread_mutex_unlock(&k->lock);
        if (k->store)
            run_job(k, j);
        else if (j->kind == JOB_BLOCK)
            atomic_fetch_add(&k->committed, 1);
        job_free(j);
        pthread_mutex_lock(&k->lock);
    }
    pthread_mutex_unlock(&k->lock);
    return NULL;
}

/* SHA-256 of the routine file in hex, so an edited routine is told apart; "" when unreadable.
 * At most its first LB_MAX_FILE_BYTES: all of a routine file; a bundle's manifest, which
 * comes first and holds every member's SHA-256. Opened like every file a person names
 * (lb_file_open: a FIFO swapped in never blocks) and hashed by the bundle module's reader. */
static void hash_file(const char *path, char *hex)
{
    hex[0] = '\0';
    char why[256];
    struct stat st;
    int fd = lb_file_open(path, 0, 0, &st, why, sizeof(why));
    uint8_t digest[32];
    if (fd < 0)
        return;
    int64_t size = st.st_size < LB_MAX_FILE_BYTES ? (int64_t)st.st_size : LB_MAX_FILE_BYTES;
    if (lb_bundle_sha256(fd, 0, size, digest, NULL))
        for (int i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    close(fd);
}

void lb_history_link_open(struct lb_history_link *k, const struct lb_options *opts,
                          const struct lb_routine *r, const char *path, double process_start_ms)
{
    *k = (struct lb_history_link){.process_start_ms = process_start_ms};
    if (!lb_history_file(opts, k->path, sizeof(k->path), false))
        return;
    k->title = strdup(r->title);
    k->routine_path = realpath(path, NULL);
    if (!k->routine_path)
        k->routine_path = strdup(path);
    hash_file(path, k->hash);
    pthread_mutex_init(&k->lock, NULL);
    pthread_cond_init(&k->wake, NULL);
    if (!k->title || !k->routine_path || pthread_create(&k->thread, NULL, writer, k) != 0) {
        lb_log_warning(_("cannot start the history's writer: this session is not recorded"));
        pthread_cond_destroy(&k->wake);
        pthread_mutex_destroy(&k->lock);
        free(k->title);
        free(k->routine_path);
        k->title = k->routine_path = NULL;
        return;
    }
    k->on = true;
}

/* A new job for the queue (NULL when out of memory, or not recording). */
static struct lb_history_job *job(struct lb_history_link *k, enum job_kind kind)
{
    if (!k->on)
        return NULL;
    struct lb_history_job *j = calloc(1, sizeof(*j));
    if (j) {
        j->kind = kind;
        j->at = time(NULL);
    }
    return j;
}

static void post(struct lb_history_link *k, struct lb_history_job *j)
{
    if (!j)
        return;
    pthread_mutex_lock(&k->lock);
    if (k->tail)
        k->tail->next = j;
    else
        k->head = j;
    k->tail = j;
    pthread_cond_signal(&k->wake);
    pthread_mutex_unlock(&k->lock);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void lb_history_link_start(struct lb_history_link *k, int pain_before)
{
    if (k->started)
        return;
    struct lb_history_job *j = job(k, JOB_START);
    k->started = true;
    if (j)
        j->value = pain_before;
    post(k, j);
}

static const char *side_label(const struct lb_coach *c, int step, int side)
{
    const struct lb_step *s = &c->plan->routine->steps[step];
    return side >= 0 && side < s->n_sides ? s->sides[side] : NULL;
}

/* The open block ended with `result`: queue it. */
static void end_block(struct lb_history_link *k, const struct lb_coach *c,
                      enum lb_block_result result)
{
    if (!k->block_open)
        return;
    k->block_open = false;
    struct lb_history_job *j = job(k, JOB_BLOCK);
    if (!j)
        return;
    const struct lb_step *s = &c->plan->routine->steps[k->block_step];
    const char *side = side_label(c, k->block_step, k->block_side);
    j->text[0] = strdup(s->title);
    j->text[1] = dup_or_null(side);
    int64_t planned = lb_step_block_ms(s), actual = c->active_ms - k->block_active_ms;
    k->moving_ms += actual > 0 ? actual : 0;
    j->ms = k->moving_ms;
    j->block = (struct lb_history_block){
        .step = k->block_step, .set = k->block_set, .result = result,
        .planned_ms = planned > 0 ? planned : 0, .actual_ms = actual > 0 ? actual : 0,
        .ended_at = j->at};
    if (k->n_ended == k->cap_ended) {
        int cap = k->cap_ended ? k->cap_ended * 2 : 32;
        struct lb_history_ended *e = realloc(k->ended_blocks, (size_t)cap * sizeof(*e));
        if (e) {
            k->ended_blocks = e;
            k->cap_ended = cap;
        }
    }
    if (k->n_ended < k->cap_ended) {
        struct lb_history_ended *e = &k->ended_blocks[k->n_ended++];
        *e = (struct lb_history_ended){.step = k->block_step, .set = k->block_set,
                                       .result = result,
                                       .ended_s = (lb_now_ms_f() - k->process_start_ms) / 1000};
        snprintf(e->side, sizeof(e->side), "%s", side ? side : "");
    }
    post(k, j);
}

void lb_history_link_event(struct lb_history_link *k, const struct lb_coach *c,
                           const struct lb_event *ev)
{
    if (!k->on || !k->started)
        return;
    switch (ev->type) {
    case LB_EV_PHASE:
        if (ev->phase != LB_PHASE_BLOCK)
            break;
        /* The same block again with no command between (a --watch reload carrying on):
         * it goes on. Another one: the block before was left without ending. */
        if (k->block_open && k->block_step == ev->step && k->block_set == ev->set &&
            k->block_side == ev->side)
            break;
        k->block_open = true;
        k->block_pain = false;
        k->block_step = ev->step;
        k->block_set = ev->set;
        k->block_side = ev->side;
        k->block_active_ms = c->active_ms;
        break;
    case LB_EV_BLOCK_END:
        if (k->block_open && k->block_step == ev->step && k->block_set == ev->set &&
            k->block_side == ev->side)
            end_block(k, c, k->block_pain ? LB_BLOCK_PAIN : LB_BLOCK_DONE);
        break;
    case LB_EV_PAIN_STOP: {
        struct lb_history_job *j = job(k, JOB_PAIN_STOP);
        if (!j)
            break;
        struct lb_coach_state st;
        lb_coach_state(c, &st);
        j->text[0] = strdup(c->plan->routine->steps[ev->step].title);
        j->text[1] = dup_or_null(side_label(c, ev->step, ev->side));
        j->pain = (struct lb_history_pain_stop){.step = ev->step, .set = ev->set,
                                                .rep = st.rep, .at = j->at};
        if (k->block_open && k->block_step == ev->step)
            k->block_pain = true;
        k->choice_pending = true;
        post(k, j);
        break;
    }
    case LB_EV_DONE:
        k->block_open = false; /* anything still open was handled by the command */
        break;
    default:
        break;
    }
}

void lb_history_link_command(struct lb_history_link *k, const struct lb_coach *c,
                             enum lb_command cmd)
{
    if (!k->on || !k->started || !c->started || c->done)
        return;
    if (k->choice_pending && c->pain) {
        const char *choice = cmd == LB_CMD_NEXT || cmd == LB_CMD_SKIP_AFTER_PAIN ? "skip"
                             : cmd == LB_CMD_END ? "end"
                             : cmd == LB_CMD_CONTINUE || cmd == LB_CMD_RESUME ||
                               cmd == LB_CMD_TOGGLE_PAUSE ? "continue" : NULL;
        if (choice) {
            struct lb_history_job *j = job(k, JOB_CHOICE);
            if (j)
                j->text[2] = strdup(choice);
            post(k, j);
            k->choice_pending = false;
        }
    }
    switch (cmd) {
    case LB_CMD_NEXT:
    case LB_CMD_SKIP_AFTER_PAIN: /* the pain stop's skip: a rest, then the next step */
        if (c->plan->segments[c->seg].phase == LB_PHASE_INFO_WAIT)
            break;
        end_block(k, c, k->block_pain ? LB_BLOCK_PAIN : LB_BLOCK_SKIPPED);
        break;
    case LB_CMD_END:
        k->ending = c->pain ? LB_OUTCOME_PAIN_STOP : LB_OUTCOME_QUIT;
        end_block(k, c, k->block_pain ? LB_BLOCK_PAIN : LB_BLOCK_SKIPPED);
        break;
    case LB_CMD_PREVIOUS:
    case LB_CMD_REPEAT_BLOCK:
        k->block_open = false; /* it is done again from its start: not ended */
        break;
    default:
        break;
    }
}

void lb_history_link_skip_step(struct lb_history_link *k, const struct lb_coach *c, int step)
{
    if (!k->on || k->block_open)
        return;
    k->block_open = true;
    k->block_pain = false;
    k->block_step = step;
    k->block_set = 1;
    k->block_side = c->plan->routine->steps[step].n_sides ? 0 : -1;
    k->block_active_ms = c->active_ms;
}

enum lb_session_outcome lb_history_link_ending(const struct lb_history_link *k)
{
    return k->ending;
}

void lb_history_link_pain_after(struct lb_history_link *k, int pain)
{
    struct lb_history_job *j = k->started ? job(k, JOB_PAIN_AFTER) : NULL;
    if (j)
        j->value = pain;
    post(k, j);
}

void lb_history_link_end(struct lb_history_link *k, const struct lb_coach *c,
                         enum lb_session_outcome outcome)
{
    if (!k->on || outcome == LB_OUTCOME_NONE ||
        (k->ended && k->recorded_outcome == outcome))
        return;
    if (!k->started) {
        /* Stopped before it began (a screening answer): a session with no blocks. Leaving
         * the start screen records nothing. */
        if (outcome != LB_OUTCOME_SCREENING_STOP)
            return;
        lb_history_link_start(k, LB_PAIN_NONE);
    }
    end_block(k, c, k->block_pain ? LB_BLOCK_PAIN : LB_BLOCK_SKIPPED);
    struct lb_history_job *j = job(k, JOB_END);
    if (j) {
        j->text[2] = strdup(lb_session_outcome_name(outcome));
        j->ms = k->moving_ms;
    }
    post(k, j);
    k->ended = true;
    k->recorded_outcome = outcome;
}

void lb_history_link_stats(struct lb_history_link *k, struct lb_stats *stats)
{
    int committed = atomic_load(&k->committed);
    for (; k->stats_written < committed && k->stats_written < k->n_ended; k->stats_written++) {
        const struct lb_history_ended *e = &k->ended_blocks[k->stats_written];
        lb_stats_block(stats, e->step + 1, e->set, e->side, lb_block_result_name(e->result),
                       e->ended_s, (lb_now_ms_f() - k->process_start_ms) / 1000);
    }
}

const struct lb_last_time *lb_history_link_look_back(struct lb_history_link *k)
{
    if (!k->on)
        return NULL;
    pthread_mutex_lock(&k->lock);
    bool ready = k->ready;
    pthread_mutex_unlock(&k->lock);
    return ready && k->store ? &k->last : NULL;
}

void lb_history_link_close(struct lb_history_link *k, struct lb_stats *stats)
{
    if (!k->on) {
        free(k->ended_blocks);
        *k = (struct lb_history_link){0};
        return;
    }
    pthread_mutex_lock(&k->lock);
    k->quit = true;
    pthread_cond_signal(&k->wake);
    pthread_mutex_unlock(&k->lock);
    pthread_join(k->thread, NULL);
    if (stats)
        lb_history_link_stats(k, stats);
    lb_history_list_free(&k->past);
    lb_history_close(k->store);
    pthread_cond_destroy(&k->wake);
    pthread_mutex_destroy(&k->lock);
    free(k->ended_blocks);
    free(k->title);
    free(k->routine_path);
    *k = (struct lb_history_link){0};
}
