/* Keyframes of the floor exercises: lying on the back or side, on hands and knees, kneeling. */
#include "exercise.h"
#include "skeleton.h"

/* A key repeats a base pose and changes a few joints: later initialisers win, on purpose. */
#pragma GCC diagnostic ignored "-Woverride-init"

#define KEYS(k) (k), (int)(sizeof(k) / sizeof((k)[0]))

/* On the back, knees bent, feet flat, a small hollow under the low back, arms by the sides. */
#define HOOK_LYING                                                                           \
    [LB_PITCH] = 78, [LB_LUMBAR_FLEX] = -12, [LB_NECK_FLEX] = -12, [LB_HEAD_FLEX] = 14,      \
    [LB_R_ARM_FLEX] = -7, [LB_L_ARM_FLEX] = -7, [LB_R_ARM_ABD] = 8, [LB_L_ARM_ABD] = 8,      \
    [LB_R_HIP_FLEX] = 60, [LB_L_HIP_FLEX] = 60, [LB_R_KNEE] = 105, [LB_L_KNEE] = 105,        \
    [LB_R_ANKLE] = -33, [LB_L_ANKLE] = -33

/* Hands resting on the belly, out of the way of the low back. */
#define HANDS_ON_BELLY                                                                       \
    [LB_R_ARM_FLEX] = 15, [LB_L_ARM_FLEX] = 15, [LB_R_ARM_ABD] = 20, [LB_L_ARM_ABD] = 20,    \
    [LB_R_ARM_ROT] = 80, [LB_L_ARM_ROT] = 80, [LB_R_ELBOW] = 100, [LB_L_ELBOW] = 100

/* Low back arched off the floor, then pressed flat by tilting the pelvis. */
#define HOLLOW [LB_PITCH] = 70, [LB_LUMBAR_FLEX] = -20
#define TILTED [LB_PITCH] = 102, [LB_LUMBAR_FLEX] = 12

static const struct lb_key pelvic_tilt[] = {
    {0.00f, {{HOOK_LYING, HANDS_ON_BELLY, HOLLOW}}},
    {0.12f, {{HOOK_LYING, HANDS_ON_BELLY, HOLLOW}}},
    {0.45f, {{HOOK_LYING, HANDS_ON_BELLY, TILTED}}},
    {0.70f, {{HOOK_LYING, HANDS_ON_BELLY, TILTED}}},
};

/* Near knee hugged to the chest, both hands round the shin. */
#define HUG_KNEE                                                                             \
    [LB_R_HIP_FLEX] = 115, [LB_R_KNEE] = 140, [LB_R_ANKLE] = -30, [LB_R_ARM_FLEX] = 48,      \
    [LB_L_ARM_FLEX] = 48, [LB_R_ELBOW] = 10, [LB_L_ELBOW] = 10, [LB_R_ARM_ABD] = 0,          \
    [LB_L_ARM_ABD] = 0, [LB_PITCH] = 84, [LB_LUMBAR_FLEX] = -6

static const struct lb_key knee_to_chest[] = {
    {0.00f, {{HOOK_LYING}}},
    {0.08f, {{HOOK_LYING}}},
    {0.25f, {{HOOK_LYING, [LB_R_HIP_FLEX] = 95, [LB_R_KNEE] = 110, [LB_R_ARM_FLEX] = 35,
              [LB_L_ARM_FLEX] = 35, [LB_R_ELBOW] = 10, [LB_L_ELBOW] = 10}}},
    {0.45f, {{HOOK_LYING, HUG_KNEE}}},
    {0.70f, {{HOOK_LYING, HUG_KNEE}}},
    {0.85f, {{HOOK_LYING, [LB_R_HIP_FLEX] = 95, [LB_R_KNEE] = 110, [LB_R_ARM_FLEX] = 35,
              [LB_L_ARM_FLEX] = 35, [LB_R_ELBOW] = 10, [LB_L_ELBOW] = 10}}},
};

