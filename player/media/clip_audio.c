/* Audio output: hands out resampled clip audio in timeline order and keeps the audio clock.
 * Runs on the audio callback's thread (lb_clip_audio_time on any). */
#include "clip_internal.h"

#include <string.h>

/* Drop the chunk being read. */
static void lb_drop_chunk(struct lb_clip *clip)
{
    av_frame_unref(clip->chunk);
    clip->chunk_valid = false;
    clip->chunk_offset = 0;
}

/* Both readers: `live` keeps time through underruns (see clip.h). */
static int read_audio(struct lb_clip *clip, float *out, int frames, bool live)
{
    int channels = clip->params.channels;
    size_t frame_size = sizeof(float) * (size_t)channels;
    if (frames <= 0)
        return 0;
    if (!clip->audio.active) {
        memset(out, 0, frame_size * (size_t)frames);
        return 0;
    }
    int serial = atomic_load(&clip->serial);
    int64_t pos = atomic_load(&clip->audio_time);
    if (serial != clip->reader_serial) {
        /* A seek: start over at its time. */
        lb_drop_chunk(clip);
        clip->reader_serial = serial;
        pos = atomic_load(&clip->seek_samples);
    }
    int done = 0;
    while (done < frames) {
        if (!clip->chunk_valid) {
            struct lb_frame_meta meta;
            if (!lb_frame_queue_pop(&clip->audio.frames, &meta, clip->chunk)) {
                if (live)
                    pos += frames - done; /* the device plays this silence now */
                break; /* underrun or end */
            }
            if (meta.serial != serial) {
                av_frame_unref(clip->chunk);
                continue;
            }
            clip->chunk_meta = meta;
            clip->chunk_valid = true;
            clip->chunk_offset = 0;
        }
        int64_t chunk_pos = clip->chunk_meta.time + clip->chunk_offset;
        int left = clip->chunk->nb_samples - clip->chunk_offset;
        int want = frames - done;
        if (chunk_pos > pos) {
            /* A hole in the clip's audio (e.g. audio shorter than the loop): keep time. */
            int gap = chunk_pos - pos < want ? (int)(chunk_pos - pos) : want;
            memset(out + (size_t)done * (size_t)channels, 0, frame_size * (size_t)gap);
            done += gap;
            pos += gap;
            continue;
        }
        int skip = chunk_pos < pos ? (int)(pos - chunk_pos < left ? pos - chunk_pos : left) : 0;
        int n = left - skip < want ? left - skip : want;
        if (clip->params.audio_once && clip->chunk_meta.iteration > 0)
            memset(out + (size_t)done * (size_t)channels, 0, frame_size * (size_t)n);
        else
            memcpy(out + (size_t)done * (size_t)channels,
                   clip->chunk->data[0] + (size_t)(clip->chunk_offset + skip) * frame_size,
                   frame_size * (size_t)n);
        clip->chunk_offset += skip + n;
        done += n;
        pos += n;
        if (clip->chunk_offset >= clip->chunk->nb_samples)
            lb_drop_chunk(clip);
    }
    if (done < frames)
        memset(out + (size_t)done * (size_t)channels, 0, frame_size * (size_t)(frames - done));
    atomic_store(&clip->audio_time, pos);
    return done;
}

int lb_clip_read_audio(struct lb_clip *clip, float *out, int frames)
{
    return read_audio(clip, out, frames, false);
}

int lb_clip_read_audio_live(struct lb_clip *clip, float *out, int frames)
{
    return read_audio(clip, out, frames, true);
}

void lb_clip_skip_audio(struct lb_clip *clip, int64_t ms)
{
    /* A seek not yet taken by the reader starts from its own time: nothing to skip. */
    if (ms > 0 && atomic_load(&clip->serial) == clip->reader_serial)
        atomic_fetch_add(&clip->audio_time, av_rescale(ms, clip->params.sample_rate, 1000));
}

int64_t lb_clip_audio_time(const struct lb_clip *clip)
{
    return av_rescale(atomic_load(&clip->audio_time), 1000, clip->params.sample_rate);
}

void lb_clip_audio_out_free(struct lb_clip *clip)
{
    av_frame_free(&clip->chunk);
    clip->chunk_valid = false;
}
