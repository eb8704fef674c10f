/* billing.c - one clock hour under Reserved Instances and a Savings Plan
 * (see billing.h). */
#include "billing.h"

/* Reserved Instances: each entry's count x the hour (frac of it) is billed
 * at the discounted price whether used or not, and covers that many
 * instance-hours of its type; AWS applies reservations before Savings
 * Plans.  Returns the on-demand value of what they covered. */
static double reserved(const scenario *sc, const bill_usage *u, bill_totals *t)
{
	const sc_pricing *p = &sc->pricing;
	double covered_usd = 0;

	for (int i = 0; i < p->nri; i++) {
		const sc_reserved *r = &p->ri[i];
		double price = sc->types[r->type].price;
		double bought = (double)r->count * u->frac;
		double used = u->type_hours[r->type];
		double covered = used < bought ? used : bought;
		t->ri_fees += bought * price * (100 - r->discount) / 100;
		t->ri_covered_hours += covered;
		t->ri_unused_hours += bought - covered;
		covered_usd += covered * price;
	}
	return covered_usd;
}

/* Spends what is left of the hour's commitment (*left, at Savings Plans
 * rates) on usage usd at discount; returns the on-demand value left
 * uncovered. */
static double spend(double usd, double discount, double *left, bill_totals *t)
{
	double rate = (100 - discount) / 100, cost = usd * rate;

	if (cost <= *left) { /* all of it: exactly, without a rounding remainder */
		*left -= cost;
		t->sp_used += cost;
		t->sp_covered += usd;
		return 0;
	}
	t->sp_used += *left;
	t->sp_covered += *left / rate;
	usd -= *left / rate;
	*left = 0;
	return usd;
}

/* The Savings Plan: its commitment is billed every hour, used or not; the
 * usage it covers costs the discounted rate out of the commitment, and AWS
 * applies it to the usage with the highest discount first; the rest is
 * on-demand.  FARGATE is covered only with fargateDiscountPercent (a
 * Compute Savings Plan); Spot never is. */
void bill_hour(const scenario *sc, const bill_usage *u, bill_totals *t)
{
	const sc_pricing *p = &sc->pricing;
	double ec2 = u->ec2_usd - reserved(sc, u, t), fargate = u->fargate_usd;
	double left = p->sp ? p->sp_commit * u->frac : 0;

	if (ec2 < 0) /* rounding: covered can exceed the sum it came from by an ulp */
		ec2 = 0;
	t->sp_commitment += left;
	if (p->sp && p->sp_fargate && p->sp_fargate_discount > p->sp_discount) {
		fargate = spend(fargate, p->sp_fargate_discount, &left, t);
		ec2 = spend(ec2, p->sp_discount, &left, t);
	} else if (p->sp) {
		ec2 = spend(ec2, p->sp_discount, &left, t);
		if (p->sp_fargate)
			fargate = spend(fargate, p->sp_fargate_discount, &left, t);
	}
	t->sp_unused += left;
	t->on_demand += ec2 + fargate;
}
