/* asg.c - $.cluster.autoScalingGroupProviders: each entry's capacity
 * provider and instances entry, its sizes and ECS's managed scaling,
 * termination protection and draining; what it says of its Auto Scaling
 * group beyond them (a mixed instances policy with weights and the
 * instances distribution, Capacity Rebalancing, a warm pool, under the EC2
 * Auto Scaling API's names in camelCase); and the pools of host slots the
 * model gives the group.  Not the providers themselves (cluster.c).
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"

/* EC2 Auto Scaling: at most 40 instance types in a group. */
#define ASG_MAX_OVERRIDES 40

/* weightedCapacity: the API takes a string of digits, 1-999; a JSON
 * integer is taken too. */
static int read_weight(const json_t *o, const char *p, int32_t *w, int *given, ecs_err *e)
{
	const json_t *v = json_object_get(o, "weightedCapacity");
	char q[JREAD_PATHMAX];
	const char *str;
	char *end;
	long n;

	*given = v != NULL;
	if (!v)
		return 0;
	jread_kpath(q, p, "weightedCapacity");
	if (json_is_integer(v)) {
		n = (long)json_integer_value(v);
	} else if (json_is_string(v) && *(str = json_string_value(v)) >= '0' && *str <= '9') {
		n = strtol(str, &end, 10);
		if (*end)
			return err_set(e, "%s: must be a whole number of capacity units 1-999, not "
				       "\"%s\"", q, str);
	} else {
		return err_set(e, "%s: must be a whole number of capacity units 1-999 (a string, "
			       "as the API takes it, or an integer)", q);
	}
	if (n < 1 || n > 999)
		return err_set(e, "%s: must be 1-999, not %ld", q, n);
	*w = (int32_t)n;
	return 0;
}

static const jread_key override_keys[] = {
	JR_NAME("instanceType", "an instance type (of instanceTypes, or of the catalog)",
		JREAD_REQ),
	JR_ANY("weightedCapacity", "units of capacity it counts for, 1-999 (a string or a "
	       "number; give it to every override or to none)"),
	JR_IGNORED("launchTemplateSpecification"),
	JREAD_END,
};

static const jread_key launch_template_keys[] = {
	JR_OBJS("overrides", override_keys, "the group's instance types, in priority order",
		JREAD_REQ),
	JR_IGNORED("launchTemplateSpecification"),
	JREAD_END,
};

#define SPOT_ALLOCATIONS JREAD_LIST("lowest-price", "capacity-optimized", \
				    "capacity-optimized-prioritized", "price-capacity-optimized")

static const jread_key distribution_keys[] = {
	JR_WORDS("onDemandAllocationStrategy", JREAD_LIST("prioritized", "lowest-price"),
		 "which on-demand types first (default prioritized)"),
	JR_INT("onDemandBaseCapacity", 0, SC_MAX_HOSTS, "on-demand capacity first (default 0)"),
	JR_INT("onDemandPercentageAboveBaseCapacity", 0, 100, "percent on-demand above the base "
	       "(default 100)"),
	JR_WORDS("spotAllocationStrategy", SPOT_ALLOCATIONS, "which Spot pools (default "
		 "lowest-price)"),
	JR_INT("spotInstancePools", 1, 20, "lowest-price: over this many pools (default 2)"),
	JR_IGNORED("spotMaxPrice"),
	JREAD_END,
};

static const jread_key mixed_keys[] = {
	JR_OBJ("launchTemplate", launch_template_keys, "its overrides: the instance types",
	       JREAD_REQ),
	JR_OBJ("instancesDistribution", distribution_keys, "on-demand and Spot"),
	JREAD_END,
};

const jread_val sc_mixed_instances_json = { .type = JREAD_OBJ, .keys = mixed_keys };

static const jread_key reuse_keys[] = {
	JR_BOOL("reuseOnScaleIn", "scale-in returns instances to the pool"),
	JREAD_END,
};

