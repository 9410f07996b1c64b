/*
 * engine_bench.c — what tracing costs: the engine traced vs untraced vs the
 * textbook buffer (bench/baseline_buffer.c), the price of one trace event,
 * memory per event, and the largest runs the backends allow.
 *
 * The machines this runs on are shared and noisy, so the three variants of a
 * shape run interleaved (each round runs all three, starting with the next
 * one in turn) and the ratios are medians of the ratios within each round,
 * measured side by side. Item counts are picked per shape and per variant
 * (engine, textbook) by pilot runs so one run takes about --target-s seconds. Tables go to stdout
 * as Markdown; progress to stderr.
 *
 *   engine_bench probe [--runs N] [--target-s S] [--data FILE] [--only threads:2x2:16]
 *   engine_bench event-cost
 *   engine_bench memory [--events N]
 *   engine_bench scale
 *   engine_bench profile traced|untraced|textbook threads:1x1:16 ITEMS RUNS   (for perf)
 *
 * Engine runs read CONVEYOR_RING_EVENTS, CONVEYOR_SPIN_NS (-1: no spin) and
 * CONVEYOR_TRACE_RESERVE_BYTES (-1: map no trace memory ahead) to try other
 * settings without rebuilding (see cv_bench_engine_options); profile also
 * reads CONVEYOR_POLL_MS.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline_buffer.h"
#include "bench_support.h"
#include "clock.h"
#include "collector.h"
#include "region.h"
#include "ring.h"
#include "targets.h"
#include "worker.h"

#define MAX_RUNS 64

typedef struct options {
    const char *mode;
    int runs;
    double target_s;
    const char *data_path;
    uint64_t memory_events;
    const char *only;   /* "threads:2x2:16": run just this probe shape */
    double hot_path_ns; /* probe: a put/get event's cost on the worker, measured first */
} options;

/* ---------------------------------------------------------------- probe */

typedef struct probe_shape {
    cv_backend backend;
    uint32_t workers_per_side;
    uint32_t buffer_slots;
} probe_shape;

typedef struct probe_row {
    uint64_t items, textbook_items;                         /* per run */
    double baseline_rate, traced_rate, untraced_rate;       /* medians, items/s */
    double traced_vs_untraced, traced_vs_baseline;          /* medians of per-round ratios */
    double traced_vs_untraced_low, traced_vs_untraced_high; /* their range over the rounds */
    double events_per_item;
    double collector_ns; /* the polling thread's extra CPU per event, traced over untraced */
    double expected;     /* traced/untraced if tracing's CPU were its only cost */
    double lock_share_traced, lock_share_untraced; /* workers' time blocked on the buffer lock */
    uint64_t dropped;                              /* most dropped in any traced run */
    int failures;
} probe_row;

static cv_scenario probe_scenario(const probe_shape *shape, uint64_t items)
{
    return cv_test_scenario(shape->backend, shape->workers_per_side, shape->workers_per_side,
                            shape->buffer_slots, items);
}

/* The share of the workers' time spent blocked on the buffer lock. */
static double lock_share(const cv_bench_run *run)
{
    double total = 0;
    for (int state = 0; state < CV_STATE_COUNT; state++)
        total += run->state_s[state];
    return total > 0 ? run->state_s[CV_STATE_WAIT_LOCK] / total : 0;
}

static bool engine_ok(const cv_bench_run *run, uint64_t items)
{
    return run->started && run->outcome == CV_OUTCOME_COMPLETED && run->ledger_ok &&
           run->items_consumed == items && run->elapsed_s > 0;
}

/* One pilot run of `items` items: the traced engine or the textbook buffer;
 * its elapsed seconds, or 0 if it failed. */
static double pilot_run(const probe_shape *shape, uint64_t items, bool textbook)
{
    if (textbook) {
        cv_baseline_shape b = {shape->backend, shape->workers_per_side, shape->workers_per_side,
                               shape->buffer_slots, items};
        cv_baseline_result result;
        return cv_baseline_run(&b, &result) && result.sum_ok ? result.elapsed_s : 0;
    }
    cv_scenario scenario = probe_scenario(shape, items);
    cv_bench_run run = cv_bench_engine_run(&scenario, false);
    return engine_ok(&run, items) ? run.elapsed_s : 0;
}

