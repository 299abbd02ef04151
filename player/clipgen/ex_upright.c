/* Keyframes of the upright exercises: standing, lunging and sitting on a chair. */
#include "exercise.h"
#include "skeleton.h"

/* A key repeats a base pose and changes a few joints: later initialisers win, on purpose. */
#pragma GCC diagnostic ignored "-Woverride-init"

#define KEYS(k) (k), (int)(sizeof(k) / sizeof((k)[0]))

/* Standing tall, feet hip-width apart, arms relaxed. */
#define STANDING [LB_R_ARM_ABD] = 6, [LB_L_ARM_ABD] = 6, [LB_R_ELBOW] = 8, [LB_L_ELBOW] = 8

/* Hands resting on the low back, fingers down. */
#define HANDS_ON_BACK                                                                        \
    [LB_R_ARM_FLEX] = -40, [LB_L_ARM_FLEX] = -40, [LB_R_ELBOW] = 95, [LB_L_ELBOW] = 95,      \
    [LB_R_ARM_ABD] = 12, [LB_L_ARM_ABD] = 12, [LB_R_ARM_ROT] = 30, [LB_L_ARM_ROT] = 30

static const struct lb_key back_extension[] = {
    {0.00f, {{HANDS_ON_BACK}}},
    {0.12f, {{HANDS_ON_BACK}}},
    {0.45f, {{HANDS_ON_BACK, [LB_LUMBAR_FLEX] = -18, [LB_THORAX_FLEX] = -12,
              [LB_NECK_FLEX] = -8, [LB_PITCH] = 4, [LB_R_HIP_FLEX] = -4, [LB_L_HIP_FLEX] = -4,
              [LB_R_KNEE] = 8, [LB_L_KNEE] = 8}}},
    {0.65f, {{HANDS_ON_BACK, [LB_LUMBAR_FLEX] = -18, [LB_THORAX_FLEX] = -12,
              [LB_NECK_FLEX] = -8, [LB_PITCH] = 4, [LB_R_HIP_FLEX] = -4, [LB_L_HIP_FLEX] = -4,
              [LB_R_KNEE] = 8, [LB_L_KNEE] = 8}}},
};

const struct lb_exercise lb_ex_upright[] = {
    {
        .id = "standing-back-extension",
        .say = "Hands on your lower back, lean back gently, then return.",
        .seconds = 6, .cam_yaw = -20, .cam_pitch = 8,
        .anchor = LB_J_R_ANKLE, .ground = LB_GROUND_LEGS, .plant = LB_PLANT_FEET,
        .keys = KEYS(back_extension),
    },
};
const int lb_ex_upright_count = (int)(sizeof(lb_ex_upright) / sizeof(lb_ex_upright[0]));
