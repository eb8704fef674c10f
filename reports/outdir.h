/* outdir.h - an output directory whose files appear all at once or not at all.
 *
 * Files are written into a hidden staging folder inside DIR
 * (DIR/.ecsim-partial-PID/, mode 0700, holding a marker file .ecsim-stage);
 * outdir_commit renames each into DIR and removes the staging folder,
 * outdir_abort removes it and any folders outdir_begin created.  So a failed
 * or interrupted run leaves the previous result or nothing (not even an empty
 * new folder), never a truncated file that looks whole.  A commit also owns
 * the ecsim files of DIR: it lists what it wrote in DIR/.ecsim-manifest and
 * removes the files the previous manifest listed that it did not write.
 *
 * Everything it removes is reached through directory descriptors without
 * following a symlink, and it removes only what ecsim made: a staging folder
 * left by a killed process is removed by the next outdir_begin on DIR only
 * if it is a real directory, owned by this user and marked; anything else
 * called .ecsim-partial-* is left alone.  DIR itself may be a symlink.  `/`
 * and the standard system folders (/usr, /etc, /tmp, ...) are refused as DIR.
 * Knows nothing of the simulation.
 */
#ifndef ECS_OUTDIR_H
#define ECS_OUTDIR_H

#include <sys/types.h>

#include "sim/support/err.h"

/* Longest DIR accepted, leaving room for the staging folder and file names
 * within PATH_MAX (4096). */
#define OUTDIR_MAX 3900

typedef struct outdir {
	char *dir;      /* final directory, as named */
	char *stage;    /* staging directory inside it, as a path */
	/* -- the rest is private to outdir.c -- */
	char **names;   /* registered files: paths in stage (stage "/" name) */
	int nnames, cap;
	size_t stage_len;   /* strlen(stage): names[i] + stage_len + 1 is the name */
	char stage_name[32];/* ".ecsim-partial-PID", relative to dir_fd */
	int dir_fd;         /* DIR, held open */
	int stage_fd;       /* the staging folder, held open */
	pid_t pid;          /* process that began it (forked children leave it be) */
	/* Folders outdir_begin created: made[0 .. made_len[i]) relative to
	 * base_fd, outermost first; base_fd is -1 when it created none. */
	int base_fd;
	char *made;
	int *made_len, nmade;
} outdir;

/* Creates DIR (and parents) and a fresh staging folder inside it. Clear
 * errors: "cannot create output directory DIR: Permission denied",
 * "refusing to write results into /: name a folder of its own with -o";
 * on error nothing it created is left.  o is registered by its address for
 * outdir_emergency_cleanup, so it must not be copied or moved until
 * commit/abort. */
int outdir_begin(outdir *o, const char *dir, ecs_err *e);

/* Path in the staging folder for a file that will be called NAME in DIR
 * (NAME is a plain file name, no '/').  Returned string is owned by o and
 * valid until commit/abort.  Files written into the stage by anyone else
 * (gnuplot) must be registered here too, or neither commit nor the
 * emergency cleanup knows them. */
const char *outdir_path(outdir *o, const char *name);

/* Final path of NAME in DIR, into buf. */
void outdir_final(const outdir *o, const char *name, char *buf, size_t n);

/* Moves every registered file that exists in staging into DIR (replacing
 * older ones), removes the plain files of the previous .ecsim-manifest it
 * did not write (never a symlink, a folder, a path or another user's
 * file), writes the new manifest, removes the staging folder, frees o. */
int outdir_commit(outdir *o, ecs_err *e);

/* Removes the staging folder and the files in it, then the folders
 * outdir_begin created if they are empty; frees o. */
void outdir_abort(outdir *o);

/* For a signal handler about to _exit (a crashing plug-in, a second
 * Ctrl-C): removes the registered files, the marker and the staging folder
 * of every outdir this process began and has not committed or aborted, and
 * the folders their begin created if empty.  Async-signal-safe: no
 * allocation, no stdio, only unlinkat, openat and close.  Unregistered
 * files in a stage keep it (and its folders) there.  A forked child calling
 * it leaves its parent's outdirs alone. */
void outdir_emergency_cleanup(void);

#endif
