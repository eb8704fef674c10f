/* outdir.c - staging folder committed by rename (see outdir.h).
 *
 * Owns the folders it creates and nothing else.  Every removal is an
 * unlinkat on a name in a folder held open (never a path walked again, never
 * through a symlink), so a name planted in DIR cannot turn a cleanup against
 * files elsewhere.
 */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STAGE_PREFIX ".ecsim-partial-"
/* In every staging folder ecsim makes: what tells a stale one of ours from
 * a folder (or a symlink to one) that someone else named like it. */
#define MARKER ".ecsim-stage"
#define MARKER_TEXT "a staging folder of ecsim's; the next run into this folder removes it\n"
/* In DIR after a commit: the files ecsim wrote there, one name a line. */
#define MANIFEST ".ecsim-manifest"
#define MANIFEST_HEAD "# files ecsim wrote here; the next run into this folder removes those it " \
		      "does not write again\n"
#define MANIFEST_MAX (1 << 20) /* bytes read of one; a longer one is not ours */

/* Outdirs between begin and commit/abort.  The one process-global of this
 * module: a fatal-signal handler has no other way to reach them
 * (outdir_emergency_cleanup).  A process has one or two at a time. */
#define ACTIVE_MAX 16
static outdir *volatile active[ACTIVE_MAX];

/* Orders the stores a signal handler may look at: it must never see a
 * pointer before what it points to is in place. */
static void publish(void)
{
	atomic_signal_fence(memory_order_seq_cst);
}

static int activate(outdir *o)
{
	for (int i = 0; i < ACTIVE_MAX; i++)
		if (!active[i]) {
			publish();
			active[i] = o;
			return 0;
		}
	return -1;
}

static void deactivate(outdir *o)
{
	for (int i = 0; i < ACTIVE_MAX; i++)
		if (active[i] == o)
			active[i] = NULL;
	publish();
}

/* Folders that hold the system, exact names only (/usr/local/x is fine):
 * results with fixed names like summary.json do not belong there.  /tmp
 * and /var/tmp are refused too: shared by every user and program, their
 * top level mixes our files with others' (who may have made a summary.json
 * we then cannot replace); a folder inside them is fine. */
static const char *const system_dirs[] = {
	"/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32",
	"/proc", "/run", "/sbin", "/sys", "/tmp", "/usr", "/usr/bin", "/usr/include",
	"/usr/lib", "/usr/lib64", "/usr/libexec", "/usr/local", "/usr/local/bin",
	"/usr/local/lib", "/usr/local/sbin", "/usr/local/share", "/usr/sbin", "/usr/share",
	"/var", "/var/cache", "/var/lib", "/var/log", "/var/mail", "/var/spool", "/var/tmp",
};
#define NSYSTEM_DIRS (sizeof(system_dirs) / sizeof(system_dirs[0]))

static int refuse(ecs_err *e, const char *dir, const char *what)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == strlen(what) && strncmp(dir, what, n) == 0)
		return err_set(e, "refusing to write results into %s: name a folder of its own with -o",
			       dir);
	return err_set(e, "refusing to write results into %s (that is %s): name a folder of its "
		       "own with -o", dir, what);
}

/* Where DIR is or will be: the real path of its nearest existing ancestor,
 * then the rest of the name with "." and ".." applied as mkdir_p meets them
 * (the folders it makes are no symlinks).  NULL when that cannot be told
 * (a file or an unreadable folder on the way): creating DIR then fails with
 * its own message. */
static char *resolve(const char *dir)
{
	char *p = xstrdup(dir), *real, *out;
	size_t k = strlen(dir), len;

	for (;;) {
		p[k] = 0;
		real = realpath(k ? p : ".", NULL);
		if (real)
			break;
		if (errno != ENOENT || k == 0) {
			free(p);
			return NULL;
		}
		while (k > 0 && p[k - 1] == '/')
			k--;
		while (k > 0 && p[k - 1] != '/')
			k--;
	}
	free(p);
	len = strlen(real);
	out = xmalloc(len + strlen(dir + k) + 2);
	memcpy(out, real, len + 1);
	free(real);
	for (const char *s = dir + k; *s;) {
		size_t n = strcspn(s, "/");
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (len > 1 && out[len - 1] != '/')
				len--;
			if (len > 1)
				len--;
		} else if (n > 0 && !(n == 1 && s[0] == '.')) {
			if (len > 1)
				out[len++] = '/';
			memcpy(out + len, s, n);
			len += n;
		}
		out[len] = 0;
		s += n + (s[n] == '/');
	}
	return out;
}

