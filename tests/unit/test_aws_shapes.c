/* test_aws_shapes.c - what the AWS CLI prints loads as printed: the outputs
 * of describe-task-definition, describe-services and
 * describe-capacity-providers (tests/data/aws/), task definitions named by
 * ARN, and the requiresCompatibilities rule for every launch type and
 * capacity provider strategy. */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/support/units.h"

static json_t *data(const char *name)
{
	char path[1100];
	json_t *j;

	snprintf(path, sizeof(path), "%s/tests/data/aws/%s", test_srcdir(), name);
	j = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);
	if (!j)
		fprintf(stderr, "  cannot read %s\n", path);
	return j;
}

/* Loads root (and builds the model, as 'ecsim validate' does); 0 or -1
 * with the message, less the file name, in msg. */
static int load(json_t *root, scenario *sc, char *msg, size_t n)
{
	char path[1100];
	ecs_err e = { 0 };
	sim *s;
	int rc;

	snprintf(path, sizeof(path), "%s/s.json", test_tmpdir());
	json_dump_file(root, path, JSON_INDENT(1));
	rc = scenario_load(sc, path, NULL, 0, &e);
	if (rc == 0) {
		s = sim_new();
		rc = sim_init(s, sc, NULL, NULL, &e);
		sim_free(s);
		if (rc < 0)
			scenario_destroy(sc);
	}
	snprintf(msg, n, "%s", rc < 0 ? e.msg + strlen(path) + 2 : "");
	return rc;
}

static const sc_service *service(const scenario *sc, const char *name)
{
	for (int i = 0; i < sc->nservices; i++)
		if (strcmp(sc->services[i].name, name) == 0)
			return &sc->services[i];
	return NULL;
}

/* tests/data/aws/pasted.json: a scenario into which the three outputs were
 * pasted as printed.  It loads, and each value lands where the native
 * keys would put it; the read-only keys change nothing. */
