/*
 * window.c — the live window and the replay viewer (see window.h).
 *
 * One loop serves both: a frame takes in input, advances the source of
 * events (cv_engine_poll for a live run, the playback clock for a replay),
 * lets the timeline model read what is new, and draws. The engine is never
 * waited for; if a frame is slow the engine's rings absorb it. When nothing
 * moves (run over, paused, replay stopped) the loop sleeps in
 * SDL_WaitEventTimeout instead of redrawing, to leave the CPU to the workers
 * and to the other programs on a classroom laptop.
 */
#include "app/window.h"

#include <SDL.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/frame_stats.h"
#include "app/key_bindings.h"
#include "app/lesson_edit.h"
#include "app/playback.h"
#include "app/screenshot.h"
#include "app/view.h"
#include "render/renderer.h"
#include "timeline/timeline.h"

#define DEFAULT_WIDTH 1280
#define DEFAULT_HEIGHT 800
#define FRAME_MS 16
#define IDLE_WAIT_MS 100
#define TOAST_MS 3500
#define ZOOM_STEP 1.25
#define PAN_FRACTION 0.10
#define SCALE_STEP 1.15f
#define MIN_SCALE 0.5f
#define MAX_SCALE 4.0f

typedef struct app {
    const cv_window_options *opt;
    bool live;
    cv_scenario scenario; /* the live copy that T and + / - edit */
    SDL_Window *window;
    SDL_Renderer *sdl;
    cv_renderer *renderer;
    float user_scale;
    cv_theme_id theme;

    cv_engine *engine;
    cv_timeline *timeline;
    const cv_trace *trace;
    bool running; /* the live run has not ended yet */
    cv_playback playback;
    cv_view view;

    bool help;
    char toast[300];
    Uint64 toast_until_ms;
    int mouse_x, mouse_y; /* in renderer pixels */
    bool mouse_in;
    bool dragging;
    bool scrubbing;
    int drag_last_x;
    bool quit;
    bool screenshot;
    cv_frame_stats frames;
} app;

/* ---- small helpers ------------------------------------------------------ */

