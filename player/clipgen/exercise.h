/* The demonstration exercises: keyframed motion, camera and narration of each clip. */
#ifndef LB_EXERCISE_H
#define LB_EXERCISE_H

#include <stdbool.h>

#include "pose.h"

/* Hands resting on the hips (thumbs back, fingers forward and down), elbows out and back:
 * a pose fragment for an upright trunk, shared by the kneeling and the standing lunge. */
#define LB_HANDS_ON_HIPS                                                                     \
    [LB_R_ARM_FLEX] = -38, [LB_L_ARM_FLEX] = -38, [LB_R_ARM_ABD] = 18, [LB_L_ARM_ABD] = 18,  \
    [LB_R_ARM_ROT] = 15, [LB_L_ARM_ROT] = 15, [LB_R_ELBOW] = 90, [LB_L_ELBOW] = 90

/* Part groups that may rest on the floor (lb_exercise.ground). */
#define LB_GROUND_TORSO 1u
#define LB_GROUND_ARMS 2u
#define LB_GROUND_LEGS 4u
#define LB_GROUND_ALL 7u

/* Hands or feet that stay planted where the first key puts them (lb_exercise.plant). */
#define LB_PLANT_R_HAND 1u
#define LB_PLANT_L_HAND 2u
#define LB_PLANT_R_FOOT 4u
#define LB_PLANT_L_FOOT 8u
#define LB_PLANT_HANDS (LB_PLANT_R_HAND | LB_PLANT_L_HAND)
#define LB_PLANT_FEET (LB_PLANT_R_FOOT | LB_PLANT_L_FOOT)

enum lb_prop {
    LB_PROP_NONE,
    LB_PROP_CHAIR, /* a plain chair under the pelvis */
};

struct lb_exercise {
    const char *id;      /* file name without .mp4, as the routines refer to it */
    const char *say;     /* the narration: the movement's key instruction */
    double seconds;      /* length of one repetition, which is the whole clip */
    double cam_yaw;      /* camera turn about the vertical, degrees (0 = pure side view) */
    double cam_pitch;    /* camera looking down, degrees */
    int anchor;          /* skeleton joint (enum lb_joint) that never slides */
    unsigned ground;     /* LB_GROUND_* groups whose lowest point rests on the floor */
    unsigned plant;      /* LB_PLANT_* limbs held in place by inverse kinematics */
    enum lb_prop prop;
    bool close_up;       /* frame the head and shoulders only, for small movements */
    const struct lb_key *keys; /* sorted by time, first at 0; the loop returns to it */
    int key_count;
};

/* Every exercise, in a fixed order; the array is static and lives for the program. */
const struct lb_exercise *const *lb_exercises(int *count);

/* The exercise called `id`, or NULL. */
const struct lb_exercise *lb_exercise_find(const char *id);

/* The per-file tables the list is made of (floor work and upright work). */
extern const struct lb_exercise lb_ex_floor[];
extern const int lb_ex_floor_count;
extern const struct lb_exercise lb_ex_upright[];
extern const int lb_ex_upright_count;

#endif