/* The system folder the open folder FD is (a bind mount or a path the
 * name check missed), or NULL. */
static const char *system_dir_at(int fd)
{
	struct stat st, sys;

	if (fstat(fd, &st) != 0)
		return NULL;
	for (size_t i = 0; i < NSYSTEM_DIRS; i++)
		if (stat(system_dirs[i], &sys) == 0 && sys.st_dev == st.st_dev &&
		    sys.st_ino == st.st_ino)
			return system_dirs[i];
	return NULL;
}

/* Records that mkdir_p made dir[0 .. len): the first time, it opens the
 * folder that was there to hold it (base_fd), and later ones are
 * remembered relative to that. */
static void note_made(outdir *o, const char *dir, size_t len, size_t *rel)
{
	if (o->base_fd < 0) {
		const char *slash = memrchr(dir, '/', len);
		char *base = xstrdup(slash ? dir : ".");

		if (slash == dir)
			base[1] = 0, *rel = 1; /* "/" */
		else if (slash)
			base[slash - dir] = 0, *rel = (size_t)(slash - dir) + 1;
		else
			*rel = 0;
		o->base_fd = open(base, O_PATH | O_DIRECTORY | O_CLOEXEC);
		free(base);
		if (o->base_fd < 0)
			return; /* cannot take it away again; nothing else goes wrong */
		o->made = xstrdup(dir + *rel);
	}
	o->made_len[o->nmade] = (int)(len - *rel);
	publish();
	o->nmade++;
}

/* mkdir -p that remembers which folders it made, so that a run that writes
 * nothing can take them away again. */
static int mkdir_p(outdir *o, const char *dir, ecs_err *e)
{
	size_t n = strlen(dir), rel = 0, slashes = 1;
	char *p = xstrdup(dir);
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		slashes += dir[i] == '/';
	o->made_len = xmalloc(slashes * sizeof(*o->made_len));
	for (size_t i = 1; i <= n && rc == 0; i++) {
		if (i < n && (p[i] != '/' || p[i - 1] == '/'))
			continue;
		p[i] = 0;
		if (mkdir(p, 0777) == 0)
			note_made(o, dir, i, &rel);
		else if (errno != EEXIST)
			rc = err_set(e, "cannot create output directory %s: %s", p, strerror(errno));
		if (i < n)
			p[i] = '/';
	}
	free(p);
	return rc;
}

/* rmdir of REL[0 .. len) under BASE, walked one folder at a time without
 * following a symlink (a folder begin made may since have been replaced by
 * one).  Async-signal-safe. */
static void rmdir_under(int base, const char *rel, size_t len)
{
	char comp[NAME_MAX + 1];
	int fd = base;
	size_t i = 0;

	for (;;) {
		size_t k = 0;
		while (i < len && rel[i] == '/')
			i++;
		while (i < len && rel[i] != '/' && k < NAME_MAX)
			comp[k++] = rel[i++];
		comp[k] = 0;
		if (i < len && rel[i] != '/')
			break; /* longer than a name can be */
		while (i < len && rel[i] == '/')
			i++;
		if (i == len) {
			unlinkat(fd, comp, AT_REMOVEDIR);
			break;
		}
		int next = openat(fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd != base)
			close(fd);
		fd = next;
		if (fd < 0)
			return;
	}
	if (fd != base)
		close(fd);
}

/* The folders begin made, innermost first; rmdir removes only empty ones,
 * so a file the user put there in the meantime keeps its folder.
 * Async-signal-safe. */
static void remove_made(const outdir *o)
{
	for (int i = o->nmade - 1; i >= 0; i--)
		rmdir_under(o->base_fd, o->made, (size_t)o->made_len[i]);
}

/* Empties the staging folder STAGE_FD (called NAME in DIR_FD) and removes
 * it: regular files and symlinks only (unlinkat removes a link, never its
 * target); anything else there is not ecsim's, and then the folder and its
 * marker stay. */
static void clear_stage(int dir_fd, int stage_fd, const char *name)
{
	int fd = openat(stage_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), left = 0;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	struct stat st;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, MARKER))
			continue;
		if (fstatat(stage_fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) ||
		    unlinkat(stage_fd, de->d_name, 0) != 0)
			left++;
	}
	closedir(d);
	if (left == 0) {
		unlinkat(stage_fd, MARKER, 0);
		unlinkat(dir_fd, name, AT_REMOVEDIR);
	}
}

