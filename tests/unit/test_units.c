/* test_units.c - durations and rates: accepted forms, exact error messages, saturation. */
#include "tests/test.h"

#include "sim/support/units.h"

#define SEC USEC_PER_SEC
#define HINT "(use seconds or a string like \"90s\", \"15m\", \"36h\", \"7d\")"
#define RATE_HINT "(use events per second or a string like \"12/min\")"

/* Parses text as JSON (any value) and runs units_duration on it with path
 * "$.d"; returns its result and leaves the message in e. */
static int duration_of(const char *text, int64_t *us, ecs_err *e)
{
	json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
	int rc;

	err_clear(e);
	if (!j) {
		fprintf(stderr, "  bad test JSON: %s\n", text);
		return -2;
	}
	rc = units_duration(j, "$.d", us, e);
	json_decref(j);
	return rc;
}

static int rate_of(const char *text, double *r, ecs_err *e)
{
	json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
	int rc;

	err_clear(e);
	if (!j) {
		fprintf(stderr, "  bad test JSON: %s\n", text);
		return -2;
	}
	rc = units_rate(j, "$.r", r, e);
	json_decref(j);
	return rc;
}

TEST(test_units_duration_str_valid)
{
	static const struct {
		const char *s;
		int64_t us;
	} cases[] = {
		{ "90s", 90 * SEC },
		{ "15m", 15 * 60 * SEC },
		{ "36h", 36 * 3600 * SEC },
		{ "7d", 7 * 86400 * SEC },
		{ "250ms", 250000 },
		{ "5us", 5 },
		{ "1.5h", 5400 * SEC },
		{ "0.25s", 250000 },
		{ "0s", 0 },
		{ "-0s", 0 },
		{ "0.1s", 100000 },
		{ "2.5us", 3 }, /* rounded to nearest */
		{ "2.4us", 2 },
		{ "007s", 7 * SEC },
		{ "36500d", UNITS_MAX_DURATION_US }, /* exactly the limit */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t us = -1;
		if (units_duration_str(cases[i].s, &us) != 0)
			TEST_FAILED("\"%s\" rejected", cases[i].s);
		if (us != cases[i].us)
			TEST_FAILED("\"%s\": %" PRId64 " vs %" PRId64, cases[i].s,
				    us, cases[i].us);
	}
}

TEST(test_units_duration_str_invalid)
{
	static const char *const bad[] = {
		"", "90", "5x", "s", " 5s", "5s ", "5 s", "\t5s", "+5s", "-5s",
		"-0.5m", "5S", "5sec", "5ss", "5.s", ".5s", "5..5s", "1e3s",
		"0x10s", "nan", "nans", "infs", "inf", "5s5", "36501d",
		"3153600000.000001s", "99999999999999999999999999999999d",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t us = 42;
		if (units_duration_str(bad[i], &us) != -1)
			TEST_FAILED("\"%s\" accepted as %" PRId64, bad[i], us);
		/* A failed parse leaves the output alone. */
		CHECK_EQ(us, 42);
	}
	CHECK_EQ(units_duration_str(NULL, &(int64_t){ 0 }), -1);
}

TEST(test_units_duration_json_valid)
{
	ecs_err e;
	int64_t us = -1;

	CHECK_EQ(duration_of("90", &us, &e), 0);
	CHECK_EQ(us, 90 * SEC);
	CHECK_EQ(duration_of("1.5", &us, &e), 0);
	CHECK_EQ(us, 1500000);
	CHECK_EQ(duration_of("0", &us, &e), 0);
	CHECK_EQ(us, 0);
	CHECK_EQ(duration_of("0.000001", &us, &e), 0);
	CHECK_EQ(us, 1);
	CHECK_EQ(duration_of("1e3", &us, &e), 0); /* JSON exponents are fine */
	CHECK_EQ(us, 1000 * SEC);
	CHECK_EQ(duration_of("\"15m\"", &us, &e), 0);
	CHECK_EQ(us, 900 * SEC);
	CHECK_EQ(duration_of("3153600000", &us, &e), 0);
	CHECK_EQ(us, UNITS_MAX_DURATION_US);
	CHECK_EQ(duration_of("3153600000.0", &us, &e), 0);
	CHECK_EQ(us, UNITS_MAX_DURATION_US);
	CHECK(!err_isset(&e));
}

