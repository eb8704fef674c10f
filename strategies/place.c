/* place.c - host selection: the reference scan and the indexed search
 * (see place.h for the exact rules both follow). */
#include "place.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "query.h"
#include "sim/support/err.h"

#define R2_TRIES 64

/* Resources, distinctInstance, then memberOf constraints, in ECS order. */
static enum cl_check fit(const cl_cluster *cl, int32_t h, const cl_req *r)
{
	enum cl_check f = cl_fit(cl, h, r);

	if (f != CL_NCHECKS)
		return f;
	/* a partition (capacity provider) asked for counts as a memberOf */
	if (r->part && cl_host_part(cl, h) != r->part)
		return CL_CHECK_MEMBER_OF;
	for (int i = 0; i < r->nmember_of; i++)
		if (!qry_eval(r->member_of[i], cl, h))
			return CL_CHECK_MEMBER_OF;
	return CL_NCHECKS;
}

/* Whether r asks only for cpu and memory (what the classes answer). */
static int cpu_mem_only(const cl_req *r)
{
	return !r->gpu && !r->gpu_milli && !r->eni && !r->nports && !r->distinct &&
	       !r->nmember_of && !r->part;
}

void place_ws_destroy(place_ws *ws)
{
	free(ws->ties);
	free(ws->cand);
	*ws = (place_ws){ 0 };
}

static int is_zone_spread(const st_step *s)
{
	return st_step_index(s) == ST_INDEX_SPREAD && s->field == CL_ATTR_ZONE;
}

/* R2 applies when every step is random or spread over zones. */
static int chain_is_r2(const st_chain *c)
{
	for (int i = 0; i < c->n; i++) {
		const st_step *s = &c->steps[i];
		if (st_step_index(s) != ST_INDEX_RANDOM && !is_zone_spread(s))
			return 0;
	}
	return 1;
}

int place_chain_r3(const st_chain *c)
{
	int at = -1;

	for (int i = 0; i < c->n; i++) {
		const st_step *s = &c->steps[i];
		if (st_step_index(s) == ST_INDEX_SPREAD && s->field == ST_FIELD_INSTANCE) {
			if (at >= 0)
				return -1;
			at = i;
		} else if (is_zone_spread(s)) {
			if (at >= 0)
				return -1;
		} else if (st_step_index(s) != ST_INDEX_RANDOM) {
			return -1;
		}
	}
	return at;
}

static void reserve(int32_t **p, int32_t *cap, int32_t n)
{
	if (*cap < n) {
		*cap = n;
		*p = xrealloc(*p, (size_t)n * sizeof(**p));
	}
}

/* qsort_r comparator; arg is the cluster. */
static int cmp_canonical(const void *a, const void *b, void *arg)
{
	const cl_cluster *cl = arg;
	const cl_host *x = &cl->hosts[*(const int32_t *)a];
	const cl_host *y = &cl->hosts[*(const int32_t *)b];

	if (x->zone != y->zone)
		return x->zone < y->zone ? -1 : 1;
	if (x->cpu_free != y->cpu_free)
		return x->cpu_free < y->cpu_free ? -1 : 1;
	if (x->mem_free != y->mem_free)
		return x->mem_free < y->mem_free ? -1 : 1;
	return *(const int32_t *)a < *(const int32_t *)b ? -1 : 1;
}

/* R1 over ties[0..n): canonical order, one draw when n > 1. */
static int32_t pick_r1(const cl_cluster *cl, int32_t *ties, int32_t n, const gsl_rng *tie)
{
	if (n == 1)
		return ties[0];
	/* glibc's qsort_r (_GNU_SOURCE): the cluster travels with the call, so
	 * simulations may place in several threads at once */
	qsort_r(ties, (size_t)n, sizeof(*ties), cmp_canonical, (void *)cl);
	return ties[gsl_rng_uniform_int(tie, (unsigned long)n)];
}

