/* test_query.c - cluster query language: which hosts each subject and operator
 * selects on a small hand-built cluster, precedence, word forms, quoting,
 * missing attributes, values interned after compilation, and exact parse
 * error messages.
 */
#include "tests/test.h"

#include <stdlib.h>

#include "sim/cluster/cluster.h"
#include "strategies/query.h"

#define NHOSTS 6
#define SUBJECTS "(attribute:NAME, ec2InstanceId, agentConnected, runningTasksCount, " \
		 "registeredAt, task:group)"

/* Hosts (index: zone, instance type, os, arch, rack, disk, state, tasks):
 *   0: us-east-1a t2.micro  linux   x86_64 r1  100  up    database, service:web
 *   1: us-east-1a t2.large  linux   x86_64 r2  9    up    service:web
 *   2: us-east-1b m5.large  linux   arm64  r1  abc  up    family:batch
 *   3: us-east-1d t2.micro  linux   x86_64 -   -    up    -
 *   4: us-east-1d m5.xlarge windows x86_64 r10 50   up    -
 *   5: us-east-1b t3.nano   linux   x86_64 -   -    DOWN  -
 * Results are written as one 0/1 per host, host 0 first. */
typedef struct fix {
	cl_cluster cl;
	cl_task tasks[8];
	int ntasks;
} fix;

static void set_attr(cl_cluster *cl, int32_t h, const char *name, const char *value)
{
	int32_t a = cl_attr_find(cl, name);

	if (value)
		cl_host_set_attr(cl, h, a, cl_attr_value(cl, a, value));
}

static void place(fix *f, int32_t h, const char *group)
{
	cl_task *t = &f->tasks[f->ntasks++];

	*t = (cl_task){ 0 };
	t->req.group = cl_group_id(&f->cl, group);
	cl_place(&f->cl, t, h);
}

static void fix_init(fix *f)
{
	static const struct {
		const char *zone, *type, *os, *arch, *rack, *disk;
	} hosts[NHOSTS] = {
		{ "us-east-1a", "t2.micro", "linux", "x86_64", "r1", "100" },
		{ "us-east-1a", "t2.large", "linux", "x86_64", "r2", "9" },
		{ "us-east-1b", "m5.large", "linux", "arm64", "r1", "abc" },
		{ "us-east-1d", "t2.micro", "linux", "x86_64", NULL, NULL },
		{ "us-east-1d", "m5.xlarge", "windows", "x86_64", "r10", "50" },
		{ "us-east-1b", "t3.nano", "linux", "x86_64", NULL, NULL },
	};
	cl_cluster *cl = &f->cl;

	f->ntasks = 0;
	cl_init(cl);
	cl_attr_id(cl, "rack");
	cl_attr_id(cl, "disk");
	for (int32_t h = 0; h < NHOSTS; h++) {
		int32_t z = cl_attr_value(cl, CL_ATTR_ZONE, hosts[h].zone);
		cl_add_hosts(cl, 1, 0, z, 4096, 8192, 0, 3, 0.1);
		set_attr(cl, h, "ecs.instance-type", hosts[h].type);
		set_attr(cl, h, "ecs.os-type", hosts[h].os);
		set_attr(cl, h, "ecs.cpu-architecture", hosts[h].arch);
		set_attr(cl, h, "rack", hosts[h].rack);
		set_attr(cl, h, "disk", hosts[h].disk);
	}
	cl_set_state(cl, 5, CL_DOWN);
	place(f, 0, "database");
	place(f, 0, "service:web");
	place(f, 1, "service:web");
	place(f, 2, "family:batch");
}

/* "010011"-style answer of expr on every host, or the parse error. */
static const char *hosts_matching(cl_cluster *cl, const char *expr, char *buf, size_t n)
{
	ecs_err e;
	qry *q;

	err_clear(&e);
	if (qry_parse(&q, expr, cl, &e) < 0) {
		snprintf(buf, n, "error: %s", e.msg);
		return buf;
	}
	for (int32_t h = 0; h < cl->nhosts && (size_t)h + 1 < n; h++)
		buf[h] = qry_eval(q, cl, h) ? '1' : '0';
	buf[cl->nhosts < (int32_t)n ? cl->nhosts : (int32_t)n - 1] = 0;
	qry_free(q);
	return buf;
}

struct qcase {
	const char *expr, *want;
};