TEST(test_units_duration_json_errors)
{
	static const struct {
		const char *json, *msg;
	} cases[] = {
		{ "\"5x\"", "$.d: bad duration \"5x\" " HINT },
		{ "\"90\"", "$.d: bad duration \"90\" " HINT },
		{ "\" 90s\"", "$.d: bad duration \" 90s\" " HINT },
		{ "\"nan\"", "$.d: bad duration \"nan\" " HINT },
		{ "\"\"", "$.d: bad duration \"\" " HINT },
		{ "-1", "$.d: must be >= 0" },
		{ "-0.5", "$.d: must be >= 0" },
		{ "\"-5s\"", "$.d: must be >= 0" },
		{ "3153600001", "$.d: too long (at most 100 years)" },
		{ "3153600000.5", "$.d: too long (at most 100 years)" },
		{ "1e300", "$.d: too long (at most 100 years)" },
		{ "9223372036854775807", "$.d: too long (at most 100 years)" },
		{ "\"36501d\"", "$.d: too long (at most 100 years)" },
		{ "\"876001h\"", "$.d: too long (at most 100 years)" },
		{ "true", "$.d: must be a number of seconds or a duration string" },
		{ "null", "$.d: must be a number of seconds or a duration string" },
		{ "[1]", "$.d: must be a number of seconds or a duration string" },
		{ "{}", "$.d: must be a number of seconds or a duration string" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ecs_err e;
		int64_t us = 42;
		CHECK_EQ(duration_of(cases[i].json, &us, &e), -1);
		CHECK_STR(e.msg, cases[i].msg);
		CHECK_EQ(us, 42);
	}
}

TEST(test_units_duration_first_error_wins)
{
	ecs_err e;
	int64_t us;
	json_t *j = json_string("5x");

	err_clear(&e);
	err_set(&e, "earlier");
	CHECK_EQ(units_duration(j, "$.d", &us, &e), -1);
	CHECK_STR(e.msg, "earlier");
	json_decref(j);
}

TEST(test_units_rate_valid)
{
	static const struct {
		const char *json;
		double per_sec;
	} cases[] = {
		{ "2", 2.0 },
		{ "0.5", 0.5 },
		{ "\"5/s\"", 5.0 },
		{ "\"5/sec\"", 5.0 },
		{ "\"12/min\"", 0.2 },
		{ "\"3600/h\"", 1.0 },
		{ "\"7200/hour\"", 2.0 },
		{ "\"86400/d\"", 1.0 },
		{ "\"43200/day\"", 0.5 },
		{ "\"1.5/min\"", 0.025 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ecs_err e;
		double r = -1;
		if (rate_of(cases[i].json, &r, &e) != 0)
			TEST_FAILED("%s rejected: %s", cases[i].json, e.msg);
		CHECK_NEAR(r, cases[i].per_sec, 1e-12 * cases[i].per_sec);
	}
}

TEST(test_units_rate_errors)
{
	static const struct {
		const char *json, *msg;
	} cases[] = {
		{ "\"x\"", "$.r: bad rate \"x\" " RATE_HINT },
		{ "\"12\"", "$.r: bad rate \"12\" " RATE_HINT },
		{ "\"12/\"", "$.r: bad rate \"12/\" " RATE_HINT },
		{ "\"12/minute\"", "$.r: bad rate \"12/minute\" " RATE_HINT },
		{ "\"12 /min\"", "$.r: bad rate \"12 /min\" " RATE_HINT },
		{ "\"12/min \"", "$.r: bad rate \"12/min \" " RATE_HINT },
		{ "\"/min\"", "$.r: bad rate \"/min\" " RATE_HINT },
		{ "\"inf/s\"", "$.r: bad rate \"inf/s\" " RATE_HINT },
		{ "\"0x10/s\"", "$.r: bad rate \"0x10/s\" " RATE_HINT },
		{ "\"12s\"", "$.r: bad rate \"12s\" " RATE_HINT },
		{ "0", "$.r: must be > 0" },
		{ "0.0", "$.r: must be > 0" },
		{ "-1", "$.r: must be > 0" },
		{ "\"0/min\"", "$.r: must be > 0" },
		{ "\"-3/h\"", "$.r: must be > 0" },
		{ "true", "$.r: must be a number of events per second or a rate "
			  "string like \"12/min\"" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ecs_err e;
		double r = 42;
		CHECK_EQ(rate_of(cases[i].json, &r, &e), -1);
		CHECK_STR(e.msg, cases[i].msg);
		CHECK(r == 42);
	}
}

TEST(test_units_s_to_us)
{
	CHECK_EQ(s_to_us(1.5), 1500000);
	CHECK_EQ(s_to_us(0), 0);
	CHECK_EQ(s_to_us(2.4e-6), 2);
	CHECK_EQ(s_to_us(2.6e-6), 3);
	CHECK_EQ(s_to_us(0.1), 100000);
	CHECK_EQ(s_to_us(1e-7), 0);
	CHECK_EQ(s_to_us(-1), 0);
	CHECK_EQ(s_to_us(-INFINITY), 0);
	CHECK_EQ(s_to_us(NAN), 0);
	CHECK_EQ(s_to_us(INFINITY), UNITS_MAX_DURATION_US);
	CHECK_EQ(s_to_us(1e300), UNITS_MAX_DURATION_US);
	CHECK_EQ(s_to_us(3153600000.0), UNITS_MAX_DURATION_US);
	CHECK_EQ(s_to_us(3153599999.0), UNITS_MAX_DURATION_US - SEC);
	CHECK_NEAR(us_to_s(s_to_us(12.345678)), 12.345678, 1e-12);
}