static const jread_key warm_keys[] = {
	JR_WORDS("poolState", JREAD_LIST("Stopped", "Running", "Hibernated"), "default Stopped"),
	JR_INT("minSize", 0, SC_MAX_HOSTS, "instances kept in the pool at least (default 0)"),
	JR_INT("maxGroupPreparedCapacity", -1, SC_MAX_HOSTS, "group and pool together at most "
	       "(default -1: maxSize)"),
	JR_OBJ("instanceReusePolicy", reuse_keys, "what scale-in does with instances"),
	JR_REF("warmStartTime", "distSeconds", "seconds from the pool to registered (default 40, "
	       "10 when Running; ecsim key)"),
	JREAD_END,
};

const jread_val sc_warm_pool_json = { .type = JREAD_OBJ, .keys = warm_keys };

static int parse_overrides(scenario *sc, sc_asg *g, const json_t *lt, const char *p,
			   ecs_err *e)
{
	const json_t *arr = json_object_get(lt, "overrides"), *v;
	char q[JREAD_PATHMAX], r[JREAD_PATHMAX];
	int weights = 0;
	size_t i;

	if (jread_object(lt, p, e) < 0 || jread_check_keys(lt, p, launch_template_keys, e) < 0)
		return -1;
	jread_kpath(q, p, "overrides");
	if (!arr)
		return err_set(e, "%s: required (the instance types of the group)", q);
	if (jread_array_max(arr, q, ASG_MAX_OVERRIDES, "instance types", e) < 0)
		return -1;
	if (json_array_size(arr) == 0)
		return err_set(e, "%s: must name at least one instance type", q);
	g->overrides = xcalloc(json_array_size(arr), sizeof(*g->overrides));
	json_array_foreach(arr, i, v) {
		sc_asg_override *o = &g->overrides[i];
		char *name = NULL;
		int given;
		jread_ipath(r, q, i);
		if (jread_object(v, r, e) < 0 || jread_check_keys(v, r, override_keys, e) < 0 ||
		    jread_str(v, "instanceType", r, &name, 1, e) < 0) {
			free(name);
			return -1;
		}
		o->type = sc_instance_type_at(sc, r, name, e);
		free(name);
		if (o->type < 0)
			return -1;
		g->noverrides++;
		for (size_t k = 0; k < i; k++)
			if (g->overrides[k].type == o->type)
				return err_set(e, "%s.instanceType: \"%s\" is in the overrides twice", r,
					       sc->types[o->type].name);
		o->weight = 1;
		if (read_weight(v, r, &o->weight, &given, e) < 0)
			return -1;
		weights += given;
		g->weighted |= o->weight != 1;
	}
	/* the API: a weight for one override means a weight for every one */
	if (weights && weights != g->noverrides)
		return err_set(e, "%s: give weightedCapacity to every override or to none", q);
	return 0;
}

static int parse_distribution(sc_asg *g, const json_t *d, const char *p, ecs_err *e)
{
	/* (ecsim's Spot price is the type's; spotMaxPrice is not modelled) */
	static const char *const od[] = { "prioritized", "lowest-price", NULL };
	static const char *const spot[] = { "lowest-price", "capacity-optimized",
					    "capacity-optimized-prioritized",
					    "price-capacity-optimized", NULL };
	int alloc = SC_SPOT_LOWEST_PRICE;

	if (jread_object(d, p, e) < 0 || jread_check_keys(d, p, distribution_keys, e) < 0 ||
	    jread_choice(d, "onDemandAllocationStrategy", p, od, "allocation strategy",
			 &g->od_lowest_price, e) < 0 ||
	    jread_int(d, "onDemandBaseCapacity", p, &g->od_base, 0, SC_MAX_HOSTS, 0, e) < 0 ||
	    jread_int32(d, "onDemandPercentageAboveBaseCapacity", p, &g->od_pct, 0, 100, 0, e) < 0 ||
	    jread_choice(d, "spotAllocationStrategy", p, spot, "allocation strategy", &alloc,
			 e) < 0 ||
	    jread_int32(d, "spotInstancePools", p, &g->spot_pools, 1, 20, 0, e) < 0)
		return -1;
	g->spot_alloc = (enum sc_spot_alloc)alloc;
	if (json_object_get(d, "spotInstancePools") && g->spot_alloc != SC_SPOT_LOWEST_PRICE)
		return err_set(e, "%s.spotInstancePools: only with spotAllocationStrategy "
			       "lowest-price", p);
	return 0;
}