/* Runs every case, reports each mismatch, returns how many failed. */
static int run_cases(cl_cluster *cl, const struct qcase *cases, size_t n, int line)
{
	int bad = 0;
	char buf[1200];

	for (size_t i = 0; i < n; i++) {
		const char *got = hosts_matching(cl, cases[i].expr, buf, sizeof(buf));
		if (strcmp(got, cases[i].want) != 0) {
			fprintf(stderr, "  %s:%d: case %zu: %s\n    got:  %s\n    want: %s\n",
				__FILE__, line, i, cases[i].expr, got, cases[i].want);
			bad++;
		}
	}
	return bad;
}

#define RUN(cases)                                                               \
	do {                                                                     \
		fix f_;                                                          \
		int bad_;                                                        \
		fix_init(&f_);                                                   \
		bad_ = run_cases(&f_.cl, cases, sizeof(cases) / sizeof(cases[0]), \
				 __LINE__);                                      \
		cl_destroy(&f_.cl);                                              \
		CHECK_EQ(bad_, 0);                                               \
	} while (0)

TEST(test_query_fact_sheet_examples)
{
	static const struct qcase cases[] = {
		{ "attribute:ecs.instance-type =~ t2.* and "
		  "attribute:ecs.availability-zone != us-east-1d", "110000" },
		{ "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", "111001" },
		{ "not(task:group == database)", "011111" },
		{ "runningTasksCount == 1", "011000" },
	};
	RUN(cases);
}

TEST(test_query_equality)
{
	static const struct qcase cases[] = {
		{ "attribute:ecs.instance-type == t2.micro", "100100" },
		{ "attribute:ecs.instance-type equals t2.micro", "100100" },
		{ "attribute:ecs.instance-type EQUALS t2.micro", "100100" },
		{ "attribute:ecs.instance-type != t2.micro", "011011" },
		{ "attribute:ecs.instance-type not_equals t2.micro", "011011" },
		{ "attribute:ecs.instance-type Not_Equals t2.micro", "011011" },
		/* A value no host has was never interned: matches nothing. */
		{ "attribute:ecs.instance-type == t2.nope", "000000" },
		{ "attribute:ecs.instance-type != t2.nope", "111111" },
		{ "attribute:ecs.availability-zone == us-east-1b", "001001" },
		{ "attribute:ecs.os-type == windows", "000010" },
		{ "attribute:ecs.cpu-architecture == arm64", "001000" },
		{ "attribute:rack == r1", "101000" },
		{ "attribute:rack != r1", "010111" },
		/* Attribute equality is string equality, as in ECS. */
		{ "attribute:disk == 100", "100000" },
		{ "attribute:disk == 100.0", "000000" },
	};
	RUN(cases);
}

TEST(test_query_in_list)
{
	static const struct qcase cases[] = {
		{ "attribute:rack in [r1, r10]", "101010" },
		{ "attribute:rack IN [r1,r10]", "101010" },
		{ "attribute:rack in [ r1 , r10 ]", "101010" },
		{ "attribute:rack not_in [r1, r10]", "010101" },
		{ "attribute:rack NOT_IN [r1, r10]", "010101" },
		{ "attribute:rack !in [r1, r10]", "010101" },
		{ "attribute:rack in r2", "010000" },
		{ "attribute:rack in ['r2', \"r1\"]", "111000" },
		{ "attribute:rack in [nope]", "000000" },
		{ "attribute:rack not_in [nope]", "111111" },
		{ "ec2InstanceId in [i-00000000000000001, 'i-00000000000000004']", "010010" },
		{ "ec2InstanceId not_in [i-00000000000000001, i-00000000000000004]", "101101" },
		{ "agentConnected in [false]", "000001" },
	};
	RUN(cases);
}

