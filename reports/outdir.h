/* outdir.h - an output directory whose files appear all at once or not at all.
 *
 * Files are written into a hidden staging folder inside DIR
 * (DIR/.ecsim-partial-PID/); outdir_commit renames each into DIR and removes
 * the staging folder, outdir_abort removes it.  So a failed or interrupted
 * run leaves the previous result or nothing, never a truncated file that
 * looks whole.  A staging folder left by a killed process is removed by
 * the next outdir_begin on DIR.  Knows nothing of the simulation.
 */
#ifndef ECS_OUTDIR_H
#define ECS_OUTDIR_H

#include "sim/err.h"

/* Longest DIR accepted, leaving room for the staging folder and file names
 * within PATH_MAX (4096). */
#define OUTDIR_MAX 3900

typedef struct outdir {
	char *dir;      /* final directory */
	char *stage;    /* staging directory inside it */
	char **names;   /* files registered with outdir_path */
	int nnames, cap;
} outdir;

/* Creates DIR (and parents) and a fresh staging folder inside it. Clear
 * errors: "cannot create output directory DIR: Permission denied". */
int outdir_begin(outdir *o, const char *dir, ecs_err *e);

/* Path in the staging folder for a file that will be called NAME in DIR
 * (NAME is a plain file name, no '/').  Returned string is owned by o and
 * valid until commit/abort. */
const char *outdir_path(outdir *o, const char *name);

/* Final path of NAME in DIR, into buf. */
void outdir_final(const outdir *o, const char *name, char *buf, size_t n);

/* Moves every registered file that exists in staging into DIR (replacing
 * older ones), removes the staging folder, frees o. */
int outdir_commit(outdir *o, ecs_err *e);

/* Removes the staging folder and everything in it; frees o. */
void outdir_abort(outdir *o);

#endif
