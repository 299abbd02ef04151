/* The figure's bones: forward kinematics from the pelvis, floor contact and planted limbs. */
#include <math.h>
#include <stdbool.h>

#include "skeleton.h"

/* Body measurements of a figure about 1.75 m tall, metres. */
#define HIP_HALF_WIDTH 0.09
#define LOWBACK_UP 0.10
#define LUMBAR_LEN 0.20
#define THORAX_LEN 0.26
#define NECK_LEN 0.09
#define SHOULDER_HALF_WIDTH 0.18
#define SHOULDER_DROP 0.05
#define UPPER_ARM_LEN 0.29
#define FOREARM_LEN 0.25
#define HAND_LEN 0.06
#define THIGH_LEN 0.44
#define SHIN_LEN 0.42

static const double joint_radius[LB_J_COUNT] = {
    [LB_J_ROOT] = 0.11, [LB_J_LOWBACK] = 0.095, [LB_J_MIDBACK] = 0.10, [LB_J_NECK] = 0.115,
    [LB_J_HEAD_BASE] = 0.05, [LB_J_HEAD] = 0.105,
    [LB_J_R_SHOULDER] = 0.06, [LB_J_R_ELBOW] = 0.045, [LB_J_R_WRIST] = 0.035,
    [LB_J_R_HAND] = 0.045,
    [LB_J_L_SHOULDER] = 0.06, [LB_J_L_ELBOW] = 0.045, [LB_J_L_WRIST] = 0.035,
    [LB_J_L_HAND] = 0.045,
    [LB_J_R_HIP] = 0.085, [LB_J_R_KNEE] = 0.06, [LB_J_R_ANKLE] = 0.045,
    [LB_J_R_HEEL] = 0.035, [LB_J_R_TOE] = 0.03,
    [LB_J_L_HIP] = 0.085, [LB_J_L_KNEE] = 0.06, [LB_J_L_ANKLE] = 0.045,
    [LB_J_L_HEEL] = 0.035, [LB_J_L_TOE] = 0.03,
};

double lb_joint_radius(int joint)
{
    return joint_radius[joint];
}

static double bend_only_forward(float deg)
{
    return deg > 0 ? deg : 0;
}

static struct lb_vec3 at(struct lb_vec3 from, const struct lb_mat3 *frame, double x, double y,
                         double z)
{
    return lb_v3_add(from, lb_m3_apply(frame, lb_v3(x, y, z)));
}

static void pose_arm(const struct lb_pose *pose, int side, struct lb_skeleton *sk)
{
    const float *a = &pose->dof[lb_pose_arm(side)];
    double s = side == LB_RIGHT ? 1.0 : -1.0;
    int j = LB_J_ARM(side);
    double shrug = pose->dof[LB_SHRUG] * 0.01, back = pose->dof[LB_SHOULDER_BACK] * 0.01;
    sk->joint[j] = at(sk->joint[LB_J_NECK], &sk->thorax, -back, -SHOULDER_DROP + shrug,
                      s * SHOULDER_HALF_WIDTH);
    struct lb_mat3 upper = sk->thorax;
    lb_m3_turn(&upper, 2, a[LB_ARM_FLEX]);
    lb_m3_turn(&upper, 0, -s * a[LB_ARM_ABD]);
    lb_m3_turn(&upper, 1, s * a[LB_ARM_ROT]);
    sk->joint[j + 1] = at(sk->joint[j], &upper, 0, -UPPER_ARM_LEN, 0);
    struct lb_mat3 fore = upper;
    lb_m3_turn(&fore, 2, bend_only_forward(a[LB_ARM_ELBOW]));
    sk->joint[j + 2] = at(sk->joint[j + 1], &fore, 0, -FOREARM_LEN, 0);
    sk->joint[j + 3] = at(sk->joint[j + 2], &fore, 0, -HAND_LEN, 0);
}

