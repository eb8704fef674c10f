/* test_schedexpr.c - EventBridge schedule expressions: hand-worked next
 * firings (L, W, #, names, leap years, expressions that never fire), the
 * exact messages of mistakes, and sx_next against the field-by-field
 * oracle sx_matches over every minute of a window. */
#include "tests/test.h"

#include "sim/support/schedexpr.h"

/* 2025-01-01T00:00:00Z, a Wednesday. */
#define T2025 INT64_C(1735689600)

static int64_t at(const char *iso)
{
	char msg[200];
	int64_t t = -2;

	if (sx_parse_time(iso, &t, msg, sizeof(msg)) < 0)
		fprintf(stderr, "  bad time in the test: %s\n", msg);
	return t;
}

/* The next firing of expr at or after from, as ISO text ("never"). */
static const char *next_of(const char *expr, const char *from)
{
	static char buf[64];
	char msg[400];
	sx_expr x;
	int64_t t;

	if (sx_parse(&x, expr, msg, sizeof(msg)) < 0) {
		snprintf(buf, sizeof(buf), "error: %.50s", msg);
		return buf;
	}
	t = sx_next(&x, 0, at(from));
	if (t < 0)
		return "never";
	sx_format_time(t, buf, sizeof(buf));
	return buf;
}

TEST(schedexpr_calendar)
{
	char buf[32], msg[200];
	int64_t t;

	CHECK_EQ(at("2025-01-01T00:00:00Z"), T2025);
	CHECK_EQ(at("1970-01-01T00:00:00Z"), 0);
	CHECK_EQ(at("2028-02-29T12:30:15Z"), INT64_C(1835440215));
	sx_format_time(INT64_C(1835440215), buf, sizeof(buf));
	CHECK_STR(buf, "2028-02-29T12:30:15Z");
	CHECK(sx_parse_time("2025-02-29T00:00:00Z", &t, msg, sizeof(msg)) < 0);
	CHECK_STR(msg, "\"2025-02-29T00:00:00Z\" is not a date and time that exists");
	CHECK(sx_parse_time("2025-01-01 00:00:00", &t, msg, sizeof(msg)) < 0);
	CHECK_STR(msg, "\"2025-01-01 00:00:00\" is not of the form YYYY-MM-DDTHH:MM:SSZ "
		  "(ISO 8601, UTC)");
	CHECK(sx_parse_time("2200-01-01T00:00:00Z", &t, msg, sizeof(msg)) < 0);
	CHECK_STR(msg, "year 2200 is outside 1970-2199");
}

