/*
 * test_render.c — the renderer and the PNG export draw what the trace says.
 *
 * A PNG written offscreen (no display involved) must be a PNG of the size
 * asked for, and a lane that spent the whole run in one state must be painted
 * in that state's theme colour, in both themes and for a chosen time range.
 * The helpers the renderer relies on are pinned down too: the incremental
 * statistics equal cv_trace_lane_state_times, the buffer's contents at a
 * moment come out oldest first, and the time axis picks round steps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>

#include "export/png.h"
#include "render/axis.h"
#include "timeline/buffer_slots.h"
#include "timeline/handover.h"
#include "timeline/lane_stats.h"
#include "render/renderer.h"
#include "render/theme.h"
#include "support/synthetic_trace.h"
#include "timeline/timeline.h"

#define SECOND 1000000000ll

static void add(cv_trace *trace, uint32_t lane, int64_t t, uint32_t kind, uint32_t item,
                uint32_t fill)
{
    cv_event e = cv_event_make(t, kind, item, fill);
    assert_int_equal(cv_trace_append(trace, lane, &e, 1, NULL), CV_OK);
}

/* Three lanes, each in one state for the whole 2 s run, except lane 2, which
 * works for the first second and sleeps in I/O for the second. */
static void make_solid_trace(cv_trace *trace)
{
    assert_int_equal(cv_trace_init(trace, 3, NULL), CV_OK);
    snprintf(trace->scenario, sizeof trace->scenario, "solid");
    trace->buffer_slots = 4;
    const char *names[3] = {"P0", "C0", "C1"};
    for (uint32_t i = 0; i < 3; i++) {
        snprintf(trace->lanes[i].name, sizeof trace->lanes[i].name, "%s", names[i]);
        trace->lanes[i].role = i == 0 ? CV_ROLE_PRODUCER : CV_ROLE_CONSUMER;
        trace->lanes[i].os_id = 1000 + i;
    }
    add(trace, 0, 0, CV_STATE_WORK, 0, 0);
    add(trace, 1, 0, CV_STATE_WAIT_ITEM, 0, 0);
    add(trace, 2, 0, CV_STATE_WORK, 0, 0);
    add(trace, 2, SECOND, CV_STATE_IO, 0, 0);
    trace->end_ns = 2 * SECOND;
    trace->finished = true;
    trace->outcome = CV_OUTCOME_COMPLETED;
}

static char *temp_png(const char *tag)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/test_render-%ld-%s.png", (long)getpid(), tag);
    return path;
}

/* The plot rectangle the PNG export uses for this trace and size, found by
 * drawing the same frame with the same renderer settings offscreen. */
static SDL_Rect plot_rect_for(const cv_trace *trace, int w, int h, cv_theme_id theme, int64_t t0,
                              int64_t t1)
{
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(surface);
    SDL_Renderer *sdl = SDL_CreateSoftwareRenderer(surface);
    assert_non_null(sdl);
    cv_renderer *renderer = NULL;
    assert_int_equal(
        cv_renderer_create(sdl, cv_theme_get(theme), (float)h / 800.0f, &renderer, NULL), CV_OK);
    cv_timeline *timeline = cv_timeline_create(trace);
    cv_timeline_update(timeline);
    cv_render_frame frame = {.trace = trace,
                             .timeline = timeline,
                             .view_t0_ns = t0,
                             .view_t1_ns = t1,
                             .now_ns = trace->end_ns};
    cv_renderer_draw(renderer, &frame);
    SDL_Rect plot = cv_renderer_plot_rect(renderer);
    cv_timeline_destroy(timeline);
    cv_renderer_destroy(renderer);
    SDL_DestroyRenderer(sdl);
    SDL_FreeSurface(surface);
    return plot;
}

static cv_rgb pixel_at(SDL_Surface *image, int x, int y)
{
    Uint32 value = 0;
    SDL_Surface *rgba = SDL_ConvertSurfaceFormat(image, SDL_PIXELFORMAT_RGBA32, 0);
    assert_non_null(rgba);
    memcpy(&value, (Uint8 *)rgba->pixels + y * rgba->pitch + x * 4, 4);
    Uint8 r, g, b, a;
    SDL_GetRGBA(value, rgba->format, &r, &g, &b, &a);
    SDL_FreeSurface(rgba);
    return (cv_rgb){r, g, b};
}

static void assert_colour(cv_rgb got, cv_rgb expected)
{
    assert_int_equal(got.r, expected.r);
    assert_int_equal(got.g, expected.g);
    assert_int_equal(got.b, expected.b);
}

/* The colour in the middle of lane `lane` at fraction `fx` across the plot. */
static cv_rgb lane_pixel(SDL_Surface *image, SDL_Rect plot, uint32_t lanes, uint32_t lane,
                         double fx)
{
    int lane_h = plot.h / (int)lanes;
    int x = plot.x + (int)(fx * plot.w);
    int y = plot.y + (int)lane * lane_h + lane_h / 2;
    return pixel_at(image, x, y);
}

static void test_png_has_the_signature_and_the_requested_size(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options synthetic = {.lanes = 64, .events = 100000, .seed = 7};
    assert_int_equal(cv_synthetic_trace(&trace, &synthetic, NULL), CV_OK);
    const char *path = temp_png("size");
    cv_png_options options = {.width = 1000, .height = 700};
    cv_error err = {0};
    assert_int_equal(cv_png_write(path, &trace, NULL, &options, &err), CV_OK);

    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    unsigned char header[24];
    assert_int_equal(fread(header, 1, sizeof header, file), sizeof header);
    fclose(file);
    const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assert_memory_equal(header, signature, 8);
    uint32_t width = (uint32_t)header[16] << 24 | header[17] << 16 | header[18] << 8 | header[19];
    uint32_t height = (uint32_t)header[20] << 24 | header[21] << 16 | header[22] << 8 | header[23];
    assert_int_equal(width, 1000);
    assert_int_equal(height, 700);
    unlink(path);
    cv_trace_free(&trace);
}