TEST(test_query_regex)
{
	static const struct qcase cases[] = {
		{ "attribute:ecs.instance-type =~ t2.*", "110100" },
		{ "attribute:ecs.instance-type matches t2.*", "110100" },
		{ "attribute:ecs.instance-type MATCHES t2.*", "110100" },
		/* Anchored: the whole value must match. */
		{ "attribute:ecs.instance-type =~ t2", "000000" },
		{ "attribute:ecs.instance-type =~ micro", "000000" },
		{ "attribute:ecs.instance-type =~ 'm5\\.(large|xlarge)'", "001010" },
		{ "attribute:ecs.instance-type =~ 'm5.large|t3.nano'", "001001" },
		{ "attribute:ecs.instance-type !~ t2.*", "001011" },
		{ "attribute:ecs.instance-type not_matches t2.*", "001011" },
		{ "attribute:rack =~ r1.*", "101010" },
		{ "attribute:rack !~ r1.*", "010101" },
		{ "ec2InstanceId =~ 'i-0+[35]'", "000101" },
		{ "task:group =~ 'service:.*'", "110000" },
		{ "agentConnected =~ tr.*", "111110" },
		{ "runningTasksCount =~ '[12]'", "111000" },
		{ "runningTasksCount =~ 2", "100000" },
	};
	RUN(cases);
}

TEST(test_query_exists)
{
	static const struct qcase cases[] = {
		{ "attribute:rack exists", "111010" },
		{ "attribute:rack EXISTS", "111010" },
		{ "attribute:rack !exists", "000101" },
		{ "attribute:rack !EXISTS", "000101" },
		{ "attribute:rack not_exists", "000101" },
		{ "attribute:ecs.instance-type exists", "111111" },
		{ "ec2InstanceId exists", "111111" },
		{ "agentConnected exists", "111111" },
		{ "runningTasksCount exists", "111111" },
		{ "registeredAt exists", "111111" },
		/* task:group exists: some task runs on the host. */
		{ "task:group exists", "111000" },
		{ "task:group !exists", "000111" },
	};
	RUN(cases);
}

TEST(test_query_missing_attribute)
{
	static const struct qcase cases[] = {
		/* Unknown to the cluster: no host has it; not an error. */
		{ "attribute:nosuch exists", "000000" },
		{ "attribute:nosuch !exists", "111111" },
		{ "attribute:nosuch == x", "000000" },
		{ "attribute:nosuch != x", "111111" },
		{ "attribute:nosuch in [x, y]", "000000" },
		{ "attribute:nosuch not_in [x, y]", "111111" },
		{ "attribute:nosuch =~ .*", "000000" },
		{ "attribute:nosuch !~ .*", "111111" },
		{ "attribute:nosuch > 0", "000000" },
		{ "attribute:nosuch <= 0", "000000" },
		{ "attribute:nosuch < zzz", "000000" },
		/* Known but absent on hosts 3 and 5. */
		{ "attribute:rack < zzz", "111010" },
		{ "attribute:rack >= a", "111010" },
		{ "attribute:rack =~ .*", "111010" },
		{ "attribute:rack !~ .*", "000101" },
		{ "not attribute:rack exists", "000101" },
	};
	RUN(cases);
}

TEST(test_query_numeric)
{
	static const struct qcase cases[] = {
		{ "runningTasksCount > 1", "100000" },
		{ "runningTasksCount >= 1", "111000" },
		{ "runningTasksCount < 1", "000111" },
		{ "runningTasksCount <= 1", "011111" },
		{ "runningTasksCount == 0", "000111" },
		{ "runningTasksCount != 0", "111000" },
		{ "runningTasksCount == 1.0", "011000" },
		{ "runningTasksCount == +1", "011000" },
		{ "runningTasksCount in [0, 2]", "100111" },
		{ "runningTasksCount greater_than 1", "100000" },
		{ "runningTasksCount GREATER_THAN_EQUAL 1", "111000" },
		{ "runningTasksCount less_than 1", "000111" },
		{ "runningTasksCount LESS_THAN_EQUAL 1", "011111" },
		/* Against a non-number: string comparison of the decimal count. */
		{ "runningTasksCount == abc", "000000" },
		{ "runningTasksCount < abc", "111111" },
		{ "runningTasksCount > 1x", "100000" },
		/* Numbers when both sides are numbers (9 < 50 < 100), else
		 * strcmp ("abc" > "50"). */
		{ "attribute:disk > 50", "101000" },
		{ "attribute:disk >= 50", "101010" },
		{ "attribute:disk < 50", "010000" },
		{ "attribute:disk <= 1e2", "110010" },
		{ "attribute:disk > 5", "111010" },
		{ "attribute:disk > -1.5", "111010" },
		/* registeredAt is 0 on every host for now. */
		{ "registeredAt == 0", "111111" },
		{ "registeredAt != 0", "000000" },
		{ "registeredAt > 0", "000000" },
		{ "registeredAt <= 0", "111111" },
		{ "registeredAt < 2018-06-18", "111111" },
		{ "registeredAt >= 2018-06-18T22:28:28Z", "000000" },
	};
	RUN(cases);
}

