/* images.h - container image pulls: each instance's image cache (least
 * recently used images go beyond its disk budget), its pulls in turn
 * (concurrentPulls at once) at its throughput, a pull shared by the tasks
 * that want the same image meanwhile, ECS_IMAGE_PULL_BEHAVIOR, FARGATE
 * tasks that pull every image.  Says how long a task waits for its
 * images; the lifecycle and the workloads make its PENDING (its start)
 * wait that long.  Off unless the scenario gives $.images or
 * cluster.imagePull.
 */
#ifndef ECS_MODEL_IMAGES_H
#define ECS_MODEL_IMAGES_H

#include "types.h"
#include "sim/support/quantile.h"

/* An image on an instance's disk, or on its way there. */
typedef struct img_entry {
	int32_t image;             /* index into the scenario's images */
	uint8_t pulled;            /* the agent pulled it (not only in the AMI) */
	int64_t ready;             /* us: its pull ends (in the past: on disk) */
	int64_t used;              /* us: the last time a task asked for it */
} img_entry;

typedef struct img_host {
	img_entry *e;              /* oldest first */
	int32_t n, cap;
	int64_t bytes;             /* of its entries */
	int64_t *free_at;          /* us: per pull slot (concurrentPulls), when its
				    * pulls so far are done */
	uint8_t launched;          /* the AMI's images are on it */
} img_host;

typedef struct sim_images {
	int on;
	img_host *hosts;           /* per host, grown as hosts are added */
	int32_t nhosts;
	uint8_t *mark;             /* per image: used by a task on the host (scratch) */
	/* totals for the summary */
	int64_t pulls, shared, cached, evictions, fargate_pulls;
	int64_t bytes_pulled;
	int64_t tasks, wait_us;    /* tasks that asked, and their waits */
	int64_t max_wait_us;
	qtl waits;                 /* those waits, s (percentiles) */
} sim_images;

extern const struct sim_module images_module;

/* How long task t (placed on its host, or on FARGATE) waits from now for
 * its images; starts the pulls it needs and keeps the wait in t->pull.
 * 0 when pulls are off or its task definition names no image. */
int64_t img_pull(sim *s, sim_task *t);

/* Host h was terminated (failed, scaled in, removed; not stopped into a
 * warm pool): its disk and the images on it are gone; a launch there
 * later starts from the AMI. */
void img_host_gone(sim *s, int32_t h);

/* --check: no host keeps more image bytes than its budget, unless every
 * image it keeps is used by one of its tasks; its byte count is right; no
 * image twice.  (A DOWN host may keep images: a warm pool's stopped
 * instance keeps its disk.)  0, or -1 with the first fault in buf. */
int img_check(const sim *s, char *buf, size_t n);

#endif
