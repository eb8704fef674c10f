/* test_import.c - `ecsim import`: CloudFormation templates (tests/data/cfn/)
 * into scenarios.  The same template as YAML and JSON gives the same
 * scenario; a template with nothing left to fill in validates; what the
 * template does not determine becomes a placeholder, listed with its path
 * and refused by the loader; YAML short forms read as their long forms. */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/scenario/import.h"
#include "sim/scenario/yamlread.h"

static int ecsim(const char *args)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "'%s' %s", test_ecsim(), args);
	return test_run(test_srcdir(), cmd);
}

static int import(const char *name, const import_opts *o, import_result *r, ecs_err *e)
{
	char path[1100];

	snprintf(path, sizeof(path), "%s/tests/data/cfn/%s", test_srcdir(), name);
	return import_template(path, o, r, e);
}

/* Loads the scenario j (with sets) and builds the model; 0, or -1 with the
 * message less the file name in msg. */
static int validate(const json_t *j, char *const *sets, int nsets, char *msg, size_t n)
{
	char path[1100];
	ecs_err e = { 0 };
	scenario sc;
	sim *s;
	int rc;

	snprintf(path, sizeof(path), "%s/imported.json", test_tmpdir());
	json_dump_file(j, path, JSON_INDENT(2));
	rc = scenario_load(&sc, path, sets, nsets, &e);
	if (rc == 0) {
		s = sim_new();
		rc = sim_init(s, &sc, NULL, NULL, &e);
		sim_free(s);
		scenario_destroy(&sc);
	}
	snprintf(msg, n, "%s", rc < 0 ? (strncmp(e.msg, path, strlen(path)) == 0 ?
					 e.msg + strlen(path) + 2 : e.msg) : "");
	return rc;
}

static const json_t *at(const json_t *j, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && j; k = strtok_r(NULL, ".", &save))
		j = json_is_array(j) ? json_array_get(j, (size_t)atoi(k)) : json_object_get(j, k);
	return j;
}

static int fill_at(const import_result *r, const char *path, const char *text)
{
	for (int i = 0; i < r->nfills; i++)
		if (strcmp(r->fills[i].path, path) == 0 && strstr(r->fills[i].text, text))
			return 1;
	return 0;
}

/* fargate-web.yaml and fargate-web.json are one template: the same
 * scenario (the description names the file), the same report, and, with
 * nothing to fill in, a valid scenario. */