/* Knees and feet together, arms spread on the floor. */
#define KNEES_TOGETHER                                                                       \
    HOOK_LYING, [LB_R_HIP_ABD] = -6, [LB_L_HIP_ABD] = -6, [LB_R_ARM_ABD] = 70,               \
    [LB_L_ARM_ABD] = 70, [LB_R_ARM_FLEX] = -4, [LB_L_ARM_FLEX] = -4
/* The pelvis rolls onto the near hip (the far hip lifts) and the feet roll on their edges. */
#define KNEES_DROPPED                                                                        \
    KNEES_TOGETHER, [LB_PELVIS_TWIST] = -50, [LB_NECK_TWIST] = 15, [LB_PITCH] = 84,          \
    [LB_LUMBAR_FLEX] = -18, [LB_R_HIP_FLEX] = 52, [LB_L_HIP_FLEX] = 52, [LB_L_HIP_ABD] = 0

static const struct lb_key trunk_rotation[] = {
    {0.00f, {{KNEES_TOGETHER}}},
    {0.10f, {{KNEES_TOGETHER}}},
    {0.42f, {{KNEES_DROPPED}}},
    {0.62f, {{KNEES_DROPPED}}},
    {0.92f, {{KNEES_TOGETHER}}},
};

/* On hands and knees: hands under the shoulders, knees under the hips, back long. */
#define ALL_FOURS                                                                            \
    [LB_PITCH] = -72, [LB_R_ARM_FLEX] = 72, [LB_L_ARM_FLEX] = 72, [LB_R_HIP_FLEX] = 72,      \
    [LB_L_HIP_FLEX] = 72, [LB_R_KNEE] = 90, [LB_L_KNEE] = 90, [LB_R_ANKLE] = -80,            \
    [LB_L_ANKLE] = -80, [LB_NECK_FLEX] = 12

/* Cat: tailbone tucked, middle of the back pushed up, head down. Cow: the reverse. */
#define CAT                                                                                  \
    ALL_FOURS, [LB_PITCH] = -54, [LB_R_HIP_FLEX] = 54, [LB_L_HIP_FLEX] = 54,                 \
    [LB_LUMBAR_FLEX] = 3, [LB_THORAX_FLEX] = 45, [LB_NECK_FLEX] = 30, [LB_HEAD_FLEX] = 10
#define COW                                                                                  \
    ALL_FOURS, [LB_PITCH] = -96, [LB_R_HIP_FLEX] = 96, [LB_L_HIP_FLEX] = 96,                 \
    [LB_LUMBAR_FLEX] = -22, [LB_THORAX_FLEX] = -22, [LB_NECK_FLEX] = 6, [LB_HEAD_FLEX] = -10

static const struct lb_key cat_cow[] = {
    {0.00f, {{ALL_FOURS}}},
    {0.08f, {{ALL_FOURS}}},
    {0.32f, {{CAT}}},
    {0.45f, {{CAT}}},
    {0.70f, {{COW}}},
    {0.82f, {{COW}}},
};

/* Hands a little ahead of the shoulders, so they can stay put while the hips sit back. */
#define ALL_FOURS_REACH ALL_FOURS, [LB_R_ARM_FLEX] = 100, [LB_L_ARM_FLEX] = 100
#define CHILD                                                                                \
    ALL_FOURS, [LB_PITCH] = -88, [LB_R_HIP_FLEX] = 158, [LB_L_HIP_FLEX] = 158,               \
    [LB_R_KNEE] = 160, [LB_L_KNEE] = 160, [LB_THORAX_FLEX] = 12, [LB_NECK_FLEX] = 4,        \
    [LB_R_ANKLE] = -75, [LB_L_ANKLE] = -75

static const struct lb_key childs_pose[] = {
    {0.00f, {{ALL_FOURS_REACH}}},
    {0.10f, {{ALL_FOURS_REACH}}},
    {0.45f, {{CHILD}}},
    {0.75f, {{CHILD}}},
};

/* Far foot flat, near ankle resting across the far thigh just above the knee, near knee
 * opened out to the side. Then the far foot lifts and the far thigh is drawn towards the
 * chest, hands round the back of it; the near ankle rides on the thigh all the way (the
 * near leg's angles were fitted so the ankle stays on the thigh's surface). */
