/* A tiny assertion kit for Limber's test programs: counts checks, prints failures with file:line. */
#ifndef LB_TEST_H
#define LB_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int lb_test_passed;
static int lb_test_failed;

#define LB_CHECK(cond) lb_test_check((cond), #cond, __FILE__, __LINE__)

#define LB_CHECK_INT(got, want) do { \
        long long lb_g_ = (long long)(got), lb_w_ = (long long)(want); \
        if (lb_g_ == lb_w_) { lb_test_passed++; } else { lb_test_failed++; \
            fprintf(stderr, "%s:%d: FAIL %s == %s: got %lld, want %lld\n", \
                    __FILE__, __LINE__, #got, #want, lb_g_, lb_w_); } \
    } while (0)

#define LB_CHECK_STR(got, want) do { \
        const char *lb_g_ = (got), *lb_w_ = (want); \
        if (lb_g_ && lb_w_ && strcmp(lb_g_, lb_w_) == 0) { lb_test_passed++; } else { \
            lb_test_failed++; \
            fprintf(stderr, "%s:%d: FAIL %s:\n  got:  %s\n  want: %s\n", __FILE__, __LINE__, \
                    #got, lb_g_ ? lb_g_ : "(null)", lb_w_ ? lb_w_ : "(null)"); } \
    } while (0)

static inline void lb_test_check(int ok, const char *what, const char *file, int line)
{
    if (ok) {
        lb_test_passed++;
    } else {
        lb_test_failed++;
        fprintf(stderr, "%s:%d: FAIL %s\n", file, line, what);
    }
}

/* Print the closing line and give main's exit status. */
static inline int lb_test_finish(void)
{
    printf("%d passed, %d failed\n", lb_test_passed, lb_test_failed);
    return lb_test_failed ? 1 : 0;
}

#endif
