/*
 * signals.h — Ctrl-C, SIGTERM and SIGHUP (the terminal closed: an SSH
 * session dropped) during a run. The first one asks the
 * engine to stop (workers end within 100 ms, exports are still written);
 * one that arrives while the exports are being written stops them (each file
 * is then absent, never half-written); a second Ctrl-C at least half a
 * second after the first leaves at once, removing the temporary file of the
 * export in progress and naming the requested files not yet written. A
 * signal sooner than that is the first one delivered twice (GNU timeout and
 * job-control shells do that) and is ignored: it neither leaves nor stops
 * the exports the first one let through.
 * Worker processes die with us either way (PR_SET_PDEATHSIG) and the shared
 * memory was unlinked when it was mapped, so even the quick exit leaves
 * nothing behind.
 */
#ifndef CONVEYOR_CLI_SIGNALS_H
#define CONVEYOR_CLI_SIGNALS_H

#include <stdbool.h>

#include "conveyor/engine.h"
#include "outputs.h"

void cv_signals_install(void);
/* The engine a signal should stop (NULL for none). */
void cv_signals_watch(cv_engine *engine);
/* Whether the exports are being written: a signal then stops them. */
void cv_signals_exporting(bool now);
/* The first stopping signal received, or 0. */
int cv_signals_received(void);
/* 128 + signal for a run ended by a signal, as shells report it. */
int cv_signals_exit_status(void);
/* The files a forced exit names as not written: every one requested (paths
 * are kept, not copied: they must outlive the command), until
 * cv_signals_output_written(path) says one is in place. */
void cv_signals_outputs_pending(const cv_outputs *outputs);
void cv_signals_output_written(const char *path);

#endif
