/* setup.c - building the cluster, requests and chains from the scenario
 * (see setup.h). */
#include "model.h"
#include "setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/rng.h"
#include "strategies/query.h"

_Static_assert(SC_PORT_UDP == CL_PORT_UDP, "port keys must agree");

int setup_chain(sim *s, st_chain *c, const sc_placement *pl, int is_service,
		       const sim_opts *o, ecs_err *e)
{
	c->reg = o ? o->reg : NULL;
	c->fault = &s->err;
	if (o && o->strategy) {
		if (st_chain_parse(c, o->strategy, &s->cl, e) < 0) {
			err_prefix(e, "--strategy %s: ", o->strategy);
			return -1;
		}
		return 0;
	}
	if (pl->given) {
		for (int i = 0; i < pl->nsteps; i++)
			if (st_chain_add(c, pl->steps[i].type, pl->steps[i].field, &s->cl, e) < 0) {
				err_prefix(e, "%s: %s: ", s->sc->file, pl->steps[i].path);
				return -1;
			}
		return 0;
	}
	/* ECS defaults: a service without a strategy balances over zones, then
	 * over instances; a standalone task goes to a random instance. */
	if (is_service)
		return st_chain_add(c, "spread", "attribute:ecs.availability-zone", &s->cl, e) ||
		       st_chain_add(c, "spread", "instanceId", &s->cl, e);
	return st_chain_add(c, "random", NULL, &s->cl, e);
}

/* Puts constraints into r: distinctInstance as a flag, memberOf compiled
 * against the cluster into *mo (owned by the caller, freed with its qry's). */
int setup_constraints(sim *s, cl_req *r, struct qry ***mo, const sc_constraint *const *all,
			   int n, ecs_err *e)
{
	*mo = xcalloc((size_t)n + 1, sizeof(**mo));
	r->member_of = (const struct qry *const *)*mo;
	for (int i = 0; i < n; i++) {
		if (all[i]->type == SC_DISTINCT_INSTANCE) {
			r->distinct = 1;
			cl_track_group_hosts(&s->cl);
		} else if (qry_parse(&(*mo)[r->nmember_of], all[i]->expression, &s->cl, e) < 0) {
			err_prefix(e, "%s: %s.expression: ", s->sc->file, all[i]->path);
			return -1;
		} else {
			r->nmember_of++;
		}
	}
	return 0;
}

int setup_req(sim *s, cl_req *r, struct qry ***mo, int32_t td, const sc_placement *pl,
		     int32_t group, ecs_err *e)
{
	const sc_taskdef *t = &s->sc->taskdefs[td];
	const sc_constraint *all[2 * SC_MAX_CONSTRAINTS];
	int n = 0;

	*r = (cl_req){
		.cpu = t->cpu, .mem = t->memory, .gpu = t->gpus, .eni = t->awsvpc ? 1 : 0,
		.ports = t->ports, .nports = t->nports, .group = group,
	};
	for (int i = 0; i < t->ncons; i++)
		all[n++] = &t->cons[i];
	for (int i = 0; i < pl->ncons; i++)
		all[n++] = &pl->cons[i];
	if (n > SC_MAX_CONSTRAINTS)
		return err_set(e, "%s: %s: %d placement constraints from the task definition and "
			       "here together; ECS allows at most %d", s->sc->file,
			       all[n - 1]->path, n, SC_MAX_CONSTRAINTS);
	return setup_constraints(s, r, mo, all, n, e);
}

/* Whether instances entry i belongs to a managed Auto Scaling group. */
static int setup_managed(const scenario *sc, int i)
{
	for (int g = 0; g < sc->nasgs; g++)
		if (sc->asgs[g].group == i)
			return 1;
	return 0;
}

