/* hostindex.h - indexes over ACTIVE hosts that make placement O(log hosts).
 *
 * Hosts are grouped into classes of equal (zone, cpu_free, mem_free); each
 * class keeps its hosts in host-index order with O(1)-ish select.  Per
 * zone, two sorted views list the classes by memory (then cpu) and by cpu
 * (then memory), with block maxima so that "the least memory >= m among
 * hosts with cpu >= c" is found without scanning.  A sorted array per zone
 * lists ACTIVE hosts for uniform sampling.  The cluster keeps the index up
 * to date; strategies/place.c queries it.  Knows nothing of strategies.
 */
#ifndef ECS_HOSTINDEX_H
#define ECS_HOSTINDEX_H

#include <stddef.h>
#include <stdint.h>

/* One class: ACTIVE hosts of one zone with the same free cpu and memory,
 * kept in host-index order: a sorted array while small, a bitmap with
 * per-block counts when large (so select and update stay cheap). */
typedef struct hix_class {
	int32_t zone, cpu, mem;
	int32_t count;
	int32_t next;    /* hash chain / free list */
	int32_t *arr;    /* sorted host indices (small form) */
	int32_t cap;
	uint64_t *bits;  /* bitmap over hosts (large form), NULL when small */
	int32_t *bcnt;   /* members per block of HIX_BITBLOCK hosts */
	int32_t bitcap;  /* hosts the bitmap covers */
} hix_class;

#define HIX_BITBLOCK 512
#define HIX_BIG 1024   /* array -> bitmap above this size */
#define HIX_SMALL 256  /* bitmap -> array below this size */

/* An entry of a sorted view: one value of the key resource with the
 * classes that have it, sorted by the other resource. */
typedef struct hix_entry {
	int32_t key;      /* mem (by-memory view) or cpu (by-cpu view) */
	int32_t max_other;/* largest other-resource value among its classes */
	int32_t *cls;     /* class ids sorted by the other resource, ascending */
	int32_t ncls, capcls;
} hix_entry;

typedef struct hix_view {
	hix_entry *e;
	int32_t n, cap;
	int32_t *bmax;    /* max_other per block of HIX_BLOCK entries */
} hix_view;

#define HIX_BLOCK 16

typedef struct hix_zone {
	hix_view by_mem, by_cpu;
	/* ACTIVE hosts of the zone in index order: select is O(1); a state
	 * change moves the tail (states change rarely: failures, drains). */
	int32_t *act;
	int32_t active, capact;
	int32_t *all;     /* every host of the zone, any state, in index order */
	int32_t nall, capall;
} hix_zone;

typedef struct hix {
	hix_zone *zones;
	int32_t nzones;
	hix_class *cls;
	int32_t ncls, capcls, free_cls;
	int32_t *buckets;        /* hash of (zone, cpu, mem) -> class chain */
	uint32_t nbuckets;
	int32_t *host_cls;       /* per host: class, -1 if not ACTIVE */
	int32_t *host_zone;      /* per host: zone */
	int32_t nhosts, caphosts;
} hix;

void hix_init(hix *x, int32_t nzones);
void hix_destroy(hix *x);

/* Registers host h (in zone) as inactive; hosts must be added in index order. */
void hix_add_host(hix *x, int32_t h, int32_t zone);
/* Host h becomes ACTIVE with the given free resources / stops being ACTIVE. */
void hix_activate(hix *x, int32_t h, int32_t cpu, int32_t mem);
void hix_deactivate(hix *x, int32_t h);
/* An ACTIVE host's free resources changed. */
void hix_update(hix *x, int32_t h, int32_t cpu, int32_t mem);

/* The j-th host (0-based, by host index) of class c. */
int32_t hix_class_select(const hix *x, int32_t c, int32_t j);

/* Number of ACTIVE hosts in zone z, and the j-th of them by host index. */
static inline int32_t hix_zone_active(const hix *x, int32_t z) { return x->zones[z].active; }
static inline int32_t hix_zone_select(const hix *x, int32_t z, int32_t j)
{
	return j >= 0 && j < x->zones[z].active ? x->zones[z].act[j] : -1;
}

/* Number of hosts of zone z in any state, and the j-th of them. */
static inline int32_t hix_zone_hosts(const hix *x, int32_t z) { return x->zones[z].nall; }
static inline int32_t hix_zone_host(const hix *x, int32_t z, int32_t j) { return x->zones[z].all[j]; }

/* In view v (by_mem: key mem, other cpu), the first entry with key >= k
 * whose max_other >= o; -1 if none. */
int32_t hix_view_find(const hix_view *v, int32_t k, int32_t o);

/* The j-th host (0-based, by host index) of a host set: a class, or a level
 * below. */
int32_t hix_set_select(const hix_class *c, int32_t j);

/* Levels of one task group: level k of a cell holds the hosts of the cell,
 * in any state, that run exactly k tasks of the group, as an ordered host set
 * (only the set part of hix_class is used).  A cell is a zone, or a zone and
 * a partition of the hosts (cluster.h: capacity providers): cell = zone x
 * nparts + part.  They let spread on instanceId find the hosts with the
 * fewest tasks of the group without visiting every host. */
typedef struct hix_levels {
	struct hix_zlevels {
		hix_class *lv;   /* lv[k] */
		int32_t n;
	} *z;
	int32_t ncells, nparts;
} hix_levels;

void hix_levels_init(hix_levels *l, int32_t nzones, int32_t nparts);
void hix_levels_destroy(hix_levels *l);
/* Host h of cell c now runs k tasks of the group: was at level from (-1: new). */
void hix_levels_move(hix_levels *l, int32_t c, int32_t h, int32_t from, int32_t k);
/* Host h, at level k, moves from cell c to cell d. */
void hix_levels_recell(hix_levels *l, int32_t c, int32_t d, int32_t h, int32_t k);
/* Level k of cell c, or NULL if no host of c was ever at k. */
static inline const hix_class *hix_level(const hix_levels *l, int32_t c, int32_t k)
{
	return k < l->z[c].n ? &l->z[c].lv[k] : NULL;
}

/* Checks the index against a brute-force rebuild from host states; for tests. */
int hix_check(const hix *x, const int32_t *active_cpu, const int32_t *active_mem,
	      const int32_t *zone, int32_t nhosts, char *buf, int n);

#endif