TEST(test_aws_pasted_outputs_load_and_run)
{
	json_t *root = data("pasted.json");
	const sc_service *web, *api, *worker, *agent;
	char msg[2048], *text;
	scenario sc;
	sim *s;

	CHECK(root != NULL);
	if (load(root, &sc, msg, sizeof(msg)) < 0) {
		json_decref(root);
		TEST_FAILED("%s", msg);
	}
	json_decref(root);
	CHECK_EQ(sc.ntaskdefs, 4);
	CHECK_STR(sc.taskdefs[0].family, "web-app");
	CHECK_EQ(sc.taskdefs[0].revision, 7);
	CHECK_EQ(sc.taskdefs[0].memory, 768 + 50);
	CHECK_EQ(sc.taskdefs[0].ncons, 1);
	CHECK_STR(sc.taskdefs[1].family, "api");
	CHECK_EQ(sc.taskdefs[1].revision, 12);
	CHECK_EQ(sc.taskdefs[1].cpu, 512);
	CHECK_EQ(sc.taskdefs[1].memory, 1024);
	CHECK_EQ(sc.taskdefs[1].nports, 0); /* awsvpc binds no host port */
	CHECK_EQ(sc.taskdefs[1].stop_timeout, 60 * USEC_PER_SEC);
	/* both launch types: the dual list no longer loses its first entry */
	CHECK_EQ(sc.taskdefs[1].not_ec2, -1);
	CHECK_EQ(sc.taskdefs[1].not_fargate, -1);

	CHECK_EQ(sc.nproviders, 4);
	CHECK_STR(sc.providers[0], "web-asg-cp");
	CHECK_STR(sc.providers[3], "FARGATE_SPOT");
	CHECK_EQ(sc.nasgs, 1);
	/* managedScaling as describe-capacity-providers printed it */
	CHECK_EQ(sc.asgs[0].target, 90);
	CHECK_EQ(sc.asgs[0].min_step, 1);
	CHECK_EQ(sc.asgs[0].max_step, 10);
	CHECK_EQ(sc.asgs[0].warmup, 180 * USEC_PER_SEC);
	CHECK_EQ(sc.asgs[0].min_size, 3);
	CHECK_EQ(sc.asgs[0].max_size, 12);

	CHECK_EQ(sc.nservices, 4);
	CHECK((web = service(&sc, "web")) && (api = service(&sc, "api")) &&
	      (worker = service(&sc, "worker")) && (agent = service(&sc, "log-agent")));
	CHECK_STR(web->path, "$.services.services[0]");
	CHECK_EQ(web->taskdef, 0);
	CHECK_EQ(web->desired, 6);
	CHECK_EQ(web->ncps, 1);
	CHECK_EQ(web->cps[0].provider, 0);
	CHECK(!web->fargate);
	CHECK_EQ(web->place.nsteps, 2);
	CHECK_STR(web->place.steps[1].type, "binpack");
	CHECK(web->lb && web->breaker && web->rollback);
	CHECK_EQ(web->grace, 120 * USEC_PER_SEC);
	CHECK(api->fargate);
	CHECK_EQ(api->taskdef, 1);
	CHECK_EQ(api->min_healthy_pct, 75);
	CHECK_EQ(api->max_pct, 150);
	/* "worker:31" by ARN: the scenario's worker gives no revision */
	CHECK_STR(sc.taskdefs[worker->taskdef].family, "worker");
	CHECK(worker->fargate);
	CHECK_EQ(worker->ncps, 2);
	CHECK_EQ(worker->cps[0].base, 2);
	CHECK_EQ(worker->cps[1].kind, SC_CP_FARGATE_SPOT);
	CHECK_EQ(worker->cps[1].weight, 3);
	/* DAEMON: the printed desiredCount (3 instances then) is not read */
	CHECK(agent->daemon);
	CHECK_EQ(agent->desired, 0);
	CHECK_EQ(agent->max_pct, 100);
	CHECK_EQ(agent->place.nsteps, 0);
	scenario_destroy(&sc);

	/* and it runs, invariants checked after every event */
	snprintf(msg, sizeof(msg), "%s/tests/data/aws/pasted.json", test_srcdir());
	text = calloc(1, 1 << 20);
	test_slurp(msg, text, 1 << 20);
	s = sim_new();
	if (test_start(s, &sc, NULL, text, NULL) < 0 || test_run_to(s, 2 * 3600 * USEC_PER_SEC) < 0) {
		free(text);
		sim_free(s);
		scenario_destroy(&sc);
		TEST_FAILED("the pasted scenario does not run");
	}
	free(text);
	sim_free(s);
	scenario_destroy(&sc);
}

static json_t *base(void)
{
	return json_loads(
		"{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		" \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192, \"enis\": 4}],"
		" \"instances\": [{\"instanceType\": \"m\", \"count\": 2, \"capacityProvider\": \"asg\"}],"
		" \"capacityProviders\": [\"asg\", \"FARGATE\", \"FARGATE_SPOT\"]},"
		" \"taskDefinitions\": [], \"services\": []}", 0, NULL);
}

/* The describe-task-definition output and the task definition inside it
 * load alike; its tags are not read. */
TEST(test_aws_describe_task_definition_output_is_the_definition)
{
	json_t *a = base(), *b = base(), *out = data("describe-task-definition-api.json");
	scenario sa, sb;
	char msg[2048];

	CHECK(out != NULL);
	json_array_append(json_object_get(a, "taskDefinitions"), out);
	json_array_append(json_object_get(b, "taskDefinitions"),
			  json_object_get(out, "taskDefinition"));
	json_decref(out);
	if (load(a, &sa, msg, sizeof(msg)) < 0 || load(b, &sb, msg, sizeof(msg)) < 0) {
		json_decref(a), json_decref(b);
		TEST_FAILED("%s", msg);
	}
	json_decref(a);
	json_decref(b);
	CHECK_STR(sa.taskdefs[0].path, "$.taskDefinitions[0].taskDefinition");
	CHECK_STR(sb.taskdefs[0].path, "$.taskDefinitions[0]");
	CHECK_STR(sa.taskdefs[0].family, sb.taskdefs[0].family);
	CHECK_EQ(sa.taskdefs[0].revision, sb.taskdefs[0].revision);
	CHECK_EQ(sa.taskdefs[0].cpu, sb.taskdefs[0].cpu);
	CHECK_EQ(sa.taskdefs[0].memory, sb.taskdefs[0].memory);
	CHECK_EQ(sa.taskdefs[0].awsvpc, 1);
	CHECK_EQ(sa.taskdefs[0].hc_healthy_after, sb.taskdefs[0].hc_healthy_after);
	CHECK_EQ(sa.taskdefs[0].hc_unhealthy_after, sb.taskdefs[0].hc_unhealthy_after);
	CHECK_EQ(sa.taskdefs[0].not_ec2, sb.taskdefs[0].not_ec2);
	scenario_destroy(&sa);
	scenario_destroy(&sb);
}