int32_t place_choose_scan(const cl_cluster *cl, const cl_req *r, const st_chain *chain,
			  const gsl_rng *tie, place_ws *ws, enum cl_check *reason)
{
	double best[ST_MAX_STEPS], sc[ST_MAX_STEPS];
	int32_t nties = 0, scored = 0;
	int furthest = -1, r3;

	ws->scanned++;
	reserve(&ws->ties, &ws->capties, cl->nhosts);
	for (int32_t h = 0; h < cl->nhosts; h++) {
		int cmp = 0, bad = 0;
		enum cl_check f;

		if (cl->hosts[h].state != CL_ACTIVE)
			continue;
		f = fit(cl, h, r);
		if ((int)f > furthest)
			furthest = (int)f;
		if (f != CL_NCHECKS)
			continue;
		/* a slow plug-in can make one scan long: the run is being
		 * abandoned when *stop is set, so give up on this placement */
		if ((++scored & (PLACE_POLL - 1)) == 0 && ws->stop && *ws->stop)
			break;
		for (int i = 0; i < chain->n; i++) {
			sc[i] = st_call_score(&chain->steps[i], cl, h, r);
			if (!isfinite(sc[i])) {
				st_bad_score(chain, &chain->steps[i], "score", h, sc[i]);
				bad = 1;
				break;
			}
			if (nties && !cmp)
				cmp = sc[i] < best[i] ? -1 : sc[i] > best[i];
		}
		if (bad || (nties && cmp > 0))
			continue;
		if (!nties || cmp < 0) {
			for (int i = 0; i < chain->n; i++)
				best[i] = sc[i];
			nties = 0;
		}
		ws->ties[nties++] = h;
	}
	if (!nties) {
		*reason = furthest < 0 ? CL_NCHECKS : (enum cl_check)furthest;
		return -1;
	}
	r3 = place_chain_r3(chain) >= 0;
	if (r3 || chain_is_r2(chain)) {
		/* S: every host of the zones of T (R3: with as many tasks of the
		 * group as the hosts of T), in (zone, host index) order */
		int32_t nz = cl->attrs[CL_ATTR_ZONE].nvalues, ncand = 0;
		int32_t level = r3 ? cl_group_on_host(cl, r->group, ws->ties[0]) : 0;
		int32_t np = r3 ? cl_nparts(cl) : 1;
		char *inz = xcalloc((size_t)nz + 1, 1);
		for (int32_t i = 0; i < nties; i++)
			inz[cl->hosts[ws->ties[i]].zone] = 1;
		reserve(&ws->cand, &ws->capcand, cl->nhosts);
		/* R3: by (zone, partition, host index), of the partition asked for */
		for (int32_t z = 0; z < nz; z++)
			for (int32_t p = 0; inz[z] && p < np; p++)
				for (int32_t h = 0; h < cl->nhosts; h++)
					if (cl->hosts[h].zone == z &&
					    (!r3 || (cl_host_part(cl, h) == p &&
						     (!r->part || p == r->part) &&
						     cl_group_on_host(cl, r->group, h) == level)))
						ws->cand[ncand++] = h;
		free(inz);
		for (int k = 0; k < R2_TRIES; k++) {
			int32_t h = ws->cand[gsl_rng_uniform_int(tie, (unsigned long)ncand)];
			if (cl->hosts[h].state == CL_ACTIVE && fit(cl, h, r) == CL_NCHECKS)
				return h;
		}
	}
	return pick_r1(cl, ws->ties, nties, tie);
}

int place_indexable(const cl_cluster *cl, const cl_req *r, const st_chain *chain)
{
	int binpacks = 0, last_bp = -1;

	if (!cl->ix_on)
		return 0;
	/* R3 chains go by the levels whatever the request asks */
	if (place_chain_r3(chain) >= 0)
		return cl->track_group_host;
	if (!cpu_mem_only(r))
		return 0;
	for (int i = 0; i < chain->n; i++) {
		const st_step *s = &chain->steps[i];
		if (st_step_index(s) == ST_INDEX_RANDOM)
			continue;
		if (is_zone_spread(s)) {
			if (binpacks) /* zone spread after binpack: not indexed */
				return 0;
			continue;
		}
		if (st_step_index(s) != ST_INDEX_BINPACK || binpacks == 2 || s->field == last_bp)
			return 0;
		last_bp = s->field;
		binpacks++;
	}
	return 1;
}