/*
 * Grow the item count until a run takes 50 ms, then scale to the target.
 * The engine and the textbook buffer get their own counts: where one is 100
 * times faster than the other (the textbook never spins, so at buffer 1 it
 * sleeps on every item), one count would make one of them take minutes or
 * the other milliseconds. Throughput is a rate, so the counts need not match.
 */
static uint64_t pick_items(const probe_shape *shape, double target_s, bool textbook)
{
    uint64_t items = 2000;
    double elapsed = 0;
    for (;;) {
        elapsed = pilot_run(shape, items, textbook);
        if (elapsed >= 0.05 || items >= 50000000)
            break;
        items *= 4;
    }
    if (elapsed <= 0)
        return items;
    double scaled = (double)items * target_s / elapsed;
    if (scaled < 1000)
        scaled = 1000;
    if (scaled > 50000000)
        scaled = 50000000;
    return (uint64_t)(scaled / 1000) * 1000;
}

static void note_failure(const char *what, const probe_shape *shape, const char *why)
{
    fprintf(stderr, "engine_bench: %s run failed (%s %ux%u buffer %u): %s\n", what,
            cv_backend_name(shape->backend), shape->workers_per_side, shape->workers_per_side,
            shape->buffer_slots, why);
}

static probe_row probe_one(const probe_shape *shape, const options *opt)
{
    probe_row row = {0};
    row.items = pick_items(shape, opt->target_s, false);
    row.textbook_items = pick_items(shape, opt->target_s, true);
    cv_scenario scenario = probe_scenario(shape, row.items);
    cv_baseline_shape baseline = {shape->backend, shape->workers_per_side, shape->workers_per_side,
                                  shape->buffer_slots, row.textbook_items};
    double base[MAX_RUNS], traced[MAX_RUNS], untraced[MAX_RUNS];
    double ratio_untraced[MAX_RUNS], ratio_base[MAX_RUNS], events[MAX_RUNS];
    double lock_traced[MAX_RUNS], lock_untraced[MAX_RUNS], collector[MAX_RUNS];
    int n = 0;
    for (int round = 0; round < opt->runs; round++) {
        /* The three take turns going first, so none is always the one that
         * runs right after a cold start or right after the heaviest. */
        cv_baseline_result b = {0};
        cv_bench_run t = {0}, u = {0};
        bool b_ok = false;
        for (int k = 0; k < 3; k++) {
            switch ((round + k) % 3) {
            case 0:
                b_ok = cv_baseline_run(&baseline, &b) && b.sum_ok;
                break;
            case 1:
                t = cv_bench_engine_run(&scenario, false);
                break;
            default:
                u = cv_bench_engine_run(&scenario, true);
                break;
            }
        }
        if (!b_ok)
            note_failure("textbook", shape, strerror(errno));
        if (!engine_ok(&t, row.items))
            note_failure("traced", shape, t.explanation);
        if (!engine_ok(&u, row.items))
            note_failure("untraced", shape, u.explanation);
        if (!b_ok || !engine_ok(&t, row.items) || !engine_ok(&u, row.items)) {
            row.failures++;
            continue;
        }
        base[n] = (double)row.textbook_items / b.elapsed_s;
        traced[n] = (double)row.items / t.elapsed_s;
        untraced[n] = (double)row.items / u.elapsed_s;
        ratio_untraced[n] = traced[n] / untraced[n];
        ratio_base[n] = traced[n] / base[n];
        events[n] = (double)t.event_count / (double)row.items;
        collector[n] = (t.poll_cpu_s - u.poll_cpu_s) * 1e9 / (double)t.event_count;
        lock_traced[n] = lock_share(&t);
        lock_untraced[n] = lock_share(&u);
        if (t.dropped_events > row.dropped)
            row.dropped = t.dropped_events;
        n++;
    }
    if (n == 0)
        return row;
    row.baseline_rate = cv_bench_median(base, (size_t)n);
    row.traced_rate = cv_bench_median(traced, (size_t)n);
    row.untraced_rate = cv_bench_median(untraced, (size_t)n);
    row.traced_vs_untraced = cv_bench_median(ratio_untraced, (size_t)n);
    row.traced_vs_untraced_low = row.traced_vs_untraced_high = ratio_untraced[0];
    for (int i = 1; i < n; i++) {
        if (ratio_untraced[i] < row.traced_vs_untraced_low)
            row.traced_vs_untraced_low = ratio_untraced[i];
        if (ratio_untraced[i] > row.traced_vs_untraced_high)
            row.traced_vs_untraced_high = ratio_untraced[i];
    }
    row.traced_vs_baseline = cv_bench_median(ratio_base, (size_t)n);
    row.events_per_item = cv_bench_median(events, (size_t)n);
    row.collector_ns = cv_bench_median(collector, (size_t)n);
    /* With the cores busy (the workers spin rather than sleep on short
     * waits), an item costs cores / rate of CPU untraced; tracing adds its
     * events on the workers and their collection. */
    double cores = (double)sysconf(_SC_NPROCESSORS_ONLN);
    double item_ns = cores * 1e9 / row.untraced_rate;
    double tracing_ns = row.events_per_item * (opt->hot_path_ns + row.collector_ns);
    row.expected = item_ns / (item_ns + tracing_ns);
    row.lock_share_traced = cv_bench_median(lock_traced, (size_t)n);
    row.lock_share_untraced = cv_bench_median(lock_untraced, (size_t)n);
    return row;
}

