/* taskdef.c - $.taskDefinitions: containers, sizes, ports, health checks,
 * compatibilities and ecsim's "failure"; and the checks of a task
 * definition that a service, workload or deployment runs (Fargate sizes,
 * fits some instance type).  Not the placement keys (placement.c).
 */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/support/units.h"

/* Task-level cpu/memory: integer, or string "256", "1 vCPU", "0.5 vcpu",
 * "2 GB", "2GB" as RegisterTaskDefinition accepts. */
static int parse_task_size(const json_t *v, const char *path, int is_cpu, int32_t *out,
			   ecs_err *e)
{
	const char *s;
	char *end;
	double x;

	if (json_is_integer(v)) {
		x = (double)json_integer_value(v);
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		/* digits with an optional fraction: no sign, hex, exponent or blanks */
		if (!isdigit((unsigned char)s[0]))
			goto bad;
		for (end = (char *)s; isdigit((unsigned char)*end); end++)
			;
		if (*end == '.' && isdigit((unsigned char)end[1]))
			for (end++; isdigit((unsigned char)*end); end++)
				;
		errno = 0;
		x = strtod(s, NULL);
		if (errno || !isfinite(x))
			goto bad;
		while (*end == ' ')
			end++;
		if (*end) {
			if (is_cpu && strcasecmp(end, "vcpu") == 0)
				x *= 1024;
			else if (!is_cpu && strcasecmp(end, "gb") == 0)
				x *= 1024;
			else
				goto bad;
		}
	} else {
		return err_set(e, "%s: must be an integer or a string such as \"%s\", not %s",
			       path, is_cpu ? "1 vCPU" : "2 GB", jread_type_name(v));
	}
	if (x < 1 || x > (is_cpu ? (1 << 24) : INT32_MAX / 2) || x != floor(x))
		return err_set(e, "%s: must be a whole number of %s between 1 and %d", path,
			       is_cpu ? "CPU units" : "MiB", is_cpu ? (1 << 24) : INT32_MAX / 2);
	*out = (int32_t)x;
	return 0;
bad:
	return err_set(e, "%s: bad %s \"%s\" (use e.g. %s)", path, is_cpu ? "cpu" : "memory",
		       json_string_value(v), is_cpu ? "\"256\" or \"1 vCPU\"" : "\"512\" or \"2 GB\"");
}

static const jread_key health_check_keys[] = {
	JR_ANY("command", "the check's command (not read)"),
	JR_INT("interval", 5, 300, "seconds between checks (default 30)"),
	JR_INT("timeout", 2, 60, "seconds before a check fails (default 5)"),
	JR_INT("retries", 1, 10, "failed checks in a row that make the container unhealthy "
	       "(default 3)"),
	JR_INT("startPeriod", 0, 300, "seconds during which failures do not count (default 0)"),
	JREAD_END,
};

/* containerDefinitions[].healthCheck, as ECS bounds it (seconds).  A good
 * container passes its first check, interval s after RUNNING; a failing one
 * fails every check, each after timeout s, and failures in the start period
 * do not count, so it is unhealthy after its retries-th counted failure. */
static int parse_health_check(sc_taskdef *td, const json_t *j, const char *path, ecs_err *e)
{
	int64_t interval = 30, timeout = 5, retries = 3, start = 0, first, healthy, unhealthy;

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, health_check_keys, e) < 0 ||
	    jread_int(j, "interval", path, &interval, 5, 300, 0, e) < 0 ||
	    jread_int(j, "timeout", path, &timeout, 2, 60, 0, e) < 0 ||
	    jread_int(j, "retries", path, &retries, 1, 10, 0, e) < 0 ||
	    jread_int(j, "startPeriod", path, &start, 0, 300, 0, e) < 0)
		return -1;
	first = (start + interval - 1) / interval;
	if (first < 1)
		first = 1;
	healthy = interval * USEC_PER_SEC;
	unhealthy = ((first + retries - 1) * interval + timeout) * USEC_PER_SEC;
	if (!td->hc_given || healthy > td->hc_healthy_after)
		td->hc_healthy_after = healthy;
	if (!td->hc_given || unhealthy < td->hc_unhealthy_after)
		td->hc_unhealthy_after = unhealthy;
	td->hc_given = 1;
	return 0;
}

