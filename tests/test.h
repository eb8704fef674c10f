/* test.h - the tiny test harness: TEST(name) registers a case, CHECK_* assert.
 *
 * A failed check prints file:line and both values, marks the case failed and
 * returns from it.  The runner (tests/runner.c) runs every case, then the
 * data-driven folders under tests/invalid/, and ends with "N passed, N failed".
 */
#ifndef ECS_TEST_H
#define ECS_TEST_H

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef void test_fn(void);
typedef void test_arg_fn(void *arg);
void test_register(const char *name, test_fn *fn);
/* Registers a data-driven case; name is copied, arg is passed to fn. */
void test_register_arg(const char *name, test_arg_fn *fn, void *arg);
void test_fail(void);
/* Absolute path of the source tree root and of the built ecsim binary. */
const char *test_srcdir(void);
const char *test_ecsim(void);
/* Absolute path of ecsim-mpi (it may not be built: check before use). */
const char *test_ecsim_mpi(void);
/* The make variables this suite was built with ("BUILD=build SAN="), for a
 * test that runs make on the tree (make install). */
const char *test_make_vars(void);
/* A fresh empty scratch directory for this case (removed after the run).
 * The string is reused by the next call. */
const char *test_tmpdir(void);
/* The folder all scratch directories are made in (removed after the run). */
const char *test_basedir(void);

#define TEST(name)                                                       \
	static void name(void);                                          \
	__attribute__((constructor)) static void reg_##name(void)        \
	{                                                                \
		test_register(#name, name);                              \
	}                                                                \
	static void name(void)

#define TEST_FAILED(...)                                                 \
	do {                                                             \
		fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__);        \
		fprintf(stderr, __VA_ARGS__);                            \
		fputc('\n', stderr);                                     \
		test_fail();                                             \
		return;                                                  \
	} while (0)

#define CHECK(c)                                                         \
	do {                                                             \
		if (!(c))                                                \
			TEST_FAILED("CHECK(%s) failed", #c);             \
	} while (0)

#define CHECK_INT(a, op, b)                                              \
	do {                                                             \
		long long a_ = (long long)(a), b_ = (long long)(b);      \
		if (!(a_ op b_))                                         \
			TEST_FAILED("%s %s %s: %lld vs %lld", #a, #op, #b, \
				    a_, b_);                             \
	} while (0)

#define CHECK_EQ(a, b) CHECK_INT(a, ==, b)

#define CHECK_NEAR(a, b, tol)                                            \
	do {                                                             \
		double a_ = (double)(a), b_ = (double)(b),               \
		       t_ = (double)(tol);                               \
		if (!(fabs(a_ - b_) <= t_))                              \
			TEST_FAILED("%s ~ %s: %.9g vs %.9g (tol %.3g)",  \
				    #a, #b, a_, b_, t_);                 \
	} while (0)

#define CHECK_STR(a, b)                                                  \
	do {                                                             \
		const char *a_ = (a), *b_ = (b);                         \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                   \
			TEST_FAILED("%s == %s:\n    got:  %s\n    want: %s", \
				    #a, #b, a_ ? a_ : "(null)",          \
				    b_ ? b_ : "(null)");                 \
	} while (0)

#endif