TEST(test_query_instance_id)
{
	static const struct qcase cases[] = {
		{ "ec2InstanceId == i-00000000000000002", "001000" },
		{ "ec2InstanceId == 'i-00000000000000002'", "001000" },
		{ "ec2InstanceId != i-00000000000000002", "110111" },
		{ "ec2InstanceId == i-2", "000000" },
		{ "ec2InstanceId > i-00000000000000003", "000011" },
	};
	char id[24];

	cl_host_instance_id(2, id);
	CHECK_STR(id, "i-00000000000000002");
	RUN(cases);
}

TEST(test_query_agent_connected)
{
	static const struct qcase cases[] = {
		{ "agentConnected == true", "111110" },
		{ "agentConnected == false", "000001" },
		{ "agentConnected != true", "000001" },
		{ "agentConnected not_in [true]", "000001" },
	};
	RUN(cases);
}

TEST(test_query_task_group)
{
	static const struct qcase cases[] = {
		{ "task:group == database", "100000" },
		/* Negated forms: no task on the host is in the group. */
		{ "task:group != database", "011111" },
		{ "task:group == service:web", "110000" },
		{ "task:group != service:web", "001111" },
		{ "task:group in [database, family:batch]", "101000" },
		{ "task:group not_in [database, family:batch]", "010111" },
		{ "task:group !~ 'service:.*'", "001111" },
		{ "task:group == nope", "000000" },
		{ "task:group != nope", "111111" },
		{ "not task:group == database", "011111" },
		{ "!(task:group == database)", "011111" },
		{ "! task:group == database", "011111" },
		{ "NOT (task:group == database)", "011111" },
	};
	RUN(cases);
}

/* a: zone d 000110, b: rack r1 101000, c: one task 011000. */
#define QA "attribute:ecs.availability-zone == us-east-1d"
#define QB "attribute:rack == r1"
#define QC "runningTasksCount == 1"

TEST(test_query_precedence)
{
	static const struct qcase cases[] = {
		{ QA " or " QB " and " QC, "001110" },
		{ QB " and " QC " or " QA, "001110" },
		{ "(" QA " or " QB ") and " QC, "001000" },
		{ QA " || " QB " && " QC, "001110" },
		{ QA " OR " QB " AND " QC, "001110" },
		{ "(" QA " Or " QB ") aNd " QC, "001000" },
		{ QA " or " QB " or " QC, "111110" },
		{ QA " and " QB " and " QC, "000000" },
		{ "not " QA " and " QB, "101000" },
		{ "not " QA " or " QB, "111001" },
		{ "not (" QA " or " QB ")", "010001" },
		{ "not not " QA, "000110" },
		{ "!!(" QA ")", "000110" },
		{ "((" QA "))", "000110" },
		{ "(" QA ")or(" QB ")", "101110" },
	};
	RUN(cases);
}

TEST(test_query_quoting_and_spacing)
{
	static const struct qcase cases[] = {
		{ "attribute:ecs.availability-zone == \"us-east-1a\"", "110000" },
		{ "attribute:ecs.availability-zone == 'us-east-1a'", "110000" },
		{ "attribute:rack == 'r1 '", "000000" },
		{ "attribute:rack == \"it's\"", "000000" },
		{ "attribute:ecs.instance-type in [\"t2.micro\", 't3.nano']", "100101" },
		{ "attribute:ecs.availability-zone==\"us-east-1b\"", "001001" },
		{ "attribute:ecs.availability-zone==us-east-1a&&runningTasksCount>1", "100000" },
		{ "runningTasksCount>=1", "111000" },
		{ "attribute:rack!=r1", "010111" },
		{ "attribute:rack!exists", "000101" },
		{ "  attribute:rack\texists\n", "111010" },
		{ "attribute:ecs.instance-type=~t2.*", "110100" },
	};
	RUN(cases);
}

/* Nested stars (issue 13): "(a*)*" repeated 24 times passed the guards and
 * took glibc's matcher about 74 s per value; PCRE2's DFA matcher answers at
 * once (a hang here is caught by the runner's time limit).  Also PCRE2's
 * named back references, which no DFA can follow, are refused. */
