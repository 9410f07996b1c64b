/*
 * timeline_bench.c — what the timeline model costs per frame, per event and
 * per update, on 64 synthetic lanes from 10k to 10M events.
 *
 * A frame is what the window asks each frame: 1280 columns for every lane
 * plus the buffer fill strip. It is measured on the whole run and on views
 * zoomed in 4x to 4096x at spread-out positions (200 frames each kind);
 * building is timed from scratch and as a live run taken in over 600 frames.
 * Times are this thread's CPU time, so other programs sharing the machine
 * do not inflate them. Usage: timeline_bench [max_events] (default 10000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "support/synthetic_trace.h"
#include "timeline/timeline.h"

enum { LANES = 64, COLUMNS = 1280, FRAMES = 200, LIVE_FRAMES = 600, ZOOMS = 7 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct percentiles {
    double median;
    double p99;
    double max;
} percentiles;

static percentiles summarise(double *samples, size_t count)
{
    qsort(samples, count, sizeof *samples, compare_doubles);
    percentiles p = {samples[count / 2],
                     samples[(count * 99) / 100 < count ? (count * 99) / 100 : count - 1],
                     samples[count - 1]};
    return p;
}

static cv_column columns[LANES][COLUMNS];
static uint32_t fill[COLUMNS];

/* One frame: every lane's columns and the fill strip over [t0, t1). */
static double frame_ms(const cv_timeline *timeline, int64_t t0, int64_t t1)
{
    double start = now_ms();
    for (uint32_t lane = 0; lane < LANES; lane++)
        cv_timeline_query(timeline, lane, t0, t1, COLUMNS, columns[lane]);
    cv_timeline_fill_query(timeline, t0, t1, COLUMNS, fill);
    return now_ms() - start;
}

/* Frames over views `zoom` times narrower than the run, spread over it. */
static percentiles zoomed_frames(const cv_timeline *timeline, int64_t end, int64_t zoom)
{
    double samples[FRAMES];
    int64_t width = end / zoom;
    for (int f = 0; f < FRAMES; f++) {
        int64_t t0 = (end - width) / FRAMES * f;
        samples[f] = frame_ms(timeline, t0, t0 + width);
    }
    return summarise(samples, FRAMES);
}

/* A live run: the trace's events revealed over LIVE_FRAMES frames, without copying them. */
static percentiles live_updates(const cv_trace *full)
{
    cv_trace live = *full;
    live.events = calloc(full->lane_count, sizeof *live.events);
    live.event_count = 0;
    live.end_ns = 0;
    live.finished = false;
    cv_timeline *timeline = cv_timeline_create(&live);
    static double samples[LIVE_FRAMES];
    for (int f = 1; f <= LIVE_FRAMES; f++) {
        int64_t until = full->end_ns / LIVE_FRAMES * f;
        for (uint32_t l = 0; l < full->lane_count; l++) {
            cv_lane_events *lane = &live.events[l];
            lane->events = full->events[l].events;
            while (lane->count < full->events[l].count && lane->events[lane->count].time_ns < until)
                lane->count++;
        }
        live.end_ns = until;
        double start = now_ms();
        cv_timeline_update(timeline);
        samples[f - 1] = now_ms() - start;
    }
    cv_timeline_destroy(timeline);
    free(live.events);
    return summarise(samples, LIVE_FRAMES);
}

static void bench(uint64_t events)
{
    cv_trace trace;
    cv_error err;
    cv_synthetic_options options = {LANES, events, 7, 8, 0};
    if (cv_synthetic_trace(&trace, &options, &err) != CV_OK) {
        fprintf(stderr, "timeline_bench: %s\n", err.message);
        exit(1);
    }
    double start = now_ms();
    cv_timeline *timeline = cv_timeline_create(&trace);
    double build = now_ms() - start;
    double bytes_per_event = (double)cv_timeline_memory_bytes(timeline) / (double)events;

    percentiles whole = zoomed_frames(timeline, trace.end_ns, 1);
    double zoom_samples[ZOOMS * FRAMES];
    double worst_median = 0;
    int64_t worst_zoom = 0;
    for (int z = 0; z < ZOOMS; z++) {
        int64_t zoom = (int64_t)4 << (2 * z); /* 4x .. 16384x */
        double samples[FRAMES];
        int64_t width = trace.end_ns / zoom;
        for (int f = 0; f < FRAMES; f++) {
            int64_t t0 = (trace.end_ns - width) / FRAMES * f;
            samples[f] = frame_ms(timeline, t0, t0 + width);
        }
        memcpy(zoom_samples + z * FRAMES, samples, sizeof samples);
        percentiles p = summarise(samples, FRAMES);
        if (p.median > worst_median) {
            worst_median = p.median;
            worst_zoom = zoom;
        }
    }
    percentiles zoomed = summarise(zoom_samples, ZOOMS * FRAMES);
    cv_timeline_destroy(timeline);
    percentiles live = live_updates(&trace);

    printf("| %9llu | %8.1f | %6.2f | %6.3f / %6.3f | %6.3f / %6.3f | %6.3f @%6lldx | %6.3f / "
           "%6.3f / %6.2f |\n",
           (unsigned long long)events, build, bytes_per_event, whole.median, whole.p99,
           zoomed.median, zoomed.p99, worst_median, (long long)worst_zoom, live.median, live.p99,
           live.max);
    fflush(stdout);
    cv_trace_free(&trace);
}

int main(int argc, char **argv)
{
    uint64_t max_events = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000ull;
    printf("64 lanes, %d columns per lane + fill strip per frame; CPU times in ms\n", COLUMNS);
    printf("| events    | build ms | B/event | whole run med / p99 | zoomed 4x-16384x med / p99 | "
           "worst zoom median | live update med / p99 / max |\n");
    printf("|---|---|---|---|---|---|---|\n");
    for (uint64_t events = 10000; events <= max_events; events *= 10)
        bench(events);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("peak RSS %.1f MB\n", (double)usage.ru_maxrss / 1024.0);
    return 0;
}
