/* A clip's sound length from its container (see probe.h). */
#include "probe.h"

#include <unistd.h>

#include <libavformat/avformat.h>

#include "avio_fd.h"
#include "safe_file.h"

int64_t lb_probe_sound_ms(const char *path, int64_t start_ms, int64_t end_ms)
{
    char err[256];
    int fd = lb_file_open(path, 0, 0, NULL, err, sizeof(err));
    if (fd < 0)
        return -1;
    AVIOContext *io = lb_avio_fd_open(fd, 0, -1, true);
    AVFormatContext *fmt = io ? avformat_alloc_context() : NULL;
    int64_t ms = -1;
    if (!fmt) {
        if (io)
            lb_avio_fd_close(&io);
        else
            close(fd);
        return -1;
    }
    fmt->pb = io;
    if (avformat_open_input(&fmt, path, NULL, NULL) < 0) /* frees fmt on failure */
        goto done;
    if (avformat_find_stream_info(fmt, NULL) < 0)
        goto close;
    int a = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0);
    ms = 0;
    if (a >= 0) {
        const AVStream *st = fmt->streams[a];
        int64_t len = st->duration != AV_NOPTS_VALUE
                          ? av_rescale_q(st->duration, st->time_base, (AVRational){1, 1000})
                          : fmt->duration != AV_NOPTS_VALUE ? fmt->duration / 1000 : 0;
        int64_t end = end_ms >= 0 && end_ms < len ? end_ms : len;
        ms = end > start_ms ? end - start_ms : 0;
    }
close:
    avformat_close_input(&fmt);
done:
    lb_avio_fd_close(&io);
    return ms;
}
