/* The bundle manifest (limber-bundle.yaml): reading and writing it with libyaml. Internal to
 * the bundle module. */
#ifndef LB_MANIFEST_H
#define LB_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lb_manifest_file {
    char *name;
    int64_t size;
    uint8_t sha256[32];
};

struct lb_manifest_ref {
    char *written;   /* as the routine file writes it */
    char *name;      /* the member */
};

struct lb_manifest {
    int format;
    char *title;
    char *made_by;
    char *routine;   /* the routine file's member name */
    struct lb_manifest_file *files;
    int n_files;
    struct lb_manifest_ref *refs;
    int n_refs;
};

/* Parse size bytes of manifest text into m (zeroed first). Returns false with the reason in
 * err; m is then empty. At most max_files files and as many references. */
bool lb_manifest_parse(struct lb_manifest *m, const char *text, size_t size, int max_files,
                       char *err, size_t err_size);

/* The manifest as YAML text: *out malloc'd (caller frees), *out_size bytes. */
bool lb_manifest_emit(const struct lb_manifest *m, char **out, size_t *out_size);

void lb_manifest_free(struct lb_manifest *m);

/* A SHA-256 as the manifest writes it: 64 lowercase hex digits and a NUL into hex. */
void lb_sha256_to_hex(const uint8_t sha[32], char hex[65]);

/* 64 lowercase hex digits (nothing after them) into sha; false for anything else. */
bool lb_sha256_from_hex(const char *hex, uint8_t sha[32]);

#endif