static void test_default_png_is_1600_by_900_light(void **state)
{
    (void)state;
    cv_trace trace;
    make_solid_trace(&trace);
    const char *path = temp_png("default");
    assert_int_equal(cv_png_write(path, &trace, NULL, NULL, NULL), CV_OK);
    SDL_Surface *image = IMG_Load(path);
    assert_non_null(image);
    assert_int_equal(image->w, 1600);
    assert_int_equal(image->h, 900);
    assert_colour(pixel_at(image, 2, 2), cv_theme_get(CV_THEME_LIGHT)->background);
    SDL_FreeSurface(image);
    unlink(path);
    cv_trace_free(&trace);
}

static void check_lane_colours(cv_theme_id theme_id)
{
    cv_trace trace;
    make_solid_trace(&trace);
    const char *path = temp_png(theme_id == CV_THEME_DARK ? "dark" : "light");
    cv_png_options options = {.width = 1200, .height = 800, .theme = theme_id};
    assert_int_equal(cv_png_write(path, &trace, NULL, &options, NULL), CV_OK);
    SDL_Rect plot = plot_rect_for(&trace, 1200, 800, theme_id, 0, trace.end_ns);
    assert_true(plot.w > 100);
    SDL_Surface *image = IMG_Load(path);
    assert_non_null(image);
    const cv_theme *theme = cv_theme_get(theme_id);
    assert_colour(pixel_at(image, 2, 2), theme->background);
    assert_colour(lane_pixel(image, plot, 3, 0, 0.5), theme->state[CV_STATE_WORK]);
    assert_colour(lane_pixel(image, plot, 3, 1, 0.5), theme->state[CV_STATE_WAIT_ITEM]);
    assert_colour(lane_pixel(image, plot, 3, 2, 0.25), theme->state[CV_STATE_WORK]);
    assert_colour(lane_pixel(image, plot, 3, 2, 0.75), theme->state[CV_STATE_IO]);
    SDL_FreeSurface(image);
    unlink(path);
    cv_trace_free(&trace);
}

static void test_lane_pixels_have_the_state_colour_in_the_light_theme(void **state)
{
    (void)state;
    check_lane_colours(CV_THEME_LIGHT);
}

static void test_lane_pixels_have_the_state_colour_in_the_dark_theme(void **state)
{
    (void)state;
    check_lane_colours(CV_THEME_DARK);
}

static void test_range_draws_only_that_window_of_time(void **state)
{
    (void)state;
    cv_trace trace;
    make_solid_trace(&trace);
    const char *path = temp_png("range");
    cv_png_options options = {
        .width = 1200, .height = 800, .range_start_ns = SECOND, .range_end_ns = 2 * SECOND};
    assert_int_equal(cv_png_write(path, &trace, NULL, &options, NULL), CV_OK);
    SDL_Rect plot = plot_rect_for(&trace, 1200, 800, CV_THEME_LIGHT, SECOND, 2 * SECOND);
    SDL_Surface *image = IMG_Load(path);
    assert_non_null(image);
    /* Lane 2 slept in I/O for all of the second second. */
    const cv_theme *theme = cv_theme_get(CV_THEME_LIGHT);
    assert_colour(lane_pixel(image, plot, 3, 2, 0.05), theme->state[CV_STATE_IO]);
    assert_colour(lane_pixel(image, plot, 3, 2, 0.95), theme->state[CV_STATE_IO]);
    SDL_FreeSurface(image);
    unlink(path);
    cv_trace_free(&trace);
}

static void test_bad_size_and_range_are_usage_errors(void **state)
{
    (void)state;
    cv_trace trace;
    make_solid_trace(&trace);
    cv_error err = {0};
    cv_png_options tiny = {.width = 10, .height = 10};
    assert_int_equal(cv_png_write(temp_png("bad"), &trace, NULL, &tiny, &err), CV_ERR_USAGE);
    assert_non_null(strstr(err.message, "10x10"));
    cv_png_options backwards = {.range_start_ns = 2 * SECOND, .range_end_ns = SECOND};
    assert_int_equal(cv_png_write(temp_png("bad"), &trace, NULL, &backwards, &err), CV_ERR_USAGE);
    assert_int_equal(access(temp_png("bad"), F_OK), -1);
    cv_trace_free(&trace);
}

static void test_unwritable_path_is_an_io_error(void **state)
{
    (void)state;
    cv_trace trace;
    make_solid_trace(&trace);
    cv_error err = {0};
    assert_int_equal(cv_png_write("/nonexistent-dir/x.png", &trace, NULL, NULL, &err), CV_ERR_IO);
    assert_string_equal(err.file, "/nonexistent-dir/x.png");
    cv_trace_free(&trace);
}

static void test_lane_stats_equal_trace_state_times_at_every_moment(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options synthetic = {.lanes = 8, .events = 20000, .seed = 3};
    assert_int_equal(cv_synthetic_trace(&trace, &synthetic, NULL), CV_OK);
    cv_lane_stats stats = {0};
    /* Forward in steps, then back to an early moment (a replay scrubbed back). */
    const double moments[] = {0.1, 0.3, 0.3, 0.75, 1.0, 0.2};
    for (size_t m = 0; m < sizeof moments / sizeof moments[0]; m++) {
        int64_t until = (int64_t)(moments[m] * (double)trace.end_ns);
        assert_int_equal(cv_lane_stats_update(&stats, &trace, until, NULL), CV_OK);
        for (uint32_t lane = 0; lane < trace.lane_count; lane++) {
            int64_t expected[CV_STATE_COUNT];
            cv_trace_lane_state_times(&trace, lane, until, expected);
            for (int s = 0; s < CV_STATE_COUNT; s++)
                assert_int_equal(stats.lanes[lane].state_ns[s], expected[s]);
            uint64_t items = 0;
            const cv_lane_events *events = &trace.events[lane];
            for (size_t i = 0; i < events->count && events->events[i].time_ns <= until; i++)
                items += !cv_event_is_state(&events->events[i]);
            assert_int_equal(stats.lanes[lane].items, items);
        }
    }
    cv_lane_stats_free(&stats);
    cv_trace_free(&trace);
}