static bool probe_selected(const probe_shape *shape, const char *only)
{
    if (!only)
        return true;
    char name[64];
    snprintf(name, sizeof name, "%s:%ux%u:%u", cv_backend_name(shape->backend),
             shape->workers_per_side, shape->workers_per_side, shape->buffer_slots);
    return strcmp(name, only) == 0;
}

static double hot_path_ns(void);

static int run_probe(options *opt)
{
    opt->hot_path_ns = hot_path_ns();
    static const uint32_t sides[] = {1, 2, 4};
    static const uint32_t buffers[] = {1, 16, 1024};
    FILE *data = NULL;
    if (opt->data_path) {
        data = fopen(opt->data_path, "w");
        if (!data) {
            fprintf(stderr, "engine_bench: cannot write %s: %s\n", opt->data_path, strerror(errno));
            return 1;
        }
        fprintf(data, "# "
                      "backend\tshape\tbuffer\ttextbook\ttraced\tuntraced\ttraced/untraced\ttraced/"
                      "textbook\n");
    }
    printf("| backend | shape | buffer | items/run (engine / textbook) | textbook items/s | traced "
           "items/s | "
           "untraced items/s | traced/untraced | its range over the rounds | traced/textbook | "
           "events/item | blocked on lock "
           "traced / untraced | dropped | tracing's CPU per event: worker + collector | "
           "traced/untraced expected from that CPU |\n");
    printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    int failures = 0;
    for (int b = CV_BACKEND_THREADS; b <= CV_BACKEND_PROCESSES; b++) {
        for (size_t s = 0; s < sizeof sides / sizeof sides[0]; s++) {
            for (size_t k = 0; k < sizeof buffers / sizeof buffers[0]; k++) {
                probe_shape shape = {(cv_backend)b, sides[s], buffers[k]};
                if (!probe_selected(&shape, opt->only))
                    continue;
                fprintf(stderr, "probe: %s %ux%u buffer %u ...\n", cv_backend_name(shape.backend),
                        sides[s], sides[s], buffers[k]);
                probe_row row = probe_one(&shape, opt);
                failures += row.failures;
                printf("| %s | %ux%u | %u | %llu / %llu | %.0f | %.0f | %.0f | %.3f | %.2f-%.2f | "
                       "%.3f | "
                       "%.2f | "
                       "%.0f%% / %.0f%% | %llu | %.1f + %.1f ns | %.2f |\n",
                       cv_backend_name(shape.backend), sides[s], sides[s], buffers[k],
                       (unsigned long long)row.items, (unsigned long long)row.textbook_items,
                       row.baseline_rate, row.traced_rate, row.untraced_rate,
                       row.traced_vs_untraced, row.traced_vs_untraced_low,
                       row.traced_vs_untraced_high, row.traced_vs_baseline, row.events_per_item,
                       100 * row.lock_share_traced, 100 * row.lock_share_untraced,
                       (unsigned long long)row.dropped, opt->hot_path_ns, row.collector_ns,
                       row.expected);
                fflush(stdout);
                if (data)
                    fprintf(data, "%s\t%ux%u\t%u\t%.0f\t%.0f\t%.0f\t%.4f\t%.4f\n",
                            cv_backend_name(shape.backend), sides[s], sides[s], buffers[k],
                            row.baseline_rate, row.traced_rate, row.untraced_rate,
                            row.traced_vs_untraced, row.traced_vs_baseline);
            }
        }
    }
    printf("\nMedians of %d interleaved rounds (textbook, traced and untraced, each round "
           "starting with the next of the three); ratios are "
           "medians of the per-round ratios. \"Blocked on lock\" is the share of the workers' "
           "time in the wait-lock state, as the workers measure it (traced or not). The "
           "worker's cost per event is `cv_probe_instant` timed alone (%.1f ns, as in the "
           "event-cost section); the collector's is the polling thread's CPU time, traced "
           "minus untraced, per event collected. The expected ratio is "
           "item / (item + events per item x both), where an untraced item costs %ld cores / "
           "untraced rate: what tracing's own CPU allows when the cores are full. %d failed "
           "round(s).\n",
           opt->runs, opt->hot_path_ns, sysconf(_SC_NPROCESSORS_ONLN), failures);
    if (data)
        fclose(data);
    return failures ? 1 : 0;
}

