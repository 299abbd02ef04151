/* An FFmpeg reader over a byte window of an already-opened file descriptor: the file that was
 * checked is the file that is read, and several readers can share one descriptor. */
#ifndef LB_AVIO_FD_H
#define LB_AVIO_FD_H

#include <stdbool.h>
#include <stdint.h>

#include <libavformat/avio.h>

/* A seekable AVIOContext reading the bytes [offset, offset + length) of descriptor fd
 * (length -1: from offset to the end of the file as it is now). Reads with pread, so the
 * descriptor's own position is never used or moved and several readers may share it. With
 * own_fd the descriptor is closed by lb_avio_fd_close (also when this fails); otherwise the
 * caller keeps it open at least until then. Set it as AVFormatContext.pb before
 * avformat_open_input. Returns NULL if the window is not inside the file or memory ran out. */
AVIOContext *lb_avio_fd_open(int fd, int64_t offset, int64_t length, bool own_fd);

/* Free a reader made by lb_avio_fd_open (and close its descriptor if it owns it), and set *ctx
 * to NULL. *ctx may be NULL. Call it after avformat_close_input, which leaves a custom pb. */
void lb_avio_fd_close(AVIOContext **ctx);

#endif
