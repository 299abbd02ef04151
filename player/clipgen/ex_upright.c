/* Keyframes of the upright exercises: standing, lunging and sitting on a chair. */
#include "exercise.h"
#include "skeleton.h"

/* A key repeats a base pose and changes a few joints: later initialisers win, on purpose. */
#pragma GCC diagnostic ignored "-Woverride-init"

#define KEYS(k) (k), (int)(sizeof(k) / sizeof((k)[0]))

/* Standing tall, arms relaxed by the sides. */
#define STANDING [LB_R_ARM_ABD] = 6, [LB_L_ARM_ABD] = 6, [LB_R_ELBOW] = 8, [LB_L_ELBOW] = 8

/* Palms on the low back either side of the spine, fingers down, elbows pointing back. */
#define HANDS_ON_BACK                                                                        \
    [LB_R_ARM_FLEX] = -36, [LB_L_ARM_FLEX] = -36, [LB_R_ELBOW] = 85, [LB_L_ELBOW] = 85,      \
    [LB_R_ARM_ABD] = 26, [LB_L_ARM_ABD] = 26, [LB_R_ARM_ROT] = 65, [LB_L_ARM_ROT] = 65
#define LEANING_BACK                                                                         \
    HANDS_ON_BACK, [LB_LUMBAR_FLEX] = -18, [LB_THORAX_FLEX] = -12, [LB_NECK_FLEX] = -8,      \
    [LB_PITCH] = 4, [LB_R_HIP_FLEX] = -4, [LB_L_HIP_FLEX] = -4, [LB_R_KNEE] = 8,             \
    [LB_L_KNEE] = 8

static const struct lb_key back_extension[] = {
    {0.00f, {{HANDS_ON_BACK}}},
    {0.12f, {{HANDS_ON_BACK}}},
    {0.45f, {{LEANING_BACK}}},
    {0.65f, {{LEANING_BACK}}},
};

/* Sitting tall on a chair, feet flat, arms folded across the chest. */
#define SEATED                                                                               \
    [LB_R_HIP_FLEX] = 90, [LB_L_HIP_FLEX] = 90, [LB_R_KNEE] = 90, [LB_L_KNEE] = 90,          \
    [LB_R_HIP_ABD] = 4, [LB_L_HIP_ABD] = 4, [LB_R_ARM_FLEX] = 30, [LB_L_ARM_FLEX] = 30,      \
    [LB_R_ARM_ROT] = 75, [LB_L_ARM_ROT] = 75, [LB_R_ELBOW] = 110, [LB_L_ELBOW] = 110,        \
    [LB_R_ARM_ABD] = 10, [LB_L_ARM_ABD] = 10
#define TURNED SEATED, [LB_LUMBAR_TWIST] = 12, [LB_THORAX_TWIST] = 30, [LB_NECK_TWIST] = 25

static const struct lb_key seated_twist[] = {
    {0.00f, {{SEATED}}},
    {0.10f, {{SEATED}}},
    {0.42f, {{TURNED}}},
    {0.68f, {{TURNED}}},
};

/* Far foot forward with the knee bent, near leg back on the ball of the foot, hands on hips. */
#define LUNGE_STANCE                                                                         \
    [LB_R_HIP_FLEX] = -25, [LB_R_KNEE] = 8, [LB_R_ANKLE] = 15, [LB_L_HIP_FLEX] = 35,         \
    [LB_L_KNEE] = 40, LB_HANDS_ON_HIPS
/* Pelvis tucked under: it tilts back while the legs keep their angles to the floor. */
#define LUNGE_TUCKED                                                                         \
    LUNGE_STANCE, [LB_PITCH] = 6, [LB_LUMBAR_FLEX] = 6, [LB_R_HIP_FLEX] = -31,               \
    [LB_L_HIP_FLEX] = 29
/* Hips shifted forward and a little down over the bending front knee; the rear leg stays
 * nearly straight, its thigh about 35 degrees behind vertical. The front leg sets where the
 * pelvis goes (the rear leg then reaches its foot), so the rear leg here is only kept from
 * being the lowest point. */
