/* query.h - the ECS cluster query language of memberOf placement constraints.
 *
 * An expression is compiled once against a cluster (attribute names are
 * resolved to ids then) and evaluated per host.  Grammar, as ECS documents it:
 *   expr    := term { ("or" | "||") term }
 *   term    := factor { ("and" | "&&") factor }
 *   factor  := ("not" | "!") factor | "(" expr ")" | cond
 *   cond    := subject op [argument]
 *   subject := attribute:NAME | ec2InstanceId | agentConnected |
 *              runningTasksCount | registeredAt | task:group
 *   op      := == equals != not_equals > >= < <= exists !exists
 *              in not_in !in =~ matches !~ not_matches
 *   argument:= value | "[" value { "," value } "]"  (for in / not_in)
 * Values are bare words (letters, digits, . - _ * : / and the like) or
 * quoted strings; =~ takes a regular expression matched against the whole
 * value (ECS semantics: "t2.*" matches "t2.micro"), in PCRE2 syntax (a
 * superset of POSIX extended regular expressions) by a matcher that never
 * backtracks.  An expression has at most 2000 characters, as in ECS.
 */
#ifndef ECS_QUERY_H
#define ECS_QUERY_H

#include "sim/cluster/cluster.h"
#include "sim/support/err.h"

typedef struct qry qry;

/* Compiles expr.  On error: -1 with "at position N: what" in e (N counts
 * characters from 1), e.g. "at position 27: expected an operator after
 * attribute:ecs.instance-type". */
int qry_parse(qry **out, const char *expr, cl_cluster *cl, ecs_err *e);

/* 1 if host h satisfies the expression. */
int qry_eval(const qry *q, const cl_cluster *cl, int32_t h);

void qry_free(qry *q);

#endif
