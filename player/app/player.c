/* The main loop: engine clock, clips, sound and overlay, presented on the main thread. */
#include "player.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backdrop.h"
#include "bundle_cache.h"
#include "bundle_routine.h"
#include "checkin_view.h"
#include "clock.h"
#include "i18n.h"
#include "library.h"
#include "log.h"
#include "duration.h"
#include "overlay.h"
#include "png.h"
#include "progress.h"
#include "read_aloud.h"
#include "session.h"
#include "state.h"
#include "watch.h"

/* Clip sound this far from the routine clock is taken as a stall and started again. */
#define LB_AV_RESYNC_MS 400
/* A clip that has shown no picture this far into its block gets the card (it may never). */
#define LB_NO_PICTURE_MS 3000
/* After a clip seek, the sound's clock says where it was until the device has asked for the
 * new sound: the picture follows the routine clock meanwhile. */
#define LB_AV_SEEK_SETTLE_MS 250
#define LB_KIOSK_END_SCREEN_MS 60000 /* a kiosk shows the end screen this long */
#define LB_END_SOUND_MS 1500         /* the last tone plays out before --autoexit quits */

static int64_t now_ms(void)
{
    return lb_now_ms();
}

static void command(struct limber *l, enum lb_command cmd)
{
    l->stats.commands[cmd]++;
    lb_history_link_command(&l->history, &l->coach, cmd);
    lb_coach_command(&l->coach, cmd, now_ms());
    l->screen.dirty = true;
}

/* Whether a routine is under way: begun, not ended (the leave question guards it). */
static bool in_routine(const struct limber *l)
{
    return l->start.stage == LB_START_DONE && l->coach.started && !l->coach.done;
}

static void start_routine(struct limber *l)
{
    l->start.stage = LB_START_DONE;
    l->routine_start_ms = lb_now_ms_f();
    lb_audio_out_restart(&l->audio); /* from the routine's 0, after the opening cards */
    lb_history_link_start(&l->history, l->checkin.before);
    lb_coach_start(&l->coach, now_ms());
    l->screen.dirty = true;
}

/* After the safety points and the screening: the pain check-in, when it is asked, then the
 * routine. */
static void begin_routine(struct limber *l)
{
    if (!l->checkin.wanted) {
        start_routine(l);
        return;
    }
    l->start.stage = LB_START_CHECKIN;
    l->checkin.value = -1;
    l->screen.dirty = true;
}

/* Enter / A on the start screens: confirm the safety points; answers come with Y and N. */
static void start_answer(struct limber *l, int answer)
{
    const struct lb_routine *r = l->routine;
    switch (l->start.stage) {
    case LB_START_SAFETY:
        if (answer != 1)
            return;
        if (r->n_screening > 0) {
            l->start.stage = LB_START_QUESTION;
            l->start.question = 0;
            l->start.choice = 1; /* "No" highlighted: Enter confirms it */
        } else {
            begin_routine(l);
        }
        break;
    case LB_START_QUESTION:
        if (answer < 0)
            return;
        bool yes = answer == 1;
        l->start.choice = 1; /* the next question starts on "No" too */
        if (yes == r->screening[l->start.question].stop_if) {
            l->start.stage = LB_START_STOPPED;
            l->outcome = LB_OUTCOME_SCREENING_STOP;
        } else if (++l->start.question >= r->n_screening) {
            begin_routine(l);
        }
        break;
    case LB_START_STOPPED:
        l->quit = true;
        l->back_to_library = true;
        break;
    default:
        break;
    }
    l->screen.dirty = true;
}

static void change_volume(struct limber *l, int delta, bool toggle_mute)
{
    if (toggle_mute)
        l->volume.muted = !l->volume.muted;
    l->volume.level += delta;
    l->volume.level = l->volume.level < 0 ? 0 : l->volume.level > 100 ? 100 : l->volume.level;
    lb_audio_out_set_volume(&l->audio, l->volume.level, l->volume.muted);
    l->volume.shown_until = now_ms() + 1500;
    l->screen.dirty = true;
}

/* The keys overlay: opening it pauses a running routine, closing it goes on again. */
static void toggle_help(struct limber *l)
{
    l->keys.open = !l->keys.open;
    if (l->keys.open && in_routine(l) && !l->coach.paused) {
        command(l, LB_CMD_PAUSE);
        l->keys.paused_routine = true;
    } else if (!l->keys.open && l->keys.paused_routine) {
        if (l->coach.paused && !l->coach.pain)
            command(l, LB_CMD_RESUME);
        l->keys.paused_routine = false;
    }
    l->screen.dirty = true;
}

/* Esc, Back or Q inside a routine: pause and ask "Leave this routine?", Continue highlighted. */
static void ask_to_leave(struct limber *l)
{
    l->ending.asking = true;
    l->ending.leave_choice = 0;
    l->ending.paused_to_ask = !l->coach.paused;
    if (l->ending.paused_to_ask) /* not the person's pause: not counted as one */
        lb_coach_command(&l->coach, LB_CMD_PAUSE, now_ms());
    l->screen.dirty = true;
}

/* The answer to "Leave this routine?": leave ends the session (the end screen shows what was
 * done); continue goes back to where it was, running again if asking paused it. */
static void answer_leave(struct limber *l, bool leave)
{
    l->ending.asking = false;
    if (leave) {
        command(l, LB_CMD_END); /* from the pain-stop screen, a pain stop; else a quit */
    } else if (l->ending.paused_to_ask && l->coach.paused && !l->coach.pain) {
        lb_coach_command(&l->coach, LB_CMD_RESUME, now_ms());
    }
    l->ending.paused_to_ask = false;
    l->screen.dirty = true;
}

/* Keys while "Leave this routine?" is up: arrows move, Enter takes the highlighted answer, a
 * second Esc/Back or Q leaves, Space or C goes on. */
static void leave_key(struct limber *l, SDL_Keycode key)
{
    switch (key) {
    case SDLK_UP: case SDLK_DOWN: case SDLK_LEFT: case SDLK_RIGHT: case SDLK_TAB:
        l->ending.leave_choice = !l->ending.leave_choice;
        l->screen.dirty = true;
        break;
    case SDLK_RETURN: case SDLK_KP_ENTER:
        answer_leave(l, l->ending.leave_choice == 1);
        break;
    case SDLK_ESCAPE: case SDLK_q:
        answer_leave(l, true);
        break;
    case SDLK_SPACE: case SDLK_k: case SDLK_c:
        answer_leave(l, false);
        break;
    default:
        break;
    }
}

/* The pain-stop screen's choices: S, E or C, or Up/Down and Enter (the highlighted one starts
 * on "skip", the safe choice). */
