/* pricing.c - $.pricing (ecsim key): the commitments a run's cost is also
 * given under: a Savings Plan (an hourly commitment at discounted rates)
 * and Reserved Instances (so many instances of a type at a discount).
 * Owns reading them; what they make of the usage is sim/model/billing.c's.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

/* A discount at key: 0 <= percent < 100 (100 % off would make the
 * on-demand value a commitment covers unbounded). */
static int read_discount(const json_t *obj, const char *key, const char *path, double *out,
			 int required, ecs_err *e)
{
	char p[JREAD_PATHMAX];

	if (required && !json_object_get(obj, key))
		return err_set(e, "%s: required", jread_kpath(p, path, key));
	if (jread_number(obj, key, path, out, 0, e) < 0)
		return -1;
	if (*out >= 100)
		return err_set(e, "%s: must be < 100", jread_kpath(p, path, key));
	return 0;
}

static const jread_key savings_plan_keys[] = {
	JR_NUM("commitmentPerHour", 0, "the commitment, USD per hour", JREAD_REQ),
	JR_NUM_BELOW("discountPercent", 0, 100, "the plan's discount on EC2 usage", JREAD_REQ),
	JR_NUM_BELOW("fargateDiscountPercent", 0, 100, "its discount on FARGATE (default: none "
		     "covered)"),
	JREAD_END,
};

static int parse_savings_plan(sc_pricing *pr, const json_t *j, ecs_err *e)
{
	const char *path = "$.pricing.savingsPlan";
	char p[JREAD_PATHMAX];

	if (!j)
		return 0;
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, savings_plan_keys, e) < 0)
		return -1;
	if (!json_object_get(j, "commitmentPerHour"))
		return err_set(e, "%s: required", jread_kpath(p, path, "commitmentPerHour"));
	pr->sp = 1;
	pr->sp_fargate = json_object_get(j, "fargateDiscountPercent") != NULL;
	return jread_number(j, "commitmentPerHour", path, &pr->sp_commit, 0, e) < 0 ||
	       read_discount(j, "discountPercent", path, &pr->sp_discount, 1, e) < 0 ||
	       read_discount(j, "fargateDiscountPercent", path, &pr->sp_fargate_discount, 0, e) < 0
		       ? -1 : 0;
}

static const jread_key reserved_keys[] = {
	JR_NAME("instanceType", "a priced instance type of the cluster", JREAD_REQ),
	JR_INT("count", 1, SC_MAX_HOSTS, "instances reserved", JREAD_REQ),
	JR_NUM_BELOW("discountPercent", 0, 100, "the reservation's discount", JREAD_REQ),
	JREAD_END,
};

/* One Reserved Instance purchase: a priced instance type of the cluster,
 * each type in one entry. */
static int parse_reserved(scenario *sc, sc_reserved *r, const json_t *j, const char *path,
			  ecs_err *e)
{
	char *name = NULL, p[JREAD_PATHMAX];
	int rc;

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, reserved_keys, e) < 0 ||
	    jread_str(j, "instanceType", path, &name, 1, e) < 0) {
		free(name);
		return -1;
	}
	r->type = sc_ref_type(sc, name, jread_kpath(p, path, "instanceType"), e);
	free(name);
	if (r->type < 0)
		return -1;
	for (int i = 0; i < sc->pricing.nri; i++)
		if (sc->pricing.ri[i].type == r->type && &sc->pricing.ri[i] != r)
			return err_set(e, "%s: instance type \"%s\" is reserved by an earlier entry",
				       p, sc->types[r->type].name);
	if (!sc->types[r->type].price_given)
		return err_set(e, "%s: instance type \"%s\" has no pricePerHour (in the scenario or "
			       "the catalog) for a reservation to discount", p,
			       sc->types[r->type].name);
	rc = jread_int(j, "count", path, &r->count, 1, SC_MAX_HOSTS, 1, e);
	return rc < 0 || read_discount(j, "discountPercent", path, &r->discount, 1, e) < 0 ? -1 : 0;
}

static const jread_key pricing_keys[] = {
	JR_OBJ("savingsPlan", savings_plan_keys, "a Compute Savings Plan"),
	JR_OBJS("reservedInstances", reserved_keys, "Reserved Instances, one entry per type"),
	JREAD_END,
};

const jread_val sc_pricing_json = { .type = JREAD_OBJ, .keys = pricing_keys };

int sc_parse_pricing(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.pricing";
	sc_pricing *pr = &sc->pricing;
	const json_t *arr;
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!j)
		return 0;
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, pricing_keys, e) < 0 ||
	    parse_savings_plan(pr, json_object_get(j, "savingsPlan"), e) < 0)
		return -1;
	pr->given = 1;
	if (!(arr = json_object_get(j, "reservedInstances")))
		return 0;
	if (jread_array_max(arr, "$.pricing.reservedInstances", SC_MAX_TYPES, "entries", e) < 0)
		return -1;
	pr->ri = xcalloc(json_array_size(arr) + 1, sizeof(*pr->ri));
	json_array_foreach(arr, i, v) {
		pr->nri++;
		if (parse_reserved(sc, &pr->ri[i], v, jread_ipath(p, "$.pricing.reservedInstances", i),
				   e) < 0)
			return -1;
	}
	return 0;
}

void sc_pricing_destroy(scenario *sc)
{
	free(sc->pricing.ri);
	sc->pricing = (sc_pricing){ 0 };
}
