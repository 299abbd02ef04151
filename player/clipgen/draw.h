/* Drawing a clip frame with cairo: room, mat, props and the figure, seen by a fixed camera. */
#ifndef LB_DRAW_H
#define LB_DRAW_H

#include <cairo.h>

#include "exercise.h"
#include "skeleton.h"

/* An orthographic camera and the room around one exercise, fixed for the whole clip. */
struct lb_camera {
    double yaw, pitch; /* degrees */
    double scale;      /* pixels per metre */
    double cx, cy;     /* pixel position of the world origin */
    double mat_x0, mat_x1, mat_z0, mat_z1; /* the mat on the floor, world metres */
    struct lb_skeleton rest; /* the pose at phase 0, where props are placed */
};

/* Frames the whole movement of `ex` so it fills a width x height picture with margins,
 * with the whole mat in the picture too. */
void lb_camera_fit(struct lb_camera *cam, const struct lb_exercise *ex, int width, int height);

/* Paints one frame: the room, the mat, any prop, then the figure `sk` (from far to near). */
void lb_draw_frame(cairo_t *cr, const struct lb_camera *cam, const struct lb_exercise *ex,
                   const struct lb_skeleton *sk, int width, int height);

#endif