/* The folder NAME in DIR_FD if it is a staging folder ecsim made: a real
 * directory (not a symlink to one), this user's, with the marker (a
 * regular file of this user's) in it.  Its descriptor, or -1. */
static int open_own_stage(int dir_fd, const char *name)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    fstatat(fd, MARKER, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid()) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Staging folders of runs that were killed (SIGKILL, a crash, power loss)
 * and so never cleaned up: their process is gone.  Those of live processes
 * (another ecsim writing here) are left alone, and so is anything not
 * ecsim's own (open_own_stage). */
static void remove_stale_stages(int dir_fd)
{
	int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d))) {
		char *end;
		long pid;
		int sfd;
		if (strncmp(de->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) != 0)
			continue;
		errno = 0;
		pid = strtol(de->d_name + strlen(STAGE_PREFIX), &end, 10);
		if (*end || errno || pid <= 0 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		sfd = open_own_stage(dir_fd, de->d_name);
		if (sfd >= 0) {
			clear_stage(dir_fd, sfd, de->d_name);
			close(sfd);
		}
	}
	closedir(d);
}

/* Removes the staging folder, and with UNDO the folders begin made; frees
 * o.  The order leaves o active until its folders are gone, so that a
 * signal in between still finds them. */
static void finish(outdir *o, int undo)
{
	if (o->stage_fd >= 0)
		clear_stage(o->dir_fd, o->stage_fd, o->stage_name);
	if (undo)
		remove_made(o);
	deactivate(o);
	if (o->stage_fd >= 0)
		close(o->stage_fd);
	if (o->dir_fd >= 0)
		close(o->dir_fd);
	if (o->base_fd >= 0)
		close(o->base_fd);
	for (int i = 0; i < o->nnames; i++)
		free(o->names[i]);
	free(o->names);
	free(o->dir);
	free(o->stage);
	free(o->made);
	free(o->made_len);
	*o = (outdir){ 0 };
}

/* Makes our own staging folder NAME in DIR_FD with the marker in it.  One
 * already there is ours only if open_own_stage says so (a killed run
 * earlier with this pid, as in a container where ecsim is always pid 1):
 * it is emptied.  Anything else by that name is left as it is and begin
 * fails: it is not ours to remove, and not to be followed. */