static int add_port(const scenario *sc, sc_taskdef *td, int port, int udp, const char *path,
		    ecs_err *e)
{
	uint32_t key = (uint32_t)port + (udp ? SC_PORT_UDP : 0);

	for (int i = 0; i < td->nports; i++)
		if (td->ports[i] == key)
			return err_set(e, "%s: host port %d/%s is used twice in the task", path, port,
				       udp ? "udp" : "tcp");
	for (int i = 0; !udp && i < sc->nreserved_ports; i++)
		if (sc->reserved_ports[i] == port)
			return err_set(e, "%s.hostPort: port %d is reserved on every instance "
				       "($.cluster.reservedPorts), so no instance could run this task",
				       path, port);
	if (td->nports >= SC_MAX_PORTS)
		return err_set(e, "%s: more than %d static host ports in the task", path,
			       SC_MAX_PORTS);
	td->ports = xrealloc(td->ports, (size_t)(td->nports + 1) * sizeof(*td->ports));
	td->ports[td->nports++] = key;
	return 0;
}

static const jread_key port_mapping_keys[] = {
	JR_INT("containerPort", 1, 65535, "the container's port (required without "
	       "containerPortRange)"),
	JR_INT("hostPort", 0, 65535, "the host port: 0 or none is dynamic in bridge mode"),
	JR_WORDS("protocol", JREAD_LIST("tcp", "udp"), "default tcp"),
	JR_ANY("name", "not read"),
	JR_ANY("appProtocol", "not read"),
	JR_ANY("containerPortRange", "a range is mapped to dynamic host ports"),
	JR_ANY("hostIp", "not read"),
	JREAD_END,
};

/* portMappings of a container: the static host ports the task binds.
 * host mode: hostPort is containerPort (ECS rejects others); bridge: 0 or
 * absent is dynamic (49153-65535, does not bind); awsvpc: the task's own
 * ENI, no host port. */
static int parse_port_mappings(const scenario *sc, sc_taskdef *td, const json_t *arr,
			       const char *p, const char *netmode, ecs_err *e)
{
	size_t i;
	json_t *v;

	if (jread_array(arr, p, e) < 0)
		return -1;
	json_array_foreach(arr, i, v) {
		char q[JREAD_PATHMAX], *proto = NULL;
		int64_t cp = 0, hp = -1;
		int udp;
		jread_ipath(q, p, i);
		if (jread_object(v, q, e) < 0 || jread_check_keys(v, q, port_mapping_keys, e) < 0 ||
		    jread_str(v, "protocol", q, &proto, 0, e) < 0)
			return -1;
		udp = proto && strcmp(proto, "udp") == 0;
		if (proto && !udp && strcmp(proto, "tcp") != 0) {
			free(proto);
			return err_set(e, "%s.protocol: must be tcp or udp", q);
		}
		free(proto);
		/* A port range is always mapped to dynamic host ports. */
		if (json_object_get(v, "containerPortRange"))
			continue;
		if (jread_int(v, "containerPort", q, &cp, 1, 65535, 1, e) < 0 ||
		    jread_int(v, "hostPort", q, &hp, 0, 65535, 0, e) < 0)
			return -1;
		if (strcmp(netmode, "host") == 0) {
			if (hp > 0 && hp != cp)
				return err_set(e, "%s.hostPort: in host network mode must equal "
					       "containerPort (%" PRId64 ") or be left out", q, cp);
			hp = cp;
		}
		if (strcmp(netmode, "awsvpc") == 0 || hp <= 0)
			continue;
		if (add_port(sc, td, (int)hp, udp, q, e) < 0)
			return -1;
	}
	return 0;
}

static const jread_key resource_keys[] = {
	JR_WORDS("type", JREAD_LIST("GPU", "InferenceAccelerator"), "inference accelerators are "
		 "not modelled", JREAD_REQ),
	JR_NAME("value", "GPUs: their count as a string, e.g. \"1\"", JREAD_REQ),
	JREAD_END,
};

/* resourceRequirements of a container: GPUs count, inference accelerators
 * are accepted and not modelled. */
