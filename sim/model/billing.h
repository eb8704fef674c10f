/* billing.h - what $.pricing's commitments make of one clock hour of
 * usage: Reserved Instances first, then the Savings Plan, as AWS applies
 * them (docs/scenario-format.md, "pricing").  A pure function over the
 * hour's usage at on-demand prices, and the running totals; metrics.c
 * cuts the run into clock hours and results.c reads the totals.  Knows
 * nothing of hosts, tasks or events.
 */
#ifndef ECS_MODEL_BILLING_H
#define ECS_MODEL_BILLING_H

#include <stdint.h>

#include "sim/scenario/scenario.h"

/* One clock hour's usage that commitments can cover: on-demand instances
 * and FARGATE (not Spot) tasks, at on-demand prices. */
typedef struct bill_usage {
	double frac;               /* share of the hour simulated: 1, or less for the last */
	double ec2_usd;            /* on-demand instances */
	double fargate_usd;        /* FARGATE tasks */
	const double *type_hours;  /* per instance type: its on-demand instance-hours */
} bill_usage;

/* Sums over hours, USD unless said otherwise. */
typedef struct bill_totals {
	double sp_commitment;      /* the Savings Plan commitment charged */
	double sp_used;            /* of it, spent on usage at Savings Plans rates */
	double sp_unused;          /* of it, left unused at the end of its hour */
	double sp_covered;         /* the on-demand value of the usage it covered */
	double ri_fees;            /* Reserved Instances, charged used or not */
	double ri_covered_hours;   /* instance-hours the reservations covered */
	double ri_unused_hours;    /* reserved instance-hours no instance used */
	double on_demand;          /* usage left at on-demand prices */
} bill_totals;

/* Adds what hour u is billed under sc's $.pricing to t. */
void bill_hour(const scenario *sc, const bill_usage *u, bill_totals *t);

/* The clock hours of a run with $.pricing: the usage before the open hour
 * and the totals of the closed hours (metrics.c keeps it). */
typedef struct bill_clock {
	int64_t hour_start;        /* us: start of the open hour */
	double *od_hours;          /* per type: on-demand instance-hours before hour_start */
	double *scratch;           /* per type: one hour's instance-hours */
	double fargate_od;         /* FARGATE on-demand USD before hour_start */
	bill_totals closed;        /* the hours before hour_start */
} bill_clock;

#endif
