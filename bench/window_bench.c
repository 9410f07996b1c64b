/*
 * window_bench.c — frame time of the renderer against trace size.
 *
 * The window promises that a frame costs the same whether the trace holds 10
 * thousand or 10 million events (the timeline model answers per pixel
 * column). This draws 64-lane synthetic traces of 1k to 10M events into an
 * offscreen 1280x800 software renderer, and into a real window when there is
 * a display, through a fixed tour of views (whole run, zoomed in step by step
 * at several places, with a hover tooltip), the sizes interleaved frame by
 * frame, and prints the median and p99 frame time per size. The target: 10M at most 1.5x
 * the 10k time, p99 within 8 ms.
 *
 *   window_bench [--frames N] [--min-events N] [--max-events N] [--no-window]
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/frame_stats.h"
#include "render/renderer.h"
#include "support/synthetic_trace.h"
#include "targets.h"
#include "timeline/timeline.h"

#define WIDTH 1280
#define HEIGHT 800
#define LANES 64

static double now_ms(void)
{
    return (double)SDL_GetPerformanceCounter() * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

/* View i of the tour: zoom level i % 12 (whole run down to 1/2048 of it),
 * centred at one of ten places. */
static void tour_view(const cv_trace *trace, int i, cv_render_frame *frame)
{
    int64_t end = trace->end_ns;
    int64_t span = end >> (i % 12);
    if (span < 1000)
        span = 1000;
    int64_t centre = end / 20 + (end / 10) * ((i * 7) % 10);
    frame->view_t0_ns = centre - span / 2;
    frame->view_t1_ns = frame->view_t0_ns + span;
    if (i % 12 == 0) {
        frame->view_t0_ns = 0;
        frame->view_t1_ns = end;
    }
    frame->hover = true;
    frame->mouse_x = 300 + (i * 37) % 600;
    frame->mouse_y = 250 + (i * 53) % 300;
}

/* CPU time of this thread: on a shared machine wall time also counts the
 * time other programs held the core, which is not the renderer's cost. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* One trace size: its trace, its timeline and the frame times measured on it. */
typedef struct size_run {
    uint64_t events;
    cv_trace trace;
    cv_timeline *timeline;
    double index_ms;
    cv_frame_stats wall, cpu;
} size_run;

/* Frame `i` of the tour on one size; the frame's wall and CPU time go to its stats. */
static void draw_frame(SDL_Renderer *sdl, cv_renderer *renderer, bool present, size_run *size,
                       int i)
{
    cv_render_frame frame = {.trace = &size->trace,
                             .timeline = size->timeline,
                             .now_ns = size->trace.end_ns,
                             .status = "LIVE"};
    tour_view(&size->trace, i, &frame);
    double start = now_ms(), cpu_start = cpu_ms();
    cv_timeline_update(size->timeline);
    cv_renderer_draw(renderer, &frame);
    if (present)
        SDL_RenderPresent(sdl);
    else
        SDL_RenderFlush(sdl);
    cv_frame_stats_add(&size->wall, now_ms() - start);
    cv_frame_stats_add(&size->cpu, cpu_ms() - cpu_start);
    cv_renderer_end_frame(renderer);
    SDL_PumpEvents();
}

/*
 * The tour on every size, interleaved: frame i is drawn on each size in turn
 * before frame i + 1, so a change in the machine's load falls on all sizes
 * alike and the ratios between them stay fair. Each size has its own
 * renderer, as each window has: a renderer keeps per-trace state (the stats
 * column reads only new events).
 */
static bool run_tour(SDL_Renderer *sdl, bool present, size_run *sizes, size_t count, int frames)
{
    cv_renderer **renderers = calloc(count, sizeof *renderers);
    bool ok = renderers != NULL;
    for (size_t s = 0; ok && s < count; s++) {
        cv_error err;
        if (cv_renderer_create(sdl, cv_theme_get(CV_THEME_LIGHT), 1.0f, &renderers[s], &err) !=
            CV_OK) {
            fprintf(stderr, "window_bench: %s\n", err.message);
            ok = false;
        }
        cv_frame_stats_free(&sizes[s].wall);
        cv_frame_stats_free(&sizes[s].cpu);
    }
    for (int i = 0; ok && i < frames; i++)
        for (size_t s = 0; s < count; s++)
            draw_frame(sdl, renderers[s], present, &sizes[s], i);
    for (size_t s = 0; renderers && s < count; s++)
        if (renderers[s])
            cv_renderer_destroy(renderers[s]);
    free(renderers);
    return ok;
}

typedef struct quantiles {
    double median, p99;         /* wall time */
    double cpu_median, cpu_p99; /* this thread's CPU time */
} quantiles;

static quantiles quantiles_of(const size_run *size)
{
    return (quantiles){
        cv_frame_stats_quantile(&size->wall, 0.5), cv_frame_stats_quantile(&size->wall, 0.99),
        cv_frame_stats_quantile(&size->cpu, 0.5), cv_frame_stats_quantile(&size->cpu, 0.99)};
}

static const size_run *find_size(const size_run *sizes, size_t count, uint64_t events)
{
    for (size_t s = 0; s < count; s++)
        if (sizes[s].events == events)
            return &sizes[s];
    return NULL;
}

/* The targets, on the renderer the frames were measured with. The
 * smallest size's p99 shows what the drawing stack costs with next to no
 * events. */