TEST(test_import_yaml_and_json_give_the_same_scenario)
{
	import_result y, j;
	ecs_err e = { 0 };
	char msg[2048];

	if (import("fargate-web.yaml", NULL, &y, &e) < 0)
		TEST_FAILED("%s", e.msg);
	if (import("fargate-web.json", NULL, &j, &e) < 0) {
		import_result_destroy(&y);
		TEST_FAILED("%s", e.msg);
	}
	CHECK(strstr(json_string_value(json_object_get(y.scenario, "description")), ".yaml"));
	json_object_del(y.scenario, "description");
	json_object_del(j.scenario, "description");
	CHECK(json_equal(y.scenario, j.scenario));
	CHECK_EQ(y.nfills, 0);
	CHECK_EQ(j.nfills, 0);
	CHECK_EQ(y.nnotes, j.nnotes);
	for (int i = 0; i < y.nnotes && i < j.nnotes; i++) {
		CHECK_STR(y.notes[i].path, j.notes[i].path);
		CHECK_STR(y.notes[i].text, j.notes[i].text);
	}
	/* what the template says, where the scenario wants it */
	CHECK_STR(json_string_value(at(y.scenario, "name")), "fargate-web");
	CHECK_STR(json_string_value(at(y.scenario, "cluster.availabilityZones.2")), "us-east-1c");
	CHECK_STR(json_string_value(at(y.scenario, "cluster.capacityProviders.1")), "FARGATE_SPOT");
	CHECK_STR(json_string_value(at(y.scenario, "taskDefinitions.0.family")), "prod-web");
	CHECK_STR(json_string_value(at(y.scenario, "taskDefinitions.1.cpu")), "1024");
	CHECK_STR(json_string_value(at(y.scenario, "services.0.taskDefinition")), "prod-web");
	CHECK_EQ(json_integer_value(at(y.scenario, "services.0.desiredCount")), 4);
	CHECK_EQ(json_integer_value(at(y.scenario, "services.0.autoScaling.maxCapacity")), 12);
	CHECK_EQ(json_integer_value(at(y.scenario, "services.0.containerPort")), 0);
	CHECK_EQ(json_integer_value(at(y.scenario, "services.0.loadBalancers.0.containerPort")),
		 8080);
	CHECK(json_is_true(at(y.scenario,
			      "services.0.deploymentConfiguration.deploymentCircuitBreaker.rollback")));
	/* Fn::FindInMap and Fn::If over the template's condition */
	CHECK_EQ(json_integer_value(at(y.scenario, "services.1.desiredCount")), 6);
	CHECK_STR(json_string_value(at(y.scenario,
				       "services.1.capacityProviderStrategy.1.capacityProvider")),
		  "FARGATE_SPOT");
	if (validate(y.scenario, NULL, 0, msg, sizeof(msg)) < 0) {
		import_result_destroy(&y);
		import_result_destroy(&j);
		TEST_FAILED("the imported scenario does not validate: %s", msg);
	}
	import_result_destroy(&y);
	import_result_destroy(&j);
}

/* The command: a realistic template, imported, then 'ecsim validate'd. */
TEST(test_import_then_validate)
{
	char args[2048], dir[1100];

	snprintf(dir, sizeof(dir), "%s", test_tmpdir());
	snprintf(args, sizeof(args), "import tests/data/cfn/fargate-web.yaml -o '%s/web.json'",
		 dir);
	CHECK_EQ(ecsim(args), 0);
	CHECK_STR(test_out, "");
	CHECK(strstr(test_err, "the scenario is in "));
	CHECK(!strstr(test_err, "to fill in"));
	CHECK(strstr(test_err, "Parameters.WebDesiredCount: Ref WebDesiredCount takes the "
		      "parameter's default, 4"));
	snprintf(args, sizeof(args), "validate '%s/web.json'", dir);
	CHECK_EQ(ecsim(args), 0);
	CHECK(strstr(test_out, ": ok (fargate-web: 0 hosts in 3 zones, 2 task definitions, "
		     "2 services"));
	/* to stdout when -o is not given */
	CHECK_EQ(ecsim("import tests/data/cfn/fargate-web.json"), 0);
	CHECK(strncmp(test_out, "{\n  \"name\": \"fargate-web\",", 26) == 0);
	CHECK(strstr(test_err, "the scenario is on stdout"));
}

/* An EC2 cluster: the Auto Scaling group behind the capacity provider, its
 * launch template's instance type, managed scaling, target tracking and
 * step scaling with its alarm.  What the template cannot say is asked
 * for: the zones (its subnets are parameters), the registered size of the
 * instance type, the load the policies react to. */