static int make_stage(outdir *o, const char *dir, ecs_err *e)
{
	struct stat st;
	int fd;

	if (fstatat(o->dir_fd, o->stage_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		int old = open_own_stage(o->dir_fd, o->stage_name);
		if (old < 0)
			return err_set(e, "cannot write to output directory %s: %s/%s exists and is "
				       "not a staging folder ecsim made (remove it)", dir, dir,
				       o->stage_name);
		fstat(old, &st);
		for (int i = 0; i < ACTIVE_MAX; i++) {
			struct stat mine;
			if (active[i] && active[i] != o && active[i]->stage_fd >= 0 &&
			    fstat(active[i]->stage_fd, &mine) == 0 &&
			    mine.st_dev == st.st_dev && mine.st_ino == st.st_ino) {
				close(old);
				return err_set(e, "output directory %s is already being written by "
					       "this process", dir);
			}
		}
		clear_stage(o->dir_fd, old, o->stage_name);
		close(old);
	}
	if (mkdirat(o->dir_fd, o->stage_name, 0700) != 0)
		return err_set(e, "cannot write to output directory %s: %s", dir, strerror(errno));
	fd = openat(o->dir_fd, o->stage_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_uid != geteuid()) {
		/* Replaced between mkdirat and openat it is not ours any more;
		 * otherwise (out of descriptors) the empty folder goes. */
		int err = fd < 0 ? errno : EEXIST;
		if (fd >= 0)
			close(fd);
		else if (err != ELOOP && err != ENOTDIR)
			unlinkat(o->dir_fd, o->stage_name, AT_REMOVEDIR);
		return err_set(e, "cannot write to output directory %s: %s", dir, strerror(err));
	}
	publish();
	o->stage_fd = fd;
	fd = openat(o->stage_fd, MARKER, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0600);
	if (fd < 0 || write(fd, MARKER_TEXT, strlen(MARKER_TEXT)) != (ssize_t)strlen(MARKER_TEXT) ||
	    close(fd) != 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		return err_set(e, "cannot write to output directory %s: %s", dir, strerror(err));
	}
	return 0;
}

int outdir_begin(outdir *o, const char *dir, ecs_err *e)
{
	const char *sys;
	char *where;
	size_t n;

	*o = (outdir){ 0 };
	if (!*dir)
		return err_set(e, "empty output directory name");
	/* Callers copy the name into 4096-byte buffers: a longer one arrives
	 * cut, and must not be used as if it were what was asked for. */
	if (strlen(dir) > OUTDIR_MAX)
		return err_set(e, "output directory name too long (more than %d bytes)", OUTDIR_MAX);
	/* Before anything is created: `-o /` as root must not even make the
	 * staging folder there. */
	where = resolve(dir);
	for (size_t i = 0; where && i < NSYSTEM_DIRS; i++)
		if (strcmp(where, system_dirs[i]) == 0) {
			refuse(e, dir, where);
			free(where);
			return -1;
		}
	free(where);
	*o = (outdir){ .dir_fd = -1, .stage_fd = -1, .base_fd = -1, .pid = getpid() };
	snprintf(o->stage_name, sizeof(o->stage_name), STAGE_PREFIX "%ld", (long)o->pid);
	if (activate(o) < 0) {
		err_set(e, "too many output directories open at once (%d)", ACTIVE_MAX);
		goto fail;
	}
	if (mkdir_p(o, dir, e) < 0)
		goto fail;
	o->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->dir_fd < 0) {
		if (errno == ENOTDIR)
			err_set(e, "%s exists and is not a directory", dir);
		else
			err_set(e, "cannot create output directory %s: %s", dir, strerror(errno));
		goto fail;
	}
	/* The same folder by another way in (a bind mount, say). */
	if ((sys = system_dir_at(o->dir_fd))) {
		refuse(e, dir, sys);
		goto fail;
	}
	remove_stale_stages(o->dir_fd);
	if (make_stage(o, dir, e) < 0)
		goto fail;
	o->dir = xstrdup(dir);
	n = strlen(dir) + strlen(o->stage_name) + 2;
	o->stage = xmalloc(n);
	snprintf(o->stage, n, "%s/%s", dir, o->stage_name);
	o->stage_len = strlen(o->stage);
	return 0;
fail:
	finish(o, 1);
	return -1;
}

const char *outdir_path(outdir *o, const char *name)
{
	size_t n = o->stage_len + strlen(name) + 2;
	char *p;

	for (int i = 0; i < o->nnames; i++)
		if (strcmp(o->names[i] + o->stage_len + 1, name) == 0)
			return o->names[i];
	if (o->nnames == o->cap) {
		/* A new array, published whole before the old one goes: the
		 * emergency cleanup may read it at any moment. */
		char **old = o->names, **grown;
		o->cap = o->cap ? o->cap * 2 : 8;
		grown = xmalloc((size_t)o->cap * sizeof(*grown));
		if (o->nnames)
			memcpy(grown, old, (size_t)o->nnames * sizeof(*grown));
		publish();
		o->names = grown;
		publish();
		free(old);
	}
	p = xmalloc(n);
	snprintf(p, n, "%s/%s", o->stage, name);
	o->names[o->nnames] = p;
	publish();
	o->nnames++;
	return p;
}

void outdir_final(const outdir *o, const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", o->dir, name);
}

/* A name a manifest may list: one plain file name of DIR (no '/', not
 * empty, not "." or "..", not hidden as ecsim's own folders and marker
 * are).  Anything else in a manifest is not ecsim's writing, and is never
 * removed. */
static int plain_name(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= NAME_MAX && s[0] != '.' && !strchr(s, '/');
}

static int listed(char *const *v, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return 1;
	return 0;
}

/* The plain names of DIR's manifest (*n of them, malloc'ed), or none: it
 * is read only when it is a regular file of this user's, opened without
 * following a symlink, and not larger than MANIFEST_MAX. */
static char **manifest_read(int dir_fd, int *n)
{
	int fd = openat(dir_fd, MANIFEST, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *buf, **v = NULL;
	ssize_t got = 0, r;

	*n = 0;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_size > MANIFEST_MAX) {
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < st.st_size && (r = read(fd, buf + got, (size_t)(st.st_size - got))) > 0)
		got += r;
	close(fd);
	buf[got] = 0;
	for (char *line = buf, *next; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = 0;
		if (plain_name(line) && !listed(v, *n, line)) {
			v = xrealloc(v, (size_t)(*n + 1) * sizeof(*v));
			v[(*n)++] = xstrdup(line);
		}
	}
	free(buf);
	return v;
}