static int parse_resource_reqs(sc_taskdef *td, const json_t *arr, const char *p, ecs_err *e)
{
	size_t i;
	json_t *v;

	if (jread_array(arr, p, e) < 0)
		return -1;
	json_array_foreach(arr, i, v) {
		char q[JREAD_PATHMAX], *type = NULL, *val = NULL, *end;
		long n;
		jread_ipath(q, p, i);
		if (jread_object(v, q, e) < 0 || jread_check_keys(v, q, resource_keys, e) < 0 ||
		    jread_str(v, "type", q, &type, 1, e) < 0 ||
		    jread_str(v, "value", q, &val, 1, e) < 0) {
			free(type);
			return -1;
		}
		if (strcmp(type, "GPU") != 0 && strcmp(type, "InferenceAccelerator") != 0) {
			err_set(e, "%s.type: must be GPU or InferenceAccelerator, not \"%s\"", q,
				type);
			free(type), free(val);
			return -1;
		}
		if (strcmp(type, "GPU") == 0) {
			n = strtol(val, &end, 10);
			if (*end || n < 1 || n > 1024) {
				free(type), free(val);
				return err_set(e, "%s.value: GPU count must be a whole number "
					       "1-1024 as a string, e.g. \"1\"", q);
			}
			td->gpus += (int32_t)n;
			if (td->gpus > SC_MAX_GPUS) {
				free(type), free(val);
				return err_set(e, "%s.value: more than %d GPUs in the task", q,
					       SC_MAX_GPUS);
			}
		}
		free(type);
		free(val);
	}
	return 0;
}

static const jread_key container_keys[] = {
	JR_NAME("name", "unique in the task definition", JREAD_REQ),
	JR_INT("cpu", 0, 1 << 24, "CPU units reserved (default 0)"),
	JR_INT("memory", 4, INT32_MAX / 2, "hard memory limit, MiB (reserved without "
	       "memoryReservation)"),
	JR_INT("memoryReservation", 4, INT32_MAX / 2, "soft memory limit, MiB: what is reserved"),
	JR_OBJS("portMappings", port_mapping_keys, "ports; static host ports are bound on the host"),
	JR_OBJS("resourceRequirements", resource_keys, "GPUs"),
	JR_OBJ("healthCheck", health_check_keys, "the container's health check"),
	JR_INT("stopTimeout", 0, 86400, "seconds STOPPING lasts (default 30)"),
	JR_STR("image", "the container image: pulled before the task starts when $.images or "
	       "cluster.imagePull is given"),
	JR_IGNORED("repositoryCredentials"), JR_IGNORED("links"),
	JR_IGNORED("restartPolicy"), JR_IGNORED("entryPoint"), JR_IGNORED("command"),
	JR_IGNORED("environment"), JR_IGNORED("environmentFiles"), JR_IGNORED("mountPoints"),
	JR_IGNORED("volumesFrom"), JR_IGNORED("linuxParameters"), JR_IGNORED("secrets"),
	JR_IGNORED("dependsOn"), JR_IGNORED("startTimeout"), JR_IGNORED("versionConsistency"),
	JR_IGNORED("hostname"), JR_IGNORED("user"), JR_IGNORED("workingDirectory"),
	JR_IGNORED("disableNetworking"), JR_IGNORED("privileged"),
	JR_IGNORED("readonlyRootFilesystem"), JR_IGNORED("dnsServers"),
	JR_IGNORED("dnsSearchDomains"), JR_IGNORED("extraHosts"),
	JR_IGNORED("dockerSecurityOptions"), JR_IGNORED("interactive"),
	JR_IGNORED("pseudoTerminal"), JR_IGNORED("dockerLabels"), JR_IGNORED("ulimits"),
	JR_IGNORED("logConfiguration"), JR_IGNORED("systemControls"),
	JR_IGNORED("firelensConfiguration"), JR_IGNORED("credentialSpecs"),
	JR_IGNORED("essential"),
	JREAD_END,
};

/* The container's image into td's images, each name once (containers of
 * one task that share an image pull it once). */
static int add_image(sc_taskdef *td, const json_t *j, const char *path, ecs_err *e)
{
	char *image = NULL;

	if (jread_str(j, "image", path, &image, 0, e) < 0)
		return -1;
	if (!image)
		return 0;
	if (!*image) {
		free(image);
		return err_set(e, "%s.image: must not be empty", path);
	}
	for (int k = 0; k < td->nimages; k++)
		if (strcmp(td->image_names[k], image) == 0) {
			free(image);
			return 0;
		}
	td->image_names = xrealloc(td->image_names, (size_t)(td->nimages + 1) * sizeof(char *));
	td->image_names[td->nimages++] = image;
	return 0;
}

/* One container: its name, what it adds to the task's cpu and memory
 * (*cpu, *mem; *mem_given once one gives memory), health check, stop
 * timeout, host ports and GPUs. */