#define LUNGE_FORWARD                                                                        \
    LUNGE_TUCKED, [LB_R_HIP_FLEX] = -38, [LB_R_KNEE] = 40, [LB_L_HIP_FLEX] = 42,             \
    [LB_L_KNEE] = 80

static const struct lb_key standing_hip_flexor[] = {
    {0.00f, {{LUNGE_STANCE}}},
    {0.10f, {{LUNGE_STANCE}}},
    {0.25f, {{LUNGE_TUCKED}}},
    {0.50f, {{LUNGE_FORWARD}}},
    {0.72f, {{LUNGE_FORWARD}}},
};

/* Shoulders circle: up towards the ears, back, down, and forward to where they started. */
static const struct lb_key shoulder_rolls[] = {
    {0.00f, {{STANDING}}},
    {0.08f, {{STANDING}}},
    {0.30f, {{STANDING, [LB_SHRUG] = 7, [LB_SHOULDER_BACK] = -1}}},
    {0.50f, {{STANDING, [LB_SHRUG] = 5, [LB_SHOULDER_BACK] = 6}}},
    {0.70f, {{STANDING, [LB_SHRUG] = -1, [LB_SHOULDER_BACK] = 5}}},
    {0.88f, {{STANDING, [LB_SHRUG] = -1, [LB_SHOULDER_BACK] = 1}}},
};

/* The head glides straight back: the neck leans back while the head stays level. */
#define TUCKED STANDING, [LB_NECK_FLEX] = -20, [LB_HEAD_FLEX] = 20

static const struct lb_key chin_tucks[] = {
    {0.00f, {{STANDING}}},
    {0.12f, {{STANDING}}},
    {0.42f, {{TUCKED}}},
    {0.66f, {{TUCKED}}},
};

const struct lb_exercise lb_ex_upright[] = {
    {
        .id = "standing-back-extension",
        .say = "Hands on your lower back, lean back gently, then return.",
        .seconds = 6, .cam_yaw = -20, .cam_pitch = 8,
        .anchor = LB_J_R_ANKLE, .ground = LB_GROUND_LEGS, .plant = LB_PLANT_FEET,
        .keys = KEYS(back_extension),
    },
    {
        .id = "seated-twist",
        .say = "Sit tall and turn your upper body to one side, then return.",
        .seconds = 7, .cam_yaw = -35, .cam_pitch = 14,
        .anchor = LB_J_ROOT, .ground = LB_GROUND_LEGS, .plant = LB_PLANT_FEET,
        .prop = LB_PROP_CHAIR,
        .keys = KEYS(seated_twist),
    },
    {
        .id = "standing-hip-flexor",
        .say = "Step into a lunge, tuck your pelvis under and shift forward.",
        .seconds = 7, .cam_yaw = -12, .cam_pitch = 8,
        .anchor = LB_J_L_ANKLE, .ground = LB_GROUND_LEGS, .plant = LB_PLANT_FEET,
        .keys = KEYS(standing_hip_flexor),
    },
    {
        .id = "shoulder-rolls",
        .say = "Roll your shoulders up, back and down.",
        .seconds = 5, .cam_yaw = -15, .cam_pitch = 6,
        .anchor = LB_J_R_ANKLE, .ground = LB_GROUND_LEGS, .close_up = true,
        .keys = KEYS(shoulder_rolls),
    },
    {
        .id = "chin-tucks",
        .say = "Glide your chin straight back, then relax.",
        .seconds = 5, .cam_yaw = -8, .cam_pitch = 6,
        .anchor = LB_J_R_ANKLE, .ground = LB_GROUND_LEGS, .close_up = true,
        .keys = KEYS(chin_tucks),
    },
};
const int lb_ex_upright_count = (int)(sizeof(lb_ex_upright) / sizeof(lb_ex_upright[0]));
