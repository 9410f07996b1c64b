/*
 * window_bench.c — frame time of the renderer against trace size.
 *
 * The window promises that a frame costs the same whether the trace holds 10
 * thousand or 10 million events (the timeline model answers per pixel
 * column). This draws 64-lane synthetic traces of 1k to 10M events into an
 * offscreen 1280x800 software renderer, and into a real window when there is
 * a display, through a fixed tour of views (whole run, zoomed in step by step
 * at several places, with a hover tooltip), and prints the median and p99
 * frame time per size. The target: 10M at most 1.5x the 10k time,
 * p99 within 8 ms.
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

typedef struct result {
    double median, p99;         /* wall time */
    double cpu_median, cpu_p99; /* this thread's CPU time */
} result;

static result run_frames(SDL_Renderer *sdl, bool present, const cv_trace *trace,
                         cv_timeline *timeline, int frames)
{
    result out = {0, 0, 0, 0};
    cv_renderer *renderer = NULL;
    cv_error err;
    if (cv_renderer_create(sdl, cv_theme_get(CV_THEME_LIGHT), 1.0f, &renderer, &err) != CV_OK) {
        fprintf(stderr, "window_bench: %s\n", err.message);
        return out;
    }
    cv_frame_stats stats = {0}, cpu = {0};
    for (int i = 0; i < frames; i++) {
        cv_render_frame frame = {
            .trace = trace, .timeline = timeline, .now_ns = trace->end_ns, .status = "LIVE"};
        tour_view(trace, i, &frame);
        double start = now_ms(), cpu_start = cpu_ms();
        cv_timeline_update(timeline);
        cv_renderer_draw(renderer, &frame);
        if (present)
            SDL_RenderPresent(sdl);
        else
            SDL_RenderFlush(sdl);
        cv_frame_stats_add(&stats, now_ms() - start);
        cv_frame_stats_add(&cpu, cpu_ms() - cpu_start);
        cv_renderer_end_frame(renderer);
        SDL_PumpEvents();
    }
    out.median = cv_frame_stats_quantile(&stats, 0.5);
    out.p99 = cv_frame_stats_quantile(&stats, 0.99);
    out.cpu_median = cv_frame_stats_quantile(&cpu, 0.5);
    out.cpu_p99 = cv_frame_stats_quantile(&cpu, 0.99);
    cv_frame_stats_free(&stats);
    cv_frame_stats_free(&cpu);
    cv_renderer_destroy(renderer);
    return out;
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
    SDL_RendererInfo info = {0};
    if (window_renderer)
        SDL_GetRendererInfo(window_renderer, &info);
    printf("%d lanes, %dx%d, %d frames per size; window renderer: %s\n", LANES, WIDTH, HEIGHT,
           frames, window_renderer ? info.name : "none (no display)");
    printf("frame times in ms, median / p99: wall clock, and this thread's CPU time\n");
    printf("%10s %9s  %17s  %17s  %17s  %17s\n", "events", "index ms", "offscreen wall",
           "offscreen cpu", "window wall", "window cpu");
    static const uint64_t sizes[] = {1000, 10000, 100000, 1000000, 10000000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0] && sizes[s] <= max_events; s++) {
        if (sizes[s] < min_events)
            continue;
        cv_trace trace;
        cv_synthetic_options options = {.lanes = LANES, .events = sizes[s], .seed = 42};
        cv_error err;
        if (cv_synthetic_trace(&trace, &options, &err) != CV_OK) {
            fprintf(stderr, "window_bench: %s\n", err.message);
            return 1;
        }
        double start = now_ms();
        cv_timeline *timeline = cv_timeline_create(&trace);
        cv_timeline_update(timeline);
        double index_ms = now_ms() - start;
        result off = run_frames(offscreen, false, &trace, timeline, frames);
        result win = {0, 0, 0, 0};
        if (window_renderer)
            win = run_frames(window_renderer, true, &trace, timeline, frames);
        printf("%10llu %9.1f  %7.2f / %7.2f  %7.2f / %7.2f  %7.2f / %7.2f  %7.2f / %7.2f\n",
               (unsigned long long)sizes[s], index_ms, off.median, off.p99, off.cpu_median,
               off.cpu_p99, win.median, win.p99, win.cpu_median, win.cpu_p99);
        fflush(stdout);
        cv_timeline_destroy(timeline);
        cv_trace_free(&trace);
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