/* Per zone: the entry of the first binpack's view where the zone's best
 * fitting classes are, or -1 if no host of the zone fits. */
static int32_t zone_best(const cl_cluster *cl, int32_t z, int by_mem, const cl_req *r)
{
	const hix_zone *zo = &cl->ix.zones[z];
	return by_mem ? hix_view_find(&zo->by_mem, r->mem, r->cpu)
		      : hix_view_find(&zo->by_cpu, r->cpu, r->mem);
}

/* Tied classes of zone z in canonical order: the suffix of the entry's
 * classes whose other resource fits; returns its first index. */
static int32_t suffix_start(const cl_cluster *cl, const hix_entry *en, int by_mem,
			    const cl_req *r)
{
	int32_t k = en->ncls;
	while (k > 0) {
		const hix_class *c = &cl->ix.cls[en->cls[k - 1]];
		if ((by_mem ? c->cpu < r->cpu : c->mem < r->mem))
			break;
		k--;
	}
	return k;
}

/* Z: the zones with a fitting host (and, with a zone spread, the fewest
 * tasks of the group among those) into zb, in zone order; ent[z] is the
 * entry of the by-memory (by_mem) or by-cpu view where zone z's best fitting
 * classes are, -1 if none.  Returns |Z|; 0 with the reason when empty. */
static int32_t index_zones(const cl_cluster *cl, const cl_req *r, int spread, int by_mem,
			   int32_t *ent, int32_t *zb, enum cl_check *reason)
{
	const hix *x = &cl->ix;
	int32_t nz = x->nzones, best_count = INT32_MAX, nzb = 0;
	int any_active = 0, any_cpu = 0;

	for (int32_t z = 0; z < nz; z++) {
		const hix_zone *zo = &x->zones[z];
		ent[z] = -1;
		if (!zo->active)
			continue;
		any_active = 1;
		ent[z] = zone_best(cl, z, by_mem, r);
		if (ent[z] < 0) {
			/* for the reason: does any host have the cpu? */
			if (!any_cpu && zo->by_cpu.n && zo->by_cpu.e[zo->by_cpu.n - 1].key >= r->cpu)
				any_cpu = 1;
			continue;
		}
		any_cpu = 1;
		if (spread) {
			int32_t cnt = cl_group_on_value(cl, r->group, CL_ATTR_ZONE, z);
			if (cnt < best_count)
				best_count = cnt;
		}
	}
	for (int32_t z = 0; z < nz; z++)
		if (ent[z] >= 0 &&
		    (!spread || cl_group_on_value(cl, r->group, CL_ATTR_ZONE, z) == best_count))
			zb[nzb++] = z;
	if (!nzb)
		*reason = !any_active ? CL_NCHECKS : any_cpu ? CL_CHECK_MEMORY : CL_CHECK_CPU;
	return nzb;
}

static inline int fits_cpu_mem(const cl_cluster *cl, int32_t h, const cl_req *r)
{
	const cl_host *ho = &cl->hosts[h];
	return ho->state == CL_ACTIVE && ho->cpu_free >= r->cpu && ho->mem_free >= r->mem;
}

/* Host h is ACTIVE and fits r: by cpu and memory when that is all r asks
 * (full == 0), else by every check, constraints included. */
static inline int host_fits(const cl_cluster *cl, int32_t h, const cl_req *r, int full)
{
	return full ? cl->hosts[h].state == CL_ACTIVE && fit(cl, h, r) == CL_NCHECKS
		    : fits_cpu_mem(cl, h, r);
}

/* Whether a host of level lv is ACTIVE and fits r. */
static int level_fits(const cl_cluster *cl, const hix_class *lv, const cl_req *r, int full)
{
	if (!lv->bits) {
		for (int32_t i = 0; i < lv->count; i++)
			if (host_fits(cl, lv->arr[i], r, full))
				return 1;
		return 0;
	}
	for (int32_t w = 0; w < lv->bitcap / 64; w++)
		for (uint64_t b = lv->bits[w]; b; b &= b - 1)
			if (host_fits(cl, w * 64 + __builtin_ctzll(b), r, full))
				return 1;
	return 0;
}