/* requiresCompatibilities against every way a task reaches EC2 or
 * FARGATE.  A launch type may run the definition when the list names it,
 * in any order; no list (or an empty one) allows both; EXTERNAL (ECS
 * Anywhere) and MANAGED_INSTANCES allow neither by themselves. */
TEST(test_aws_requires_compatibilities_matrix)
{
	static const struct { const char *list; int ec2, fargate; } lists[] = {
		{ NULL, 1, 1 },
		{ "[]", 1, 1 },
		{ "[\"EC2\"]", 1, 0 },
		{ "[\"FARGATE\"]", 0, 1 },
		{ "[\"EC2\", \"FARGATE\"]", 1, 1 },
		{ "[\"FARGATE\", \"EC2\"]", 1, 1 },
		{ "[\"EXTERNAL\"]", 0, 0 },
		{ "[\"EC2\", \"EXTERNAL\"]", 1, 0 },
		{ "[\"EXTERNAL\", \"FARGATE\"]", 0, 1 },
		{ "[\"MANAGED_INSTANCES\"]", 0, 0 },
		{ "[\"FARGATE\", \"MANAGED_INSTANCES\", \"EC2\"]", 1, 1 },
	};
	/* how the task gets its launch type: a service (launchType, none, a
	 * strategy, the cluster's default strategy) or a workload */
	static const struct { const char *what, *svc; int fargate, deflt; } users[] = {
		{ "launchType EC2", "\"launchType\": \"EC2\"", 0, 0 },
		{ "launchType FARGATE", "\"launchType\": \"FARGATE\"", 1, 0 },
		{ "no launch type", NULL, 0, 0 },
		{ "Auto Scaling group strategy",
		  "\"capacityProviderStrategy\": [{\"capacityProvider\": \"asg\", \"weight\": 1}]", 0,
		  0 },
		{ "FARGATE strategy",
		  "\"capacityProviderStrategy\": [{\"capacityProvider\": \"FARGATE\", \"base\": 1,"
		  " \"weight\": 1}, {\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 2}]", 1, 0 },
		{ "default FARGATE_SPOT strategy", NULL, 1, 1 },
		{ "workload", "workload", 0, 0 },
	};

	for (size_t l = 0; l < sizeof(lists) / sizeof(*lists); l++)
		for (size_t u = 0; u < sizeof(users) / sizeof(*users); u++) {
			json_t *root = base(), *td, *cl = json_object_get(root, "cluster");
			int workload = users[u].svc && strcmp(users[u].svc, "workload") == 0;
			int want = users[u].fargate ? lists[l].fargate : lists[l].ec2;
			char text[1024], msg[2048], expect[512];
			scenario sc;
			int rc;

			td = json_loads("{\"family\": \"t\", \"networkMode\": \"awsvpc\", \"cpu\": \"256\","
					" \"memory\": \"512\", \"containerDefinitions\": [{\"name\": \"c\"}]}",
					0, NULL);
			if (lists[l].list)
				json_object_set_new(td, "requiresCompatibilities",
						    json_loads(lists[l].list, 0, NULL));
			json_array_append_new(json_object_get(root, "taskDefinitions"), td);
			if (users[u].deflt)
				json_object_set_new(cl, "defaultCapacityProviderStrategy", json_loads(
					"[{\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 1}]", 0,
					NULL));
			if (workload) {
				json_object_set_new(root, "workloads", json_loads(
					"[{\"name\": \"w\", \"taskDefinition\": \"t\", \"arrival\": "
					"{\"type\": \"poisson\", \"rate\": 1}, \"duration\": 10}]", 0, NULL));
			} else {
				snprintf(text, sizeof(text), "{\"serviceName\": \"s\", \"taskDefinition\": "
					 "\"t\", \"desiredCount\": 2%s%s}", users[u].svc ? ", " : "",
					 users[u].svc ? users[u].svc : "");
				json_array_append_new(json_object_get(root, "services"),
						      json_loads(text, 0, NULL));
			}
			rc = load(root, &sc, msg, sizeof(msg));
			json_decref(root);
			if (rc == 0)
				scenario_destroy(&sc);
			snprintf(expect, sizeof(expect), "%s: task definition t:1 is not compatible with "
				 "%s (its requiresCompatibilities lists no %s)",
				 workload ? "$.workloads[0]" : "$.services[0]",
				 users[u].fargate ? "FARGATE" : "EC2", users[u].fargate ? "FARGATE" : "EC2");
			if (want && rc < 0)
				TEST_FAILED("requiresCompatibilities %s, %s: refused: %s",
					    lists[l].list ? lists[l].list : "absent", users[u].what, msg);
			if (!want && rc == 0)
				TEST_FAILED("requiresCompatibilities %s, %s: accepted",
					    lists[l].list ? lists[l].list : "absent", users[u].what);
			if (!want)
				CHECK_STR(msg, expect);
		}
}

