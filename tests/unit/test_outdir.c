/* test_outdir.c - the output folder cannot be turned against the user: a
 * planted symlink or a foreign folder named like a staging folder is never
 * followed or emptied, system folders are refused, a run that writes
 * nothing leaves no folder behind, and the emergency cleanup a signal
 * handler calls removes the stage.  (test_reports_outdir_atomic checks the
 * commit itself.) */
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support.h"
#include "tests/test.h"
#include "reports/outdir.h"

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void put(const char *dir, const char *name, const char *text)
{
	char p[2300];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* 1 if DIR/NAME exists. */
static int has(const char *dir, const char *name)
{
	char p[2300];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return exists(p);
}

/* The pid of a process that has exited and been waited for. */
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

/* A folder of someone else's files, which a planted link points at.  It
 * holds the marker too: even a marked target must not be followed. */
static void make_victim(const char *victim)
{
	char sub[1200];

	mkdir(victim, 0700);
	put(victim, "thesis.tex", "years of work\n");
	put(victim, "data.csv", "1,2\n");
	put(victim, ".ecsim-stage", "");
	snprintf(sub, sizeof(sub), "%s/sub", victim);
	mkdir(sub, 0700);
	put(sub, "notes.txt", "x\n");
}

static int victim_whole(const char *victim)
{
	char sub[1200];
	snprintf(sub, sizeof(sub), "%s/sub", victim);
	return has(victim, "thesis.tex") && has(victim, "data.csv") &&
	       has(victim, ".ecsim-stage") && has(sub, "notes.txt");
}

/* One run into DIR: begin, a file, commit.  The begin's result. */
static int one_run(const char *dir, ecs_err *e)
{
	outdir o;
	FILE *f;

	if (outdir_begin(&o, dir, e) < 0)
		return -1;
	f = fopen(outdir_path(&o, "summary.json"), "w");
	if (f) {
		fputs("{}\n", f);
		fclose(f);
	}
	return outdir_commit(&o, e);
}

/* .ecsim-partial-<dead pid> as a symlink to a folder: the stale-stage
 * cleanup used to follow it and delete the files there. */
TEST(test_outdir_planted_symlink_dead_pid)
{
	const char *tmp = test_tmpdir();
	char dir[1100], victim[1100], link[1200];
	ecs_err e = { 0 };

	snprintf(dir, sizeof(dir), "%s/out", tmp);
	snprintf(victim, sizeof(victim), "%s/victim", tmp);
	mkdir(dir, 0700);
	make_victim(victim);
	snprintf(link, sizeof(link), "%s/.ecsim-partial-%ld", dir, (long)dead_pid());
	CHECK_EQ(symlink(victim, link), 0);
	if (one_run(dir, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK(victim_whole(victim));
	CHECK(exists(link)); /* not ours: left alone */
	CHECK(has(dir, "summary.json"));
}

/* The same link with our own pid's name, which begin used to empty as "a
 * stale stage from an earlier process with this pid": begin now refuses
 * to use it and says so, and nothing is followed. */
TEST(test_outdir_planted_symlink_own_pid)
{
	const char *tmp = test_tmpdir();
	char dir[1100], victim[1100], link[1200], want[3000];
	ecs_err e = { 0 };
	outdir o;

	snprintf(dir, sizeof(dir), "%s/out", tmp);
	snprintf(victim, sizeof(victim), "%s/victim", tmp);
	mkdir(dir, 0700);
	make_victim(victim);
	snprintf(link, sizeof(link), "%s/.ecsim-partial-%ld", dir, (long)getpid());
	CHECK_EQ(symlink(victim, link), 0);
	CHECK_EQ(outdir_begin(&o, dir, &e), -1);
	CHECK(victim_whole(victim));
	snprintf(want, sizeof(want), "cannot write to output directory %s: %s exists and is not a "
		 "staging folder ecsim made (remove it)", dir, link);
	CHECK_STR(e.msg, want);
	CHECK(exists(link));
	/* a dangling one is left alone too */
	CHECK_EQ(unlink(link), 0);
	CHECK_EQ(symlink("/nonexistent/ecsim-test", link), 0);
	CHECK_EQ(outdir_begin(&o, dir, &e), -1);
	CHECK(exists(link));
}

/* A stale stage of a killed run (begun in a child that exits without
 * commit) is removed by the next begin; a folder of the same kind of name
 * without the marker, or another user's, is not ecsim's and stays, and so
 * does a subfolder in a marked one. */
TEST(test_outdir_stale_stage_needs_marker)
{
	const char *tmp = test_tmpdir();
	char dir[1100], killed[1200], foreign[1200], nested[1200], sub[1300];
	ecs_err e = { 0 };
	pid_t pid;
	int st;

	snprintf(dir, sizeof(dir), "%s/out", tmp);
	mkdir(dir, 0700);
	/* a killed run */
	pid = fork();
	if (pid == 0) {
		outdir o;
		if (outdir_begin(&o, dir, &e) < 0)
			_exit(1);
		put(o.stage, "tasks.csv", "half");
		outdir_path(&o, "tasks.csv");
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	snprintf(killed, sizeof(killed), "%s/.ecsim-partial-%ld", dir, (long)pid);
	CHECK(has(killed, ".ecsim-stage"));
	CHECK(has(killed, "tasks.csv"));
	/* a killed run whose stage holds a folder ecsim never makes */
	pid = fork();
	if (pid == 0) {
		outdir o;
		char p[1300];
		if (outdir_begin(&o, dir, &e) < 0)
			_exit(1);
		snprintf(p, sizeof(p), "%s/sub", o.stage);
		mkdir(p, 0700);
		put(p, "keep.txt", "x\n");
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	snprintf(nested, sizeof(nested), "%s/.ecsim-partial-%ld", dir, (long)pid);
	snprintf(sub, sizeof(sub), "%s/sub", nested);
	/* someone's folder with a dead pid's name and no marker */
	snprintf(foreign, sizeof(foreign), "%s/.ecsim-partial-%ld", dir, (long)dead_pid());
	mkdir(foreign, 0700);
	put(foreign, "keep.txt", "mine\n");

	if (one_run(dir, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK(!exists(killed));
	CHECK(has(foreign, "keep.txt"));
	CHECK(has(sub, "keep.txt"));
	CHECK(has(nested, ".ecsim-stage")); /* still marked: a later run may try again */
	/* another user's marked stage: only when root can make one */
	if (geteuid() == 0) {
		char other[1200];
		snprintf(other, sizeof(other), "%s/.ecsim-partial-%ld", dir, (long)dead_pid());
		mkdir(other, 0700);
		put(other, ".ecsim-stage", "");
		put(other, "keep.txt", "theirs\n");
		CHECK_EQ(chown(other, 65534, 65534), 0);
		if (one_run(dir, &e) < 0)
			TEST_FAILED("%s", e.msg);
		CHECK(has(other, "keep.txt"));
	}
}

/* `-o /` (and a system folder by any name) is refused before anything is
 * made, also as root, which the tests run as here.  The run used to write
 * its result files into /. */
TEST(test_outdir_refuses_system_folders)
{
	static const struct {
		const char *o, *msg;
	} cases[] = {
		{ "/", "ecsim: refusing to write results into /: name a folder of its own with -o\n" },
		{ "/usr/", "ecsim: refusing to write results into /usr/: name a folder of its own "
			   "with -o\n" },
		{ "/tmp", "ecsim: refusing to write results into /tmp: name a folder of its own "
			  "with -o\n" },
		/* mkdir -p would make new/ and then write into new/../../.. */
		{ "new/../../../../../../../../../../../../../../../../../../../../..",
		  "ecsim: refusing to write results into new/../../../../../../../../../../../../"
		  "../../../../../../../../.. (that is /): name a folder of its own with -o\n" },
		{ "root-link", "ecsim: refusing to write results into root-link (that is /): name "
			       "a folder of its own with -o\n" },
		{ "root-link/etc/", "ecsim: refusing to write results into root-link/etc/ (that "
				    "is /etc): name a folder of its own with -o\n" },
	};
	char tmp[1100], root_before[65536], cmd[4096], link[1200];
	int tmp_summary = exists("/tmp/summary.json");

	snprintf(tmp, sizeof(tmp), "%s", test_tmpdir());
	snprintf(link, sizeof(link), "%s/root-link", tmp);
	CHECK_EQ(symlink("/", link), 0);
	test_run("/", "ls -A");
	snprintf(root_before, sizeof(root_before), "%s", test_out);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(cmd, sizeof(cmd), "'%s' run '%s/scenarios/quickstart.json' "
			 "--set duration=1h -o '%s' --no-plots --quiet", test_ecsim(),
			 test_srcdir(), cases[i].o);
		if (test_run(tmp, cmd) != 1)
			TEST_FAILED("-o %s: exit status not 1: %s", cases[i].o, test_err);
		CHECK_STR(test_err, cases[i].msg);
	}
	/* compare goes through the same check */
	snprintf(cmd, sizeof(cmd), "'%s' compare '%s/tests/data/study-small.json' -r 2 --jobs 1 "
		 "--set duration=1h -o / --no-plots --quiet", test_ecsim(), test_srcdir());
	CHECK_EQ(test_run(tmp, cmd), 1);
	CHECK(strstr(test_err, "refusing to write results into /: name a folder of its own"));
	CHECK(!has(tmp, "new"));
	CHECK_EQ(exists("/tmp/summary.json"), tmp_summary);
	test_run("/", "ls -A");
	CHECK_STR(test_out, root_before);
	/* a folder inside one is fine */
	snprintf(cmd, sizeof(cmd), "'%s' run '%s/scenarios/quickstart.json' --set duration=1h "
		 "-o 'root-link%s/in' --no-plots --quiet", test_ecsim(), test_srcdir(), tmp);
	CHECK_EQ(test_run(tmp, cmd), 0);
	CHECK(has(tmp, "in/summary.json"));
}

/* abort removes the folders begin made (innermost first, only if empty)
 * and never one that was there before. */
TEST(test_outdir_abort_removes_new_folders)
{
	const char *t = test_tmpdir();
	char tmp[1100], dir[1200], keep[1200], x[1300];
	ecs_err e = { 0 };
	outdir o;

	snprintf(tmp, sizeof(tmp), "%s", t);
	snprintf(dir, sizeof(dir), "%s/a/b", tmp);
	CHECK_EQ(outdir_begin(&o, dir, &e), 0);
	put(o.stage, "x.csv", "half");
	outdir_path(&o, "x.csv");
	outdir_abort(&o);
	CHECK(!has(tmp, "a"));
	/* a folder that was there, with a user's file, stays as it was */
	snprintf(keep, sizeof(keep), "%s/keep", tmp);
	mkdir(keep, 0700);
	put(keep, "user.txt", "mine\n");
	CHECK_EQ(outdir_begin(&o, keep, &e), 0);
	outdir_path(&o, "x.csv");
	outdir_abort(&o);
	CHECK(has(keep, "user.txt"));
	{
		char cmd[1400];
		snprintf(cmd, sizeof(cmd), "[ \"$(ls -A '%s')\" = user.txt ]", keep);
		CHECK_EQ(system(cmd), 0);
	}
	/* new folders under it: one that got a user's file meanwhile stays */
	snprintf(dir, sizeof(dir), "%s/x/y/z", keep);
	CHECK_EQ(outdir_begin(&o, dir, &e), 0);
	snprintf(x, sizeof(x), "%s/x", keep);
	put(x, "note.txt", "added during the run\n");
	outdir_abort(&o);
	CHECK(has(x, "note.txt"));
	CHECK(!has(x, "y"));
	CHECK(has(keep, "user.txt"));
	/* a relative name with . and .. in it */
	{
		char cwd[1100];
		CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
		CHECK_EQ(chdir(tmp), 0);
		int rc = outdir_begin(&o, "r/./s/../t/", &e);
		if (rc == 0)
			outdir_abort(&o);
		CHECK_EQ(chdir(cwd), 0);
		CHECK_EQ(rc, 0);
		CHECK(!has(tmp, "r"));
	}
}

/* A full disk during a run into a new folder: the message says nothing
 * was written, and now nothing was made either. */
TEST(test_outdir_disk_full_leaves_no_folder)
{
	char tmp[1100], cmd[4096];

	snprintf(tmp, sizeof(tmp), "%s", test_tmpdir());
	snprintf(cmd, sizeof(cmd), "trap '' XFSZ; ulimit -f 1; '%s' run "
		 "'%s/scenarios/quickstart.json' --set duration=1h -o new/out --no-plots --quiet",
		 test_ecsim(), test_srcdir());
	CHECK_EQ(test_run(tmp, cmd), 1);
	CHECK(strstr(test_err, "nothing was written to new/out"));
	CHECK(!has(tmp, "new"));
}

/* The cleanup a fatal-signal handler calls before _exit removes the
 * staged files, the stage and the folders begin made; a forked child
 * calling it leaves its parent's alone. */
TEST(test_outdir_emergency_cleanup)
{
	const char *t = test_tmpdir();
	char tmp[1100], dir[1200], prev[1200];
	pid_t pid;
	int st;

	snprintf(tmp, sizeof(tmp), "%s", t);
	snprintf(dir, sizeof(dir), "%s/e/new", tmp);
	snprintf(prev, sizeof(prev), "%s/prev", tmp);
	mkdir(prev, 0700);
	put(prev, "summary.json", "{\"previous\": true}\n");
	pid = fork();
	if (pid == 0) {
		ecs_err e = { 0 };
		outdir a, b;
		pid_t g;
		int gst;
		if (outdir_begin(&a, dir, &e) < 0 || outdir_begin(&b, prev, &e) < 0)
			_exit(1);
		for (int i = 0; i < 20; i++) { /* enough to grow the name table */
			char name[32];
			snprintf(name, sizeof(name), "f%d.csv", i);
			put(a.stage, name, "x");
			put(b.stage, name, "x");
			outdir_path(&a, name);
			outdir_path(&b, name);
		}
		outdir_path(&a, "never-written.png");
		/* a worker forked from here must not clean its parent's */
		g = fork();
		if (g == 0) {
			outdir_emergency_cleanup();
			_exit(0);
		}
		if (waitpid(g, &gst, 0) != g || !exists(a.stage) || !exists(b.stage))
			_exit(2);
		outdir_emergency_cleanup();
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK(!has(tmp, "e"));
	{
		char cmd[1400];
		snprintf(cmd, sizeof(cmd), "[ \"$(ls -A '%s')\" = summary.json ]", prev);
		CHECK_EQ(system(cmd), 0);
	}
}

/* One commit into DIR of the files named in names (NULL-terminated). */
static int commit_files(const char *dir, const char *const *names, ecs_err *e)
{
	outdir o;

	if (outdir_begin(&o, dir, e) < 0)
		return -1;
	for (int i = 0; names[i]; i++) {
		FILE *f = fopen(outdir_path(&o, names[i]), "w");
		if (f) {
			fprintf(f, "%s\n", names[i]);
			fclose(f);
		}
	}
	outdir_path(&o, "never-written.png"); /* registered, not written: not ecsim's */
	return outdir_commit(&o, e);
}

/* A commit owns the ecsim files of DIR: what the last commit wrote and
 * this one does not is removed; a file of the user's stays; the manifest
 * lists exactly what this commit wrote. */
TEST(test_outdir_manifest_removes_earlier_files)
{
	static const char *const first[] = { "summary.json", "tasks.csv", "hosts.png", NULL };
	static const char *const second[] = { "summary.json", NULL };
	char dir[1100], buf[4096];
	ecs_err e = { 0 };

	snprintf(dir, sizeof(dir), "%s/out", test_tmpdir());
	if (commit_files(dir, first, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK(has(dir, "tasks.csv") && has(dir, "hosts.png") && has(dir, ".ecsim-manifest"));
	put(dir, "notes.txt", "mine\n");
	put(dir, "never-written.png", "the user's, named like a plot\n");
	if (commit_files(dir, second, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK(has(dir, "summary.json"));
	CHECK(!has(dir, "tasks.csv"));
	CHECK(!has(dir, "hosts.png"));
	CHECK(has(dir, "notes.txt"));
	CHECK(has(dir, "never-written.png"));
	snprintf(buf, sizeof(buf), "%s/.ecsim-manifest", dir);
	test_slurp(buf, buf, sizeof(buf));
	CHECK_STR(buf, "# files ecsim wrote here; the next run into this folder removes those "
		       "it does not write again\nsummary.json\n");
}

/* A manifest cannot be turned against the user: an entry that is not a
 * plain file name (a path up, an absolute path, a subfolder, a hidden
 * name) or that names a symlink, a folder or a file that is not ours is
 * not removed, nor followed; a manifest that is a symlink is not read. */
TEST(test_outdir_manifest_planted_entries)
{
	static const char *const files[] = { "summary.json", NULL };
	const char *tmp = test_tmpdir();
	char dir[1100], victim[1100], p[2400], q[2400];
	ecs_err e = { 0 };
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/out", tmp);
	snprintf(victim, sizeof(victim), "%s/victim", tmp);
	mkdir(dir, 0700);
	make_victim(victim);
	snprintf(p, sizeof(p), "%s/sub", dir);
	mkdir(p, 0700);
	put(p, "x.csv", "keep\n");
	snprintf(p, sizeof(p), "%s/thesis.tex", victim);
	snprintf(q, sizeof(q), "%s/link.csv", dir);
	CHECK_EQ(symlink(p, q), 0);                   /* a link to a file elsewhere */
	snprintf(q, sizeof(q), "%s/linkdir", dir);
	CHECK_EQ(symlink(victim, q), 0);               /* a link to a folder */
	snprintf(q, sizeof(q), "%s/folder", dir);
	mkdir(q, 0700);
	put(dir, ".hidden", "keep\n");
	snprintf(p, sizeof(p), "%s/.ecsim-manifest", dir);
	f = fopen(p, "w");
	CHECK(f);
	fprintf(f, "# planted\n../victim/data.csv\n%s/thesis.tex\nsub/x.csv\nlink.csv\n"
		"linkdir\nfolder\n.hidden\n..\n.\n\n", victim);
	fclose(f);
	if (commit_files(dir, files, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK(victim_whole(victim));
	snprintf(p, sizeof(p), "%s/sub", dir);
	CHECK(has(p, "x.csv"));
	CHECK(has(dir, "link.csv"));
	CHECK(has(dir, "linkdir"));
	CHECK(has(dir, "folder"));
	CHECK(has(dir, ".hidden"));
	/* the manifest as a symlink to a list of the user's files: not read */
	snprintf(p, sizeof(p), "%s/list", tmp);
	put(tmp, "list", "notes.txt\n");
	put(dir, "notes.txt", "mine\n");
	snprintf(q, sizeof(q), "%s/.ecsim-manifest", dir);
	CHECK_EQ(unlink(q), 0);
	CHECK_EQ(symlink(p, q), 0);
	if (commit_files(dir, files, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK(has(dir, "notes.txt"));
	CHECK(has(tmp, "list"));                       /* the link was replaced, not its target */
	{
		struct stat st;
		CHECK(lstat(q, &st) == 0 && S_ISREG(st.st_mode));
	}
}