/* ----------------------------------------------------------- event cost */

#define COST_RING_EVENTS (1u << 20)
#define COST_EVENTS 4000000u
#define COST_REPEATS 5
#define DISCARD_EVENTS 4096
#define COLLECTOR_POLL_NS 2000000 /* as cv_engine_run_to_end */

/* One worker's region and context, exactly as a real worker would have them. */
typedef struct cost_rig {
    cv_scenario scenario;
    cv_region region;
    cv_worker worker;
} cost_rig;

static bool rig_init(cost_rig *rig)
{
    *rig = (cost_rig){0};
    rig->scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 1, 1);
    cv_region_shape shape = {.worker_count = 1,
                             .worker_bytes = sizeof(cv_worker_slot),
                             .buffer_slots = 1,
                             .ring_capacity = COST_RING_EVENTS};
    cv_error err;
    if (cv_region_create(&shape, false, &rig->region, &err) != CV_OK) {
        fprintf(stderr, "engine_bench: %s\n", err.message);
        return false;
    }
    cv_control *control = cv_region_control(&rig->region);
    control->traced = true;
    cv_run_clock_start(&control->clock);
    cv_worker_slot *slot = cv_region_worker(control, 0);
    slot->role = CV_ROLE_PRODUCER;
    slot->spawn_request_ns = 0;
    cv_worker_init(&rig->worker, control, &rig->scenario, 0, 1.0);
    return true;
}

static void rig_free(cost_rig *rig)
{
    cv_region_destroy(&rig->region);
}

static void drain_all(cost_rig *rig)
{
    cv_event discard[DISCARD_EVENTS];
    while (cv_ring_drain(rig->worker.probe.ring, discard, DISCARD_EVENTS) > 0)
        continue;
}

typedef enum cost_kind { COST_CLOCK, COST_PUSH, COST_INSTANT, COST_STATE } cost_kind;