TEST(test_import_ec2_cluster)
{
	static char *const sets[] = {
		"cluster.availabilityZones=[\"us-east-1a\", \"us-east-1b\", \"us-east-1c\"]",
		"cluster.instanceTypes[0].cpu=4096",
		"cluster.instanceTypes[0].memory=15700",
		"services.orders-api.demand={\"type\": \"diurnal\", \"trough\": 100, \"peak\": 900,"
		" \"capacityPerTask\": 120}",
	};
	import_result r;
	ecs_err e = { 0 };
	const json_t *sc;
	char msg[2048];

	if (import("ec2-cluster.yaml", NULL, &r, &e) < 0)
		TEST_FAILED("%s", e.msg);
	sc = r.scenario;
	CHECK_EQ(r.nfills, 4);
	CHECK(fill_at(&r, "Resources.AutoScalingGroup.Properties.VPCZoneIdentifier",
		      "the cluster's Availability Zones"));
	CHECK(fill_at(&r, "Resources.LaunchTemplate.Properties.LaunchTemplateData.InstanceType",
		      "the CPU units one m6i.xlarge registers with ECS"));
	CHECK(fill_at(&r, "Resources.LaunchTemplate.Properties.LaunchTemplateData.InstanceType",
		      "the MiB of memory one m6i.xlarge registers"));
	CHECK(fill_at(&r, "Resources.ApiService", "the load on service orders-api"));
	CHECK_STR(json_string_value(at(sc, "cluster.instanceTypes.0.name")), "m6i.xlarge");
	CHECK_STR(json_string_value(at(sc, "cluster.instances.0.capacityProvider")),
		  "prod-orders-asg");
	CHECK_EQ(json_integer_value(at(sc, "cluster.instances.0.count")), 3);
	CHECK_EQ(json_integer_value(at(sc, "cluster.autoScalingGroupProviders.0.minSize")), 2);
	CHECK_EQ(json_integer_value(at(sc, "cluster.autoScalingGroupProviders.0.maxSize")), 20);
	CHECK_EQ(json_integer_value(at(sc, "cluster.autoScalingGroupProviders.0.managedScaling."
					   "targetCapacity")), 90);
	CHECK_STR(json_string_value(at(sc, "cluster.defaultCapacityProviderStrategy.0."
					   "capacityProvider")), "prod-orders-asg");
	CHECK_STR(json_string_value(at(sc, "services.0.placementStrategy.1.field")), "memory");
	CHECK_STR(json_string_value(at(sc, "services.0.autoScaling.targetTracking.0.metric")),
		  "ECSServiceAverageCPUUtilization");
	CHECK_STR(json_string_value(at(sc, "services.0.autoScaling.stepScaling.0.metric")),
		  "ECSServiceAverageMemoryUtilization");
	CHECK_EQ(json_integer_value(at(sc, "services.0.autoScaling.stepScaling.0.threshold")), 80);
	CHECK_EQ(json_integer_value(at(sc, "services.0.autoScaling.stepScaling.0."
					   "stepAdjustments.1.scalingAdjustment")), 4);
	CHECK_STR(json_string_value(at(sc, "services.1.schedulingStrategy")), "DAEMON");
	CHECK(!at(sc, "services.1.desiredCount"));
	/* refused as it is, at the first placeholder */
	CHECK(validate(sc, NULL, 0, msg, sizeof(msg)) < 0);
	CHECK_STR(msg, "$.cluster.availabilityZones[0]: a value to fill in, left by ecsim import: "
		  "<<FILL IN: the cluster's Availability Zones, one string each (subnets the "
		  "template does not define)>>");
	/* and valid once they are given */
	if (validate(sc, sets, 4, msg, sizeof(msg)) < 0) {
		import_result_destroy(&r);
		TEST_FAILED("filled in, still refused: %s", msg);
	}
	import_result_destroy(&r);
}

/* Intrinsics import cannot evaluate become placeholders, each on stderr
 * with its template path; --parameter and --region resolve theirs. */