/* The scan's reason when no host fits: the furthest check an ACTIVE host
 * got to (O(hosts), but only when nothing fits). */
static enum cl_check scan_reason(const cl_cluster *cl, const cl_req *r)
{
	int furthest = -1;

	for (int32_t h = 0; h < cl->nhosts; h++) {
		int f = cl->hosts[h].state == CL_ACTIVE ? (int)fit(cl, h, r) : -1;
		if (f > furthest)
			furthest = f;
	}
	return furthest < 0 ? CL_NCHECKS : (enum cl_check)furthest;
}

/* R3, Z and k when r asks for cpu and memory only: Z by the index, then k,
 * the first level where a zone of Z has a fitting host (in any partition);
 * kz[i] is k for the zones of Z that have one, -1 for the others.  Returns
 * |Z|, 0 when no host fits (with the reason). */
static int32_t r3_zones_by_index(const cl_cluster *cl, const cl_req *r, const hix_levels *L,
				 int spread, int32_t *ent, int32_t *zb, int32_t *kz, int32_t *kout,
				 enum cl_check *reason)
{
	int32_t np = L->nparts, nzb, k;

	if (!(nzb = index_zones(cl, r, spread, 1, ent, zb, reason)))
		return 0;
	for (k = 0;; k++) {
		int any = 0, more = 0;
		for (int32_t i = 0; i < nzb; i++) {
			kz[i] = -1;
			for (int32_t p = 0; p < np; p++) {
				const hix_class *lv = hix_level(L, zb[i] * np + p, k);
				if (!lv)
					continue;
				more = 1;
				if (kz[i] < 0 && lv->count && level_fits(cl, lv, r, 0))
					kz[i] = k, any = 1;
			}
		}
		if (any)
			break;
		if (!more) /* cannot be: every zone of Z has a fitting host */
			return 0;
	}
	*kout = k;
	return nzb;
}

/* R3, Z and k for any request: each zone's lowest level with a host that
 * passes every check (of the partition asked for, if one is), since the
 * classes know only cpu and memory; distinctInstance leaves level 0 only.
 * Same results as r3_zones_by_index. */
static int32_t r3_zones_full(const cl_cluster *cl, const cl_req *r, const hix_levels *L,
			     int spread, int32_t *zb, int32_t *kz, int32_t *kout,
			     enum cl_check *reason)
{
	int32_t nz = cl->ix.nzones, np = L->nparts, nzb = 0, best = INT32_MAX, k;

	for (int32_t z = 0; z < nz; z++) {
		int32_t kmin = -1;
		if (!cl->ix.zones[z].active)
			continue;
		for (int32_t p = r->part ? r->part : 0; p < (r->part ? r->part + 1 : np); p++) {
			const struct hix_zlevels *zl = &L->z[z * np + p];
			int32_t top = r->distinct ? 1 : zl->n;
			for (int32_t q = 0; q < top && q < zl->n && (kmin < 0 || q < kmin); q++)
				if (zl->lv[q].count && level_fits(cl, &zl->lv[q], r, 1)) {
					kmin = q;
					break;
				}
		}
		if (kmin < 0)
			continue;
		if (spread && cl_group_on_value(cl, r->group, CL_ATTR_ZONE, z) < best)
			best = cl_group_on_value(cl, r->group, CL_ATTR_ZONE, z);
		zb[nzb] = z;
		kz[nzb++] = kmin;
	}
	if (spread) { /* keep the zones with the fewest tasks of the group */
		int32_t n = 0;
		for (int32_t i = 0; i < nzb; i++)
			if (cl_group_on_value(cl, r->group, CL_ATTR_ZONE, zb[i]) == best)
				zb[n] = zb[i], kz[n++] = kz[i];
		nzb = n;
	}
	if (!nzb) {
		*reason = scan_reason(cl, r);
		return 0;
	}
	k = INT32_MAX;
	for (int32_t i = 0; i < nzb; i++)
		k = kz[i] < k ? kz[i] : k;
	for (int32_t i = 0; i < nzb; i++)
		kz[i] = kz[i] == k ? k : -1;
	*kout = k;
	return nzb;
}

