/* Frame painting: a calm room, a teal mat, an optional chair and the figure, far to near. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "draw.h"

struct rgb {
    double r, g, b;
};

static const struct rgb wall_top = {0.878, 0.906, 0.929};
static const struct rgb wall_low = {0.776, 0.824, 0.863};
static const struct rgb floor_back = {0.835, 0.816, 0.784};
static const struct rgb floor_front = {0.890, 0.875, 0.847};
static const struct rgb mat_top = {0.247, 0.557, 0.541};
static const struct rgb mat_edge = {0.176, 0.420, 0.408};
static const struct rgb chair_wood = {0.604, 0.490, 0.392};
static const struct rgb skin = {0.910, 0.690, 0.545};
static const struct rgb hair = {0.345, 0.239, 0.176};
static const struct rgb shirt = {0.855, 0.463, 0.353};
static const struct rgb trousers = {0.435, 0.365, 0.510};
static const struct rgb shoes = {0.310, 0.310, 0.345};

/* Far-side limbs are shaded so a viewer can tell the near arm and leg from the far ones. */
#define FAR_SHADE 0.72
#define OUTLINE_SHADE 0.55
#define OUTLINE_PX 1.6

static struct rgb shade(struct rgb c, double k)
{
    return (struct rgb){c.r * k, c.g * k, c.b * k};
}