static int parse_container(const scenario *sc, sc_taskdef *td, const json_t *j, const char *path,
			   const char *netmode, int64_t *cpu, int64_t *mem, int *mem_given,
			   ecs_err *e)
{
	int64_t c = 0, m = -1, r = -1, stop = 30;
	char *name = NULL, p[JREAD_PATHMAX];
	json_t *v;

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, container_keys, e) < 0)
		return -1;
	if (jread_str(j, "name", path, &name, 1, e) < 0)
		return -1;
	for (size_t k = 0; k < td->ncontainers; k++)
		if (strcmp(td->containers[k], name) == 0) {
			err_set(e, "%s.name: duplicate container name \"%s\"", path, name);
			free(name);
			return -1;
		}
	td->containers = xrealloc(td->containers, (td->ncontainers + 1) * sizeof(char *));
	td->containers[td->ncontainers++] = name;
	if (add_image(td, j, path, e) < 0)
		return -1;
	if (jread_int(j, "cpu", path, &c, 0, 1 << 24, 0, e) < 0 ||
	    jread_int(j, "memory", path, &m, 4, INT32_MAX / 2, 0, e) < 0 ||
	    jread_int(j, "memoryReservation", path, &r, 4, INT32_MAX / 2, 0, e) < 0 ||
	    jread_int(j, "stopTimeout", path, &stop, 0, 86400, 0, e) < 0)
		return -1;
	/* Containers stop together: STOPPING lasts the longest stopTimeout
	 * (the agent's default, 30 s, where none is given). */
	if (stop * USEC_PER_SEC > td->stop_timeout)
		td->stop_timeout = stop * USEC_PER_SEC;
	if ((v = json_object_get(j, "healthCheck")) &&
	    parse_health_check(td, v, jread_kpath(p, path, "healthCheck"), e) < 0)
		return -1;
	if (m >= 0 && r >= 0 && r > m)
		return err_set(e, "%s.memoryReservation: must be <= memory (%" PRId64 " > %" PRId64
			       ")", path, r, m);
	*cpu += c;
	/* ECS reserves the soft limit when given, else the hard limit. */
	if (r >= 0 || m >= 0) {
		*mem += r >= 0 ? r : m;
		*mem_given = 1;
	}
	if ((v = json_object_get(j, "portMappings")) &&
	    parse_port_mappings(sc, td, v, jread_kpath(p, path, "portMappings"), netmode, e) < 0)
		return -1;
	if ((v = json_object_get(j, "resourceRequirements")) &&
	    parse_resource_reqs(td, v, jread_kpath(p, path, "resourceRequirements"), e) < 0)
		return -1;
	return 0;
}

/* a share: a number from 0 to 1 */
#define JR_SHARE(n, d) JR_NUM_RANGE(n, 0, 1, d)

static const jread_key failure_keys[] = {
	JR_SHARE("startFailure", "share of tasks that stop before RUNNING"),
	JR_SHARE("unhealthy", "share of tasks that fail their health checks"),
	JR_REF("crashAfter", "distSeconds", "time from RUNNING to a crash"),
	JREAD_END,
};

/* ecsim's "failure" of a task definition: how its tasks go wrong, so that
 * bad deployments and flapping services can be simulated. */
static int parse_failure(sc_taskdef *td, const json_t *j, const char *path, ecs_err *e)
{
	json_t *v;
	char p[JREAD_PATHMAX];

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, failure_keys, e) < 0 ||
	    jread_share(j, "startFailure", path, &td->fail_start, e) < 0 ||
	    jread_share(j, "unhealthy", path, &td->fail_unhealthy, e) < 0)
		return -1;
	if ((v = json_object_get(j, "crashAfter"))) {
		td->has_crash = 1;
		if (dist_parse(&td->crash, v, jread_kpath(p, path, "crashAfter"), DIST_SECONDS,
			       e) < 0)
			return -1;
	}
	return 0;
}

/* requiresCompatibilities, as td->not_ec2 / not_fargate: > 0 when the list
 * lacks EC2 / FARGATE, -1 when it has it, 0 when there is no list (or an
 * empty one).  As in ECS, a launch type can run the task definition when the
 * list names it, in any order: ["EC2", "FARGATE"] runs on both.  EXTERNAL
 * (ECS Anywhere) and MANAGED_INSTANCES (ECS Managed Instances) are valid
 * values that ecsim does not model: they make the definition compatible
 * with neither EC2 nor FARGATE unless those are listed too. */
