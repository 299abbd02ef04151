/* The list of demonstration exercises, gathered from the per-topic tables. */
#include <string.h>

#include "exercise.h"

#define MAX_EXERCISES 32

const struct lb_exercise *const *lb_exercises(int *count)
{
    static const struct lb_exercise *list[MAX_EXERCISES];
    static int n;
    if (n == 0) {
        for (int i = 0; i < lb_ex_floor_count && n < MAX_EXERCISES; i++)
            list[n++] = &lb_ex_floor[i];
        for (int i = 0; i < lb_ex_upright_count && n < MAX_EXERCISES; i++)
            list[n++] = &lb_ex_upright[i];
    }
    *count = n;
    return list;
}

const struct lb_exercise *lb_exercise_find(const char *id)
{
    int n;
    const struct lb_exercise *const *list = lb_exercises(&n);
    for (int i = 0; i < n; i++) {
        if (!strcmp(list[i]->id, id))
            return list[i];
    }
    return NULL;
}
