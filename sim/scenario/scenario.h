/* scenario.h - a scenario file loaded into plain C structures.
 *
 * The loader (load.c, one file per section beside it) reads JSON with
 * jansson, applies --set overrides, checks every key and value, and
 * reports the first mistake as "file:line:col: message" (syntax) or
 * "file: $.json.path: message" (meaning).  Unknown keys are errors; AWS keys that do not affect the
 * simulation are accepted and ignored (docs/scenario-format.md lists them).
 * The result is read-only input for the model (sim.c).
 */
#ifndef ECS_SCENARIO_H
#define ECS_SCENARIO_H

#include <jansson.h>
#include <stdint.h>

#include "sim/engine/dist.h"
#include "sim/policy/alarm.h"
#include "sim/policy/policy.h"
#include "sim/support/err.h"
#include "sim/support/schedexpr.h"
#include "sim/trace/trace_spec.h"

typedef struct sc_kv {
	char *name, *value;
} sc_kv;

typedef struct sc_instance_type {
	char *name;
	int32_t cpu, memory, gpus;
	int32_t enis;         /* awsvpc tasks per instance: the ENI limit minus the primary */
	int32_t trunked_enis; /* awsvpc tasks per instance with ENI trunking; 0 = not given */
	double price; /* USD per hour */
	double spot_price; /* USD per hour as Spot */
	char *arch;   /* ecs.cpu-architecture */
	char *os;     /* ecs.os-type */
	int from_catalog;     /* its figures came from the instance-type catalog */
	int price_given;      /* pricePerHour from the scenario or the catalog */
	int spot_price_given; /* spotPricePerHour from the scenario */
	double catalog_price; /* a type described by hand without a price: the catalog's
			       * price for its name (for the warning), else < 0 */
	double pull_mibps;    /* imagePullMiBps, 0 = the cluster's (cluster.imagePull) */
	int64_t cache_mib;    /* imageCacheMiB, -1 = the cluster's */
} sc_instance_type;

typedef struct sc_instances {
	int32_t type;      /* index into types */
	int32_t provider;  /* capacity provider (index into providers), -1 = none */
	int64_t count;
	int32_t zone;      /* index into zones, -1 = round-robin */
	int spot;          /* purchaseOption "spot" */
	sc_kv *attrs;
	int nattrs;
} sc_instances;

enum sc_constraint_type { SC_DISTINCT_INSTANCE, SC_MEMBER_OF };

typedef struct sc_constraint {
	enum sc_constraint_type type;
	char *expression;
	char *path;        /* JSON path, for errors found later */
} sc_constraint;

typedef struct sc_strategy_step {
	char *type, *field;
	char *path;
} sc_strategy_step;

typedef struct sc_placement {
	sc_strategy_step *steps;
	int nsteps;
	int given;         /* placementStrategy present (possibly empty) */
	sc_constraint *cons;
	int ncons;
} sc_placement;

/* A UDP host port is its number + SC_PORT_UDP (same as CL_PORT_UDP). */
#define SC_PORT_UDP 0x10000u

typedef struct sc_taskdef {
	char *family;
	int revision;
	int revision_given;        /* "revision" is in the file (an ARN must match it) */
	int32_t cpu, memory, gpus; /* what the scheduler reserves */
	int awsvpc;
	uint32_t *ports;           /* static host ports (+ SC_PORT_UDP for udp) */
	int nports;
	sc_constraint *cons;
	int ncons;
	char **containers;         /* container names */
	size_t ncontainers;
	char **image_names;        /* the containers' images, each once, in order */
	int32_t *images;           /* ... as indexes into scenario.pull.images */
	int nimages;
	int not_ec2;               /* requiresCompatibilities lacks EC2 (> 0) */
	int not_fargate;           /* requiresCompatibilities lacks FARGATE (> 0) */
	int task_cpu, task_memory; /* task-level cpu / memory given */
	/* Container health checks, reduced to the task: a good task is healthy
	 * hc_healthy_after us after RUNNING (the slowest container's first
	 * check), a failing one is found unhealthy hc_unhealthy_after us after
	 * RUNNING (the first container to use up its retries). */
	int hc_given;
	int64_t hc_healthy_after, hc_unhealthy_after;
	int64_t stop_timeout;      /* us: longest container stopTimeout (STOPPING) */
	/* ecsim "failure": how tasks of this definition go wrong */
	double fail_start;         /* share that stop in PENDING (never RUNNING) */
	double fail_unhealthy;     /* share that never pass a health check */
	int has_crash;
	dist crash;                /* s from RUNNING until the task exits */
	char *path;
} sc_taskdef;

