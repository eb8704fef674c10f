/* modules.c - the table of the model's modules, in layer order: a module
 * may call those before it, never those after it (model.h). */
#include "modules.h"

#include "metrics.h"
#include "fargate.h"
#include "task.h"
#include "images.h"
#include "capacity.h"
#include "lifecycle.h"
#include "protection.h"
#include "scheduler.h"
#include "autoscale.h"
#include "maintenance.h"
#include "cluster_scaling.h"
#include "deploy.h"
#include "traffic.h"
#include "rebalance.h"
#include "workload.h"
#include "replay.h"
#include "inflate.h"
#include "failures.h"
#include "spot.h"

const sim_module *const sim_modules[] = {
	&metrics_module,        /* integrals, instance-hours, samples */
	&fargate_module,        /* tasks without hosts */
	&task_module,           /* task records, placement */
	&images_module,         /* container image pulls, instances' image caches */
	&capacity_module,       /* capacity provider strategies */
	&lifecycle_module,      /* a service task's ECS lifecycle */
	&protection_module,     /* task scale-in protection */
	&scheduler_module,      /* the service scheduler */
	&autoscale_module,      /* Service Auto Scaling */
	&maintenance_module,    /* draining instances */
	&cluster_scaling_module, /* managed Auto Scaling groups */
	&deploy_module,         /* rolling deployments, circuit breaker */
	&traffic_module,        /* blue/green, linear, canary; deployment alarms */
	&rebalance_module,      /* Availability Zone rebalancing */
	&workload_module,       /* standalone workloads */
	&replay_module,         /* trace replay */
	&inflate_module,        /* a trace's tasks drawn until a multiple of capacity */
	&failures_module,       /* instance failures, zone outages, domains */
	&spot_module,           /* Spot and FARGATE_SPOT interruptions */
	NULL,
};