/* mixedInstancesPolicy: the API's defaults are on-demand base 0, 100 %
 * on-demand above it, on-demand prioritized (the override order), Spot
 * lowest-price over 2 pools. */
static int parse_mixed(scenario *sc, sc_asg *g, const json_t *m, const char *p, ecs_err *e)
{
	const json_t *d;
	char q[JREAD_PATHMAX];

	g->od_pct = 100;
	g->spot_pools = 2;
	if (jread_object(m, p, e) < 0 || jread_check_keys(m, p, mixed_keys, e) < 0)
		return -1;
	if (!json_object_get(m, "launchTemplate"))
		return err_set(e, "%s.launchTemplate: required (with its overrides)", p);
	if (parse_overrides(sc, g, json_object_get(m, "launchTemplate"),
			    jread_kpath(q, p, "launchTemplate"), e) < 0)
		return -1;
	if ((d = json_object_get(m, "instancesDistribution")) &&
	    parse_distribution(g, d, jread_kpath(q, p, "instancesDistribution"), e) < 0)
		return -1;
	if (sc->instances[g->group].spot)
		return err_set(e, "%s: the instancesDistribution says which instances are Spot; "
			       "leave purchaseOption out of $.cluster.instances[%d]", p, g->group);
	return 0;
}

/* warmPool (PutWarmPool): poolState Stopped by default, minSize 0,
 * maxGroupPreparedCapacity the group's maxSize (-1), instances terminated
 * on scale-in unless instanceReusePolicy.reuseOnScaleIn. */
static int parse_warm(const scenario *sc, sc_asg *g, const json_t *w, const char *p,
		      ecs_err *e)
{
	static const char *const states[] = { "Stopped", "Running", "Hibernated", NULL };
	const json_t *r;
	char q[JREAD_PATHMAX];
	int state = SC_WARM_STOPPED;

	g->warm = 1;
	g->warm_prepared = -1;
	if (jread_object(w, p, e) < 0 || jread_check_keys(w, p, warm_keys, e) < 0 ||
	    jread_choice(w, "poolState", p, states, "pool state", &state, e) < 0 ||
	    jread_int(w, "minSize", p, &g->warm_min, 0, SC_MAX_HOSTS, 0, e) < 0 ||
	    jread_int(w, "maxGroupPreparedCapacity", p, &g->warm_prepared, -1, SC_MAX_HOSTS, 0,
		      e) < 0)
		return -1;
	g->warm_state = (enum sc_warm_state)state;
	if ((r = json_object_get(w, "instanceReusePolicy"))) {
		jread_kpath(q, p, "instanceReusePolicy");
		if (jread_object(r, q, e) < 0 || jread_check_keys(r, q, reuse_keys, e) < 0 ||
		    jread_bool(r, "reuseOnScaleIn", q, &g->warm_reuse, e) < 0)
			return -1;
	}
	/* ecsim's assumption (AWS documents no figure): a stopped or
	 * hibernated instance starts and registers in 40 s, a running one
	 * registers in 10 s, against a cold launch's instanceLaunchTime */
	if (sc_get_dist(w, "warmStartTime", p, &g->warm_start,
			g->warm_state == SC_WARM_RUNNING ? "10" : "40", e) < 0)
		return -1;
	/* PutWarmPool refuses a group with a mixed instances policy or Spot */
	if (g->noverrides || sc->instances[g->group].spot)
		return err_set(e, "%s: a warm pool is not possible for an Auto Scaling group with "
			       "a mixed instances policy or Spot instances (PutWarmPool)", p);
	return 0;
}

int sc_parse_asg_more(scenario *sc, sc_asg *g, const json_t *v, const char *p, ecs_err *e)
{
	const json_t *m = json_object_get(v, "mixedInstancesPolicy"), *w;
	char q[JREAD_PATHMAX];

	/* ECS holds a draining instance at most 48 hours (the lifecycle hook's
	 * limit) */
	g->drain_timeout = 48 * 3600 * USEC_PER_SEC;
	if (jread_duration(v, "managedDrainingTimeout", p, &g->drain_timeout, 0, e) < 0 ||
	    jread_bool(v, "capacityRebalance", p, &g->rebalance, e) < 0 ||
	    sc_get_dist(v, "rebalanceRecommendationLead", p, &g->rebalance_lead, "600", e) < 0)
		return -1;
	if (g->drain_timeout < 1)
		return err_set(e, "%s.managedDrainingTimeout: must be > 0", p);
	if (m && parse_mixed(sc, g, m, jread_kpath(q, p, "mixedInstancesPolicy"), e) < 0)
		return -1;
	if ((w = json_object_get(v, "warmPool")) &&
	    parse_warm(sc, g, w, jread_kpath(q, p, "warmPool"), e) < 0)
		return -1;
	return 0;
}

