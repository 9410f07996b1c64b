/*
 * signals.c — see signals.h. The handler only does async-signal-safe
 * things: atomic stores, and _exit on the second Ctrl-C.
 */
#include "signals.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

static cv_engine *_Atomic watched;
static volatile sig_atomic_t first_signal;
static volatile sig_atomic_t count;

static void on_signal(int signal_number)
{
    count++;
    if (!first_signal)
        first_signal = signal_number;
    if (count > 1 && signal_number == SIGINT) {
        static const char message[] = "\nconveyor: second interrupt, leaving now\n";
        ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
        _exit(128 + SIGINT);
    }
    cv_engine *engine = atomic_load(&watched);
    if (engine)
        cv_engine_request_stop(engine);
}

void cv_signals_install(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

void cv_signals_watch(cv_engine *engine)
{
    atomic_store(&watched, engine);
    if (engine && first_signal)
        cv_engine_request_stop(engine);
}

int cv_signals_received(void)
{
    return first_signal;
}

int cv_signals_exit_status(void)
{
    return first_signal ? 128 + first_signal : 0;
}