static void pain_key(struct limber *l, SDL_Keycode key, bool enter)
{
    if (key == SDLK_UP || key == SDLK_DOWN) {
        l->ending.pain_choice = (l->ending.pain_choice + (key == SDLK_UP ? 2 : 1)) % 3;
        l->screen.dirty = true;
        return;
    }
    int pick = key == SDLK_s ? 0 : key == SDLK_e ? 1 : key == SDLK_c ? 2
               : enter ? l->ending.pain_choice : -1;
    if (pick == 0)
        command(l, LB_CMD_SKIP_AFTER_PAIN); /* a rest first, then the next step */
    else if (pick == 1)
        command(l, LB_CMD_END);
    else if (pick == 2)
        command(l, LB_CMD_CONTINUE);
}

/* Keys on the start screens: Enter confirms the safety points; on a question Y or N, or an
 * arrow to move the highlight (a remote, a D-pad) and Enter to confirm it. */
static void start_key(struct limber *l, SDL_Keycode key, bool enter)
{
    bool arrow = key == SDLK_UP || key == SDLK_DOWN || key == SDLK_LEFT || key == SDLK_RIGHT;
    if (l->start.stage == LB_START_QUESTION) {
        if (arrow) {
            l->start.choice = key == SDLK_UP || key == SDLK_LEFT ? 0 : 1;
            l->screen.dirty = true;
            return;
        }
        int answer = key == SDLK_y ? 1 : key == SDLK_n ? 2 : enter ? l->start.choice + 1 : -1;
        start_answer(l, answer);
        return;
    }
    start_answer(l, enter || key == SDLK_y ? 1 : -1);
}

void lb_player_key(struct limber *l, SDL_Keycode key)
{
    if (key == SDLK_h || key == SDLK_QUESTION || key == SDLK_SLASH ||
        (l->keys.open && (key == SDLK_ESCAPE || key == SDLK_RETURN || key == SDLK_KP_ENTER))) {
        toggle_help(l);
        return;
    }
    if (key == SDLK_q && l->display->kiosk)
        return; /* a kiosk is left by holding Esc */
    if (l->ending.asking && in_routine(l)) {
        leave_key(l, key);
        return;
    }
    if ((key == SDLK_q || key == SDLK_ESCAPE) && in_routine(l)) {
        ask_to_leave(l); /* one key never throws a session away */
        return;
    }
    if (key == SDLK_q || key == SDLK_ESCAPE) {
        /* Before the routine starts or on its end screen: Esc goes back, Q quits Limber. */
        l->quit = true;
        l->back_to_library = key == SDLK_ESCAPE;
        return;
    }
    if (l->keys.open)
        return; /* nothing else happens behind the keys overlay */
    if (l->start.stage == LB_START_CHECKIN || l->checkin.after_open) {
        /* "How is your back?": digits or arrows, Enter, S skips. */
        if (lb_checkin_key(&l->checkin, key, lb_now_ms_f()) == LB_CHECKIN_ANSWERED) {
            if (l->checkin.after_open) {
                l->checkin.after_open = false;
                lb_history_link_pain_after(&l->history, l->checkin.value);
            } else {
                l->checkin.before = l->checkin.value;
                start_routine(l);
            }
        }
        l->screen.dirty = true;
        return;
    }
    bool arrow = key == SDLK_UP || key == SDLK_DOWN || key == SDLK_LEFT || key == SDLK_RIGHT;
    if (l->start.stage == LB_START_SAFETY && (key == SDLK_s || arrow) &&
        lb_checkin_toggle_skip(&l->checkin, &l->history, l->routine)) {
        /* S, or an arrow (a remote has no S), on the start screen: skip the step that hurt
         * last time, or do it after all. */
        l->screen.dirty = true;
        return;
    }
    if (key == SDLK_f) {
        lb_display_toggle_fullscreen(l->display);
        return;
    }
    if (key == SDLK_m || key == SDLK_9 || key == SDLK_0) {
        change_volume(l, key == SDLK_9 ? -10 : key == SDLK_0 ? 10 : 0, key == SDLK_m);
        return;
    }
    bool enter = key == SDLK_RETURN || key == SDLK_SPACE || key == SDLK_KP_ENTER;
    if (l->start.stage != LB_START_DONE) {
        start_key(l, key, enter);
        return;
    }
    struct lb_coach_state st;
    lb_coach_state(&l->coach, &st);
    if (st.pain) {
        pain_key(l, key, enter);
        return;
    }
    if (st.phase == LB_PHASE_DONE && (key == SDLK_RETURN || key == SDLK_KP_ENTER)) {
        l->quit = true; /* the end screen: back to the library, or close */
        l->back_to_library = true;
        return;
    }
    if (st.recovering && (enter || key == SDLK_RIGHT || key == SDLK_l)) {
        command(l, LB_CMD_CONTINUE); /* the rest after a pain skip, ended early */
        return;
    }
    switch (key) {
    case SDLK_SPACE:
    case SDLK_k:
        command(l, st.waiting ? LB_CMD_CONTINUE : LB_CMD_TOGGLE_PAUSE);
        break;
    case SDLK_RIGHT:
    case SDLK_l:
        command(l, LB_CMD_NEXT);
        break;
    case SDLK_LEFT:
    case SDLK_j:
        command(l, LB_CMD_PREVIOUS);
        break;
    case SDLK_r:
        command(l, LB_CMD_REPEAT_BLOCK);
        break;
    case SDLK_p:
    case SDLK_DOWN: /* a TV remote has no P: Down is "this hurts" too */
        l->ending.pain_choice = 0;
        command(l, LB_CMD_PAIN_STOP);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        command(l, LB_CMD_CONTINUE);
        break;
    default:
        break;
    }
}

/* Game controller buttons, as TV-remote-like keys. */
static void pad_button(struct limber *l, Uint8 button)
{
    switch (button) {
    case SDL_CONTROLLER_BUTTON_A: lb_player_key(l, l->start.stage != LB_START_DONE ||
                                                l->ending.asking ? SDLK_RETURN : SDLK_SPACE);
        break;
    case SDL_CONTROLLER_BUTTON_B: lb_player_key(l, SDLK_ESCAPE); break;
    case SDL_CONTROLLER_BUTTON_X: lb_player_key(l, SDLK_n); break;
    case SDL_CONTROLLER_BUTTON_Y: lb_player_key(l, SDLK_y); break;
    case SDL_CONTROLLER_BUTTON_LEFTSHOULDER: lb_player_key(l, SDLK_LEFT); break;
    case SDL_CONTROLLER_BUTTON_RIGHTSHOULDER: lb_player_key(l, SDLK_RIGHT); break;
    case SDL_CONTROLLER_BUTTON_START: lb_player_key(l, SDLK_RETURN); break;
    case SDL_CONTROLLER_BUTTON_BACK: lb_player_key(l, SDLK_p); break;
    case SDL_CONTROLLER_BUTTON_GUIDE: lb_player_key(l, SDLK_h); break;
    case SDL_CONTROLLER_BUTTON_DPAD_UP: lb_player_key(l, SDLK_UP); break;
    case SDL_CONTROLLER_BUTTON_DPAD_DOWN: lb_player_key(l, SDLK_DOWN); break;
    case SDL_CONTROLLER_BUTTON_DPAD_LEFT: lb_player_key(l, SDLK_LEFT); break;
    case SDL_CONTROLLER_BUTTON_DPAD_RIGHT: lb_player_key(l, SDLK_RIGHT); break;
    default: break;
    }
}