TEST(test_import_unresolved_intrinsics)
{
	char args[2048], dir[1100];

	snprintf(dir, sizeof(dir), "%s", test_tmpdir());
	snprintf(args, sizeof(args), "import tests/data/cfn/unresolved.yaml -o '%s/p.json'",
		 dir);
	CHECK_EQ(ecsim(args), 0);
	CHECK(strstr(test_err, "5 values to fill in"));
	CHECK(strstr(test_err, "\n  Resources.PaymentsTaskDefinition.Properties.Memory: "
		      "Fn::ImportValue payments-task-memory (an export of another stack)\n"));
	CHECK(strstr(test_err, "\n  Resources.PaymentsTaskDefinition.Properties."
		      "ContainerDefinitions[0].PortMappings[0].ContainerPort: Fn::GetAtt "
		      "PaymentsConfig.Port (PaymentsConfig is not a resource of this template)\n"));
	CHECK(strstr(test_err, "\n  Resources.PaymentsService.Properties.DesiredCount: Ref "
		      "DesiredCount (a parameter without a default; give --parameter "
		      "DesiredCount=VALUE)\n"));
	CHECK(strstr(test_err, "\n  Resources.PaymentsService.Properties.DeploymentConfiguration."
		      "MaximumPercent: Fn::If InMainRegion (the condition cannot be evaluated: Ref "
		      "AWS::Region (give --region))\n"));
	/* only where a value is needed: the image and the cluster are not */
	CHECK(!strstr(test_err, "execution-role"));
	CHECK(!strstr(test_err, "-cluster"));
	snprintf(args, sizeof(args), "validate '%s/p.json'", dir);
	CHECK_EQ(ecsim(args), 1);
	CHECK(strstr(test_err, "p.json: $.cluster.availabilityZones[0]: a value to fill in, left "
		      "by ecsim import: <<FILL IN: the cluster's Availability Zones"));

	snprintf(args, sizeof(args), "import tests/data/cfn/unresolved.yaml -p DesiredCount=3 "
		 "--region us-east-1 -o '%s/p.json'", dir);
	CHECK_EQ(ecsim(args), 0);
	CHECK(strstr(test_err, "3 values to fill in"));
	snprintf(args, sizeof(args), "%s/p.json", dir);
	{
		json_t *j = json_load_file(args, 0, NULL);
		CHECK(j != NULL);
		CHECK_EQ(json_integer_value(at(j, "services.0.desiredCount")), 3);
		CHECK_EQ(json_integer_value(at(j, "services.0.deploymentConfiguration."
						  "maximumPercent")), 200);
		json_decref(j);
	}
	CHECK_EQ(ecsim("import tests/data/cfn/unresolved.yaml -p Nope=1"), 1);
	CHECK_STR(test_err, "ecsim import: --parameter Nope=1: the template has no such "
		  "parameter\n");
}

TEST(test_import_no_ecs_resources)
{
	CHECK_EQ(ecsim("import tests/data/cfn/no-ecs.yaml"), 1);
	CHECK_STR(test_out, "");
	CHECK_STR(test_err, "ecsim import: tests/data/cfn/no-ecs.yaml: no ECS resources in the "
		  "template (ecsim import reads AWS::ECS::TaskDefinition, AWS::ECS::Service, "
		  "AWS::ECS::CapacityProvider, AWS::ECS::Cluster and "
		  "AWS::ECS::ClusterCapacityProviderAssociations, with their Auto Scaling groups "
		  "and Service Auto Scaling)\n");
	CHECK_EQ(ecsim("import"), 2);
	CHECK(strstr(test_err, "missing TEMPLATE file"));
}

