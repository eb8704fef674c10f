/* query.c - compiles and evaluates cluster query language expressions.
 *
 * Owns the tokenizer, the recursive-descent parser and the compiled form (a
 * node array and one record per condition with names resolved to ids and
 * per-id answers tabulated).  It reads the cluster and never changes it; the
 * grammar and the public contract are in query.h.
 */
#include "query.h"

#include <ctype.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ECS's limit on an expression's length (PlacementConstraint.expression in
 * the ECS API reference). */
#define QRY_MAX_LEN 2000
/* Deeper nesting of ( and not is refused: the parser recurses. */
#define QRY_MAX_DEPTH 100
/* runningTasksCount answers tabulated for these counts when the comparison
 * is a string one (=~, or a non-numeric argument). */
#define QRY_COUNT_TAB 256
/* Most ints of workspace one regex match may take (16 MiB). */
#define QRY_RE_MAX_WORKSPACE (4u << 20)

#define SUBJECTS "attribute:NAME, ec2InstanceId, agentConnected, runningTasksCount, " \
		 "registeredAt, task:group"

enum qsubj { QS_ATTR, QS_ID, QS_AGENT, QS_COUNT, QS_REGAT, QS_GROUP };

/* Positive forms; !=, not_in, !~ and !exists set neg and negate the result. */
enum qop { QO_EQ, QO_IN, QO_MATCH, QO_LT, QO_LE, QO_GT, QO_GE, QO_EXISTS };

static const struct {
	const char *name;
	uint8_t op, neg;
} ops[] = {
	{ "==", QO_EQ, 0 },           { "equals", QO_EQ, 0 },
	{ "!=", QO_EQ, 1 },           { "not_equals", QO_EQ, 1 },
	{ ">", QO_GT, 0 },            { "greater_than", QO_GT, 0 },
	{ ">=", QO_GE, 0 },           { "greater_than_equal", QO_GE, 0 },
	{ "<", QO_LT, 0 },            { "less_than", QO_LT, 0 },
	{ "<=", QO_LE, 0 },           { "less_than_equal", QO_LE, 0 },
	{ "exists", QO_EXISTS, 0 },   { "!exists", QO_EXISTS, 1 },
	{ "not_exists", QO_EXISTS, 1 },
	{ "in", QO_IN, 0 },           { "not_in", QO_IN, 1 },
	{ "!in", QO_IN, 1 },
	{ "=~", QO_MATCH, 0 },        { "matches", QO_MATCH, 0 },
	{ "!~", QO_MATCH, 1 },        { "not_matches", QO_MATCH, 1 },
};

typedef struct qcond {
	uint8_t subj, op, neg;
	uint8_t direct;      /* runningTasksCount against numbers only */
	uint8_t konst;       /* registeredAt: the answer, same for every host */
	int32_t attr;        /* attribute id, -1 if the cluster had none */
	int32_t nattrs_seen; /* cl->nattrs at compile time */
	char *name;          /* attribute name, for a late lookup */
	char **vals;         /* arguments as written */
	double *nums;        /* their numeric values where isnum */
	uint8_t *isnum;
	int32_t nvals;
	pcre2_code *re;      /* whole-value match, for =~ and !~ */
	pcre2_match_data *md;
	/* Positive answer per id known at compile time: attribute value ids,
	 * group ids, host indexes, task counts, agentConnected 0/1.  Ids past
	 * ntab (interned later) are answered from their strings. */
	uint8_t *tab;
	int32_t ntab;
} qcond;

enum qkind { QN_COND, QN_NOT, QN_AND, QN_OR };

typedef struct qnode {
	uint8_t kind;
	int32_t a; /* COND: condition index; NOT: child node; AND/OR: first kid */
	int32_t n; /* AND/OR: number of kids */
} qnode;

struct qry {
	qnode *nodes;
	int32_t nnodes, capnodes;
	int32_t *kids; /* children of AND/OR nodes, contiguous per node */
	int32_t nkids, capkids;
	qcond *conds;
	int32_t nconds, capconds;
	int32_t root;
};