/* Load-balancer target group of a service (ecsim key "targetGroup"). */
typedef struct sc_target_group {
	dist registration;         /* s in ACTIVATING */
	int64_t interval;          /* us between target health checks */
	int healthy_threshold, unhealthy_threshold;
	int64_t deregistration_delay; /* us in DEACTIVATING */
} sc_target_group;

/* Capacity providers: FARGATE, FARGATE_SPOT, or an Auto Scaling group
 * provider whose instances are the instances entries that name it. */
enum sc_cp_kind { SC_CP_ASG, SC_CP_FARGATE, SC_CP_FARGATE_SPOT };

/* One item of a capacityProviderStrategy. */
typedef struct sc_cp_item {
	int32_t provider;          /* index into scenario.providers */
	enum sc_cp_kind kind;
	int64_t base;
	int32_t weight;
} sc_cp_item;

/* One launch template override of a mixed instances policy: an instance
 * type and the capacity units an instance of it counts for. */
typedef struct sc_asg_override {
	int32_t type;              /* index into types */
	int32_t weight;            /* weightedCapacity, 1 when not given */
} sc_asg_override;

/* spotAllocationStrategy of an instances distribution. */
enum sc_spot_alloc { SC_SPOT_LOWEST_PRICE, SC_SPOT_CAPACITY_OPTIMIZED,
		     SC_SPOT_CAPACITY_OPTIMIZED_PRIORITIZED, SC_SPOT_PRICE_CAPACITY_OPTIMIZED };

/* poolState of a warm pool. */
enum sc_warm_state { SC_WARM_STOPPED, SC_WARM_RUNNING, SC_WARM_HIBERNATED };

/* One pool of a managed group's instances: a type bought one way (a
 * mixed instances policy has one per override and purchase option it may
 * use; a plain group one), with its host slots (sc_asg_pool_slots). */
typedef struct sc_asg_pool {
	int32_t type;
	int spot;
	int32_t weight;
	int64_t slots;
} sc_asg_pool;

/* Managed scaling of an Auto Scaling group capacity provider
 * ("autoScalingGroupProviders", cluster auto scaling). */
typedef struct sc_asg {
	int32_t provider;          /* index into providers */
	int32_t group;             /* its instances entry (count = size at time 0) */
	int64_t min_size, max_size; /* capacity units (instances unless weighted) */
	int32_t target;            /* targetCapacity, percent */
	int64_t min_step, max_step;
	int64_t warmup;            /* us: instanceWarmupPeriod */
	dist launch;               /* s from scale-out until the instance is ACTIVE */
	int64_t timeout;           /* us a task waits for capacity before it gives up */
	int protect;               /* managedTerminationProtection ENABLED */
	int draining;              /* managedDraining ENABLED */
	int64_t drain_timeout;     /* us: a draining instance is terminated by then */
	/* mixedInstancesPolicy; noverrides 0: none (the instances entry's type
	 * and purchase option) */
	sc_asg_override *overrides;
	int noverrides;
	int64_t od_base;           /* onDemandBaseCapacity, units */
	int32_t od_pct;            /* onDemandPercentageAboveBaseCapacity */
	int od_lowest_price;       /* onDemandAllocationStrategy lowest-price (else
				    * prioritized) */
	enum sc_spot_alloc spot_alloc;
	int32_t spot_pools;        /* spotInstancePools (lowest-price) */
	int weighted;              /* some override has a weight other than 1 */
	sc_asg_pool *pools;        /* the pools it launches into, in override order,
				    * on-demand before Spot */
	int npools;
	int64_t nhosts;            /* host slots of every pool together */
	/* capacityRebalance (Spot): a replacement at the rebalance
	 * recommendation, which comes rebalance_lead s before the notice */
	int rebalance;
	dist rebalance_lead;
	/* warmPool */
	int warm;
	enum sc_warm_state warm_state;
	int64_t warm_min;          /* minSize */
	int64_t warm_prepared;     /* maxGroupPreparedCapacity, -1 = maxSize */
	int warm_reuse;            /* instanceReusePolicy.reuseOnScaleIn */
	dist warm_start;           /* s from leaving the pool until ACTIVE */
	char *path;
} sc_asg;