static void report_targets(const char *where, quantiles tiny, quantiles small, quantiles large)
{
    double ratio = large.median / small.median;
    char target[96];
    snprintf(target, sizeof target, "frame time at 10 M events ≤ 1.5 × 10 k (%s)", where);
    cv_bench_target(target, ratio <= 1.5, "%.2f × (%.2f ms vs %.2f ms, medians)", ratio,
                    large.median, small.median);
    snprintf(target, sizeof target, "p99 frame time at 10 M events ≤ 8 ms (%s)", where);
    cv_bench_target(target, large.p99 <= 8.0, "%.2f ms (CPU %.2f ms; at 1 k events %.2f ms)",
                    large.p99, large.cpu_p99, tiny.p99);
}

int main(int argc, char **argv)
{
    int frames = 240;
    uint64_t max_events = 10000000;
    uint64_t min_events = 0;
    bool want_window = true;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--frames") == 0 && i + 1 < argc)
            frames = atoi(argv[++i]);
        else if (strcmp(argv[i], "--max-events") == 0 && i + 1 < argc)
            max_events = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--min-events") == 0 && i + 1 < argc)
            min_events = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--no-window") == 0)
            want_window = false;
        else {
            fprintf(stderr, "usage: window_bench [--frames N] [--min-events N] [--max-events N] "
                            "[--no-window]\n");
            return 2;
        }
    }
    SDL_Window *window = NULL;
    SDL_Renderer *window_renderer = NULL;
    if (want_window && getenv("DISPLAY") && SDL_InitSubSystem(SDL_INIT_VIDEO) == 0) {
        window = SDL_CreateWindow("window_bench", 0, 0, WIDTH, HEIGHT, 0);
        if (window)
            window_renderer = SDL_CreateRenderer(window, -1, 0);
    }
    SDL_Surface *surface =
        SDL_CreateRGBSurfaceWithFormat(0, WIDTH, HEIGHT, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *offscreen = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!offscreen) {
        fprintf(stderr, "window_bench: cannot draw offscreen: %s\n", SDL_GetError());
        return 1;
    }
    static const uint64_t all_sizes[] = {1000, 10000, 100000, 1000000, 10000000};
    size_run sizes[sizeof all_sizes / sizeof all_sizes[0]];
    size_t count = 0;
    for (size_t s = 0; s < sizeof all_sizes / sizeof all_sizes[0]; s++) {
        if (all_sizes[s] < min_events || all_sizes[s] > max_events)
            continue;
        size_run *size = &sizes[count];
        *size = (size_run){.events = all_sizes[s]};
        cv_synthetic_options options = {.lanes = LANES, .events = all_sizes[s], .seed = 42};
        cv_error err;
        if (cv_synthetic_trace(&size->trace, &options, &err) != CV_OK) {
            fprintf(stderr, "window_bench: %s\n", err.message);
            return 1;
        }
        double start = now_ms();
        size->timeline = cv_timeline_create(&size->trace);
        cv_timeline_update(size->timeline);
        size->index_ms = now_ms() - start;
        count++;
    }
    quantiles off[sizeof sizes / sizeof sizes[0]], win[sizeof sizes / sizeof sizes[0]];
    memset(win, 0, sizeof win);
    if (!run_tour(offscreen, false, sizes, count, frames))
        return 1;
    for (size_t s = 0; s < count; s++)
        off[s] = quantiles_of(&sizes[s]);
    if (window_renderer && run_tour(window_renderer, true, sizes, count, frames))
        for (size_t s = 0; s < count; s++)
            win[s] = quantiles_of(&sizes[s]);

    SDL_RendererInfo info = {0};
    if (window_renderer)
        SDL_GetRendererInfo(window_renderer, &info);
    printf("%d lanes, %dx%d, %d frames per size, the sizes interleaved frame by frame; "
           "window renderer: %s\n",
           LANES, WIDTH, HEIGHT, frames, window_renderer ? info.name : "none (no display)");
    printf("frame times in ms, median / p99: wall clock, and this thread's CPU time\n");
    printf("%10s %9s  %17s  %17s  %17s  %17s\n", "events", "index ms", "offscreen wall",
           "offscreen cpu", "window wall", "window cpu");
    for (size_t s = 0; s < count; s++)
        printf("%10llu %9.1f  %7.2f / %7.2f  %7.2f / %7.2f  %7.2f / %7.2f  %7.2f / %7.2f\n",
               (unsigned long long)sizes[s].events, sizes[s].index_ms, off[s].median, off[s].p99,
               off[s].cpu_median, off[s].cpu_p99, win[s].median, win[s].p99, win[s].cpu_median,
               win[s].cpu_p99);
    const size_run *small = find_size(sizes, count, 10000);
    const size_run *large = find_size(sizes, count, 10000000);
    if (small && large) {
        size_t a = (size_t)(small - sizes), b = (size_t)(large - sizes);
        printf("10M / 10k median: offscreen %.2fx wall, %.2fx cpu", off[b].median / off[a].median,
               off[b].cpu_median / off[a].cpu_median);
        if (window_renderer)
            printf("; window %.2fx wall, %.2fx cpu", win[b].median / win[a].median,
                   win[b].cpu_median / win[a].cpu_median);
        printf("\n");
        report_targets("offscreen software renderer", off[0], off[a], off[b]);
        if (window_renderer)
            report_targets(info.name, win[0], win[a], win[b]);
    }
    for (size_t s = 0; s < count; s++) {
        cv_frame_stats_free(&sizes[s].wall);
        cv_frame_stats_free(&sizes[s].cpu);
        cv_timeline_destroy(sizes[s].timeline);
        cv_trace_free(&sizes[s].trace);
    }
    SDL_DestroyRenderer(offscreen);
    SDL_FreeSurface(surface);
    if (window_renderer)
        SDL_DestroyRenderer(window_renderer);
    if (window)
        SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}
