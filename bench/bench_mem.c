/* bench_mem.c - memory per live task, from the records' sizes: the task
 * record (from its pool's slabs, no per-object header) plus its pending
 * event's entry in the queue (a bare pointer in a calendar bucket, or a
 * 16-byte entry in the near heap).  Hosts' and services' task lists are
 * intrusive, so a task costs nothing more.  Nothing asserted. */
#include <stdio.h>

#include "sim/model/model.h"

static void row(const char *what, size_t rec)
{
	size_t lo = rec + sizeof(eng_event *), hi = rec + sizeof(struct eng_entry);

	printf("%-34s %8zu %12zu %12zu\n", what, rec, lo, hi);
}

int main(void)
{
	printf("memory per live task (bytes; target <= 256)\n%-34s %8s %12s %12s\n", "task",
	       "record", "+ in bucket", "+ in heap");
	row("standalone (workload, trace)", sizeof(sim_task));
	row("service (sim_svc_task)", sizeof(sim_svc_task));
	printf("  of which: cluster part %zu, event %zu\n", sizeof(cl_task), sizeof(eng_event));
	return 0;
}
