/*
 * signals.c — see signals.h. The handler only does async-signal-safe
 * things: atomic loads and stores, clock_gettime, write, unlink of the
 * export's temporary file, and _exit on a second Ctrl-C. A second SIGINT
 * counts only when it comes at least SECOND_INTERRUPT_NS after the first:
 * GNU timeout, job-control shells and supervisors send one signal to the
 * process and again to its group, and that pair is one interrupt, not a
 * person pressing Ctrl-C twice.
 */
#include "signals.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "export/output_file.h"

/* A person's second Ctrl-C comes later than this; a duplicate delivery, sooner. */
#define SECOND_INTERRUPT_NS 500000000

/* The most output files a command writes (report, trace, CSV, PNG, SVG). */
#define MAX_PENDING_OUTPUTS 5

static cv_engine *_Atomic watched;
static volatile sig_atomic_t first_signal;
static _Atomic int64_t first_signal_ns;
static volatile sig_atomic_t exporting;
static const char *pending_paths[MAX_PENDING_OUTPUTS];
static volatile sig_atomic_t pending[MAX_PENDING_OUTPUTS];

static int64_t now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static void say(const char *text)
{
    size_t length = strlen(text);
    ssize_t ignored = write(STDERR_FILENO, text, length);
    (void)ignored;
}

/* Leaves at once, naming the requested files that are not in place. */
static void leave_now(void)
{
    say("\nconveyor: second interrupt, leaving now");
    bool any = false;
    for (int i = 0; i < MAX_PENDING_OUTPUTS; i++) {
        if (!pending[i])
            continue;
        say(any ? ", " : "; not written: ");
        say(pending_paths[i]);
        any = true;
    }
    say("\n");
    /* A half-written export is only ever a temporary file: remove it. */
    cv_output_abandon_from_signal();
    _exit(128 + SIGINT);
}

static void on_signal(int signal_number)
{
    int64_t now = now_ns();
    if (!first_signal) {
        atomic_store(&first_signal_ns, now);
        first_signal = signal_number;
    } else if (now - atomic_load(&first_signal_ns) < SECOND_INTERRUPT_NS) {
        /* The first one delivered again: if the run it stopped has reached
         * its exports meanwhile, they go on, as for a single interrupt. */
        return;
    } else if (signal_number == SIGINT) {
        leave_now();
    }
    if (exporting)
        cv_output_request_stop();
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
    /* Without this a closed terminal killed the run before it wrote its files. */
    sigaction(SIGHUP, &action, NULL);
}

void cv_signals_watch(cv_engine *engine)
{
    atomic_store(&watched, engine);
    if (engine && first_signal)
        cv_engine_request_stop(engine);
}

void cv_signals_exporting(bool now)
{
    exporting = now;
}

int cv_signals_received(void)
{
    return first_signal;
}

int cv_signals_exit_status(void)
{
    return first_signal ? 128 + first_signal : 0;
}

void cv_signals_outputs_pending(const cv_outputs *outputs)
{
    const char *paths[MAX_PENDING_OUTPUTS] = {outputs->report_path, outputs->trace_path,
                                              outputs->csv_path, outputs->png_path,
                                              outputs->svg_path};
    for (int i = 0; i < MAX_PENDING_OUTPUTS; i++) {
        pending[i] = 0;
        pending_paths[i] = paths[i];
        pending[i] = paths[i] != NULL && strcmp(paths[i], "-") != 0;
    }
}

void cv_signals_output_written(const char *path)
{
    for (int i = 0; i < MAX_PENDING_OUTPUTS; i++) {
        if (pending_paths[i] == path)
            pending[i] = 0;
    }
}