/* A picture of --range START:END counted its items and shares over the whole
 * run: the columns now count from START (time in each state after it, puts
 * and gets from it on), moved forward and back as a replay is. */
static void test_lane_stats_count_from_a_range_start(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options synthetic = {.lanes = 6, .events = 12000, .seed = 9};
    assert_int_equal(cv_synthetic_trace(&trace, &synthetic, NULL), CV_OK);
    cv_lane_stats stats = {0};
    const double ranges[][2] = {{0.25, 0.5}, {0.25, 0.9}, {0.6, 0.7}, {0.0, 1.0}, {0.25, 0.3}};
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        int64_t from = (int64_t)(ranges[r][0] * (double)trace.end_ns);
        int64_t until = (int64_t)(ranges[r][1] * (double)trace.end_ns);
        cv_lane_stats_count_from(&stats, from);
        assert_int_equal(cv_lane_stats_update(&stats, &trace, until, NULL), CV_OK);
        for (uint32_t lane = 0; lane < trace.lane_count; lane++) {
            int64_t to_until[CV_STATE_COUNT], to_from[CV_STATE_COUNT];
            cv_trace_lane_state_times(&trace, lane, until, to_until);
            cv_trace_lane_state_times(&trace, lane, from, to_from);
            for (int s = 0; s < CV_STATE_COUNT; s++)
                assert_int_equal(stats.lanes[lane].state_ns[s], to_until[s] - to_from[s]);
            uint64_t items = 0;
            const cv_lane_events *events = &trace.events[lane];
            for (size_t i = 0; i < events->count && events->events[i].time_ns <= until; i++)
                items +=
                    !cv_event_is_state(&events->events[i]) && events->events[i].time_ns >= from;
            assert_int_equal(stats.lanes[lane].items, items);
        }
    }
    cv_lane_stats_free(&stats);
    cv_trace_free(&trace);
}

static void test_buffer_slots_hold_the_last_items_put_oldest_first(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 3, NULL), CV_OK);
    trace.lanes[0].role = CV_ROLE_PRODUCER;
    trace.lanes[1].role = CV_ROLE_PRODUCER;
    trace.lanes[2].role = CV_ROLE_CONSUMER;
    trace.buffer_slots = 4;
    add(&trace, 0, 10, CV_EVENT_PUT, 1, 1);
    add(&trace, 1, 20, CV_EVENT_PUT, 2, 2);
    add(&trace, 0, 30, CV_EVENT_PUT, 3, 3);
    add(&trace, 2, 40, CV_EVENT_GET, 1, 2);
    add(&trace, 1, 50, CV_EVENT_PUT, 4, 3);
    uint32_t items[8], count = 0;
    assert_int_equal(cv_buffer_slots_at(&trace, 35, items, 8, &count), 3);
    assert_int_equal(count, 3);
    assert_int_equal(items[0], 1);
    assert_int_equal(items[1], 2);
    assert_int_equal(items[2], 3);
    assert_int_equal(cv_buffer_slots_at(&trace, 60, items, 8, &count), 3);
    assert_int_equal(count, 3);
    assert_int_equal(items[0], 2);
    assert_int_equal(items[1], 3);
    assert_int_equal(items[2], 4);
    assert_int_equal(cv_buffer_slots_at(&trace, 5, items, 8, &count), 0);
    assert_int_equal(count, 0);
    cv_trace_free(&trace);
}

static void test_axis_steps_are_round_and_labels_use_one_unit(void **state)
{
    (void)state;
    /* 2 s over 1000 px with ticks >= 100 px apart: 200 ms steps. */
    assert_int_equal(cv_axis_tick_step(2 * SECOND, 1000, 100), 200000000);
    /* 10 ms over 1000 px, 100 px: 1 ms. 7 ms: 1 ms (0.7 ms is not 1/2/5). */
    assert_int_equal(cv_axis_tick_step(10000000, 1000, 100), 1000000);
    assert_int_equal(cv_axis_tick_step(7000000, 1000, 100), 1000000);
    assert_int_equal(cv_axis_tick_step(3000, 1000, 100), 500);
    char label[32];
    cv_axis_label(1400000000, 200000000, 2 * SECOND, label, sizeof label);
    assert_string_equal(label, "1.4 s");
    cv_axis_label(0, 200000000, 2 * SECOND, label, sizeof label);
    assert_string_equal(label, "0.0 s");
    cv_axis_label(250000000, 50000000, 900000000, label, sizeof label);
    assert_string_equal(label, "250 ms");
    cv_axis_label(1500, 500, 3000, label, sizeof label);
    assert_string_equal(label, "1.5 \xC2\xB5s");
    cv_format_duration(3210000, label, sizeof label);
    assert_string_equal(label, "3.21 ms");
    cv_format_duration(850000, label, sizeof label);
    assert_string_equal(label, "850 \xC2\xB5s");
}