/* CloudFormation's YAML short forms read as the long forms. */
TEST(test_import_yaml_short_forms)
{
	static const char yaml[] =
		"a: !Ref Env\n"
		"b: !GetAtt Service.Name\n"
		"c: !Sub \"${AWS::StackName}-web\"\n"
		"d: !Sub\n  - \"${X}-${Y}\"\n  - X: 1\n    Y: !Ref Y\n"
		"e: !Join [\"/\", [service, !Ref Cluster, !GetAtt [S, Name]]]\n"
		"f: !If [IsProd, 3, !Ref \"AWS::NoValue\"]\n"
		"g: !Select [0, !GetAZs '']\n"
		"h: !FindInMap [M, !Ref \"AWS::Region\", Size]\n"
		"i: !Split [\",\", !ImportValue shared-subnets]\n"
		"j: !Equals [!Ref Env, prod]\n"
		"k: !Condition IsProd\n"
		"l: [1, -2, 3.5, \"4\", '5', true, False, null, ~, 0123, 1e3, yes, .inf]\n"
		"base: &b {cpu: 256, memory: 512}\n"
		"copy: *b\n"
		"empty:\n";
	static const char want[] =
		"{\"a\": {\"Ref\": \"Env\"}, \"b\": {\"Fn::GetAtt\": [\"Service\", \"Name\"]},"
		" \"c\": {\"Fn::Sub\": \"${AWS::StackName}-web\"},"
		" \"d\": {\"Fn::Sub\": [\"${X}-${Y}\", {\"X\": 1, \"Y\": {\"Ref\": \"Y\"}}]},"
		" \"e\": {\"Fn::Join\": [\"/\", [\"service\", {\"Ref\": \"Cluster\"},"
		"         {\"Fn::GetAtt\": [\"S\", \"Name\"]}]]},"
		" \"f\": {\"Fn::If\": [\"IsProd\", 3, {\"Ref\": \"AWS::NoValue\"}]},"
		" \"g\": {\"Fn::Select\": [0, {\"Fn::GetAZs\": \"\"}]},"
		" \"h\": {\"Fn::FindInMap\": [\"M\", {\"Ref\": \"AWS::Region\"}, \"Size\"]},"
		" \"i\": {\"Fn::Split\": [\",\", {\"Fn::ImportValue\": \"shared-subnets\"}]},"
		" \"j\": {\"Fn::Equals\": [{\"Ref\": \"Env\"}, \"prod\"]},"
		" \"k\": {\"Condition\": \"IsProd\"},"
		" \"l\": [1, -2, 3.5, \"4\", \"5\", true, false, null, null, \"0123\", 1000.0,"
		"         \"yes\", \".inf\"],"
		" \"base\": {\"cpu\": 256, \"memory\": 512}, \"copy\": {\"cpu\": 256, \"memory\": 512},"
		" \"empty\": null}";
	ecs_err e = { 0 };
	json_t *got = yamlread_buffer("t.yaml", yaml, sizeof(yaml) - 1, &e), *exp;

	if (!got)
		TEST_FAILED("%s", e.msg);
	exp = json_loads(want, 0, NULL);
	CHECK(exp != NULL);
	if (!json_equal(got, exp)) {
		char *g = json_dumps(got, JSON_COMPACT);
		json_decref(got);
		json_decref(exp);
		fprintf(stderr, "  got: %s\n", g);
		free(g);
		TEST_FAILED("YAML read wrong");
	}
	json_decref(got);
	json_decref(exp);
}

TEST(test_import_yaml_errors)
{
	static const struct { const char *yaml, *msg; } cases[] = {
		{ "a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key \"a\"" },
		{ "a: [1, 2\nb: 3\n",
		  "t.yaml:2:2: did not find expected ',' or ']' while parsing a flow sequence" },
		{ "a: !GetAtt NoDot\n", "t.yaml:1:4: !GetAtt NoDot: expected LogicalName.Attribute" },
		{ "? [a]\n: 1\n", "t.yaml:1:3: a mapping key must be a scalar" },
		{ "", "t.yaml: empty YAML document" },
	};
	/* aliases of aliases: 10 levels of 10 would be 10^10 values */
	static const char bomb[] =
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
		"h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n";

	for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++) {
		ecs_err e = { 0 };
		json_t *j = yamlread_buffer("t.yaml", cases[k].yaml, strlen(cases[k].yaml), &e);
		CHECK(j == NULL);
		CHECK_STR(e.msg, cases[k].msg);
	}
	{
		ecs_err e = { 0 };
		json_t *j = yamlread_buffer("t.yaml", bomb, sizeof(bomb) - 1, &e);
		CHECK(j == NULL);
		CHECK(strstr(e.msg, "more than 2000000 values once aliases are expanded"));
	}
}