static int parse_compat(sc_taskdef *td, const json_t *arr, const char *p, ecs_err *e)
{
	size_t i;
	json_t *v;

	if (jread_array(arr, p, e) < 0)
		return -1;
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);
		char q[JREAD_PATHMAX];
		if (!s || (strcmp(s, "EC2") && strcmp(s, "FARGATE") && strcmp(s, "EXTERNAL") &&
			   strcmp(s, "MANAGED_INSTANCES")))
			return err_set(e, "%s: must be EC2, FARGATE or EXTERNAL",
				       jread_ipath(q, p, i));
		/* A list is given: each launch type is out until the list names it.
		 * (Setting this on every entry made only the last one count.) */
		if (i == 0)
			td->not_ec2 = td->not_fargate = 1;
		if (strcmp(s, "EC2") == 0)
			td->not_ec2 = -1;
		if (strcmp(s, "FARGATE") == 0)
			td->not_fargate = -1;
	}
	return 0;
}

/* containerDefinitions: 1 to SC_MAX_CONTAINERS containers, summed into
 * *cpu and *mem. */
static int parse_containers(const scenario *sc, sc_taskdef *td, const json_t *j,
			    const char *path, const char *netmode, int64_t *cpu, int64_t *mem,
			    int *mem_given, ecs_err *e)
{
	json_t *arr = json_object_get(j, "containerDefinitions"), *v;
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	size_t i;

	jread_kpath(p, path, "containerDefinitions");
	if (!arr)
		return err_set(e, "%s: required", p);
	if (jread_array(arr, p, e) < 0)
		return -1;
	if (json_array_size(arr) == 0)
		return err_set(e, "%s: must have at least one container", p);
	if (json_array_size(arr) > SC_MAX_CONTAINERS)
		return err_set(e, "%s: %zu containers, at most %d (the ECS quota per task "
			       "definition)", p, json_array_size(arr), SC_MAX_CONTAINERS);
	json_array_foreach(arr, i, v)
		if (parse_container(sc, td, v, jread_ipath(q, p, i), netmode, cpu, mem, mem_given,
				    e) < 0)
			return -1;
	return 0;
}

/* What the scheduler reserves: the task-level cpu and memory where given,
 * else the sums of the containers (cpu, mem). */
static int task_sizes(sc_taskdef *td, const json_t *j, const char *path, int64_t cpu,
		      int64_t mem, int mem_given, ecs_err *e)
{
	char p[JREAD_PATHMAX];
	json_t *v;

	td->task_cpu = json_object_get(j, "cpu") != NULL;
	td->task_memory = json_object_get(j, "memory") != NULL;
	if ((v = json_object_get(j, "cpu"))) {
		if (parse_task_size(v, jread_kpath(p, path, "cpu"), 1, &td->cpu, e) < 0)
			return -1;
	} else {
		if (cpu > 1 << 24)
			return err_set(e, "%s.containerDefinitions: containers ask for %" PRId64
				       " CPU units in all, more than any host can have", path, cpu);
		td->cpu = (int32_t)cpu;
	}
	if ((v = json_object_get(j, "memory"))) {
		if (parse_task_size(v, jread_kpath(p, path, "memory"), 0, &td->memory, e) < 0)
			return -1;
		if (mem_given && mem > td->memory)
			return err_set(e, "%s.memory: %d MiB is less than the containers "
				       "reserve in all (%" PRId64 " MiB)", path, td->memory, mem);
	} else if (!mem_given) {
		return err_set(e, "%s: no memory given (set the task's memory or a container's "
			       "memory or memoryReservation)", path);
	} else {
		if (mem > INT32_MAX / 2)
			return err_set(e, "%s.containerDefinitions: containers reserve %" PRId64
				       " MiB in all, more than any host can have", path, mem);
		td->memory = (int32_t)mem;
	}
	return 0;
}

/* networkMode as read (*netmode, NULL if absent): bridge by default, host,
 * awsvpc or none. */
static int check_netmode(sc_taskdef *td, const char *path, char **netmode, ecs_err *e)
{
	if (!*netmode)
		*netmode = xstrdup("bridge");
	if (strcmp(*netmode, "bridge") && strcmp(*netmode, "host") &&
	    strcmp(*netmode, "awsvpc") && strcmp(*netmode, "none"))
		return err_set(e, "%s.networkMode: must be bridge, host, awsvpc or none, not "
			       "\"%s\"", path, *netmode);
	td->awsvpc = strcmp(*netmode, "awsvpc") == 0;
	return 0;
}

/* task-level cpu and memory: an integer, or a string such as "1 vCPU" */
#define JR_TASK_SIZE(n, hi, d)                                                         \
	{ .name = (n), .v = { .type = JREAD_INT | JREAD_STR, .flags = JREAD_MIN | JREAD_MAX | \
			      JREAD_NONEMPTY, .min = 1, .max = (hi) }, .doc = (d) }

