/* Keyframe sampling: cosine-eased blending between neighbouring poses of a looping track. */
#include <math.h>

#include "pose.h"
#include "vec3.h"

int lb_pose_arm(int side)
{
    return side == LB_RIGHT ? LB_R_ARM_FLEX : LB_L_ARM_FLEX;
}

int lb_pose_leg(int side)
{
    return side == LB_RIGHT ? LB_R_HIP_FLEX : LB_L_HIP_FLEX;
}

struct lb_pose lb_pose_sample(const struct lb_key *keys, int key_count, double phase)
{
    if (key_count <= 1)
        return keys[0].pose;
    phase -= floor(phase);
    int i = key_count - 1;
    while (i > 0 && keys[i].at > phase)
        i--;
    const struct lb_key *from = &keys[i];
    const struct lb_key *to = &keys[(i + 1) % key_count];
    double end = i + 1 < key_count ? to->at : 1.0;
    double span = end - from->at;
    double u = span > 0 ? (phase - from->at) / span : 1.0;
    double w = 0.5 - 0.5 * cos(LB_PI * u);
    struct lb_pose out;
    for (int d = 0; d < LB_DOF_COUNT; d++)
        out.dof[d] = (float)(from->pose.dof[d] + (to->pose.dof[d] - from->pose.dof[d]) * w);
    return out;
}