/* Intrinsics evaluated: Fn::Sub (names, attributes, its own variables,
 * ${!literal}), Fn::Join, Fn::Select, Fn::Split, Fn::If over And / Or /
 * Not / Equals, Fn::FindInMap, AWS::NoValue, parameter types, pseudo
 * parameters from the options, a resource whose condition is false. */
TEST(test_import_intrinsics)
{
	static const char tmpl[] =
		"Parameters:\n"
		"  Env: {Type: String, Default: staging}\n"
		"  Counts: {Type: CommaDelimitedList, Default: \"2, 5, 9\"}\n"
		"  Grace: {Type: Number}\n"
		"Conditions:\n"
		"  IsProd: !Equals [!Ref Env, prod]\n"
		"  IsStaging: !Not [!Condition IsProd]\n"
		"  Both: !And [!Condition IsStaging, !Equals [!Ref \"AWS::Region\", eu-west-1]]\n"
		"  Any: !Or [!Condition IsProd, !Condition Both]\n"
		"Mappings:\n"
		"  Sizes: {staging: {Cpu: 256, Memory: \"512\"}}\n"
		"Resources:\n"
		"  Td:\n"
		"    Type: AWS::ECS::TaskDefinition\n"
		"    Properties:\n"
		"      Family: !Sub [\"${AWS::StackName}-${Env}-${Kind}-${!Literal}\", {Kind: api}]\n"
		"      Cpu: !FindInMap [Sizes, !Ref Env, Cpu]\n"
		"      Memory: !FindInMap [Sizes, !Ref Env, Memory]\n"
		"      NetworkMode: awsvpc\n"
		"      RequiresCompatibilities: !Split [\",\", \"FARGATE,EC2\"]\n"
		"      ContainerDefinitions:\n"
		"        - Name: !Join [\"-\", [app, !Select [1, !Ref Counts]]]\n"
		"          Memory: !If [IsProd, 1024, !Ref \"AWS::NoValue\"]\n"
		"          MemoryReservation: !If [Any, 256, 128]\n"
		"  Svc:\n"
		"    Type: AWS::ECS::Service\n"
		"    Properties:\n"
		"      TaskDefinition: !GetAtt Td.TaskDefinitionArn\n"
		"      LaunchType: FARGATE\n"
		"      HealthCheckGracePeriodSeconds: !Ref Grace\n"
		"      DesiredCount: !Select [2, !Ref Counts]\n"
		"  ProdOnly:\n"
		"    Type: AWS::ECS::Service\n"
		"    Condition: IsProd\n"
		"    Properties: {TaskDefinition: !Ref Td, LaunchType: FARGATE}\n";
	static char *const params[] = { "Grace=45" };
	import_opts o = { .params = params, .nparams = 1, .stack_name = "shop",
			  .region = "eu-west-1" };
	char path[1100];
	import_result r;
	ecs_err e = { 0 };
	const json_t *sc;
	FILE *f;

	snprintf(path, sizeof(path), "%s/t.yaml", test_tmpdir());
	f = fopen(path, "w");
	fputs(tmpl, f);
	fclose(f);
	if (import_template(path, &o, &r, &e) < 0)
		TEST_FAILED("%s", e.msg);
	sc = r.scenario;
	CHECK_EQ(r.nfills, 1); /* the zones: no subnet in sight */
	CHECK_STR(json_string_value(at(sc, "taskDefinitions.0.family")),
		  "shop-staging-api-${Literal}");
	CHECK_EQ(json_integer_value(at(sc, "taskDefinitions.0.cpu")), 256);
	CHECK_STR(json_string_value(at(sc, "taskDefinitions.0.memory")), "512");
	CHECK_STR(json_string_value(at(sc, "taskDefinitions.0.requiresCompatibilities.1")), "EC2");
	CHECK_STR(json_string_value(at(sc, "taskDefinitions.0.containerDefinitions.0.name")),
		  "app-5");
	CHECK(!at(sc, "taskDefinitions.0.containerDefinitions.0.memory"));
	CHECK_EQ(json_integer_value(at(sc, "taskDefinitions.0.containerDefinitions.0."
					   "memoryReservation")), 256);
	CHECK_EQ(json_array_size(at(sc, "services")), 1);
	CHECK_STR(json_string_value(at(sc, "services.0.serviceName")), "Svc");
	CHECK_STR(json_string_value(at(sc, "services.0.taskDefinition")),
		  "shop-staging-api-${Literal}");
	CHECK_EQ(json_integer_value(at(sc, "services.0.desiredCount")), 9);
	CHECK_EQ(json_integer_value(at(sc, "services.0.healthCheckGracePeriodSeconds")), 45);
	import_result_destroy(&r);
}

