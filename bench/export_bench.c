/*
 * export_bench.c — how fast the exports are written, and what reading a trace
 * back costs.
 *
 * Builds a synthetic trace shaped like a real run (per lane: a state change,
 * then a put or get, repeated; 2 producers and 2 consumers), writes it as a
 * Chrome trace and as CSV, and prints MB/s and events/s. Writers stream, so
 * their memory does not grow with the trace; the reader streams (yajl) and
 * keeps only the events, and is measured on a smaller trace with its peak
 * RSS. bench/trace_files.sh measures whole runs saved and replayed.
 *
 *   export_bench [EVENTS [READ_EVENTS [DIR]]]    defaults: 10000000 1000000 /tmp
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "export/chrome_trace_read.h"
#include "export/chrome_trace_write.h"
#include "export/csv.h"

#define LANES 4

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool build_trace(cv_trace *t, uint64_t events, cv_error *err)
{
    if (cv_trace_init(t, LANES, err) != CV_OK)
        return false;
    snprintf(t->scenario, sizeof t->scenario, "synthetic");
    t->buffer_slots = 16;
    t->parent_pid = 1000;
    for (uint32_t lane = 0; lane < LANES; lane++) {
        t->lanes[lane].role = lane < LANES / 2 ? CV_ROLE_PRODUCER : CV_ROLE_CONSUMER;
        snprintf(t->lanes[lane].name, sizeof t->lanes[lane].name, "%c%u",
                 lane < LANES / 2 ? 'P' : 'C', lane % (LANES / 2));
        t->lanes[lane].os_id = 1001 + lane;
    }
    uint64_t per_lane = events / LANES;
    for (uint32_t lane = 0; lane < LANES; lane++) {
        bool producer = t->lanes[lane].role == CV_ROLE_PRODUCER;
        int64_t time_ns = lane * 137;
        for (uint64_t i = 0; i < per_lane; i++) {
            cv_event e;
            uint32_t item = (uint32_t)(i / 2 * (LANES / 2) + lane % (LANES / 2));
            if (i % 2 == 0) {
                uint32_t state = (i / 2) % 3 == 0
                                     ? (producer ? CV_STATE_WAIT_SLOT : CV_STATE_WAIT_ITEM)
                                     : CV_STATE_WORK;
                e = cv_event_make(time_ns, state, 0, 0);
            } else {
                e = cv_event_make(time_ns, producer ? CV_EVENT_PUT : CV_EVENT_GET, item,
                                  (uint32_t)(i % 17));
            }
            if (cv_trace_append(t, lane, &e, 1, err) != CV_OK)
                return false;
            time_ns += 1013 + (int64_t)(i % 7) * 311;
        }
    }
    t->finished = true;
    t->outcome = CV_OUTCOME_COMPLETED;
    return true;
}

static long file_bytes(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static long peak_rss_mb(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

typedef cv_status (*writer_fn)(const char *path, const cv_trace *trace, cv_error *err);

static cv_status write_chrome(const char *path, const cv_trace *trace, cv_error *err)
{
    return cv_chrome_trace_write(path, trace, NULL, err);
}

/* Written twice: to a file (what a user waits for, disk included) and to
 * /dev/null (the writer's own cost), with the file's size for both rates. */
static int measure_write(const char *what, writer_fn write, const char *path, const cv_trace *t)
{
    const char *targets[] = {path, "/dev/null"};
    long bytes = 0;
    for (int i = 0; i < 2; i++) {
        cv_error err = {0};
        long rss_before = peak_rss_mb();
        double start = now_s();
        if (write(targets[i], t, &err) != CV_OK) {
            fprintf(stderr, "%s: %s\n", targets[i], err.message);
            return 1;
        }
        double seconds = now_s() - start;
        if (i == 0)
            bytes = file_bytes(path);
        printf("%-12s to %-9s %llu events, %.1f MB in %.2f s: %.0f MB/s, %.2f M events/s, "
               "peak RSS %ld MB -> %ld MB\n",
               what, i == 0 ? "a file" : "/dev/null", (unsigned long long)t->event_count,
               bytes / 1e6, seconds, bytes / 1e6 / seconds, (double)t->event_count / seconds / 1e6,
               rss_before, peak_rss_mb());
    }
    return 0;
}

static int measure_read(const char *path)
{
    cv_error err = {0};
    fflush(stdout);
    cv_trace back;
    long rss_before = peak_rss_mb();
    double start = now_s();
    if (cv_chrome_trace_read(path, &back, &err) != CV_OK) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        return 1;
    }
    double seconds = now_s() - start;
    printf("%-12s %llu events, %.1f MB in %.2f s: %.0f MB/s, %.2f M events/s, "
           "peak RSS %ld MB -> %ld MB\n",
           "read trace", (unsigned long long)back.event_count, file_bytes(path) / 1e6, seconds,
           file_bytes(path) / 1e6 / seconds, (double)back.event_count / seconds / 1e6, rss_before,
           peak_rss_mb());
    cv_trace_free(&back);
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t events = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
    uint64_t read_events = argc > 2 ? strtoull(argv[2], NULL, 10) : 1000000;
    const char *dir = argc > 3 ? argv[3] : "/tmp";
    char json_path[1024], csv_path[1024];
    snprintf(json_path, sizeof json_path, "%s/conveyor-export-bench.json", dir);
    snprintf(csv_path, sizeof csv_path, "%s/conveyor-export-bench.csv", dir);

    cv_error err = {0};
    cv_trace trace;
    if (!build_trace(&trace, events, &err)) {
        fprintf(stderr, "building the trace: %s\n", err.message);
        return 1;
    }
    printf("trace in memory: %.0f MB\n", (double)trace.event_count * sizeof(cv_event) / 1e6);
    int failed = measure_write("chrome trace", write_chrome, json_path, &trace);
    failed |= measure_write("csv", cv_csv_write, csv_path, &trace);
    remove(csv_path);
    remove(json_path);
    cv_trace_free(&trace);

    if (!failed && read_events > 0 && build_trace(&trace, read_events, &err)) {
        failed |= cv_chrome_trace_write(json_path, &trace, NULL, &err) != CV_OK;
        cv_trace_free(&trace);
        failed |= failed ? 1 : measure_read(json_path);
        remove(json_path);
    }
    return failed;
}