static const jread_key taskdef_keys[] = {
	JR_NAME("family", "the family; with revision, unique", JREAD_REQ),
	JR_INT("revision", 1, INT32_MAX, "default 1"),
	JR_TASK_SIZE("cpu", 1 << 24, "task CPU units, or a string such as \"1 vCPU\" (default: "
		     "the containers' sum)"),
	JR_TASK_SIZE("memory", INT32_MAX / 2, "task memory, MiB, or a string such as \"2 GB\" "
		     "(default: the containers' sum)"),
	JR_WORDS("networkMode", JREAD_LIST("bridge", "host", "awsvpc", "none"), "default bridge"),
	{ .name = "requiresCompatibilities", .doc = "the launch types that can run it",
	  .v = { .type = JREAD_ARR, .items = &(const jread_val){ .type = JREAD_STR,
		 .words = JREAD_LIST("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES") } } },
	JR_OBJS("containerDefinitions", container_keys, "1 to 10 containers", JREAD_REQ),
	JR_LIKE("placementConstraints", &sc_constraints_json, "constraints of its tasks"),
	JR_OBJ("failure", failure_keys, "how its tasks fail (ecsim key)"),
	JR_IGNORED("taskDefinitionArn"), JR_IGNORED("taskRoleArn"), JR_IGNORED("executionRoleArn"),
	JR_IGNORED("volumes"), JR_IGNORED("status"), JR_IGNORED("requiresAttributes"),
	JR_IGNORED("compatibilities"), JR_IGNORED("runtimePlatform"), JR_IGNORED("registeredAt"),
	JR_IGNORED("registeredBy"), JR_IGNORED("deregisteredAt"),
	JR_IGNORED("inferenceAccelerators"), JR_IGNORED("pidMode"), JR_IGNORED("ipcMode"),
	JR_IGNORED("proxyConfiguration"), JR_IGNORED("ephemeralStorage"), JR_IGNORED("tags"),
	JR_IGNORED("enableFaultInjection"),
	JREAD_END,
};

const jread_val sc_taskdef_json = {
	.type = JREAD_OBJ, .keys = taskdef_keys, .def = "taskDefinition",
};

/* an entry: a task definition, or what describe-task-definition prints */
const jread_val sc_taskdefs_json = {
	.type = JREAD_ARR, .items = &(const jread_val){ .any_of = (const jread_val *const[]){
		&sc_taskdef_json, &sc_aws_taskdef_json, NULL } },
};

static int parse_taskdef(scenario *sc, sc_taskdef *td, const json_t *j, const char *path,
			 ecs_err *e)
{
	char *netmode = NULL, p[JREAD_PATHMAX];
	int64_t cpu = 0, mem = 0, rev = 1;
	int mem_given = 0, rc = -1;
	json_t *v;

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, taskdef_keys, e) < 0)
		return -1;
	td->path = xstrdup(path);
	if (jread_str(j, "family", path, &td->family, 1, e) < 0 ||
	    jread_int(j, "revision", path, &rev, 1, INT32_MAX, 0, e) < 0 ||
	    jread_str(j, "networkMode", path, &netmode, 0, e) < 0)
		goto out;
	td->revision = (int)rev;
	td->revision_given = json_object_get(j, "revision") != NULL;
	if (strchr(td->family, ':') || strchr(td->family, '/')) {
		err_set(e, "%s.family: must not contain ':' or '/' (\"%s\")", path, td->family);
		goto out;
	}
	if (check_netmode(td, path, &netmode, e) < 0 ||
	    ((v = json_object_get(j, "requiresCompatibilities")) &&
	     parse_compat(td, v, jread_kpath(p, path, "requiresCompatibilities"), e) < 0) ||
	    parse_containers(sc, td, j, path, netmode, &cpu, &mem, &mem_given, e) < 0 ||
	    task_sizes(td, j, path, cpu, mem, mem_given, e) < 0)
		goto out;
	if ((v = json_object_get(j, "placementConstraints")) &&
	    sc_parse_constraints(&td->cons, &td->ncons, v,
				 jread_kpath(p, path, "placementConstraints"), e) < 0)
		goto out;
	if ((v = json_object_get(j, "failure")) &&
	    parse_failure(td, v, jread_kpath(p, path, "failure"), e) < 0)
		goto out;
	for (int k = 0; k < sc->ntaskdefs; k++)
		if (&sc->taskdefs[k] != td && strcmp(sc->taskdefs[k].family, td->family) == 0 &&
		    sc->taskdefs[k].revision == td->revision) {
			err_set(e, "%s: duplicate task definition %s:%d", path, td->family,
				td->revision);
			goto out;
		}
	rc = 0;