#define CROSSED                                                                              \
    HOOK_LYING, [LB_R_HIP_FLEX] = 52, [LB_R_HIP_ABD] = 28, [LB_R_HIP_ROT] = -116,            \
    [LB_R_KNEE] = 120, [LB_R_ANKLE] = 0
#define DRAWN_IN                                                                             \
    CROSSED, [LB_PITCH] = 84, [LB_LUMBAR_FLEX] = -6, [LB_L_HIP_FLEX] = 100, [LB_L_KNEE] = 95, \
    [LB_L_ANKLE] = -5, [LB_R_HIP_FLEX] = 114, [LB_R_HIP_ABD] = 34, [LB_R_HIP_ROT] = -92,      \
    [LB_R_KNEE] = 124, [LB_SHOULDER_BACK] = -2,                                              \
    [LB_R_ARM_FLEX] = 18, [LB_R_ARM_ABD] = -16, [LB_R_ARM_ROT] = 0, [LB_R_ELBOW] = 0,        \
    [LB_L_ARM_FLEX] = 18, [LB_L_ARM_ABD] = -4, [LB_L_ARM_ROT] = 0, [LB_L_ELBOW] = 0

static const struct lb_key figure_four[] = {
    {0.00f, {{CROSSED}}},
    {0.10f, {{CROSSED}}},
    {0.42f, {{DRAWN_IN}}},
    {0.72f, {{DRAWN_IN}}},
};

/* Near leg raised straight, hands holding behind the thigh. */
#define LEG_UP                                                                               \
    HOOK_LYING, [LB_R_HIP_FLEX] = 78, [LB_R_KNEE] = 4, [LB_R_ANKLE] = 5,                     \
    [LB_R_ARM_FLEX] = 22, [LB_L_ARM_FLEX] = 22, [LB_R_ELBOW] = 8, [LB_L_ELBOW] = 8,          \
    [LB_R_ARM_ABD] = 0, [LB_L_ARM_ABD] = 0
#define LEG_READY                                                                            \
    HOOK_LYING, [LB_R_HIP_FLEX] = 85, [LB_R_KNEE] = 95, [LB_R_ARM_FLEX] = 21,                \
    [LB_L_ARM_FLEX] = 21, [LB_R_ELBOW] = 8, [LB_L_ELBOW] = 8, [LB_R_ARM_ABD] = 0,            \
    [LB_L_ARM_ABD] = 0

static const struct lb_key hamstring[] = {
    {0.00f, {{HOOK_LYING}}},
    {0.06f, {{HOOK_LYING}}},
    {0.22f, {{LEG_READY}}},
    {0.42f, {{LEG_UP}}},
    {0.70f, {{LEG_UP}}},
    {0.86f, {{LEG_READY}}},
};

/* Hips up, weight on the shoulders and feet, arms pressing on the floor by the sides. */
#define BRIDGE                                                                               \
    HOOK_LYING, [LB_PITCH] = 122, [LB_LUMBAR_FLEX] = 0, [LB_THORAX_FLEX] = 22,               \
    [LB_NECK_FLEX] = 0, [LB_HEAD_FLEX] = 0, [LB_R_ARM_FLEX] = -18, [LB_L_ARM_FLEX] = -18

static const struct lb_key glute_bridge[] = {
    {0.00f, {{HOOK_LYING}}},
    {0.10f, {{HOOK_LYING}}},
    {0.40f, {{BRIDGE}}},
    {0.62f, {{BRIDGE}}},
};

/* Far arm reaches forward while the near leg reaches back; near hand and far knee stay. */
#define REACHING                                                                             \
    ALL_FOURS, [LB_L_ARM_FLEX] = 162, [LB_R_HIP_FLEX] = -18, [LB_R_KNEE] = 0,                \
    [LB_R_ANKLE] = -60, [LB_NECK_FLEX] = 5

static const struct lb_key bird_dog[] = {
    {0.00f, {{ALL_FOURS}}},
    {0.10f, {{ALL_FOURS}}},
    {0.42f, {{REACHING}}},
    {0.68f, {{REACHING}}},
};

