/* Which clips are open: the one showing now and the next one, opened on a worker thread ahead
 * of time so a step change never waits for a file to open or a first frame to decode. */
#ifndef LB_CLIP_SLOTS_H
#define LB_CLIP_SLOTS_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "clip.h"
#include "bundle.h"
#include "plan.h"

/* Open the next block's clip this long before it is needed. */
#define LB_PRELOAD_MS 3000

/* Opening one clip on a worker thread (clip_slots.c). Shared by the slot and its thread: whoever
 * is last frees it, so a slot emptied while its file still opens never waits for it. */
struct lb_clip_job;

struct lb_clip_slot {
    int seg;                    /* the block segment the clip is for; -1 = empty */
    struct lb_clip_job *job;    /* opening; NULL once taken (or abandoned) */
    struct lb_clip *clip;       /* valid once opened (NULL if it failed); owned */
    char error[512];            /* why it cannot play, "" when fine */
    int64_t last_routine_ms;    /* the routine's clip time at the last look: back = a seek */
    int64_t last_video_ms;      /* the last clip time the picture was asked for */
    bool reported;              /* its error was logged */
    bool placed;                /* the player has put the clip where the routine is */
    double clock_after_ms;      /* after a seek, the sound's clock is stale until then */
};

struct lb_clip_slots {
    const struct lb_plan *plan; /* borrowed */
    const char *hwdec;          /* borrowed */
    const char *assets_dir;     /* borrowed; clips may be inside it too (NULL: none) */
    bool allow_any_path;        /* --allow-any-path: no folder rule */
    const struct lb_bundle *bundle; /* borrowed: the routine's bundle, whose members the clips
                                     * are (read in place; verified, else none is read), or
                                     * NULL for files; set after init */
    struct lb_clip_slot slot[2];
    int64_t opened;             /* clips opened so far */
    int64_t failed;             /* clips that could not be opened */
};

/* Open clips of plan's routine; each clip file is checked as it is opened, every time: a regular
 * file (never waited on if it is a FIFO) that, with every link resolved, lies in the routine's
 * folder or in assets_dir unless allow_any_path. So a file swapped after the routine was loaded
 * is held to the same rules. */
void lb_clip_slots_init(struct lb_clip_slots *cs, const struct lb_plan *plan, const char *hwdec,
                        const char *assets_dir, bool allow_any_path);
/* Close every clip. Never waits for a clip that is still opening: its thread finishes alone. */
void lb_clip_slots_destroy(struct lb_clip_slots *cs);

/* The block segment whose clip shows during segment `seg`: the block itself; for a countdown,
 * switch or set rest the block coming; for a rest the next step's first block; -1 for timers,
 * info cards and steps without a clip. */
int lb_clip_slots_block_for(const struct lb_plan *plan, int seg);

/* Keep open the clip of block `now_block` and, when it starts within LB_PRELOAD_MS of
 * routine time `pos_ms`, the next block's; close the rest. Never blocks on opening (a clip
 * still opening is waited for only when closed). */
void lb_clip_slots_update(struct lb_clip_slots *cs, int now_block, int64_t pos_ms);

/* The slot of block segment `seg` when it is open and ready (or failed: see slot->error);
 * NULL while it is still opening or not wanted. */
struct lb_clip_slot *lb_clip_slots_get(struct lb_clip_slots *cs, int seg);

/* Wait (up to timeout_ms) for the clip of block `seg` to be opened and its first frame
 * decoded: snapshots and the very first block, where there is nothing to show meanwhile. */
struct lb_clip_slot *lb_clip_slots_wait(struct lb_clip_slots *cs, int seg, int timeout_ms);

#endif
