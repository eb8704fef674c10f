/* cluster.c - hosts, tasks, groups and incremental totals (see cluster.h). */
#include "cluster.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/err.h"

static const char *const reasons[CL_NCHECKS] = {
	[CL_CHECK_CPU] = "RESOURCE:CPU",
	[CL_CHECK_MEMORY] = "RESOURCE:MEMORY",
	[CL_CHECK_GPU] = "RESOURCE:GPU",
	[CL_CHECK_PORTS] = "RESOURCE:PORTS",
	[CL_CHECK_ENI] = "RESOURCE:ENI",
	[CL_CHECK_DISTINCT] = "DistinctInstance placement constraint unsatisfied",
	[CL_CHECK_MEMBER_OF] = "MemberOf placement constraint unsatisfied",
};

static void changed(cl_cluster *cl, int32_t h);

const char *cl_check_reason(enum cl_check c)
{
	return c < CL_NCHECKS ? reasons[c] : "NONE";
}

void cl_init(cl_cluster *cl)
{
	static const char *const builtin[CL_NBUILTIN_ATTRS] = {
		"ecs.availability-zone", "ecs.instance-type", "ecs.os-type",
		"ecs.cpu-architecture",
	};

	*cl = (cl_cluster){ .part_attr = -1 };
	hmap_init(&cl->group_host);
	hmap_init(&cl->group_index);
	for (int i = 0; i < CL_NBUILTIN_ATTRS; i++)
		cl_attr_id(cl, builtin[i]);
}

void cl_destroy(cl_cluster *cl)
{
	for (int32_t h = 0; h < cl->nhosts; h++) {
		free(cl->hosts[h].ports);
		free(cl->hosts[h].gpu_used);
	}
	free(cl->hosts);
	free(cl->watchers);
	for (int32_t a = 0; a < cl->nattrs; a++) {
		for (int32_t v = 0; v < cl->attrs[a].nvalues; v++)
			free(cl->attrs[a].values[v]);
		free(cl->attrs[a].values);
		free(cl->attrs[a].name);
	}
	free(cl->attrs);
	free(cl->attr_val);
	free(cl->reserved_ports);
	for (int32_t g = 0; g < cl->ngroups; g++) {
		free(cl->groups[g]);
		for (int32_t a = 0; a < cl->nattrs; a++)
			free(cl->group_attr[(int64_t)g * cl->nattrs + a]);
	}
	for (int32_t g = 0; cl->levels && g < cl->ngroups; g++)
		if (cl->levels[g]) {
			hix_levels_destroy(cl->levels[g]);
			free(cl->levels[g]);
		}
	free(cl->levels);
	free(cl->groups);
	free(cl->group_attr);
	free(cl->group_tasks);
	hmap_destroy(&cl->group_host);
	hmap_destroy(&cl->group_index);
	if (cl->ix_on)
		hix_destroy(&cl->ix);
	*cl = (cl_cluster){ 0 };
}

int32_t cl_attr_find(const cl_cluster *cl, const char *name)
{
	for (int32_t a = 0; a < cl->nattrs; a++)
		if (strcmp(cl->attrs[a].name, name) == 0)
			return a;
	return -1;
}

int32_t cl_attr_id(cl_cluster *cl, const char *name)
{
	int32_t a = cl_attr_find(cl, name);

	if (a >= 0)
		return a;
	if (cl->nhosts || cl->ngroups) {
		fprintf(stderr, "ecsim: internal error: attribute %s added late\n", name);
		abort();
	}
	cl->attrs = xrealloc(cl->attrs, (size_t)(cl->nattrs + 1) * sizeof(*cl->attrs));
	cl->attrs[cl->nattrs] = (cl_attr){ .name = xstrdup(name) };
	return cl->nattrs++;
}

int32_t cl_attr_value(cl_cluster *cl, int32_t a, const char *value)
{
	cl_attr *at = &cl->attrs[a];

	for (int32_t v = 0; v < at->nvalues; v++)
		if (strcmp(at->values[v], value) == 0)
			return v;
	if ((at->nvalues & (at->nvalues - 1)) == 0)
		at->values = xrealloc(at->values, (size_t)(at->nvalues ? at->nvalues * 2 : 4) *
					      sizeof(*at->values));
	at->values[at->nvalues] = xstrdup(value);
	return at->nvalues++;
}