/* On the back, arms pointing at the ceiling, hips and knees bent at right angles. */
#define TABLETOP                                                                             \
    [LB_PITCH] = 88, [LB_LUMBAR_FLEX] = -2, [LB_NECK_FLEX] = -10, [LB_HEAD_FLEX] = 12,       \
    [LB_R_ARM_FLEX] = 90, [LB_L_ARM_FLEX] = 90, [LB_R_HIP_FLEX] = 90, [LB_L_HIP_FLEX] = 90,  \
    [LB_R_KNEE] = 90, [LB_L_KNEE] = 90, [LB_R_ANKLE] = -10, [LB_L_ANKLE] = -10
#define BUG_LOWERED                                                                          \
    TABLETOP, [LB_L_ARM_FLEX] = 172, [LB_R_HIP_FLEX] = 22, [LB_R_KNEE] = 8, [LB_R_ANKLE] = -20

static const struct lb_key dead_bug[] = {
    {0.00f, {{TABLETOP}}},
    {0.12f, {{TABLETOP}}},
    {0.45f, {{BUG_LOWERED}}},
    {0.62f, {{BUG_LOWERED}}},
};

/* Lying on the left side facing the camera, knees bent, head on the lower arm. */
#define SIDE_LYING                                                                           \
    [LB_ROLL] = -90, [LB_PITCH] = -90, [LB_L_ARM_FLEX] = 170, [LB_L_ELBOW] = 30,             \
    [LB_R_ARM_FLEX] = 60, [LB_R_ELBOW] = 40, [LB_R_HIP_FLEX] = 45, [LB_L_HIP_FLEX] = 45,     \
    [LB_R_KNEE] = 90, [LB_L_KNEE] = 90, [LB_NECK_FLEX] = 5, [LB_R_HIP_ABD] = -4,             \
    [LB_L_HIP_ABD] = 4
#define CLAM_OPEN SIDE_LYING, [LB_R_HIP_ABD] = 35, [LB_R_HIP_ROT] = -70

static const struct lb_key clam[] = {
    {0.00f, {{SIDE_LYING}}},
    {0.12f, {{SIDE_LYING}}},
    {0.42f, {{CLAM_OPEN}}},
    {0.62f, {{CLAM_OPEN}}},
};

/* Near knee down, far foot forward, trunk upright, hands on the hips. The near shin lies
 * flat behind the knee, toes on the floor: the knee bends 90 degrees more than the thigh
 * leans forward (PITCH + R_HIP_FLEX), with the ankle at -58. */
#define HALF_KNEEL                                                                           \
    [LB_R_HIP_FLEX] = 0, [LB_R_KNEE] = 90, [LB_R_ANKLE] = -58, [LB_L_HIP_FLEX] = 90,         \
    [LB_L_KNEE] = 90, LB_HANDS_ON_HIPS
/* Pelvis tucked under: it tilts back while the near thigh stays upright (the hip extends). */
#define KNEEL_TUCKED HALF_KNEEL, [LB_PITCH] = 8, [LB_LUMBAR_FLEX] = 8, [LB_R_HIP_FLEX] = -8
#define KNEEL_FORWARD                                                                        \
    KNEEL_TUCKED, [LB_R_HIP_FLEX] = -24, [LB_R_KNEE] = 74, [LB_L_HIP_FLEX] = 75,             \
    [LB_L_KNEE] = 65

static const struct lb_key half_kneeling[] = {
    {0.00f, {{HALF_KNEEL}}},
    {0.10f, {{HALF_KNEEL}}},
    {0.25f, {{KNEEL_TUCKED}}},
    {0.50f, {{KNEEL_FORWARD}}},
    {0.72f, {{KNEEL_FORWARD}}},
};