/* Adds n hosts as instances entry in describes them; rr deals zones. */
void setup_add_instances(sim *s, const sc_instances *in, int64_t n, int64_t *rr)
{
	const scenario *sc = s->sc;
	cl_cluster *cl = &s->cl;
	const sc_instance_type *it = &sc->types[in->type];
	int32_t os = cl_attr_value(cl, CL_ATTR_OS_TYPE, it->os);
	int32_t arch = cl_attr_value(cl, CL_ATTR_CPU_ARCH, it->arch);
	int32_t *vals = xmalloc((size_t)(in->nattrs + 1) * sizeof(*vals));
	int32_t *ids = xmalloc((size_t)(in->nattrs + 1) * sizeof(*ids));

	for (int k = 0; k < in->nattrs; k++) {
		ids[k] = cl_attr_find(cl, in->attrs[k].name);
		vals[k] = cl_attr_value(cl, ids[k], in->attrs[k].value);
	}
	for (int64_t c = 0; c < n; c++) {
		int32_t zone = in->zone >= 0 ? in->zone : (int32_t)((*rr)++ % sc->nzones);
		int32_t h = cl_add_hosts(cl, 1, in->type, zone, it->cpu, it->memory, it->gpus,
					 sc_task_enis(sc, it), in->spot ? it->spot_price : it->price);
		s->host_spot[h] = (uint8_t)in->spot;
		cl_host_set_attr(cl, h, CL_ATTR_INSTANCE_TYPE, in->type);
		cl_host_set_attr(cl, h, CL_ATTR_OS_TYPE, os);
		cl_host_set_attr(cl, h, CL_ATTR_CPU_ARCH, arch);
		for (int k = 0; k < in->nattrs; k++)
			cl_host_set_attr(cl, h, ids[k], vals[k]);
		if (in->provider >= 0)
			cl_host_set_attr(cl, h, cl_attr_find(cl, SIM_CP_ATTR),
					 cl_attr_value(cl, cl_attr_find(cl, SIM_CP_ATTR),
						       sc->providers[in->provider]));
	}
	free(vals);
	free(ids);
}

void setup_cluster(sim *s)
{
	const scenario *sc = s->sc;
	cl_cluster *cl = &s->cl;
	int64_t rr = 0;

	cl_init(cl);
	{
		/* one key per run, from its own stream so no other stream moves */
		gsl_rng *g = rng_stream_new(s->seed, "host-order", 0);
		cl->order_key = (uint64_t)gsl_rng_get(g) << 32 ^ (uint64_t)gsl_rng_get(g);
		gsl_rng_free(g);
	}
	{
		/* managed groups get their maxSize hosts, the others their count */
		int64_t nh = 0;
		for (int i = 0; i < sc->ninstances; i++)
			if (!setup_managed(sc, i))
				nh += sc->instances[i].count;
		for (int g = 0; g < sc->nasgs; g++)
			nh += sc->asgs[g].nhosts;
		s->host_spot = xcalloc((size_t)nh + 1, sizeof(*s->host_spot));
	}
	s->zone_out = xcalloc((size_t)sc->nzones + 1, sizeof(*s->zone_out));
	for (int i = 0; i < sc->ninstances; i++)
		for (int k = 0; k < sc->instances[i].nattrs; k++)
			cl_attr_id(cl, sc->instances[i].attrs[k].name);
	if (sc->nproviders) {
		/* hosts are partitioned by provider; every provider's value is
		 * known before the first host (and before any levels) */
		cl_set_part_attr(cl, cl_attr_id(cl, SIM_CP_ATTR));
		for (int p = 0; p < sc->nproviders; p++)
			cl_attr_value(cl, cl->part_attr, sc->providers[p]);
	}
	for (int z = 0; z < sc->nzones; z++)
		cl_attr_value(cl, CL_ATTR_ZONE, sc->zones[z]);
	for (int t = 0; t < sc->ntypes; t++)
		cl_attr_value(cl, CL_ATTR_INSTANCE_TYPE, sc->types[t].name);
	cl->nreserved_ports = sc->nreserved_ports;
	cl->reserved_ports = xmalloc((size_t)sc->nreserved_ports * sizeof(uint16_t) + 1);
	memcpy(cl->reserved_ports, sc->reserved_ports, (size_t)sc->nreserved_ports * sizeof(uint16_t));

	for (int i = 0; i < sc->ninstances; i++)
		if (!setup_managed(sc, i))
			setup_add_instances(s, &sc->instances[i], sc->instances[i].count, &rr);
	s->base_hosts = cl->nhosts;
}

/* Frees a request's compiled memberOf list (NULL is fine). */
void setup_free_member_of(struct qry **mo, int n)
{
	for (int k = 0; mo && k < n; k++)
		qry_free(mo[k]);
	free(mo);
}