/* ---- tokens ------------------------------------------------------------ */

enum tk {
	TK_END, TK_WORD, TK_STR, TK_SYM, TK_LOGIC, TK_LP, TK_RP, TK_LB, TK_RB, TK_COMMA,
};

typedef struct tok {
	enum tk k;
	int off, len; /* bytes of src; TK_STR includes its quotes */
} tok;

typedef struct ps {
	const char *src;
	int i;      /* next byte to lex */
	int endpos; /* where errors at the end of input point */
	tok t;      /* current token */
	int depth;
	qry *q;
	const cl_cluster *cl;
	ecs_err *e;
} ps;

static int is_word_char(int c)
{
	return c && (isalnum(c) || strchr(".-_*:/+@%", c));
}

static int tpos(const ps *s, const tok *t)
{
	return t->k == TK_END ? s->endpos : t->off + 1;
}

__attribute__((format(printf, 3, 4)))
static int fail(ps *s, int pos, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_set(s->e, "at position %d: %s", pos, msg);
}

/* Token text for messages, cut to a readable length. */
static int tlen(const tok *t)
{
	return t->len > 60 ? 60 : t->len;
}

static int tok_is(const ps *s, enum tk k, const char *text)
{
	return s->t.k == k && (size_t)s->t.len == strlen(text) &&
	       strncasecmp(s->src + s->t.off, text, (size_t)s->t.len) == 0;
}

static int lex(ps *s)
{
	const char *p = s->src;
	int i = s->i, n = 1;
	enum tk k;
	unsigned char c;

	while (p[i] && isspace((unsigned char)p[i]))
		i++;
	c = (unsigned char)p[i];
	if (!c) {
		k = TK_END;
		n = 0;
	} else if (is_word_char(c)) {
		k = TK_WORD;
		while (is_word_char((unsigned char)p[i + n]))
			n++;
	} else if (c == '\'' || c == '"') {
		const char *q = strchr(p + i + 1, c);
		if (!q)
			return fail(s, i + 1, "unterminated string");
		k = TK_STR;
		n = (int)(q - (p + i)) + 1;
	} else if (c == '!' && p[i + 1] != '=' && p[i + 1] != '~') {
		k = TK_SYM; /* not, or the start of !exists / !in */
	} else if (strchr("=!<>~", c)) {
		k = TK_SYM;
		while (p[i + n] && strchr("=!<>~", p[i + n]))
			n++;
	} else if (c == '&' || c == '|') {
		k = TK_LOGIC;
		while (p[i + n] == '&' || p[i + n] == '|')
			n++;
	} else if (c == '(') {
		k = TK_LP;
	} else if (c == ')') {
		k = TK_RP;
	} else if (c == '[') {
		k = TK_LB;
	} else if (c == ']') {
		k = TK_RB;
	} else if (c == ',') {
		k = TK_COMMA;
	} else if (isprint(c)) {
		return fail(s, i + 1, "unexpected character \"%c\"", c);
	} else {
		return fail(s, i + 1, "unexpected character \\x%02x", c);
	}
	s->t = (tok){ k, i, n };
	s->i = i + n;
	return 0;
}

/* ---- compiled form ----------------------------------------------------- */

static int32_t add_node(qry *q, enum qkind kind, int32_t a, int32_t n)
{
	if (q->nnodes == q->capnodes) {
		q->capnodes = q->capnodes ? q->capnodes * 2 : 8;
		q->nodes = xrealloc(q->nodes, (size_t)q->capnodes * sizeof(*q->nodes));
	}
	q->nodes[q->nnodes] = (qnode){ (uint8_t)kind, a, n };
	return q->nnodes++;
}

static void cond_free(qcond *c)
{
	for (int32_t i = 0; i < c->nvals; i++)
		free(c->vals[i]);
	free(c->vals);
	free(c->nums);
	free(c->isnum);
	free(c->name);
	free(c->tab);
	pcre2_code_free(c->re);
	pcre2_match_data_free(c->md);
}