static void handle_events(struct limber *l)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        switch (ev.type) {
        case SDL_QUIT:
            l->quit = true;
            break;
        case SDL_KEYDOWN:
        case SDL_KEYUP: {
            SDL_Keycode k = lb_display_key(l->display, &ev);
            if (k != SDLK_UNKNOWN)
                lb_player_key(l, k);
            break;
        }
        case SDL_CONTROLLERBUTTONDOWN:
            pad_button(l, ev.cbutton.button);
            break;
        default:
            if (lb_display_event(l->display, &ev)) {
                l->screen.block = -1; /* convert the frame again at the new size */
                l->screen.dirty = true;
            }
            break;
        }
    }
}

static void write_summary(struct limber *l);

/* How the session ended: l->outcome, set as each ending comes (a screening stop, the engine's
 * end) or when the loop is left; NONE for a routine that never began. */
static enum lb_session_outcome session_outcome(const struct limber *l)
{
    if (l->outcome != LB_OUTCOME_NONE)
        return l->outcome;
    if (!l->coach.started)
        return LB_OUTCOME_NONE;
    return l->coach.done ? l->coach.outcome : LB_OUTCOME_QUIT;
}

/* Turn the engine's events into statistics, the history and log lines. */
static void take_events(struct limber *l)
{
    struct lb_event ev;
    while (lb_coach_poll(&l->coach, &ev)) {
        lb_history_link_event(&l->history, &l->coach, &ev);
        if (ev.type == LB_EV_DONE) {
            l->routine_end_ms = lb_now_ms_f(); /* --autoexit quits after the end's sounds */
            l->outcome = l->coach.outcome;
            l->ending.asking = false;
            enum lb_session_outcome outcome = session_outcome(l);
            lb_history_link_end(&l->history, &l->coach, outcome);
            /* How the back is after it: asked when the routine ran to its end or was ended
             * for pain, not when the person chose to leave it. */
            if (l->checkin.wanted && !l->checkin.after_asked &&
                (outcome == LB_OUTCOME_FINISHED || outcome == LB_OUTCOME_PAIN_STOP)) {
                l->checkin.after_open = l->checkin.after_asked = true; /* before the end screen */
                l->checkin.value = -1;
            }
        }
        if (ev.type == LB_EV_PHASE || ev.type == LB_EV_DONE)
            l->screen.dirty = true;
    }
    lb_history_link_stats(&l->history, &l->stats);
}

/* The session is over: its end to the history (all of it committed), then its summary. */
static void finish_session(struct limber *l)
{
    take_events(l);
    lb_history_link_end(&l->history, &l->coach, session_outcome(l));
    lb_history_link_close(&l->history, &l->stats);
    write_summary(l);
}

/* --stats: each cue as it comes on screen, with the time the plan gives it. */
static void record_cues(struct limber *l, const struct lb_coach_state *st)
{
    if (!l->stats.out)
        return;
    bool running = l->coach.started && !l->coach.done && st->step >= 0;
    double planned[LB_MAX_ACTIVE_CUES];
    int n = running ? st->n_cues : 0;
    for (int i = 0; i < n; i++) {
        int64_t start = 0, end;
        lb_plan_cue_shown(&l->plan, l->coach.seg, st->cues[i], st->routine_pos_ms, &start,
                          &end);
        planned[i] = start / 1000.0;
    }
    lb_stats_cues(&l->stats, st->step, st->cues, n, planned, st->routine_pos_ms / 1000.0);
    /* The mixer's jumps happen on the audio thread: written when seen. */
    int k = lb_mixer_resyncs(l->audio.mixer);
    if (k < l->stats.mixer_resyncs_seen)
        l->stats.mixer_resyncs_seen = 0; /* a --watch reload made a new mixer */
    for (; l->stats.mixer_resyncs_seen < k; l->stats.mixer_resyncs_seen++)
        lb_stats_resync(&l->stats, "sound", st->routine_pos_ms / 1000.0);
    /* The device's stream against the routine clock, four times a second. */
    double now = lb_now_ms_f();
    int64_t device_frame, routine_frame;
    if (now - l->stats.audio_clock_last_ms >= 250.0 &&
        lb_audio_out_stream_point(&l->audio, &device_frame, &routine_frame)) {
        l->stats.audio_clock_last_ms = now;
        lb_stats_audio_clock(&l->stats, device_frame, routine_frame);
    }
}

/* Where to seek a clip for routine time t into its block: t itself (a looping clip's
 * timeline runs on through its passes), but never past the end of one that does not loop. */
static int64_t clip_seek_time(const struct lb_clip_info *info, bool loop, int64_t t)
{
    if (loop || info->length_ms <= 0 || t < info->length_ms)
        return t;
    double interval = info->frame_rate > 0 ? 1000.0 / info->frame_rate : 40.0;
    int64_t last = info->length_ms - (int64_t)interval;
    return last > 0 ? last : 0;
}