/* ns per operation, timed in half-ring batches with the ring emptied (untimed) between. */
static double time_batches(cost_rig *rig, cost_kind kind)
{
    const uint32_t batch = COST_RING_EVENTS / 2;
    double spent = 0;
    int64_t sink = 0;
    for (uint32_t done = 0; done < COST_EVENTS; done += batch) {
        drain_all(rig);
        double start = cv_bench_thread_cpu_s();
        for (uint32_t i = 0; i < batch; i++) {
            switch (kind) {
            case COST_CLOCK:
                sink += cv_mono_ns();
                break;
            case COST_PUSH:
                cv_ring_push(rig->worker.probe.ring, cv_event_make(i, CV_EVENT_PUT, i, 3));
                break;
            case COST_INSTANT:
                cv_probe_instant(&rig->worker.probe, CV_EVENT_PUT, i, 3);
                break;
            case COST_STATE:
                cv_probe_set_state(&rig->worker.probe, i & 1 ? CV_STATE_WORK : CV_STATE_WAIT_ITEM);
                break;
            }
        }
        spent += cv_bench_thread_cpu_s() - start;
    }
    if (sink == 42)
        fprintf(stderr, " ");
    return spent * 1e9 / COST_EVENTS;
}

/* The collector's own path (core/trace/collector.c): ring straight into the trace. */
static size_t collect_once(cost_rig *rig, cv_trace *trace)
{
    uint64_t before = trace->event_count;
    cv_collect_ring(rig->worker.probe.ring, trace, 0);
    return (size_t)(trace->event_count - before);
}

/* Events per second the collector moves from a full ring into the trace. */
static double drain_rate(cost_rig *rig)
{
    cv_trace trace;
    cv_error err;
    if (cv_trace_init(&trace, 1, &err) != CV_OK)
        return 0;
    double spent = 0;
    size_t moved = 0;
    for (uint32_t done = 0; done < COST_EVENTS; done += COST_RING_EVENTS) {
        for (uint32_t i = 0; i < COST_RING_EVENTS; i++)
            cv_probe_instant(&rig->worker.probe, CV_EVENT_PUT, i, 3);
        double start = cv_bench_thread_cpu_s();
        moved += collect_once(rig, &trace);
        spent += cv_bench_thread_cpu_s() - start;
    }
    cv_trace_free(&trace);
    return spent > 0 ? (double)moved / spent : 0;
}

typedef struct live_collector {
    cost_rig *rig;
    cv_trace trace;
    _Atomic int stop;
} live_collector;

static void *collector_main(void *arg)
{
    live_collector *c = arg;
    while (!atomic_load(&c->stop)) {
        collect_once(c->rig, &c->trace);
        cv_sleep_ns(COLLECTOR_POLL_NS);
    }
    collect_once(c->rig, &c->trace);
    return NULL;
}

/* The worker's ns per event while a collector drains the same ring the way the engine's does. */
static double instant_with_collector(cost_rig *rig, uint64_t *dropped, uint64_t *collected)
{
    live_collector c = {.rig = rig};
    cv_error err;
    if (cv_trace_init(&c.trace, 1, &err) != CV_OK)
        return 0;
    drain_all(rig);
    uint64_t dropped_before = cv_ring_dropped(rig->worker.probe.ring);
    pthread_t thread;
    if (pthread_create(&thread, NULL, collector_main, &c) != 0) {
        cv_trace_free(&c.trace);
        return 0;
    }
    double start = cv_bench_thread_cpu_s();
    for (uint32_t i = 0; i < COST_EVENTS; i++)
        cv_probe_instant(&rig->worker.probe, CV_EVENT_PUT, i, 3);
    double spent = cv_bench_thread_cpu_s() - start;
    atomic_store(&c.stop, 1);
    pthread_join(thread, NULL);
    *dropped = cv_ring_dropped(rig->worker.probe.ring) - dropped_before;
    *collected = c.trace.event_count;
    cv_trace_free(&c.trace);
    return spent * 1e9 / COST_EVENTS;
}

static double median_of_repeats(cost_rig *rig, cost_kind kind)
{
    double samples[COST_REPEATS];
    for (int r = 0; r < COST_REPEATS; r++)
        samples[r] = time_batches(rig, kind);
    return cv_bench_median(samples, COST_REPEATS);
}

/* For the probe: a put/get event's cost on the worker. */
static double hot_path_ns(void)
{
    cost_rig rig;
    if (!rig_init(&rig))
        return 0;
    double ns = median_of_repeats(&rig, COST_INSTANT);
    rig_free(&rig);
    return ns;
}