/* Host slots of a pool of weight w: enough for the whole group in it, one
 * more for a weighted group's overshoot (the group may exceed its desired
 * capacity by less than a weight), and as many again for Capacity
 * Rebalancing, which launches before it terminates and may exceed maxSize
 * while it does (ecsim does not bound the excess). */
static int64_t pool_slots(const sc_asg *g, int64_t size, int32_t w, int spot)
{
	int64_t n = (size + w - 1) / w + (g->weighted ? 1 : 0);

	return g->rebalance && spot ? 2 * n : n;
}

int sc_asg_pools(const scenario *sc, sc_asg *g, ecs_err *e)
{
	const sc_instances *in = &sc->instances[g->group];
	int64_t size = g->max_size;
	int od, spot;

	if (g->warm && g->warm_prepared > size)
		size = g->warm_prepared;
	if (g->warm)
		size += g->warm_min;
	if (!g->noverrides) {
		g->pools = xcalloc(1, sizeof(*g->pools));
		g->pools[0] = (sc_asg_pool){ .type = in->type, .spot = in->spot, .weight = 1,
					     .slots = pool_slots(g, size, 1, in->spot) };
		g->npools = 1;
		g->nhosts = g->pools[0].slots;
		return 0;
	}
	od = g->od_base > 0 || g->od_pct > 0;
	spot = g->od_pct < 100;
	g->pools = xcalloc(2 * (size_t)g->noverrides, sizeof(*g->pools));
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < g->noverrides; i++) {
			sc_asg_pool *pl = &g->pools[g->npools];
			if (s == 0 ? !od : !spot)
				continue;
			*pl = (sc_asg_pool){ .type = g->overrides[i].type, .spot = s,
					     .weight = g->overrides[i].weight };
			pl->slots = pool_slots(g, size, pl->weight, s);
			g->nhosts += pl->slots;
			g->npools++;
			if (g->nhosts > SC_MAX_HOSTS)
				return err_set(e, "%s.maxSize: more than %d instances in all", g->path,
					       SC_MAX_HOSTS);
		}
	return 0;
}

void sc_asg_destroy(sc_asg *g)
{
	dist_destroy(&g->launch);
	dist_destroy(&g->rebalance_lead);
	dist_destroy(&g->warm_start);
	free(g->overrides);
	free(g->pools);
	free(g->path);
}

/* ---- the entries ---- */

/* An entry's capacityProvider: an Auto Scaling group provider of the
 * cluster, managed by one entry only, whose instances are exactly one
 * instances entry (g->group). */
static int asg_provider(scenario *sc, sc_asg *g, const json_t *v, const char *p, size_t i,
			ecs_err *e)
{
	char *name = NULL;
	int rc;

	rc = jread_str(v, "capacityProvider", p, &name, 1, e);
	if (rc == 0 && (g->provider = sc_asg_provider_at(sc, p, name, e)) < 0)
		rc = -1;
	for (size_t k = 0; rc == 0 && k < i; k++)
		if (sc->asgs[k].provider == g->provider)
			rc = err_set(e, "%s.capacityProvider: \"%s\" is managed twice", p, name);
	free(name);
	if (rc < 0)
		return -1;
	for (int k = 0; k < sc->ninstances; k++)
		if (sc->instances[k].provider == g->provider) {
			if (g->group >= 0)
				return err_set(e, "%s: its provider has several instances "
					       "entries; a managed group has one", p);
			g->group = k;
		}
	if (g->group < 0)
		return err_set(e, "%s: no $.cluster.instances entry names its capacity "
			       "provider (give one, with the group's size at time 0 as count)",
			       p);
	return 0;
}