void cl_attr_track(cl_cluster *cl, int32_t a)
{
	if (cl->attrs[a].tracked)
		return;
	cl->attrs[a].tracked = 1;
	/* Count the tasks already placed. */
	for (int32_t h = 0; h < cl->nhosts; h++) {
		int32_t v = cl_host_attr(cl, h, a);
		if (v < 0)
			continue;
		for (const cl_task *t = cl->hosts[h].tasks; t; t = t->hnext) {
			int32_t **c = &cl->group_attr[(int64_t)t->req.group * cl->nattrs + a];
			if (!*c)
				*c = xcalloc(cl->attrs[a].nvalues, sizeof(**c));
			(*c)[v]++;
		}
	}
}

const hix_levels *cl_group_levels(const cl_cluster *cl, int32_t g)
{
	hix_levels *l = cl->levels[g];

	assert(cl->track_group_host && "levels need the per-host counts");
	if (l)
		return l;
	l = xmalloc(sizeof(*l));
	hix_levels_init(l, cl->attrs[CL_ATTR_ZONE].nvalues,
			cl->part_attr < 0 ? 1 : cl->attrs[cl->part_attr].nvalues + 1);
	for (int32_t h = 0; h < cl->nhosts; h++)
		hix_levels_move(l, cl_host_cell(cl, l, h), h, -1, cl_group_on_host(cl, g, h));
	cl->levels[g] = l;
	return l;
}

int cl_levels_check(const cl_cluster *cl, char *buf, size_t n)
{
	for (int32_t g = 0; cl->levels && g < cl->ngroups; g++) {
		const hix_levels *l = cl->levels[g];
		int32_t seen = 0;
		if (!l)
			continue;
		for (int32_t z = 0; z < l->ncells; z++)
			for (int32_t k = 0; k < l->z[z].n; k++) {
				const hix_class *lv = &l->z[z].lv[k];
				for (int32_t j = 0, prev = -1; j < lv->count; j++, seen++) {
					int32_t h = hix_set_select(lv, j);
					if (h <= prev || h >= cl->nhosts || cl_host_cell(cl, l, h) != z ||
					    cl_group_on_host(cl, g, h) != k) {
						snprintf(buf, n, "group %s: level %d of cell %d holds host "
							 "%d (cell %d, %d tasks of the group)", cl->groups[g],
							 k, z, h, h >= 0 && h < cl->nhosts ?
							 cl_host_cell(cl, l, h) : -1, h >= 0 && h < cl->nhosts ?
							 cl_group_on_host(cl, g, h) : -1);
						return -1;
					}
					prev = h;
				}
			}
		if (seen != cl->nhosts) {
			snprintf(buf, n, "group %s: levels hold %d hosts, not %d", cl->groups[g], seen,
				 cl->nhosts);
			return -1;
		}
	}
	return 0;
}

void cl_track_group_hosts(cl_cluster *cl)
{
	if (cl->track_group_host)
		return;
	cl->track_group_host = 1;
	/* Count the tasks already placed. */
	for (int32_t h = 0; h < cl->nhosts; h++)
		for (const cl_task *t = cl->hosts[h].tasks; t; t = t->hnext)
			hmap_add(&cl->group_host, (uint64_t)(uint32_t)t->req.group << 32 | (uint32_t)h, 1);
}

