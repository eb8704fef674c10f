/* test_schedule.c - workloads on EventBridge schedules: the exact times a
 * cron or rate schedule starts its tasks, taskCount tasks a firing, the
 * calendar from startTime (a start off the minute, the last day of the
 * month), count, and the window of start and end. */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct seen {
	int n;
	int64_t submit[128];
	char group[128][32];
};

static void on_task(void *ctx, const sim_task_rec *r)
{
	struct seen *w = ctx;

	if (w->n < 128) {
		w->submit[w->n] = r->submit;
		snprintf(w->group[w->n], sizeof(w->group[0]), "%s", r->group);
		w->n++;
	}
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Runs text to its end under --check; the submit times of the tasks of
 * group g, sorted, into out (at most max); returns how many. */
static int submits(const char *text, const char *g, int64_t *out, int max)
{
	struct seen w = { 0 };
	sim_observer obs = { .ctx = &w, .task_done = on_task };
	scenario sc;
	sim s;
	int n = 0;

	if (test_start(&s, &sc, NULL, text, &obs) < 0)
		return -1;
	if (test_run_to(&s, sc.duration) < 0)
		n = -1;
	sim_finish(&s);
	sim_destroy(&s);
	scenario_destroy(&sc);
	for (int i = 0; n >= 0 && i < w.n; i++)
		if (strcmp(w.group[i], g) == 0 && n < max)
			out[n++] = w.submit[i];
	if (n > 0)
		qsort(out, (size_t)n, sizeof(*out), cmp_i64);
	return n;
}

#define BASE                                                                           \
	"\"cluster\": {\"availabilityZones\": [\"a\"],"                                \
	" \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"     \
	" \"instances\": [{\"instanceType\": \"m\", \"count\": 4}]},"                  \
	"\"taskDefinitions\": [{\"family\": \"job\", \"containerDefinitions\": "        \
	" [{\"name\": \"c\", \"cpu\": 256, \"memory\": 256}]}],"

/* Monday 2025-01-06 23:50 UTC, three days: the weekday midnight job fires
 * Tuesday, Wednesday and Thursday at 00:00 (600 s, 87000 s, 173400 s;
 * Friday's would be at 259800 s, past the end), three tasks each; the
 * hourly one from minute 30 of the run fires 5 times (count 5). */
TEST(schedule_cron_and_rate_fire_at_hand_worked_times)
{
	static const char *text =
		"{\"duration\": \"3d\", \"startTime\": \"2025-01-06T23:50:00Z\"," BASE
		" \"workloads\": ["
		"  {\"name\": \"nightly\", \"taskDefinition\": \"job\", \"group\": \"nightly\","
		"   \"arrival\": {\"type\": \"schedule\", \"schedule\": \"cron(0 0 ? * MON-FRI *)\","
		"                \"taskCount\": 3}, \"duration\": \"10m\"},"
		"  {\"name\": \"poll\", \"taskDefinition\": \"job\", \"group\": \"poll\", \"count\": 5,"
		"   \"start\": \"30m\", \"arrival\": {\"type\": \"schedule\", \"schedule\": "
		"   \"rate(1 hour)\"}, \"duration\": \"1m\"}]}";
	static const int64_t nightly[] = { 600, 600, 600, 87000, 87000, 87000, 173400, 173400,
					   173400 };
	static const int64_t poll[] = { 1800, 5400, 9000, 12600, 16200 };
	int64_t got[128];
	int n;

	n = submits(text, "nightly", got, 128);
	CHECK_EQ(n, 9);
	for (int i = 0; i < 9; i++)
		CHECK_EQ(got[i], S(nightly[i]));
	n = submits(text, "poll", got, 128);
	CHECK_EQ(n, 5);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(got[i], S(poll[i]));
}

/* The calendar starts at startTime, off the minute: 2025-01-31 00:29:30.
 * The last day of each month at 00:30 is 30 s into the run, then
 * 2025-02-28 00:30 (28 days later) and 2025-03-31 00:30 (59 days); the
 * end (startTime + 60 d = 2025-04-01 00:29:30) stops before April's. */
TEST(schedule_cron_last_day_of_month_from_an_odd_start)
{
	static const char *text =
		"{\"duration\": \"60d\", \"startTime\": \"2025-01-31T00:29:30Z\"," BASE
		" \"workloads\": [{\"name\": \"eom\", \"taskDefinition\": \"job\", \"group\": \"eom\","
		"   \"arrival\": {\"type\": \"schedule\", \"schedule\": \"cron(30 0 L * ? *)\"},"
		"   \"duration\": \"1m\"}]}";
	int64_t got[16];
	int n = submits(text, "eom", got, 16);

	CHECK_EQ(n, 3);
	CHECK_EQ(got[0], S(30));
	CHECK_EQ(got[1], S(28 * 86400 + 30));
	CHECK_EQ(got[2], S(59 * 86400 + 30));
}

/* A schedule within start and end: every 5 minutes from the default
 * startTime (a whole hour), between 12 and 30 minutes into the run:
 * 15, 20 and 25 minutes; 30 is the end (excluded). */
TEST(schedule_window_of_start_and_end)
{
	static const char *text =
		"{\"duration\": \"1h\"," BASE
		" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"job\", \"group\": \"w\","
		"   \"start\": \"12m\", \"end\": \"30m\","
		"   \"arrival\": {\"type\": \"schedule\", \"schedule\": \"cron(0/5 * * * ? *)\"},"
		"   \"duration\": \"1m\"}]}";
	int64_t got[16];
	int n = submits(text, "w", got, 16);

	CHECK_EQ(n, 3);
	CHECK_EQ(got[0], S(900));
	CHECK_EQ(got[1], S(1200));
	CHECK_EQ(got[2], S(1500));
}