/* What a cluster.capacityProviders entry given as describe-capacity-providers
 * prints it (an object, not a name) says of its Auto Scaling group: the
 * autoScalingGroupProviders entry that names the provider takes its
 * managedScaling, managedTerminationProtection and managedDraining from
 * here when it leaves them out (sim/scenario/aws.c). */
typedef struct sc_cp_printed {
	char *path;                /* its autoScalingGroupProvider; NULL = none printed */
	int scaling;               /* managedScaling printed */
	int managed;               /* managedScaling.status ENABLED */
	sc_asg ms;                 /* managedScaling's target, step sizes and warm-up */
	int mtp_enabled;           /* managedTerminationProtection: 1 ENABLED, 0 DISABLED,
				    * -1 not printed */
	int md_enabled;            /* managedDraining, the same way */
	int has_asg;               /* an autoScalingGroupProviders entry names it */
} sc_cp_printed;

/* A scheduled change of a service's desired count. */
typedef struct sc_desired_change {
	int64_t at;                /* us */
	int64_t desired;
} sc_desired_change;

/* A service's demand curve ("demand", ecsim key), in requests per second. */
enum sc_demand_kind { SC_DEMAND_CONSTANT, SC_DEMAND_DIURNAL, SC_DEMAND_STEPS,
		      SC_DEMAND_SPIKES, SC_DEMAND_CSV };

/* A point of a steps or csv curve (value from at on), or a spike
 * (value from at to end). */
typedef struct sc_demand_point {
	int64_t at, end;           /* us */
	double value;
} sc_demand_point;

typedef struct sc_demand {
	int given;
	enum sc_demand_kind kind;
	double value;              /* constant; steps and csv before the first point; spikes base */
	double trough, peak;       /* diurnal */
	int64_t peak_at;           /* diurnal: us after midnight */
	sc_demand_point *pts;      /* steps / csv sorted by at; spikes in file order */
	int npts;
	double capacity;           /* requests per second one healthy task serves */
	double idle_memory;        /* share 0-1 of reserved memory a task uses idle */
} sc_demand;

/* Service Auto Scaling (Application Auto Scaling) of a service: its
 * policies, per policy type of sim/policy/ (as_policy_types). */
typedef struct sc_policies {
	const struct as_policy_type *type;
	void **cfgs;               /* one per entry of the type's array */
	int n;
} sc_policies;

typedef struct sc_scheduled_action {
	int64_t at;                /* us */
	int64_t min, max;          /* -1 = unchanged */
} sc_scheduled_action;

typedef struct sc_autoscaling {
	int given;
	int64_t min, max;
	sc_policies *pol;          /* one per row of as_policy_types, in its order */
	int npol;
	int npolicies;             /* policies of every type */
	sc_scheduled_action *sched; /* sorted by at */
	int nsched;
	int out_points, in_points; /* datapoints of the scale-out / scale-in alarms */
	double in_margin;          /* scale-in alarm below target x (1 - in_margin) */
	int32_t in_step_pct;       /* target tracking's scale-in: at most this percent of
				    * the count a step (at least 1 task) */
} sc_autoscaling;

/* deploymentConfiguration.strategy. */
enum sc_strategy { SC_ROLLING, SC_BLUE_GREEN, SC_LINEAR, SC_CANARY };

/* What a deployment alarm watches (the first three are the Service Auto
 * Scaling metrics, in enum as_metric's order). */
enum sc_alarm_metric { SC_AM_CPU, SC_AM_MEMORY, SC_AM_REQUESTS, SC_AM_UNSERVED,
		       SC_AM_UNHEALTHY, SC_AM_FAILED, SC_NALARM_METRICS };

/* "ROLLING", ... and "ECSServiceAverageCPUUtilization", ..., "FailedTasks"
 * (NULL-terminated). */
extern const char *const sc_strategy_names[];
extern const char *const sc_alarm_metric_names[];

/* A CloudWatch alarm of the service (cloudWatchAlarms) that deployments
 * may watch (deploymentConfiguration.alarms). */
typedef struct sc_alarm {
	char *name;
	cw_alarm al;               /* metric: an enum sc_alarm_metric */
} sc_alarm;

/* How a deployment of the service goes: the rolling bounds are beside it
 * in sc_service; the strategy's traffic shifting and bake times; the
 * alarms that fail it. */