static int run_event_cost(void)
{
    cost_rig rig;
    if (!rig_init(&rig))
        return 1;
    double clock_ns = median_of_repeats(&rig, COST_CLOCK);
    double push_ns = median_of_repeats(&rig, COST_PUSH);
    double instant_ns = median_of_repeats(&rig, COST_INSTANT);
    double state_ns = median_of_repeats(&rig, COST_STATE);
    double rates[COST_REPEATS], live[COST_REPEATS];
    uint64_t live_dropped = 0, live_collected = 0;
    for (int r = 0; r < COST_REPEATS; r++) {
        rates[r] = drain_rate(&rig);
        uint64_t dropped = 0, collected = 0;
        live[r] = instant_with_collector(&rig, &dropped, &collected);
        live_dropped += dropped;
        live_collected += collected;
    }
    printf("| hot-path operation (thread CPU time, %u events per sample, median of %d) | cost |\n",
           COST_EVENTS, COST_REPEATS);
    printf("|---|---:|\n");
    printf("| clock read alone (`clock_gettime(CLOCK_MONOTONIC)`) | %.1f ns |\n", clock_ns);
    printf("| `cv_ring_push` alone (time stamp given) | %.1f ns |\n", push_ns);
    printf("| **put/get event: `cv_probe_instant` (clock read + push)** | **%.1f ns** |\n",
           instant_ns);
    printf("| state change: `cv_probe_set_state` (clock, accounting, publish, push) | %.1f ns |\n",
           state_ns);
    printf("| put/get event with a live collector draining every 2 ms | %.1f ns (%llu of %llu "
           "dropped) |\n",
           cv_bench_median(live, COST_REPEATS), (unsigned long long)live_dropped,
           (unsigned long long)(live_collected + live_dropped));
    printf(
        "| collector drain rate (ring -> trace, as core/trace/collector.c) | %.1f M events/s |\n",
        cv_bench_median(rates, COST_REPEATS) / 1e6);
    cv_bench_target("cost per trace event on the hot path ≤ 15 ns", instant_ns <= 15.0,
                    "%.1f ns (put/get: clock read + ring push)", instant_ns);
    rig_free(&rig);
    return 0;
}

/* --------------------------------------------------------------- memory */

static void print_memory_row(const char *what, double mb, double per_event)
{
    printf("| %s | %.1f MB | %.1f B |\n", what, mb, per_event);
}

/* Hold a threads 1x1 run's trace of at least `events` events and see what it costs. */
static int run_memory(const options *opt)
{
    cv_scenario pilot = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 1024, 200000);
    cv_bench_run p = cv_bench_engine_run(&pilot, false);
    if (!engine_ok(&p, 200000) || p.event_count == 0) {
        fprintf(stderr, "engine_bench: memory pilot failed: %s\n", p.explanation);
        return 1;
    }
    double per_item = (double)p.event_count / 200000.0;
    uint64_t items = (uint64_t)((double)opt->memory_events / per_item) + 1000;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 1024, items);
    long rss_before = cv_bench_status_kb("VmRSS");
    cv_engine *engine = NULL;
    cv_error err;
    cv_engine_options engine_options = {0};
    if (cv_engine_start(&scenario, &engine_options, &engine, &err) != CV_OK) {
        fprintf(stderr, "engine_bench: %s\n", err.message);
        return 1;
    }
    cv_engine_run_to_end(engine);
    long rss_after = cv_bench_status_kb("VmRSS");
    long hwm = cv_bench_status_kb("VmHWM");
    const cv_trace *trace = cv_engine_trace(engine);
    const cv_run_result *result = cv_engine_result(engine);
    double events = (double)trace->event_count;
    size_t used = 0, capacity = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        used += trace->events[lane].count * sizeof(cv_event);
        capacity += trace->events[lane].capacity * sizeof(cv_event);
    }
    printf("Threads 1x1, buffer 1024, %llu items -> %.0f events (%llu dropped), outcome %s.\n\n",
           (unsigned long long)items, events, (unsigned long long)result->dropped_events,
           cv_outcome_name(result->outcome));
    printf("| memory for the trace | total | per event |\n|---|---:|---:|\n");
    print_memory_row("events themselves (16 B each)", (double)used / 1e6, (double)used / events);
    print_memory_row("trace arrays reserved (doubling; untouched pages cost no RAM)",
                     (double)capacity / 1e6, (double)capacity / events);
    print_memory_row("**RSS growth of the process, end of run (trace + rings + ledger)**",
                     (double)(rss_after - rss_before) * 1024 / 1e6,
                     (double)(rss_after - rss_before) * 1024 / events);
    print_memory_row("of which not the events (rings, ledger)",
                     (double)(rss_after - rss_before) * 1024 / 1e6 - (double)used / 1e6,
                     ((double)(rss_after - rss_before) * 1024 - (double)used) / events);
    print_memory_row("peak RSS (VmHWM) minus RSS before the run",
                     (double)(hwm - rss_before) * 1024 / 1e6,
                     (double)(hwm - rss_before) * 1024 / events);
    double grown_mb = (double)(rss_after - rss_before) * 1024 / 1e6;
    cv_bench_target("memory for 10 M events ≤ 200 MB", grown_mb * 1e7 / events <= 200.0,
                    "%.0f MB for %.1f M events (%.1f B per event)", grown_mb, events / 1e6,
                    grown_mb * 1e6 / events);
    cv_engine_destroy(engine);
    return result->outcome == CV_OUTCOME_COMPLETED ? 0 : 1;
}