/* Auto Scaling groups: a mixed instances policy with one type and all
 * Spot, one with several types (asked for), a launch configuration. */
TEST(test_import_auto_scaling_groups)
{
	static const char tmpl[] =
		"{\"Resources\": {\n"
		" \"Spot\": {\"Type\": \"AWS::AutoScaling::AutoScalingGroup\", \"Properties\": {"
		"  \"MinSize\": \"0\", \"MaxSize\": \"10\", \"AvailabilityZones\": [\"a\", \"b\"],"
		"  \"MixedInstancesPolicy\": {\"InstancesDistribution\": {"
		"    \"OnDemandPercentageAboveBaseCapacity\": 0},"
		"   \"LaunchTemplate\": {\"LaunchTemplateSpecification\": {\"LaunchTemplateId\": "
		"     {\"Ref\": \"Lt\"}}, \"Overrides\": [{\"InstanceType\": \"c6g.large\"}]}}}},\n"
		" \"Mixed\": {\"Type\": \"AWS::AutoScaling::AutoScalingGroup\", \"Properties\": {"
		"  \"MinSize\": 1, \"MaxSize\": 4, \"DesiredCapacity\": 2, \"AvailabilityZones\": [\"a\"],"
		"  \"MixedInstancesPolicy\": {\"LaunchTemplate\": {\"LaunchTemplateSpecification\": "
		"   {\"LaunchTemplateId\": {\"Ref\": \"Lt\"}}, \"Overrides\": [{\"InstanceType\": "
		"   \"m5.large\"}, {\"InstanceType\": \"m5a.large\"}]}}}},\n"
		" \"Old\": {\"Type\": \"AWS::AutoScaling::AutoScalingGroup\", \"Properties\": {"
		"  \"MinSize\": 1, \"MaxSize\": 1, \"AvailabilityZones\": [\"b\"],"
		"  \"LaunchConfigurationName\": {\"Ref\": \"Lc\"}}},\n"
		" \"Lt\": {\"Type\": \"AWS::EC2::LaunchTemplate\", \"Properties\": {"
		"  \"LaunchTemplateData\": {\"InstanceType\": \"c6g.xlarge\"}}},\n"
		" \"Lc\": {\"Type\": \"AWS::AutoScaling::LaunchConfiguration\", \"Properties\": {"
		"  \"InstanceType\": \"t3.large\", \"ImageId\": \"ami-0123456789abcdef0\"}},\n"
		" \"Cp\": {\"Type\": \"AWS::ECS::CapacityProvider\", \"Properties\": {"
		"  \"AutoScalingGroupProvider\": {\"AutoScalingGroupArn\": {\"Ref\": \"Spot\"},"
		"   \"ManagedScaling\": {\"Status\": \"ENABLED\"}}}}\n"
		"}}\n";
	char path[1100];
	import_result r;
	ecs_err e = { 0 };
	const json_t *sc;
	FILE *f;

	snprintf(path, sizeof(path), "%s/t.json", test_tmpdir());
	f = fopen(path, "w");
	fputs(tmpl, f);
	fclose(f);
	if (import_template(path, NULL, &r, &e) < 0)
		TEST_FAILED("%s", e.msg);
	sc = r.scenario;
	/* the capacity provider's group first, then the others in file order */
	CHECK_STR(json_string_value(at(sc, "cluster.instances.0.instanceType")), "c6g.large");
	CHECK_STR(json_string_value(at(sc, "cluster.instances.0.purchaseOption")), "spot");
	CHECK_STR(json_string_value(at(sc, "cluster.instances.0.capacityProvider")), "Cp");
	CHECK_EQ(json_integer_value(at(sc, "cluster.instances.0.count")), 0);
	CHECK(fill_at(&r, "Resources.Mixed.Properties.MixedInstancesPolicy.LaunchTemplate.Overrides",
		      "its mixed instances policy lists m5.large, m5a.large"));
	CHECK_EQ(json_integer_value(at(sc, "cluster.instances.1.count")), 2);
	CHECK_STR(json_string_value(at(sc, "cluster.instances.2.instanceType")), "t3.large");
	CHECK_STR(json_string_value(at(sc, "cluster.availabilityZones.1")), "b");
	/* managed scaling: ECS's termination protection default, said */
	CHECK_STR(json_string_value(at(sc, "cluster.autoScalingGroupProviders.0."
					   "managedTerminationProtection")), "DISABLED");
	CHECK_STR(json_string_value(at(sc, "cluster.capacityProviders.0")), "Cp");
	import_result_destroy(&r);
}