/* Show the clip frame for the engine's state; returns the clip time the picture is for. */
static void update_picture(struct limber *l, const struct lb_coach_state *st)
{
    l->screen.next_frame_ms = -1;
    bool running = l->coach.started && !l->coach.done;
    /* audio coaching (issue 5): the mixer follows the routine clock; the line being said. The
     * end's tone starts at the routine's last instant: the sound runs on past it a little. */
    double clock_at = l->coach.done ? lb_now_ms_f() : (double)l->coach.last_now_ms;
    double after_end = l->coach.done ? clock_at - l->routine_end_ms : 0;
    bool sounding = l->coach.started && after_end < LB_END_SOUND_MS && !st->paused &&
                    !st->waiting && !st->recovering;
    if (l->start.stage != LB_START_DONE) /* the opening cards, read aloud as they show */
        lb_read_aloud_update(l, lb_now_ms_f());
    else
        /* The engine's position is for the time of its last update: the mixer measures
         * from it. */
        lb_audio_out_sync(&l->audio, st->routine_pos_ms + (int64_t)after_end, sounding,
                          clock_at);
    lb_read_aloud_report(l);
    /* No spoken line's caption over a card that waits: its next line belongs after it. */
    if (lb_audio_out_update_caption(&l->audio, running && !st->waiting && !st->recovering
                                                   ? st->routine_pos_ms : -1))
        l->screen.dirty = true;
    int block = running ? lb_clip_slots_block_for(&l->plan, l->coach.seg) : -1;
    if (l->screen.audio_block != block) {
        /* The clip the sound comes from may be closed just below: the audio thread must let
         * go of it first (it read a freed clip once, under load). */
        lb_audio_out_set_source(&l->audio, NULL, false);
        l->screen.audio_block = -1;
    }
    lb_clip_slots_update(&l->clips, block, st->routine_pos_ms);
    struct lb_clip_slot *slot = block >= 0 ? lb_clip_slots_get(&l->clips, block) : NULL;
    if (block >= 0 && !slot && l->screen.block != block && st->phase == LB_PHASE_BLOCK) {
        /* The block has begun and its clip is not open yet (a jump): wait a little rather
         * than show the wrong picture. */
        slot = lb_clip_slots_wait(&l->clips, block, 100);
    }
    const char *error = slot && !slot->clip ? slot->error : NULL;
    if (!slot || !slot->clip) {
        lb_audio_out_set_source(&l->audio, NULL, false);
        if (l->screen.block != block || error != l->screen.clip_error) {
            lb_video_out_clear_picture(&l->display->video);
            l->screen.block = block >= 0 && slot ? block : -1;
            l->screen.clip_error = error;
            l->screen.dirty = true;
        }
        return;
    }
    struct lb_clip *clip = slot->clip;
    const struct lb_clip_info *info = lb_clip_info(clip);
    bool in_block = st->phase == LB_PHASE_BLOCK;
    bool playing = in_block && !st->paused && info->has_audio;
    lb_audio_out_set_source(&l->audio, clip, playing);
    l->screen.audio_block = block;
    /* The routine clock says where the clip is; going back (repeat, previous) means a seek,
     * and so does a clip that joins its block mid-way (opened after a --watch reload or a
     * jump): it starts where the routine is, not at its beginning. */
    int64_t routine_t = in_block ? st->phase_elapsed_ms : 0;
    const struct lb_step *step = &l->plan.routine->steps[l->plan.segments[block].step];
    if (routine_t < slot->last_routine_ms ||
        (!slot->placed && routine_t > LB_AV_RESYNC_MS / 2)) {
        int64_t at = clip_seek_time(info, step->loop, routine_t);
        if (!slot->placed)
            lb_log_info("clip %s joins its block %lld ms in: from %lld ms",
                        lb_plan_clip(&l->plan, block), (long long)routine_t, (long long)at);
        lb_clip_seek(clip, at);
        slot->last_video_ms = routine_t;
        slot->clock_after_ms = lb_now_ms_f() + LB_AV_SEEK_SETTLE_MS;
    }
    slot->placed = true;
    slot->last_routine_ms = routine_t;
    /* A clip that does not loop holds its last picture after its end, and its sound is over:
     * there is nothing to keep in step. */
    bool ended = !step->loop && info->length_ms > 0 &&
                 routine_t >= info->length_ms - LB_AV_RESYNC_MS;
    /* While the clip's sound plays, the picture follows what is heard (the audio clock), as
     * long as the two agree; when they drift apart (a stall), both start again where the
     * routine is. */
    int64_t t = routine_t;
    bool settled_clock = lb_now_ms_f() >= slot->clock_after_ms;
    int64_t heard = playing && !ended && settled_clock ? lb_audio_out_clock(&l->audio) : -1;
    if (heard >= 0 &&
        (heard > routine_t + LB_AV_RESYNC_MS || heard < routine_t - LB_AV_RESYNC_MS)) {
        lb_log_info("clip sound is %lld ms off the routine clock; starting again at %lld ms",
                    (long long)(heard - routine_t), (long long)routine_t);
        lb_clip_seek(clip, clip_seek_time(info, step->loop, routine_t));
        slot->last_video_ms = routine_t;
        slot->clock_after_ms = lb_now_ms_f() + LB_AV_SEEK_SETTLE_MS;
        lb_stats_resync(&l->stats, "clip", st->routine_pos_ms / 1000.0);
        heard = -1;
    } else if (heard >= 0) {
        t = heard;
    }
    if (t < slot->last_video_ms)
        t = slot->last_video_ms; /* the picture never steps back without a seek */
    slot->last_video_ms = t;
    bool settled;
    const struct lb_video_frame *frame = lb_clip_video_frame(clip, t, &settled);
    int64_t next = lb_clip_next_frame_time(clip);
    l->screen.next_frame_ms = next >= t ? next - t : -1;
    const char *clip_error = lb_clip_error(clip);
    /* Opened but nothing to show well into the block: the card, as for a clip that failed. */
    if (!clip_error && !frame && in_block && info->has_video && l->screen.block != block
        && st->phase_elapsed_ms >= LB_NO_PICTURE_MS) {
        clip_error = lb_clip_no_picture();
        if (l->screen.clip_error != clip_error)
            lb_video_out_clear_picture(&l->display->video);
    }
    if (clip_error != l->screen.clip_error) {
        l->screen.clip_error = clip_error;
        l->screen.dirty = true;
    }
    if (!frame)
        return;
    bool new_block = l->screen.block != block;
    if (!new_block && frame->time_ms == l->screen.time_ms)
        return;
    if (!lb_video_out_set_frame(&l->display->video, clip, frame,
                                lb_plan_mirrored(&l->plan, block)))
        return;
    double interval = info->frame_rate > 0 ? 1000.0 / info->frame_rate : 33.3;
    double now = lb_now_ms_f();
    if (in_block) {
        l->stats.frames_presented++;
        if (l->stats.first_frame_ms < 0)
            l->stats.first_frame_ms = (int64_t)(now - l->process_start_ms);
        double late = (double)(t - frame->time_ms);
        if (late > interval)
            l->stats.frames_late++;
        if (l->screen.measured_block != block) {
            /* The block's first frame in play: how long after the block began. */
            l->screen.measured_block = block;
            lb_stats_transition(&l->stats, "step", st->routine_pos_ms / 1000.0, st->step,
                                new_block ? (double)st->phase_elapsed_ms : 0, interval);
        } else if (frame->iteration > l->screen.iteration) {
            lb_stats_transition(&l->stats, "loop", st->routine_pos_ms / 1000.0, st->step,
                                late, interval);
        }
        if (heard >= 0)
            lb_stats_av_offset(&l->stats, (double)(frame->time_ms - heard));
    }
    l->screen.block = block;
    l->screen.time_ms = frame->time_ms;
    l->screen.iteration = frame->iteration;
    l->screen.dirty = true;
}

/* A summary of what the overlay shows, to redraw only when it changes. */
static uint64_t overlay_key(const struct limber *l, const struct lb_coach_state *st)
{
    int64_t parts[] = {
        st->phase, st->step, st->set, st->side, st->rep, st->rep_phase,
        (st->phase_left_ms + 999) / 1000, (st->rep_phase_left_ms + 999) / 1000, st->paused,
        st->pain, st->waiting, st->n_cues, st->n_cues ? st->cues[0] : -1,
        st->n_cues > 1 ? st->cues[1] : -1, l->start.stage, l->start.question,
        now_ms() < l->volume.shown_until, l->volume.level, l->volume.muted, l->start.choice,
        l->ending.asking, l->ending.leave_choice, l->ending.pain_choice, st->recovering,
        (st->recovery_left_ms + 999) / 1000,
        (int64_t)(st->routine_pos_ms * 200 / (l->plan.total_ms + 1)),
        l->checkin.after_open, l->checkin.value,
        lb_display_quit_countdown(l->display),
    };
    return lb_backdrop_hash(LB_BACKDROP_KEY_SEED, parts, sizeof(parts));
}