void qry_free(qry *q)
{
	if (!q)
		return;
	for (int32_t i = 0; i < q->nconds; i++)
		cond_free(&q->conds[i]);
	free(q->conds);
	free(q->nodes);
	free(q->kids);
	free(q);
}

/* Strict decimal number (sign, digits, fraction, exponent): "t2", "0x1f",
 * "inf" and "" are strings. */
static int parse_num(const char *s, double *x)
{
	const char *p = s;
	int digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return 0;
	*x = strtod(s, NULL);
	return 1;
}

static int order_holds(int op, int cmp)
{
	switch (op) {
	case QO_LT: return cmp < 0;
	case QO_LE: return cmp <= 0;
	case QO_GT: return cmp > 0;
	default: return cmp >= 0;
	}
}

/* Whole-value match with PCRE2's DFA matcher: it never backtracks, so its
 * time is bounded by the value's length times the number of states of the
 * pattern (which regex_too_costly bounds), whatever the pattern's nesting:
 * "(a*)*" repeated 24 times took 74 s per value with glibc's regexec.  A
 * match that fails for want of workspace retries with more; any other
 * failure is a no-match (unsupported items are refused at compile time). */
static int re_match(const qcond *c, const char *s)
{
	int ws[1000], *w = ws, rc;
	size_t n = sizeof(ws) / sizeof(ws[0]);

	for (;;) {
		rc = pcre2_dfa_match(c->re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, c->md,
				     NULL, w, n);
		if (rc != PCRE2_ERROR_DFA_WSSIZE || n >= QRY_RE_MAX_WORKSPACE)
			break;
		n *= 8;
		if (w != ws)
			free(w);
		w = xmalloc(n * sizeof(*w));
	}
	if (w != ws)
		free(w);
	return rc >= 0;
}

/* The positive form of c on the subject's value s.  Equality is string
 * equality (ECS: "1.10" != "1.1"), except for the numeric subjects against
 * numeric arguments; orderings compare numbers when both sides are numbers.
 * Used at compile time and for ids interned later (regexec may allocate). */
static int pred_str(const qcond *c, const char *s)
{
	int numsubj = c->subj == QS_COUNT || c->subj == QS_REGAT;
	double x;

	switch (c->op) {
	case QO_EQ:
	case QO_IN:
		for (int32_t i = 0; i < c->nvals; i++) {
			if (numsubj && c->isnum[i] && parse_num(s, &x)) {
				if (x == c->nums[i])
					return 1;
			} else if (strcmp(s, c->vals[i]) == 0) {
				return 1;
			}
		}
		return 0;
	case QO_MATCH:
		return re_match(c, s);
	case QO_EXISTS:
		return 1;
	default:
		if (c->isnum[0] && parse_num(s, &x))
			return order_holds(c->op, (x > c->nums[0]) - (x < c->nums[0]));
		return order_holds(c->op, strcmp(s, c->vals[0]));
	}
}

/* The positive form of c on a number, all arguments being numbers. */
static int pred_num(const qcond *c, double x)
{
	if (c->op == QO_EQ || c->op == QO_IN) {
		for (int32_t i = 0; i < c->nvals; i++)
			if (x == c->nums[i])
				return 1;
		return 0;
	}
	return order_holds(c->op, (x > c->nums[0]) - (x < c->nums[0]));
}

