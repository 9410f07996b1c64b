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
 *
 * A comparison is the same loop over up to four panes stacked on one time
 * axis (layout/panes.h): live, each pane's run starts when the one above it
 * has ended, never at once; replayed, all play on one playhead. Zoom, pan,
 * follow and the playhead act on every pane, as they share the axis; the
 * hovered pane names the bar under the mouse and the others draw the same
 * moment as a line. One pane draws exactly as the single-run window always
 * has.
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
#include "app/text_size.h"
#include "app/step_panel.h"
#include "app/view.h"
#include "layout/panes.h"
#include "layout/result_line.h"
#include "render/renderer.h"
#include "timeline/timeline.h"

#define DEFAULT_WIDTH 1280
#define DEFAULT_HEIGHT 800
#define FRAME_MS 16
#define IDLE_WAIT_MS 100
#define TOAST_MS 3500
#define ZOOM_STEP 1.25
#define PAN_FRACTION 0.10

/* One run on screen: a pane of a comparison, or the whole window. */
typedef struct pane {
    cv_scenario scenario; /* live: what it runs (pane 0: the copy T and + / - edit) */
    cv_engine *engine;
    cv_timeline *timeline;
    cv_handover_index handovers; /* items' put -> get, for the arrows */
    bool item_pinned;            /* a clicked tick's item: its arrow stays drawn */
    uint32_t pinned_item;
    const cv_trace *trace;
    const cv_run_result *replay_result;
    bool running; /* its live run has not ended yet */
    bool tried;   /* live: its run was started, or could not be */
    char title[CV_NAME_MAX + 96];
    char variant[96]; /* "threads", "run.backend=processes" */
    char subtitle[160];
    SDL_Rect plot, ruler; /* where the last frame drew them */
} pane;

