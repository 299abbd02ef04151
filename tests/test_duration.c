/* Durations as authors write them: every accepted form and the refusals. */
#include "duration.h"
#include "lb_test.h"

static int64_t parse(const char *s, bool neg)
{
    int64_t ms = -999999;
    char why[128];
    return lb_duration_parse(s, neg, &ms, why, sizeof(why)) ? ms : -999999;
}

int main(void)
{
    LB_CHECK_INT(parse("90", false), 90000);
    LB_CHECK_INT(parse("90s", false), 90000);
    LB_CHECK_INT(parse("1m30s", false), 90000);
    LB_CHECK_INT(parse("1m 30s", false), 90000);
    LB_CHECK_INT(parse("1:30", false), 90000);
    LB_CHECK_INT(parse("1:02:03", false), 3723000);
    LB_CHECK_INT(parse("1h", false), 3600000);
    LB_CHECK_INT(parse("250ms", false), 250);
    LB_CHECK_INT(parse("0.5s", false), 500);
    LB_CHECK_INT(parse("1.25", false), 1250);
    LB_CHECK_INT(parse("0:05.5", false), 5500);
    LB_CHECK_INT(parse("0", false), 0);
    LB_CHECK_INT(parse("20m", false), 1200000);
    LB_CHECK_INT(parse("24h", false), 86400000);
    LB_CHECK_INT(parse("-5s", true), -5000);
    LB_CHECK_INT(parse("-1:00", true), -60000);
    /* Unit words and spaces, as new authors write them. */
    LB_CHECK_INT(parse("1min", false), 60000);
    LB_CHECK_INT(parse("1 min", false), 60000);
    LB_CHECK_INT(parse("45 sec", false), 45000);
    LB_CHECK_INT(parse("10 sec", false), 10000);
    LB_CHECK_INT(parse("5 seconds", false), 5000);
    LB_CHECK_INT(parse("1 second", false), 1000);
    LB_CHECK_INT(parse("2 minutes", false), 120000);
    LB_CHECK_INT(parse("1.5 min", false), 90000);
    LB_CHECK_INT(parse("1 h 30 min", false), 5400000);
    LB_CHECK_INT(parse("2 hours", false), 7200000);
    LB_CHECK_INT(parse("1 hr 5 mins 3 secs", false), 3903000);
    LB_CHECK_INT(parse("300 milliseconds", false), 300);
    LB_CHECK_INT(parse("1 Min 30 Sec", false), 90000);
    LB_CHECK_INT(parse("1m", false), 60000);          /* m stays minutes */
    LB_CHECK_INT(parse("-1 min", true), -60000);
    /* refusals */
    LB_CHECK_INT(parse("-5s", false), -999999);
    LB_CHECK_INT(parse("", false), -999999);
    LB_CHECK_INT(parse("s", false), -999999);
    LB_CHECK_INT(parse("1M", false), -999999);        /* months or minutes? refused */
    LB_CHECK_INT(parse("30 sek", false), -999999);
    LB_CHECK_INT(parse("30 sec 1 min", false), -999999);
    LB_CHECK_INT(parse("1 minute and 30 seconds", false), -999999);
    LB_CHECK_INT(parse("1:75", false), -999999);
    LB_CHECK_INT(parse("30s1m", false), -999999);
    LB_CHECK_INT(parse("1s1s", false), -999999);
    LB_CHECK_INT(parse("25h", false), -999999);
    LB_CHECK_INT(parse("99999999999999999999", false), -999999);
    LB_CHECK_INT(parse("1.", false), -999999);
    LB_CHECK_INT(parse("1:2:3:4", false), -999999);
    LB_CHECK_INT(parse("3x", false), -999999);

    char why[128];
    int64_t ms;
    LB_CHECK(!lb_duration_parse("10 sek", false, &ms, why, sizeof(why)));
    LB_CHECK_STR(why, "unknown unit 'sek'");
    LB_CHECK(!lb_duration_parse("1M", false, &ms, why, sizeof(why)));
    LB_CHECK_STR(why, "'M' is not a unit; write m or min for minutes");

    char buf[32];
    LB_CHECK_STR(lb_duration_format(45000, buf, sizeof(buf)), "45s");
    LB_CHECK_STR(lb_duration_format(90000, buf, sizeof(buf)), "1:30");
    LB_CHECK_STR(lb_duration_format(250, buf, sizeof(buf)), "250ms");
    LB_CHECK_STR(lb_duration_format(2500, buf, sizeof(buf)), "2.5s");
    LB_CHECK_STR(lb_duration_format(1250, buf, sizeof(buf)), "1.25s");
    LB_CHECK_STR(lb_duration_format(-3000, buf, sizeof(buf)), "-3s");
    LB_CHECK_STR(lb_duration_clock(3723000, buf, sizeof(buf)), "1:02:03");
    LB_CHECK_STR(lb_duration_clock(750000, buf, sizeof(buf)), "12:30");
    return lb_test_finish();
}
