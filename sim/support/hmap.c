/* hmap.c - linear-probing counter map with backward-shift deletion. */
#include "hmap.h"

#include <stdlib.h>

#include "err.h"
#include "mix.h"

void hmap_init(hmap *m)
{
	*m = (hmap){ 0 };
}

void hmap_destroy(hmap *m)
{
	free(m->keys);
	free(m->vals);
	*m = (hmap){ 0 };
}

static inline uint32_t slot_of(const hmap *m, uint64_t key)
{
	return (uint32_t)mix64(key) & (m->cap - 1);
}

int32_t hmap_get(const hmap *m, uint64_t key)
{
	if (!m->n)
		return 0;
	for (uint32_t i = slot_of(m, key);; i = (i + 1) & (m->cap - 1)) {
		if (!m->vals[i])
			return 0;
		if (m->keys[i] == key)
			return m->vals[i];
	}
}

static void grow(hmap *m)
{
	hmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xmalloc((size_t)m->cap * sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	m->n = 0;
	for (uint32_t i = 0; i < old.cap; i++)
		if (old.vals[i])
			hmap_add(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

static void delete_at(hmap *m, uint32_t i)
{
	uint32_t mask = m->cap - 1, j = i;

	m->vals[i] = 0;
	m->n--;
	for (;;) {
		j = (j + 1) & mask;
		if (!m->vals[j])
			return;
		uint32_t home = slot_of(m, m->keys[j]);
		/* Move j back to i unless its home lies cyclically in (i, j]. */
		if ((j > i && (home <= i || home > j)) ||
		    (j < i && (home <= i && home > j))) {
			m->keys[i] = m->keys[j];
			m->vals[i] = m->vals[j];
			m->vals[j] = 0;
			i = j;
		}
	}
}

int32_t hmap_add(hmap *m, uint64_t key, int32_t delta)
{
	uint32_t i;

	if (delta == 0)
		return hmap_get(m, key);
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	for (i = slot_of(m, key);; i = (i + 1) & (m->cap - 1)) {
		if (!m->vals[i]) {
			m->keys[i] = key;
			m->vals[i] = delta;
			m->n++;
			return delta;
		}
		if (m->keys[i] == key)
			break;
	}
	m->vals[i] += delta;
	if (m->vals[i] == 0) {
		delete_at(m, i);
		return 0;
	}
	return m->vals[i];
}
