/* Opening clips ahead of time on worker threads. */
#include "clip_slots.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clip_path.h"
#include "i18n.h"
#include "log.h"
#include "safe_file.h"

enum { LB_JOB_OPENING, LB_JOB_DONE, LB_JOB_ABANDONED };

struct lb_clip_job {
    SDL_atomic_t state;         /* LB_JOB_*: the thread sets DONE, the slot ABANDONED */
    SDL_Thread *thread;         /* only the slot's thread uses it */
    struct lb_clip_params params;
    char path[PATH_MAX];
    char dir[PATH_MAX];         /* the routine's folder */
    char assets[PATH_MAX];      /* "" for none */
    bool allow_any;
    int bundle_fd;              /* a bundle member: the job's own copy of the bundle's
                                 * descriptor (closed by the job), and params' window; else -1 */
    struct lb_clip *clip;       /* the result, handed to the slot once DONE */
    char error[512];
};

void lb_clip_slots_init(struct lb_clip_slots *cs, const struct lb_plan *plan, const char *hwdec,
                        const char *assets_dir, bool allow_any_path)
{
    *cs = (struct lb_clip_slots){.plan = plan, .hwdec = hwdec, .assets_dir = assets_dir,
                                 .allow_any_path = allow_any_path};
    for (int i = 0; i < 2; i++)
        cs->slot[i].seg = -1;
}

/* Where the opened file really is must obey the folder rule: checked on the descriptor, so a
 * link or a file swapped in since the routine was loaded is caught. */
static bool inside_allowed(struct lb_clip_job *job, int fd)
{
    if (job->allow_any)
        return true;
    char real[PATH_MAX];
    if (!lb_file_real_path(fd, real, sizeof(real)) && !realpath(job->path, real))
        snprintf(real, sizeof(real), "%s", job->path);
    if (lb_path_inside(real, job->dir) || (job->assets[0] && lb_path_inside(real, job->assets)))
        return true;
    snprintf(job->error, sizeof(job->error),
             _("clip '%.200s' leads out of the routine's folder (to %.200s); keep clips beside "
               "the routine (or run with --allow-any-path)"), job->path, real);
    return false;
}

static struct lb_clip *open_checked(struct lb_clip_job *job)
{
    if (job->bundle_fd >= 0) { /* verified with the bundle: its window is read in place */
        job->params.from_fd = true;
        job->params.fd = job->bundle_fd;
        struct lb_clip *clip = lb_clip_open(&job->params, job->error, sizeof(job->error));
        close(job->bundle_fd); /* the clip keeps its own copy */
        job->bundle_fd = -1;
        return clip;
    }
    char why[128];
    int fd = lb_file_open(job->path, 0, 0, NULL, why, sizeof(why));
    if (fd < 0) {
        snprintf(job->error, sizeof(job->error), _("cannot open clip '%.300s': %s"), job->path,
                 why);
        return NULL;
    }
    struct lb_clip *clip = NULL;
    if (inside_allowed(job, fd)) {
        job->params.from_fd = true;
        job->params.fd = fd;
        clip = lb_clip_open(&job->params, job->error, sizeof(job->error));
    }
    close(fd); /* the clip keeps its own copy */
    return clip;
}

static int SDLCALL open_clip(void *data)
{
    struct lb_clip_job *job = data;
    job->clip = open_checked(job);
    if (job->clip) {
        job->error[0] = '\0';
        /* Decode the first frame now, on this thread, so that it waits when shown. */
        lb_clip_preroll(job->clip, 2000);
    }
    if (!SDL_AtomicCAS(&job->state, LB_JOB_OPENING, LB_JOB_DONE)) {
        /* Abandoned by its slot: nobody will take the clip. */
        lb_clip_close(job->clip);
        free(job);
    }
    return 0;
}

/* Take the finished job's clip into the slot. Only once the job is DONE. */
static void take(struct lb_clip_slot *s)
{
    struct lb_clip_job *job = s->job;
    if (job->thread)
        SDL_WaitThread(job->thread, NULL);
    s->clip = job->clip;
    snprintf(s->error, sizeof(s->error), "%s", job->error);
    free(job);
    s->job = NULL;
}

static void empty(struct lb_clip_slot *s)
{
    struct lb_clip_job *job = s->job;
    if (job) {
        SDL_Thread *thread = job->thread; /* job may be freed by its thread once abandoned */
        if (SDL_AtomicCAS(&job->state, LB_JOB_OPENING, LB_JOB_ABANDONED))
            SDL_DetachThread(thread); /* still opening: it closes and frees what it opens */
        else
            take(s);
    }
    lb_clip_close(s->clip);
    *s = (struct lb_clip_slot){.seg = -1};
}

void lb_clip_slots_destroy(struct lb_clip_slots *cs)
{
    for (int i = 0; i < 2; i++)
        empty(&cs->slot[i]);
}

int lb_clip_slots_block_for(const struct lb_plan *plan, int seg)
{
    if (seg < 0 || seg >= plan->n_segments)
        return -1;
    const struct lb_segment *g = &plan->segments[seg];
    int block = -1;
    switch (g->phase) {
    case LB_PHASE_BLOCK:
        block = seg;
        break;
    case LB_PHASE_COUNTDOWN:
    case LB_PHASE_SWITCH:
    case LB_PHASE_SET_REST:
        block = seg + 1 < plan->n_segments ? seg + 1 : -1;
        break;
    case LB_PHASE_REST:
        if (g->step + 1 < plan->routine->n_steps)
            for (int k = plan->steps[g->step + 1].first_segment;
                 k <= plan->steps[g->step + 1].last_segment && block < 0; k++)
                if (plan->segments[k].phase == LB_PHASE_BLOCK)
                    block = k;
        break;
    default:
        break;
    }
    if (block < 0)
        return -1;
    return lb_plan_clip(plan, block) ? block : -1;
}

