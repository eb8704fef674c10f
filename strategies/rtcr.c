/* rtcr.c - Kubernetes NodeResourcesFit RequestedToCapacityRatio.
 *
 * The field lists shape points UTIL:SCORE (utilisation 0-100 in strictly
 * increasing order, score 0-10, at least one point) and, optionally,
 * resource weights RES=W (integers 1-100, default cpu=1,memory=1), in one
 * comma-separated list: "0:0,100:10" packs, "0:10,100:0" spreads,
 * "0:0,100:10,cpu=2,memory=1" packs weighing CPU double.
 *
 * As kube-scheduler v1.35: scores are scaled by 10 to 0..100; per resource
 * (k8s.h), u_i = requested_i * 100 / allocatable_i (integer division; 100
 * when requested > allocatable) and s_i = f(u_i), f the broken line through
 * the points (integer arithmetic, flat before the first point and after
 * the last); host score = round(sum s_i * w_i / sum w_i) over the resources
 * whose s_i > 0 (a resource scoring 0 does not count in the weights either,
 * as in Kubernetes), 0 if none.  Higher is better, so score() returns its
 * negation.  Scale-in (the preference reversed): stop on the host with the
 * lowest such score as it is now, task included.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "k8s.h"

#define RTCR_MAX_POINTS 101

typedef struct rtcr {
	double w[ST_NRES];
	int n;
	int64_t util[RTCR_MAX_POINTS], score[RTCR_MAX_POINTS]; /* score already x10 */
} rtcr;

static int64_t broken_linear(const rtcr *p, int64_t u)
{
	for (int i = 0; i < p->n; i++)
		if (u <= p->util[i]) {
			if (i == 0)
				return p->score[0];
			return p->score[i - 1] + (p->score[i] - p->score[i - 1]) *
			       (u - p->util[i - 1]) / (p->util[i] - p->util[i - 1]);
		}
	return p->score[p->n - 1];
}

static int64_t rtcr_host(const rtcr *p, const cl_host *ho, const cl_req *r, int back)
{
	int64_t req[ST_NRES], alloc[ST_NRES], node = 0, wsum = 0;

	k8s_amounts(p->w, ho, r, back, req, alloc);
	for (int i = 0; i < ST_NRES; i++) {
		if (alloc[i] == 0)
			continue;
		int64_t u = req[i] > alloc[i] ? 100 : (req[i] <= 0 ? 0 : req[i] * 100 / alloc[i]);
		int64_t s = broken_linear(p, u);
		if (s > 0) {
			node += s * (int64_t)p->w[i];
			wsum += (int64_t)p->w[i];
		}
	}
	return wsum ? (int64_t)round((double)node / (double)wsum) : 0;
}

/* An integer 0..max written as plain digits. */
static int parse_small(const char *s, size_t len, int max, int64_t *out)
{
	int64_t v = 0;

	if (len == 0 || len > 4)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int rtcr_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	rtcr *p = xcalloc(1, sizeof(*p));
	char *weights, *copy, *item, *save = NULL;
	size_t wlen = 0;
	int rc = 0;

	step->data = p;
	if (!field)
		return err_set(e, "requested-to-capacity-ratio needs a field: shape points "
			       "UTIL:SCORE,... (e.g. 0:0,100:10 to pack, 0:10,100:0 to spread), "
			       "optionally with weights such as cpu=1,memory=1");
	if (field[strlen(field) - 1] == ',' || field[0] == ',' || strstr(field, ",,"))
		return err_set(e, "requested-to-capacity-ratio: empty item in \"%s\"", field);
	copy = xstrdup(field);
	weights = xcalloc(strlen(field) + 1, 1);
	for (item = strtok_r(copy, ",", &save); item && !rc; item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':');
		int64_t u, s;
		if (!colon) {
			wlen += (size_t)sprintf(weights + wlen, "%s%s", wlen ? "," : "", item);
			continue;
		}
		if (parse_small(item, (size_t)(colon - item), 100, &u) < 0 ||
		    parse_small(colon + 1, strlen(colon + 1), 10, &s) < 0)
			rc = err_set(e, "requested-to-capacity-ratio: shape point \"%s\" must be "
				     "UTIL:SCORE with UTIL an integer 0-100 and SCORE 0-10", item);
		else if (p->n && u <= p->util[p->n - 1])
			rc = err_set(e, "requested-to-capacity-ratio: shape point \"%s\": "
				     "utilizations must increase strictly", item);
		else {
			p->util[p->n] = u;
			p->score[p->n++] = s * (K8S_MAX_NODE_SCORE / 10);
		}
	}
	if (!rc && p->n == 0)
		rc = err_set(e, "requested-to-capacity-ratio needs at least one shape point "
			     "UTIL:SCORE, e.g. 0:0,100:10");
	if (!rc)
		rc = st_parse_weights(p->w, weights, "requested-to-capacity-ratio", ST_WEIGHTS_INT,
				      e);
	free(copy);
	free(weights);
	return rc;
}

static double rtcr_score(const st_step *step, const cl_cluster *cl, int32_t h,
			 const cl_req *r)
{
	return -(double)rtcr_host(step->data, &cl->hosts[h], r, 0);
}

static double rtcr_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
			      const cl_req *r)
{
	return (double)rtcr_host(step->data, &cl->hosts[h], r, 1);
}

const st_strategy st_requested_to_capacity_ratio = {
	.name = "requested-to-capacity-ratio",
	.fields = "UTIL:SCORE,... shape points [,RES=W,...] e.g. 0:0,100:10",
	.summary = "Kubernetes RequestedToCapacityRatio: highest shape score of utilisation",
	.resolve = rtcr_resolve,
	.score = rtcr_score,
	.stop_score = rtcr_stop_score,
	.stop_summary = "the host with the lowest shape score now",
};
