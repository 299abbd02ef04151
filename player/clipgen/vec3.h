/* Small 3-D vector and rotation helpers for the clip generator's skeleton. */
#ifndef LB_VEC3_H
#define LB_VEC3_H

#include <math.h>

#define LB_PI 3.14159265358979323846
#define LB_RAD(deg) ((deg) * (LB_PI / 180.0))
#define LB_DEG(rad) ((rad) * (180.0 / LB_PI))

struct lb_vec3 {
    double x, y, z;
};

/* Row-major 3x3 matrix; columns are the local axes expressed in the parent frame. */
struct lb_mat3 {
    double m[3][3];
};

static inline struct lb_vec3 lb_v3(double x, double y, double z)
{
    return (struct lb_vec3){x, y, z};
}

static inline struct lb_vec3 lb_v3_add(struct lb_vec3 a, struct lb_vec3 b)
{
    return lb_v3(a.x + b.x, a.y + b.y, a.z + b.z);
}

static inline struct lb_vec3 lb_v3_sub(struct lb_vec3 a, struct lb_vec3 b)
{
    return lb_v3(a.x - b.x, a.y - b.y, a.z - b.z);
}

static inline struct lb_vec3 lb_v3_scale(struct lb_vec3 a, double s)
{
    return lb_v3(a.x * s, a.y * s, a.z * s);
}

static inline double lb_v3_len(struct lb_vec3 a)
{
    return sqrt(a.x * a.x + a.y * a.y + a.z * a.z);
}

static inline struct lb_vec3 lb_m3_apply(const struct lb_mat3 *r, struct lb_vec3 v)
{
    return lb_v3(r->m[0][0] * v.x + r->m[0][1] * v.y + r->m[0][2] * v.z,
                 r->m[1][0] * v.x + r->m[1][1] * v.y + r->m[1][2] * v.z,
                 r->m[2][0] * v.x + r->m[2][1] * v.y + r->m[2][2] * v.z);
}

/* The inverse of a rotation is its transpose: maps parent coordinates into local ones. */
static inline struct lb_vec3 lb_m3_apply_inv(const struct lb_mat3 *r, struct lb_vec3 v)
{
    return lb_v3(r->m[0][0] * v.x + r->m[1][0] * v.y + r->m[2][0] * v.z,
                 r->m[0][1] * v.x + r->m[1][1] * v.y + r->m[2][1] * v.z,
                 r->m[0][2] * v.x + r->m[1][2] * v.y + r->m[2][2] * v.z);
}

static inline struct lb_mat3 lb_m3_mul(const struct lb_mat3 *a, const struct lb_mat3 *b)
{
    struct lb_mat3 r;
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            r.m[i][j] = a->m[i][0] * b->m[0][j] + a->m[i][1] * b->m[1][j]
                        + a->m[i][2] * b->m[2][j];
        }
    }
    return r;
}

/* Rotation about the x, y or z axis by deg degrees (counter-clockwise seen from +axis). */
static inline struct lb_mat3 lb_m3_rot(int axis, double deg)
{
    double c = cos(LB_RAD(deg)), s = sin(LB_RAD(deg));
    switch (axis) {
    case 0:
        return (struct lb_mat3){{{1, 0, 0}, {0, c, -s}, {0, s, c}}};
    case 1:
        return (struct lb_mat3){{{c, 0, s}, {0, 1, 0}, {-s, 0, c}}};
    default:
        return (struct lb_mat3){{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}};
    }
}

/* Post-multiplies r by a rotation about its own local axis: r = r * rot(axis, deg). */
static inline void lb_m3_turn(struct lb_mat3 *r, int axis, double deg)
{
    if (deg != 0.0) {
        struct lb_mat3 t = lb_m3_rot(axis, deg);
        *r = lb_m3_mul(r, &t);
    }
}

#endif