TEST(test_query_regex_nested_stars)
{
	char expr[512], value[64];
	size_t k;
	fix f;
	qry *q = NULL;
	ecs_err e = { 0 };
	int32_t a;

	fix_init(&f);
	a = cl_attr_find(&f.cl, "rack");
	memset(value, 'a', 30);
	strcpy(value + 30, "!");
	cl_host_set_attr(&f.cl, 0, a, cl_attr_value(&f.cl, a, value));
	cl_host_set_attr(&f.cl, 1, a, cl_attr_value(&f.cl, a, "aaab"));
	for (int end = 0; end < 2; end++) {
		k = (size_t)snprintf(expr, sizeof(expr), "attribute:rack =~ '");
		for (int i = 0; i < 24; i++)
			k += (size_t)snprintf(expr + k, sizeof(expr) - k, "(a*)*");
		snprintf(expr + k, sizeof(expr) - k, "%s'", end ? "!" : "b");
		if (qry_parse(&q, expr, &f.cl, &e) < 0) {
			cl_destroy(&f.cl);
			TEST_FAILED("%s: %s", expr, e.msg);
		}
		CHECK_EQ(qry_eval(q, &f.cl, 0), end == 1);
		CHECK_EQ(qry_eval(q, &f.cl, 1), end == 0);
		CHECK_EQ(qry_eval(q, &f.cl, 2), 0);
		qry_free(q);
		q = NULL;
	}
	CHECK_EQ(qry_parse(&q, "attribute:rack =~ '(?<x>a)\\k<x>'", &f.cl, &e), -1);
	CHECK_STR(e.msg, "at position 19: bad regex: back references are not supported");
	cl_destroy(&f.cl);
}

/* ECS's 2000-character limit bounds an "in" list (issue 13: 100,000 values
 * took 2.2 GB and over a minute under ASan). */
TEST(test_query_length_limit)
{
	static char expr[2100];
	size_t k = 0;
	fix f;
	qry *q = NULL;
	ecs_err e = { 0 };

	fix_init(&f);
	k += (size_t)snprintf(expr, sizeof(expr), "attribute:rack in [r1");
	while (k < 1998)
		k += (size_t)snprintf(expr + k, sizeof(expr) - k, ",x");
	snprintf(expr + k, sizeof(expr) - k, "]");
	CHECK_EQ(strlen(expr), 2000);
	if (qry_parse(&q, expr, &f.cl, &e) < 0) {
		cl_destroy(&f.cl);
		TEST_FAILED("%s", e.msg);
	}
	CHECK_EQ(qry_eval(q, &f.cl, 0), 1);
	CHECK_EQ(qry_eval(q, &f.cl, 1), 0);
	qry_free(q);
	q = NULL;
	snprintf(expr + k, sizeof(expr) - k, ",y]");
	CHECK_EQ(qry_parse(&q, expr, &f.cl, &e), -1);
	CHECK(q == NULL);
	cl_destroy(&f.cl);
	CHECK_STR(e.msg, "expression of 2002 characters; ECS allows at most 2000");
}