const struct lb_exercise lb_ex_floor[] = {
    {
        .id = "pelvic-tilt",
        .say = "Flatten your lower back into the floor, then relax.",
        .seconds = 6, .cam_yaw = -6, .cam_pitch = 3,
        .anchor = LB_J_NECK, .ground = LB_GROUND_TORSO, .plant = LB_PLANT_FEET,
        .keys = KEYS(pelvic_tilt),
    },
    {
        .id = "knee-to-chest",
        .say = "Hug one knee gently toward your chest, then lower it.",
        .seconds = 7, .cam_yaw = -8, .cam_pitch = 10,
        .anchor = LB_J_NECK, .ground = LB_GROUND_TORSO, .plant = LB_PLANT_L_FOOT,
        .keys = KEYS(knee_to_chest),
    },
    {
        .id = "lower-trunk-rotation",
        .say = "Let both knees drop slowly to one side, then come back to the centre.",
        .seconds = 7, .cam_yaw = -10, .cam_pitch = 35,
        .anchor = LB_J_NECK, .ground = LB_GROUND_TORSO,
        .keys = KEYS(trunk_rotation),
    },
    {
        .id = "cat-cow",
        .say = "Round your back up like a cat, then let it sag gently.",
        .seconds = 7, .cam_yaw = -8, .cam_pitch = 10,
        .anchor = LB_J_R_KNEE, .ground = LB_GROUND_LEGS, .plant = LB_PLANT_HANDS,
        .keys = KEYS(cat_cow),
    },
    {
        .id = "childs-pose",
        .say = "Sit back toward your heels and let your arms stay long in front.",
        .seconds = 7, .cam_yaw = -8, .cam_pitch = 10,
        .anchor = LB_J_R_KNEE, .ground = LB_GROUND_LEGS, .plant = LB_PLANT_HANDS,
        .keys = KEYS(childs_pose),
    },
    {
        .id = "figure-four",
        .say = "Cross one ankle over the other knee, then draw your legs toward you.",
        /* High and from the head's side: from low down the near thigh and shin point at
         * the camera and the crossing cannot be seen. */
        .seconds = 7, .cam_yaw = 15, .cam_pitch = 55,
        .anchor = LB_J_NECK, .ground = LB_GROUND_TORSO,
        .keys = KEYS(figure_four),
    },
    {
        .id = "half-kneeling-hip-flexor",
        .say = "Tuck your pelvis under and shift forward until the front of the hip stretches.",
        .seconds = 8, .cam_yaw = -12, .cam_pitch = 8,
        .anchor = LB_J_R_KNEE, .ground = LB_GROUND_LEGS, .plant = LB_PLANT_L_FOOT,
        .keys = KEYS(half_kneeling),
    },
    {
        .id = "hamstring-stretch",
        .say = "Hold behind your thigh and raise the leg until you feel a gentle stretch.",
        .seconds = 7, .cam_yaw = -8, .cam_pitch = 10,
        .anchor = LB_J_NECK, .ground = LB_GROUND_TORSO, .plant = LB_PLANT_L_FOOT,
        .keys = KEYS(hamstring),
    },
    {
        .id = "glute-bridge",
        .say = "Squeeze your buttocks and lift your hips, then lower slowly.",
        .seconds = 6, .cam_yaw = -6, .cam_pitch = 6,
        .anchor = LB_J_NECK, .ground = LB_GROUND_TORSO, .plant = LB_PLANT_FEET,
        .keys = KEYS(glute_bridge),
    },
    {
        .id = "bird-dog",
        .say = "Reach one arm forward and the opposite leg back, and keep your back still.",
        .seconds = 7, .cam_yaw = -10, .cam_pitch = 12,
        .anchor = LB_J_L_KNEE, .ground = LB_GROUND_LEGS, .plant = LB_PLANT_R_HAND,
        .keys = KEYS(bird_dog),
    },
    {
        .id = "dead-bug",
        .say = "Slowly lower the opposite arm and leg, and keep your low back down.",
        .seconds = 7, .cam_yaw = -8, .cam_pitch = 12,
        .anchor = LB_J_NECK, .ground = LB_GROUND_TORSO,
        .keys = KEYS(dead_bug),
    },
    {
        .id = "side-lying-clam",
        .say = "Keep your feet together and open the top knee, then close it.",
        .seconds = 6, .cam_yaw = 15, .cam_pitch = 22,
        .anchor = LB_J_ROOT, .ground = LB_GROUND_ALL,
        .keys = KEYS(clam),
    },
};
const int lb_ex_floor_count = (int)(sizeof(lb_ex_floor) / sizeof(lb_ex_floor[0]));