static void notice(app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Tell the caller something the user should also find outside the window. */
static void notice(app *a, const char *fmt, ...)
{
    if (!a->opt->on_notice)
        return;
    char message[600];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    a->opt->on_notice(message, a->opt->user);
}

static void toast(app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void toast(app *a, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vsnprintf(a->toast, sizeof a->toast, fmt, args);
    va_end(args);
    a->toast_until_ms = SDL_GetTicks64() + TOAST_MS;
}

/* Renderer pixels per window coordinate (2 on a high-DPI screen). */
static float pixel_ratio(const app *a)
{
    int ww, wh, pw, ph;
    SDL_GetWindowSize(a->window, &ww, &wh);
    SDL_GetRendererOutputSize(a->sdl, &pw, &ph);
    return ww > 0 ? (float)pw / (float)ww : 1.0f;
}

static void apply_scale(app *a)
{
    cv_error err;
    if (cv_renderer_set_scale(a->renderer, a->user_scale * pixel_ratio(a), &err) != CV_OK)
        toast(a, "cannot change the text size: %s", err.message);
}

/* The latest moment there is something to show: live edge or playhead. */
static int64_t current_now(const app *a)
{
    if (!a->live)
        return a->playback.position_ns;
    if (!a->engine)
        return 0;
    if (a->running)
        return cv_engine_now_ns(a->engine);
    return a->trace->end_ns;
}

static int64_t time_at_x(const app *a, int x)
{
    SDL_Rect plot = cv_renderer_plot_rect(a->renderer);
    double fraction = plot.w > 0 ? (double)(x - plot.x) / plot.w : 0.5;
    return cv_view_time_at(&a->view, fraction);
}

/* The zoom anchor: the time under the mouse if it is over the lanes, else the middle. */
static int64_t zoom_anchor(const app *a)
{
    SDL_Rect plot = cv_renderer_plot_rect(a->renderer);
    if (a->mouse_in && a->mouse_x >= plot.x && a->mouse_x < plot.x + plot.w)
        return time_at_x(a, a->mouse_x);
    return cv_view_time_at(&a->view, 0.5);
}

static int64_t run_end(const app *a)
{
    return a->trace ? a->trace->end_ns : 0;
}

/* ---- the live run ------------------------------------------------------- */

static cv_status start_run(app *a, cv_error *err)
{
    cv_status st = cv_engine_start(&a->scenario, &a->opt->engine, &a->engine, err);
    if (st != CV_OK) {
        a->engine = NULL;
        return st;
    }
    a->trace = cv_engine_trace(a->engine);
    a->timeline = cv_timeline_create(a->trace);
    if (!a->timeline) {
        cv_engine_destroy(a->engine);
        a->engine = NULL;
        a->trace = NULL;
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the timeline model");
    }
    a->running = true;
    a->view.mode = CV_VIEW_FIT;
    return CV_OK;
}

/* Stop the run if it still goes on and wait for its result (workers stop within 100 ms). */
static void finish_run(app *a)
{
    if (!a->engine || !a->running)
        return;
    cv_engine_request_stop(a->engine);
    cv_engine_set_paused(a->engine, false);
    cv_engine_run_to_end(a->engine);
    a->running = false;
    cv_timeline_update(a->timeline);
}

static void destroy_run(app *a)
{
    cv_timeline_destroy(a->timeline);
    a->timeline = NULL;
    if (a->engine)
        cv_engine_destroy(a->engine);
    a->engine = NULL;
    a->trace = NULL;
    a->running = false;
}

static void restart(app *a)
{
    finish_run(a);
    destroy_run(a);
    cv_error err;
    if (start_run(a, &err) != CV_OK)
        toast(a, "cannot start the run: %s (R tries again)", err.message);
}

/* Apply an edit to the scenario if it stays valid, then restart. */
static void edit_and_restart(app *a, const cv_scenario *edited, const char *what)
{
    cv_diagnostics diag;
    cv_diagnostics_clear(&diag);
    if (cv_scenario_validate(edited, &diag) != CV_OK) {
        toast(a, "cannot %s: %s", what, diag.count > 0 ? diag.items[0].message : "invalid");
        return;
    }
    a->scenario = *edited;
    cv_lesson_edit_describe(a->opt->scenario, &a->scenario);
    restart(a);
    toast(a, "%s: %u workers, %s", what, cv_scenario_worker_count(&a->scenario),
          cv_backend_name(a->scenario.backend));
}

static void switch_backend(app *a)
{
    cv_scenario edited = a->scenario;
    edited.backend =
        edited.backend == CV_BACKEND_THREADS ? CV_BACKEND_PROCESSES : CV_BACKEND_THREADS;
    edit_and_restart(a, &edited, "switch to processes");
    if (a->scenario.backend == CV_BACKEND_THREADS)
        toast(a, "threads: restarted with %u workers", cv_scenario_worker_count(&a->scenario));
}

static void change_consumers(app *a, int delta)
{
    cv_scenario edited = a->scenario;
    int g = cv_scenario_find_group(&edited, CV_ROLE_CONSUMER);
    for (uint32_t i = 0; g < 0 && i < edited.group_count; i++) {
        if (edited.groups[i].role == CV_ROLE_CONSUMER)
            g = (int)i;
    }
    if (g < 0) {
        toast(a, "this scenario has no consumer group to change");
        return;
    }
    if (delta < 0 && edited.groups[g].count <= 1) {
        toast(a, "a run needs at least one consumer");
        return;
    }
    edited.groups[g].count = (uint32_t)((int)edited.groups[g].count + delta);
    edit_and_restart(a, &edited, delta > 0 ? "add a consumer" : "remove a consumer");
}

static void toggle_pause(app *a)
{
    if (!a->live) {
        cv_playback_toggle(&a->playback);
        return;
    }
    if (!a->engine || !a->running)
        return;
    cv_engine_set_paused(a->engine, !cv_engine_paused(a->engine));
}

/* ---- input -------------------------------------------------------------- */

static void save_screenshot_now(app *a)
{
    char path[256];
    const char *name = a->trace && a->trace->scenario[0] ? a->trace->scenario : "run";
    cv_screenshot_name(name, time(NULL), path, sizeof path);
    cv_error err;
    if (cv_screenshot_save(a->sdl, path, &err) != CV_OK) {
        toast(a, "screenshot failed: %s", err.message);
        notice(a, "%s%s%s", err.file, err.file[0] ? ": " : "", err.message);
        return;
    }
    toast(a, "saved %s", path);
    notice(a, "saved screenshot %s", path);
}

static void change_scale(app *a, float factor)
{
    float scale = a->user_scale * factor;
    if (factor == 0)
        scale = 1.0f;
    if (scale < MIN_SCALE)
        scale = MIN_SCALE;
    if (scale > MAX_SCALE)
        scale = MAX_SCALE;
    a->user_scale = scale;
    apply_scale(a);
    toast(a, "text size %.0f%%", (double)scale * 100.0);
}

static void zoom(app *a, double factor)
{
    cv_view_zoom(&a->view, factor, zoom_anchor(a), run_end(a));
}

static void pan_fraction(app *a, double fraction)
{
    cv_view_pan(&a->view, (int64_t)(fraction * (double)(a->view.t1_ns - a->view.t0_ns)),
                run_end(a));
}

static void step_playhead(app *a, double fraction)
{
    int64_t span = a->view.t1_ns - a->view.t0_ns;
    cv_playback_seek(&a->playback, a->playback.position_ns + (int64_t)(fraction * span));
}

static void add_consumer(app *a)
{
    change_consumers(a, +1);
}
static void remove_consumer(app *a)
{
    change_consumers(a, -1);
}

static void toggle_theme(app *a)
{
    a->theme = a->theme == CV_THEME_LIGHT ? CV_THEME_DARK : CV_THEME_LIGHT;
    cv_renderer_set_theme(a->renderer, cv_theme_get(a->theme));
}

static void restart_or_replay(app *a)
{
    if (a->live) {
        restart(a);
        toast(a, "restarted");
    } else {
        cv_playback_seek(&a->playback, 0);
        a->playback.playing = true;
    }
}

/* Keys come through the binding table (app/key_bindings.c), which also
 * writes the help, so what works and what the help lists are the same. */
static void handle_key(app *a, const SDL_Keysym *k)
{
    cv_key_action action = cv_key_lookup(k->sym, (Uint16)k->mod);
    if (action == CV_KEY_NONE)
        return;
    if (!cv_key_action_text(action, a->live)) {
        const char *live_text = cv_key_action_text(action, true);
        if (!a->live && live_text)
            toast(a, "\xE2\x80\x9C%s\xE2\x80\x9D works in a live run, not in a replay", live_text);
        return;
    }
    switch (action) {
    case CV_KEY_ESCAPE:
        if (a->help)
            a->help = false;
        else
            a->quit = true;
        break;
    case CV_KEY_QUIT:
        a->quit = true;
        break;
    case CV_KEY_PAUSE:
        toggle_pause(a);
        break;
    case CV_KEY_HELP:
        a->help = !a->help;
        break;
    case CV_KEY_ZOOM_IN:
        zoom(a, ZOOM_STEP);
        break;
    case CV_KEY_ZOOM_OUT:
        zoom(a, 1.0 / ZOOM_STEP);
        break;
    case CV_KEY_PAN_LEFT:
        pan_fraction(a, -PAN_FRACTION);
        break;
    case CV_KEY_PAN_RIGHT:
        pan_fraction(a, PAN_FRACTION);
        break;
    case CV_KEY_ARROW_LEFT:
        if (a->live)
            pan_fraction(a, -PAN_FRACTION);
        else
            step_playhead(a, -0.02);
        break;
    case CV_KEY_ARROW_RIGHT:
        if (a->live)
            pan_fraction(a, PAN_FRACTION);
        else
            step_playhead(a, 0.02);
        break;
    case CV_KEY_FOLLOW:
        a->view.mode = CV_VIEW_FOLLOW;
        break;
    case CV_KEY_FIT:
        a->view.mode = CV_VIEW_FIT;
        break;
    case CV_KEY_END:
        cv_playback_seek(&a->playback, a->playback.end_ns);
        break;
    case CV_KEY_SCREENSHOT:
        a->screenshot = true;
        break;
    case CV_KEY_THEME:
        toggle_theme(a);
        break;
    case CV_KEY_RESTART:
        restart_or_replay(a);
        break;
    case CV_KEY_SWITCH_BACKEND:
        switch_backend(a);
        break;
    case CV_KEY_ADD_CONSUMER:
        add_consumer(a);
        break;
    case CV_KEY_REMOVE_CONSUMER:
        remove_consumer(a);
        break;
    case CV_KEY_SLOWER:
        cv_playback_change_speed(&a->playback, -1);
        break;
    case CV_KEY_FASTER:
        cv_playback_change_speed(&a->playback, +1);
        break;
    case CV_KEY_TEXT_BIGGER:
        change_scale(a, SCALE_STEP);
        break;
    case CV_KEY_TEXT_SMALLER:
        change_scale(a, 1.0f / SCALE_STEP);
        break;
    case CV_KEY_TEXT_NORMAL:
        change_scale(a, 0);
        break;
    default:
        break;
    }
}

static bool in_rect(const SDL_Rect *r, int x, int y)
{
    return x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

static void handle_mouse(app *a, const SDL_Event *e)
{
    float ratio = pixel_ratio(a);
    switch (e->type) {
    case SDL_MOUSEMOTION: {
        a->mouse_x = (int)(e->motion.x * ratio);
        a->mouse_y = (int)(e->motion.y * ratio);
        a->mouse_in = true;
        if (a->dragging) {
            SDL_Rect plot = cv_renderer_plot_rect(a->renderer);
            double ns_per_px = plot.w > 0 ? (double)(a->view.t1_ns - a->view.t0_ns) / plot.w : 0;
            cv_view_pan(&a->view, (int64_t)(-(a->mouse_x - a->drag_last_x) * ns_per_px),
                        run_end(a));
            a->drag_last_x = a->mouse_x;
        }
        if (a->scrubbing)
            cv_playback_seek(&a->playback, time_at_x(a, a->mouse_x));
        break;
    }
    case SDL_MOUSEBUTTONDOWN: {
        if (e->button.button != SDL_BUTTON_LEFT)
            break;
        int x = (int)(e->button.x * ratio), y = (int)(e->button.y * ratio);
        SDL_Rect plot = cv_renderer_plot_rect(a->renderer);
        SDL_Rect ruler = cv_renderer_ruler_rect(a->renderer);
        if (!a->live && in_rect(&ruler, x, y)) {
            a->scrubbing = true;
            cv_playback_seek(&a->playback, time_at_x(a, x));
        } else if (in_rect(&plot, x, y)) {
            a->dragging = true;
            a->drag_last_x = x;
        }
        break;
    }
    case SDL_MOUSEBUTTONUP:
        a->dragging = false;
        a->scrubbing = false;
        break;
    case SDL_MOUSEWHEEL:
        if (e->wheel.y != 0)
            zoom(a, e->wheel.y > 0 ? ZOOM_STEP : 1.0 / ZOOM_STEP);
        break;
    default:
        break;
    }
}

static void handle_event(app *a, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT:
        a->quit = true;
        break;
    case SDL_KEYDOWN:
        handle_key(a, &e->key.keysym);
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_LEAVE)
            a->mouse_in = false;
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            apply_scale(a); /* the window may have moved to a screen with other DPI */
        break;
    default:
        handle_mouse(a, e);
        break;
    }
}

/* ---- drawing ------------------------------------------------------------ */

static void status_word(const app *a, char *out, size_t size)
{
    if (a->live) {
        bool paused = a->engine && a->running && cv_engine_paused(a->engine);
        snprintf(out, size, "%s", !a->engine ? "NOT RUNNING" : paused ? "PAUSED" : "LIVE");
        return;
    }
    double speed = cv_playback_speed(&a->playback);
    if (a->playback.playing)
        snprintf(out, size, "REPLAY %g\xC3\x97", speed);
    else
        snprintf(out, size, "REPLAY PAUSED %g\xC3\x97", speed);
}

/*
 * The moment a live run's slots row shows, as a replay's follows its
 * playhead: the time under the mouse over the lanes, else the right edge of a
 * view left in the past, else the live edge.
 */
static int64_t live_moment(const app *a, int64_t now)
{
    SDL_Rect plot = cv_renderer_plot_rect(a->renderer);
    SDL_Point mouse = {a->mouse_x, a->mouse_y};
    if (a->mouse_in && !a->dragging && SDL_PointInRect(&mouse, &plot)) {
        int64_t t = time_at_x(a, a->mouse_x);
        return t < now ? t : now;
    }
    if (a->view.mode == CV_VIEW_FREE && a->view.t1_ns < now)
        return a->view.t1_ns;
    return now;
}

static void draw_picture(app *a)
{
    int64_t now = current_now(a);
    bool final = a->live ? !a->running : now >= a->playback.end_ns;
    cv_view_track(&a->view, now, final);
    char status[48];
    status_word(a, status, sizeof status);
    cv_render_frame frame = {
        .trace = a->trace,
        .timeline = a->timeline,
        .view_t0_ns = a->view.t0_ns,
        .view_t1_ns = a->view.t1_ns,
        .now_ns = now,
        .status = status,
        .hint = "H or ?  controls",
        .hover = a->mouse_in && !a->dragging,
        .mouse_x = a->mouse_x,
        .mouse_y = a->mouse_y,
    };
    if (a->live) {
        frame.moment_set = true;
        frame.moment_ns = live_moment(a, now);
    }
    if (a->live && a->engine) {
        if (!a->running)
            frame.result = cv_engine_result(a->engine);
        else {
            uint32_t fill;
            cv_engine_progress(a->engine, &frame.produced, &frame.consumed, &fill);
            frame.have_progress = true;
        }
    } else if (!a->live) {
        frame.result = a->opt->replay_result;
    }
    cv_renderer_draw(a->renderer, &frame);
}

/* Help or a message over the picture: after the screenshot, so it does not show in it. */
static void draw_overlays(app *a)
{
    if (a->help) {
        char lines[CV_KEY_ACTION_COUNT + 2][96];
        const char *pointers[CV_KEY_ACTION_COUNT + 2];
        int count = cv_key_help_lines(a->live, lines, CV_KEY_ACTION_COUNT + 2);
        for (int i = 0; i < count; i++)
            pointers[i] = lines[i];
        cv_renderer_draw_panel(a->renderer, a->live ? "Controls" : "Controls (replay)", pointers,
                               count);
    } else if (SDL_GetTicks64() < a->toast_until_ms) {
        cv_renderer_draw_toast(a->renderer, a->toast);
    }
}

/* ---- setup and the loop ------------------------------------------------- */

static int fail_sdl(app *a, const char *what)
{
    cv_fail(a->opt->error, CV_ERR_SYSTEM, "", 0, "%s: %s", what, SDL_GetError());
    return CV_WINDOW_ERROR;
}

/* 0 when the window, its renderer and ours are up; else CV_WINDOW_ERROR. */
static int open_window(app *a)
{
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        return fail_sdl(a, "cannot open a window (is there a display?)");
    /* With no display SDL quietly falls back to drivers that draw nowhere:
     * a window nobody can see that never closes. Say so instead, unless the
     * user asked for that driver. */
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && !getenv("SDL_VIDEODRIVER") &&
        (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0)) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        cv_fail(a->opt->error, CV_ERR_SYSTEM, "", 0,
                "cannot open a window: no display (DISPLAY and WAYLAND_DISPLAY are not set)");
        return CV_WINDOW_ERROR;
    }
    int w = a->opt->width > 0 ? a->opt->width : DEFAULT_WIDTH;
    int h = a->opt->height > 0 ? a->opt->height : DEFAULT_HEIGHT;
    char title[CV_NAME_MAX + 32];
    const char *name = a->live ? a->scenario.name : a->opt->replay->scenario;
    snprintf(title, sizeof title, "conveyor \xE2\x80\x94 %s%s", name, a->live ? "" : " (replay)");
    a->window = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                                 SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!a->window)
        return fail_sdl(a, "cannot open a window");
    a->sdl =
        SDL_CreateRenderer(a->window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!a->sdl)
        a->sdl = SDL_CreateRenderer(a->window, -1, SDL_RENDERER_SOFTWARE);
    if (!a->sdl)
        return fail_sdl(a, "cannot draw in the window");
    if (cv_renderer_create(a->sdl, cv_theme_get(a->theme), a->user_scale * pixel_ratio(a),
                           &a->renderer, a->opt->error) != CV_OK)
        return CV_WINDOW_ERROR;
    return 0;
}

