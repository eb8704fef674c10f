/* cluster.h - the container instances of a cluster and the tasks on them.
 *
 * Owns hosts (their free resources, state, attributes, task lists), task
 * groups and the per-group counters that spread strategies and constraints
 * read, and cluster-wide totals kept up to date on every change so that
 * metrics never scan hosts.  It applies placements; it does not choose them
 * (strategies/ does) and knows nothing of events, CSV or the scenario file.
 */
#ifndef ECS_CLUSTER_H
#define ECS_CLUSTER_H

#include <stdint.h>

#include "sim/support/hmap.h"
#include "hostindex.h"

enum cl_state {
	CL_ACTIVE,   /* accepts new tasks */
	CL_DRAINING, /* keeps its tasks, gets nothing new */
	CL_DOWN,     /* failed or stopped: no tasks, no capacity */
};

/* Resources that decide whether a task fits, in the order ECS filters them;
 * the index of the first failing check names the rejection reason. */
enum cl_check {
	CL_CHECK_CPU,
	CL_CHECK_MEMORY,
	CL_CHECK_GPU,
	CL_CHECK_PORTS,
	CL_CHECK_ENI,
	CL_CHECK_DISTINCT, /* distinctInstance constraint */
	CL_CHECK_MEMBER_OF, /* a memberOf constraint (checked by strategies/place.c) */
	CL_NCHECKS,
};

/* ECS-style reason for a task that fits nowhere ("RESOURCE:CPU", ...). */
const char *cl_check_reason(enum cl_check c);

/* Built-in attribute ids (ECS names); custom ones follow. */
enum {
	CL_ATTR_ZONE,          /* ecs.availability-zone */
	CL_ATTR_INSTANCE_TYPE, /* ecs.instance-type */
	CL_ATTR_OS_TYPE,       /* ecs.os-type */
	CL_ATTR_CPU_ARCH,      /* ecs.cpu-architecture */
	CL_NBUILTIN_ATTRS,
};

/* Host ports bind per protocol: a UDP port is its number + CL_PORT_UDP. */
#define CL_PORT_UDP 0x10000u

struct qry; /* a compiled memberOf expression (strategies/query.h) */

/* Thousandths of one GPU: a GPU shared by tasks holds at most this much. */
#define CL_GPU_MILLI 1000

/* What a task asks of a host.  gpu counts whole GPUs, each for this task
 * alone; gpu_milli (1-999, with gpu == 0) is a share of one GPU that other
 * shares may use too, never a whole GPU held by a task. */
typedef struct cl_req {
	/* Packed: every task carries a copy (48 bytes). */
	int32_t cpu, mem, gpu;
	int32_t gpu_milli;
	int32_t group;
	int16_t eni;            /* 1 for awsvpc tasks */
	int16_t nports;         /* at most SC_MAX_PORTS */
	int16_t part;           /* only hosts of partition part - 1 (cl->part_attr's
				 * value id); 0: any host */
	uint8_t nmember_of;     /* at most SC_MAX_CONSTRAINTS */
	uint8_t distinct;       /* distinctInstance: no other task of group */
	const uint32_t *ports;  /* static host ports: port, + CL_PORT_UDP for udp */
	const struct qry *const *member_of; /* memberOf constraints, all must hold */
} cl_req;

typedef struct cl_task cl_task;

typedef struct cl_host {
	/* What placement reads and writes: kept in the first cache line. */
	int32_t cpu_free, mem_free, gpu_free, eni_free;
	int32_t zone;           /* zone index == value id of CL_ATTR_ZONE */
	int32_t ntasks;
	int32_t nports, capports;
	cl_task *tasks;         /* intrusive list of running tasks */
	uint32_t *ports;        /* static host ports in use, unsorted */
	uint8_t state;          /* enum cl_state */
	/* The rest. */
	int32_t type;           /* index into the scenario's instance types */
	int32_t cpu_total, mem_total, gpu_total, eni_total;
	/* Thousandths used by shares on each of gpu_total GPU slots (NULL
	 * until the first share).  gpu_free counts GPUs with no task at all:
	 * gpu_total = gpu_free + whole GPUs held + slots with shares. */
	int16_t *gpu_used;
	double price;           /* USD per hour while up */
	uint32_t gen;           /* bumped by every change of the host (cache key) */
} __attribute__((aligned(64))) cl_host; /* the hot part on one cache line */

/* A task placed on a host; allocated by the model, linked by the cluster. */
struct cl_task {
	cl_req req;
	int32_t host;
	int32_t gpu_slot;       /* the GPU its share is on (req.gpu_milli > 0) */
	cl_task *hprev, *hnext;
};

typedef struct cl_attr {
	char *name;
	char **values;   /* interned values */
	int32_t nvalues;
	int tracked;     /* keep per-group counts per value */
} cl_attr;