static void set_rgb(cairo_t *cr, struct rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* World point into camera space: x right, y up, z towards the viewer. */
static struct lb_vec3 to_view(const struct lb_camera *cam, struct lb_vec3 p)
{
    struct lb_mat3 v = lb_m3_rot(0, cam->pitch);
    lb_m3_turn(&v, 1, cam->yaw);
    return lb_m3_apply(&v, p);
}

static void to_px(const struct lb_camera *cam, struct lb_vec3 p, double *x, double *y)
{
    struct lb_vec3 v = to_view(cam, p);
    *x = cam->cx + cam->scale * v.x;
    *y = cam->cy - cam->scale * v.y;
}

/* Margin in pixels between the mat and the picture's edges. */
#define MAT_MARGIN 16.0
/* Minimum margin in pixels between the figure and the picture's edges. */
#define FIGURE_MARGIN 24.0

/* Joint positions sampled over the loop when the camera is fitted. */
#define FIT_PHASES 64

/* A joint seen by the camera at scale 1 with no offset: centre and radius. */
struct spot {
    double x, y, r;
};

/*
 * Where Limber's own overlay covers the picture at its default layout (16:9, text scale 1),
 * as fractions of the frame: the step title at the top left (the bundled routines' longest,
 * "Half-kneeling hip-flexor stretch", reaches 63 % across), the side and set line under it,
 * and the timer with the rep counter at the top right. A figure drawn there would be hidden
 * behind them in the player.
 */
static const struct {
    double x0, y0, x1, y1;
} overlay_areas[] = {
    {0.00, 0.00, 0.65, 0.15},
    {0.00, 0.15, 0.36, 0.24},
    {0.74, 0.00, 1.00, 0.38},
};

/* How far down (fraction of the height) a figure may be moved to clear the overlay: the top
 * of the "Stop if painful" strip at the bottom left. */
#define BOTTOM_CLEAR 0.86

/* Does any joint, placed by the camera, reach under the overlay? */
static bool under_overlay(const struct lb_camera *cam, const struct spot *seen, int n,
                          int width, int height)
{
    for (int i = 0; i < n; i++) {
        double x = cam->cx + cam->scale * seen[i].x, y = cam->cy + cam->scale * seen[i].y;
        double r = cam->scale * seen[i].r;
        for (size_t a = 0; a < sizeof(overlay_areas) / sizeof(overlay_areas[0]); a++) {
            if (x + r > overlay_areas[a].x0 * width && x - r < overlay_areas[a].x1 * width &&
                y + r > overlay_areas[a].y0 * height && y - r < overlay_areas[a].y1 * height)
                return true;
        }
    }
    return false;
}

/*
 * How far to move a span [a0, a1] so it lies within [lo, hi] (it fits: the scale saw to
 * that), limited so the span [f0, f1] of the figure stays FIGURE_MARGIN inside [0, size].
 */
static double shift_into(double a0, double a1, double lo, double hi, double f0, double f1,
                         double size)
{
    double by = a0 < lo ? lo - a0 : (a1 > hi ? hi - a1 : 0.0);
    by = fmin(by, fmax(0.0, size - FIGURE_MARGIN - f1));
    return fmax(by, fmin(0.0, FIGURE_MARGIN - f0));
}

void lb_camera_fit(struct lb_camera *cam, const struct lb_exercise *ex, int width, int height)
{
    cam->yaw = ex->cam_yaw;
    cam->pitch = ex->cam_pitch;
    cam->scale = 1.0;
    cam->cx = cam->cy = 0.0;
    lb_skeleton_place(ex, 0.0, &cam->rest);

    double wx0 = HUGE_VAL, wx1 = -HUGE_VAL;
    double px0 = HUGE_VAL, px1 = -HUGE_VAL, py0 = HUGE_VAL, py1 = -HUGE_VAL;
    struct spot seen[FIT_PHASES * LB_J_COUNT]; /* every joint of the loop, at scale 1 */
    int n_seen = 0;
    for (int i = 0; i < FIT_PHASES; i++) {
        struct lb_skeleton sk;
        lb_skeleton_place(ex, i / (double)FIT_PHASES, &sk);
        for (int j = 0; j < LB_J_COUNT; j++) {
            if (ex->close_up && !(j <= LB_J_HEAD || j == LB_J_R_ELBOW || j == LB_J_L_ELBOW))
                continue;
            double r = lb_joint_radius(j), x, y;
            wx0 = fmin(wx0, sk.joint[j].x - r);
            wx1 = fmax(wx1, sk.joint[j].x + r);
            to_px(cam, sk.joint[j], &x, &y);
            seen[n_seen++] = (struct spot){x, y, r};
            px0 = fmin(px0, x - r);
            px1 = fmax(px1, x + r);
            py0 = fmin(py0, y - r);
            py1 = fmax(py1, y + r);
        }
    }
    double mid = 0.5 * (wx0 + wx1), len = fmax(1.9, wx1 - wx0 + 0.3);
    cam->mat_x0 = mid - 0.5 * len;
    cam->mat_x1 = mid + 0.5 * len;
    double z0 = HUGE_VAL, z1 = -HUGE_VAL;
    for (int j = 0; j < LB_J_COUNT; j++) {
        if (j < LB_J_R_SHOULDER || j >= LB_J_R_HIP) { /* trunk and legs: arms may reach off */
            z0 = fmin(z0, cam->rest.joint[j].z);
            z1 = fmax(z1, cam->rest.joint[j].z);
        }
    }
    double half = fmin(fmax(0.32, 0.5 * (z1 - z0) + 0.1), 0.5);
    cam->mat_z0 = 0.5 * (z0 + z1) - half;
    cam->mat_z1 = 0.5 * (z0 + z1) + half;
    if (ex->prop == LB_PROP_CHAIR) /* a chair stands on bare floor */
        cam->mat_x0 = cam->mat_x1 = mid;

    /* Leave room for the floor in front of the figure so it does not stand on the edge. */
    if (!ex->close_up)
        py1 = fmax(py1, 0.12);

    /* The mat's corners, so the whole mat is in the picture too (with a narrower margin). */
    double mx0 = HUGE_VAL, mx1 = -HUGE_VAL, my0 = HUGE_VAL, my1 = -HUGE_VAL;
    bool mat = !ex->close_up && cam->mat_x1 > cam->mat_x0;
    for (int i = 0; mat && i < 8; i++) {
        double x, y;
        to_px(cam,
              lb_v3(i & 1 ? cam->mat_x1 : cam->mat_x0, i & 2 ? -0.012 : 0.0,
                    i & 4 ? cam->mat_z1 : cam->mat_z0),
              &x, &y);
        mx0 = fmin(mx0, x);
        mx1 = fmax(mx1, x);
        my0 = fmin(my0, y);
        my1 = fmax(my1, y);
    }
    double sx = (width - 220.0) / (px1 - px0), sy = (height - 110.0) / (py1 - py0);
    cam->scale = fmin(fmin(sx, sy), ex->close_up ? 720.0 : 560.0);
    if (mat)
        cam->scale = fmin(cam->scale, fmin((width - 2.0 * MAT_MARGIN) / (mx1 - mx0),
                                           (height - 2.0 * MAT_MARGIN) / (my1 - my0)));
    /* Smaller until no joint of the loop goes under the player's title or timer. */
    for (int tries = 0; tries < 40; tries++) {
        cam->cx = 0.5 * width - cam->scale * 0.5 * (px0 + px1);
        cam->cy = 0.5 * height + 10.0 - cam->scale * 0.5 * (py0 + py1);
        if (mat) { /* slide the picture (never the figure off it) until the mat's ends are in */
            cam->cx += shift_into(cam->cx + cam->scale * mx0, cam->cx + cam->scale * mx1,
                                  MAT_MARGIN, width - MAT_MARGIN, cam->cx + cam->scale * px0,
                                  cam->cx + cam->scale * px1, width);
            cam->cy += shift_into(cam->cy + cam->scale * my0, cam->cy + cam->scale * my1,
                                  MAT_MARGIN, height - MAT_MARGIN, cam->cy + cam->scale * py0,
                                  cam->cy + cam->scale * py1, height);
        }
        /* Lower first, while the figure's feet stay above the player's bottom strip, then
         * smaller: a figure on the floor has room below its mat. */
        double base_cy = cam->cy, lowest = cam->cy + cam->scale * py1;
        bool clear = false;
        for (double dy = 0; !clear && lowest + dy <= BOTTOM_CLEAR * height; dy += 0.01 * height) {
            cam->cy = base_cy + dy;
            clear = !under_overlay(cam, seen, n_seen, width, height);
        }
        if (clear)
            break;
        cam->cy = base_cy;
        cam->scale *= 0.97;
    }
}

static void draw_room(cairo_t *cr, const struct lb_camera *cam, int width, int height)
{
    double fx, floor_y;
    to_px(cam, lb_v3(0.5 * (cam->mat_x0 + cam->mat_x1), -0.012, -1.6), &fx, &floor_y);
    cairo_pattern_t *wall = cairo_pattern_create_linear(0, 0, 0, floor_y);
    cairo_pattern_add_color_stop_rgb(wall, 0, wall_top.r, wall_top.g, wall_top.b);
    cairo_pattern_add_color_stop_rgb(wall, 1, wall_low.r, wall_low.g, wall_low.b);
    cairo_set_source(cr, wall);
    cairo_rectangle(cr, 0, 0, width, floor_y);
    cairo_fill(cr);
    cairo_pattern_destroy(wall);

    cairo_pattern_t *fl = cairo_pattern_create_linear(0, floor_y, 0, height);
    cairo_pattern_add_color_stop_rgb(fl, 0, floor_back.r, floor_back.g, floor_back.b);
    cairo_pattern_add_color_stop_rgb(fl, 1, floor_front.r, floor_front.g, floor_front.b);
    cairo_set_source(cr, fl);
    cairo_rectangle(cr, 0, floor_y, width, height - floor_y);
    cairo_fill(cr);
    cairo_pattern_destroy(fl);

    set_rgb(cr, shade(wall_low, 0.86));
    cairo_rectangle(cr, 0, floor_y - 2, width, 4);
    cairo_fill(cr);
}

static void quad(cairo_t *cr, const struct lb_camera *cam, const struct lb_vec3 p[4],
                 struct rgb fill)
{
    for (int i = 0; i < 4; i++) {
        double x, y;
        to_px(cam, p[i], &x, &y);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
    set_rgb(cr, fill);
    cairo_fill(cr);
}

static void draw_mat(cairo_t *cr, const struct lb_camera *cam)
{
    if (cam->mat_x1 <= cam->mat_x0)
        return;
    double x0 = cam->mat_x0, x1 = cam->mat_x1, z0 = cam->mat_z0, z1 = cam->mat_z1;
    double t = 0.012;
    struct lb_vec3 front[4] = {lb_v3(x0, 0, z1), lb_v3(x1, 0, z1), lb_v3(x1, -t, z1),
                               lb_v3(x0, -t, z1)};
    struct lb_vec3 top[4] = {lb_v3(x0, 0, z0), lb_v3(x1, 0, z0), lb_v3(x1, 0, z1),
                             lb_v3(x0, 0, z1)};
    struct lb_vec3 end[4] = {lb_v3(x1, 0, z0), lb_v3(x1, 0, z1), lb_v3(x1, -t, z1),
                             lb_v3(x1, -t, z0)};
    quad(cr, cam, end, mat_edge);
    quad(cr, cam, front, mat_edge);
    quad(cr, cam, top, mat_top);
}

/* An axis-aligned wooden box, drawn as its visible faces (camera looks from +z, above). */
static void box(cairo_t *cr, const struct lb_camera *cam, struct lb_vec3 lo, struct lb_vec3 hi)
{
    struct lb_vec3 top[4] = {lb_v3(lo.x, hi.y, lo.z), lb_v3(hi.x, hi.y, lo.z),
                             lb_v3(hi.x, hi.y, hi.z), lb_v3(lo.x, hi.y, hi.z)};
    struct lb_vec3 front[4] = {lb_v3(lo.x, hi.y, hi.z), lb_v3(hi.x, hi.y, hi.z),
                               lb_v3(hi.x, lo.y, hi.z), lb_v3(lo.x, lo.y, hi.z)};
    struct lb_vec3 side[4] = {lb_v3(hi.x, hi.y, lo.z), lb_v3(hi.x, hi.y, hi.z),
                              lb_v3(hi.x, lo.y, hi.z), lb_v3(hi.x, lo.y, lo.z)};
    quad(cr, cam, side, shade(chair_wood, 0.75));
    quad(cr, cam, front, shade(chair_wood, 0.88));
    quad(cr, cam, top, chair_wood);
}

static void draw_chair(cairo_t *cr, const struct lb_camera *cam)
{
    struct lb_vec3 root = cam->rest.joint[LB_J_ROOT];
    double seat = root.y - lb_joint_radius(LB_J_ROOT), x0 = root.x - 0.24, x1 = root.x + 0.22;
    double z0 = root.z - 0.23, z1 = root.z + 0.23, leg = 0.035;
    /* Far legs and the backrest first, then the seat, then the near legs. */
    box(cr, cam, lb_v3(x0, 0, z0), lb_v3(x0 + leg, seat, z0 + leg));
    box(cr, cam, lb_v3(x1 - leg, 0, z0), lb_v3(x1, seat, z0 + leg));
    box(cr, cam, lb_v3(x0, seat, z0), lb_v3(x0 + leg, seat + 0.48, z0 + leg));
    box(cr, cam, lb_v3(x0, seat, z1 - leg), lb_v3(x0 + leg, seat + 0.48, z1));
    box(cr, cam, lb_v3(x0, seat + 0.30, z0), lb_v3(x0 + leg, seat + 0.46, z1));
    box(cr, cam, lb_v3(x0, seat - 0.04, z0), lb_v3(x1, seat, z1));
    box(cr, cam, lb_v3(x0, 0, z1 - leg), lb_v3(x0 + leg, seat - 0.04, z1));
    box(cr, cam, lb_v3(x1 - leg, 0, z1 - leg), lb_v3(x1, seat - 0.04, z1));
}

/* One body part: a tapered capsule between two joints, or a ball when both are the same. */
struct part {
    int a, b;
    double ra, rb;
    struct rgb colour;
    double depth;
};

static void capsule_path(cairo_t *cr, double ax, double ay, double ra, double bx, double by,
                         double rb)
{
    double th = atan2(by - ay, bx - ax);
    cairo_new_sub_path(cr);
    cairo_arc(cr, bx, by, rb, th - 0.5 * LB_PI, th + 0.5 * LB_PI);
    cairo_arc(cr, ax, ay, ra, th + 0.5 * LB_PI, th + 1.5 * LB_PI);
    cairo_close_path(cr);
}

static void draw_part(cairo_t *cr, const struct lb_camera *cam, const struct lb_skeleton *sk,
                      const struct part *p)
{
    double ax, ay, bx, by, s = cam->scale;
    to_px(cam, sk->joint[p->a], &ax, &ay);
    to_px(cam, sk->joint[p->b], &bx, &by);
    capsule_path(cr, ax, ay, p->ra * s + OUTLINE_PX, bx, by, p->rb * s + OUTLINE_PX);
    set_rgb(cr, shade(p->colour, OUTLINE_SHADE));
    cairo_fill(cr);
    capsule_path(cr, ax, ay, p->ra * s, bx, by, p->rb * s);
    set_rgb(cr, p->colour);
    cairo_fill(cr);
}

/* Several parts drawn as one shape: every outline first, then every fill, so the parts
 * merge without seams (the trunk: pelvis, waist, chest and shoulders). */
static void draw_merged(cairo_t *cr, const struct lb_camera *cam, const struct lb_skeleton *sk,
                        const struct part *parts, int n)
{
    double s = cam->scale;
    for (int pass = 0; pass < 2; pass++) {
        double grow = pass == 0 ? OUTLINE_PX : 0.0;
        for (int i = 0; i < n; i++) {
            double ax, ay, bx, by;
            to_px(cam, sk->joint[parts[i].a], &ax, &ay);
            to_px(cam, sk->joint[parts[i].b], &bx, &by);
            capsule_path(cr, ax, ay, parts[i].ra * s + grow, bx, by, parts[i].rb * s + grow);
            set_rgb(cr, pass == 0 ? shade(parts[i].colour, OUTLINE_SHADE) : parts[i].colour);
            cairo_fill(cr);
        }
    }
}

static void draw_trunk(cairo_t *cr, const struct lb_camera *cam, const struct lb_skeleton *sk)
{
    const struct part trunk[] = {
        {LB_J_R_HIP, LB_J_L_HIP, 0.095, 0.095, trousers, 0},
        {LB_J_ROOT, LB_J_LOWBACK, 0.11, 0.10, trousers, 0},
        {LB_J_LOWBACK, LB_J_MIDBACK, 0.095, 0.10, shirt, 0},
        {LB_J_MIDBACK, LB_J_NECK, 0.10, 0.115, shirt, 0},
        {LB_J_R_SHOULDER, LB_J_L_SHOULDER, 0.07, 0.07, shirt, 0},
    };
    draw_merged(cr, cam, sk, trunk, 5);
}

static void draw_head(cairo_t *cr, const struct lb_camera *cam, const struct lb_skeleton *sk)
{
    const struct part neck = {LB_J_NECK, LB_J_HEAD_BASE, 0.045, 0.045, skin, 0};
    draw_part(cr, cam, sk, &neck);
    struct lb_vec3 c = sk->joint[LB_J_HEAD];
    struct lb_vec3 fwd = lb_m3_apply(&sk->head, lb_v3(1, 0, 0));
    struct lb_vec3 up = lb_m3_apply(&sk->head, lb_v3(0, 1, 0));
    double x, y, r = 0.105 * cam->scale;
    to_px(cam, c, &x, &y);
    cairo_arc(cr, x, y, r + OUTLINE_PX, 0, 2 * LB_PI);
    set_rgb(cr, shade(skin, OUTLINE_SHADE));
    cairo_fill(cr);

    /* The nose shows where the face points; hair covers the back and top of the head. */
    double nx, ny, hx, hy;
    to_px(cam, lb_v3_add(c, lb_v3_add(lb_v3_scale(fwd, 0.1), lb_v3_scale(up, -0.01))), &nx,
          &ny);
    cairo_arc(cr, nx, ny, 0.024 * cam->scale + OUTLINE_PX, 0, 2 * LB_PI);
    cairo_fill(cr);
    cairo_arc(cr, nx, ny, 0.024 * cam->scale, 0, 2 * LB_PI);
    set_rgb(cr, skin);
    cairo_fill(cr);
    cairo_arc(cr, x, y, r, 0, 2 * LB_PI);
    cairo_fill(cr);

    cairo_save(cr);
    cairo_arc(cr, x, y, r, 0, 2 * LB_PI);
    cairo_clip(cr);
    /* Seen from the front, the hair moves up so it covers the crown and not the face. */
    double facing = fmax(to_view(cam, lb_v3_add(c, fwd)).z - to_view(cam, c).z, 0.0);
    double lift = 0.06 + 0.04 * facing;
    to_px(cam, lb_v3_add(c, lb_v3_add(lb_v3_scale(fwd, -0.035), lb_v3_scale(up, lift))), &hx,
          &hy);
    cairo_arc(cr, hx, hy, r * 0.92, 0, 2 * LB_PI);
    set_rgb(cr, hair);
    cairo_fill(cr);
    cairo_restore(cr);
}

static int part_order(const void *a, const void *b)
{
    const struct part *p = a, *q = b;
    if (p->depth != q->depth)
        return p->depth < q->depth ? -1 : 1;
    return p->a - q->a;
}

enum { PART_TRUNK = -1, PART_HEAD = -2 };

static void draw_figure(cairo_t *cr, const struct lb_camera *cam, const struct lb_skeleton *sk)
{
    struct part parts[16];
    int n = 0;
    for (int side = LB_RIGHT; side <= LB_LEFT; side++) {
        double k = side == LB_RIGHT ? 1.0 : FAR_SHADE;
        int a = LB_J_ARM(side), l = LB_J_LEG(side);
        parts[n++] = (struct part){a, a + 1, 0.055, 0.045, shade(shirt, k), 0};
        parts[n++] = (struct part){a + 1, a + 2, 0.042, 0.032, shade(skin, k), 0};
        parts[n++] = (struct part){a + 2, a + 3, 0.034, 0.045, shade(skin, k), 0};
        parts[n++] = (struct part){l, l + 1, 0.085, 0.06, shade(trousers, k), 0};
        parts[n++] = (struct part){l + 1, l + 2, 0.058, 0.042, shade(skin, k), 0};
        parts[n++] = (struct part){l + 3, l + 4, 0.036, 0.03, shade(shoes, k), 0};
    }
    parts[n++] = (struct part){PART_TRUNK, LB_J_MIDBACK, 0, 0, shirt, 0};
    parts[n++] = (struct part){PART_HEAD, LB_J_HEAD, 0, 0, skin, 0};
    for (int i = 0; i < n; i++) {
        int a = parts[i].a < 0 ? parts[i].b : parts[i].a;
        struct lb_vec3 mid = lb_v3_scale(lb_v3_add(sk->joint[a], sk->joint[parts[i].b]), 0.5);
        /* The head sits just above the trunk it overlaps at the neck. */
        parts[i].depth = to_view(cam, mid).z + (parts[i].a == PART_HEAD ? 0.02 : 0.0);
    }
    qsort(parts, n, sizeof(parts[0]), part_order);
    for (int i = 0; i < n; i++) {
        if (parts[i].a == PART_TRUNK)
            draw_trunk(cr, cam, sk);
        else if (parts[i].a == PART_HEAD)
            draw_head(cr, cam, sk);
        else
            draw_part(cr, cam, sk, &parts[i]);
    }
}

void lb_draw_frame(cairo_t *cr, const struct lb_camera *cam, const struct lb_exercise *ex,
                   const struct lb_skeleton *sk, int width, int height)
{
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_GOOD);
    draw_room(cr, cam, width, height);
    draw_mat(cr, cam);
    if (ex->prop == LB_PROP_CHAIR)
        draw_chair(cr, cam);
    draw_figure(cr, cam, sk);
}