static const jread_key managed_scaling_keys[] = {
	JR_WORDS("status", JREAD_LIST("ENABLED", "DISABLED"), "ENABLED: ECS scales the group"),
	JR_INT("targetCapacity", 1, 100, "the CapacityProviderReservation to keep, percent "
	       "(default 100)"),
	JR_INT("minimumScalingStepSize", 1, 10000, "instances added or removed at least (default 1)"),
	JR_INT("maximumScalingStepSize", 1, 10000, "instances added or removed at most (default "
	       "10000)"),
	JR_DURATION("instanceWarmupPeriod", "a new instance counts after this (default 300s)"),
	JREAD_END,
};

const jread_val sc_managed_scaling_json = {
	.type = JREAD_OBJ, .keys = managed_scaling_keys, .def = "managedScaling",
};

int sc_read_managed_scaling(sc_asg *g, const json_t *ms, const char *q, int *enabled,
			    ecs_err *e)
{
	char *status = NULL;
	int32_t target = 100;
	int rc = 0;

	g->min_step = 1;
	g->max_step = 10000;
	g->warmup = 300 * USEC_PER_SEC;
	if (jread_object(ms, q, e) < 0 || jread_check_keys(ms, q, managed_scaling_keys, e) < 0 ||
	    jread_str(ms, "status", q, &status, 0, e) < 0) {
		free(status);
		return -1;
	}
	if (enabled && status && strcmp(status, "ENABLED") && strcmp(status, "DISABLED"))
		rc = err_set(e, "%s.status: must be ENABLED or DISABLED, not \"%s\"", q, status);
	else if (enabled)
		*enabled = !status || strcmp(status, "ENABLED") == 0;
	else if (status && strcmp(status, "ENABLED"))
		rc = err_set(e, "%s.status: only ENABLED (leave the provider out of "
			     "autoScalingGroupProviders for a fixed group), not \"%s\"", q,
			     status);
	free(status);
	if (rc < 0 ||
	    jread_int32(ms, "targetCapacity", q, &target, 1, 100, 0, e) < 0 ||
	    jread_int(ms, "minimumScalingStepSize", q, &g->min_step, 1, 10000, 0, e) < 0 ||
	    jread_int(ms, "maximumScalingStepSize", q, &g->max_step, 1, 10000, 0, e) < 0 ||
	    jread_duration(ms, "instanceWarmupPeriod", q, &g->warmup, 0, e) < 0)
		return -1;
	if (g->max_step < g->min_step)
		return err_set(e, "%s.maximumScalingStepSize: must be >= minimumScalingStepSize",
			       q);
	g->target = target;
	return 0;
}

/* An entry's managedScaling: required, unless its provider was printed by
 * describe-capacity-providers with one (aws.c); only ENABLED is modelled. */
static int parse_managed_scaling(const scenario *sc, sc_asg *g, const json_t *v,
				 const char *p, ecs_err *e)
{
	json_t *ms = json_object_get(v, "managedScaling");
	char q[JREAD_PATHMAX];

	if (!ms)
		return sc_aws_asg_scaling(sc, g, p, e);
	return sc_read_managed_scaling(g, ms, jread_kpath(q, p, "managedScaling"), NULL, e);
}

const jread_key sc_asg_keys[] = {
	JR_NAME("capacityProvider", "an Auto Scaling group provider of capacityProviders",
		JREAD_REQ),
	JR_INT("minSize", 0, SC_MAX_HOSTS, "the group's least size (default 0)"),
	JR_INT("maxSize", 0, SC_MAX_HOSTS, "the group's largest size", JREAD_REQ),
	JR_LIKE("managedScaling", &sc_managed_scaling_json, "ECS's managed scaling (ENABLED only)"),
	JR_WORDS("managedTerminationProtection", JREAD_LIST("ENABLED", "DISABLED"),
		 "ENABLED: scale-in removes only instances without tasks (default DISABLED)"),
	JR_REF("instanceLaunchTime", "distSeconds", "time from launch to registered (default 180)"),
	JR_DURATION("provisioningTimeout", "a PROVISIONING task waits this long for capacity "
		    "(default 30m)"),
	JR_WORDS("managedDraining", JREAD_LIST("ENABLED", "DISABLED"), "drain an instance before "
		 "it terminates (default ENABLED)"),
	JR_DURATION("managedDrainingTimeout", "a draining instance terminates at the latest this "
		    "long after (default 48h)"),
	JR_LIKE("mixedInstancesPolicy", &sc_mixed_instances_json, "several instance types, "
		"on-demand and Spot (EC2 Auto Scaling's MixedInstancesPolicy)"),
	JR_BOOL("capacityRebalance", "replace Spot instances at a rebalance recommendation"),
	JR_REF("rebalanceRecommendationLead", "distSeconds", "how long before the interruption "
	       "notice the recommendation comes (default 600 s)"),
	JR_LIKE("warmPool", &sc_warm_pool_json, "instances kept ready (EC2 Auto Scaling's warm "
		"pool)"),
	JREAD_END,
};