/* What is about to change on a host (the cluster's pre-change hook hears
 * of it first, while the host is still as it was; cl_watch hears after). */
enum cl_change {
	CL_CHANGE_PLACE,   /* cl_place */
	CL_CHANGE_UNPLACE, /* cl_unplace */
	CL_CHANGE_STATE,   /* cl_set_state */
};
typedef void cl_prechange_fn(void *ctx, int32_t h, enum cl_change what);

typedef struct cl_cluster {
	cl_host *hosts;         /* 64-byte aligned */
	int32_t nhosts, caphosts;
	cl_attr *attrs;
	int32_t nattrs;
	int32_t *attr_val;      /* nhosts * nattrs value ids, -1 = absent */
	uint16_t *reserved_ports;       /* TCP ports no task may bind */
	int nreserved_ports;

	char **groups;          /* interned task group names */
	hmap group_index;       /* hash of a name -> group + 1 (collisions: scan) */
	int32_t ngroups, capgroups;
	int32_t **group_attr;   /* [g * nattrs + a] -> counts per value, lazy */
	int32_t *group_tasks;   /* running tasks per group */
	hmap group_host;        /* (g << 32 | h) -> tasks of g on h, if tracked */
	int track_group_host;   /* keep group_host (spread:instanceId, distinctInstance) */

	/* Totals over hosts, kept current by every change. */
	int64_t cpu_up, mem_up;         /* registered capacity of ACTIVE/DRAINING hosts */
	int64_t cpu_used, mem_used;     /* reserved by running tasks */
	int32_t hosts_up, tasks_running;
	int32_t hosts_busy;             /* hosts running at least one task */
	double price_up;                /* USD/hour of hosts up */

	/* GPUs (counted on hosts up): registered, held whole, holding shares,
	 * and the thousandths the shares hold. */
	int64_t gpu_up, gpu_whole, gpu_shared, gpu_share_milli;
	/* Called after every change of a host (cl_watch), in order. */
	struct cl_watcher *watchers;
	int nwatchers;
	/* The workload's GPU fragmentation (sim/cluster/gpufrag.h), NULL when
	 * none is measured; owned by whoever set it. */
	struct gf_frag *frag;
	/* A random key drawn once per run (the model's stream "host-order";
	 * 0 in a cluster built by hand): strategies that rank hosts in an
	 * order fixed for the run but random across runs derive it from
	 * this (random-order), so they stay pure functions of the cluster. */
	uint64_t order_key;

	hix ix;                         /* placement index over ACTIVE hosts */
	int ix_on;                      /* kept up to date (cl_index_enable) */
	/* Per group, hosts by how many tasks of the group they run (NULL until
	 * an indexed spread on instanceId first asks, cl_group_levels). */
	hix_levels **levels;
	/* Hosts are partitioned by the value of this attribute (the capacity
	 * provider), -1 if not: requests may ask for one partition (cl_req
	 * part), and the levels keep each partition apart. */
	int32_t part_attr;
	/* Called before every placement, unplacement and state change of a
	 * host, NULL for none (the model integrates per-host figures). */
	cl_prechange_fn *prechange;
	void *prechange_ctx;
} cl_cluster;

/* Partitions the hosts by attribute a (before any levels are built). */
void cl_set_part_attr(cl_cluster *cl, int32_t a);

/* Host h's partition + 1, 0 when it has none (or nothing is partitioned). */
static inline int32_t cl_host_part(const cl_cluster *cl, int32_t h)
{
	return cl->part_attr < 0 ? 0 : cl->attr_val[(int64_t)h * cl->nattrs + cl->part_attr] + 1;
}

/* Partitions + 1 (the hosts without one), 1 when nothing is partitioned. */
static inline int32_t cl_nparts(const cl_cluster *cl)
{
	return cl->part_attr < 0 ? 1 : cl->attrs[cl->part_attr].nvalues + 1;
}

/* The cell of host h in the levels: zone x nparts + partition. */
static inline int32_t cl_host_cell(const cl_cluster *cl, const hix_levels *l, int32_t h)
{
	return cl->hosts[h].zone * l->nparts + cl_host_part(cl, h);
}

void cl_init(cl_cluster *cl);
void cl_destroy(cl_cluster *cl);

/* Attribute id for name, created if new (before hosts are added). */
int32_t cl_attr_id(cl_cluster *cl, const char *name);
/* Existing attribute id or -1. */
int32_t cl_attr_find(const cl_cluster *cl, const char *name);
/* Value id of value for attribute a, created if new. */
int32_t cl_attr_value(cl_cluster *cl, int32_t a, const char *value);
/* Asks for per-group counts of attribute a (spread by that attribute). */
void cl_attr_track(cl_cluster *cl, int32_t a);
/* Asks for per-group counts per host (spread:instanceId, distinctInstance,
 * scale-in); counts the tasks already placed when called late. */