/* R3's draw: S, level k of the cells of the zones of Z that have a fitting
 * host at k; sampling over S, cell by cell, as the scan does; then R1 over
 * T, the fitting hosts of those levels. */
static int32_t r3_sample(const cl_cluster *cl, const cl_req *r, const hix_levels *L,
			 const int32_t *zb, const int32_t *kz, int32_t nzb, int32_t k,
			 int32_t *cells, int full, const gsl_rng *tie, place_ws *ws)
{
	int32_t np = L->nparts, total = 0, ncells = 0, n = 0;

	for (int32_t i = 0; i < nzb; i++)
		for (int32_t p = 0; kz[i] == k && p < np; p++) {
			const hix_class *lv;
			if (r->part && p != r->part)
				continue;
			lv = hix_level(L, zb[i] * np + p, k);
			if (lv && lv->count) {
				cells[ncells++] = zb[i] * np + p;
				total += lv->count;
			}
		}
	for (int t = 0; t < R2_TRIES; t++) {
		int32_t j = (int32_t)gsl_rng_uniform_int(tie, (unsigned long)total), i = 0, h;
		while (j >= hix_level(L, cells[i], k)->count)
			j -= hix_level(L, cells[i++], k)->count;
		h = hix_set_select(hix_level(L, cells[i], k), j);
		if (host_fits(cl, h, r, full))
			return h;
	}
	reserve(&ws->ties, &ws->capties, cl->nhosts);
	for (int32_t i = 0; i < ncells; i++) {
		const hix_class *lv = hix_level(L, cells[i], k);
		for (int32_t j = 0; j < lv->count; j++) {
			int32_t h = hix_set_select(lv, j);
			if (host_fits(cl, h, r, full))
				ws->ties[n++] = h;
		}
	}
	return pick_r1(cl, ws->ties, n, tie);
}

/* R3 by the levels of the group (see place.h): Z, the zones with a fitting
 * host (by the index, or by the levels of the partition asked for); k, the
 * fewest tasks of the group on a fitting host of Z, level by level; then
 * sampling over the hosts of those levels, cell by cell, as the scan does. */
static int32_t index_choose_r3(const cl_cluster *cl, const cl_req *r, const st_chain *chain,
			       const gsl_rng *tie, place_ws *ws, enum cl_check *reason)
{
	const hix_levels *L = cl_group_levels(cl, r->group);
	int32_t nz = cl->ix.nzones, np = L->nparts, nzb, result = -1, k = 0;
	int32_t buf[4 * 64], big = nz > 64 || nz * np > 64, *ent, *zb, *kz, *cells;
	int spread = 0, full = !cpu_mem_only(r);

	ws->indexed++;
	for (int i = 0; i < chain->n; i++)
		spread |= is_zone_spread(&chain->steps[i]);
	if (!big) {
		ent = buf, zb = buf + 64, kz = buf + 128, cells = buf + 192;
	} else {
		ent = xmalloc((size_t)nz * sizeof(*ent) + 1);
		zb = xmalloc((size_t)nz * sizeof(*zb) + 1);
		kz = xmalloc((size_t)nz * sizeof(*kz) + 1);
		cells = xmalloc((size_t)nz * (size_t)np * sizeof(*cells) + 1);
	}
	nzb = full ? r3_zones_full(cl, r, L, spread, zb, kz, &k, reason)
		   : r3_zones_by_index(cl, r, L, spread, ent, zb, kz, &k, reason);
	if (nzb)
		result = r3_sample(cl, r, L, zb, kz, nzb, k, cells, full, tie, ws);
	if (big) {
		free(ent);
		free(zb);
		free(kz);
		free(cells);
	}
	return result;
}

/* R2 by the index: rejection sampling over all hosts of the zones zb, then
 * R1 over every fitting class of them, in canonical order. */
