/* A pread-based AVIOContext over a byte window of a file descriptor. */
#include "avio_fd.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavutil/error.h>
#include <libavutil/mem.h>

#define LB_AVIO_BUFFER (64 * 1024)

/* The reader's state, the AVIOContext's opaque. */
struct lb_avio_fd {
    int fd;
    bool own_fd;
    int64_t offset; /* window start in the file */
    int64_t length; /* window length */
    int64_t pos;    /* next byte to read, relative to offset */
};

static int read_window(void *opaque, uint8_t *buf, int buf_size)
{
    struct lb_avio_fd *w = opaque;
    int64_t left = w->length - w->pos;
    if (left <= 0)
        return AVERROR_EOF;
    size_t want = buf_size < left ? (size_t)buf_size : (size_t)left;
    ssize_t n;
    do
        n = pread(w->fd, buf, want, (off_t)(w->offset + w->pos));
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return AVERROR(errno);
    if (n == 0)
        return AVERROR_EOF; /* the file was cut short after the window was set */
    w->pos += n;
    return (int)n;
}

static int64_t seek_window(void *opaque, int64_t offset, int whence)
{
    struct lb_avio_fd *w = opaque;
    int64_t base;
    switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE:
        return w->length;
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = w->pos;
        break;
    case SEEK_END:
        base = w->length;
        break;
    default:
        return AVERROR(EINVAL);
    }
    if (offset > INT64_MAX - base)
        return AVERROR(EINVAL);
    int64_t pos = base + offset;
    if (pos < 0)
        return AVERROR(EINVAL);
    w->pos = pos; /* past the end is allowed: reads give EOF there */
    return pos;
}

AVIOContext *lb_avio_fd_open(int fd, int64_t offset, int64_t length, bool own_fd)
{
    struct stat st;
    if (fd < 0 || offset < 0 || fstat(fd, &st) != 0)
        goto fail_fd;
    if (length < 0) {
        if (offset > st.st_size)
            goto fail_fd;
        length = st.st_size - offset;
    } else if (length > INT64_MAX - offset || offset + length > st.st_size) {
        goto fail_fd;
    }
    struct lb_avio_fd *w = av_mallocz(sizeof(*w));
    if (!w)
        goto fail_fd;
    *w = (struct lb_avio_fd){ .fd = fd, .own_fd = own_fd, .offset = offset, .length = length };
    unsigned char *buffer = av_malloc(LB_AVIO_BUFFER);
    if (!buffer)
        goto fail_window;
    AVIOContext *ctx = avio_alloc_context(buffer, LB_AVIO_BUFFER, 0, w, read_window, NULL,
                                          seek_window);
    if (!ctx)
        goto fail_buffer;
    ctx->seekable = AVIO_SEEKABLE_NORMAL;
    return ctx;

fail_buffer:
    av_free(buffer);
fail_window:
    av_free(w);
fail_fd:
    if (own_fd && fd >= 0)
        close(fd);
    return NULL;
}

void lb_avio_fd_close(AVIOContext **ctx)
{
    if (!ctx || !*ctx)
        return;
    struct lb_avio_fd *w = (*ctx)->opaque;
    if (w && w->own_fd)
        close(w->fd);
    av_free(w);
    av_freep(&(*ctx)->buffer);
    avio_context_free(ctx);
}