/* ---------------------------------------------------------------- scale */

static int run_scale(void)
{
    static const struct {
        cv_backend backend;
        uint32_t side;
    } shapes[] = {{CV_BACKEND_THREADS, 512}, {CV_BACKEND_PROCESSES, 128}};
    printf("| backend | workers | items | outcome | ledger | elapsed | median spawn | dropped |\n");
    printf("|---|---:|---:|---|---|---:|---:|---:|\n");
    int failures = 0;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        uint64_t items = 50000;
        cv_scenario scenario =
            cv_test_scenario(shapes[i].backend, shapes[i].side, shapes[i].side, 16, items);
        cv_bench_run run = cv_bench_engine_run(&scenario, false);
        if (!engine_ok(&run, items)) {
            failures++;
            fprintf(stderr, "engine_bench: scale run failed: %s\n", run.explanation);
        }
        printf("| %s | %u | %llu | %s | %s | %.2f s | %.0f us | %llu |\n",
               cv_backend_name(shapes[i].backend), 2 * shapes[i].side, (unsigned long long)items,
               run.started ? cv_outcome_name(run.outcome) : "did not start",
               run.ledger_ok ? "ok" : "broken", run.elapsed_s, run.median_spawn_ns / 1e3,
               (unsigned long long)run.dropped_events);
        char target[64];
        snprintf(target, sizeof target, "%u %s run to completion", 2 * shapes[i].side,
                 shapes[i].backend == CV_BACKEND_THREADS ? "threads" : "processes");
        cv_bench_target(target, engine_ok(&run, items), "%s, ledger %s, %.2f s",
                        run.started ? cv_outcome_name(run.outcome) : "did not start",
                        run.ledger_ok ? "ok" : "broken", run.elapsed_s);
    }
    return failures ? 1 : 0;
}

/* -------------------------------------------------------------- profile */