/* Services name task definitions by ARN, as describe-services prints them:
 * the revision must match where the scenario gives revisions of the
 * family, and else the ARN stands for the family.  family:revision stays
 * exact. */
TEST(test_aws_task_definition_arn)
{
	static const struct { const char *defs, *ref; int want_rev; const char *err; } cases[] = {
		{ "[{\"family\": \"t\", FIX}]", "arn:aws:ecs:us-east-1:123456789012:task-definition/t:31",
		  1, NULL },
		{ "[{\"family\": \"t\", \"revision\": 31, FIX}]",
		  "arn:aws:ecs:us-east-1:123456789012:task-definition/t:31", 31, NULL },
		{ "[{\"family\": \"t\", \"revision\": 30, FIX}, {\"family\": \"t\", \"revision\": 31, FIX}]",
		  "arn:aws:ecs:us-east-1:123456789012:task-definition/t:30", 30, NULL },
		{ "[{\"family\": \"t\", \"revision\": 30, FIX}]",
		  "arn:aws:ecs:us-east-1:123456789012:task-definition/t:31", 0,
		  "$.services[0].taskDefinition: no task definition "
		  "\"arn:aws:ecs:us-east-1:123456789012:task-definition/t:31\" (the scenario gives "
		  "other revisions of its family)" },
		{ "[{\"family\": \"t\", FIX}]", "arn:aws:ecs:us-east-1:123456789012:task-definition/u:1", 0,
		  "$.services[0].taskDefinition: no task definition "
		  "\"arn:aws:ecs:us-east-1:123456789012:task-definition/u:1\" (define it in "
		  "$.taskDefinitions)" },
		{ "[{\"family\": \"t\", FIX}]", "t:31", 0,
		  "$.services[0].taskDefinition: no task definition \"t:31\" (define it in "
		  "$.taskDefinitions)" },
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++) {
		json_t *root = base();
		char defs[512], svc[512], msg[2048], *fix;
		scenario sc;

		snprintf(defs, sizeof(defs), "%s", cases[k].defs);
		while ((fix = strstr(defs, "FIX"))) {
			char rest[512];
			snprintf(rest, sizeof(rest), "%s", fix + 3);
			snprintf(fix, sizeof(defs) - (size_t)(fix - defs),
				 "\"containerDefinitions\": [{\"name\": \"c\", \"memory\": 64}]%s", rest);
		}
		json_object_set_new(root, "taskDefinitions", json_loads(defs, 0, NULL));
		snprintf(svc, sizeof(svc), "{\"serviceName\": \"s\", \"taskDefinition\": \"%s\", "
			 "\"desiredCount\": 1}", cases[k].ref);
		json_array_append_new(json_object_get(root, "services"), json_loads(svc, 0, NULL));
		if (load(root, &sc, msg, sizeof(msg)) < 0) {
			json_decref(root);
			if (!cases[k].err)
				TEST_FAILED("%s: %s", cases[k].ref, msg);
			CHECK_STR(msg, cases[k].err);
			continue;
		}
		json_decref(root);
		if (cases[k].err) {
			scenario_destroy(&sc);
			TEST_FAILED("%s: loaded", cases[k].ref);
		}
		CHECK_EQ(sc.taskdefs[sc.services[0].taskdef].revision, cases[k].want_rev);
		scenario_destroy(&sc);
	}
}