typedef struct sc_rollout {
	enum sc_strategy strategy;
	int64_t bake;              /* us: bakeTimeInMinutes (both revisions, after the shift) */
	double step;               /* LINEAR: stepPercent / 100 */
	int64_t step_bake;         /* us: stepBakeTimeInMinutes */
	double canary;             /* CANARY: canaryPercent / 100 */
	int64_t canary_bake;       /* us: canaryBakeTimeInMinutes */
	int alarms_on, alarms_rollback; /* alarms.enable, alarms.rollback */
	int32_t *watch;            /* alarms.alarmNames: indexes into the service's alarms */
	int nwatch;
} sc_rollout;

/* Task scale-in protection as the service's tasks set it themselves
 * (UpdateTaskProtection / the agent's endpoint): which tasks, when, for how
 * long ("taskProtection", ecsim keys around ECS's two). */
typedef struct sc_protection {
	int given;
	int64_t expires;           /* us: expiresInMinutes */
	double share;              /* of the service's tasks that protect themselves */
	dist after;                /* s after RUNNING until a task protects itself */
	dist work;                 /* s until it clears protection itself (has_work) */
	int has_work;
	int repeat;                /* protects itself again after clearing */
} sc_protection;

typedef struct sc_service {
	char *name;
	int32_t taskdef;
	int64_t desired;
	sc_desired_change *changes; /* sorted by at */
	int nchanges;
	sc_placement place;
	int min_healthy_pct, max_pct;
	int breaker, rollback;     /* deploymentCircuitBreaker enable / rollback */
	int daemon;                /* schedulingStrategy DAEMON */
	int fargate;               /* launchType FARGATE, or FARGATE providers */
	sc_cp_item *cps;           /* capacityProviderStrategy (or the cluster's default) */
	int ncps;
	int lb;                    /* loadBalancers is a non-empty array */
	sc_target_group tg;        /* read when lb */
	int64_t grace;             /* us: healthCheckGracePeriodSeconds */
	sc_demand demand;
	sc_autoscaling as;
	sc_protection prot;        /* taskProtection */
	sc_rollout rollout;        /* deploymentConfiguration beyond the bounds */
	sc_alarm *alarms;          /* cloudWatchAlarms */
	int nalarms;
	/* availabilityZoneRebalancing: SC_REBAL_ENABLED / _DISABLED, or
	 * SC_REBAL_DEFAULT when not given (the model decides by compatibility) */
	int rebalancing;
	char *path;
} sc_service;

enum { SC_REBAL_DEFAULT = -1, SC_REBAL_DISABLED = 0, SC_REBAL_ENABLED = 1 };

enum sc_arrival { SC_ARRIVAL_POISSON, SC_ARRIVAL_INTERVAL, SC_ARRIVAL_TIMES,
		  SC_ARRIVAL_SCHEDULE };

/* RunTask starts at most this many tasks a call (ECS quota), so an
 * EventBridge target's TaskCount is 1-10. */
#define SC_MAX_TASK_COUNT 10

typedef struct sc_workload {
	char *name;
	int32_t taskdef;
	char *group;           /* task group; default family:FAMILY */
	enum sc_arrival arrival;
	double rate;           /* poisson: per second */
	int64_t interval;      /* interval: us */
	int64_t *times;        /* times: us, sorted */
	int64_t ntimes;
	char *schedule;        /* schedule: an EventBridge rate() or cron() expression */
	sx_expr sched;         /* ... parsed */
	int32_t task_count;    /* schedule: tasks each firing starts (RunTask's count) */
	int64_t start, end;    /* window of arrivals (end = INT64_MAX: run end) */
	int64_t count;         /* at most this many tasks, -1 = no limit */
	dist duration;
	dist cpu, memory;      /* per-task sizes; used when has_cpu / has_memory */
	int has_cpu, has_memory;
	sc_placement place;
	sc_cp_item *cps;       /* capacityProviderStrategy (Auto Scaling group
				* providers only); NULL: any EC2 instance */
	int ncps;
	char *path;
} sc_workload;

/* A scheduled rolling deployment of a new task definition ("deployments"). */
typedef struct sc_deployment {
	int32_t svc, taskdef;
	int64_t at;                /* us */
	char *path;
} sc_deployment;

