/* runpage.h - what a reader sees of one run, read from its summary.json
 * tree: the short summary printed on stdout, and index.html (key figures
 * in percent, nines and dollars, rejections, services, the plots the run
 * drew, its files).  Knows summary.json's keys, not the model.
 */
#ifndef ECS_RUNPAGE_H
#define ECS_RUNPAGE_H

#include <jansson.h>
#include <stdio.h>

#include "outdir.h"
#include "sim/support/err.h"

/* The short human summary of a run. */
void runpage_print(FILE *f, const json_t *summary);

/* Writes index.html into od's stage: the plots are those found there, the
 * files are listed as given; -1 with the error in e. */
int runpage_write(outdir *od, const json_t *summary, const char *title, const char *const *files,
		  int nfiles, ecs_err *e);

#endif