/* The name of the screen on show, for --stats (tests wait for a screen before pressing keys). */
static const char *screen_name(const struct limber *l, const struct lb_coach_state *st)
{
    static const char *const start[] = {"start", "question", "screening-stop", "checkin"};
    if (l->keys.open)
        return "help";
    if (l->checkin.after_open)
        return "checkin-after";
    if (l->start.stage == LB_START_SAFETY && l->checkin.skip_hurt)
        return "start-skip"; /* the start screen, the step that hurt last time skipped */
    if (l->start.stage != LB_START_DONE)
        return start[l->start.stage];
    if (l->ending.asking && st->phase != LB_PHASE_DONE)
        return "leave";
    if (st->pain)
        return "pain";
    if (st->recovering)
        return "recovery";
    if (st->paused)
        return "paused";
    switch (st->phase) {
    case LB_PHASE_START: return "ready";
    case LB_PHASE_COUNTDOWN: return "countdown";
    case LB_PHASE_BLOCK: {
        enum lb_step_kind kind = l->routine->steps[st->step].kind;
        return kind == LB_KIND_EXERCISE ? "exercise" : kind == LB_KIND_TIMER ? "timer" : "info";
    }
    case LB_PHASE_SWITCH: return "switch";
    case LB_PHASE_SET_REST: return "set-rest";
    case LB_PHASE_REST: return "rest";
    case LB_PHASE_INFO_WAIT: return "info-wait";
    case LB_PHASE_DONE: return "end";
    }
    return "?";
}

void lb_player_draw(struct limber *l, const struct lb_coach_state *st)
{
    double began = lb_now_ms_f();
    struct lb_video_out *vo = &l->display->video;
    struct lb_overlay_input in = {
        .plan = &l->plan, .state = st, .clip_error = l->screen.clip_error,
        .has_picture = vo->has_picture, .picture = vo->picture_rect, .muted = l->volume.muted,
        .volume = l->volume.level, .show_volume = now_ms() < l->volume.shown_until,
        .text_scale = l->opts->text_scale, .help = l->keys.open, .from_library = l->from_library,
        .record = l->coach.record, .active_ms = l->coach.active_ms,
        .voice_caption = l->audio.caption, /* audio coaching (issue 5) */
        .pain_choice = l->ending.pain_choice, .leave_asking = l->ending.asking,
        .leave_choice = l->ending.leave_choice, .outcome = l->outcome,
        .unattended = l->unattended, .backdrop = &vo->backdrop,
    };
    bool overlay = l->start.stage == LB_START_DONE && !l->checkin.after_open;
    /* A shaded screen (pain stop, leave question, keys) whose backdrop is kept: copied back,
     * instead of converting the picture and blending the shade again. */
    uint64_t key = overlay ? lb_overlay_backdrop_key(&in, vo->width, vo->height) : 0;
    if (key)
        key = lb_backdrop_hash(key, &vo->picture_serial, sizeof(vo->picture_serial));
    else
        lb_backdrop_forget(&vo->backdrop);
    in.backdrop_key = key;
    in.backdrop_shown = key && lb_backdrop_show(&vo->backdrop, key, vo->width, vo->height);
    int64_t shades = vo->backdrop.shades;
    if (!in.backdrop_shown)
        lb_video_out_draw_picture(vo);
    lb_text_begin_frame(&l->display->text);
    if (l->start.stage == LB_START_CHECKIN || l->checkin.after_open) {
        struct lb_checkin_view v = {.routine = l->routine->title,
                                    .after = l->checkin.after_open, .value = l->checkin.value,
                                    .text_scale = l->opts->text_scale};
        lb_checkin_view_draw(&l->display->text, &v, l->display->video.width,
                             l->display->video.height);
        if (l->keys.open)
            lb_overlay_draw_help(&l->display->text, vo->width, vo->height,
                                 l->opts->text_scale, &vo->backdrop);
    } else if (l->start.stage != LB_START_DONE) {
        int w = l->display->video.width, h = l->display->video.height;
        struct lb_start_note note = lb_checkin_note(&l->checkin);
        lb_overlay_draw_start(&l->display->text, &l->plan, l->start.stage, l->start.question, w, h,
                              l->opts->text_scale, l->from_library, l->start_auto_ms,
                              l->start.choice, &note);
        if (l->keys.open)
            lb_overlay_draw_help(&l->display->text, w, h, l->opts->text_scale, &vo->backdrop);
    } else {
        lb_overlay_draw(&l->display->text, &in, vo->width, vo->height);
    }
    if (l->watching.errors[0]) { /* --watch: the saved file has errors */
        char heading[1200];
        const char *name = strrchr(l->path, '/') ? strrchr(l->path, '/') + 1 : l->path;
        /* TRANSLATORS: %s is the routine's file name. */
        snprintf(heading, sizeof(heading), _("%s has errors: the last version that loaded "
                                             "goes on"), name);
        lb_overlay_draw_errors(&l->display->text, heading, l->watching.errors,
                               l->display->video.width, l->display->video.height,
                               l->opts->text_scale);
    }
    lb_display_draw_quit_hint(l->display, l->opts->text_scale);
    lb_video_out_present(&l->display->video);
    const char *screen = screen_name(l, st);
    int step = l->start.stage == LB_START_DONE ? st->step + 1 : 0;
    lb_stats_drawn(&l->stats, screen, step, vo->backdrop.shades - shades, in.backdrop_shown,
                   lb_now_ms_f() - began);
    if (screen != l->screen.name || step != l->screen.step) {
        l->screen.name = screen;
        l->screen.step = step;
        lb_stats_screen(&l->stats, screen, step,
                        (lb_now_ms_f() - l->process_start_ms) / 1000.0);
    }
    if (l->stats.first_draw_ms < 0)
        l->stats.first_draw_ms = (int64_t)(lb_now_ms_f() - l->process_start_ms);
}