typedef struct app {
    const cv_window_options *opt;
    bool live;
    SDL_Window *window;
    SDL_Renderer *sdl;
    cv_renderer *renderer;
    float user_scale;
    cv_theme_id theme;

    pane panes[CV_PANES_MAX];
    int pane_count;
    int current; /* live: the pane whose run goes on, or ran last */
    int plot_w;  /* the last frame's narrowest plot: the shared axis' width */
    cv_playback playback;
    cv_view view;

    bool help;
    bool arrows; /* an arrow for every item in view (I, --arrows) */
    char toast[300];
    Uint64 toast_until_ms;
    int mouse_x, mouse_y; /* in renderer pixels */
    bool mouse_in;
    bool dragging;
    bool scrubbing;
    int drag_last_x;
    int press_x, press_y; /* where the left button went down in a plot */
    /* A click (a press and release without a drag) in a plot, answered by the
     * pane under it once it is drawn: pin the item whose tick is there. */
    bool click_pending;
    int click_x, click_y;
    bool quit;
    bool screenshot;
    cv_frame_stats frames;
    cv_engine_options engine; /* the options runs start with (P turns step mode on) */
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

/* The renderer's scale: the user's factor times the room's (app/text_size.h). */
static float text_scale(const app *a)
{
    int pw = 0, ph = 0;
    SDL_GetRendererOutputSize(a->sdl, &pw, &ph);
    return a->user_scale * cv_text_size_room_scale(ph, pixel_ratio(a));
}

static void apply_scale(app *a)
{
    cv_error err;
    if (cv_renderer_set_scale(a->renderer, text_scale(a), &err) != CV_OK)
        toast(a, "cannot change the text size: %s", err.message);
}

/* Lanes first: text too big for the lanes to have half the window, a line
 * each, and the legend, is taken down a step (drawn again next frame), never
 * below 100%. */
static void keep_lanes_first(app *a)
{
    if (!cv_renderer_text_too_big(a->renderer))
        return;
    float smaller = cv_text_size_step_down(a->user_scale);
    if (smaller == a->user_scale)
        return;
    a->user_scale = smaller;
    apply_scale(a);
    toast(a, "text size %.0f%%: the largest that leaves the lanes room", (double)smaller * 100.0);
}

static pane *live_pane(app *a)
{
    return &a->panes[a->current];
}

/* A pane's run is over (or there is none): its end is final. */
static int64_t pane_now(const pane *p)
{
    if (p->engine && p->running)
        return cv_engine_now_ns(p->engine);
    return p->trace ? p->trace->end_ns : 0;
}

/* The latest moment there is something to show: live edge or playhead (the
 * longest run's, in a comparison). */
static int64_t current_now(const app *a)
{
    if (!a->live)
        return a->playback.position_ns;
    int64_t now = 0;
    for (int i = 0; i < a->pane_count; i++) {
        int64_t t = pane_now(&a->panes[i]);
        now = t > now ? t : now;
    }
    return now;
}

/* The plot the mouse acts on: every pane's spans the same columns. */
static SDL_Rect any_plot(const app *a)
{
    if (a->pane_count > 1)
        return a->panes[0].plot;
    return cv_renderer_plot_rect(a->renderer);
}

static int64_t time_at_x(const app *a, int x)
{
    SDL_Rect plot = any_plot(a);
    double fraction = plot.w > 0 ? (double)(x - plot.x) / plot.w : 0.5;
    return cv_view_time_at(&a->view, fraction);
}

/* The zoom anchor: the time under the mouse if it is over the lanes, else the middle. */
static int64_t zoom_anchor(const app *a)
{
    SDL_Rect plot = any_plot(a);
    if (a->mouse_in && a->mouse_x >= plot.x && a->mouse_x < plot.x + plot.w)
        return time_at_x(a, a->mouse_x);
    return cv_view_time_at(&a->view, 0.5);
}

static int64_t run_end(const app *a)
{
    int64_t end = 0;
    for (int i = 0; i < a->pane_count; i++) {
        const cv_trace *t = a->panes[i].trace;
        end = t && t->end_ns > end ? t->end_ns : end;
    }
    return end;
}

/* ---- the live run ------------------------------------------------------- */

static cv_status start_run(app *a, int index, cv_error *err)
{
    pane *p = &a->panes[index];
    a->current = index;
    p->tried = true;
    cv_status st = cv_engine_start(&p->scenario, &a->engine, &p->engine, err);
    if (st == CV_OK && a->engine.step && index == 0)
        st = cv_engine_step_replay(p->engine, a->opt->schedule, a->opt->schedule_count,
                                   a->opt->schedule_path ? a->opt->schedule_path : "", false, err);
    if (st != CV_OK) {
        cv_engine_destroy(p->engine);
        p->engine = NULL;
        return st;
    }
    p->trace = cv_engine_trace(p->engine);
    p->timeline = cv_timeline_create(p->trace);
    if (!p->timeline) {
        cv_engine_destroy(p->engine);
        p->engine = NULL;
        p->trace = NULL;
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the timeline model");
    }
    p->running = true;
    if (index == 0)
        a->view.mode = CV_VIEW_FIT;
    return CV_OK;
}

/* Stop the run if it still goes on and wait for its result (workers stop within 100 ms). */
static void finish_run(app *a)
{
    pane *p = live_pane(a);
    if (!p->engine || !p->running)
        return;
    cv_engine_request_stop(p->engine);
    cv_engine_set_paused(p->engine, false);
    cv_engine_run_to_end(p->engine);
    p->running = false;
    cv_timeline_update(p->timeline);
}

static void destroy_runs(app *a)
{
    for (int i = 0; i < a->pane_count; i++) {
        pane *p = &a->panes[i];
        cv_timeline_destroy(p->timeline);
        p->timeline = NULL;
        cv_handover_free(&p->handovers);
        if (p->engine)
            cv_engine_destroy(p->engine);
        p->engine = NULL;
        p->trace = NULL;
        p->running = false;
        p->tried = false;
        p->item_pinned = false; /* ids start again in the next run */
        p->subtitle[0] = '\0';
    }
    a->current = 0;
}

static cv_run_numbers numbers_of(const cv_run_result *r)
{
    return (cv_run_numbers){r->elapsed_s, r->items_consumed, r->outcome == CV_OUTCOME_COMPLETED,
                            cv_outcome_name(r->outcome)};
}

/* Each ended run's one-line result, with its speed-up against the first. */
static void judge(app *a)
{
    const cv_run_result *first_result =
        a->panes[0].engine && !a->panes[0].running ? cv_engine_result(a->panes[0].engine) : NULL;
    cv_run_numbers first =
        first_result ? numbers_of(first_result) : (cv_run_numbers){0, 0, false, "did not end"};
    for (int i = 0; i < a->pane_count; i++) {
        pane *p = &a->panes[i];
        if (!p->engine || p->running)
            continue;
        cv_run_numbers numbers = numbers_of(cv_engine_result(p->engine));
        const char *why = NULL;
        double speedup = cv_speedup(&first, &numbers, &why);
        cv_result_line(p->subtitle, sizeof p->subtitle, i, &numbers, speedup, why);
    }
}

/* The next pane's run, once the one above it has ended: never two at once. */
static void start_next(app *a)
{
    int next = a->current + 1;
    if (live_pane(a)->running || next >= a->pane_count || a->panes[next].tried)
        return;
    cv_error err;
    if (start_run(a, next, &err) != CV_OK)
        toast(a, "cannot start run %d: %s (R restarts the comparison)", next + 1, err.message);
}

static void restart(app *a)
{
    finish_run(a);
    destroy_runs(a);
    cv_error err;
    if (start_run(a, 0, &err) != CV_OK)
        toast(a, "cannot start the run: %s (R tries again)", err.message);
}

static void step_lane(app *a, int lane)
{
    pane *p = live_pane(a);
    char why[CV_ERROR_MESSAGE_MAX];
    if (!p->engine)
        toast(a, "not in step mode: P restarts the run in it");
    else if (!cv_step_panel_step(p->engine, p->running, lane, why, sizeof why))
        toast(a, "%s", why);
}

/* T and + / - edit one run; a comparison keeps its runs as they were asked for. */
static bool single_run(app *a)
{
    if (a->pane_count == 1)
        return true;
    toast(a,
          "this window compares %d runs: T and + \xE2\x88\x92 change a single run "
          "(R restarts the comparison)",
          a->pane_count);
    return false;
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
    a->panes[0].scenario = *edited;
    cv_lesson_edit_describe(a->opt->scenario, &a->panes[0].scenario);
    restart(a);
    toast(a, "%s: %u workers, %s", what, cv_scenario_worker_count(&a->panes[0].scenario),
          cv_backend_name(a->panes[0].scenario.backend));
}

static void switch_backend(app *a)
{
    if (!single_run(a))
        return;
    cv_scenario edited = a->panes[0].scenario;
    edited.backend =
        edited.backend == CV_BACKEND_THREADS ? CV_BACKEND_PROCESSES : CV_BACKEND_THREADS;
    edit_and_restart(a, &edited, "switch to processes");
    if (a->panes[0].scenario.backend == CV_BACKEND_THREADS)
        toast(a, "threads: restarted with %u workers",
              cv_scenario_worker_count(&a->panes[0].scenario));
}

static void name_pane(pane *p, const char *variant)
{
    snprintf(p->variant, sizeof p->variant, "%s", variant);
    snprintf(p->title, sizeof p->title, "%s \u00b7 %s", p->scenario.name, variant);
}

/* C: after this run, the same scenario with the other backend, stacked below. */
static void compare_backend(app *a)
{
    if (a->pane_count > 1) {
        toast(a, "already comparing %d runs (R restarts the comparison)", a->pane_count);
        return;
    }
    pane *first = &a->panes[0], *second = &a->panes[1];
    *second = (pane){.scenario = first->scenario};
    second->scenario.backend =
        first->scenario.backend == CV_BACKEND_THREADS ? CV_BACKEND_PROCESSES : CV_BACKEND_THREADS;
    name_pane(first, cv_backend_name(first->scenario.backend));
    name_pane(second, cv_backend_name(second->scenario.backend));
    a->pane_count = 2;
    judge(a);
    toast(a, "compare: %s runs %s", cv_backend_name(second->scenario.backend),
          first->running ? "when this run ends, below it" : "now, below");
    start_next(a);
}

static void change_consumers(app *a, int delta)
{
    if (!single_run(a))
        return;
    cv_scenario edited = a->panes[0].scenario;
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
    pane *p = live_pane(a);
    if (!p->engine || !p->running)
        return;
    cv_engine_set_paused(p->engine, !cv_engine_paused(p->engine));
}

/* ---- input -------------------------------------------------------------- */

static void save_screenshot_now(app *a)
{
    char path[256];
    const cv_trace *trace = a->panes[a->live ? a->current : 0].trace;
    const char *name = trace && trace->scenario[0] ? trace->scenario : "run";
    cv_error err;
    if (cv_screenshot_reserve(name, time(NULL), path, sizeof path, &err) != CV_OK ||
        cv_screenshot_save(a->sdl, path, &err) != CV_OK) {
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
    if (scale < CV_TEXT_SIZE_MIN)
        scale = CV_TEXT_SIZE_MIN;
    if (scale > CV_TEXT_SIZE_MAX)
        scale = CV_TEXT_SIZE_MAX;
    a->user_scale = scale;
    apply_scale(a);
    toast(a, "text size %.0f%%", (double)scale * 100.0);
}

static void toggle_fullscreen(app *a)
{
    bool full = (SDL_GetWindowFlags(a->window) & SDL_WINDOW_FULLSCREEN_DESKTOP) != 0;
    if (SDL_SetWindowFullscreen(a->window, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP) != 0)
        toast(a, "cannot change to full screen: %s", SDL_GetError());
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
    case CV_KEY_COMPARE_BACKEND:
        compare_backend(a);
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
        change_scale(a, CV_TEXT_SIZE_STEP);
        break;
    case CV_KEY_TEXT_SMALLER:
        change_scale(a, 1.0f / CV_TEXT_SIZE_STEP);
        break;
    case CV_KEY_TEXT_NORMAL:
        change_scale(a, 0);
        break;
    case CV_KEY_FULLSCREEN:
        toggle_fullscreen(a);
        break;
    case CV_KEY_ARROWS:
        a->arrows = !a->arrows;
        toast(a, "item arrows %s", a->arrows ? "on" : "off");
        break;
    case CV_KEY_STEP_MODE:
        a->engine.step = true;
        restart(a);
        break;
    case CV_KEY_STEP_LANE:
        step_lane(a, k->sym - SDLK_1);
        break;
    case CV_KEY_RUN_FREELY:
        if (live_pane(a)->engine)
            cv_engine_step_run_freely(live_pane(a)->engine);
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
            SDL_Rect plot = any_plot(a);
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
        for (int i = 0; i < a->pane_count; i++) {
            SDL_Rect plot = a->panes[i].plot, ruler = a->panes[i].ruler;
            if (!a->live && in_rect(&ruler, x, y)) {
                a->scrubbing = true;
                cv_playback_seek(&a->playback, time_at_x(a, x));
            } else if (a->live && y >= plot.y && y < plot.y + plot.h &&
                       cv_step_panel_active(a->panes[i].engine) &&
                       cv_step_panel_lane_at(a->renderer, x, y) >= 0) {
                /* Anywhere on the lane's row: its name, its bar, its numbers. */
                step_lane(a, cv_step_panel_lane_at(a->renderer, x, y));
            } else if (in_rect(&plot, x, y)) {
                a->dragging = true;
                a->drag_last_x = a->press_x = x;
                a->press_y = y;
            }
        }
        break;
    }
    case SDL_MOUSEBUTTONUP: {
        int x = (int)(e->button.x * ratio), y = (int)(e->button.y * ratio);
        if (a->dragging && e->button.button == SDL_BUTTON_LEFT && abs(x - a->press_x) <= 3 &&
            abs(y - a->press_y) <= 3) {
            a->click_pending = true;
            a->click_x = x;
            a->click_y = y;
        }
        a->dragging = false;
        a->scrubbing = false;
        break;
    }
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

static void status_word(const app *a, const pane *p, char *out, size_t size)
{
    if (a->live) {
        bool paused = p->engine && p->running && cv_engine_paused(p->engine);
        snprintf(out, size, "%s", !p->engine ? "NOT RUNNING" : paused ? "PAUSED" : "LIVE");
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
 * playhead: the time under the mouse over the lanes (of this pane, or of the
 * pane the others draw a line for), else the right edge of a view left in the
 * past, else the live edge.
 */
static int64_t live_moment(const app *a, int64_t now, bool pointed)
{
    SDL_Rect plot = any_plot(a);
    if (pointed && a->mouse_in && !a->dragging && a->mouse_x >= plot.x &&
        a->mouse_x < plot.x + plot.w) {
        int64_t t = time_at_x(a, a->mouse_x);
        return t < now ? t : now;
    }
    if (a->view.mode == CV_VIEW_FREE && a->view.t1_ns < now)
        return a->view.t1_ns;
    return now;
}

/* A click on a put or get tick pins that item's arrow (a second click on it,
 * or a click where there is no tick, lets it go); read from the layout of
 * the pane just drawn, so stacked panes each answer for their own ticks. */
static void pin_clicked_item(app *a, pane *p)
{
    a->click_pending = false;
    uint32_t item;
    bool on_tick =
        p->trace && cv_renderer_item_at(a->renderer, &p->handovers, a->click_x, a->click_y, &item);
    if (on_tick && !(p->item_pinned && p->pinned_item == item)) {
        p->item_pinned = true;
        p->pinned_item = item;
    } else {
        p->item_pinned = false;
    }
}

/* The frame of one pane; bounds empty and axis NULL for the single-run window. */
static void draw_pane(app *a, pane *p, SDL_Rect bounds, const cv_time_axis *axis, int label_w,
                      int64_t now, bool hover, bool cursor_only)
{
    char status[48];
    status_word(a, p, status, sizeof status);
    bool stacked = a->pane_count > 1;
    cv_render_frame frame = {
        .bounds = bounds,
        .trace = p->trace,
        .timeline = p->timeline,
        .view_t0_ns = a->view.t0_ns,
        .view_t1_ns = a->view.t1_ns,
        .time_axis = axis,
        .now_ns = a->live ? pane_now(p) : now,
        /* Opened on a --range: the columns count that stretch, as its PNG's do. */
        .count_from_ns = a->opt->range_start_ns,
        .count_to_ns = a->opt->range_end_ns,
        .status = status,
        .hint = "H or ?  controls",
        .hover = hover,
        .cursor_only = cursor_only,
        .mouse_x = a->mouse_x,
        .mouse_y = a->mouse_y,
        .label_column_w = label_w,
        .title = stacked ? p->title : NULL,
        .subtitle = stacked && p->subtitle[0] ? p->subtitle : NULL,
        .arrows = a->arrows,
        .item_pinned = p->item_pinned,
        .pinned_item = p->pinned_item,
    };
    /* Out of memory for the item index costs only the arrows. */
    if (p->trace && cv_handover_update(&p->handovers, p->trace, NULL) == CV_OK)
        frame.handovers = &p->handovers;
    if (a->live) {
        frame.moment_set = true;
        frame.moment_ns = live_moment(a, frame.now_ns, hover || cursor_only);
    }
    if (a->live && p->engine) {
        if (!p->running)
            frame.result = cv_engine_result(p->engine);
        else {
            uint32_t fill;
            cv_engine_progress(p->engine, &frame.produced, &frame.consumed, &fill);
            frame.have_progress = true;
        }
    } else if (!a->live) {
        frame.result = p->replay_result;
    }
    /* Out of memory for the marks costs only the marks this frame. */
    cv_step_mark *marks = NULL;
    char banner[320];
    if (a->live && p->running && cv_step_panel_active(p->engine) &&
        (marks = calloc(cv_engine_trace(p->engine)->lane_count, sizeof *marks)) &&
        cv_step_panel_compose(p->engine, marks, banner, sizeof banner)) {
        frame.step_marks = marks;
        frame.step_banner = banner;
    }
    /* The steps taken stay listed once the run ends (the deadlock they
     * led to) or runs freely (G). */
    if (a->live && p->engine)
        frame.steps_taken = cv_engine_steps_taken(p->engine, &frame.steps_taken_count);
    cv_renderer_draw(a->renderer, &frame);
    free(marks);
    p->plot = cv_renderer_plot_rect(a->renderer);
    p->ruler = cv_renderer_ruler_rect(a->renderer);
    if (a->click_pending && in_rect(&p->plot, a->click_x, a->click_y))
        pin_clicked_item(a, p);
}

/* Stacked panes on one axis: the widest label column in all, the axis fitted
 * to the narrowest plot of the last frame (all are alike), the hovered pane
 * drawn last so its tooltip is on top. */
static void draw_panes(app *a, int64_t now)
{
    int width, height;
    SDL_GetRendererOutputSize(a->sdl, &width, &height);
    int gap = (int)(6 * cv_renderer_scale(a->renderer) + 0.5f);
    cv_rect bounds[CV_PANES_MAX];
    cv_panes_split((cv_rect){0, 0, width, height}, a->pane_count, gap, bounds);
    int label_w = 0;
    for (int i = 0; i < a->pane_count; i++) {
        if (a->panes[i].trace) {
            int w = cv_renderer_label_column_width(a->renderer, a->panes[i].trace);
            label_w = w > label_w ? w : label_w;
        }
    }
    cv_time_axis axis =
        cv_time_axis_fit(a->view.t0_ns, a->view.t1_ns, a->plot_w > 0 ? a->plot_w : width / 2);
    const cv_theme *theme = cv_renderer_theme(a->renderer);
    SDL_SetRenderDrawColor(a->sdl, theme->border.r, theme->border.g, theme->border.b, 255);
    SDL_RenderClear(a->sdl);
    int hovered = -1;
    for (int i = 0; i < a->pane_count; i++) {
        cv_rect b = bounds[i];
        if (a->mouse_in && !a->dragging && a->mouse_y >= b.y && a->mouse_y < b.y + b.h)
            hovered = i;
    }
    int narrowest = 0;
    for (int k = 0; k < a->pane_count; k++) {
        int i = hovered < 0 ? k : (hovered + 1 + k) % a->pane_count;
        pane *p = &a->panes[i];
        SDL_Rect r = {bounds[i].x, bounds[i].y, bounds[i].w, bounds[i].h};
        if (!p->trace) {
            char line[200];
            snprintf(line, sizeof line, "%s: starts when the run above ends",
                     a->live && !p->tried ? "next" : "did not start");
            cv_renderer_draw_waiting(a->renderer, r, p->title, line);
            p->plot = p->ruler = (SDL_Rect){0, 0, 0, 0};
            continue;
        }
        draw_pane(a, p, r, &axis, label_w, now, i == hovered, hovered >= 0 && i != hovered);
        narrowest = narrowest == 0 || p->plot.w < narrowest ? p->plot.w : narrowest;
    }
    a->plot_w = narrowest;
}

static void draw_picture(app *a)
{
    int64_t now = current_now(a);
    bool pending = a->live && (live_pane(a)->running ||
                               (a->current + 1 < a->pane_count && !a->panes[a->current + 1].tried));
    bool final = a->live ? !pending : now >= a->playback.end_ns;
    cv_view_track(&a->view, now, final);
    if (a->pane_count > 1) {
        draw_panes(a, now);
        return;
    }
    draw_pane(a, &a->panes[0], (SDL_Rect){0, 0, 0, 0}, NULL, 0, now, a->mouse_in && !a->dragging,
              false);
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
    const char *name = a->live ? a->panes[0].scenario.name : a->panes[0].trace->scenario;
    snprintf(title, sizeof title, "conveyor \xE2\x80\x94 %s%s", name, a->live ? "" : " (replay)");
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (a->opt->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    a->window =
        SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!a->window)
        return fail_sdl(a, "cannot open a window");
    a->sdl =
        SDL_CreateRenderer(a->window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!a->sdl)
        a->sdl = SDL_CreateRenderer(a->window, -1, SDL_RENDERER_SOFTWARE);
    if (!a->sdl)
        return fail_sdl(a, "cannot draw in the window");
    if (cv_renderer_create(a->sdl, cv_theme_get(a->theme), text_scale(a), &a->renderer,
                           a->opt->error) != CV_OK)
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
    if (a->live) {
        const pane *p = &a->panes[a->current];
        return !p->engine || !p->running || cv_engine_paused(p->engine);
    }
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
        pane *p = live_pane(a);
        if (p->engine && p->running && !cv_engine_poll(p->engine)) {
            p->running = false;
            cv_timeline_update(p->timeline);
            judge(a);
            start_next(a);
        }
        p = live_pane(a);
        if (p->timeline)
            cv_timeline_update(p->timeline);
        return;
    }
    cv_playback_advance(&a->playback, (int64_t)real_ns);
    for (int i = 0; i < a->pane_count; i++) {
        if (a->panes[i].timeline)
            cv_timeline_update(a->panes[i].timeline);
    }
}

static void report_frames(const app *a)
{
    if (!a->opt->frames)
        return;
    *a->opt->frames = (cv_window_frames){a->frames.count, cv_frame_stats_quantile(&a->frames, 0.5),
                                         cv_frame_stats_quantile(&a->frames, 0.99)};
}

static int pane_status(const pane *p)
{
    if (!p->engine)
        return CV_WINDOW_FAILED;
    const cv_run_result *result = cv_engine_result(p->engine);
    if (result->outcome == CV_OUTCOME_STOPPED)
        return CV_WINDOW_STOPPED;
    if (result->outcome == CV_OUTCOME_COMPLETED && result->ledger_ok)
        return CV_WINDOW_COMPLETED;
    return CV_WINDOW_FAILED;
}

/* The last run's status; in a comparison, stopped if the user closed it
 * before every run ended, else failed if any run failed. */
static int exit_status(const app *a)
{
    if (!a->live)
        return CV_WINDOW_COMPLETED;
    if (a->pane_count == 1)
        return pane_status(&a->panes[0]);
    int status = CV_WINDOW_COMPLETED;
    for (int i = 0; i < a->pane_count; i++) {
        int s = a->panes[i].tried ? pane_status(&a->panes[i]) : CV_WINDOW_STOPPED;
        if (s == CV_WINDOW_STOPPED)
            return CV_WINDOW_STOPPED;
        if (s == CV_WINDOW_FAILED)
            status = CV_WINDOW_FAILED;
    }
    return status;
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
        keep_lanes_first(a);
        /* A software renderer ignores vsync: cap the rate so the workers keep the CPU. */
        Uint64 spent_ms = (SDL_GetPerformanceCounter() - start) * 1000 / frequency;
        if (spent_ms < FRAME_MS)
            SDL_Delay((Uint32)(FRAME_MS - spent_ms));
    }
}

/* The panes the options ask for: one run, one trace, or a comparison. */
static bool set_up_panes(app *a, const cv_window_options *o)
{
    if (o->pane_count > 1) {
        if (o->pane_count > CV_PANES_MAX)
            return false;
        a->pane_count = o->pane_count;
        a->live = o->panes[0].replay == NULL;
        for (int i = 0; i < o->pane_count; i++) {
            const cv_window_pane *from = &o->panes[i];
            pane *p = &a->panes[i];
            if (a->live != (from->replay == NULL) || (a->live && !from->scenario))
                return false;
            if (a->live)
                p->scenario = *from->scenario;
            p->trace = from->replay;
            p->replay_result = from->replay_result;
            snprintf(p->title, sizeof p->title, "%s", from->title ? from->title : "");
            snprintf(p->subtitle, sizeof p->subtitle, "%s", from->subtitle ? from->subtitle : "");
        }
        return true;
    }
    a->pane_count = 1;
    a->live = o->replay == NULL;
    if (a->live && !o->scenario)
        return false;
    if (a->live)
        a->panes[0].scenario = *o->scenario;
    a->panes[0].trace = o->replay;
    a->panes[0].replay_result = o->replay_result;
    return true;
}

/* Replay: every pane's timeline, one playhead to the longest trace's end. */
static int set_up_replay(app *a)
{
    for (int i = 0; i < a->pane_count; i++) {
        a->panes[i].timeline = cv_timeline_create(a->panes[i].trace);
        if (!a->panes[i].timeline) {
            cv_fail(a->opt->error, CV_ERR_NOMEM, "", 0, "out of memory for the timeline model");
            return CV_WINDOW_ERROR;
        }
    }
    int64_t end = run_end(a);
    cv_playback_start(&a->playback, end);
    /* Show the whole recording's axis from the start, filling in as it plays. */
    a->view = (cv_view){CV_VIEW_FREE, 0, end + end / 50 + 1};
    return 0;
}

int cv_window_run(const cv_window_options *options)
{
    app a = {.opt = options};
    if (!set_up_panes(&a, options)) {
        cv_fail(options->error, CV_ERR_USAGE, "", 0,
                "the window needs a scenario or a trace (or 2 to %d of either, not mixed)",
                CV_PANES_MAX);
        return CV_WINDOW_ERROR;
    }
    a.engine = options->engine;
    a.user_scale = options->scale > 0 ? options->scale : 1.0f;
    a.arrows = options->arrows;
    a.theme = options->theme;

    int status = open_window(&a);
    if (status == 0 && a.live && start_run(&a, 0, options->error) != CV_OK)
        status = CV_WINDOW_ERROR;
    if (status == 0 && !a.live)
        status = set_up_replay(&a);
    if (status == 0) {
        /* --range, else a live run's FIT, else the whole recording's axis, filling in as it
         * plays. A replay opened on a range plays from its start. */
        a.view =
            cv_view_opening(options->range_start_ns, options->range_end_ns, a.live, run_end(&a));
        if (!a.live && options->range_end_ns > options->range_start_ns)
            cv_playback_seek(&a.playback, options->range_start_ns);
    }
    if (status == 0) {
        loop(&a);
        finish_run(&a);
        const pane *first = &a.panes[0];
        if (options->on_steps && a.live && first->engine && a.engine.step) {
            size_t count = 0;
            const cv_step_record *taken = cv_engine_steps_taken(first->engine, &count);
            options->on_steps(taken, count, first->trace, options->user);
        }
        if (options->on_finish && first->trace)
            options->on_finish(first->trace,
                               a.live && first->engine ? cv_engine_result(first->engine)
                                                       : first->replay_result,
                               options->user);
        status = exit_status(&a);
        report_frames(&a);
    }
    if (a.live) {
        destroy_runs(&a);
    } else {
        for (int i = 0; i < a.pane_count; i++) {
            cv_timeline_destroy(a.panes[i].timeline);
            cv_handover_free(&a.panes[i].handovers);
        }
    }
    close_window(&a);
    cv_frame_stats_free(&a.frames);
    return status;
}