TEST(schedexpr_cron_next)
{
	/* every day at noon; at-or-after, and the day after once past */
	CHECK_STR(next_of("cron(0 12 * * ? *)", "2025-01-01T00:00:00Z"), "2025-01-01T12:00:00Z");
	CHECK_STR(next_of("cron(0 12 * * ? *)", "2025-01-01T12:00:00Z"), "2025-01-01T12:00:00Z");
	CHECK_STR(next_of("cron(0 12 * * ? *)", "2025-01-01T12:00:01Z"), "2025-01-02T12:00:00Z");
	/* every 15 minutes from minute 0; 10:15 UTC on weekdays */
	CHECK_STR(next_of("cron(0/15 * * * ? *)", "2025-01-01T00:07:00Z"), "2025-01-01T00:15:00Z");
	CHECK_STR(next_of("cron(15 10 ? * MON-FRI *)", "2025-01-04T00:00:00Z"),
		  "2025-01-06T10:15:00Z"); /* the 4th is a Saturday */
	/* the last Friday of the month: 2025-01-31 is a Friday */
	CHECK_STR(next_of("cron(15 10 ? * 6L 2025)", "2025-01-01T00:00:00Z"),
		  "2025-01-31T10:15:00Z");
	CHECK_STR(next_of("cron(15 10 ? * FRIL *)", "2025-02-01T00:00:00Z"),
		  "2025-02-28T10:15:00Z");
	/* the second Tuesday: 2025-01-07 is the first */
	CHECK_STR(next_of("cron(0 10 ? * 3#2 *)", "2025-01-01T00:00:00Z"), "2025-01-14T10:00:00Z");
	/* L alone in day-of-week: Saturday */
	CHECK_STR(next_of("cron(0 0 ? * L *)", "2025-01-01T00:00:00Z"), "2025-01-04T00:00:00Z");
	/* nearest weekday: 2025-06-15 is a Sunday (-> Monday 16th); 2025-03-01 a
	 * Saturday, and W does not go back into February (-> Monday 3rd) */
	CHECK_STR(next_of("cron(0 0 15W * ? *)", "2025-06-01T00:00:00Z"), "2025-06-16T00:00:00Z");
	CHECK_STR(next_of("cron(0 0 15W * ? *)", "2025-02-01T00:00:00Z"), "2025-02-14T00:00:00Z");
	CHECK_STR(next_of("cron(0 0 1W * ? *)", "2025-03-01T00:00:00Z"), "2025-03-03T00:00:00Z");
	/* the last weekday: 2025-08-31 is a Sunday (-> Friday 29th) */
	CHECK_STR(next_of("cron(0 0 LW * ? *)", "2025-08-01T00:00:00Z"), "2025-08-29T00:00:00Z");
	/* the last day of February in a leap year */
	CHECK_STR(next_of("cron(0 0 L 2 ? 2028)", "2025-01-01T00:00:00Z"), "2028-02-29T00:00:00Z");
	CHECK_STR(next_of("cron(30 23 L FEB ? *)", "2025-01-01T00:00:00Z"), "2025-02-28T23:30:00Z");
	/* names in any case, lists and ranges with steps */
	CHECK_STR(next_of("cron(0 9 1 jan,jul ? *)", "2025-02-01T00:00:00Z"), "2025-07-01T09:00:00Z");
	CHECK_STR(next_of("cron(5 8-20/6 * * ? *)", "2025-01-01T09:00:00Z"), "2025-01-01T14:05:00Z");
	/* never: 30 February, the 31st of 30-day months, years gone by */
	CHECK_STR(next_of("cron(0 0 30 FEB ? *)", "2025-01-01T00:00:00Z"), "never");
	CHECK_STR(next_of("cron(0 0 31 4,6,9,11 ? *)", "2025-01-01T00:00:00Z"), "never");
	CHECK_STR(next_of("cron(0 0 1 1 ? 2024)", "2025-01-01T00:00:00Z"), "never");
	CHECK_STR(next_of("cron(0 0 ? 2 2#5 2025)", "2025-01-01T00:00:00Z"), "never");
	/* the end of EventBridge's calendar */
	CHECK_STR(next_of("cron(59 23 31 12 ? *)", "2199-12-31T23:59:00Z"), "2199-12-31T23:59:00Z");
	CHECK_STR(next_of("cron(59 23 31 12 ? *)", "2199-12-31T23:59:01Z"), "never");
}

TEST(schedexpr_rate)
{
	char msg[200];
	sx_expr x;

	CHECK_EQ(sx_parse(&x, "rate(5 minutes)", msg, sizeof(msg)), 0);
	CHECK_EQ(x.rate, 300);
	CHECK_EQ(sx_next(&x, 100, 0), 100);
	CHECK_EQ(sx_next(&x, 100, 100), 100);
	CHECK_EQ(sx_next(&x, 100, 101), 400);
	CHECK_EQ(sx_parse(&x, "rate(1 hour)", msg, sizeof(msg)), 0);
	CHECK_EQ(x.rate, 3600);
	CHECK_EQ(sx_parse(&x, "rate(2 days)", msg, sizeof(msg)), 0);
	CHECK_EQ(x.rate, 172800);
}

/* The message of a mistake, exactly. */
static const char *error_of(const char *expr)
{
	static char msg[400];
	sx_expr x;

	if (sx_parse(&x, expr, msg, sizeof(msg)) == 0)
		return "(accepted)";
	return msg;
}

