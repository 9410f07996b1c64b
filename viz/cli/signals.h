/*
 * signals.h — Ctrl-C and SIGTERM during a run. The first one asks the
 * engine to stop (workers end within 100 ms, exports are still written);
 * a second Ctrl-C leaves at once. Worker processes die with us either way
 * (PR_SET_PDEATHSIG) and the shared memory was unlinked when it was mapped,
 * so even the quick exit leaves nothing behind.
 */
#ifndef CONVEYOR_CLI_SIGNALS_H
#define CONVEYOR_CLI_SIGNALS_H

#include "conveyor/engine.h"

void cv_signals_install(void);
/* The engine a signal should stop (NULL for none). */
void cv_signals_watch(cv_engine *engine);
/* The first stopping signal received, or 0. */
int cv_signals_received(void);
/* 128 + signal for a run ended by a signal, as shells report it. */
int cv_signals_exit_status(void);

#endif
