/* placement.c - placementStrategy and placementConstraints, as services,
 * workloads and traces give them (and a task definition its constraints).
 * Owns their syntax; what the names mean (strategies, attributes) is
 * checked when the model builds its placement chain.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "strategies/query.h"

static const jread_key constraint_keys[] = {
	JR_WORDS("type", JREAD_LIST("distinctInstance", "memberOf"), "the constraint", JREAD_REQ),
	JR_STR("expression", "memberOf: a cluster query, e.g. attribute:ecs.instance-type =~ m5.*"),
	JREAD_END,
};

const jread_val sc_constraints_json = {
	.type = JREAD_ARR, .def = "placementConstraints",
	.items = &(const jread_val){ .type = JREAD_OBJ, .keys = constraint_keys },
};

static const jread_key strategy_keys[] = {
	JR_NAME("type", "binpack, spread, random, or another strategy (ecsim strategies)",
		JREAD_REQ),
	JR_STR("field", "what the strategy looks at, e.g. memory, attribute:ecs.availability-zone"),
	JREAD_END,
};

const jread_val sc_placement_strategy_json = {
	.type = JREAD_ARR, .def = "placementStrategy",
	.items = &(const jread_val){ .type = JREAD_OBJ, .keys = strategy_keys },
};

int sc_parse_constraints(sc_constraint **out, int *n, const json_t *arr, const char *path,
			 ecs_err *e)
{
	json_t *v;
	size_t i;

	if (jread_array(arr, path, e) < 0)
		return -1;
	if (json_array_size(arr) > SC_MAX_CONSTRAINTS)
		return err_set(e, "%s: at most %d placement constraints", path,
			       SC_MAX_CONSTRAINTS);
	*out = xcalloc(json_array_size(arr), sizeof(**out));
	json_array_foreach(arr, i, v) {
		char p[JREAD_PATHMAX], *type = NULL;
		sc_constraint *c = &(*out)[i];
		jread_ipath(p, path, i);
		if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, constraint_keys, e) < 0 ||
		    jread_str(v, "type", p, &type, 1, e) < 0)
			return -1;
		(*n)++;
		c->path = xstrdup(p);
		if (strcmp(type, "distinctInstance") == 0) {
			c->type = SC_DISTINCT_INSTANCE;
			if (json_object_get(v, "expression")) {
				free(type);
				return err_set(e, "%s.expression: distinctInstance takes no expression",
					       p);
			}
		} else if (strcmp(type, "memberOf") == 0) {
			qry *q = NULL;
			c->type = SC_MEMBER_OF;
			if (jread_str(v, "expression", p, &c->expression, 1, e) < 0) {
				free(type);
				return -1;
			}
			/* Syntax now, with the position; names are resolved later. */
			if (qry_parse(&q, c->expression, NULL, e) < 0) {
				err_prefix(e, "%s.expression: ", p);
				free(type);
				return -1;
			}
			qry_free(q);
		} else {
			err_set(e, "%s.type: unknown constraint \"%s\" (known: distinctInstance, "
				"memberOf)", p, type);
			free(type);
			return -1;
		}
		free(type);
	}
	return 0;
}

int sc_parse_placement(sc_placement *pl, const json_t *obj, const char *path, ecs_err *e)
{
	json_t *arr = json_object_get(obj, "placementStrategy"), *v;
	char p[JREAD_PATHMAX];
	size_t i;

	if (arr) {
		jread_kpath(p, path, "placementStrategy");
		if (jread_array(arr, p, e) < 0)
			return -1;
		if (json_array_size(arr) > 5)
			return err_set(e, "%s: at most 5 strategies", p);
		pl->given = 1;
		pl->steps = xcalloc(json_array_size(arr), sizeof(*pl->steps));
		json_array_foreach(arr, i, v) {
			char q[JREAD_PATHMAX];
			sc_strategy_step *s = &pl->steps[i];
			jread_ipath(q, p, i);
			if (jread_object(v, q, e) < 0 || jread_check_keys(v, q, strategy_keys, e) < 0)
				return -1;
			pl->nsteps++;
			s->path = xstrdup(q);
			if (jread_str(v, "type", q, &s->type, 1, e) < 0 ||
			    jread_str(v, "field", q, &s->field, 0, e) < 0)
				return -1;
		}
	}
	if ((arr = json_object_get(obj, "placementConstraints")))
		return sc_parse_constraints(&pl->cons, &pl->ncons, arr,
					    jread_kpath(p, path, "placementConstraints"), e);
	return 0;
}

void sc_placement_destroy(sc_placement *pl)
{
	for (int i = 0; i < pl->nsteps; i++) {
		free(pl->steps[i].type);
		free(pl->steps[i].field);
		free(pl->steps[i].path);
	}
	free(pl->steps);
	for (int i = 0; i < pl->ncons; i++) {
		free(pl->cons[i].expression);
		free(pl->cons[i].path);
	}
	free(pl->cons);
}