/* The first block after segment `seg` (exclusive) that has a clip, or -1. */
static int next_block(const struct lb_plan *plan, int seg)
{
    for (int k = seg + 1; k < plan->n_segments; k++) {
        int b = lb_clip_slots_block_for(plan, k);
        if (b > seg)
            return b;
    }
    return -1;
}

static void start(struct lb_clip_slots *cs, struct lb_clip_slot *s, int seg)
{
    const struct lb_step *step = &cs->plan->routine->steps[cs->plan->segments[seg].step];
    const char *path = lb_plan_clip(cs->plan, seg); /* this block's side's file */
    *s = (struct lb_clip_slot){.seg = seg};
    struct lb_clip_job *job = calloc(1, sizeof(*job));
    if (!job) {
        snprintf(s->error, sizeof(s->error), _("cannot open clip '%s': out of memory"),
                 path);
        return;
    }
    snprintf(job->path, sizeof(job->path), "%s", path);
    job->bundle_fd = -1;
    /* Only a verified bundle's members are read (a listed one's were never hashed). */
    const struct lb_bundle_member *m = cs->bundle && cs->bundle->verified
                                           ? lb_bundle_lookup(cs->bundle, path)
                                           : NULL;
    /* The job may outlive the session (an opener that hangs is abandoned): its own descriptor. */
    if (m && m->size == 0)
        snprintf(job->error, sizeof(job->error), _("clip '%s' is empty"), path);
    else if (m && (job->bundle_fd = fcntl(cs->bundle->fd, F_DUPFD_CLOEXEC, 0)) < 0)
        snprintf(job->error, sizeof(job->error), _("cannot open clip '%s': %s"),
                 path, strerror(errno));
    snprintf(job->dir, sizeof(job->dir), "%s", cs->plan->routine->dir);
    snprintf(job->assets, sizeof(job->assets), "%s", cs->assets_dir ? cs->assets_dir : "");
    job->allow_any = cs->allow_any_path;
    job->params = (struct lb_clip_params){
        .path = job->path,
        .start_ms = step->clip_start_ms,
        .end_ms = step->clip_end_ms > 0 ? step->clip_end_ms : 0,
        .loop = step->loop,
        .skip_audio = step->clip_audio == LB_CLIP_AUDIO_OFF,
        .audio_once = step->clip_audio == LB_CLIP_AUDIO_ONCE,
        .hwdec = cs->hwdec,
        .offset = m ? m->offset : 0,
        .length = m ? m->size : 0,
    };
    if (cs->bundle && job->bundle_fd < 0) { /* not a member (the loader made sure it is) */
        if (!job->error[0])
            snprintf(job->error, sizeof(job->error), _("clip '%s' is not in the bundle"),
                     path);
        snprintf(s->error, sizeof(s->error), "%s", job->error);
        free(job);
        return;
    }
    s->job = job;
    job->thread = SDL_CreateThread(open_clip, "lb-clip-open", job);
    if (!job->thread) /* no thread: open here, late rather than never */
        open_clip(job);
}

void lb_clip_slots_update(struct lb_clip_slots *cs, int now_block, int64_t pos_ms)
{
    int want[2] = {now_block, -1};
    int after = next_block(cs->plan, now_block >= 0 ? now_block
                                                    : lb_plan_segment_at(cs->plan, pos_ms));
    if (after >= 0 && cs->plan->segments[after].start_ms - pos_ms <= LB_PRELOAD_MS)
        want[1] = after;
    /* Close what is not wanted, keep what is. */
    for (int i = 0; i < 2; i++) {
        struct lb_clip_slot *s = &cs->slot[i];
        if (s->seg >= 0 && s->seg != want[0] && s->seg != want[1])
            empty(s);
    }
    for (int w = 0; w < 2; w++) {
        if (want[w] < 0 || (w == 1 && want[1] == want[0]))
            continue;
        bool have = cs->slot[0].seg == want[w] || cs->slot[1].seg == want[w];
        if (have)
            continue;
        struct lb_clip_slot *s = cs->slot[0].seg < 0 ? &cs->slot[0] : &cs->slot[1];
        if (s->seg >= 0)
            continue; /* both busy with wanted clips */
        start(cs, s, want[w]);
        cs->opened++;
    }
}

struct lb_clip_slot *lb_clip_slots_get(struct lb_clip_slots *cs, int seg)
{
    for (int i = 0; i < 2; i++) {
        struct lb_clip_slot *s = &cs->slot[i];
        if (s->seg != seg || seg < 0)
            continue;
        if (s->job && SDL_AtomicGet(&s->job->state) == LB_JOB_OPENING)
            return NULL;
        if (s->job)
            take(s);
        if (!s->clip && !s->reported) {
            s->reported = true;
            cs->failed++;
            lb_log_warning("step '%s': %s",
                           cs->plan->routine->steps[cs->plan->segments[seg].step].title,
                           s->error);
        }
        return s;
    }
    return NULL;
}

struct lb_clip_slot *lb_clip_slots_wait(struct lb_clip_slots *cs, int seg, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 2) {
        struct lb_clip_slot *s = lb_clip_slots_get(cs, seg);
        if (s)
            return s;
        SDL_Delay(2);
    }
    return NULL;
}