int32_t cl_add_hosts(cl_cluster *cl, int32_t n, int32_t type, int32_t zone,
		     int32_t cpu, int32_t mem, int32_t gpu, int32_t eni, double price)
{
	int32_t first = cl->nhosts;

	if (first + n > cl->caphosts) {
		int32_t cap = cl->caphosts ? cl->caphosts : 64;
		void *block = NULL;
		while (cap < first + n)
			cap *= 2;
		if (posix_memalign(&block, 64, (size_t)cap * sizeof(*cl->hosts)) != 0)
			block = xmalloc((size_t)-1 / 2); /* reports out-of-memory */
		if (first)
			memcpy(block, cl->hosts, (size_t)first * sizeof(*cl->hosts));
		free(cl->hosts);
		cl->hosts = block;
		cl->caphosts = cap;
	}
	cl->attr_val = xrealloc(cl->attr_val,
				(size_t)(first + n) * cl->nattrs * sizeof(*cl->attr_val));
	for (int32_t i = first; i < first + n; i++) {
		cl->hosts[i] = (cl_host){
			.cpu_free = cpu, .mem_free = mem, .gpu_free = gpu, .eni_free = eni,
			.state = CL_ACTIVE, .type = type, .zone = zone,
			.cpu_total = cpu, .mem_total = mem, .gpu_total = gpu,
			.eni_total = eni, .price = price,
		};
		for (int32_t a = 0; a < cl->nattrs; a++)
			cl->attr_val[(int64_t)i * cl->nattrs + a] = -1;
		cl->attr_val[(int64_t)i * cl->nattrs + CL_ATTR_ZONE] = zone;
		cl->cpu_up += cpu;
		cl->mem_up += mem;
		cl->hosts_up++;
		cl->price_up += price;
		cl->gpu_up += gpu;
		if (cl->ix_on) {
			hix_add_host(&cl->ix, i, zone);
			hix_activate(&cl->ix, i, cpu, mem);
		}
		for (int32_t g = 0; cl->levels && g < cl->ngroups; g++)
			if (cl->levels[g])
				hix_levels_move(cl->levels[g], cl_host_cell(cl, cl->levels[g], i), i,
						-1, 0);
	}
	cl->nhosts += n;
	for (int32_t i = first; i < first + n; i++)
		changed(cl, i);
	return first;
}

void cl_host_set_attr(cl_cluster *cl, int32_t h, int32_t a, int32_t value)
{
	int64_t i = (int64_t)h * cl->nattrs + a;
	int32_t old = cl->attr_val[i];

	cl->attr_val[i] = value;
	/* the GPU model: what fragmentation is measured against */
	if (a == CL_ATTR_INSTANCE_TYPE && old != value)
		changed(cl, h);
	if (a != cl->part_attr || old == value)
		return;
	/* the host changes partition: its cell in every group's levels */
	for (int32_t g = 0; cl->levels && g < cl->ngroups; g++) {
		hix_levels *l = cl->levels[g];
		if (!l)
			continue;
		assert(value + 1 < l->nparts && "partition values are known before levels");
		hix_levels_recell(l, cl->hosts[h].zone * l->nparts + old + 1, cl_host_cell(cl, l, h),
				  h, cl_group_on_host(cl, g, h));
	}
}

void cl_set_part_attr(cl_cluster *cl, int32_t a)
{
	for (int32_t g = 0; cl->levels && g < cl->ngroups; g++)
		assert(!cl->levels[g] && "partition before the levels are built");
	cl->part_attr = a;
}

void cl_host_instance_id(int32_t h, char buf[24])
{
	snprintf(buf, 24, "i-%017x", (unsigned)h);
}

/* FNV-1a: group names are short and few collide; a collision only costs a
 * scan (the index keeps the first name with that hash). */
static uint64_t name_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int32_t cl_group_id(cl_cluster *cl, const char *name)
{
	uint64_t hash = name_hash(name);
	int32_t found = hmap_get(&cl->group_index, hash) - 1;

	if (found >= 0 && strcmp(cl->groups[found], name) == 0)
		return found;
	if (found >= 0)
		for (int32_t g = 0; g < cl->ngroups; g++)
			if (strcmp(cl->groups[g], name) == 0)
				return g;
	if (found < 0)
		hmap_add(&cl->group_index, hash, cl->ngroups + 1);
	if (cl->ngroups == cl->capgroups) {
		int32_t old = cl->capgroups;
		cl->capgroups = old ? old * 2 : 16;
		cl->groups = xrealloc(cl->groups, (size_t)cl->capgroups * sizeof(*cl->groups));
		cl->group_tasks = xrealloc(cl->group_tasks,
					   (size_t)cl->capgroups * sizeof(*cl->group_tasks));
		cl->group_attr = xrealloc(cl->group_attr, (size_t)cl->capgroups * cl->nattrs *
							      sizeof(*cl->group_attr));
		memset(cl->group_attr + (int64_t)old * cl->nattrs, 0,
		       (size_t)(cl->capgroups - old) * cl->nattrs * sizeof(*cl->group_attr));
		cl->levels = xrealloc(cl->levels, (size_t)cl->capgroups * sizeof(*cl->levels));
		memset(cl->levels + old, 0, (size_t)(cl->capgroups - old) * sizeof(*cl->levels));
	}
	cl->groups[cl->ngroups] = xstrdup(name);
	cl->group_tasks[cl->ngroups] = 0;
	return cl->ngroups++;
}