static void write_summary(struct limber *l)
{
    struct lb_mixer_drift drift;
    lb_audio_out_drift(&l->audio, &drift);
    /* A bundle: how much of it was hashed as it opened (none when it was verified before). */
    char bundle[96] = "null";
    if (l->bundle.fd >= 0)
        snprintf(bundle, sizeof(bundle), "{\"hashed_bytes\": %lld, \"remembered\": %s}",
                 (long long)l->bundle.hashed, l->bundle.remembered ? "true" : "false");
    char extra[2048];
    size_t n = (size_t)snprintf(extra, sizeof(extra),
                                "\"bundle\": %s, "
                                "\"renderer\": \"%s\", \"fullscreen\": %s, \"cursor\": %s, "
                                "\"audio\": %s, \"audio_resyncs\": %d, "
                                "\"audio_speed\": [%.4f, %.4f], \"audio_rate\": %.4f, "
                                "\"audio_drift_worst_ms\": %.1f, \"audio_resyncs_drift\": %d, "
                                "\"clips_opened\": %lld, "
                                "\"clips_failed\": %lld, \"routine_pos_s\": %.3f, "
                                "\"planned_s\": %.3f, \"routine_wall_s\": %.3f, "
                                "\"done\": %s, \"outcome\": \"%s\", "
                                "\"commands\": {\"pause\": %lld, \"next\": %lld, "
                                "\"previous\": %lld, \"repeat\": %lld, \"pain\": %lld}, "
                                "\"steps\": [",
                                bundle, l->display->video.renderer_name,
                                l->display->video.window &&
                                        (SDL_GetWindowFlags(l->display->video.window) &
                                         SDL_WINDOW_FULLSCREEN_DESKTOP)
                                    ? "true" : "false",
                                SDL_ShowCursor(SDL_QUERY) == SDL_ENABLE ? "true" : "false",
                                l->audio.device ? "true" : "false",
                                lb_mixer_resyncs(l->audio.mixer),
                                drift.speed_min, drift.speed_max, drift.rate_speed,
                                drift.worst_error_ms, drift.drift_resyncs,
                                (long long)l->clips.opened, (long long)l->clips.failed,
                                l->coach.pos_ms / 1000.0, l->plan.total_ms / 1000.0,
                                l->routine_end_ms > 0
                                    ? (l->routine_end_ms - l->routine_start_ms) / 1000.0 : -1.0,
                                l->coach.done ? "true" : "false",
                                lb_session_outcome_name(l->outcome),
                                (long long)(l->stats.commands[LB_CMD_TOGGLE_PAUSE] +
                                            l->stats.commands[LB_CMD_PAUSE]),
                                (long long)(l->stats.commands[LB_CMD_NEXT] +
                                            l->stats.commands[LB_CMD_SKIP_AFTER_PAIN]),
                                (long long)l->stats.commands[LB_CMD_PREVIOUS],
                                (long long)l->stats.commands[LB_CMD_REPEAT_BLOCK],
                                (long long)l->stats.commands[LB_CMD_PAIN_STOP]);
    for (int i = 0; i < l->routine->n_steps && n < sizeof(extra) - 64; i++)
        n += (size_t)snprintf(extra + n, sizeof(extra) - n, "%s\"%s\"", i ? ", " : "",
                              lb_step_status_name(l->coach.record[i].status));
    snprintf(extra + n, sizeof(extra) - n, "]");
    lb_stats_close(&l->stats, extra);
}

static void reload(struct limber *l);

static void run_loop(struct limber *l)
{
    while (!l->quit) {
        handle_events(l);
        if (l->watching.watch && lb_watch_changed(l->watching.watch, lb_now_ms_f()))
            reload(l);
        if (lb_display_quit_held(l->display)) {

            l->quit = true;
            l->back_to_library = false;
        }
        if (l->opts->autoexit && l->coach.done && l->routine_end_ms > 0 &&
            lb_now_ms_f() - l->routine_end_ms >= LB_END_SOUND_MS)
            l->quit = true;
        /* A kiosk left on its end screen goes back to the library by itself. */
        if (l->display->kiosk && l->coach.done && l->routine_end_ms > 0 &&
            lb_now_ms_f() - l->routine_end_ms > LB_KIOSK_END_SCREEN_MS) {
            l->quit = true;
            l->back_to_library = true;
        }
        if (l->quit)
            break;
        if (l->start.stage == LB_START_DONE)
            lb_coach_update(&l->coach, now_ms());
        take_events(l);
        if (lb_checkin_look_back(&l->checkin, &l->history, l->routine))
            l->screen.dirty = true; /* the start screen's "last time" */
        struct lb_coach_state st;
        lb_coach_state(&l->coach, &st);
        if (l->checkin.skip_hurt && !l->checkin.skipped && st.step == l->checkin.hurt_step &&
            (st.phase == LB_PHASE_COUNTDOWN || st.phase == LB_PHASE_BLOCK)) {
            /* The person chose on the start screen to skip the step that hurt last time. */
            l->checkin.skipped = true;
            lb_history_link_skip_step(&l->history, &l->coach, st.step);
            command(l, LB_CMD_NEXT);
            lb_coach_state(&l->coach, &st);
        }
        update_picture(l, &st);
        record_cues(l, &st);
        uint64_t key = overlay_key(l, &st);
        if (l->screen.dirty || key != l->screen.drawn_key) {
            lb_player_draw(l, &st);
            l->screen.drawn_key = key;
            l->screen.dirty = false;
        }
        if (lb_audio_out_plan_now(&l->audio)) /* the first screen is up: the sounds now */
            l->screen.dirty = true;
        /* Wake for the next frame, an overlay change or an event, whichever comes first: at
         * the next frame's time when it is decoded (a wake-up per frame, not 250 a second),
         * soon when it is not. */
        int64_t wait = 15;
        if (st.phase == LB_PHASE_BLOCK && l->display->video.has_picture)
            wait = l->screen.next_frame_ms < 0 ? 4 : l->screen.next_frame_ms < 1 ? 1
                   : l->screen.next_frame_ms < 15 ? l->screen.next_frame_ms : 15;
        lb_display_wait_event(NULL, (int)wait);
    }
    /* Left before the end (the window closed, Esc held on a kiosk): a quit; the end screen's
     * and the screening stop's outcomes were set as they came; a routine left from its start
     * screens never began (NONE). */
    l->outcome = session_outcome(l);
}

/* --watch: the file (or a clip) was saved. A file that loads replaces the routine, which
 * carries on at the same step and time; one with errors leaves the last good one playing and
 * its errors on screen until it is fixed. */