TEST(test_query_errors)
{
	static const struct qcase cases[] = {
		{ "", "error: at position 1: empty expression" },
		{ "  \t ", "error: at position 1: empty expression" },
		{ "== linux", "error: at position 1: expected a subject " SUBJECTS },
		{ "foo == bar", "error: at position 1: expected a subject " SUBJECTS },
		{ "()", "error: at position 2: expected a subject " SUBJECTS },
		{ "not", "error: at position 3: expected a subject " SUBJECTS },
		{ "agentConnected == true or",
		  "error: at position 25: expected a subject " SUBJECTS },
		{ "attribute:rack exists and",
		  "error: at position 25: expected a subject " SUBJECTS },
		{ "attribute: == x",
		  "error: at position 1: expected an attribute name after attribute:" },
		{ "attribute:ecs.instance-type",
		  "error: at position 27: expected an operator after attribute:ecs.instance-type" },
		{ "task:group )", "error: at position 12: expected an operator after task:group" },
		{ "attribute:ecs.os-type => linux",
		  "error: at position 23: unknown operator \"=>\"" },
		{ "attribute:rack foo r1", "error: at position 16: unknown operator \"foo\"" },
		{ "attribute:rack ! exists", "error: at position 16: unknown operator \"!\"" },
		{ "attribute:rack !foo r1", "error: at position 16: unknown operator \"!foo\"" },
		{ "attribute:ecs.instance-type ==",
		  "error: at position 30: expected a value after ==" },
		{ "ec2InstanceId ==  ", "error: at position 16: expected a value after ==" },
		{ "task:group equals", "error: at position 17: expected a value after equals" },
		{ "attribute:rack == [r1]", "error: at position 19: expected a value after ==" },
		{ "runningTasksCount > [1, 2]", "error: at position 21: expected a value after >" },
		{ "attribute:rack in", "error: at position 17: expected a value after in" },
		{ "attribute:rack in []", "error: at position 20: expected a value after [" },
		{ "attribute:rack in [r1,]", "error: at position 23: expected a value after ," },
		{ "attribute:rack in [r1, r2", "error: at position 25: missing ]" },
		{ "attribute:rack in [r1 r2]", "error: at position 23: missing ]" },
		{ "(runningTasksCount == 1", "error: at position 23: missing )" },
		{ "(runningTasksCount == 1 agentConnected == true)",
		  "error: at position 25: missing )" },
		{ "agentConnected == true foo",
		  "error: at position 24: unexpected \"foo\" after the expression" },
		{ "task:group == x)", "error: at position 16: unexpected \")\" after the expression" },
		{ "attribute:rack exists r1",
		  "error: at position 23: unexpected \"r1\" after the expression" },
		{ "attribute:rack in a, b]",
		  "error: at position 20: unexpected \",\" after the expression" },
		{ "attribute:rack == r1 & runningTasksCount > 0",
		  "error: at position 22: unexpected \"&\" after the expression" },
		{ "attribute:rack == 'r1", "error: at position 19: unterminated string" },
		{ "attribute:rack == r1 $", "error: at position 22: unexpected character \"$\"" },
		{ "attribute:rack == r1 \x01", "error: at position 22: unexpected character \\x01" },
		{ "attribute:ecs.instance-type =~ 't2.(micro'",
		  "error: at position 32: bad regex: missing closing parenthesis" },
		{ "task:group !~ 'a\\'", "error: at position 15: bad regex: \\ at end of pattern" },
		/* patterns that glibc would take seconds, gigabytes or forever on */
		{ "attribute:rack =~ '(.*)(.*)\\2\\1x'",
		  "error: at position 19: bad regex: back references (\\1 to \\9) are not supported" },
		{ "attribute:rack =~ '((a{1,100}){1,100}){1,100}'",
		  "error: at position 19: bad regex: repetitions too large (more than 10000 states "
		  "once expanded)" },
		{ "attribute:rack =~ '(a{1,255}){1,255}'",
		  "error: at position 19: bad regex: repetitions too large (more than 10000 states "
		  "once expanded)" },
		{ "attribute:rack =~ '(((((((((((((((r+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+'",
		  "error: at position 19: bad regex: repetitions too large (more than 10000 states "
		  "once expanded)" },
		{ "attribute:rack !~ '.**'",
		  "error: at position 19: bad regex: a repetition (*, +, ?, {m,n}) right after "
		  "another is not supported" },
		/* a count beyond long (found by the query fuzzer: signed overflow in
		 * the size bound itself) */
		{ "attribute:rack =~ 'a{99999999999999999999,}'",
		  "error: at position 19: bad regex: repetitions too large (more than 10000 states "
		  "once expanded)" },
		/* bounded repetitions of a fair size, classes and escapes still work */
		{ "attribute:rack =~ '(r*)*\\*?[*+]*[0-9]{1}'", "111000" },
		{ "attribute:rack =~ '(r+)+[0-9]+'", "111010" },
		{ "attribute:rack =~ 'r[0-9]{1,2}'", "111010" },
		{ "attribute:rack =~ '[[:alpha:]]\\.?[1]{1,100}'", "101000" },
	};
	RUN(cases);
}