static int port_used(const cl_cluster *cl, const cl_host *h, uint32_t p)
{
	for (int i = 0; i < cl->nreserved_ports; i++)
		if ((uint32_t)cl->reserved_ports[i] == p)
			return 1;
	for (int32_t i = 0; i < h->nports; i++)
		if (h->ports[i] == p)
			return 1;
	return 0;
}

/* Best fit keeps whole GPUs free.  A slot with used == 0 is a free GPU
 * whenever gpu_free > 0. */
int32_t cl_share_default(const cl_host *h, int32_t m)
{
	int32_t best = -1, empty = -1;

	for (int32_t i = 0; h->gpu_used && i < h->gpu_total; i++) {
		int32_t u = h->gpu_used[i];
		if (u == 0)
			empty = empty < 0 ? i : empty;
		else if (u + m <= CL_GPU_MILLI && (best < 0 || u > h->gpu_used[best]))
			best = i;
	}
	if (best >= 0)
		return best;
	if (h->gpu_free < 1)
		return -1;
	return h->gpu_used ? empty : 0;
}

int32_t cl_share_slots(const cl_host *h, int32_t m, int32_t *slots)
{
	int32_t n = 0, empty = -1;

	if (!h->gpu_used)
		return h->gpu_free >= 1 ? (slots[0] = 0, 1) : 0;
	for (int32_t i = 0; i < h->gpu_total; i++) {
		int32_t u = h->gpu_used[i];
		if (u == 0)
			empty = empty < 0 ? i : empty;
		else if (u + m <= CL_GPU_MILLI)
			slots[n++] = i;
	}
	if (h->gpu_free >= 1 && empty >= 0)
		slots[n++] = empty;
	return n;
}

void cl_watch(cl_cluster *cl, cl_watch_fn *fn, void *ctx)
{
	cl->watchers = xrealloc(cl->watchers, (size_t)(cl->nwatchers + 1) * sizeof(*cl->watchers));
	cl->watchers[cl->nwatchers++] = (struct cl_watcher){ fn, ctx };
}

void cl_unwatch(cl_cluster *cl, cl_watch_fn *fn, void *ctx)
{
	for (int i = 0; i < cl->nwatchers; i++)
		if (cl->watchers[i].fn == fn && cl->watchers[i].ctx == ctx) {
			memmove(cl->watchers + i, cl->watchers + i + 1,
				(size_t)(cl->nwatchers - i - 1) * sizeof(*cl->watchers));
			cl->nwatchers--;
			return;
		}
}

/* Host h changed: a new generation, and the watchers hear of it. */
static void changed(cl_cluster *cl, int32_t h)
{
	cl->hosts[h].gen++;
	for (int i = 0; i < cl->nwatchers; i++)
		cl->watchers[i].fn(cl->watchers[i].ctx, cl, h);
}

enum cl_check cl_fit(const cl_cluster *cl, int32_t hi, const cl_req *r)
{
	const cl_host *h = &cl->hosts[hi];

	if (h->cpu_free < r->cpu)
		return CL_CHECK_CPU;
	if (h->mem_free < r->mem)
		return CL_CHECK_MEMORY;
	if (h->gpu_free < r->gpu)
		return CL_CHECK_GPU;
	if (r->gpu_milli > 0 && cl_share_default(h, r->gpu_milli) < 0)
		return CL_CHECK_GPU;
	for (int i = 0; i < r->nports; i++)
		if (port_used(cl, h, r->ports[i]))
			return CL_CHECK_PORTS;
	if (h->eni_free < r->eni)
		return CL_CHECK_ENI;
	if (r->distinct && cl_group_on_host(cl, r->group, hi) > 0)
		return CL_CHECK_DISTINCT;
	return CL_NCHECKS;
}

int32_t cl_group_on_value(const cl_cluster *cl, int32_t g, int32_t a, int32_t v)
{
	const int32_t *c = cl->group_attr[(int64_t)g * cl->nattrs + a];
	return c && v >= 0 ? c[v] : 0;
}