/* One variant of one shape, again and again, for `perf stat` / `perf record`. */
static int run_profile(int argc, char **argv)
{
    unsigned side = 0, side2 = 0, buffer = 0;
    char backend[16] = "";
    if (argc != 6 || sscanf(argv[3], "%15[a-z]:%ux%u:%u", backend, &side, &side2, &buffer) != 4 ||
        side != side2 || side == 0 || buffer == 0)
        return 2;
    probe_shape shape = {strcmp(backend, "processes") == 0 ? CV_BACKEND_PROCESSES
                                                           : CV_BACKEND_THREADS,
                         side, buffer};
    uint64_t items = strtoull(argv[4], NULL, 10);
    int runs = atoi(argv[5]);
    double spent = 0;
    double state_s[CV_STATE_COUNT] = {0};
    double parent_cpu = 0;
    /* CONVEYOR_POLL_MS polls the engine at another interval (see bench_support.h). */
    const char *poll_ms = getenv("CONVEYOR_POLL_MS");
    if (poll_ms)
        cv_bench_set_poll_ns((int64_t)(atof(poll_ms) * 1e6));
    for (int r = 0; r < runs; r++) {
        if (strcmp(argv[2], "textbook") == 0) {
            cv_baseline_shape b = {shape.backend, side, side, buffer, items};
            cv_baseline_result result;
            if (!cv_baseline_run(&b, &result) || !result.sum_ok)
                return 1;
            spent += result.elapsed_s;
        } else {
            cv_scenario scenario = probe_scenario(&shape, items);
            cv_engine_options engine_options =
                cv_bench_engine_options(strcmp(argv[2], "untraced") == 0);
            double cpu_before = cv_bench_thread_cpu_s();
            cv_bench_run run = cv_bench_engine_run_with(&scenario, &engine_options);
            parent_cpu += cv_bench_thread_cpu_s() - cpu_before;
            if (!engine_ok(&run, items))
                return 1;
            spent += run.elapsed_s;
            for (int state = 0; state < CV_STATE_COUNT; state++)
                state_s[state] += run.state_s[state];
        }
    }
    printf("%s %s: %.0f items/s over %d runs\n", argv[2], argv[3], (double)items * runs / spent,
           runs);
    /* The parent's thread starts the workers, then polls: with tracing on it
     * is the collector, and on a machine whose cores the workers fill, every
     * cycle it spends is taken from them. */
    if (strcmp(argv[2], "textbook") != 0)
        printf("  parent thread (start, poll, collect, end): %.1f ms CPU, %.1f%% of one core "
               "over the runs\n",
               parent_cpu * 1e3, 100 * parent_cpu / spent);
    /* Where the workers' time went, as the workers themselves measured it (traced or not). */
    double total = 0;
    for (int state = 0; state < CV_STATE_COUNT; state++)
        total += state_s[state];
    for (int state = 0; total > 0 && state < CV_STATE_COUNT; state++)
        printf("  %-9s %5.1f%%\n", cv_state_name((cv_state)state), 100 * state_s[state] / total);
    return 0;
}

/* ------------------------------------------------------------------ main */

static int usage(void)
{
    fprintf(stderr,
            "usage: engine_bench probe [--runs N] [--target-s S] [--data FILE] "
            "[--only threads:2x2:16]\n"
            "       engine_bench event-cost | memory [--events N] | scale\n"
            "       engine_bench profile traced|untraced|textbook threads:1x1:16 ITEMS RUNS\n");
    return 2;
}

static bool parse_options(int argc, char **argv, options *opt)
{
    *opt = (options){.runs = 5, .target_s = 0.3, .memory_events = 10000000};
    if (argc < 2)
        return false;
    opt->mode = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value)
            return false;
        if (strcmp(argv[i], "--runs") == 0)
            opt->runs = atoi(value);
        else if (strcmp(argv[i], "--target-s") == 0)
            opt->target_s = atof(value);
        else if (strcmp(argv[i], "--data") == 0)
            opt->data_path = value;
        else if (strcmp(argv[i], "--only") == 0)
            opt->only = value;
        else if (strcmp(argv[i], "--events") == 0)
            opt->memory_events = strtoull(value, NULL, 10);
        else
            return false;
        i++;
    }
    return opt->runs >= 1 && opt->runs <= MAX_RUNS && opt->target_s > 0 && opt->memory_events > 0;
}

int main(int argc, char **argv)
{
    options opt;
    if (argc >= 2 && strcmp(argv[1], "profile") == 0)
        return run_profile(argc, argv) == 2 ? usage() : 0;
    if (!parse_options(argc, argv, &opt))
        return usage();
    if (strcmp(opt.mode, "probe") == 0)
        return run_probe(&opt);
    if (strcmp(opt.mode, "event-cost") == 0)
        return run_event_cost();
    if (strcmp(opt.mode, "memory") == 0)
        return run_memory(&opt);
    if (strcmp(opt.mode, "scale") == 0)
        return run_scale();
    return usage();
}
