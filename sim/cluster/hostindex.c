/* hostindex.c - classes of equal free resources, sorted views, treaps and
 * Fenwick trees over ACTIVE hosts (see hostindex.h). */
#include "hostindex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/err.h"
#include "sim/support/mix.h"

static int32_t arr_lower(const int32_t *a, int32_t n, int32_t h);

/* ---- ordered host sets of a class ------------------------------------- */

static int32_t arr_lower(const int32_t *a, int32_t n, int32_t h)
{
	int32_t lo = 0, hi = n;

	while (lo < hi) {
		int32_t mid = (lo + hi) / 2;
		if (a[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void bits_cover(hix_class *c, int32_t h)
{
	int32_t cap = c->bitcap;

	if (h < cap)
		return;
	while (cap <= h)
		cap = cap ? cap * 2 : HIX_BITBLOCK;
	c->bits = xrealloc(c->bits, (size_t)cap / 64 * sizeof(*c->bits));
	memset(c->bits + c->bitcap / 64, 0, (size_t)(cap - c->bitcap) / 64 * sizeof(*c->bits));
	c->bcnt = xrealloc(c->bcnt, (size_t)cap / HIX_BITBLOCK * sizeof(*c->bcnt));
	memset(c->bcnt + c->bitcap / HIX_BITBLOCK, 0,
	       (size_t)(cap - c->bitcap) / HIX_BITBLOCK * sizeof(*c->bcnt));
	c->bitcap = cap;
}

static void bits_set(hix_class *c, int32_t h)
{
	bits_cover(c, h);
	c->bits[h / 64] |= UINT64_C(1) << (h % 64);
	c->bcnt[h / HIX_BITBLOCK]++;
}

static void set_insert(hix_class *c, int32_t h)
{
	if (c->bits) {
		bits_set(c, h);
		c->count++;
		return;
	}
	if (c->count == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->arr = xrealloc(c->arr, (size_t)c->cap * sizeof(*c->arr));
	}
	int32_t i = arr_lower(c->arr, c->count, h);
	memmove(&c->arr[i + 1], &c->arr[i], (size_t)(c->count - i) * sizeof(*c->arr));
	c->arr[i] = h;
	if (++c->count > HIX_BIG) { /* to the large form */
		bits_cover(c, c->arr[c->count - 1]);
		for (int32_t k = 0; k < c->count; k++)
			bits_set(c, c->arr[k]);
		free(c->arr);
		c->arr = NULL;
		c->cap = 0;
	}
}

static void set_erase(hix_class *c, int32_t h)
{
	if (!c->bits) {
		int32_t i = arr_lower(c->arr, c->count, h);
		memmove(&c->arr[i], &c->arr[i + 1], (size_t)(c->count - i - 1) * sizeof(*c->arr));
		c->count--;
		return;
	}
	c->bits[h / 64] &= ~(UINT64_C(1) << (h % 64));
	c->bcnt[h / HIX_BITBLOCK]--;
	if (--c->count < HIX_SMALL) { /* back to the small form */
		int32_t n = 0;
		c->cap = HIX_SMALL;
		c->arr = xmalloc((size_t)c->cap * sizeof(*c->arr));
		for (int32_t w = 0; w < c->bitcap / 64; w++)
			for (uint64_t b = c->bits[w]; b; b &= b - 1)
				c->arr[n++] = w * 64 + __builtin_ctzll(b);
		free(c->bits);
		free(c->bcnt);
		c->bits = NULL;
		c->bcnt = NULL;
		c->bitcap = 0;
	}
}

int32_t hix_class_select(const hix *x, int32_t ci, int32_t j)
{
	return hix_set_select(&x->cls[ci], j);
}

int32_t hix_set_select(const hix_class *c, int32_t j)
{
	int32_t b = 0, w;

	if (j < 0 || j >= c->count)
		return -1;
	if (!c->bits)
		return c->arr[j];
	while (j >= c->bcnt[b])
		j -= c->bcnt[b++];
	for (w = b * (HIX_BITBLOCK / 64);; w++) {
		int32_t pc = __builtin_popcountll(c->bits[w]);
		if (j < pc)
			break;
		j -= pc;
	}
	uint64_t bits = c->bits[w];
	while (j--)
		bits &= bits - 1;
	return w * 64 + __builtin_ctzll(bits);
}

/* ---- classes ------------------------------------------------------------ */

static uint32_t class_hash(int32_t zone, int32_t cpu, int32_t mem)
{
	return (uint32_t)mix64(((uint64_t)(uint32_t)cpu << 32 | (uint32_t)mem) ^
			       ((uint64_t)zone << 56));
}

static void rehash(hix *x)
{
	uint32_t nb = x->nbuckets ? x->nbuckets * 2 : 256;

	free(x->buckets);
	x->buckets = xmalloc(nb * sizeof(*x->buckets));
	for (uint32_t i = 0; i < nb; i++)
		x->buckets[i] = -1;
	x->nbuckets = nb;
	for (int32_t c = 0; c < x->ncls; c++) {
		hix_class *k = &x->cls[c];
		if (k->count <= 0)
			continue;
		uint32_t b = class_hash(k->zone, k->cpu, k->mem) & (nb - 1);
		k->next = x->buckets[b];
		x->buckets[b] = c;
	}
}

static int32_t class_find(const hix *x, int32_t zone, int32_t cpu, int32_t mem)
{
	if (!x->nbuckets)
		return -1;
	for (int32_t c = x->buckets[class_hash(zone, cpu, mem) & (x->nbuckets - 1)]; c >= 0;
	     c = x->cls[c].next)
		if (x->cls[c].zone == zone && x->cls[c].cpu == cpu && x->cls[c].mem == mem)
			return c;
	return -1;
}

/* ---- sorted views --------------------------------------------------------- */

static void view_fix_block(hix_view *v, int32_t b)
{
	int32_t m = -1, end = (b + 1) * HIX_BLOCK < v->n ? (b + 1) * HIX_BLOCK : v->n;

	for (int32_t i = b * HIX_BLOCK; i < end; i++)
		if (v->e[i].max_other > m)
			m = v->e[i].max_other;
	v->bmax[b] = m;
}

static void view_fix_from(hix_view *v, int32_t i)
{
	for (int32_t b = i / HIX_BLOCK; b * HIX_BLOCK < v->n; b++)
		view_fix_block(v, b);
}

/* First entry with key >= k (binary search). */
static int32_t view_lower(const hix_view *v, int32_t k)
{
	int32_t lo = 0, hi = v->n;

	while (lo < hi) {
		int32_t mid = (lo + hi) / 2;
		if (v->e[mid].key < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int32_t hix_view_find(const hix_view *v, int32_t k, int32_t o)
{
	int32_t i = view_lower(v, k);

	while (i < v->n) {
		if (i % HIX_BLOCK == 0 && v->bmax[i / HIX_BLOCK] < o) {
			i += HIX_BLOCK;
			continue;
		}
		if (v->e[i].max_other >= o)
			return i;
		i++;
	}
	return -1;
}

/* Adds class c with (key, other) to view v. */
static void view_add(const hix *x, hix_view *v, int32_t c, int32_t key, int32_t other,
		     int is_mem_view)
{
	int32_t i = view_lower(v, key), k;
	hix_entry *en;

	if (i == v->n || v->e[i].key != key) {
		if (v->n == v->cap) {
			v->cap = v->cap ? v->cap * 2 : 16;
			v->e = xrealloc(v->e, (size_t)v->cap * sizeof(*v->e));
			v->bmax = xrealloc(v->bmax, (size_t)(v->cap / HIX_BLOCK + 1) *
							    sizeof(*v->bmax));
		}
		memmove(&v->e[i + 1], &v->e[i], (size_t)(v->n - i) * sizeof(*v->e));
		v->e[i] = (hix_entry){ .key = key, .max_other = -1 };
		v->n++;
		view_fix_from(v, i);
	}
	en = &v->e[i];
	if (en->ncls == en->capcls) {
		en->capcls = en->capcls ? en->capcls * 2 : 4;
		en->cls = xrealloc(en->cls, (size_t)en->capcls * sizeof(*en->cls));
	}
	/* Sorted by the other resource. */
	for (k = en->ncls; k > 0; k--) {
		const hix_class *p = &x->cls[en->cls[k - 1]];
		if ((is_mem_view ? p->cpu : p->mem) < other)
			break;
		en->cls[k] = en->cls[k - 1];
	}
	en->cls[k] = c;
	en->ncls++;
	if (other > en->max_other) {
		en->max_other = other;
		view_fix_block(v, i / HIX_BLOCK);
	}
}

static void view_remove(const hix *x, hix_view *v, int32_t c, int32_t key, int is_mem_view)
{
	int32_t i = view_lower(v, key), k;
	hix_entry *en = &v->e[i];

	for (k = 0; en->cls[k] != c; k++)
		;
	memmove(&en->cls[k], &en->cls[k + 1], (size_t)(en->ncls - k - 1) * sizeof(*en->cls));
	en->ncls--;
	if (en->ncls == 0) {
		free(en->cls);
		memmove(&v->e[i], &v->e[i + 1], (size_t)(v->n - i - 1) * sizeof(*v->e));
		v->n--;
		view_fix_from(v, i);
		return;
	}
	{
		const hix_class *last = &x->cls[en->cls[en->ncls - 1]];
		int32_t m = is_mem_view ? last->cpu : last->mem;
		if (m != en->max_other) {
			en->max_other = m;
			view_fix_block(v, i / HIX_BLOCK);
		}
	}
}

/* ---- host moves ------------------------------------------------------------ */

static void class_join(hix *x, int32_t h, int32_t zone, int32_t cpu, int32_t mem)
{
	int32_t c = class_find(x, zone, cpu, mem);

	if (c < 0) {
		uint32_t b;
		if ((uint32_t)(x->ncls + 1) * 2 > x->nbuckets)
			rehash(x);
		if (x->free_cls >= 0) {
			c = x->free_cls;
			x->free_cls = x->cls[c].next;
		} else {
			if (x->ncls == x->capcls) {
				x->capcls = x->capcls ? x->capcls * 2 : 64;
				x->cls = xrealloc(x->cls, (size_t)x->capcls * sizeof(*x->cls));
			}
			c = x->ncls++;
		}
		b = class_hash(zone, cpu, mem) & (x->nbuckets - 1);
		x->cls[c] = (hix_class){ .zone = zone, .cpu = cpu, .mem = mem,
					 .next = x->buckets[b] };
		x->buckets[b] = c;
		view_add(x, &x->zones[zone].by_mem, c, mem, cpu, 1);
		view_add(x, &x->zones[zone].by_cpu, c, cpu, mem, 0);
	}
	set_insert(&x->cls[c], h);
	x->host_cls[h] = c;
}

static void class_leave(hix *x, int32_t h)
{
	int32_t c = x->host_cls[h];
	hix_class *k = &x->cls[c];

	set_erase(k, h);
	x->host_cls[h] = -1;
	if (k->count > 0)
		return;
	/* Unlink from its hash chain, the views, and recycle it. */
	{
		uint32_t b = class_hash(k->zone, k->cpu, k->mem) & (x->nbuckets - 1);
		int32_t *p = &x->buckets[b];
		while (*p != c)
			p = &x->cls[*p].next;
		*p = k->next;
	}
	view_remove(x, &x->zones[k->zone].by_mem, c, k->mem, 1);
	view_remove(x, &x->zones[k->zone].by_cpu, c, k->cpu, 0);
	free(k->arr);
	free(k->bits);
	free(k->bcnt);
	k->arr = NULL, k->bits = NULL, k->bcnt = NULL;
	k->cap = k->bitcap = 0;
	k->next = x->free_cls;
	x->free_cls = c;
}

void hix_init(hix *x, int32_t nzones)
{
	*x = (hix){ .nzones = nzones, .free_cls = -1 };
	x->zones = xcalloc((size_t)(nzones ? nzones : 1), sizeof(*x->zones));
}

void hix_destroy(hix *x)
{
	for (int32_t z = 0; z < x->nzones; z++) {
		hix_zone *zo = &x->zones[z];
		for (int32_t i = 0; i < zo->by_mem.n; i++)
			free(zo->by_mem.e[i].cls);
		for (int32_t i = 0; i < zo->by_cpu.n; i++)
			free(zo->by_cpu.e[i].cls);
		free(zo->by_mem.e), free(zo->by_mem.bmax);
		free(zo->by_cpu.e), free(zo->by_cpu.bmax);
		free(zo->act);
		free(zo->all);
	}
	free(x->zones);
	for (int32_t c = 0; c < x->ncls; c++) {
		free(x->cls[c].arr);
		free(x->cls[c].bits);
		free(x->cls[c].bcnt);
	}
	free(x->cls);
	free(x->buckets);
	free(x->host_cls);
	free(x->host_zone);
	*x = (hix){ 0 };
}

void hix_add_host(hix *x, int32_t h, int32_t zone)
{
	if (h >= x->caphosts) {
		x->caphosts = h >= 2 * x->caphosts ? h + 64 : 2 * x->caphosts;
		x->host_cls = xrealloc(x->host_cls, (size_t)x->caphosts * sizeof(*x->host_cls));
		x->host_zone = xrealloc(x->host_zone, (size_t)x->caphosts * sizeof(*x->host_zone));
	}
	x->host_zone[h] = zone;
	x->host_cls[h] = -1;
	{
		hix_zone *z = &x->zones[zone];
		if (z->nall == z->capall) {
			z->capall = z->capall ? z->capall * 2 : 64;
			z->all = xrealloc(z->all, (size_t)z->capall * sizeof(*z->all));
		}
		z->all[z->nall++] = h; /* hosts are added in index order */
	}
	if (h >= x->nhosts)
		x->nhosts = h + 1;
}

void hix_activate(hix *x, int32_t h, int32_t cpu, int32_t mem)
{
	hix_zone *z = &x->zones[x->host_zone[h]];
	int32_t i;

	if (x->host_cls[h] >= 0)
		return;
	class_join(x, h, x->host_zone[h], cpu, mem);
	if (z->active == z->capact) {
		z->capact = z->capact ? z->capact * 2 : 64;
		z->act = xrealloc(z->act, (size_t)z->capact * sizeof(*z->act));
	}
	i = arr_lower(z->act, z->active, h);
	memmove(&z->act[i + 1], &z->act[i], (size_t)(z->active - i) * sizeof(*z->act));
	z->act[i] = h;
	z->active++;
}

void hix_deactivate(hix *x, int32_t h)
{
	hix_zone *z = &x->zones[x->host_zone[h]];
	int32_t i;

	if (x->host_cls[h] < 0)
		return;
	class_leave(x, h);
	i = arr_lower(z->act, z->active, h);
	memmove(&z->act[i], &z->act[i + 1], (size_t)(z->active - i - 1) * sizeof(*z->act));
	z->active--;
}

void hix_update(hix *x, int32_t h, int32_t cpu, int32_t mem)
{
	int32_t c = x->host_cls[h], zi;

	if (c < 0 || (x->cls[c].cpu == cpu && x->cls[c].mem == mem))
		return;
	zi = x->cls[c].zone;
	class_leave(x, h);
	class_join(x, h, zi, cpu, mem);
}

/* ---- levels of a task group ---------------------------------------------- */

void hix_levels_init(hix_levels *l, int32_t nzones, int32_t nparts)
{
	int32_t n = nzones * nparts;

	*l = (hix_levels){ .z = xcalloc((size_t)n + 1, sizeof(*l->z)), .ncells = n,
			   .nparts = nparts };
}

void hix_levels_destroy(hix_levels *l)
{
	for (int32_t z = 0; z < l->ncells; z++) {
		for (int32_t k = 0; k < l->z[z].n; k++) {
			free(l->z[z].lv[k].arr);
			free(l->z[z].lv[k].bits);
			free(l->z[z].lv[k].bcnt);
		}
		free(l->z[z].lv);
	}
	free(l->z);
	*l = (hix_levels){ 0 };
}

void hix_levels_move(hix_levels *l, int32_t z, int32_t h, int32_t from, int32_t k)
{
	struct hix_zlevels *zl = &l->z[z];

	if (from >= 0)
		set_erase(&zl->lv[from], h);
	if (k >= zl->n) {
		int32_t n = k + 1 > 2 * zl->n ? k + 1 : 2 * zl->n;
		zl->lv = xrealloc(zl->lv, (size_t)n * sizeof(*zl->lv));
		memset(zl->lv + zl->n, 0, (size_t)(n - zl->n) * sizeof(*zl->lv));
		zl->n = n;
	}
	set_insert(&zl->lv[k], h);
}

void hix_levels_recell(hix_levels *l, int32_t c, int32_t d, int32_t h, int32_t k)
{
	set_erase(&l->z[c].lv[k], h);
	hix_levels_move(l, d, h, -1, k);
}

int hix_check(const hix *x, const int32_t *active_cpu, const int32_t *active_mem,
	      const int32_t *zone, int32_t nhosts, char *buf, int n)
{
	int32_t *act = xcalloc((size_t)(x->nzones ? x->nzones : 1), sizeof(*act));
	int rc = 0;

	for (int32_t h = 0; h < nhosts && !rc; h++) {
		int32_t c = x->host_cls[h];
		if (active_cpu[h] < 0) {
			if (c >= 0)
				rc = snprintf(buf, n, "host %d is indexed but not active", h);
			continue;
		}
		act[zone[h]]++;
		if (c < 0)
			rc = snprintf(buf, n, "active host %d is not indexed", h);
		else if (x->cls[c].cpu != active_cpu[h] || x->cls[c].mem != active_mem[h] ||
			 x->cls[c].zone != zone[h])
			rc = snprintf(buf, n, "host %d is in class (zone %d, cpu %d, mem %d) but has "
				      "(zone %d, cpu %d, mem %d)", h, x->cls[c].zone, x->cls[c].cpu,
				      x->cls[c].mem, zone[h], active_cpu[h], active_mem[h]);
	}
	for (int32_t z = 0; z < x->nzones && !rc; z++) {
		const hix_zone *zo = &x->zones[z];
		if (zo->active != act[z])
			rc = snprintf(buf, n, "zone %d counts %d active hosts, not %d", z, zo->active,
				      act[z]);
		for (int32_t j = 0; j < zo->active && !rc; j++) {
			int32_t h = hix_zone_select(x, z, j);
			if (h < 0 || active_cpu[h] < 0 || zone[h] != z)
				rc = snprintf(buf, n, "zone %d: active host #%d is %d", z, j, h);
			else if (j && h <= hix_zone_select(x, z, j - 1))
				rc = snprintf(buf, n, "zone %d: active hosts out of order at #%d", z, j);
		}
		for (int32_t i = 0; i < zo->by_mem.n && !rc; i++) {
			const hix_entry *en = &zo->by_mem.e[i];
			if (i && en->key <= zo->by_mem.e[i - 1].key)
				rc = snprintf(buf, n, "zone %d: memory view out of order", z);
			for (int32_t k = 0; k < en->ncls && !rc; k++) {
				const hix_class *cl = &x->cls[en->cls[k]];
				if (cl->mem != en->key || cl->count <= 0 ||
				    (k && cl->cpu <= x->cls[en->cls[k - 1]].cpu))
					rc = snprintf(buf, n, "zone %d: memory view entry %d is wrong", z, i);
				for (int32_t j = 0; j < cl->count && !rc; j++) {
					int32_t h = hix_class_select(x, en->cls[k], j);
					if (h < 0 || x->host_cls[h] != en->cls[k] ||
					    (j && h <= hix_class_select(x, en->cls[k], j - 1)))
						rc = snprintf(buf, n, "class %d: host #%d is %d", en->cls[k],
							      j, h);
				}
			}
			if (!rc && en->max_other != x->cls[en->cls[en->ncls - 1]].cpu)
				rc = snprintf(buf, n, "zone %d: memory view max is wrong", z);
		}
		for (int32_t b = 0; b * HIX_BLOCK < zo->by_mem.n && !rc; b++) {
			int32_t m = -1;
			for (int32_t i = b * HIX_BLOCK; i < zo->by_mem.n && i < (b + 1) * HIX_BLOCK; i++)
				if (zo->by_mem.e[i].max_other > m)
					m = zo->by_mem.e[i].max_other;
			if (m != zo->by_mem.bmax[b])
				rc = snprintf(buf, n, "zone %d: memory view block %d max is wrong", z, b);
		}
	}
	free(act);
	return rc ? -1 : 0;
}