static void reload(struct limber *l)
{
    struct lb_routine *r = lb_session_load_routine(l->opts, l->path, l->assets_dir, NULL,
                                                   l->watching.errors, sizeof(l->watching.errors));
    l->screen.dirty = true;
    double at_s = (lb_now_ms_f() - l->process_start_ms) / 1000.0;
    if (!r) {
        int lines = 0;
        for (const char *p = l->watching.errors; *p; p++)
            lines += *p == '\n';
        lb_log_info("%s has errors: the last version that loaded goes on", l->path);
        lb_stats_reload(&l->stats, false, lines, l->coach.pos_ms / 1000.0,
                        l->coach.pos_ms / 1000.0, at_s);
        return;
    }
    l->watching.errors[0] = '\0';
    struct lb_coach_state st;
    lb_coach_state(&l->coach, &st);
    bool started = l->coach.started && !l->coach.done, paused = st.paused && !st.pain;
    int64_t pos = 0, before_ms = l->coach.pos_ms;
    struct lb_plan plan;
    if (started && lb_plan_init(&plan, r)) {
        pos = lb_plan_same_place(&l->plan, l->coach.pos_ms, &plan);
        lb_plan_destroy(&plan);
    }
    struct lb_coach_carry carry;
    bool carried = lb_coach_carry_save(&l->coach, &carry);
    lb_session_unbuild(l);
    lb_routine_free(l->routine);
    l->routine = r;
    if (!carried || !lb_session_build(l)) {
        lb_log_error("out of memory while loading %s again", l->path);
        lb_coach_carry_free(&carry);
        l->quit = true;
        return;
    }
    l->screen.block = l->screen.measured_block = l->screen.audio_block = -1;
    l->screen.clip_error = NULL;
    lb_session_show(l, l->display);
    /* On the opening cards the new sound reads the card on show again from its start: its
     * text may be what was changed. */
    l->start.reading.card = -1;
    if (started) {
        lb_coach_start(&l->coach, now_ms());
        lb_coach_seek(&l->coach, pos, now_ms());
        if (paused)
            lb_coach_command(&l->coach, LB_CMD_PAUSE, now_ms());
        /* What was done stays done (the record, the time moving); the new engine's way to its
         * place is no news (the history's open block goes on). */
        struct lb_event ev;
        while (lb_coach_poll(&l->coach, &ev)) {
        }
        lb_coach_carry_apply(&l->coach, &carry);
    }
    lb_coach_carry_free(&carry);
    lb_watch_set(l->watching.watch, l->path, l->routine);
    lb_stats_reload(&l->stats, true, 0, before_ms / 1000.0, l->coach.pos_ms / 1000.0, at_s);
    lb_log_info("%s loaded again%s", l->path, started ? ": same step, same time" : "");
}


/* --watch on a file that does not load: its errors on screen until a save fixes it. Returns
 * false when the person quits instead (Q, Esc, closing the window). */
static bool wait_for_fix(struct lb_display *d, struct lb_watch *w, const char *path,
                         const char *errors)
{
    char heading[1200];
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(heading, sizeof(heading), _("%s has errors: save a fix and it plays"), name);
    for (;;) {
        lb_video_out_clear_picture(&d->video);
        lb_video_out_draw_picture(&d->video);
        lb_text_begin_frame(&d->text);
        lb_overlay_draw_errors(&d->text, heading, errors, d->video.width, d->video.height, 1.0);
        lb_video_out_present(&d->video);
        SDL_Event ev;
        for (double until = lb_now_ms_f() + LB_WATCH_POLL_MS; lb_now_ms_f() < until;) {
            if (!lb_display_wait_event(&ev, 50))
                continue;
            SDL_Keycode k = lb_display_key(d, &ev);
            if (ev.type == SDL_QUIT || k == SDLK_q || k == SDLK_ESCAPE)
                return false;
            lb_display_event(d, &ev);
        }
        if (lb_watch_changed(w, lb_now_ms_f()))
            return true;
    }
}

int lb_player_run(const struct lb_options *opts, const char *routine_path,
                  const char *assets_dir, double process_start_ms)
{
    struct limber l;
    lb_session_defaults(&l, opts, process_start_ms);
    struct lb_display display;
    bool shown = false;
    struct lb_watch watch;
    lb_watch_init(&watch, routine_path);
    int status = 0;
    while (!lb_session_open(&l, routine_path, assets_dir, l.watching.errors,
                         sizeof(l.watching.errors))) {
        /* The errors are printed. Without --watch, no window for a file that cannot play. */
        if (!opts->watch || (!shown && !(shown = lb_display_open(&display, opts, "Limber",
                                                                 false)))) {
            status = 1;
            goto done;
        }
        if (!wait_for_fix(&display, &watch, routine_path, l.watching.errors))
            goto done;
    }
    l.watching.errors[0] = '\0';
    if (!shown && !(shown = lb_display_open(&display, opts, l.routine->title, false))) {
        lb_session_close(&l);
        status = 1;
        goto done;
    }
    if (opts->watch) {
        l.watching.watch = &watch;
        lb_watch_set(&watch, routine_path, l.routine);
    }
    lb_session_show(&l, &display);
    lb_history_link_open(&l.history, opts, l.routine, routine_path, process_start_ms);
    lb_checkin_init(&l.checkin, opts, l.routine, l.history.on);
    if (opts->yes)
        start_routine(&l);
    run_loop(&l);
    finish_session(&l);
    lb_session_close(&l);
done:
    if (shown)
        lb_display_close(&display);
    lb_watch_destroy(&watch);
    return status;
}

int lb_player_library(const struct lb_options *opts, const char *const *folders, int n_folders,
                      const char *assets_dir, double process_start_ms)
{
    struct lb_library lib;
    if (!lb_library_init(&lib, folders, n_folders, assets_dir, opts->allow_any_path) ||
        (opts->import_from && !lb_library_add_imports(&lib, opts->import_from, assets_dir))) {
        lb_log_error("out of memory while reading the routine library");
        lb_library_destroy(&lib);
        return 1;
    }
    struct lb_display display;
    if (!lb_display_open(&display, opts, "Limber", false)) {
        lb_library_destroy(&lib);
        return 1;
    }
    struct lb_state state;
    lb_state_load(&state);
    for (int i = 0; i < lib.n_entries; i++) /* the routine chosen last time, selected */
        if (!strcmp(lib.entries[i].path, state.last_routine))
            lib.selected = i;
    lib.history = !opts->no_history;
    for (;;) {
        int choice = lb_library_choose(&lib, &display, opts);
        if (choice == LB_LIBRARY_HISTORY) {
            lb_progress_show(&display, opts);
            continue;
        }
        if (choice < 0)
            break;
        if (lib.entries[choice].import) { /* from a USB stick: add it, and choose again */
            /* TRANSLATORS: shown while a routine is checked and copied from a USB stick. */
            lb_library_show_busy(&lib, &display, opts, _("Adding it from the USB stick\u2026"));
            lb_library_import(&lib, choice, folders, n_folders, assets_dir, opts);
            continue;
        }
        snprintf(state.last_routine, sizeof(state.last_routine), "%s", lib.entries[choice].path);
        lb_state_save(&state);
        struct limber l;
        lb_session_defaults(&l, opts, process_start_ms);
        l.from_library = true;
        char why[1024];
        /* A bundle's members are hashed now, unless it was verified before and is unchanged. */
        char cache[PATH_MAX];
        if (lb_bundle_is_path(lib.entries[choice].path) &&
            !(lb_state_file(LB_STATE_VERIFIED_BUNDLES, cache, sizeof(cache)) &&
              lb_bundle_cache_knows(cache, lib.entries[choice].path)))
            /* TRANSLATORS: shown while a chosen bundle's files are checked before it plays. */
            lb_library_show_busy(&lib, &display, opts, _("Checking the routine's files\u2026"));
        if (!lb_session_open(&l, lib.entries[choice].path, assets_dir, why, sizeof(why))) {
            /* It was valid when listed: the file changed since, or (a bundle, whose members
             * are hashed only now) it is damaged. Its row says why from now on. */
            lb_library_set_error(&lib, choice, why);
            continue;
        }
        lb_session_show(&l, &display);
        lb_history_link_open(&l.history, opts, l.routine, lib.entries[choice].path,
                             process_start_ms);
        lb_checkin_init(&l.checkin, opts, l.routine, l.history.on);
        if (opts->yes)
            start_routine(&l);
        run_loop(&l);
        finish_session(&l);
        bool back = l.back_to_library;
        lb_session_close(&l);
        if (!back)
            break;
    }
    lb_display_close(&display);
    lb_library_destroy(&lib);
    return 0;
}