static void count_group(cl_cluster *cl, const cl_task *t, int32_t h, int32_t d)
{
	int32_t g = t->req.group;

	cl->group_tasks[g] += d;
	if (cl->track_group_host) {
		int32_t k = hmap_add(&cl->group_host, (uint64_t)(uint32_t)g << 32 | (uint32_t)h, d);
		if (cl->levels[g])
			hix_levels_move(cl->levels[g], cl_host_cell(cl, cl->levels[g], h), h, k - d,
					k);
	}
	for (int32_t a = 0; a < cl->nattrs; a++) {
		int32_t v, **c;
		if (!cl->attrs[a].tracked)
			continue;
		/* the zone is in the host record, already in cache */
		v = a == CL_ATTR_ZONE ? cl->hosts[h].zone : cl_host_attr(cl, h, a);
		if (v < 0)
			continue;
		c = &cl->group_attr[(int64_t)g * cl->nattrs + a];
		if (!*c)
			*c = xcalloc(cl->attrs[a].nvalues, sizeof(**c));
		(*c)[v] += d;
	}
}

void cl_place(cl_cluster *cl, cl_task *t, int32_t hi)
{
	cl_place_at(cl, t, hi, -1);
}

void cl_place_at(cl_cluster *cl, cl_task *t, int32_t hi, int32_t slot)
{
	cl_host *h = &cl->hosts[hi];

	h->cpu_free -= t->req.cpu;
	h->mem_free -= t->req.mem;
	h->gpu_free -= t->req.gpu;
	h->eni_free -= t->req.eni;
	cl->gpu_whole += t->req.gpu;
	if (t->req.gpu_milli > 0) {
		if (slot < 0)
			slot = cl_share_default(h, t->req.gpu_milli);
		if (!h->gpu_used)
			h->gpu_used = xcalloc((size_t)h->gpu_total, sizeof(*h->gpu_used));
		assert(slot >= 0 && slot < h->gpu_total &&
		       h->gpu_used[slot] + t->req.gpu_milli <= CL_GPU_MILLI);
		if (h->gpu_used[slot] == 0) {
			h->gpu_free--;
			cl->gpu_shared++;
		}
		h->gpu_used[slot] = (int16_t)(h->gpu_used[slot] + t->req.gpu_milli);
		cl->gpu_share_milli += t->req.gpu_milli;
		t->gpu_slot = slot;
	}
	for (int i = 0; i < t->req.nports; i++) {
		if (h->nports == h->capports) {
			h->capports = h->capports ? h->capports * 2 : 4;
			h->ports = xrealloc(h->ports, (size_t)h->capports * sizeof(*h->ports));
		}
		h->ports[h->nports++] = t->req.ports[i];
	}
	t->host = hi;
	t->hprev = NULL;
	t->hnext = h->tasks;
	if (h->tasks)
		h->tasks->hprev = t;
	h->tasks = t;
	if (h->ntasks++ == 0)
		cl->hosts_busy++;
	cl->cpu_used += t->req.cpu;
	cl->mem_used += t->req.mem;
	cl->tasks_running++;
	count_group(cl, t, hi, 1);
	if (cl->ix_on)
		hix_update(&cl->ix, hi, h->cpu_free, h->mem_free);
	changed(cl, hi);
}

void cl_regroup(cl_cluster *cl, cl_task *t, int32_t g)
{
	count_group(cl, t, t->host, -1);
	t->req.group = g;
	count_group(cl, t, t->host, 1);
}

void cl_unplace(cl_cluster *cl, cl_task *t)
{
	int32_t hi = t->host;
	cl_host *h = &cl->hosts[hi];

	h->cpu_free += t->req.cpu;
	h->mem_free += t->req.mem;
	h->gpu_free += t->req.gpu;
	h->eni_free += t->req.eni;
	cl->gpu_whole -= t->req.gpu;
	if (t->req.gpu_milli > 0) {
		h->gpu_used[t->gpu_slot] = (int16_t)(h->gpu_used[t->gpu_slot] - t->req.gpu_milli);
		cl->gpu_share_milli -= t->req.gpu_milli;
		if (h->gpu_used[t->gpu_slot] == 0) {
			h->gpu_free++;
			cl->gpu_shared--;
		}
	}
	for (int i = 0; i < t->req.nports; i++)
		for (int32_t j = 0; j < h->nports; j++)
			if (h->ports[j] == t->req.ports[i]) {
				h->ports[j] = h->ports[--h->nports];
				break;
			}
	if (t->hprev)
		t->hprev->hnext = t->hnext;
	else
		h->tasks = t->hnext;
	if (t->hnext)
		t->hnext->hprev = t->hprev;
	t->hprev = t->hnext = NULL;
	if (--h->ntasks == 0)
		cl->hosts_busy--;
	cl->cpu_used -= t->req.cpu;
	cl->mem_used -= t->req.mem;
	cl->tasks_running--;
	count_group(cl, t, hi, -1);
	t->host = -1;
	if (cl->ix_on)
		hix_update(&cl->ix, hi, h->cpu_free, h->mem_free);
	changed(cl, hi);
}

