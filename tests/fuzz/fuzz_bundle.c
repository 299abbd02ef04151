/* libFuzzer target: the bundle reader (libzip through the descriptor source, every member
 * check, the manifest parser, SHA-256 verification), listing and opening, on arbitrary bytes
 * read from a memory file as a bundle on disk is; and the manifest parser alone on them. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bundle.h"
#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    struct lb_manifest m;
    if (lb_manifest_parse(&m, (const char *)data, size, LB_BUNDLE_MAX_MEMBERS, err,
                          sizeof(err)))
        lb_manifest_free(&m);
    int fd = memfd_create("bundle", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) {
            close(fd);
            return 0;
        }
        done += (size_t)n;
    }
    struct lb_bundle b;
    /* Listed (as the library does: every check but the members' hashes), then opened. */
    int listed = dup(fd);
    if (listed >= 0 && lb_bundle_list_fd(&b, listed, NULL, err, sizeof(err))) {
        for (int i = 0; i < b.n_refs; i++)
            lb_bundle_lookup(&b, b.refs[i].written);
        lb_bundle_close(&b);
    }
    if (lb_bundle_open_fd(&b, fd, NULL, err, sizeof(err))) {
        for (int i = 0; i < b.n_refs; i++)
            lb_bundle_lookup(&b, b.refs[i].written);
        lb_bundle_lookup(&b, "./clips//a.mp4");
        lb_bundle_close(&b);
    }
    return 0;
}
