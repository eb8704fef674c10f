/* stats.h - the run's counters and time-weighted integrals (sim_stats):
 * what metrics.c accumulates and every module counts into, and what
 * results.h hands to reports.  Types only.
 */
#ifndef ECS_MODEL_STATS_H
#define ECS_MODEL_STATS_H

#include <stdint.h>

#include "sim/cluster/cluster.h"

/* Counters and time-weighted integrals since time 0. */
typedef struct sim_stats {
	int64_t submitted, placed, rejected, killed, completed;
	int64_t stopped;            /* service tasks the scheduler stopped or that exited */
	int64_t rejections[CL_NCHECKS + 1];
	/* integrals since time 0, in value x seconds */
	double running, cpu_used, cpu_up, mem_used, mem_up, hosts_up, hosts_busy, cost_usd;
	double fargate_cost_usd;    /* part of cost_usd */
	double fargate_spot_usd;    /* part of fargate_cost_usd: FARGATE_SPOT tasks */
	int64_t fargate_tasks, fargate_spot_tasks; /* placed on FARGATE / FARGATE_SPOT */
	double idle_cost_usd;       /* part of cost_usd: instance cost x unreserved share */
	double fargate_vcpu_hours, fargate_gb_hours; /* while FARGATE tasks hold them */
	int64_t last;               /* time of the last accumulation (us) */
	int64_t host_failures, host_repairs;
	int64_t disruptive_failures;     /* failures that killed at least one task */
	int64_t max_killed_by_failure;   /* most tasks one host failure killed */
	int64_t instance_failures;       /* failures.instances: an instance failed alone */
	int64_t zone_outages;            /* zone outages started (scheduled and random) */
	int64_t zone_outage_hosts;       /* instances a zone outage took down */
	int64_t domain_failures;         /* failures.domains: a domain failed */
	int64_t domain_hosts;            /* instances a domain failure took down */
	int64_t spot_notices;            /* Spot interruption notices */
	int64_t spot_interruptions;      /* Spot instances terminated at the end of a notice */
	int64_t spot_replacements;       /* replacement Spot instances up */
	int64_t spot_tasks_killed;       /* service tasks not yet stopping that a Spot
					  * termination killed */
	int64_t fargate_spot_interruptions; /* FARGATE_SPOT tasks interrupted */
	/* GPUs, integrals in value x seconds: GPUs up; thousandths held whole,
	 * by shares, free, and fragmented (gpufrag.h; 0 without a workload) */
	double gpu_up, gpu_whole, gpu_share, gpu_idle, gpu_frag;
	/* tasks waiting for an Auto Scaling group's capacity (PROVISIONING,
	 * on no host): submitted = placed + rejected + provisioning +
	 * provisioning_stopped */
	int64_t provisioning;            /* waiting now */
	int64_t provisioning_stopped;    /* stopped while waiting (timeout, scale-in) */
} sim_stats;

/* The inflation experiment's figures at one moment (inflate.h, the view
 * sim_inflation in results.h).  Arrived and allocated are of capacity. */
typedef struct sim_inflation_row {
	double arrived;             /* demand of the tasks submitted so far */
	int64_t tasks, failed;      /* submitted so far, of them not placed */
	double gpu_allocated, gpu_allocated_whole, gpu_allocated_shared;
	double gpu_fragmentation;   /* in GPUs; NaN without a workload */
	double gpu_fragmentation_rate;
	double cpu_allocated, mem_allocated;
} sim_inflation_row;

#endif
