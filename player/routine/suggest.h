/* How far apart two words are, for "did you mean" suggestions of field names and file names. */
#ifndef LB_SUGGEST_H
#define LB_SUGGEST_H

/* The number of single-character edits (insert, delete, replace, swap two neighbours) that
 * turn a into b, ignoring ASCII case. Words over 128 bytes count as far apart (999). */
int lb_edit_distance(const char *a, const char *b);

#endif