static void test_every_state_has_a_distinct_colour_and_a_label(void **state)
{
    (void)state;
    for (int t = 0; t < 2; t++) {
        const cv_theme *theme = cv_theme_get((cv_theme_id)t);
        for (int a = 0; a < CV_STATE_COUNT; a++) {
            assert_true(strlen(cv_state_label((cv_state)a)) > 0);
            for (int b = a + 1; b < CV_STATE_COUNT; b++) {
                cv_rgb x = theme->state[a], y = theme->state[b];
                int distance = abs(x.r - y.r) + abs(x.g - y.g) + abs(x.b - y.b);
                if (distance < 60)
                    fail_msg("%s and %s are too alike in the %s theme (distance %d)",
                             cv_state_name((cv_state)a), cv_state_name((cv_state)b), theme->name,
                             distance);
            }
        }
    }
    cv_theme_id id;
    assert_true(cv_theme_from_name("dark", &id));
    assert_int_equal(id, CV_THEME_DARK);
    assert_false(cv_theme_from_name("sepia", &id));
    char hex[8];
    cv_rgb_hex(cv_theme_get(CV_THEME_LIGHT)->state[CV_STATE_WORK], hex);
    assert_string_equal(hex, "#009e73");
}

/* Pixels of the slots' filled colour below the time axis: the slots row (the
 * buffer strip, in the same colour, is above the axis). */
static int filled_slot_pixels(const cv_trace *trace, bool moment_set, int64_t moment_ns)
{
    const int w = 1200, h = 800;
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    assert_non_null(surface);
    SDL_Renderer *sdl = SDL_CreateSoftwareRenderer(surface);
    cv_renderer *renderer = NULL;
    const cv_theme *theme = cv_theme_get(CV_THEME_LIGHT);
    assert_int_equal(cv_renderer_create(sdl, theme, 1.0f, &renderer, NULL), CV_OK);
    cv_timeline *timeline = cv_timeline_create(trace);
    cv_timeline_update(timeline);
    cv_render_frame frame = {.trace = trace,
                             .timeline = timeline,
                             .view_t0_ns = 0,
                             .view_t1_ns = trace->end_ns,
                             .now_ns = trace->end_ns,
                             .moment_set = moment_set,
                             .moment_ns = moment_ns};
    cv_renderer_draw(renderer, &frame);
    SDL_RenderPresent(sdl);
    SDL_Rect ruler = cv_renderer_ruler_rect(renderer);
    assert_true(ruler.h > 0 && ruler.y + ruler.h < h);
    int count = 0;
    for (int y = ruler.y + ruler.h; y < h; y++) {
        const Uint8 *row = (const Uint8 *)surface->pixels + y * surface->pitch;
        for (int x = 0; x < w; x++) {
            const Uint8 *p = row + x * 4;
            count += p[0] == theme->slot_filled.r && p[1] == theme->slot_filled.g &&
                     p[2] == theme->slot_filled.b;
        }
    }
    cv_timeline_destroy(timeline);
    cv_renderer_destroy(renderer);
    SDL_DestroyRenderer(sdl);
    SDL_FreeSurface(surface);
    return count;
}

/* A live run's slots row showed the last moment even when the user looked at the past;
 * the frame's moment (the hovered time, or a view left behind) now decides it. */
static void test_slots_row_shows_the_moment_looked_at(void **state)
{
    (void)state;
    cv_trace trace;
    make_solid_trace(&trace);
    add(&trace, 0, SECOND / 5, CV_EVENT_PUT, 1, 1);
    add(&trace, 0, 2 * SECOND / 5, CV_EVENT_PUT, 2, 2);
    add(&trace, 0, 3 * SECOND / 5, CV_EVENT_PUT, 3, 3);
    int at_end = filled_slot_pixels(&trace, false, 0);
    int one = filled_slot_pixels(&trace, true, 3 * SECOND / 10);
    int three = filled_slot_pixels(&trace, true, 7 * SECOND / 10);
    int none = filled_slot_pixels(&trace, true, SECOND / 10);
    assert_true(at_end > 0);
    assert_int_equal(three, at_end);
    assert_int_equal(none, 0);
    assert_true(one > 0 && one * 2 < three);
    assert_int_equal(filled_slot_pixels(&trace, true, 5 * SECOND), at_end); /* never past now */
    cv_trace_free(&trace);
}

/* Grid lines were painted over the buffer's fill (and looked like dips in it):
 * inside a full buffer every pixel across a tick has the fill's colour. */
static void test_grid_lines_stay_under_the_buffer_fill(void **state)
{
    (void)state;
    cv_trace trace;
    make_solid_trace(&trace);
    for (uint32_t i = 1; i <= 4; i++)
        add(&trace, 0, (int64_t)i * SECOND / 10, CV_EVENT_PUT, i, i); /* full from 0.4 s */
    const int w = 1200, h = 800;
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *sdl = SDL_CreateSoftwareRenderer(surface);
    cv_renderer *renderer = NULL;
    const cv_theme *theme = cv_theme_get(CV_THEME_LIGHT);
    assert_int_equal(cv_renderer_create(sdl, theme, 1.0f, &renderer, NULL), CV_OK);
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_timeline_update(timeline);
    cv_render_frame frame = {.trace = &trace,
                             .timeline = timeline,
                             .view_t0_ns = 0,
                             .view_t1_ns = trace.end_ns,
                             .now_ns = trace.end_ns};
    cv_renderer_draw(renderer, &frame);
    SDL_RenderPresent(sdl);
    SDL_Rect plot = cv_renderer_plot_rect(renderer), ruler = cv_renderer_ruler_rect(renderer);
    cv_rgb fill = theme->fill_strip;
    int checked = 0;
    for (int64_t tick = SECOND / 2; tick < trace.end_ns; tick += SECOND / 2) {
        int x_tick = plot.x + (int)((double)tick / (double)trace.end_ns * plot.w);
        for (int y = ruler.y; y < ruler.y + ruler.h; y++) {
            const Uint8 *row = (const Uint8 *)surface->pixels + y * surface->pitch;
            const Uint8 *left = row + (x_tick - 8) * 4, *right = row + (x_tick + 8) * 4;
            bool filled_row = left[0] == fill.r && left[1] == fill.g && left[2] == fill.b &&
                              right[0] == fill.r && right[1] == fill.g && right[2] == fill.b;
            for (int x = x_tick - 3; filled_row && x <= x_tick + 3; x++) {
                const Uint8 *p = row + x * 4;
                if (p[0] != fill.r || p[1] != fill.g || p[2] != fill.b)
                    fail_msg("pixel (%d, %d) by the tick at %lld ms is #%02x%02x%02x, not the fill",
                             x, y, (long long)(tick / 1000000), p[0], p[1], p[2]);
                checked++;
            }
        }
    }
    assert_true(checked > 100);
    cv_timeline_destroy(timeline);
    cv_renderer_destroy(renderer);
    SDL_DestroyRenderer(sdl);
    SDL_FreeSurface(surface);
    cv_trace_free(&trace);
}