static void count_str(int32_t n, char buf[16])
{
	char tmp[16];
	int k = 0, j = 0;
	uint32_t u = n < 0 ? 0 : (uint32_t)n;

	do
		tmp[k++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	while (k)
		buf[j++] = tmp[--k];
	buf[j] = 0;
}

/* Fills the per-id table and folds registeredAt. */
static void tabulate(qcond *c, const cl_cluster *cl)
{
	char buf[24];

	switch (c->subj) {
	case QS_ATTR:
		if (!cl || c->attr < 0 || c->op == QO_EXISTS)
			return;
		c->ntab = cl->attrs[c->attr].nvalues;
		c->tab = xcalloc((size_t)c->ntab, 1);
		for (int32_t v = 0; v < c->ntab; v++)
			c->tab[v] = (uint8_t)pred_str(c, cl->attrs[c->attr].values[v]);
		return;
	case QS_GROUP:
		if (!cl || c->op == QO_EXISTS)
			return;
		c->ntab = cl->ngroups;
		c->tab = xcalloc((size_t)c->ntab, 1);
		for (int32_t g = 0; g < c->ntab; g++)
			c->tab[g] = (uint8_t)pred_str(c, cl->groups[g]);
		return;
	case QS_ID:
		if (!cl || c->op == QO_EXISTS)
			return;
		c->ntab = cl->nhosts;
		c->tab = xcalloc((size_t)c->ntab, 1);
		for (int32_t h = 0; h < c->ntab; h++) {
			cl_host_instance_id(h, buf);
			c->tab[h] = (uint8_t)pred_str(c, buf);
		}
		return;
	case QS_AGENT:
		c->ntab = 2;
		c->tab = xcalloc(2, 1);
		c->tab[0] = (uint8_t)pred_str(c, "false");
		c->tab[1] = (uint8_t)pred_str(c, "true");
		return;
	case QS_COUNT:
		if (c->op == QO_EXISTS)
			return;
		c->direct = c->op != QO_MATCH;
		for (int32_t i = 0; i < c->nvals; i++)
			c->direct &= c->isnum[i];
		if (c->direct)
			return;
		c->ntab = QRY_COUNT_TAB;
		c->tab = xcalloc(QRY_COUNT_TAB, 1);
		for (int32_t n = 0; n < QRY_COUNT_TAB; n++) {
			count_str(n, buf);
			c->tab[n] = (uint8_t)pred_str(c, buf);
		}
		return;
	case QS_REGAT:
		/* ecsim hosts all register at time 0 for now, so registeredAt is
		 * the number 0 on every host: against a date such as 2018-06-18
		 * (not a number) it compares as the string "0", i.e. earlier. */
		c->konst = (uint8_t)pred_str(c, "0");
		return;
	}
}

/* ---- parser ------------------------------------------------------------ */

static char *dup_n(const char *s, int n)
{
	char *d = xmalloc((size_t)n + 1);

	memcpy(d, s, (size_t)n);
	d[n] = 0;
	return d;
}

static void add_value(qcond *c, const char *s, int n)
{
	/* capacities double: a power of two from 4 up */
	if (c->nvals >= 4 && (c->nvals & (c->nvals - 1)) == 0) {
		size_t cap = (size_t)c->nvals * 2;
		c->vals = xrealloc(c->vals, cap * sizeof(*c->vals));
		c->nums = xrealloc(c->nums, cap * sizeof(*c->nums));
		c->isnum = xrealloc(c->isnum, cap * sizeof(*c->isnum));
	} else if (c->nvals == 0) {
		c->vals = xmalloc(4 * sizeof(*c->vals));
		c->nums = xmalloc(4 * sizeof(*c->nums));
		c->isnum = xmalloc(4 * sizeof(*c->isnum));
	}
	c->vals[c->nvals] = dup_n(s, n);
	c->nums[c->nvals] = 0;
	c->isnum[c->nvals] = (uint8_t)parse_num(c->vals[c->nvals], &c->nums[c->nvals]);
	c->nvals++;
}

static int is_value(const tok *t)
{
	return t->k == TK_WORD || t->k == TK_STR;
}

/* Takes the current token as a value and lexes the next one. */
static int take_value(ps *s, qcond *c)
{
	if (s->t.k == TK_STR)
		add_value(c, s->src + s->t.off + 1, s->t.len - 2);
	else
		add_value(c, s->src + s->t.off, s->t.len);
	return lex(s);
}

static int subject_of(ps *s, qcond *c)
{
	static const struct {
		const char *name;
		uint8_t subj;
	} subjects[] = {
		{ "ec2InstanceId", QS_ID },         { "agentConnected", QS_AGENT },
		{ "runningTasksCount", QS_COUNT },  { "registeredAt", QS_REGAT },
		{ "task:group", QS_GROUP },
	};
	const char *w = s->src + s->t.off;
	int n = s->t.len;

	if (s->t.k != TK_WORD)
		return fail(s, tpos(s, &s->t), "expected a subject (" SUBJECTS ")");
	if (n >= 10 && strncmp(w, "attribute:", 10) == 0) {
		if (n == 10)
			return fail(s, tpos(s, &s->t),
				    "expected an attribute name after attribute:");
		c->subj = QS_ATTR;
		c->name = dup_n(w + 10, n - 10);
		return 0;
	}
	for (size_t i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		if ((size_t)n == strlen(subjects[i].name) &&
		    strncmp(w, subjects[i].name, (size_t)n) == 0) {
			c->subj = subjects[i].subj;
			return 0;
		}
	}
	return fail(s, tpos(s, &s->t), "expected a subject (" SUBJECTS ")");
}


/* What a pattern may cost before it is compiled.  The DFA matcher's time
 * per value is its length times the pattern's states, and compiling copies
 * the atom of every bounded repetition: "((a{1,100}){1,100}){1,100}" is a
 * million states (1.2 GB under the glibc matcher ecsim used before PCRE2).
 * So the expanded size is bounded, counting each '+' as a copy of its atom
 * as glibc did (a bound kept on the safe side), back references are refused
 * (the DFA matcher has none: "(.*)(.*)\\2\\1x" needs exhaustive search) and
 * so is a repetition right after another ("a**", ".*?": undefined in POSIX,
 * lazy or possessive in PCRE2, pointless for a whole-value match).  NULL if
 * the pattern is fine, else why not. */
#define QRY_RE_MAX_STATES 10000
#define QRY_RE_MAX_DEPTH 32

static long clamp_count(long v)
{
	return v < 0 ? 0 : v > 1000000 ? 1000000 : v;
}

static const char *regex_too_costly(const char *re)
{
	/* Per open group: the size so far and the size of the last atom. */
	double total[QRY_RE_MAX_DEPTH + 1] = { 0 }, last[QRY_RE_MAX_DEPTH + 1] = { 0 };
	int d = 0, rep = 0; /* rep: the previous token was a repetition */

	for (const char *p = re; *p; p++) {
		double atom = 1;
		int was_rep = rep;
		rep = *p == '*' || *p == '+' || *p == '?' || *p == '{';
		if (rep && was_rep)
			return "a repetition (*, +, ?, {m,n}) right after another is not supported";
		if (*p == '\\') {
			if (p[1] >= '1' && p[1] <= '9')
				return "back references (\\1 to \\9) are not supported";
			if (p[1])
				p++;
		} else if (*p == '[') {
			/* a bracket expression: ']' first is literal; [:class:] inside */
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']') {
				if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
					const char *q = strchr(p + 2, p[1]);
					p = q && q[1] == ']' ? q + 1 : p;
				}
				p++;
			}
			if (!*p)
				return NULL; /* pcre2_compile reports it */
		} else if (*p == '(') {
			if (d == QRY_RE_MAX_DEPTH)
				return "groups nested too deeply";
			d++;
			total[d] = last[d] = 0;
			continue;
		} else if (*p == ')' && d > 0) {
			atom = total[d] > 1 ? total[d] : 1;
			d--;
		} else if (*p == '{') {
			char *end;
			/* clamped: strtol saturates at LONG_MAX, and PCRE2 refuses
			 * counts above 65535 anyway */
			long m = clamp_count(strtol(p + 1, &end, 10)), n = m;
			if (*end == ',')
				n = end[1] == '}' ? m + 1 : clamp_count(strtol(end + 1, &end, 10));
			else if (*end != '}')
				continue;
			/* the last atom repeated: n copies instead of one */
			total[d] += last[d] * ((double)(n > m ? n : m) - 1);
			last[d] *= (double)(n > m ? n : m);
			if (total[d] > QRY_RE_MAX_STATES)
				return "repetitions too large (more than 10000 states once expanded)";
			p = strchr(p, '}') ? strchr(p, '}') : p;
			continue;
		} else if (*p == '+') {
			/* counted as a copy of the atom (glibc made x+ into xx*) */
			total[d] += last[d];
			last[d] *= 2;
			if (total[d] > QRY_RE_MAX_STATES)
				return "repetitions too large (more than 10000 states once expanded)";
			continue;
		} else if (*p == '|' || *p == '*' || *p == '?' || *p == '^' || *p == '$') {
			continue;
		}
		total[d] += atom;
		last[d] = atom;
		if (total[d] > QRY_RE_MAX_STATES)
			return "repetitions too large (more than 10000 states once expanded)";
	}
	return NULL;
}

