/* The bundle manifest: a small YAML file read with libyaml's document loader and written with
 * its emitter (so any title is quoted correctly). */
#include "manifest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

void lb_manifest_free(struct lb_manifest *m)
{
    for (int i = 0; i < m->n_files; i++)
        free(m->files[i].name);
    for (int i = 0; i < m->n_refs; i++) {
        free(m->refs[i].written);
        free(m->refs[i].name);
    }
    free(m->files);
    free(m->refs);
    free(m->title);
    free(m->made_by);
    free(m->routine);
    *m = (struct lb_manifest){0};
}

/* ---- reading ---- */

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static bool text_field(yaml_node_t *v, const char *key, char **out, char *err, size_t err_size)
{
    const char *s = scalar(v);
    if (!s || !s[0] || *out) {
        snprintf(err, err_size, "its manifest's '%s' is %s", key,
                 *out ? "given twice" : "not a text");
        return false;
    }
    return (*out = strdup(s)) != NULL;
}

void lb_sha256_to_hex(const uint8_t sha[32], char hex[65])
{
    for (int k = 0; k < 32; k++)
        snprintf(hex + 2 * k, 3, "%02x", sha[k]);
}

bool lb_sha256_from_hex(const char *s, uint8_t out[32])
{
    if (!s || strlen(s) != 64)
        return false;
    for (int i = 0; i < 32; i++) {
        unsigned v;
        if (!strchr("0123456789abcdef", s[2 * i]) || !strchr("0123456789abcdef", s[2 * i + 1]) ||
            sscanf(s + 2 * i, "%2x", &v) != 1)
            return false;
        out[i] = (uint8_t)v;
    }
    return true;
}

static bool read_file_entry(yaml_document_t *doc, yaml_node_t *n, struct lb_manifest_file *f,
                            char *err, size_t err_size)
{
    if (n->type != YAML_MAPPING_NODE) {
        snprintf(err, err_size, "its manifest lists a file that is not 'name, size, sha256'");
        return false;
    }
    bool has_size = false, has_sha = false;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *key = scalar(yaml_document_get_node(doc, p->key));
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        const char *s = scalar(v);
        if (key && !strcmp(key, "name")) {
            if (!text_field(v, "name", &f->name, err, err_size))
                return false;
        } else if (key && !strcmp(key, "size")) {
            char *end = NULL;
            long long size = s ? strtoll(s, &end, 10) : -1;
            if (!s || !s[0] || *end || size < 0) {
                snprintf(err, err_size, "its manifest gives a file size that is not a number");
                return false;
            }
            f->size = size;
            has_size = true;
        } else if (key && !strcmp(key, "sha256")) {
            if (!lb_sha256_from_hex(s, f->sha256)) {
                snprintf(err, err_size, "its manifest gives a SHA-256 that is not 64 hex digits");
                return false;
            }
            has_sha = true;
        }
    }
    if (!f->name || !has_size || !has_sha) {
        snprintf(err, err_size, "its manifest lists a file without its name, size or sha256");
        return false;
    }
    return true;
}

static bool read_files(yaml_document_t *doc, yaml_node_t *list, struct lb_manifest *m,
                       int max_files, char *err, size_t err_size)
{
    if (list->type != YAML_SEQUENCE_NODE || m->files) {
        snprintf(err, err_size, "its manifest's 'files' is not one list");
        return false;
    }
    long len = list->data.sequence.items.top - list->data.sequence.items.start;
    if (len > max_files) {
        snprintf(err, err_size, "its manifest lists %ld files; a bundle holds at most %d", len,
                 max_files);
        return false;
    }
    m->files = calloc(len ? (size_t)len : 1, sizeof(*m->files));
    if (!m->files)
        return false;
    for (long i = 0; i < len; i++) {
        yaml_node_t *n = yaml_document_get_node(doc, list->data.sequence.items.start[i]);
        if (!n || !read_file_entry(doc, n, &m->files[m->n_files++], err, err_size))
            return false;
    }
    return true;
}

static bool read_refs(yaml_document_t *doc, yaml_node_t *map, struct lb_manifest *m,
                      int max_refs, char *err, size_t err_size)
{
    if (map->type != YAML_MAPPING_NODE || m->refs) {
        snprintf(err, err_size, "its manifest's 'paths' is not one mapping");
        return false;
    }
    long len = map->data.mapping.pairs.top - map->data.mapping.pairs.start;
    if (len > max_refs) {
        snprintf(err, err_size, "its manifest has %ld paths; at most %d", len, max_refs);
        return false;
    }
    m->refs = calloc(len ? (size_t)len : 1, sizeof(*m->refs));
    if (!m->refs)
        return false;
    for (long i = 0; i < len; i++) {
        yaml_node_pair_t *p = &map->data.mapping.pairs.start[i];
        const char *written = scalar(yaml_document_get_node(doc, p->key));
        const char *name = scalar(yaml_document_get_node(doc, p->value));
        if (!written || !name || !written[0] || !name[0]) {
            snprintf(err, err_size, "its manifest's 'paths' maps something that is not a path");
            return false;
        }
        struct lb_manifest_ref *r = &m->refs[m->n_refs++];
        r->written = strdup(written);
        r->name = strdup(name);
        if (!r->written || !r->name)
            return false;
    }
    return true;
}