static int32_t index_r2(const cl_cluster *cl, const cl_req *r, const int32_t *zb, int32_t nzb,
			const gsl_rng *tie, place_ws *ws)
{
	const hix *x = &cl->ix;
	int32_t total = 0, n = 0;

	for (int32_t i = 0; i < nzb; i++)
		total += hix_zone_hosts(x, zb[i]);
	for (int k = 0; k < R2_TRIES; k++) {
		int32_t j = (int32_t)gsl_rng_uniform_int(tie, (unsigned long)total), i = 0;
		while (j >= hix_zone_hosts(x, zb[i]))
			j -= hix_zone_hosts(x, zb[i++]);
		int32_t h = hix_zone_host(x, zb[i], j);
		/* The request is cpu and memory only (indexable).  The host
		 * record read here is the one the caller writes next when it
		 * fits. */
		if (fits_cpu_mem(cl, h, r))
			return h;
	}
	reserve(&ws->ties, &ws->capties, cl->nhosts);
	for (int32_t i = 0; i < nzb; i++) {
		const hix_view *v = &x->zones[zb[i]].by_cpu;
		for (int32_t e = hix_view_find(v, r->cpu, r->mem); e >= 0 && e < v->n; e++)
			for (int32_t k = 0; k < v->e[e].ncls; k++) {
				const hix_class *c = &x->cls[v->e[e].cls[k]];
				if (c->mem < r->mem)
					continue;
				for (int32_t q = 0; q < c->count; q++)
					ws->ties[n++] = hix_class_select(x, v->e[e].cls[k], q);
			}
	}
	return n == 1 ? ws->ties[0] : ws->ties[gsl_rng_uniform_int(tie, (unsigned long)n)];
}

/* R1 with binpack (first on field bp, then bp2 if >= 0) over the zones zb,
 * whose best entries are ent[zone]: the least remaining value over them,
 * then its classes, counted in (zone, class) order, and one draw. */
static int32_t index_binpack(const cl_cluster *cl, const cl_req *r, const int32_t *ent,
			     const int32_t *zb, int32_t nzb, int bp, int bp2, const gsl_rng *tie)
{
	const hix *x = &cl->ix;
	int by_mem = bp == ST_BINPACK_MEMORY;
	int32_t vbest = INT32_MAX, obest = INT32_MAX, total = 0, result = -1;
	int32_t first[64], *fs = first;

	if (x->nzones > 64)
		fs = xmalloc((size_t)x->nzones * sizeof(*fs));
	for (int32_t i = 0; i < nzb; i++) {
		const hix_view *v = by_mem ? &x->zones[zb[i]].by_mem : &x->zones[zb[i]].by_cpu;
		if (v->e[ent[zb[i]]].key < vbest)
			vbest = v->e[ent[zb[i]]].key;
	}
	for (int32_t i = 0; i < nzb; i++) {
		const hix_view *v = by_mem ? &x->zones[zb[i]].by_mem : &x->zones[zb[i]].by_cpu;
		const hix_entry *en = &v->e[ent[zb[i]]];
		fs[i] = -1;
		if (en->key != vbest)
			continue;
		fs[i] = suffix_start(cl, en, by_mem, r);
		if (bp2 >= 0) {
			const hix_class *c = &x->cls[en->cls[fs[i]]];
			int32_t o = by_mem ? c->cpu : c->mem;
			if (o < obest)
				obest = o;
		}
	}
	/* Count the tied hosts (zone order, then class order). */
	for (int pass = 0; pass < 2 && result < 0; pass++) {
		int32_t j = 0;
		if (pass == 1) {
			if (total == 1)
				j = 0;
			else
				j = (int32_t)gsl_rng_uniform_int(tie, (unsigned long)total);
		}
		for (int32_t i = 0; i < nzb && result < 0; i++) {
			const hix_view *v;
			const hix_entry *en;
			int32_t end;
			if (fs[i] < 0)
				continue;
			v = by_mem ? &x->zones[zb[i]].by_mem : &x->zones[zb[i]].by_cpu;
			en = &v->e[ent[zb[i]]];
			end = en->ncls;
			if (bp2 >= 0) {
				const hix_class *c = &x->cls[en->cls[fs[i]]];
				if ((by_mem ? c->cpu : c->mem) != obest)
					continue;
				end = fs[i] + 1;
			}
			for (int32_t k = fs[i]; k < end; k++) {
				int32_t cnt = x->cls[en->cls[k]].count;
				if (pass == 0) {
					total += cnt;
				} else if (j < cnt) {
					result = hix_class_select(x, en->cls[k], j);
					break;
				} else {
					j -= cnt;
				}
			}
		}
	}
	if (fs != first)
		free(fs);
	return result;
}