/* Play the whole routine on a simulated clock, as a person who continues every card would
 * (the end screen's snapshot). At the first exercise block: LB_SNAPSHOT_PAIN stops for pain
 * and skips, with LB_SNAPSHOT_PAIN_END ends from the pain stop, LB_SNAPSHOT_LEAVE leaves. */
static void run_through(struct lb_coach *c, unsigned flags)
{
    int64_t t = 0, limit = c->plan->total_ms + 3600 * 1000;
    struct lb_event ev;
    bool act = flags & (LB_SNAPSHOT_PAIN | LB_SNAPSHOT_PAIN_END | LB_SNAPSHOT_LEAVE);
    lb_coach_start(c, t);
    while (!c->done && t < limit) {
        t += 250;
        lb_coach_update(c, t);
        while (lb_coach_poll(c, &ev)) {
        }
        struct lb_coach_state st;
        lb_coach_state(c, &st);
        if (st.waiting) {
            lb_coach_command(c, LB_CMD_CONTINUE, t);
        } else if (act && st.phase == LB_PHASE_BLOCK && st.phase_elapsed_ms >= 5000 &&
                   c->plan->routine->steps[st.step].kind == LB_KIND_EXERCISE) {
            if (flags & LB_SNAPSHOT_LEAVE) {
                lb_coach_command(c, LB_CMD_PAUSE, t);
                lb_coach_command(c, LB_CMD_END, t);
            } else {
                lb_coach_command(c, LB_CMD_PAIN_STOP, t);
                lb_coach_command(c, flags & LB_SNAPSHOT_PAIN_END ? LB_CMD_END
                                                                 : LB_CMD_SKIP_AFTER_PAIN, t);
            }
            act = false;
        }
    }
    while (lb_coach_poll(c, &ev)) {
    }
}

int lb_player_snapshot(const struct lb_options *opts, const char *routine_path,
                       const char *assets_dir, const char *at, unsigned flags,
                       const char *out_path)
{
    struct limber l;
    lb_session_defaults(&l, opts, lb_now_ms_f());
    if (!lb_session_open(&l, routine_path, assets_dir, NULL, 0))
        return 1;
    struct lb_display display;
    if (!lb_display_open(&display, opts, l.routine->title, true)) {
        lb_session_close(&l);
        return 1;
    }
    lb_session_show(&l, &display);
    int status = 1;
    l.keys.open = flags & LB_SNAPSHOT_HELP;
    if (!strcmp(at, "start")) {
        l.start.stage = LB_START_SAFETY;
    } else if (!strcmp(at, "screening-stop")) {
        if (l.routine->n_screening == 0) {
            lb_log_error("'%s' has no screening questions: no screening stop to show",
                         routine_path);
            goto done;
        }
        l.start.stage = LB_START_STOPPED;
        l.start.question = 0;
    } else if (!strcmp(at, "question") || !strncmp(at, "screening", 9)) {
        /* screening, screening:N (1-based) or question: a screening question as asked */
        int n = 1;
        const char *num = !strncmp(at, "screening:", 10) ? at + 10 : NULL;
        char *end = NULL;
        if (num)
            n = (int)strtol(num, &end, 10);
        if ((num && (!num[0] || *end || n < 1)) || (!num && strcmp(at, "question") &&
                                                    strcmp(at, "screening"))) {
            lb_log_error("bad --at '%s': write screening or screening:N for question N", at);
            goto done;
        }
        if (l.routine->n_screening == 0) {
            lb_log_error("'%s' has no screening questions: no question to show", routine_path);
            goto done;
        }
        if (n > l.routine->n_screening) {
            lb_log_error("'%s' has %d screening question%s: there is no question %d",
                         routine_path, l.routine->n_screening,
                         l.routine->n_screening == 1 ? "" : "s", n);
            goto done;
        }
        l.start.stage = LB_START_QUESTION;
        l.start.question = n - 1;
        l.start.choice = 1; /* as when it is asked: "No" highlighted */
    } else if (!strcmp(at, "end")) {
        l.start.stage = LB_START_DONE;
        run_through(&l.coach, flags);
        l.outcome = l.coach.outcome;
    } else {
        int64_t pos = l.plan.total_ms;
        char why[128];
        if (!lb_duration_parse(at, false, &pos, why, sizeof(why))) {
            lb_log_error("bad time '%s' for --at: %s (e.g. 1:30, 90s, 2 min, start, "
                         "screening, screening:2, screening-stop, end)", at, why);
            goto done;
        }
        if (pos >= l.plan.total_ms) {
            /* Past the end there is nothing to show but an end screen with nothing done. */
            char len[32];
            lb_duration_clock(l.plan.total_ms, len, sizeof(len));
            lb_log_error("--at %s is past the end of '%s', which lasts %s (--at end shows "
                         "its end screen)", at, routine_path, len);
            goto done;
        }
        l.start.stage = LB_START_DONE;
        lb_coach_seek(&l.coach, pos, 0);
        if (flags & (LB_SNAPSHOT_PAIN | LB_SNAPSHOT_PAIN_SKIP)) {
            lb_coach_command(&l.coach, LB_CMD_PAIN_STOP, 0);
            l.ending.pain_choice = 0; /* as after P: "skip" highlighted */
        }
        if (flags & LB_SNAPSHOT_PAIN_SKIP) /* the rest after "skip", at its start */
            lb_coach_command(&l.coach, LB_CMD_SKIP_AFTER_PAIN, 0);
        if (flags & LB_SNAPSHOT_LEAVE) {
            lb_coach_command(&l.coach, LB_CMD_PAUSE, 0);
            l.ending.asking = true; /* as after Esc: "Continue" highlighted */
        }
        struct lb_coach_state st;
        lb_coach_state(&l.coach, &st);
        lb_session_settled_picture(&l, &st, 10000, true);
    }
    struct lb_coach_state st;
    lb_coach_state(&l.coach, &st);
    bool running = l.start.stage == LB_START_DONE && l.coach.started && !l.coach.done;
    lb_audio_out_update_caption(&l.audio, running && !st.waiting && !st.recovering && !st.paused
                                              ? st.routine_pos_ms : -1);
    lb_player_draw(&l, &st);
    SDL_Surface *s = lb_video_out_read(&l.display->video);
    if (s && lb_png_write(s, out_path))
        status = 0;
    SDL_FreeSurface(s);
done:
    lb_session_close(&l);
    lb_display_close(&display);
    return status;
}