/* A scheduled drain of instances ("maintenance"). */
typedef struct sc_drain {
	int64_t at;                /* us */
	int64_t count;             /* instances to drain */
	int32_t zone, type;        /* only these; -1 = any */
	int64_t duration;          /* us until ACTIVE again; -1 = to the end */
} sc_drain;

/* Failures of one instance type ("failures.instances" entry). */
typedef struct sc_fail_rule {
	int32_t type;          /* index into types, -1 = every type without a rule */
	dist ttf, ttr;         /* time to failure / repair, seconds */
} sc_fail_rule;

/* A scheduled zone outage ("failures.zoneOutages" entry). */
typedef struct sc_zone_outage {
	int32_t zone;
	int64_t start, duration; /* us */
} sc_zone_outage;

typedef struct sc_failures {
	int instances;         /* entries of rules (0: instances never fail alone) */
	sc_fail_rule *rules;
	sc_zone_outage *outages; /* scheduled zone outages */
	int noutages;
	int random_outages;    /* failures.randomZoneOutages given */
	dist outage_between, outage_duration; /* seconds */
	char *domain_attr;     /* failures.domains.attribute, NULL = no domains */
	dist domain_ttf, domain_ttr; /* seconds */
	/* failures.spotInterruptions */
	int spot_rules;        /* entries of spot (0: no drawn interruptions) */
	sc_fail_rule *spot;    /* ttf = time from launch to the notice; ttr unused */
	int64_t *spot_times;   /* from the times file, sorted; us */
	int32_t *spot_time_type; /* instance type of each, -1 = any */
	int nspot_times;
	int64_t spot_notice;   /* us */
	dist spot_launch;      /* seconds until the replacement is up */
	double fargate_spot_rate; /* interruptions per FARGATE_SPOT task and second, 0 none */
	int64_t fargate_spot_warning; /* us from the warning until the task is gone */
} sc_failures;

/* One entry of $.traces: a workload (and maybe a fleet) read from files.
 * spec is what trace_open takes; its members are members of sc_trace too
 * (st->name, st->files, ...), through the unnamed struct beside it. */
/* A trace's "inflate": instead of replaying it in time, submit its tasks
 * drawn at random (seeded per replication), none ever ending, until the
 * arrived demand of one resource reaches a multiple of the cluster's
 * capacity of it (the experiment of GPU-sharing papers, docs/traces.md). */
enum sc_inflate_resource { SC_INFLATE_GPU, SC_INFLATE_CPU };
enum sc_inflate_sampling {
	SC_INFLATE_REPLACEMENT,    /* every draw from all the trace's tasks */
	SC_INFLATE_TRACE_FIRST,    /* each task once in a random order, then draws */
};
typedef struct sc_inflate {
	int given;
	double to;                    /* arrived demand, multiple of capacity */
	double step;                  /* rows of inflation.csv, multiple of capacity */
	enum sc_inflate_resource resource;
	enum sc_inflate_sampling sampling;
} sc_inflate;

typedef struct sc_trace {
	union {
		trace_spec spec;
		struct { TRACE_SPEC_MEMBERS };
	};
	sc_inflate inflate;
	int32_t zone;                 /* zone of its machines, -1 = round-robin */
	sc_placement place;
	char *path;                   /* "$.traces[0]" */
} sc_trace;

/* A Reserved Instance purchase ("pricing.reservedInstances" entry): count
 * instances of one type billed at a discount every hour, used or not. */
typedef struct sc_reserved {
	int32_t type;              /* index into types */
	int64_t count;
	double discount;           /* percent off the type's on-demand price */
} sc_reserved;

/* "pricing" (ecsim key): the commitments a run's cost is also given under. */
typedef struct sc_pricing {
	int given;
	int sp;                    /* savingsPlan given */
	double sp_commit;          /* USD per hour, charged every hour */
	double sp_discount;        /* percent off on-demand: EC2 instances */
	int sp_fargate;            /* fargateDiscountPercent given: FARGATE is covered */
	double sp_fargate_discount;
	sc_reserved *ri;
	int nri;
} sc_pricing;

/* ECS_IMAGE_PULL_BEHAVIOR, the agent setting (cluster.imagePull.behavior). */
enum sc_pull_behavior { SC_PULL_DEFAULT, SC_PULL_ALWAYS, SC_PULL_ONCE, SC_PULL_PREFER_CACHED };