/* Compiles c's pattern for whole-value matching (ECS matches whole values:
 * "t2.*" matches "t2.micro").  PCRE2 syntax, a superset of POSIX extended
 * regular expressions for what attribute values need. */
static int re_compile(ps *s, qcond *c, int vpos)
{
	const char *costly = regex_too_costly(c->vals[0]);
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off; /* not reported: the value's position says where */
	uint32_t refs = 0;
	int code;

	if (costly)
		return fail(s, vpos, "bad regex: %s", costly);
	c->re = pcre2_compile((PCRE2_SPTR)c->vals[0], PCRE2_ZERO_TERMINATED,
			      PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_NO_AUTO_CAPTURE |
			      PCRE2_NEVER_BACKSLASH_C, &code, &off, NULL);
	if (!c->re) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		return fail(s, vpos, "bad regex: %s", (const char *)msg);
	}
	/* the DFA matcher cannot follow back references (\k<name>, (?P=name)) */
	pcre2_pattern_info(c->re, PCRE2_INFO_BACKREFMAX, &refs);
	if (refs > 0)
		return fail(s, vpos, "bad regex: back references are not supported");
	c->md = pcre2_match_data_create(1, NULL);
	if (!c->md) {
		fprintf(stderr, "ecsim: out of memory\n");
		abort();
	}
	return 0;
}

