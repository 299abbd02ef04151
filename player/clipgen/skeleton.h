/* Forward kinematics of the figure, and placing it on the floor for a moment of a clip. */
#ifndef LB_SKELETON_H
#define LB_SKELETON_H

#include "exercise.h"
#include "pose.h"
#include "vec3.h"

/* Joints in world metres: x forward of a standing figure, y up, z towards its right side. */
enum lb_joint {
    LB_J_ROOT,      /* between the hip joints */
    LB_J_LOWBACK,   /* base of the spine */
    LB_J_MIDBACK,   /* between low back and upper back */
    LB_J_NECK,      /* base of the neck */
    LB_J_HEAD_BASE, /* top of the neck */
    LB_J_HEAD,      /* centre of the head */
    LB_J_R_SHOULDER, LB_J_R_ELBOW, LB_J_R_WRIST, LB_J_R_HAND,
    LB_J_L_SHOULDER, LB_J_L_ELBOW, LB_J_L_WRIST, LB_J_L_HAND,
    LB_J_R_HIP, LB_J_R_KNEE, LB_J_R_ANKLE, LB_J_R_HEEL, LB_J_R_TOE,
    LB_J_L_HIP, LB_J_L_KNEE, LB_J_L_ANKLE, LB_J_L_HEEL, LB_J_L_TOE,
    LB_J_COUNT
};

#define LB_J_ARM(side) (LB_J_R_SHOULDER + 4 * (side))
#define LB_J_LEG(side) (LB_J_R_HIP + 5 * (side))

struct lb_skeleton {
    struct lb_vec3 joint[LB_J_COUNT];
    struct lb_mat3 pelvis, thorax, head; /* orientation of those body parts */
};

/* Thickness of the body at each joint (metres): what touches the floor, and drawing. */
double lb_joint_radius(int joint);

/* Poses the skeleton by forward kinematics from the pelvis, which sits at the origin. */
void lb_skeleton_from_pose(const struct lb_pose *pose, struct lb_skeleton *sk);

/*
 * The figure of `ex` at `phase` in [0, 1), standing on the floor (y = 0): the lowest point
 * of the ground groups touches it, the anchor joint stays where it is at phase 0, and
 * planted hands and feet keep their phase-0 place (arms and legs bend to reach them).
 */
void lb_skeleton_place(const struct lb_exercise *ex, double phase, struct lb_skeleton *sk);

#endif