TEST(test_query_nesting_limit)
{
	char expr[400], buf[1200];
	fix f;
	int n = 0;
	const char *got;

	fix_init(&f);
	for (int i = 0; i < 99; i++)
		expr[n++] = '(';
	n += snprintf(expr + n, sizeof(expr) - (size_t)n, "agentConnected == false");
	for (int i = 0; i < 99; i++)
		expr[n++] = ')';
	expr[n] = 0;
	got = hosts_matching(&f.cl, expr, buf, sizeof(buf));
	if (strcmp(got, "000001") != 0) {
		cl_destroy(&f.cl);
		CHECK_STR(got, "000001");
	}
	memmove(expr + 1, expr, (size_t)n + 1);
	expr[0] = '(';
	strcat(expr, ")");
	got = hosts_matching(&f.cl, expr, buf, sizeof(buf));
	cl_destroy(&f.cl);
	CHECK_STR(got, "error: at position 101: expression nested too deeply");
}

/* Values, groups and hosts that appear after compilation are still
 * answered (from their strings). */
TEST(test_query_late_values)
{
	static const char *const exprs[] = {
		"attribute:ecs.instance-type == c5.large",
		"attribute:ecs.instance-type =~ 'c5\\..*'",
		"attribute:ecs.instance-type != c5.large",
		"attribute:rack == r99",
		"ec2InstanceId =~ 'i-0+6'",
		"ec2InstanceId == i-00000000000000006",
		"task:group == service:late",
		"task:group =~ '.*:late'",
		"task:group != service:late",
	};
	static const char *const want[] = {
		"0000001", "0000001", "1111110", "0000001", "0000001", "0000001",
		"0000001", "0000001", "1111110",
	};
	enum { N = sizeof(exprs) / sizeof(exprs[0]) };
	qry *q[N];
	char got[N][8];
	ecs_err e;
	fix f;
	int32_t h;

	fix_init(&f);
	err_clear(&e);
	for (int i = 0; i < N; i++)
		if (qry_parse(&q[i], exprs[i], &f.cl, &e) < 0)
			fprintf(stderr, "  %s: %s\n", exprs[i], e.msg);
	h = cl_add_hosts(&f.cl, 1, 0, 0, 4096, 8192, 0, 3, 0.1);
	set_attr(&f.cl, h, "ecs.instance-type", "c5.large");
	set_attr(&f.cl, h, "rack", "r99");
	place(&f, h, "service:late");
	for (int i = 0; i < N; i++) {
		for (int32_t k = 0; k < f.cl.nhosts; k++)
			got[i][k] = q[i] && qry_eval(q[i], &f.cl, k) ? '1' : '0';
		got[i][f.cl.nhosts] = 0;
		qry_free(q[i]);
	}
	cl_destroy(&f.cl);
	CHECK_STR(e.msg, "");
	for (int i = 0; i < N; i++)
		CHECK_STR(got[i], want[i]);
}

/* Compiled without a cluster (a syntax check), a query still evaluates
 * like one compiled against it. */
TEST(test_query_without_cluster)
{
	static const char *const exprs[] = {
		"attribute:ecs.instance-type =~ t2.* and "
		"attribute:ecs.availability-zone != us-east-1d",
		"attribute:rack not_in [r1, r10]",
		"attribute:nosuch !exists",
		"ec2InstanceId in [i-00000000000000001, i-00000000000000004]",
		"agentConnected == true",
		"runningTasksCount < abc",
		"task:group != service:web",
	};
	enum { N = sizeof(exprs) / sizeof(exprs[0]) };
	char with[N][1200], without[N][1200];
	ecs_err e;
	fix f;

	fix_init(&f);
	err_clear(&e);
	for (int i = 0; i < N; i++) {
		qry *q;
		hosts_matching(&f.cl, exprs[i], with[i], sizeof(with[i]));
		if (qry_parse(&q, exprs[i], NULL, &e) < 0) {
			snprintf(without[i], sizeof(without[i]), "error: %s", e.msg);
			continue;
		}
		for (int32_t h = 0; h < f.cl.nhosts; h++)
			without[i][h] = qry_eval(q, &f.cl, h) ? '1' : '0';
		without[i][f.cl.nhosts] = 0;
		qry_free(q);
	}
	cl_destroy(&f.cl);
	for (int i = 0; i < N; i++)
		CHECK_STR(without[i], with[i]);
	CHECK_STR(with[0], "110000");
}

TEST(test_query_parse_error_leaves_null)
{
	ecs_err e;
	qry *q = (qry *)&e;

	err_clear(&e);
	CHECK_EQ(qry_parse(&q, "runningTasksCount ==", NULL, &e), -1);
	CHECK(q == NULL);
	CHECK_STR(e.msg, "at position 20: expected a value after ==");
	qry_free(NULL);
}
