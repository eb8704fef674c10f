/* outdir.c - staging folder committed by rename (see outdir.h). */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int mkdir_p(const char *dir, ecs_err *e)
{
	char *p = xstrdup(dir);
	struct stat st;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			err_set(e, "cannot create output directory %s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return err_set(e, "cannot create output directory %s: %s", dir, strerror(errno));
	if (stat(dir, &st) != 0)
		return err_set(e, "cannot create output directory %s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return err_set(e, "%s exists and is not a directory", dir);
	return 0;
}

/* Removes the staging folder and the plain files in it. */
static void remove_stage(const char *stage)
{
	DIR *d = opendir(stage);
	struct dirent *de;
	char p[4096];

	if (!d)
		return;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			snprintf(p, sizeof(p), "%s/%s", stage, de->d_name);
			unlink(p);
		}
	closedir(d);
	rmdir(stage);
}

/* Staging folders of runs that were killed (SIGKILL, a crash, power
 * loss) and so never cleaned up: their process is gone.  Those of live
 * processes (another ecsim writing here) are left alone. */
static void remove_stale_stages(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[4096];

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *end;
		long pid;
		if (strncmp(de->d_name, ".ecsim-partial-", 15) != 0)
			continue;
		pid = strtol(de->d_name + 15, &end, 10);
		if (*end || pid <= 0 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		remove_stage(p);
	}
	closedir(d);
}

int outdir_begin(outdir *o, const char *dir, ecs_err *e)
{
	size_t n;

	*o = (outdir){ 0 };
	if (!*dir)
		return err_set(e, "empty output directory name");
	/* Callers copy the name into 4096-byte buffers: a longer one arrives
	 * cut, and must not be used as if it were what was asked for. */
	if (strlen(dir) > OUTDIR_MAX)
		return err_set(e, "output directory name too long (more than %d bytes)", OUTDIR_MAX);
	if (mkdir_p(dir, e) < 0)
		return -1;
	o->dir = xstrdup(dir);
	n = strlen(dir) + 64;
	o->stage = xmalloc(n);
	snprintf(o->stage, n, "%s/.ecsim-partial-%ld", dir, (long)getpid());
	remove_stage(o->stage); /* stale, from an earlier process with this pid */
	remove_stale_stages(dir);
	if (mkdir(o->stage, 0777) != 0) {
		err_set(e, "cannot write to output directory %s: %s", dir, strerror(errno));
		free(o->dir);
		free(o->stage);
		*o = (outdir){ 0 };
		return -1;
	}
	return 0;
}

const char *outdir_path(outdir *o, const char *name)
{
	size_t n = strlen(o->stage) + strlen(name) + 2;
	char *p;

	for (int i = 0; i < o->nnames; i++)
		if (strcmp(strrchr(o->names[i], '/') + 1, name) == 0)
			return o->names[i];
	if (o->nnames == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->names = xrealloc(o->names, (size_t)o->cap * sizeof(*o->names));
	}
	p = xmalloc(n);
	snprintf(p, n, "%s/%s", o->stage, name);
	o->names[o->nnames++] = p;
	return p;
}

void outdir_final(const outdir *o, const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", o->dir, name);
}

static void release(outdir *o)
{
	for (int i = 0; i < o->nnames; i++)
		free(o->names[i]);
	free(o->names);
	free(o->dir);
	free(o->stage);
	*o = (outdir){ 0 };
}

int outdir_commit(outdir *o, ecs_err *e)
{
	char final[4096];
	int rc = 0;

	if (!o->stage)
		return 0;
	for (int i = 0; i < o->nnames && rc == 0; i++) {
		const char *name = strrchr(o->names[i], '/') + 1;
		if (access(o->names[i], F_OK) != 0)
			continue;
		outdir_final(o, name, final, sizeof(final));
		if (rename(o->names[i], final) != 0)
			rc = err_set(e, "cannot move %s into %s: %s", name, o->dir, strerror(errno));
	}
	if (rc < 0) {
		outdir_abort(o);
		return -1;
	}
	rmdir(o->stage);
	release(o);
	return 0;
}

void outdir_abort(outdir *o)
{
	if (!o->stage)
		return;
	remove_stage(o->stage);
	release(o);
}