out:
	free(netmode);
	return rc;
}

int sc_parse_taskdefs(scenario *sc, const json_t *arr, ecs_err *e)
{
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	if (jread_array_max(arr, "$.taskDefinitions", SC_MAX_TASKDEFS, "task definitions", e) < 0)
		return -1;
	sc->taskdefs = xcalloc(json_array_size(arr), sizeof(*sc->taskdefs));
	json_array_foreach(arr, i, v) {
		const json_t *td;
		char tdp[JREAD_PATHMAX];
		sc->ntaskdefs++;
		/* an entry may be what describe-task-definition prints (aws.c) */
		if (sc_aws_taskdef(v, jread_ipath(p, "$.taskDefinitions", i), &td, tdp, e) < 0 ||
		    parse_taskdef(sc, &sc->taskdefs[i], td, tdp, e) < 0)
			return -1;
	}
	return 0;
}

/* "family" (latest revision) or "family:revision"; also the ARN form
 * "arn:aws:ecs:...:task-definition/family:revision" that describe-services
 * prints.  An ARN names the revision running in the account: it must match
 * when the scenario gives revisions of the family, and else stands for the
 * family (*family_only: the family is there, not that revision). */
static int find_taskdef(const scenario *sc, const char *ref, int *family_only)
{
	const char *slash = strrchr(ref, '/'), *colon;
	size_t famlen;
	int rev = -1, best = -1, arn = 0, latest = -1, revisions = 0;

	*family_only = 0;
	if (strncmp(ref, "arn:", 4) == 0 && slash) {
		ref = slash + 1;
		arn = 1;
	}
	colon = strrchr(ref, ':');
	if (colon) {
		char *end;
		long r = strtol(colon + 1, &end, 10);
		if (*end || r < 1 || r > INT32_MAX || colon == ref)
			return -1;
		rev = (int)r;
		famlen = (size_t)(colon - ref);
	} else {
		famlen = strlen(ref);
	}
	/* Compared in place: a copy into a fixed buffer cut families longer
	 * than it and they could not be referenced. */
	for (int i = 0; i < sc->ntaskdefs; i++) {
		const char *f = sc->taskdefs[i].family;
		if (strncmp(f, ref, famlen) != 0 || f[famlen] != 0)
			continue;
		if (latest < 0 || sc->taskdefs[i].revision > sc->taskdefs[latest].revision)
			latest = i;
		revisions |= sc->taskdefs[i].revision_given;
		if (rev >= 0 ? sc->taskdefs[i].revision == rev
			     : best < 0 || sc->taskdefs[i].revision > sc->taskdefs[best].revision)
			best = i;
		if (rev >= 0 && best >= 0 && !arn)
			break;
	}
	if (arn && rev >= 0 && best < 0 && latest >= 0) {
		if (!revisions)
			return latest;
		*family_only = 1;
	}
	return best;
}

int sc_resolve_taskdef(const scenario *sc, const json_t *obj, const char *path, int32_t *out,
		       ecs_err *e)
{
	char *ref = NULL;
	char p[JREAD_PATHMAX];
	int family_only;

	if (jread_str(obj, "taskDefinition", path, &ref, 1, e) < 0)
		return -1;
	*out = find_taskdef(sc, ref, &family_only);
	if (*out < 0) {
		if (family_only)
			err_set(e, "%s: no task definition \"%s\" (the scenario gives other "
				"revisions of its family)", jread_kpath(p, path, "taskDefinition"),
				ref);
		else
			err_set(e, "%s: no task definition \"%s\" (define it in $.taskDefinitions)",
				jread_kpath(p, path, "taskDefinition"), ref);
		free(ref);
		return -1;
	}
	free(ref);
	return 0;
}

/* Fargate task sizes: CPU units, then the memory range and step in MiB. */
static const struct { int32_t cpu, lo, hi, step; } fargate_sizes[] = {
	{ 256, 512, 2048, 0 },  /* 512, 1024, 2048 */
	{ 512, 1024, 4096, 1024 },
	{ 1024, 2048, 8192, 1024 },
	{ 2048, 4096, 16384, 1024 },
	{ 4096, 8192, 30720, 1024 },
	{ 8192, 16384, 61440, 4096 },
	{ 16384, 32768, 122880, 8192 },
};

/* A task definition a FARGATE service runs: awsvpc, task-level cpu and
 * memory of a valid Fargate size, no GPUs, compatible. */