/* The CLI describes at most 10 services a call: $.services may mix
 * services and several outputs, in order, and messages name the path
 * inside the output. */
TEST(test_aws_services_outputs_in_an_array)
{
	json_t *root = base(), *arr = json_array();
	char msg[2048];
	scenario sc;

	json_array_append_new(json_object_get(root, "taskDefinitions"), json_loads(
		"{\"family\": \"t\", \"containerDefinitions\": [{\"name\": \"c\", \"memory\": 64}]}", 0,
		NULL));
	json_array_append_new(arr, json_loads(
		"{\"services\": [{\"serviceName\": \"a\", \"taskDefinition\": \"t\", \"desiredCount\": 1,"
		" \"serviceArn\": \"arn:aws:ecs:us-east-1:1:service/c/a\", \"status\": \"ACTIVE\","
		" \"runningCount\": 1, \"pendingCount\": 0, \"events\": []},"
		" {\"serviceName\": \"b\", \"taskDefinition\": \"t\", \"desiredCount\": 2}],"
		" \"failures\": [{\"arn\": \"arn:aws:ecs:us-east-1:1:service/c/gone\", \"reason\": \"MISSING\"}]}",
		0, NULL));
	json_array_append_new(arr, json_loads(
		"{\"serviceName\": \"c\", \"taskDefinition\": \"t\", \"desiredCount\": 3}", 0, NULL));
	json_array_append_new(arr, json_loads(
		"{\"services\": [{\"serviceName\": \"d\", \"taskDefinition\": \"t\", \"desiredCount\": 4}],"
		" \"failures\": []}", 0, NULL));
	json_object_set_new(root, "services", arr);
	if (load(root, &sc, msg, sizeof(msg)) < 0) {
		json_decref(root);
		TEST_FAILED("%s", msg);
	}
	CHECK_EQ(sc.nservices, 4);
	CHECK_STR(sc.services[0].path, "$.services[0].services[0]");
	CHECK_STR(sc.services[1].name, "b");
	CHECK_STR(sc.services[2].path, "$.services[1]");
	CHECK_STR(sc.services[3].path, "$.services[2].services[0]");
	CHECK_EQ(sc.services[3].desired, 4);
	scenario_destroy(&sc);

	json_object_set_new(json_array_get(json_object_get(json_array_get(arr, 2), "services"), 0),
			    "desiredCount", json_string("four"));
	CHECK(load(root, &sc, msg, sizeof(msg)) < 0);
	json_decref(root);
	CHECK_STR(msg, "$.services[2].services[0].desiredCount: must be an integer, not a string");
}

/* A DAEMON service shows a desiredCount and an empty placementStrategy in
 * describe-services: read-only there, but still refused where the user
 * writes them. */
