/* Opening clips ahead of time on worker threads. */
#include "clip_slots.h"

#include <string.h>

#include "log.h"

void lb_clip_slots_init(struct lb_clip_slots *cs, const struct lb_plan *plan, const char *hwdec)
{
    *cs = (struct lb_clip_slots){.plan = plan, .hwdec = hwdec};
    for (int i = 0; i < 2; i++)
        cs->slot[i].seg = -1;
}

static int SDLCALL open_clip(void *data)
{
    struct lb_clip_slot *s = data;
    s->clip = lb_clip_open(&s->params, s->error, sizeof(s->error));
    if (s->clip) {
        s->error[0] = '\0';
        /* Decode the first frame now, on this thread, so that it waits when shown. */
        lb_clip_preroll(s->clip, 2000);
    }
    SDL_AtomicSet(&s->opened, 1);
    return 0;
}

static void join(struct lb_clip_slot *s)
{
    if (s->opener) {
        SDL_WaitThread(s->opener, NULL);
        s->opener = NULL;
    }
}

static void empty(struct lb_clip_slot *s)
{
    join(s);
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
    const struct lb_step *s = &plan->routine->steps[plan->segments[block].step];
    return s->kind == LB_KIND_EXERCISE && s->clip_path ? block : -1;
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
    *s = (struct lb_clip_slot){.seg = seg};
    snprintf(s->path, sizeof(s->path), "%s", step->clip_path);
    s->params = (struct lb_clip_params){
        .path = s->path,
        .start_ms = step->clip_start_ms,
        .end_ms = step->clip_end_ms > 0 ? step->clip_end_ms : 0,
        .loop = step->loop,
        .skip_audio = step->clip_audio == LB_CLIP_AUDIO_OFF,
        .audio_once = step->clip_audio == LB_CLIP_AUDIO_ONCE,
        .hwdec = cs->hwdec,
    };
    s->opener = SDL_CreateThread(open_clip, "lb-clip-open", s);
    if (!s->opener) /* no thread: open here, late rather than never */
        open_clip(s);
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
        if (!SDL_AtomicGet(&s->opened))
            return NULL;
        join(s);
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
