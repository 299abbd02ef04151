/* Poses as joint angles, and looping keyframe tracks eased between them. */
#ifndef LB_POSE_H
#define LB_POSE_H

/*
 * Degrees of freedom of the figure, all zero for standing upright, arms hanging, facing +x.
 * Angles are in degrees. Flexion moves a limb forward (arm or thigh raised to the front),
 * knee and elbow bend only one way (values below zero are treated as zero).
 * Sides: R is the figure's right side, nearer the camera when it faces +x.
 */
enum lb_dof {
    LB_YAW,           /* whole body about the vertical */
    LB_PITCH,         /* whole body in the side plane: 90 lies on the back, -90 face down */
    LB_ROLL,          /* whole body about the horizontal x axis (lying on a side) */
    LB_PELVIS_TWIST,  /* pelvis about the spine's long axis (knees drop to one side) */
    LB_LUMBAR_FLEX,   /* low back: + rounds forward, - arches back */
    LB_LUMBAR_BEND,   /* low back: side bend */
    LB_LUMBAR_TWIST,  /* low back: turn */
    LB_THORAX_FLEX,   /* upper back: + rounds forward, - arches back */
    LB_THORAX_BEND,
    LB_THORAX_TWIST,
    LB_NECK_FLEX,     /* neck: + forward, - back */
    LB_NECK_TWIST,
    LB_HEAD_FLEX,     /* head on the neck: + nods down */
    LB_SHRUG,         /* shoulder girdle up (+) or down, centimetres */
    LB_SHOULDER_BACK, /* shoulder girdle back (+) or forward, centimetres */
    LB_R_ARM_FLEX, LB_R_ARM_ABD, LB_R_ARM_ROT, LB_R_ELBOW,
    LB_L_ARM_FLEX, LB_L_ARM_ABD, LB_L_ARM_ROT, LB_L_ELBOW,
    LB_R_HIP_FLEX, LB_R_HIP_ABD, LB_R_HIP_ROT, LB_R_KNEE, LB_R_ANKLE,
    LB_L_HIP_FLEX, LB_L_HIP_ABD, LB_L_HIP_ROT, LB_L_KNEE, LB_L_ANKLE,
    LB_DOF_COUNT
};

/* Offsets from a limb's first degree of freedom, so code can loop over sides. */
enum { LB_ARM_FLEX, LB_ARM_ABD, LB_ARM_ROT, LB_ARM_ELBOW };
enum { LB_LEG_FLEX, LB_LEG_ABD, LB_LEG_ROT, LB_LEG_KNEE, LB_LEG_ANKLE };
enum { LB_RIGHT, LB_LEFT };

struct lb_pose {
    float dof[LB_DOF_COUNT];
};

/* One keyframe: the pose reached at `at`, a fraction of the loop in [0, 1). */
struct lb_key {
    float at;
    struct lb_pose pose;
};

/* First degree of freedom of the arm or leg on `side` (LB_RIGHT or LB_LEFT). */
int lb_pose_arm(int side);
int lb_pose_leg(int side);

/*
 * Samples a looping track at `phase` in [0, 1): keys must be sorted by `at`, the first at 0.
 * The track wraps from the last key back to the first at phase 1, so the loop is seamless.
 * Between keys the pose is eased (cosine), which starts and stops each move gently.
 */
struct lb_pose lb_pose_sample(const struct lb_key *keys, int key_count, double phase);

#endif