static void pose_leg(const struct lb_pose *pose, int side, struct lb_skeleton *sk)
{
    const float *l = &pose->dof[lb_pose_leg(side)];
    double s = side == LB_RIGHT ? 1.0 : -1.0;
    int j = LB_J_LEG(side);
    sk->joint[j] = at(sk->joint[LB_J_ROOT], &sk->pelvis, 0, 0, s * HIP_HALF_WIDTH);
    struct lb_mat3 thigh = sk->pelvis;
    lb_m3_turn(&thigh, 2, l[LB_LEG_FLEX]);
    lb_m3_turn(&thigh, 0, -s * l[LB_LEG_ABD]);
    lb_m3_turn(&thigh, 1, s * l[LB_LEG_ROT]);
    sk->joint[j + 1] = at(sk->joint[j], &thigh, 0, -THIGH_LEN, 0);
    struct lb_mat3 shin = thigh;
    lb_m3_turn(&shin, 2, -bend_only_forward(l[LB_LEG_KNEE]));
    sk->joint[j + 2] = at(sk->joint[j + 1], &shin, 0, -SHIN_LEN, 0);
    struct lb_mat3 foot = shin;
    lb_m3_turn(&foot, 2, l[LB_LEG_ANKLE]);
    sk->joint[j + 3] = at(sk->joint[j + 2], &foot, -0.04, -0.055, 0);
    sk->joint[j + 4] = at(sk->joint[j + 2], &foot, 0.15, -0.06, 0);
}

void lb_skeleton_from_pose(const struct lb_pose *pose, struct lb_skeleton *sk)
{
    const float *d = pose->dof;
    struct lb_mat3 r = lb_m3_rot(1, d[LB_YAW]);
    lb_m3_turn(&r, 0, d[LB_ROLL]);
    lb_m3_turn(&r, 2, d[LB_PITCH]);
    lb_m3_turn(&r, 1, d[LB_PELVIS_TWIST]);
    sk->pelvis = r;
    sk->joint[LB_J_ROOT] = lb_v3(0, 0, 0);
    sk->joint[LB_J_LOWBACK] = at(sk->joint[LB_J_ROOT], &r, -0.02, LOWBACK_UP, 0);

    /* Flexion turns the spine's +y towards the front (+x): a clockwise turn about z. */
    lb_m3_turn(&r, 2, -d[LB_LUMBAR_FLEX]);
    lb_m3_turn(&r, 0, d[LB_LUMBAR_BEND]);
    lb_m3_turn(&r, 1, d[LB_LUMBAR_TWIST] - d[LB_PELVIS_TWIST]);
    sk->joint[LB_J_MIDBACK] = at(sk->joint[LB_J_LOWBACK], &r, 0, LUMBAR_LEN, 0);
    lb_m3_turn(&r, 2, -d[LB_THORAX_FLEX]);
    lb_m3_turn(&r, 0, d[LB_THORAX_BEND]);
    lb_m3_turn(&r, 1, d[LB_THORAX_TWIST]);
    sk->thorax = r;
    sk->joint[LB_J_NECK] = at(sk->joint[LB_J_MIDBACK], &r, 0, THORAX_LEN, 0);

    lb_m3_turn(&r, 2, -d[LB_NECK_FLEX]);
    lb_m3_turn(&r, 1, d[LB_NECK_TWIST]);
    sk->joint[LB_J_HEAD_BASE] = at(sk->joint[LB_J_NECK], &r, 0, NECK_LEN, 0);
    lb_m3_turn(&r, 2, -d[LB_HEAD_FLEX]);
    sk->head = r;
    sk->joint[LB_J_HEAD] = at(sk->joint[LB_J_HEAD_BASE], &r, 0.02, 0.085, 0);

    for (int side = LB_RIGHT; side <= LB_LEFT; side++) {
        pose_arm(pose, side, sk);
        pose_leg(pose, side, sk);
    }
}

static void translate(struct lb_skeleton *sk, struct lb_vec3 by)
{
    for (int j = 0; j < LB_J_COUNT; j++)
        sk->joint[j] = lb_v3_add(sk->joint[j], by);
}