static int parse_args(ps *s, qcond *c, const tok *ot)
{
	const char *op = s->src + ot->off;
	int vpos;

	if (c->op == QO_EXISTS)
		return 0;
	if (c->op == QO_IN && s->t.k == TK_LB) {
		for (;;) {
			tok prev = s->t; /* [ or , */
			if (lex(s) < 0)
				return -1;
			if (!is_value(&s->t))
				return fail(s, tpos(s, &s->t), "expected a value after %.*s",
					    prev.len, s->src + prev.off);
			if (take_value(s, c) < 0)
				return -1;
			if (s->t.k == TK_RB)
				return lex(s);
			if (s->t.k != TK_COMMA)
				return fail(s, tpos(s, &s->t), "missing ]");
		}
	}
	if (!is_value(&s->t))
		return fail(s, tpos(s, &s->t), "expected a value after %.*s", tlen(ot), op);
	vpos = tpos(s, &s->t);
	if (take_value(s, c) < 0)
		return -1;
	if (c->op == QO_MATCH)
		return re_compile(s, c, vpos);
	return 0;
}

static int parse_cond(ps *s, int32_t *out)
{
	qcond c = { .attr = -1 };
	tok st = s->t, ot;
	size_t i;

	if (subject_of(s, &c) < 0 || lex(s) < 0)
		goto fail;
	ot = s->t;
	/* "!" lexes alone (it may be "not"); here it starts !exists or !in. */
	if (ot.k == TK_SYM && ot.len == 1 && s->src[ot.off] == '!') {
		while (is_word_char((unsigned char)s->src[s->i]))
			s->i++;
		ot.len = s->i - ot.off;
	}
	if (ot.k != TK_WORD && ot.k != TK_SYM) {
		fail(s, tpos(s, &ot), "expected an operator after %.*s", tlen(&st),
		     s->src + st.off);
		goto fail;
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if ((size_t)ot.len == strlen(ops[i].name) &&
		    strncasecmp(s->src + ot.off, ops[i].name, (size_t)ot.len) == 0)
			break;
	if (i == sizeof(ops) / sizeof(ops[0])) {
		fail(s, tpos(s, &ot), "unknown operator \"%.*s\"", tlen(&ot), s->src + ot.off);
		goto fail;
	}
	c.op = ops[i].op;
	c.neg = ops[i].neg;
	if (lex(s) < 0 || parse_args(s, &c, &ot) < 0)
		goto fail;

	if (c.subj == QS_ATTR) {
		c.attr = s->cl ? cl_attr_find(s->cl, c.name) : -1;
		c.nattrs_seen = s->cl ? s->cl->nattrs : 0;
	}
	tabulate(&c, s->cl);
	if (s->q->nconds == s->q->capconds) {
		s->q->capconds = s->q->capconds ? s->q->capconds * 2 : 4;
		s->q->conds = xrealloc(s->q->conds,
				       (size_t)s->q->capconds * sizeof(*s->q->conds));
	}
	s->q->conds[s->q->nconds] = c;
	*out = add_node(s->q, QN_COND, s->q->nconds++, 0);
	return 0;
fail:
	cond_free(&c);
	return -1;
}

static int parse_or(ps *s, int32_t *out);

static int parse_factor(ps *s, int32_t *out)
{
	int32_t k;
	int rc;

	if (++s->depth > QRY_MAX_DEPTH)
		return fail(s, tpos(s, &s->t), "expression nested too deeply");
	if (tok_is(s, TK_WORD, "not") || tok_is(s, TK_SYM, "!")) {
		rc = lex(s) < 0 || parse_factor(s, &k) < 0 ? -1 : 0;
		if (rc == 0)
			*out = add_node(s->q, QN_NOT, k, 0);
	} else if (s->t.k == TK_LP) {
		rc = lex(s) < 0 || parse_or(s, out) < 0 ? -1 : 0;
		if (rc == 0 && s->t.k != TK_RP)
			rc = fail(s, tpos(s, &s->t), "missing )");
		if (rc == 0)
			rc = lex(s);
	} else {
		rc = parse_cond(s, out);
	}
	s->depth--;
	return rc;
}

/* One level of "a OP b OP c" as a single n-ary node. */
static int parse_nary(ps *s, int32_t *out, enum qkind kind, const char *word,
		      const char *sym, int (*sub)(ps *, int32_t *))
{
	int32_t *tmp = NULL, n = 0, k;
	qry *q = s->q;

	if (sub(s, &k) < 0)
		return -1;
	while (tok_is(s, TK_WORD, word) || tok_is(s, TK_LOGIC, sym)) {
		if ((n & (n - 1)) == 0)
			tmp = xrealloc(tmp, (size_t)(n ? 2 * n : 2) * sizeof(*tmp));
		tmp[n++] = k;
		if (lex(s) < 0 || sub(s, &k) < 0) {
			free(tmp);
			return -1;
		}
	}
	if (!n) {
		*out = k;
		return 0;
	}
	if ((n & (n - 1)) == 0)
		tmp = xrealloc(tmp, (size_t)(2 * n) * sizeof(*tmp));
	tmp[n++] = k;
	if (q->nkids + n > q->capkids) {
		while (q->nkids + n > q->capkids)
			q->capkids = q->capkids ? q->capkids * 2 : 8;
		q->kids = xrealloc(q->kids, (size_t)q->capkids * sizeof(*q->kids));
	}
	memcpy(q->kids + q->nkids, tmp, (size_t)n * sizeof(*tmp));
	free(tmp);
	*out = add_node(q, kind, q->nkids, n);
	q->nkids += n;
	return 0;
}

static int parse_and(ps *s, int32_t *out)
{
	return parse_nary(s, out, QN_AND, "and", "&&", parse_factor);
}

static int parse_or(ps *s, int32_t *out)
{
	return parse_nary(s, out, QN_OR, "or", "||", parse_and);
}

/* Errors at the end of the input point at its last non-blank character, so
 * "attribute:ecs.instance-type ==" reports position 30, the "=" it ends on. */
int qry_parse(qry **out, const char *expr, cl_cluster *cl, ecs_err *e)
{
	ps s = { .src = expr, .cl = cl, .e = e };
	size_t len = strlen(expr);
	int n;

	*out = NULL;
	/* ECS refuses longer expressions; the bound also bounds the work of
	 * an "in [...]" list (values x hosts when answers are tabulated) */
	if (len > QRY_MAX_LEN)
		return err_set(e, "expression of %zu characters; ECS allows at most %d", len,
			       QRY_MAX_LEN);
	n = (int)len;
	while (n > 0 && isspace((unsigned char)expr[n - 1]))
		n--;
	s.endpos = n > 0 ? n : 1;
	s.q = xcalloc(1, sizeof(*s.q));
	if (lex(&s) < 0)
		goto fail;
	if (s.t.k == TK_END) {
		fail(&s, 1, "empty expression");
		goto fail;
	}
	if (parse_or(&s, &s.q->root) < 0)
		goto fail;
	if (s.t.k != TK_END) {
		fail(&s, tpos(&s, &s.t), "unexpected \"%.*s\" after the expression",
		     tlen(&s.t), expr + s.t.off);
		goto fail;
	}
	*out = s.q;
	return 0;
fail:
	qry_free(s.q);
	return -1;
}

/* ---- evaluation -------------------------------------------------------- */

/* The positive form on host h; false where the subject is absent. */
static int cond_holds(const qcond *c, const cl_cluster *cl, int32_t h)
{
	const cl_host *host = &cl->hosts[h];
	char buf[24];
	int32_t a, v;

	switch (c->subj) {
	case QS_ATTR:
		a = c->attr;
		if (a < 0) {
			/* Only a query compiled before its attribute was declared
			 * (or without a cluster) gets here with a lookup to do. */
			if (cl->nattrs <= c->nattrs_seen || (a = cl_attr_find(cl, c->name)) < 0)
				return 0;
		}
		v = cl_host_attr(cl, h, a);
		if (v < 0)
			return 0;
		if (c->op == QO_EXISTS)
			return 1;
		return v < c->ntab ? c->tab[v] : pred_str(c, cl->attrs[a].values[v]);
	case QS_GROUP:
		/* A host answers for the tasks on it: == and the other positive
		 * forms hold if any task's group satisfies them; the negated ones
		 * mean "no task on the host is in that group". */
		if (c->op == QO_EXISTS)
			return host->tasks != NULL;
		for (const cl_task *t = host->tasks; t; t = t->hnext) {
			int32_t g = t->req.group;
			if (g >= 0 && (g < c->ntab ? c->tab[g] : pred_str(c, cl->groups[g])))
				return 1;
		}
		return 0;
	case QS_ID:
		if (c->op == QO_EXISTS)
			return 1;
		if (h < c->ntab)
			return c->tab[h];
		cl_host_instance_id(h, buf);
		return pred_str(c, buf);
	case QS_AGENT:
		return c->op == QO_EXISTS || c->tab[host->state != CL_DOWN];
	case QS_COUNT:
		/* Every task placed on the host counts, not only RUNNING ones. */
		if (c->op == QO_EXISTS)
			return 1;
		if (c->direct)
			return pred_num(c, host->ntasks);
		if (host->ntasks < c->ntab)
			return c->tab[host->ntasks];
		count_str(host->ntasks, buf);
		return pred_str(c, buf);
	default:
		return c->konst;
	}
}

static int eval_node(const qry *q, const cl_cluster *cl, int32_t h, int32_t n)
{
	const qnode *nd = &q->nodes[n];
	const qcond *c;

	switch (nd->kind) {
	case QN_COND:
		c = &q->conds[nd->a];
		return cond_holds(c, cl, h) ^ c->neg;
	case QN_NOT:
		return !eval_node(q, cl, h, nd->a);
	case QN_AND:
		for (int32_t i = 0; i < nd->n; i++)
			if (!eval_node(q, cl, h, q->kids[nd->a + i]))
				return 0;
		return 1;
	default:
		for (int32_t i = 0; i < nd->n; i++)
			if (eval_node(q, cl, h, q->kids[nd->a + i]))
				return 1;
		return 0;
	}
}

int qry_eval(const qry *q, const cl_cluster *cl, int32_t h)
{
	return eval_node(q, cl, h, q->root);
}
