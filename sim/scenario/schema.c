/* schema.c - the JSON Schema of a scenario file (see schema.h): the root
 * of the loader's key tables turned into a schema by jread_schema, and the
 * shapes the tables refer to by name ($defs): durations and rates
 * (units.c) and distributions (dist.c's table).  Owns no key.
 */
#include "schema.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "sim/support/units.h"

const jread_val *scenario_tables(void)
{
	return &sc_scenario_json;
}

/* s with every {"$ref": "#/$defs/FROM"} pointing to TO instead. */
static void retarget(json_t *s, const char *from, const char *to)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_array(s)) {
		json_array_foreach(s, i, v)
			retarget(v, from, to);
		return;
	}
	if (!json_is_object(s))
		return;
	if ((v = json_object_get(s, "$ref")) && json_is_string(v) &&
	    strcmp(json_string_value(v), from) == 0)
		json_object_set_new(s, "$ref", json_string(to));
	json_object_foreach(s, k, v)
		retarget(v, from, to);
}

/* A distribution: a value in its unit (a constant) or an object of
 * dist.c's table, whose parameters in that unit are value_ref and whose
 * rates are rate_ref. */
static json_t *distribution(const char *what, const char *value_ref, const char *rate_ref)
{
	json_t *obj = jread_schema(&dist_object, NULL);

	retarget(obj, "#/$defs/distValue", value_ref);
	retarget(obj, "#/$defs/distRate", rate_ref);
	return json_pack("{s:s, s:[{s:s}, o]}", "description", what, "anyOf", "$ref", value_ref,
			 obj);
}

json_t *scenario_schema(void)
{
	json_t *body, *s, *defs;
	const char *k;
	json_t *v;

	s = json_pack("{s:s, s:s, s:s}", "$schema", "https://json-schema.org/draft/2020-12/schema",
		      "title", "ecsim scenario",
		      "description", "A scenario file of ecsim (docs/scenario-format.md), made by "
		      "'ecsim schema' from the loader's key tables.  The loader checks more than "
		      "this schema: run 'ecsim validate'.");
	defs = json_pack("{s:o, s:o, s:{s:s, s:s, s:i}, s:{s:s, s:s, s:i}}",
			 "duration", units_duration_schema(), "rate", units_rate_schema(),
			 "nonNegative", "description", "a number >= 0", "type", "number",
			 "minimum", 0,
			 "positive", "description", "a number > 0", "type", "number",
			 "exclusiveMinimum", 0);
	json_object_set_new(defs, "distSeconds",
			    distribution("a distribution of seconds: a duration (a constant), or "
					 "an object with its type and parameters",
					 "#/$defs/duration", "#/$defs/rate"));
	json_object_set_new(defs, "distNumber",
			    distribution("a distribution of numbers: a number >= 0 (a constant), "
					 "or an object with its type and parameters",
					 "#/$defs/nonNegative", "#/$defs/positive"));
	/* the tables' shared values go into defs after these */
	body = jread_schema(&sc_scenario_json, defs);
	json_object_foreach(body, k, v)
		json_object_set(s, k, v);
	json_decref(body);
	json_object_set_new(s, "$defs", defs);
	return s;
}

char *scenario_schema_text(void)
{
	json_t *s = scenario_schema();
	char *text = json_dumps(s, JSON_INDENT(2)), *out;
	size_t n = strlen(text);

	json_decref(s);
	out = xmalloc(n + 2);
	memcpy(out, text, n);
	out[n] = '\n';
	out[n + 1] = 0;
	free(text);
	return out;
}
