/*
 * caption.c — the words of the picture (see caption.h). The strings are the
 * ones the window has always drawn; the SVG writer used to spell its own and
 * drifted ("buffer of N slots", a lowercase outcome word).
 */
#include "layout/caption.h"

#include <stdio.h>
#include <string.h>

#include "render/axis.h"

static void count_roles(const cv_trace *trace, uint32_t *producers, uint32_t *consumers)
{
    *producers = *consumers = 0;
    for (uint32_t i = 0; i < trace->lane_count; i++) {
        if (trace->lanes[i].role == CV_ROLE_PRODUCER)
            (*producers)++;
        else
            (*consumers)++;
    }
}

/* Items per role in stats (which counts from stats->from_ns). */
static void stats_totals(const cv_caption_facts *f, uint64_t *produced, uint64_t *consumed)
{
    *produced = *consumed = 0;
    for (uint32_t i = 0; f->stats && i < f->stats->lane_count; i++) {
        if (f->trace->lanes[i].role == CV_ROLE_PRODUCER)
            *produced += f->stats->lanes[i].items;
        else
            *consumed += f->stats->lanes[i].items;
    }
}

/*
 * The clock and the items it goes with, so that their ratio is a true rate:
 * the run's totals and length once it is over (or shown at its end); the
 * engine's counters live; in a replay before its end, the items up to the
 * playhead. A replay whose statistics count from a --range start cannot
 * say how many items came before the playhead: it shows the whole run.
 * (A replay at 1.14 s of a 3.74 s run said "60 items · 52.9 items/s", the
 * whole run's items over the playhead's time.)
 */
static void progress(const cv_caption_facts *f, int64_t *elapsed_ns, uint64_t *produced,
                     uint64_t *consumed)
{
    const cv_trace *trace = f->trace;
    const cv_run_result *r = f->result;
    *elapsed_ns = f->now_ns;
    /* A finished run's clock stops at its end, even when a stacked pane's
     * shared playhead goes on to a longer run's end. */
    if (trace->finished && *elapsed_ns > trace->end_ns)
        *elapsed_ns = trace->end_ns;
    bool whole_run = r && (f->now_ns >= trace->end_ns ||
                           (!f->have_progress && (!f->stats || f->stats->from_ns != 0)));
    if (whole_run) {
        *elapsed_ns = (int64_t)(r->elapsed_s * 1e9);
        *produced = r->items_produced;
        *consumed = r->items_consumed;
    } else if (f->have_progress) {
        *produced = f->produced;
        *consumed = f->consumed;
    } else {
        stats_totals(f, produced, consumed);
    }
}

/* The banner's words and tone: the outcome once over, else the caller's status. */
static void banner(cv_caption *c, const cv_caption_facts *f)
{
    cv_outcome outcome = f->result ? f->result->outcome : f->trace->outcome;
    bool over = f->trace->finished || (f->result && outcome != CV_OUTCOME_RUNNING);
    c->outcome = outcome;
    if (over && f->now_ns >= f->trace->end_ns) {
        c->banner_tone = CV_BANNER_OUTCOME;
        switch (outcome) {
        case CV_OUTCOME_COMPLETED:
            if (f->result && !f->result->ledger_ok) {
                snprintf(c->banner, sizeof c->banner, "COMPLETED, LEDGER BROKEN");
                c->banner_tone = CV_BANNER_BAD;
            } else {
                snprintf(c->banner, sizeof c->banner, "COMPLETED \xE2\x9C\x93");
            }
            break;
        case CV_OUTCOME_LEDGER_VIOLATION:
            snprintf(c->banner, sizeof c->banner, "RACE: ITEMS LOST / DUPLICATED");
            break;
        case CV_OUTCOME_DEADLOCK:
            snprintf(c->banner, sizeof c->banner, "DEADLOCK");
            break;
        case CV_OUTCOME_WORKER_DIED:
            snprintf(c->banner, sizeof c->banner, "WORKER DIED");
            break;
        case CV_OUTCOME_STOPPED:
            snprintf(c->banner, sizeof c->banner, "STOPPED");
            break;
        default:
            snprintf(c->banner, sizeof c->banner, "%s", cv_outcome_name(outcome));
            break;
        }
        return;
    }
    if (f->status && f->status[0]) {
        snprintf(c->banner, sizeof c->banner, "%s", f->status);
        c->banner_tone = CV_BANNER_STATUS;
    }
}

/* What the lanes run as: the backend, unless a traced program's lanes say
 * they are both threads and processes (core/tracer). */
static const char *lanes_run_as(const cv_trace *trace)
{
    bool threads = false, processes = false;
    for (uint32_t i = 0; i < trace->lane_count; i++) {
        threads |= trace->lanes[i].os_id_kind == CV_OS_ID_THREAD;
        processes |= trace->lanes[i].os_id_kind == CV_OS_ID_PROCESS;
    }
    return threads && processes ? "threads and processes" : cv_backend_name(trace->backend);
}