/* DIR's manifest becomes the plain names of a and b: written in the stage,
 * then renamed over the old one (a rename never follows a symlink there). */
static int manifest_write(outdir *o, char *const *a, int na, char *const *b, int nb)
{
	int fd = openat(o->stage_fd, MANIFEST, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
			O_CLOEXEC, 0644);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	int bad;

	if (!f) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fputs(MANIFEST_HEAD, f);
	for (int i = 0; i < na; i++)
		if (plain_name(a[i]))
			fprintf(f, "%s\n", a[i]);
	for (int i = 0; i < nb; i++)
		if (plain_name(b[i]) && !listed(a, na, b[i]))
			fprintf(f, "%s\n", b[i]);
	bad = ferror(f);
	if (fclose(f) != 0 || bad ||
	    renameat(o->stage_fd, MANIFEST, o->dir_fd, MANIFEST) != 0) {
		unlinkat(o->stage_fd, MANIFEST, 0);
		return -1;
	}
	return 0;
}

/* A file of the last manifest that this commit did not write: removed if
 * it is still a plain file of this user's (a symlink, a folder or anyone
 * else's file by that name is left).  unlinkat never follows a link, so a
 * name swapped for one after the check costs the link, not its target. */
static void remove_stale(int dir_fd, const char *name)
{
	struct stat st;

	if (plain_name(name) && fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode) && st.st_uid == geteuid())
		unlinkat(dir_fd, name, 0);
}

/* The run owns the ecsim files of DIR: first a manifest of the last run's
 * files and this one's (whatever happens next, every file ecsim put in DIR
 * is listed), then this run's files, then the last run's that it did not
 * write go, then the manifest lists this run's alone.  A user's own files
 * are in no manifest and stay. */
int outdir_commit(outdir *o, ecs_err *e)
{
	struct stat st;
	char **old, **now;
	int nold, nnow = 0;

	if (!o->stage)
		return 0;
	old = manifest_read(o->dir_fd, &nold);
	now = xmalloc(((size_t)o->nnames + 1) * sizeof(*now));
	for (int i = 0; i < o->nnames; i++) {
		char *name = o->names[i] + o->stage_len + 1;
		if (fstatat(o->stage_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			now[nnow++] = name;
	}
	if (manifest_write(o, old, nold, now, nnow) < 0) {
		err_set(e, "cannot write %s in %s: %s", MANIFEST, o->dir, strerror(errno));
		goto fail;
	}
	for (int i = 0; i < nnow; i++)
		if (renameat(o->stage_fd, now[i], o->dir_fd, now[i]) != 0) {
			err_set(e, "cannot move %s into %s: %s", now[i], o->dir, strerror(errno));
			goto fail;
		}
	for (int i = 0; i < nold; i++)
		if (!listed(now, nnow, old[i]))
			remove_stale(o->dir_fd, old[i]);
	manifest_write(o, now, nnow, NULL, 0); /* if not, the longer one is still true */
	for (int i = 0; i < nold; i++)
		free(old[i]);
	free(old);
	free(now);
	finish(o, 0);
	return 0;
fail:
	for (int i = 0; i < nold; i++)
		free(old[i]);
	free(old);
	free(now);
	finish(o, 1);
	return -1;
}

void outdir_abort(outdir *o)
{
	if (!o->stage)
		return;
	finish(o, 1);
}

void outdir_emergency_cleanup(void)
{
	pid_t me = getpid();

	for (int i = 0; i < ACTIVE_MAX; i++) {
		outdir *o = active[i];
		/* A forked worker inherits the table; the folders are its
		 * parent's to clean. */
		if (!o || o->pid != me)
			continue;
		if (o->stage_fd >= 0) {
			for (int k = 0; k < o->nnames; k++)
				unlinkat(o->stage_fd, o->names[k] + o->stage_len + 1, 0);
			unlinkat(o->stage_fd, MARKER, 0);
			unlinkat(o->dir_fd, o->stage_name, AT_REMOVEDIR);
		}
		remove_made(o);
		active[i] = NULL;
	}
}