/* The hip joints are the sides of the pelvis as well as the tops of the legs: a pelvis rolled
 * onto one side (knees dropped) rests on that hip, so they count for the trunk too. */
static unsigned joint_group(int j)
{
    if (j == LB_J_R_HIP || j == LB_J_L_HIP)
        return LB_GROUND_TORSO | LB_GROUND_LEGS;
    if (j < LB_J_R_SHOULDER)
        return LB_GROUND_TORSO;
    return j < LB_J_R_HIP ? LB_GROUND_ARMS : LB_GROUND_LEGS;
}

/* Whether joint `j` belongs to an arm or leg that `plant` holds in place. */
static bool in_planted_limb(int j, unsigned plant)
{
    for (int side = LB_RIGHT; side <= LB_LEFT; side++) {
        unsigned hand = side == LB_RIGHT ? LB_PLANT_R_HAND : LB_PLANT_L_HAND;
        unsigned foot = side == LB_RIGHT ? LB_PLANT_R_FOOT : LB_PLANT_L_FOOT;
        if ((plant & hand) && j >= LB_J_ARM(side) && j < LB_J_ARM(side) + 4)
            return true;
        if ((plant & foot) && j >= LB_J_LEG(side) && j < LB_J_LEG(side) + 5)
            return true;
    }
    return false;
}

/* How far up the figure must move for its lowest grounded point to touch the floor, leaving
 * out the limbs in `skip` (LB_PLANT_* bits); zero when no grounded point is left. */
static double lift_to_floor(const struct lb_skeleton *sk, unsigned ground, unsigned skip)
{
    double lowest = HUGE_VAL;
    for (int j = 0; j < LB_J_COUNT; j++) {
        if ((joint_group(j) & ground) && !in_planted_limb(j, skip)) {
            double y = sk->joint[j].y - joint_radius[j];
            lowest = y < lowest ? y : lowest;
        }
    }
    return lowest == HUGE_VAL ? 0.0 : -lowest;
}

static double wrap_deg(double deg)
{
    return deg - 360.0 * floor((deg + 180.0) / 360.0);
}

/*
 * Two-bone reach in the plane of the limb's parent frame: sets the limb's flexion and its
 * middle joint so its end lands on `target`. Knees point forward, elbows backward.
 */
static void reach(struct lb_pose *pose, const struct lb_mat3 *parent, struct lb_vec3 base,
                  struct lb_vec3 target, int flex_dof, int mid_dof, double l1, double l2,
                  bool leg)
{
    struct lb_vec3 d = lb_m3_apply_inv(parent, lb_v3_sub(target, base));
    double dist = hypot(d.x, d.y);
    double lo = fabs(l1 - l2) + 1e-3, hi = l1 + l2 - 1e-4;
    dist = dist < lo ? lo : (dist > hi ? hi : dist);
    double gamma = acos((l1 * l1 + l2 * l2 - dist * dist) / (2 * l1 * l2));
    double alpha = acos((l1 * l1 + dist * dist - l2 * l2) / (2 * l1 * dist));
    double dir = atan2(d.y, d.x);
    double upper = leg ? dir + alpha : dir - alpha;
    pose->dof[flex_dof] = (float)wrap_deg(LB_DEG(upper) + 90.0);
    pose->dof[mid_dof] = (float)LB_DEG(LB_PI - gamma);
}

/* Keeps the foot at the angle it has in `ref` after the leg was bent to reach. */
static void keep_foot(struct lb_pose *pose, int side, const struct lb_skeleton *sk,
                      const struct lb_skeleton *ref)
{
    int j = LB_J_LEG(side), l = lb_pose_leg(side);
    struct lb_vec3 f = lb_m3_apply_inv(&sk->pelvis,
                                       lb_v3_sub(ref->joint[j + 4], ref->joint[j + 3]));
    double foot = LB_DEG(atan2(f.y, f.x)) - LB_DEG(atan2(-0.005, 0.19));
    double shin = -90.0 + pose->dof[l + LB_LEG_FLEX] - pose->dof[l + LB_LEG_KNEE];
    pose->dof[l + LB_LEG_ANKLE] = (float)wrap_deg(foot - shin - 90.0);
}