/* A container image: the name containers give as "image", its size. */
typedef struct sc_image {
	char *name;
	int64_t bytes;
} sc_image;

/* Container image pulls ($.images and cluster.imagePull): on when either
 * is given; off, a task's PENDING is its start latency alone. */
typedef struct sc_image_pull {
	int on;
	enum sc_pull_behavior behavior;
	sc_image *images;          /* $.images, then the images only task definitions name
				    * (with the default size) */
	int nimages;
	int64_t default_bytes;     /* size of an image $.images does not list */
	double mibps;              /* a host's pull throughput, MiB/s */
	double fargate_mibps;      /* a FARGATE task's */
	int64_t cache_bytes;       /* a host's image disk budget */
	int64_t latency;           /* us a pull spends besides its bytes */
	int concurrent;            /* pulls a host runs at once, each at mibps / concurrent */
	int32_t *preloaded;        /* images on every instance at launch (in the AMI) */
	int npreloaded;
} sc_image_pull;

/* How long service tasks spend in each lifecycle state ("taskLifecycle"). */
typedef struct sc_lifecycle {
	dist eni_attach, eni_detach;   /* s: PROVISIONING / DEPROVISIONING (awsvpc) */
	dist start_ec2, start_fargate; /* s: PENDING (image pull, container start) */
	int64_t healthy_without_checks; /* us after RUNNING */
	int warm_start;                 /* initial service tasks start RUNNING and healthy */
} sc_lifecycle;

/* A task shape of $.gpuWorkload: what GPU fragmentation is measured with. */
typedef struct sc_gpu_shape {
	int32_t cpu;              /* CPU units */
	int32_t gpus;             /* whole GPUs */
	int32_t milli;            /* a share of one GPU, thousandths (gpus 0) */
	char *models;             /* accepted GPU models, '|' between; NULL any */
	int64_t count;            /* weight */
} sc_gpu_shape;
/* A file the loader read besides the scenario file: a trace's, a demand
 * curve's or the Spot times' CSV, the instance-type catalog (for a run's
 * provenance). */
typedef struct sc_input {
	char *file;               /* the path it opened */
	char *key;                /* what named it: "$.traces[0].file[1]", "catalog" */
} sc_input;

typedef struct sc_inputs {
	sc_input *v;
	int n;
} sc_inputs;

typedef struct scenario {
	char *file;
	sc_inputs *inputs;        /* files read besides file, in the order read */
	char *name;
	uint64_t seed;
	int64_t duration;         /* us */
	int64_t start_time;       /* s since 1970, UTC: the instant of time 0 (startTime) */
	int64_t metrics_interval; /* us */
	int64_t measure_from;     /* us: the warm-up the summary leaves out ($.measureFrom) */
	int64_t retry_interval;   /* us between placement retries of pending service tasks */
	int64_t throttle_initial, throttle_max; /* us: back-off after failed starts */
	int32_t launch_rate;      /* service task launches per minute per service */
	sc_lifecycle life;
	sc_image_pull pull;
	char **zones;
	int nzones;
	sc_instance_type *types;
	int ntypes;
	sc_instances *instances;
	int ninstances;
	int64_t nhosts;           /* total */
	uint16_t *reserved_ports;
	int nreserved_ports;
	int awsvpc_trunking;      /* cluster.awsvpcTrunking */
	int spot_draining;        /* cluster.spotDraining */
	int64_t max_provisioning; /* cluster.maxProvisioningTasks: tasks waiting for
				   * capacity (PROVISIONING) at once, cluster-wide */
	sc_taskdef *taskdefs;
	int ntaskdefs;
	sc_service *services;
	int nservices;
	sc_workload *workloads;
	int nworkloads;
	sc_failures failures;
	sc_trace *traces;
	int ntraces;
	sc_gpu_shape *gpu_shapes;   /* $.gpuWorkload, NULL when absent */
	int ngpu_shapes;
	sc_drain *drains;         /* sorted by at */
	int ndrains;
	sc_deployment *deployments; /* sorted by at */
	int ndeployments;
	int breaker_min;          /* circuit breaker threshold floor */
	int32_t launch_rate_fargate; /* launches per minute per Fargate service */
	int64_t rebal_interval;   /* us between AZ rebalancing checks of a steady service */
	int rebal_oldest;         /* AZ rebalancing moves the oldest tasks first (else newest) */
	double fargate_vcpu_hour, fargate_gb_hour; /* USD */
	double fargate_spot_vcpu_hour, fargate_spot_gb_hour;
	/* which FARGATE prices $.fargate or the catalog gave: SC_PRICED_VCPU | SC_PRICED_GB */
	int fargate_priced, fargate_spot_priced;
	sc_pricing pricing;
	char **providers;         /* cluster.capacityProviders */
	int nproviders;
	sc_cp_item *default_cps;  /* cluster.defaultCapacityProviderStrategy */
	sc_asg *asgs;             /* cluster.autoScalingGroupProviders */
	sc_cp_printed *cp_printed; /* per provider: as describe-capacity-providers printed it */
	int nasgs;
	int ndefault_cps;
	int64_t fargate_min_billed; /* us */
	struct sc_catalog_use *cat; /* loader only (parse.c): the catalog while loading */
} scenario;

