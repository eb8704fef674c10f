/* hmap.h - open-addressing hash map from uint64_t keys to int32_t counts.
 *
 * Used for sparse counters such as "tasks of group g on host h".  Entries
 * whose count returns to 0 are deleted (backward-shift), so the table stays
 * as small as the live pairs.  Knows nothing of the simulation.
 */
#ifndef ECS_HMAP_H
#define ECS_HMAP_H

#include <stdint.h>

typedef struct hmap {
	uint64_t *keys;
	int32_t *vals; /* 0 = empty slot */
	uint32_t cap, n;
} hmap;

void hmap_init(hmap *m);
void hmap_destroy(hmap *m);
int32_t hmap_get(const hmap *m, uint64_t key);
/* Adds delta to key's count (created at 0); removed when it reaches 0.
 * Returns the new count. */
int32_t hmap_add(hmap *m, uint64_t key, int32_t delta);

#endif