/* An object that cannot be evaluated is a placeholder where the object
 * goes; one wanted only for a note is a note. */
TEST(test_import_objects_that_cannot_be_evaluated)
{
	static const char tmpl[] =
		"Parameters:\n"
		"  Mode: {Type: String}\n"
		"Conditions:\n"
		"  Careful: !Equals [!Ref Mode, careful]\n"
		"Resources:\n"
		"  Td:\n"
		"    Type: AWS::ECS::TaskDefinition\n"
		"    Properties:\n"
		"      Family: t\n"
		"      ContainerDefinitions:\n"
		"        - Name: c\n"
		"          Memory: 256\n"
		"          HealthCheck: !ImportValue shared-health-check\n"
		"  Svc:\n"
		"    Type: AWS::ECS::Service\n"
		"    Properties:\n"
		"      TaskDefinition: !Ref Td\n"
		"      DesiredCount: 2\n"
		"      DeploymentConfiguration: !If [Careful, {MinimumHealthyPercent: 100},"
		" {MinimumHealthyPercent: 50}]\n"
		"      DeploymentController: !ImportValue shared-controller\n";
	char path[1100];
	import_result r;
	ecs_err e = { 0 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/t.yaml", test_tmpdir());
	f = fopen(path, "w");
	fputs(tmpl, f);
	fclose(f);
	if (import_template(path, NULL, &r, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_STR(json_string_value(at(r.scenario, "services.0.deploymentConfiguration")),
		  "<<FILL IN: Fn::If Careful (the condition cannot be evaluated: Ref Mode (a "
		  "parameter without a default; give --parameter Mode=VALUE))>>");
	CHECK_STR(json_string_value(at(r.scenario,
				       "taskDefinitions.0.containerDefinitions.0.healthCheck")),
		  "<<FILL IN: Fn::ImportValue shared-health-check (an export of another stack)>>");
	CHECK(fill_at(&r, "Resources.Svc.Properties.DeploymentConfiguration", "Fn::If Careful"));
	CHECK(!fill_at(&r, "Resources.Svc.Properties.DeploymentController", ""));
	CHECK_EQ(r.nfills, 3); /* and the zones */
	{
		int noted = 0;
		for (int i = 0; i < r.nnotes; i++)
			noted |= strcmp(r.notes[i].path,
					"Resources.Svc.Properties.DeploymentController") == 0;
		CHECK(noted);
	}
	import_result_destroy(&r);
}