#define SC_PRICED_VCPU 1
#define SC_PRICED_GB 2

/* startTime when the file gives none: a fixed instant, so that cron
 * schedules fire at the same times in every run. */
#define SC_DEFAULT_START_TIME "2025-01-01T00:00:00Z"

/* awsvpc tasks an instance of type t runs: with trunking on, the trunked
 * limit (the loader fills it for every type then), else enis. */
static inline int32_t sc_task_enis(const scenario *sc, const sc_instance_type *t)
{
	return sc->awsvpc_trunking ? t->trunked_enis : t->enis;
}

/* Limits that keep every counter and time far from overflow, memory use
 * bounded and the loader's duplicate checks fast; docs/scenario-format.md
 * ("Limits") lists them.  Where ECS has a quota, the limit is that quota. */
#define SC_MAX_FILE_BYTES (16 << 20) /* scenario file */
#define SC_MAX_HOSTS 1000000         /* instances in all */
#define SC_MAX_DESIRED 100000        /* desiredCount of one service */
#define SC_MAX_TASKS 10000000        /* desired tasks of all services together */
#define SC_MAX_CONSTRAINTS 10        /* per task (ECS quota) */
#define SC_MAX_ZONES 100
#define SC_MAX_TYPES 1000            /* instance types */
#define SC_MAX_GROUPS 10000          /* entries of cluster.instances */
#define SC_MAX_ATTRS 10              /* custom attributes per instance (ECS quota) */
#define SC_MAX_ATTR_CELLS 50000000   /* instances x distinct attribute names */
#define SC_MAX_TASKDEFS 10000
#define SC_MAX_CONTAINERS 10         /* per task definition (ECS quota) */
#define SC_MAX_PORTS 1000            /* static host ports per task */
#define SC_MAX_GPUS 1024             /* per task, as per instance type */
#define SC_MAX_SERVICES 5000         /* per cluster (ECS quota) */
#define SC_MAX_WORKLOADS 5000
#define SC_MAX_IMAGES 10000          /* $.images entries, and images in all */
#define SC_MAX_IMAGE_MIB 1048576     /* an image: 1 TiB */
#define SC_MAX_CACHE_MIB (INT64_C(1) << 30) /* an instance's image disk: 1 PiB */
#define SC_MAX_PULL_MIBPS 1000000    /* pull throughput, MiB/s */
#define SC_MAX_CONCURRENT_PULLS 64   /* pulls an instance runs at once */
#define SC_MAX_SERVICE_ROWS 100000000 /* samples x services (rows of services.csv) */

/* Loads and checks file, applying each "PATH=VALUE" of sets (nsets) first.
 * On error: -1 with the full message in e (file prefix included). */
int scenario_load(scenario *sc, const char *file, char *const *sets, int nsets,
		  ecs_err *e);

/* As scenario_load, from the len bytes at buf (need not end in a NUL);
 * file is the name used in messages and for the default scenario name. */
int scenario_load_buffer(scenario *sc, const char *file, const char *buf, size_t len,
			 char *const *sets, int nsets, ecs_err *e);

/* Applies one --set "PATH=VALUE" to a JSON tree: PATH is dot-separated keys
 * and [i] indices; a key that is not an index selects the array element
 * whose serviceName / name / family equals it.  VALUE is JSON if it parses
 * as JSON, else a string.  Errors name the path. */
int scenario_set(json_t *root, const char *assignment, ecs_err *e);

void scenario_destroy(scenario *sc);

#endif