void cl_track_group_hosts(cl_cluster *cl);

/* Adds n hosts that start ACTIVE and empty; returns the first index.
 * Attributes are set afterwards with cl_host_set_attr. */
int32_t cl_add_hosts(cl_cluster *cl, int32_t n, int32_t type, int32_t zone,
		     int32_t cpu, int32_t mem, int32_t gpu, int32_t eni,
		     double price);
void cl_host_set_attr(cl_cluster *cl, int32_t h, int32_t a, int32_t value);
static inline int32_t cl_host_attr(const cl_cluster *cl, int32_t h, int32_t a)
{
	return cl->attr_val[(int64_t)h * cl->nattrs + a];
}

/* The host's EC2 instance id, "i-" and 17 hex digits of its index. */
void cl_host_instance_id(int32_t h, char buf[24]);

/* Group id for name, interned. */
int32_t cl_group_id(cl_cluster *cl, const char *name);

/* Index of the first check that host h fails for r, or CL_NCHECKS if r fits
 * (state and memberOf constraints are not checked here). */
enum cl_check cl_fit(const cl_cluster *cl, int32_t h, const cl_req *r);

/* Tasks of group g on host h / with value v of attribute a. */
/* The levels of group g (see hix_levels), built on first use from the
 * per-host counts: the cluster must track them (cl_track_group_hosts) and
 * keep the index (cl_index_enable).  A cache: building it does not change
 * what the cluster is, so it is offered on a const cluster. */
const hix_levels *cl_group_levels(const cl_cluster *cl, int32_t g);

/* Checks every built level against the per-host counts; for tests and
 * --check.  0, or -1 with the first difference in buf. */
int cl_levels_check(const cl_cluster *cl, char *buf, size_t n);

static inline int32_t cl_group_on_host(const cl_cluster *cl, int32_t g, int32_t h)
{
	return hmap_get(&cl->group_host, (uint64_t)(uint32_t)g << 32 | (uint32_t)h);
}
int32_t cl_group_on_value(const cl_cluster *cl, int32_t g, int32_t a, int32_t v);

/* Puts t (with t->req filled) on host h, which must fit it. */
void cl_place(cl_cluster *cl, cl_task *t, int32_t h);
/* The same, with a share (req.gpu_milli > 0) on GPU slot `slot`, which
 * must have room for it (one of cl_share_slots); slot -1 is cl_place's
 * choice (cl_share_default). */
void cl_place_at(cl_cluster *cl, cl_task *t, int32_t h, int32_t slot);

/* The GPU slots of host ho a share of m thousandths can go on: every GPU
 * holding shares with room for m, in slot order, then the first GPU no
 * task uses (if any).  Writes at most ho->gpu_total slots; returns how
 * many.  Slots with no task are alike, so only one is offered. */
int32_t cl_share_slots(const cl_host *ho, int32_t m, int32_t *slots);
/* What slot -1 means: the fullest shared GPU m fits on (the lowest slot
 * of equals), else a GPU no task uses; -1 if none. */
int32_t cl_share_default(const cl_host *ho, int32_t m);
/* Thousandths of a GPU free on slot i of ho (1000 for a GPU no task uses,
 * also for one held whole: cl_share_slots never offers those). */
static inline int32_t cl_slot_free(const cl_host *ho, int32_t i)
{
	return CL_GPU_MILLI - (ho->gpu_used ? ho->gpu_used[i] : 0);
}

/* Watching the cluster: fn(ctx, cl, h) runs after every change of host h
 * (a task placed or removed, a state change) and once for each new host.
 * Watchers run in the order they were added. */
typedef void cl_watch_fn(void *ctx, const cl_cluster *cl, int32_t h);
struct cl_watcher {
	cl_watch_fn *fn;
	void *ctx;
};
void cl_watch(cl_cluster *cl, cl_watch_fn *fn, void *ctx);
/* Removes the watcher (fn, ctx); nothing if it is not there. */
void cl_unwatch(cl_cluster *cl, cl_watch_fn *fn, void *ctx);
/* Takes t off its host and gives its resources back. */
void cl_unplace(cl_cluster *cl, cl_task *t);

/* Moves placed task t to group g: the counts of its old group lose it,
 * those of g gain it; its resources stay where they are. */
void cl_regroup(cl_cluster *cl, cl_task *t, int32_t g);

/* State changes; a host going DOWN must have no tasks left. */
void cl_set_state(cl_cluster *cl, int32_t h, enum cl_state s);

/* Builds the placement index from the current hosts and keeps it up to
 * date from then on.  Zones must all be interned before. */
void cl_index_enable(cl_cluster *cl);

/* Recomputes every total and counter from scratch and compares with the
 * incremental ones; 0 if consistent, else -1 with a description in buf. */
int cl_check_invariants(const cl_cluster *cl, char *buf, size_t n);

#endif