void cl_set_state(cl_cluster *cl, int32_t hi, enum cl_state s)
{
	cl_host *h = &cl->hosts[hi];
	int was_up = h->state != CL_DOWN, up = s != CL_DOWN;

	if (was_up && !up) {
		cl->cpu_up -= h->cpu_total;
		cl->mem_up -= h->mem_total;
		cl->hosts_up--;
		cl->price_up -= h->price;
		cl->gpu_up -= h->gpu_total;
	} else if (!was_up && up) {
		cl->cpu_up += h->cpu_total;
		cl->mem_up += h->mem_total;
		cl->hosts_up++;
		cl->price_up += h->price;
		cl->gpu_up += h->gpu_total;
	}
	h->state = (uint8_t)s;
	if (cl->ix_on) {
		if (s == CL_ACTIVE)
			hix_activate(&cl->ix, hi, h->cpu_free, h->mem_free);
		else
			hix_deactivate(&cl->ix, hi);
	}
	changed(cl, hi);
}

void cl_index_enable(cl_cluster *cl)
{
	if (cl->ix_on)
		return;
	hix_init(&cl->ix, cl->attrs[CL_ATTR_ZONE].nvalues);
	for (int32_t h = 0; h < cl->nhosts; h++) {
		hix_add_host(&cl->ix, h, cl->hosts[h].zone);
		if (cl->hosts[h].state == CL_ACTIVE)
			hix_activate(&cl->ix, h, cl->hosts[h].cpu_free, cl->hosts[h].mem_free);
	}
	cl->ix_on = 1;
}

/* Each shared GPU holds what its tasks' shares add up to, at most one
 * GPU; adds the GPUs with shares to *g (GPUs not free). */
static int check_shares(const cl_host *h, int32_t hi, int64_t *g, char *buf, size_t n)
{
	for (int32_t i = 0; h->gpu_used && i < h->gpu_total; i++) {
		int64_t sum = 0;
		for (const cl_task *t = h->tasks; t; t = t->hnext)
			if (t->req.gpu_milli > 0 && t->gpu_slot == i)
				sum += t->req.gpu_milli;
		if (sum != h->gpu_used[i] || sum > CL_GPU_MILLI) {
			snprintf(buf, n, "host %d: GPU %d has %d thousandths in use, its shares add "
				 "up to %lld (at most %d)", hi, i, h->gpu_used[i], (long long)sum,
				 CL_GPU_MILLI);
			return -1;
		}
		*g += sum > 0;
	}
	for (const cl_task *t = h->tasks; t; t = t->hnext)
		if (t->req.gpu_milli > 0 && !h->gpu_used) {
			snprintf(buf, n, "host %d: a GPU share but no shared GPU", hi);
			return -1;
		}
	return 0;
}