int sc_check_fargate(const scenario *sc, int32_t t, const char *path, ecs_err *e)
{
	const sc_taskdef *td = &sc->taskdefs[t];

	if (td->not_fargate > 0)
		return err_set(e, "%s: task definition %s:%d is not compatible with FARGATE (its "
			       "requiresCompatibilities lists no FARGATE)", path, td->family,
			       td->revision);
	if (!td->awsvpc)
		return err_set(e, "%s: task definition %s:%d must use networkMode awsvpc on FARGATE",
			       path, td->family, td->revision);
	if (!td->task_cpu || !td->task_memory)
		return err_set(e, "%s: task definition %s:%d needs task-level cpu and memory on "
			       "FARGATE", path, td->family, td->revision);
	if (td->gpus)
		return err_set(e, "%s: task definition %s:%d asks for GPUs, which FARGATE does not "
			       "offer", path, td->family, td->revision);
	for (size_t i = 0; i < sizeof(fargate_sizes) / sizeof(*fargate_sizes); i++) {
		int32_t lo = fargate_sizes[i].lo, hi = fargate_sizes[i].hi, st = fargate_sizes[i].step;
		if (fargate_sizes[i].cpu != td->cpu)
			continue;
		if (st ? td->memory >= lo && td->memory <= hi && (td->memory - lo) % st == 0
		       : td->memory == 512 || td->memory == 1024 || td->memory == 2048)
			return 0;
		if (st)
			return err_set(e, "%s: task definition %s:%d: %d MiB is not a Fargate size for "
				       "%d CPU units (%d to %d MiB in steps of %d)", path, td->family,
				       td->revision, td->memory, td->cpu, lo, hi, st);
		return err_set(e, "%s: task definition %s:%d: %d MiB is not a Fargate size for %d CPU "
			       "units (512, 1024 or 2048 MiB)", path, td->family, td->revision,
			       td->memory, td->cpu);
	}
	return err_set(e, "%s: task definition %s:%d: %d CPU units is not a Fargate size (256, "
		       "512, 1024, 2048, 4096, 8192 or 16384)", path, td->family, td->revision,
		       td->cpu);
}

/* A task that no instance type could ever hold is a scenario mistake, and
 * so is one whose task definition is not compatible with EC2. */
int sc_check_fits(const scenario *sc, int32_t t, const char *path, ecs_err *e)
{
	const sc_taskdef *td = &sc->taskdefs[t];
	int eni_ok = 0;

	if (td->not_ec2 > 0)
		return err_set(e, "%s: task definition %s:%d is not compatible with EC2 (its "
			       "requiresCompatibilities lists no EC2)", path, td->family, td->revision);

	for (int i = 0; i < sc->ntypes; i++) {
		const sc_instance_type *it = &sc->types[i];
		eni_ok |= sc_task_enis(sc, it) >= 1;
		if (it->cpu >= td->cpu && it->memory >= td->memory && it->gpus >= td->gpus &&
		    (!td->awsvpc || sc_task_enis(sc, it) >= 1))
			return 0;
	}
	if (td->awsvpc && !eni_ok)
		return err_set(e, "%s: task definition %s:%d uses awsvpc networking, which needs an "
			       "ENI per task, but every instance type has enis <= 1 (the primary "
			       "ENI is the instance's own)", path, td->family, td->revision);
	if (td->gpus)
		return err_set(e, "%s: task definition %s:%d needs %d CPU units, %d MiB and %d "
			       "GPU%s but no instance type is that large", path, td->family,
			       td->revision, td->cpu, td->memory, td->gpus, td->gpus > 1 ? "s" : "");
	return err_set(e, "%s: task definition %s:%d needs %d CPU units and %d MiB but no "
		       "instance type is that large", path, td->family, td->revision, td->cpu,
		       td->memory);
}

void sc_taskdefs_destroy(scenario *sc)
{
	for (int i = 0; i < sc->ntaskdefs; i++) {
		sc_taskdef *td = &sc->taskdefs[i];
		sc_placement pl = { .cons = td->cons, .ncons = td->ncons };
		free(td->family);
		free(td->ports);
		for (size_t k = 0; k < td->ncontainers; k++)
			free(td->containers[k]);
		free(td->containers);
		for (int k = 0; k < td->nimages; k++)
			free(td->image_names[k]);
		free(td->image_names);
		free(td->images);
		free(td->path);
		dist_destroy(&td->crash);
		sc_placement_destroy(&pl);
	}
	free(sc->taskdefs);
}
