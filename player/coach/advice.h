/* What Limber tells a person after a pain stop: the wording in one place, written as
 * instructions (what to do), never as health claims. docs/safety.md quotes it. Pure text,
 * untranslated (N_): translate with _() where it is shown. */
#ifndef LB_ADVICE_H
#define LB_ADVICE_H

/* The end screen's heading after "End" on the pain-stop screen (it does not congratulate). */
extern const char *const lb_advice_pain_heading;

/* What to do now, one instruction a line; NULL-terminated. */
extern const char *const lb_advice_after_pain[];

/* When to seek help: the lead-in and the signs, one a line (NULL-terminated), then what to do
 * at once for the urgent ones. */
extern const char *const lb_advice_seek_help;
extern const char *const lb_advice_seek_help_signs[];
extern const char *const lb_advice_urgent;

/* The rest after "Skip" on the pain-stop screen: its heading and what to do in it. */
extern const char *const lb_advice_recovery_heading;
extern const char *const lb_advice_recovery;

#endif