int cl_check_invariants(const cl_cluster *cl, char *buf, size_t n)
{
	int64_t cpu_up = 0, mem_up = 0, cpu_used = 0, mem_used = 0;
	int64_t gpu_up = 0, gpu_whole = 0, gpu_shared = 0, gpu_milli = 0;
	int32_t hosts_up = 0, running = 0, busy = 0;

	for (int32_t hi = 0; hi < cl->nhosts; hi++) {
		const cl_host *h = &cl->hosts[hi];
		int64_t c = 0, m = 0, g = 0, e = 0;
		int32_t k = 0;
		for (const cl_task *t = h->tasks; t; t = t->hnext) {
			if (t->host != hi) {
				snprintf(buf, n, "host %d lists a task that says it is on host %d",
					 hi, t->host);
				return -1;
			}
			c += t->req.cpu, m += t->req.mem, g += t->req.gpu, e += t->req.eni;
			gpu_whole += t->req.gpu, gpu_milli += t->req.gpu_milli;
			k++;
		}
		gpu_shared -= g;
		if (check_shares(h, hi, &g, buf, n) < 0)
			return -1;
		gpu_shared += g;
		if (k != h->ntasks || h->cpu_free != h->cpu_total - c ||
		    h->mem_free != h->mem_total - m || h->gpu_free != h->gpu_total - g ||
		    h->eni_free != h->eni_total - e) {
			snprintf(buf, n, "host %d: free resources (cpu %d, mem %d, gpu %d, eni %d, "
				 "tasks %d) differ from the sum of its tasks (cpu %lld, mem %lld, "
				 "gpu %lld, eni %lld, tasks %d)", hi, h->cpu_free, h->mem_free,
				 h->gpu_free, h->eni_free, h->ntasks, (long long)c, (long long)m,
				 (long long)g, (long long)e, k);
			return -1;
		}
		if (h->cpu_free < 0 || h->mem_free < 0 || h->gpu_free < 0 || h->eni_free < 0) {
			snprintf(buf, n, "host %d is over capacity (cpu free %d, mem free %d, "
				 "gpu free %d, eni free %d)", hi, h->cpu_free, h->mem_free,
				 h->gpu_free, h->eni_free);
			return -1;
		}
		if (h->state == CL_DOWN && k) {
			snprintf(buf, n, "host %d is down but has %d tasks", hi, k);
			return -1;
		}
		if (h->state != CL_DOWN) {
			cpu_up += h->cpu_total, mem_up += h->mem_total;
			gpu_up += h->gpu_total;
			hosts_up++;
		}
		cpu_used += c, mem_used += m, running += k;
		busy += k > 0;
	}
	if (cpu_up != cl->cpu_up || mem_up != cl->mem_up || hosts_up != cl->hosts_up ||
	    cpu_used != cl->cpu_used || mem_used != cl->mem_used ||
	    running != cl->tasks_running || busy != cl->hosts_busy) {
		snprintf(buf, n, "cluster totals drifted: up cpu %lld/%lld mem %lld/%lld "
			 "hosts %d/%d, used cpu %lld/%lld mem %lld/%lld, running %d/%d, "
			 "busy %d/%d (incremental/recomputed)", (long long)cl->cpu_up, (long long)cpu_up,
			 (long long)cl->mem_up, (long long)mem_up, cl->hosts_up, hosts_up,
			 (long long)cl->cpu_used, (long long)cpu_used, (long long)cl->mem_used,
			 (long long)mem_used, cl->tasks_running, running, cl->hosts_busy, busy);
		return -1;
	}
	if (gpu_up != cl->gpu_up || gpu_whole != cl->gpu_whole || gpu_shared != cl->gpu_shared ||
	    gpu_milli != cl->gpu_share_milli) {
		snprintf(buf, n, "cluster GPU totals drifted: up %lld/%lld, whole %lld/%lld, shared "
			 "%lld/%lld, share thousandths %lld/%lld (incremental/recomputed)",
			 (long long)cl->gpu_up, (long long)gpu_up, (long long)cl->gpu_whole,
			 (long long)gpu_whole, (long long)cl->gpu_shared, (long long)gpu_shared,
			 (long long)cl->gpu_share_milli, (long long)gpu_milli);
		return -1;
	}
	if (cl->ix_on) {
		int32_t *cpu = xmalloc((size_t)(cl->nhosts + 1) * sizeof(*cpu));
		int32_t *mem = xmalloc((size_t)(cl->nhosts + 1) * sizeof(*mem));
		int32_t *zone = xmalloc((size_t)(cl->nhosts + 1) * sizeof(*zone));
		int rc;
		for (int32_t h = 0; h < cl->nhosts; h++) {
			int act = cl->hosts[h].state == CL_ACTIVE;
			cpu[h] = act ? cl->hosts[h].cpu_free : -1;
			mem[h] = act ? cl->hosts[h].mem_free : -1;
			zone[h] = cl->hosts[h].zone;
		}
		rc = hix_check(&cl->ix, cpu, mem, zone, cl->nhosts, buf, (int)n);
		free(cpu), free(mem), free(zone);
		if (rc < 0)
			return -1;
	}
	return cl_levels_check(cl, buf, n);
}