static bool read_root(yaml_document_t *doc, struct lb_manifest *m, int max_files, char *err,
                      size_t err_size)
{
    yaml_node_t *root = yaml_document_get_root_node(doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        snprintf(err, err_size, "its manifest is not a Limber bundle manifest");
        return false;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        const char *key = scalar(yaml_document_get_node(doc, p->key));
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (!key || !v)
            continue;
        bool ok = true;
        if (!strcmp(key, "limber-bundle")) {
            const char *s = scalar(v);
            char *end = NULL;
            long n = s ? strtol(s, &end, 10) : 0;
            if (!s || !s[0] || *end || n < 1 || n > 1000000) {
                snprintf(err, err_size, "its manifest's format version is not a number");
                return false;
            }
            m->format = (int)n;
        } else if (!strcmp(key, "title")) {
            ok = text_field(v, "title", &m->title, err, err_size);
        } else if (!strcmp(key, "made-by")) {
            ok = text_field(v, "made-by", &m->made_by, err, err_size);
        } else if (!strcmp(key, "routine")) {
            ok = text_field(v, "routine", &m->routine, err, err_size);
        } else if (!strcmp(key, "files")) {
            ok = read_files(doc, v, m, max_files, err, err_size);
        } else if (!strcmp(key, "paths")) {
            ok = read_refs(doc, v, m, 4 * max_files, err, err_size);
        }
        if (!ok)
            return false;
    }
    if (!m->format || !m->title || !m->routine || !m->files) {
        snprintf(err, err_size, "its manifest lacks '%s'",
                 !m->format ? "limber-bundle" : !m->title ? "title"
                 : !m->routine ? "routine" : "files");
        return false;
    }
    return true;
}

bool lb_manifest_parse(struct lb_manifest *m, const char *text, size_t size, int max_files,
                       char *err, size_t err_size)
{
    *m = (struct lb_manifest){0};
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, size);
    bool ok = false;
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, err_size, "its manifest is not valid YAML (%s)",
                 parser.problem ? parser.problem : "unreadable");
    } else {
        err[0] = '\0';
        ok = read_root(&doc, m, max_files, err, err_size);
        if (!ok && !err[0])
            snprintf(err, err_size, "out of memory");
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    if (!ok)
        lb_manifest_free(m);
    return ok;
}

/* ---- writing ---- */

struct out_buf {
    char *data;
    size_t size, cap;
};

static int write_out(void *data, unsigned char *bytes, size_t n)
{
    struct out_buf *o = data;
    if (o->size + n + 1 > o->cap) {
        size_t cap = (o->size + n + 1) * 2;
        char *grown = realloc(o->data, cap);
        if (!grown)
            return 0;
        o->data = grown;
        o->cap = cap;
    }
    memcpy(o->data + o->size, bytes, n);
    o->size += n;
    o->data[o->size] = '\0';
    return 1;
}

static bool emit(yaml_emitter_t *e, yaml_event_t *ev)
{
    return yaml_emitter_emit(e, ev) != 0;
}

static bool emit_scalar(yaml_emitter_t *e, const char *s)
{
    yaml_event_t ev;
    return yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
                                        YAML_ANY_SCALAR_STYLE) && emit(e, &ev);
}

static bool emit_pair(yaml_emitter_t *e, const char *key, const char *value)
{
    return emit_scalar(e, key) && emit_scalar(e, value);
}

static bool emit_mapping(yaml_emitter_t *e, bool start)
{
    yaml_event_t ev;
    if (start)
        return yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE)
               && emit(e, &ev);
    return yaml_mapping_end_event_initialize(&ev) && emit(e, &ev);
}

static bool emit_body(yaml_emitter_t *e, const struct lb_manifest *m)
{
    char number[32];
    yaml_event_t ev;
    snprintf(number, sizeof(number), "%d", m->format);
    if (!emit_mapping(e, true) || !emit_pair(e, "limber-bundle", number) ||
        !emit_pair(e, "title", m->title) || !emit_pair(e, "made-by", m->made_by) ||
        !emit_pair(e, "routine", m->routine) || !emit_scalar(e, "files"))
        return false;
    if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) ||
        !emit(e, &ev))
        return false;
    for (int i = 0; i < m->n_files; i++) {
        const struct lb_manifest_file *f = &m->files[i];
        char hex[65];
        lb_sha256_to_hex(f->sha256, hex);
        snprintf(number, sizeof(number), "%" PRId64, f->size);
        if (!emit_mapping(e, true) || !emit_pair(e, "name", f->name) ||
            !emit_pair(e, "size", number) || !emit_pair(e, "sha256", hex) ||
            !emit_mapping(e, false))
            return false;
    }
    if (!yaml_sequence_end_event_initialize(&ev) || !emit(e, &ev) || !emit_scalar(e, "paths") ||
        !emit_mapping(e, true))
        return false;
    for (int i = 0; i < m->n_refs; i++)
        if (!emit_pair(e, m->refs[i].written, m->refs[i].name))
            return false;
    return emit_mapping(e, false) && emit_mapping(e, false);
}

bool lb_manifest_emit(const struct lb_manifest *m, char **out, size_t *out_size)
{
    struct out_buf o = {0};
    yaml_emitter_t e;
    yaml_event_t ev;
    if (!yaml_emitter_initialize(&e))
        return false;
    yaml_emitter_set_output(&e, write_out, &o);
    yaml_emitter_set_unicode(&e, 1);
    yaml_emitter_set_width(&e, -1);
    bool ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) && emit(&e, &ev) &&
              yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) && emit(&e, &ev) &&
              emit_body(&e, m) && yaml_document_end_event_initialize(&ev, 1) && emit(&e, &ev) &&
              yaml_stream_end_event_initialize(&ev) && emit(&e, &ev) && yaml_emitter_flush(&e);
    yaml_emitter_delete(&e);
    if (!ok || !o.data) {
        free(o.data);
        return false;
    }
    *out = o.data;
    *out_size = o.size;
    return true;
}