static void close_window(app *a)
{
    cv_renderer_destroy(a->renderer);
    if (a->sdl)
        SDL_DestroyRenderer(a->sdl);
    if (a->window)
        SDL_DestroyWindow(a->window);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

/* Nothing changes on screen unless the user does something. */
static bool idle(const app *a)
{
    if (a->dragging || a->scrubbing || SDL_GetTicks64() < a->toast_until_ms)
        return false;
    if (a->live)
        return !a->engine || !a->running || cv_engine_paused(a->engine);
    return !a->playback.playing;
}

/* Take in events; when idle, sleep until one arrives (or a little while passes). */
static void pump_events(app *a)
{
    SDL_Event e;
    if (idle(a) && a->frames.count > 0 && SDL_WaitEventTimeout(&e, IDLE_WAIT_MS))
        handle_event(a, &e);
    while (SDL_PollEvent(&e))
        handle_event(a, &e);
}

/* Advance the source of events: poll the engine or move the playhead. */
static void advance(app *a, Uint64 real_ns)
{
    if (a->live) {
        if (a->engine && a->running && !cv_engine_poll(a->engine))
            a->running = false;
    } else {
        cv_playback_advance(&a->playback, (int64_t)real_ns);
    }
    if (a->timeline)
        cv_timeline_update(a->timeline);
}

static void report_frames(const app *a)
{
    if (!a->opt->frames)
        return;
    *a->opt->frames = (cv_window_frames){a->frames.count, cv_frame_stats_quantile(&a->frames, 0.5),
                                         cv_frame_stats_quantile(&a->frames, 0.99)};
}

static int exit_status(const app *a)
{
    if (!a->live)
        return CV_WINDOW_COMPLETED;
    if (!a->engine)
        return CV_WINDOW_FAILED;
    const cv_run_result *result = cv_engine_result(a->engine);
    if (result->outcome == CV_OUTCOME_STOPPED)
        return CV_WINDOW_STOPPED;
    if (result->outcome == CV_OUTCOME_COMPLETED && result->ledger_ok)
        return CV_WINDOW_COMPLETED;
    return CV_WINDOW_FAILED;
}

static void loop(app *a)
{
    Uint64 frequency = SDL_GetPerformanceFrequency();
    Uint64 opened = SDL_GetTicks64();
    Uint64 previous = SDL_GetPerformanceCounter();
    while (!a->quit) {
        pump_events(a);
        if (a->opt->exit_after_s > 0 &&
            (double)(SDL_GetTicks64() - opened) >= a->opt->exit_after_s * 1000.0)
            a->quit = true;
        if (a->opt->should_close && a->opt->should_close(a->opt->user))
            a->quit = true;
        if (a->quit)
            break;
        Uint64 start = SDL_GetPerformanceCounter();
        advance(a, (start - previous) * 1000000000ull / frequency);
        previous = start;
        draw_picture(a); /* with no run (a restart failed) it only clears */
        Uint64 drawn = SDL_GetPerformanceCounter();
        cv_frame_stats_add(&a->frames, (double)(drawn - start) * 1000.0 / (double)frequency);
        if (a->screenshot) {
            a->screenshot = false;
            save_screenshot_now(a);
        }
        draw_overlays(a);
        SDL_RenderPresent(a->sdl);
        cv_renderer_end_frame(a->renderer);
        /* A software renderer ignores vsync: cap the rate so the workers keep the CPU. */
        Uint64 spent_ms = (SDL_GetPerformanceCounter() - start) * 1000 / frequency;
        if (spent_ms < FRAME_MS)
            SDL_Delay((Uint32)(FRAME_MS - spent_ms));
    }
}

int cv_window_run(const cv_window_options *options)
{
    app a = {.opt = options};
    a.live = options->replay == NULL;
    if (a.live && !options->scenario) {
        cv_fail(options->error, CV_ERR_USAGE, "", 0, "the window needs a scenario or a trace");
        return CV_WINDOW_ERROR;
    }
    if (a.live)
        a.scenario = *options->scenario;
    a.user_scale = options->scale > 0 ? options->scale : 1.0f;
    a.theme = options->theme;

    int status = open_window(&a);
    if (status == 0 && a.live && start_run(&a, options->error) != CV_OK)
        status = CV_WINDOW_ERROR;
    if (status == 0 && !a.live) {
        a.trace = options->replay;
        a.timeline = cv_timeline_create(a.trace);
        if (!a.timeline) {
            cv_fail(options->error, CV_ERR_NOMEM, "", 0, "out of memory for the timeline model");
            status = CV_WINDOW_ERROR;
        }
        cv_playback_start(&a.playback, a.trace->end_ns);
    }
    if (status == 0) {
        /* --range, else a live run's FIT, else the whole recording's axis, filling in as it
         * plays. A replay opened on a range plays from its start. */
        a.view = cv_view_opening(options->range_start_ns, options->range_end_ns, a.live,
                                 a.trace->end_ns);
        if (!a.live && options->range_end_ns > options->range_start_ns)
            cv_playback_seek(&a.playback, options->range_start_ns);
    }
    if (status == 0) {
        loop(&a);
        finish_run(&a);
        if (options->on_finish && a.trace)
            options->on_finish(
                a.trace, a.live && a.engine ? cv_engine_result(a.engine) : options->replay_result,
                options->user);
        status = exit_status(&a);
        report_frames(&a);
    }
    if (a.live)
        destroy_run(&a);
    else
        cv_timeline_destroy(a.timeline);
    close_window(&a);
    cv_frame_stats_free(&a.frames);
    return status;
}