TEST(test_aws_daemon_printed_and_written)
{
	static const char *const svc =
		"{\"serviceName\": \"d\", \"taskDefinition\": \"t\", \"schedulingStrategy\": \"DAEMON\","
		" \"launchType\": \"EC2\", \"desiredCount\": 2, \"placementStrategy\": [],"
		" \"placementConstraints\": [{\"type\": \"memberOf\", \"expression\":"
		" \"attribute:ecs.availability-zone == a\"}]}";
	json_t *root = base(), *out = json_object();
	char msg[2048];
	scenario sc;

	json_array_append_new(json_object_get(root, "taskDefinitions"), json_loads(
		"{\"family\": \"t\", \"containerDefinitions\": [{\"name\": \"c\", \"memory\": 64}]}", 0,
		NULL));
	json_object_set_new(out, "services", json_pack("[o]", json_loads(svc, 0, NULL)));
	json_object_set_new(out, "failures", json_array());
	json_object_set_new(root, "services", out);
	if (load(root, &sc, msg, sizeof(msg)) < 0) {
		json_decref(root);
		TEST_FAILED("%s", msg);
	}
	CHECK(sc.services[0].daemon);
	CHECK_EQ(sc.services[0].place.ncons, 1);
	CHECK_EQ(sc.services[0].place.given, 0);
	scenario_destroy(&sc);

	json_object_set_new(root, "services", json_pack("[o]", json_loads(svc, 0, NULL)));
	CHECK(load(root, &sc, msg, sizeof(msg)) < 0);
	CHECK_STR(msg, "$.services[0].desiredCount: not allowed with schedulingStrategy DAEMON (one "
		  "task per instance)");
	/* a printed DAEMON with a strategy is still refused */
	json_object_set_new(root, "services", json_pack("{s:[o]}", "services", json_loads(svc, 0,
											      NULL)));
	json_object_set_new(json_array_get(json_object_get(json_object_get(root, "services"),
							   "services"), 0),
			    "placementStrategy", json_loads("[{\"type\": \"random\"}]", 0, NULL));
	CHECK(load(root, &sc, msg, sizeof(msg)) < 0);
	json_decref(root);
	CHECK_STR(msg, "$.services.services[0].placementStrategy: not allowed with "
		  "schedulingStrategy DAEMON (one task per instance)");
}

/* A capacity provider printed by describe-capacity-providers gives its
 * managed scaling to the autoScalingGroupProviders entry that names it;
 * the entry's own keys win. */
TEST(test_aws_printed_provider_managed_scaling)
{
	json_t *root = base(), *cl = json_object_get(root, "cluster"), *out, *entry;
	char msg[2048];
	scenario sc;

	out = data("describe-capacity-providers.json");
	CHECK(out != NULL);
	/* the first printed provider is web-asg-cp */
	json_object_set_new(cl, "capacityProviders", out);
	json_object_set_new(cl, "instances", json_loads(
		"[{\"instanceType\": \"m\", \"count\": 2, \"capacityProvider\": \"web-asg-cp\"}]", 0,
		NULL));
	entry = json_loads("{\"capacityProvider\": \"web-asg-cp\", \"minSize\": 1, \"maxSize\": 8}",
			   0, NULL);
	json_object_set_new(cl, "autoScalingGroupProviders", json_pack("[o]", entry));
	if (load(root, &sc, msg, sizeof(msg)) < 0) {
		json_decref(root);
		TEST_FAILED("%s", msg);
	}
	CHECK_EQ(sc.asgs[0].target, 90);
	CHECK_EQ(sc.asgs[0].max_step, 10);
	CHECK_EQ(sc.asgs[0].warmup, 180 * USEC_PER_SEC);
	scenario_destroy(&sc);

	json_object_set_new(entry, "managedScaling", json_loads("{\"targetCapacity\": 75}", 0, NULL));
	if (load(root, &sc, msg, sizeof(msg)) < 0) {
		json_decref(root);
		TEST_FAILED("%s", msg);
	}
	CHECK_EQ(sc.asgs[0].target, 75);
	CHECK_EQ(sc.asgs[0].max_step, 10000);
	scenario_destroy(&sc);

	/* a managed group without an entry would be simulated as a fixed one */
	json_object_del(cl, "autoScalingGroupProviders");
	CHECK(load(root, &sc, msg, sizeof(msg)) < 0);
	json_decref(root);
	CHECK_STR(msg, "$.cluster.capacityProviders.capacityProviders[0].autoScalingGroupProvider"
		  ".managedScaling: ENABLED, so ECS scales the group of \"web-asg-cp\": give it an "
		  "entry in $.cluster.autoScalingGroupProviders with the group's minSize and maxSize "
		  "(describe-capacity-providers does not print them) and its instances in "
		  "$.cluster.instances");
}