void cv_caption_make(cv_caption *c, const cv_caption_facts *f)
{
    const cv_trace *trace = f->trace;
    memset(c, 0, sizeof *c);
    snprintf(c->title, sizeof c->title, "%s",
             trace->scenario[0] ? trace->scenario : "(unnamed scenario)");
    snprintf(c->description, sizeof c->description, "%s", trace->description);
    banner(c, f);

    uint32_t producers, consumers;
    count_roles(trace, &producers, &consumers);
    uint64_t produced, consumed;
    int64_t elapsed_ns;
    progress(f, &elapsed_ns, &produced, &consumed);
    char elapsed[32];
    cv_format_duration(elapsed_ns, elapsed, sizeof elapsed);
    double seconds = elapsed_ns > 0 ? elapsed_ns / 1e9 : 0;
    const cv_machine *machine = f->result ? &f->result->machine : &trace->machine;
    char cores[64];
    cv_machine_format_cores(machine, cores, sizeof cores);
    char mode[64] = "";
    if (trace->mode_known)
        snprintf(mode, sizeof mode, " \xC2\xB7 sync %s \xC2\xB7 GIL %s", cv_sync_name(trace->sync),
                 trace->gil ? "on" : "off");
    snprintf(c->setup, sizeof c->setup,
             "%s%s \xC2\xB7 %u producer%s \xE2\x86\x92 %u consumer%s \xC2\xB7 buffer %u slot%s%s%s",
             lanes_run_as(trace), mode, producers, producers == 1 ? "" : "s", consumers,
             consumers == 1 ? "" : "s", trace->buffer_slots, trace->buffer_slots == 1 ? "" : "s",
             cores[0] ? " \xC2\xB7 " : "", cores);
    double rate = seconds > 0 ? (double)consumed / seconds : 0.0;
    snprintf(c->progress, sizeof c->progress,
             "%s \xC2\xB7 produced %llu \xC2\xB7 consumed %llu \xC2\xB7 %.*f items/s", elapsed,
             (unsigned long long)produced, (unsigned long long)consumed, rate >= 100 ? 0 : 1, rate);
    snprintf(c->facts, sizeof c->facts, "%s \xC2\xB7 %s", c->setup, c->progress);
    snprintf(c->facts_brief, sizeof c->facts_brief, "%s%s \xC2\xB7 %s",
             cv_backend_name(trace->backend), mode, c->progress);

    uint64_t dropped = f->result ? f->result->dropped_events : trace->dropped_events;
    if (dropped > 0)
        snprintf(c->warning, sizeof c->warning,
                 "\xE2\x9A\xA0 %llu trace events were dropped (the viewer fell behind): the "
                 "lanes have gaps",
                 (unsigned long long)dropped);
    if (machine->note[0]) {
        /* A busy machine or unmeasured waits change the numbers; a stepped
         * run's note only says how to read the picture. */
        bool numbers = machine->busy || !machine->ready_measured;
        size_t used = strlen(c->warning);
        snprintf(c->warning + used, sizeof c->warning - used, "%s\xE2\x9A\xA0 %s%s",
                 used ? "; " : "", machine->note,
                 numbers ? " \xE2\x80\x94 today's numbers may differ from the lesson page" : "");
    }
    if (f->result && f->now_ns >= trace->end_ns)
        snprintf(c->explanation, sizeof c->explanation, "%s", f->result->explanation);
}

/* The state a lane was in when the run was stopped (its last before `done`). */
static uint32_t last_state_before_done(const cv_trace *trace, uint32_t lane)
{
    const cv_lane_events *events = &trace->events[lane];
    for (size_t i = events->count; i-- > 0;) {
        uint32_t kind = cv_event_kind(&events->events[i]);
        if (kind < CV_STATE_COUNT && kind != CV_STATE_DONE)
            return kind;
    }
    return CV_STATE_DONE;
}

bool cv_caption_lane_died(const cv_run_result *result, uint32_t lane)
{
    return result && result->workers && lane < result->worker_count && result->workers[lane].died;
}

bool cv_caption_death(const cv_run_result *result, uint32_t lane, char *out, size_t out_size)
{
    snprintf(out, out_size, "%s", "");
    if (!cv_caption_lane_died(result, lane))
        return false;
    const cv_worker_summary *w = &result->workers[lane];
    if (w->exit_signal > 0)
        snprintf(out, out_size, "died: killed by signal %d (%s)", w->exit_signal,
                 strsignal(w->exit_signal));
    else if (w->exit_code != 0)
        snprintf(out, out_size, "died: exited with status %d", w->exit_code);
    else
        snprintf(out, out_size, "died");
    return true;
}

bool cv_caption_lane_tag(const cv_trace *trace, const cv_run_result *result, uint32_t lane,
                         char *out, size_t out_size)
{
    snprintf(out, out_size, "%s", "");
    if (!result || lane >= trace->lane_count)
        return false;
    if (cv_caption_death(result, lane, out, out_size))
        return true;
    if (result->outcome != CV_OUTCOME_DEADLOCK)
        return false;
    uint32_t state = last_state_before_done(trace, lane);
    const char *words = NULL;
    if ((int32_t)lane == result->lock_holder)
        words = state == CV_STATE_WAIT_SLOT ? "holds the lock, waits for a slot"
                                            : "holds the lock, waits for an item";
    else if (state == CV_STATE_WAIT_LOCK)
        words = "waits for the lock";
    if (!words)
        return false;
    snprintf(out, out_size, "%s", words);
    return true;
}