TEST(schedexpr_errors)
{
	static const struct { const char *expr, *msg; } cases[] = {
		{ "cron(0 12 * * * *)",
		  "cron(0 12 * * * *): day-of-month and "
		  "day-of-week cannot both be given; use ? in one (field 5, day-of-week)" },
		{ "cron(0 12 ? * ? *)",
		  "cron(0 12 ? * ? *): day-of-month and "
		  "day-of-week cannot both be ?; give one (field 5, day-of-week)" },
		{ "cron(0 12 * * ?)",
		  "cron(0 12 * * ?): 5 fields, EventBridge's cron "
		  "has 6 (minutes hours day-of-month month day-of-week year); the sixth, the year, "
		  "may be *" },
		{ "cron(60 12 * * ? *)",
		  "cron(60 12 * * ? *): 60 is out of range 0-59 (field 1, minutes)" },
		{ "cron(0 12 ? * MON/2 *)",
		  "cron(0 12 ? * MON/2 *): / is not allowed "
		  "here (day-of-week takes , - * ? L #) (field 5, day-of-week)" },
		{ "cron(0 12 1 JUNE ? *)",
		  "cron(0 12 1 JUNE ? *): unknown name \"JUNE\" (JAN-DEC) (field 4, month)" },
		{ "cron(0 L * * ? *)",
		  "cron(0 L * * ? *): L is not allowed here "
		  "(hours takes , - * /) (field 2, hours)" },
		{ "cron(0 12 1,L * ? *)",
		  "cron(0 12 1,L * ? *): L goes with a single "
		  "day, not with a list, a range or * (field 3, day-of-month)" },
		{ "cron(0 12 ? * 3#6 *)",
		  "cron(0 12 ? * 3#6 *): the number after # "
		  "must be 1-5 (the week of the month) (field 5, day-of-week)" },
		{ "cron(0 12 ? * 3#1,6#3 *)",
		  "cron(0 12 ? * 3#1,6#3 *): # allows a "
		  "single day-of-week expression, not a list (field 5, day-of-week)" },
		{ "cron(0 12 10-5 * ? *)",
		  "cron(0 12 10-5 * ? *): the range 10-5 runs backwards (field 3, day-of-month)" },
		{ "cron(*/0 * * * ? *)",
		  "cron(*/0 * * * ? *): the increment after / "
		  "must be at least 1 (field 1, minutes)" },
		{ "cron(0 12 * * ? 2200)",
		  "cron(0 12 * * ? 2200): 2200 is out of range 1970-2199 (field 6, year)" },
		{ "cron(0 12 15W * MON *)",
		  "cron(0 12 15W * MON *): day-of-month and "
		  "day-of-week cannot both be given; use ? in one (field 5, day-of-week)" },
		{ "rate(1 minutes)",
		  "rate(1 minutes): with the value 1 the unit is singular: minute" },
		{ "rate(5 minute)",
		  "rate(5 minute): with a value other than 1 the unit is plural: minutes" },
		{ "rate(0 hours)", "rate(0 hours): the value must be a positive " "whole number" },
		{ "rate(5 seconds)",
		  "rate(5 seconds): unknown unit \"seconds\" "
		  "(minute, minutes, hour, hours, day, days)" },
		{ "rate(-5 minutes)",
		  "rate(-5 minutes): expected rate(VALUE UNIT): a "
		  "positive whole number, one space, a unit" },
		{ "rate(99999999 days)", "rate(99999999 days): longer than 100 years" },
		{ "every 5 minutes",
		  "every 5 minutes: must be rate(VALUE UNIT) or "
		  "cron(FIELDS), e.g. rate(5 minutes) or cron(0 12 * * ? *)" },
		{ "at(2025-01-01T00:00:00)",
		  "at(2025-01-01T00:00:00): one-time at() "
		  "schedules are not schedule arrivals; use a times arrival" },
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++)
		CHECK_STR(error_of(cases[k].expr), cases[k].msg);
}

/* sx_next agrees with the oracle: from a start, every firing it gives in
 * a window matches, and every minute the oracle accepts is one of them. */
TEST(schedexpr_next_matches_oracle)
{
	static const char *const exprs[] = {
		"cron(0 12 * * ? *)", "cron(*/7 */5 * * ? *)", "cron(0 0 15W * ? *)",
		"cron(0 0 1W * ? *)", "cron(0 0 31W * ? *)", "cron(0 0 LW * ? *)",
		"cron(30 6 L * ? *)", "cron(0 18 ? * 6L *)", "cron(0 10 ? * 2#5 *)",
		"cron(0 9 ? * MON,WED,FRI *)", "cron(0 0 29 2 ? *)", "cron(10 1-3 1-7 * ? 2025,2027)",
		"cron(0 0 ? * SUN#1 *)", "cron(59 23 L DEC ? *)", NULL,
	};
	char msg[400];

	for (int i = 0; exprs[i]; i++) {
		sx_expr x;
		int64_t from = T2025 + 17, end = from + 400 * 86400, t, fired = 0, seen = 0;
		if (sx_parse(&x, exprs[i], msg, sizeof(msg)) < 0)
			TEST_FAILED("%s: %s", exprs[i], msg);
		/* firings from sx_next, one after another */
		for (t = sx_next(&x, 0, from); t >= 0 && t < end; t = sx_next(&x, 0, t + 60)) {
			if (!sx_matches(&x, t) || t % 60)
				TEST_FAILED("%s: fires at %lld, which the oracle rejects", exprs[i],
					    (long long)t);
			fired++;
		}
		/* every minute the oracle accepts */
		for (t = (from + 59) / 60 * 60; t < end; t += 60)
			if (sx_matches(&x, t)) {
				if (sx_next(&x, 0, t - 59) != t)
					TEST_FAILED("%s: the oracle fires at %lld, sx_next says %lld",
						    exprs[i], (long long)t,
						    (long long)sx_next(&x, 0, t - 59));
				seen++;
			}
		CHECK_EQ(fired, seen);
	}
}