/* ---- colour distances as people see them ---- */

static double linear(int channel)
{
    double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* CIELAB (D65) of linear RGB. */
static void to_lab(const double rgb[3], double lab[3])
{
    double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    double f[3] = {x, y, z};
    for (int i = 0; i < 3; i++)
        f[i] = f[i] > 0.008856 ? cbrt(f[i]) : 7.787 * f[i] + 16.0 / 116.0;
    lab[0] = 116 * f[1] - 16;
    lab[1] = 500 * (f[0] - f[1]);
    lab[2] = 200 * (f[1] - f[2]);
}

/* Normal vision, then deuteranopia, protanopia and tritanopia (Machado et al. 2009, severity 1). */
static const double vision[4][3][3] = {
    {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
    {{0.367322, 0.860646, -0.227968},
     {0.280085, 0.672501, 0.047413},
     {-0.011820, 0.042940, 0.968881}},
    {{0.152286, 1.052583, -0.204868},
     {0.114503, 0.786281, 0.099216},
     {-0.003882, -0.048116, 1.051998}},
    {{1.255528, -0.076749, -0.178779},
     {-0.078411, 0.930809, 0.147602},
     {0.004733, 0.691367, 0.303900}},
};
static const char *const vision_names[4] = {"normal vision", "deuteranopia", "protanopia",
                                            "tritanopia"};

/* CIE76 distance between two colours as a viewer with that vision sees them. */
static double seen_distance(cv_rgb a, cv_rgb b, int v)
{
    double in[2][3] = {{linear(a.r), linear(a.g), linear(a.b)},
                       {linear(b.r), linear(b.g), linear(b.b)}};
    double lab[2][3];
    for (int k = 0; k < 2; k++) {
        double out[3];
        for (int i = 0; i < 3; i++) {
            double sum = 0;
            for (int j = 0; j < 3; j++)
                sum += vision[v][i][j] * in[k][j];
            out[i] = sum < 0 ? 0 : sum > 1 ? 1 : sum;
        }
        to_lab(out, lab[k]);
    }
    return sqrt(pow(lab[0][0] - lab[1][0], 2) + pow(lab[0][1] - lab[1][1], 2) +
                pow(lab[0][2] - lab[1][2], 2));
}

typedef struct named_colour {
    const char *name;
    cv_rgb colour;
} named_colour;

/* Spawn was near-black like the put/get ticks (white on dark): it has its own colour,
 * apart from the ticks, the lanes and every other state, ready included, for every vision. */
static void test_spawn_has_its_own_colour_for_every_kind_of_colour_vision(void **state)
{
    (void)state;
    for (int t = 0; t < 2; t++) {
        const cv_theme *theme = cv_theme_get((cv_theme_id)t);
        cv_rgb spawn = theme->state[CV_STATE_SPAWN];
        named_colour others[CV_STATE_COUNT + 4] = {{"the put tick", theme->put_mark},
                                                   {"the get tick", theme->get_mark},
                                                   {"an even lane", theme->lane_even},
                                                   {"an odd lane", theme->lane_odd}};
        int count = 4;
        for (int s = 0; s < CV_STATE_COUNT; s++) {
            if (s != CV_STATE_SPAWN)
                others[count++] = (named_colour){cv_state_name((cv_state)s), theme->state[s]};
        }
        for (int i = 0; i < count; i++) {
            for (int v = 0; v < 4; v++) {
                double distance = seen_distance(spawn, others[i].colour, v);
                if (distance < 19.0)
                    fail_msg("spawn and %s are too alike in the %s theme with %s (CIE76 %.1f)",
                             others[i].name, theme->name, vision_names[v], distance);
            }
        }
    }
}

/* The picture of frame on a w x h surface (the caller frees it). */
/* The frame drawn offscreen at text scale `scale`; with plot set, where its lanes went. */
static SDL_Surface *draw_frame_at(const cv_render_frame *frame, int w, int h, float scale,
                                  SDL_Rect *plot)
{
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *sdl = SDL_CreateSoftwareRenderer(surface);
    cv_renderer *renderer = NULL;
    assert_int_equal(cv_renderer_create(sdl, cv_theme_get(CV_THEME_LIGHT), scale, &renderer, NULL),
                     CV_OK);
    cv_renderer_draw(renderer, frame);
    if (plot)
        *plot = cv_renderer_plot_rect(renderer);
    SDL_RenderPresent(sdl);
    cv_renderer_destroy(renderer);
    SDL_DestroyRenderer(sdl);
    return surface;
}

static SDL_Surface *draw_frame(const cv_render_frame *frame, int w, int h)
{
    return draw_frame_at(frame, w, h, 1.0f, NULL);
}

static bool same_colour(SDL_Surface *image, int x, int y, cv_rgb colour)
{
    const Uint8 *p = (const Uint8 *)image->pixels + y * image->pitch + x * 4;
    return p[0] == colour.r && p[1] == colour.g && p[2] == colour.b;
}

/* Pixels of colour in the plot's rectangle. */
static int count_in(SDL_Surface *image, SDL_Rect r, cv_rgb colour)
{
    int count = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            count += same_colour(image, x, y, colour);
    return count;
}

/* Follow an item: a click on a put or get tick pins that item's arrow, drawn
 * highlighted with the mouse anywhere (the window clicks through
 * cv_renderer_item_at, which must find the item at its tick and nothing away
 * from the ticks). */
static void test_a_pinned_item_keeps_its_arrow_and_a_tick_names_its_item(void **state)
{
    (void)state;
    cv_trace trace;
    make_solid_trace(&trace);
    add(&trace, 0, SECOND / 2, CV_EVENT_PUT, 7, 1);
    add(&trace, 1, 3 * SECOND / 2, CV_EVENT_GET, 7, 0);
    add(&trace, 1, 3 * SECOND / 2, CV_STATE_WORK, 0, 0);
    const int w = 1200, h = 800;
    const cv_theme *theme = cv_theme_get(CV_THEME_LIGHT);
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_timeline_update(timeline);
    cv_handover_index handovers = {0};
    assert_int_equal(cv_handover_update(&handovers, &trace, NULL), CV_OK);
    cv_render_frame frame = {.trace = &trace,
                             .timeline = timeline,
                             .view_t0_ns = 0,
                             .view_t1_ns = trace.end_ns,
                             .now_ns = trace.end_ns,
                             .handovers = &handovers};
    SDL_Rect plot = plot_rect_for(&trace, w, h, CV_THEME_LIGHT, 0, trace.end_ns);
    SDL_Surface *plain = draw_frame(&frame, w, h);
    frame.item_pinned = true;
    frame.pinned_item = 7;
    SDL_Surface *pinned = draw_frame(&frame, w, h);
    frame.pinned_item = 8; /* no such item: nothing drawn */
    SDL_Surface *unknown = draw_frame(&frame, w, h);
    assert_int_equal(count_in(plain, plot, theme->warning), 0);
    assert_true(count_in(pinned, plot, theme->warning) > 200);
    assert_int_equal(count_in(unknown, plot, theme->warning), 0);
    SDL_FreeSurface(plain);
    SDL_FreeSurface(pinned);
    SDL_FreeSurface(unknown);

    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *sdl = SDL_CreateSoftwareRenderer(surface);
    cv_renderer *renderer = NULL;
    assert_int_equal(cv_renderer_create(sdl, theme, 1.0f, &renderer, NULL), CV_OK);
    frame.item_pinned = false;
    cv_renderer_draw(renderer, &frame);
    int lane_h = plot.h / 3;
    int put_x = plot.x + plot.w / 4, get_x = plot.x + 3 * plot.w / 4;
    uint32_t item = 0;
    assert_true(cv_renderer_item_at(renderer, &handovers, put_x, plot.y + lane_h / 2, &item));
    assert_int_equal(item, 7);
    item = 0;
    assert_true(cv_renderer_item_at(renderer, &handovers, get_x, plot.y + lane_h * 3 / 2, &item));
    assert_int_equal(item, 7);
    assert_false(
        cv_renderer_item_at(renderer, &handovers, plot.x + plot.w / 2, plot.y + lane_h / 2, &item));
    assert_false(cv_renderer_item_at(renderer, &handovers, put_x, plot.y + lane_h * 5 / 2, &item));
    cv_renderer_destroy(renderer);
    SDL_DestroyRenderer(sdl);
    SDL_FreeSurface(surface);
    cv_handover_free(&handovers);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

/* Step mode's tags sit at the right end of the lanes; a tooltip opened over
 * one is drawn over it, not under it (a student read the tags through the
 * tooltip's words). The tag's pixels are those the tag colour takes when the
 * marks are drawn; with the mouse on the tag, some of them are the
 * tooltip's. */
static void test_the_tooltip_is_drawn_over_the_step_tags(void **state)
{
    (void)state;
    cv_trace trace;
    make_solid_trace(&trace);
    const int w = 1200, h = 800;
    const cv_theme *theme = cv_theme_get(CV_THEME_LIGHT);
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_timeline_update(timeline);
    cv_step_mark marks[3] = {{.kind = CV_STEP_MARK_CAN, .text = "1  P0: claim"},
                             {.kind = CV_STEP_MARK_CAN, .text = "2  C0: get"},
                             {.kind = CV_STEP_MARK_CAN, .text = "3  C1: get"}};
    cv_render_frame frame = {.trace = &trace,
                             .timeline = timeline,
                             .view_t0_ns = 0,
                             .view_t1_ns = trace.end_ns,
                             .now_ns = trace.end_ns};
    SDL_Surface *plain = draw_frame(&frame, w, h);
    frame.step_marks = marks;
    frame.step_banner = "STEP MODE";
    SDL_Surface *marked = draw_frame(&frame, w, h);
    SDL_Rect plot = plot_rect_for(&trace, w, h, CV_THEME_LIGHT, 0, trace.end_ns);
    int lane_h = plot.h / 3;
    int tag_left = plot.x + plot.w, tag_pixels = 0;
    for (int y = plot.y; y < plot.y + lane_h; y++) {
        for (int x = plot.x; x < plot.x + plot.w; x++) {
            if (same_colour(marked, x, y, theme->ok) && !same_colour(plain, x, y, theme->ok)) {
                tag_pixels++;
                tag_left = x < tag_left ? x : tag_left;
            }
        }
    }
    assert_true(tag_pixels > 100);
    frame.hover = true;
    frame.mouse_x = (tag_left + plot.x + plot.w) / 2;
    frame.mouse_y = plot.y + lane_h / 2;
    SDL_Surface *hovered = draw_frame(&frame, w, h);
    int covered = 0;
    for (int y = plot.y; y < plot.y + lane_h; y++) {
        for (int x = tag_left; x < plot.x + plot.w; x++) {
            if (same_colour(marked, x, y, theme->ok) && !same_colour(plain, x, y, theme->ok) &&
                same_colour(hovered, x, y, theme->tooltip))
                covered++;
        }
    }
    if (covered == 0)
        fail_msg("no pixel of P0's tag (%d of them, from x = %d) is the tooltip's colour with the "
                 "mouse at (%d, %d): the tag is drawn over the tooltip",
                 tag_pixels, tag_left, frame.mouse_x, frame.mouse_y);
    SDL_FreeSurface(plain);
    SDL_FreeSurface(marked);
    SDL_FreeSurface(hovered);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

/* Differing pixels of two same-size pictures inside [x0, x1) x [y0, y1). */
static int pixels_differing(SDL_Surface *a, SDL_Surface *b, int x0, int x1, int y0, int y1)
{
    int count = 0;
    for (int y = y0; y < y1; y++) {
        const Uint8 *row_a = (const Uint8 *)a->pixels + y * a->pitch;
        const Uint8 *row_b = (const Uint8 *)b->pixels + y * b->pitch;
        for (int x = x0; x < x1; x++)
            count += memcmp(row_a + x * 4, row_b + x * 4, 3) != 0;
    }
    return count;
}

/* In step mode the steps taken are listed right of the lanes (the student
 * sees the interleaving made so far), and the list leaves the lanes alone. */
static void test_step_mode_lists_the_steps_taken_beside_the_lanes(void **state)
{
    (void)state;
    cv_trace trace;
    make_solid_trace(&trace);
    const int w = 1200, h = 800;
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_timeline_update(timeline);
    cv_step_mark marks[3] = {{.kind = CV_STEP_MARK_CAN, .text = "1  P0: claim"},
                             {.kind = CV_STEP_MARK_ENDED},
                             {.kind = CV_STEP_MARK_ENDED}};
    const cv_step_record taken[] = {{.worker = 0, .op = CV_STEP_CLAIM},
                                    {.worker = 0, .op = CV_STEP_WAIT_EMPTY},
                                    {.worker = 1, .op = CV_STEP_WAIT_FULL}};
    cv_render_frame frame = {.trace = &trace,
                             .timeline = timeline,
                             .view_t0_ns = 0,
                             .view_t1_ns = trace.end_ns,
                             .now_ns = trace.end_ns,
                             .step_marks = marks,
                             .step_banner = "STEP MODE",
                             .steps_taken = taken};
    SDL_Surface *none = draw_frame(&frame, w, h);
    frame.steps_taken_count = 3;
    SDL_Surface *three = draw_frame(&frame, w, h);
    SDL_Rect plot = plot_rect_for(&trace, w, h, CV_THEME_LIGHT, 0, trace.end_ns);
    int beside = pixels_differing(none, three, plot.x + plot.w, w, plot.y, plot.y + plot.h);
    if (beside < 100)
        fail_msg("three steps taken change %d pixels right of the lanes: no list", beside);
    assert_int_equal(pixels_differing(none, three, 0, plot.x + plot.w, 0, h), 0);
    SDL_FreeSurface(none);
    SDL_FreeSurface(three);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

/* Eight lanes as in race.ini held in step mode: four producers drawn
 * ready, four consumers waiting for an item, for 4 s. */
static void make_held_trace(cv_trace *trace)
{
    assert_int_equal(cv_trace_init(trace, 8, NULL), CV_OK);
    snprintf(trace->scenario, sizeof trace->scenario, "race");
    trace->buffer_slots = 8;
    for (uint32_t i = 0; i < 8; i++) {
        bool producer = i < 4;
        snprintf(trace->lanes[i].name, sizeof trace->lanes[i].name, "%c%u", producer ? 'P' : 'C',
                 i % 4);
        trace->lanes[i].role = producer ? CV_ROLE_PRODUCER : CV_ROLE_CONSUMER;
        trace->lanes[i].os_id = 2000 + i;
        add(trace, i, 0, producer ? CV_STATE_READY : CV_STATE_WAIT_ITEM, 0, 0);
    }
    trace->end_ns = 4 * SECOND;
}

#define FULL_BANNER                                                                                \
    "STEP MODE \xC2\xB7 4 can go (drawn ready: held for you) \xC2\xB7 click a lane or press its "  \
    "number \xC2\xB7 G: run freely"

/* At --scale 2 in a 1000x700 window the step banner kept only "STEP MODE ·
 * 4 can go (…", and the steps taken were not listed (the share column was
 * too narrow for the list's rule). The banner's end must show: the picture
 * changes when it is dropped; and three steps taken change the picture right
 * of the lanes. */
static void test_step_mode_at_scale_2_keeps_the_banner_and_the_list(void **state)
{
    (void)state;
    cv_trace trace;
    make_held_trace(&trace);
    const int w = 1000, h = 700;
    const float scale = 2.0f;
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_timeline_update(timeline);
    cv_step_mark marks[8];
    for (uint32_t i = 0; i < 8; i++) {
        marks[i].kind = i < 4 ? CV_STEP_MARK_CAN : CV_STEP_MARK_CANNOT;
        snprintf(marks[i].text, sizeof marks[i].text, "%u  %s: %s", i + 1, trace.lanes[i].name,
                 i < 4 ? "claim" : "wait full");
    }
    const cv_step_record taken[] = {{.worker = 0, .op = CV_STEP_CLAIM},
                                    {.worker = 1, .op = CV_STEP_CLAIM},
                                    {.worker = 0, .op = CV_STEP_WAIT_EMPTY}};
    cv_render_frame frame = {.trace = &trace,
                             .timeline = timeline,
                             .view_t0_ns = 0,
                             .view_t1_ns = trace.end_ns,
                             .now_ns = trace.end_ns,
                             .step_marks = marks,
                             .step_banner = FULL_BANNER,
                             .steps_taken = taken};
    SDL_Rect plot;
    SDL_Surface *full = draw_frame_at(&frame, w, h, scale, &plot);
    frame.step_banner = "STEP MODE \xC2\xB7 4 can go (drawn ready: held for you) \xC2\xB7 click a "
                        "lane or press its number";
    SDL_Surface *cut = draw_frame_at(&frame, w, h, scale, NULL);
    if (pixels_differing(full, cut, 0, w, 0, plot.y) == 0)
        fail_msg("\"G: run freely\" at the banner's end changes no pixel: it is cut off");
    frame.step_banner = FULL_BANNER;
    frame.steps_taken_count = 3;
    SDL_Surface *three = draw_frame_at(&frame, w, h, scale, NULL);
    if (getenv("TEST_RENDER_KEEP")) {
        IMG_SavePNG(full, "/tmp/test_render-scale2-full.png");
        IMG_SavePNG(three, "/tmp/test_render-scale2-three.png");
    }
    int beside = pixels_differing(full, three, plot.x + plot.w, w, plot.y, plot.y + plot.h);
    if (beside < 100)
        fail_msg("three steps taken change %d pixels right of the lanes: no list", beside);
    SDL_FreeSurface(full);
    SDL_FreeSurface(cut);
    SDL_FreeSurface(three);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

/* At --scale 2 in a 1280x800 window the tooltip of a `ready` span near the
 * right edge ran off the window ("… preempted, or wo" was the last thing
 * seen). The box must stay whole inside the picture: right of its last
 * tooltip-coloured pixel on its middle row is its border, inside the
 * picture. */
static void test_a_tooltip_at_scale_2_stays_inside_the_window(void **state)
{
    (void)state;
    cv_trace trace;
    make_held_trace(&trace);
    const int w = 1280, h = 800;
    const cv_theme *theme = cv_theme_get(CV_THEME_LIGHT);
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_timeline_update(timeline);
    cv_render_frame frame = {.trace = &trace,
                             .timeline = timeline,
                             .view_t0_ns = 0,
                             .view_t1_ns = trace.end_ns,
                             .now_ns = trace.end_ns};
    SDL_Rect plot;
    SDL_Surface *plain = draw_frame_at(&frame, w, h, 2.0f, &plot);
    frame.hover = true;
    frame.mouse_x = plot.x + plot.w * 9 / 10;
    frame.mouse_y = plot.y + plot.h / 16; /* P0, drawn ready */
    SDL_Surface *hovered = draw_frame_at(&frame, w, h, 2.0f, NULL);
    int top = h, bottom = -1;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (same_colour(hovered, x, y, theme->tooltip) &&
                !same_colour(plain, x, y, theme->tooltip)) {
                top = y < top ? y : top;
                bottom = y > bottom ? y : bottom;
            }
    if (getenv("TEST_RENDER_KEEP"))
        IMG_SavePNG(hovered, "/tmp/test_render-scale2-tooltip.png");
    assert_true(bottom > top);
    int middle = (top + bottom) / 2, right = -1;
    for (int x = 0; x < w; x++)
        if (same_colour(hovered, x, middle, theme->tooltip))
            right = x;
    if (right + 1 >= w || !same_colour(hovered, right + 1, middle, theme->border))
        fail_msg("the tooltip's box (rows %d to %d) has no right border inside the %d-wide "
                 "picture: its last pixel is at x = %d",
                 top, bottom, w, right);
    SDL_FreeSurface(plain);
    SDL_FreeSurface(hovered);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spawn_has_its_own_colour_for_every_kind_of_colour_vision),
        cmocka_unit_test(test_slots_row_shows_the_moment_looked_at),
        cmocka_unit_test(test_grid_lines_stay_under_the_buffer_fill),
        cmocka_unit_test(test_the_tooltip_is_drawn_over_the_step_tags),
        cmocka_unit_test(test_step_mode_lists_the_steps_taken_beside_the_lanes),
        cmocka_unit_test(test_step_mode_at_scale_2_keeps_the_banner_and_the_list),
        cmocka_unit_test(test_a_tooltip_at_scale_2_stays_inside_the_window),
        cmocka_unit_test(test_png_has_the_signature_and_the_requested_size),
        cmocka_unit_test(test_default_png_is_1600_by_900_light),
        cmocka_unit_test(test_lane_pixels_have_the_state_colour_in_the_light_theme),
        cmocka_unit_test(test_lane_pixels_have_the_state_colour_in_the_dark_theme),
        cmocka_unit_test(test_range_draws_only_that_window_of_time),
        cmocka_unit_test(test_bad_size_and_range_are_usage_errors),
        cmocka_unit_test(test_unwritable_path_is_an_io_error),
        cmocka_unit_test(test_lane_stats_equal_trace_state_times_at_every_moment),
        cmocka_unit_test(test_lane_stats_count_from_a_range_start),
        cmocka_unit_test(test_a_pinned_item_keeps_its_arrow_and_a_tick_names_its_item),
        cmocka_unit_test(test_buffer_slots_hold_the_last_items_put_oldest_first),
        cmocka_unit_test(test_axis_steps_are_round_and_labels_use_one_unit),
        cmocka_unit_test(test_every_state_has_a_distinct_colour_and_a_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