/* The indexed search for chains of zone spreads, binpacks and random steps
 * (place_indexable): Z, then R2 without a binpack, else R1 by binpack. */
static int32_t index_choose(const cl_cluster *cl, const cl_req *r, const st_chain *chain,
			    const gsl_rng *tie, place_ws *ws, enum cl_check *reason)
{
	int32_t nz = cl->ix.nzones, entry[64], *ent = entry;
	int spread = 0, bp = -1, bp2 = -1;
	int32_t zbest[64], *zb = zbest;
	int32_t result = -1, nzb;

	ws->indexed++;
	for (int i = 0; i < chain->n; i++) {
		const st_step *s = &chain->steps[i];
		if (is_zone_spread(s))
			spread = 1;
		else if (st_step_index(s) == ST_INDEX_BINPACK)
			*(bp < 0 ? &bp : &bp2) = s->field;
	}
	if (nz > 64) {
		ent = xmalloc((size_t)nz * sizeof(*ent));
		zb = xmalloc((size_t)nz * sizeof(*zb));
	}
	if ((nzb = index_zones(cl, r, spread, bp != ST_BINPACK_CPU, ent, zb, reason)))
		result = bp < 0 ? index_r2(cl, r, zb, nzb, tie, ws)
				: index_binpack(cl, r, ent, zb, nzb, bp, bp2, tie);
	if (ent != entry) {
		free(ent);
		free(zb);
	}
	return result;
}

int32_t place_choose_slot(const cl_cluster *cl, int32_t h, const cl_req *r,
			  const st_chain *chain, const gsl_rng *tie)
{
	const cl_host *ho;
	double best[ST_MAX_STEPS], sc[ST_MAX_STEPS];
	int32_t buf[64], *slots, n, nties = 0, result;
	int any = 0;

	if (h < 0 || r->gpu_milli <= 0)
		return -1;
	for (int i = 0; i < chain->n; i++)
		any |= st_step_gpu_score(&chain->steps[i]) != NULL;
	if (!any)
		return -1;
	ho = &cl->hosts[h];
	slots = ho->gpu_total <= 64 ? buf : xmalloc((size_t)ho->gpu_total * sizeof(*slots));
	n = cl_share_slots(ho, r->gpu_milli, slots);
	for (int32_t j = 0; j < n; j++) {
		int cmp = 0, bad = 0;
		for (int i = 0, k = 0; i < chain->n; i++) {
			const st_step *st = &chain->steps[i];
			if (!st_step_gpu_score(st))
				continue;
			sc[k] = st_call_gpu_score(st, cl, h, r, slots[j]);
			if (!isfinite(sc[k])) {
				st_bad_score(chain, st, "gpu_score", h, sc[k]);
				bad = 1;
				break;
			}
			if (nties && !cmp)
				cmp = sc[k] < best[k] ? -1 : sc[k] > best[k];
			k++;
		}
		if (bad || (nties && cmp > 0))
			continue;
		if (!nties || cmp < 0) {
			memcpy(best, sc, sizeof(best));
			nties = 0;
		}
		slots[nties++] = slots[j];
	}
	/* a bad score leaves the slot out; with none left, the default's */
	result = !nties ? -1 : nties == 1 ? slots[0]
				       : slots[gsl_rng_uniform_int(tie, (unsigned long)nties)];
	if (slots != buf)
		free(slots);
	return result;
}

int32_t place_choose(const cl_cluster *cl, const cl_req *r, const st_chain *chain,
		     const gsl_rng *tie, place_ws *ws, enum cl_check *reason)
{
	int32_t h;

	if (place_indexable(cl, r, chain))
		h = place_chain_r3(chain) >= 0 ? index_choose_r3(cl, r, chain, tie, ws, reason)
					      : index_choose(cl, r, chain, tie, ws, reason);
	else
		h = place_choose_scan(cl, r, chain, tie, ws, reason);
	ws->gpu_slot = place_choose_slot(cl, h, r, chain, tie);
	return h;
}