/* Where a planted wrist or ankle goes: straight down from `p` until the `n` contact
 * points below it (hand; heel and toe) rest on the floor. */
static struct lb_vec3 on_floor(struct lb_vec3 p, const struct lb_vec3 *contact,
                               const double *radius, int n)
{
    double lowest = HUGE_VAL;
    for (int i = 0; i < n; i++)
        lowest = fmin(lowest, contact[i].y - radius[i]);
    p.y -= lowest;
    return p;
}

static void place_raw(const struct lb_exercise *ex, const struct lb_pose *pose,
                      struct lb_skeleton *sk, struct lb_vec3 *shift)
{
    lb_skeleton_from_pose(pose, sk);
    *shift = lb_v3(0, lift_to_floor(sk, ex->ground, 0), 0);
    translate(sk, *shift);
}

/* Bends the planted arms and legs of `pose` so their hands and feet reach the places they
 * have in `ref` (phase 0), from where `sk` (the figure placed with `pose`) has them. */
static void plant(const struct lb_exercise *ex, const struct lb_skeleton *ref,
                  struct lb_pose *pose, const struct lb_skeleton *sk)
{
    for (int side = LB_RIGHT; side <= LB_LEFT; side++) {
        if (ex->plant & (side == LB_RIGHT ? LB_PLANT_R_HAND : LB_PLANT_L_HAND)) {
            int j = LB_J_ARM(side), a = lb_pose_arm(side);
            reach(pose, &sk->thorax, sk->joint[j],
                  on_floor(ref->joint[j + 2], &ref->joint[j + 3], &joint_radius[j + 3], 1),
                  a + LB_ARM_FLEX, a + LB_ARM_ELBOW, UPPER_ARM_LEN, FOREARM_LEN, false);
        }
        if (ex->plant & (side == LB_RIGHT ? LB_PLANT_R_FOOT : LB_PLANT_L_FOOT)) {
            int j = LB_J_LEG(side), l = lb_pose_leg(side);
            reach(pose, &sk->pelvis, sk->joint[j],
                  on_floor(ref->joint[j + 2], &ref->joint[j + 3], &joint_radius[j + 3], 2),
                  l + LB_LEG_FLEX, l + LB_LEG_KNEE, THIGH_LEN, SHIN_LEN, true);
            keep_foot(pose, side, sk, ref);
        }
    }
}

void lb_skeleton_place(const struct lb_exercise *ex, double phase, struct lb_skeleton *sk)
{
    struct lb_skeleton ref;
    struct lb_vec3 shift, ref_shift;
    place_raw(ex, &ex->keys[0].pose, &ref, &ref_shift);

    struct lb_pose pose = lb_pose_sample(ex->keys, ex->key_count, phase);
    place_raw(ex, &pose, sk, &shift);
    struct lb_vec3 slide = lb_v3_sub(ref.joint[ex->anchor], sk->joint[ex->anchor]);
    slide.y = 0;
    translate(sk, slide);
    shift = lb_v3_add(shift, slide);
    if (!ex->plant)
        return;

    plant(ex, &ref, &pose, sk);
    lb_skeleton_from_pose(&pose, sk);
    translate(sk, shift);

    /* The figure was set on the floor before the planted limbs bent to reach their places,
     * so the other grounded parts (the knee of a half kneel) may now hover or sink: settle
     * them on the floor, and plant again from there. */
    double settle = lift_to_floor(sk, ex->ground, ex->plant);
    if (fabs(settle) > 1e-6) {
        shift.y += settle;
        translate(sk, lb_v3(0, settle, 0));
        plant(ex, &ref, &pose, sk);
        lb_skeleton_from_pose(&pose, sk);
        translate(sk, shift);
    }
}