/* One entry of autoScalingGroupProviders (the i-th, at p). */
static int parse_asg(scenario *sc, sc_asg *g, const json_t *v, const char *p, size_t i,
		     ecs_err *e)
{
	static const char *const states[] = { "DISABLED", "ENABLED", NULL };

	if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, sc_asg_keys, e) < 0)
		return -1;
	g->path = xstrdup(p);
	if (asg_provider(sc, g, v, p, i, e) < 0 || sc_aws_asg(sc, g, v, e) < 0)
		return -1;
	g->max_size = SC_MAX_HOSTS;
	if (jread_int(v, "minSize", p, &g->min_size, 0, SC_MAX_HOSTS, 0, e) < 0 ||
	    jread_int(v, "maxSize", p, &g->max_size, 0, SC_MAX_HOSTS, 1, e) < 0 ||
	    sc_get_dist(v, "instanceLaunchTime", p, &g->launch, "180", e) < 0 ||
	    jread_duration(v, "provisioningTimeout", p, &g->timeout, 0, e) < 0 ||
	    jread_choice(v, "managedTerminationProtection", p, states, "setting", &g->protect,
			 e) < 0 ||
	    jread_choice(v, "managedDraining", p, states, "setting", &g->draining, e) < 0 ||
	    sc_parse_asg_more(sc, g, v, p, e) < 0)
		return -1;
	if (g->max_size < g->min_size)
		return err_set(e, "%s.maxSize: must be >= minSize", p);
	if (sc->instances[g->group].count < g->min_size ||
	    sc->instances[g->group].count > g->max_size)
		return err_set(e, "%s: the count of $.cluster.instances[%d] (%lld) must be "
			       "within minSize and maxSize", p, g->group,
			       (long long)sc->instances[g->group].count);
	if (sc_asg_pools(sc, g, e) < 0)
		return -1;
	sc->nhosts += g->nhosts - sc->instances[g->group].count;
	if (sc->nhosts > SC_MAX_HOSTS)
		return err_set(e, "%s.maxSize: more than %d instances in all", p, SC_MAX_HOSTS);
	return parse_managed_scaling(sc, g, v, p, e);
}

/* cluster.autoScalingGroupProviders (ecsim key): managed scaling of Auto
 * Scaling group capacity providers.  Each names a provider of
 * capacityProviders whose instances are exactly one instances entry; that
 * entry's count is the group's size at time 0. */
int sc_parse_asgs(scenario *sc, const json_t *arr, ecs_err *e)
{
	const char *path = "$.cluster.autoScalingGroupProviders";
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return sc_aws_check_printed(sc, e);
	if (jread_array_max(arr, path, 100, "providers", e) < 0)
		return -1;
	sc->asgs = xcalloc(json_array_size(arr) + 1, sizeof(*sc->asgs));
	json_array_foreach(arr, i, v) {
		sc_asg *g = &sc->asgs[i];
		g->group = -1;
		g->min_step = 1;
		g->max_step = 10000;
		g->warmup = 300 * USEC_PER_SEC;
		g->timeout = 30 * 60 * USEC_PER_SEC;
		g->draining = 1;              /* ECS's defaults: managedDraining ENABLED, */
		g->protect = 0;               /* managedTerminationProtection DISABLED */
		sc->nasgs++;
		if (parse_asg(sc, g, v, jread_ipath(p, path, i), i, e) < 0)
			return -1;
	}
	return sc_aws_check_printed(sc, e);
}
