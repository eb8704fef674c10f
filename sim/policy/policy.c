/* policy.c - the table of Service Auto Scaling policy types (see policy.h)
 * and the metric names they share. */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

#include "sim/support/jread.h"

extern const as_policy_type as_target_tracking, as_step_scaling;

const as_policy_type *const as_policy_types[] = {
	&as_target_tracking,    /* target_tracking.c */
	&as_step_scaling,       /* step_scaling.c */
	NULL,
};

const char *const as_metric_names[AS_NMETRICS + 1] = {
	"ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization",
	"ALBRequestCountPerTarget", NULL,
};

int as_metric_parse(const json_t *v, const char *key, const char *path, enum as_metric *m,
		    ecs_err *e)
{
	char *name = NULL;
	int k;

	if (jread_str(v, key, path, &name, 1, e) < 0) {
		free(name);
		return -1;
	}
	for (k = 0; as_metric_names[k] && strcmp(as_metric_names[k], name); k++)
		;
	free(name);
	if (!as_metric_names[k])
		return err_set(e, "%s.%s: must be ECSServiceAverageCPUUtilization, "
			       "ECSServiceAverageMemoryUtilization or ALBRequestCountPerTarget",
			       path, key);
	*m = (enum as_metric)k;
	return 0;
}
