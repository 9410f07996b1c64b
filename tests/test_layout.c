/*
 * test_layout.c — the layout puts every part of the picture inside it and no
 * two parts on top of each other, for both themes, at scale 1 and 2, on a
 * small, a laptop and a 4K picture, and in a pane that does not start at 0,0.
 * Text is measured with the real fonts (a cv_text that only measures), as the
 * renderer and the SVG writer measure it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "layout/caption.h"
#include "layout/layout.h"
#include "layout/marks.h"
#include "render/text.h"
#include "render/theme.h"
#include "support/synthetic_trace.h"
#include "timeline/lane_stats.h"

typedef struct named_rect {
    const char *name;
    cv_rect rect;
} named_rect;

static bool empty(cv_rect r)
{
    return r.w <= 0 || r.h <= 0;
}

static void assert_inside(const char *what, cv_rect r, cv_rect bounds, const char *setting)
{
    if (empty(r))
        return;
    if (r.x < bounds.x || r.y < bounds.y || r.x + r.w > bounds.x + bounds.w ||
        r.y + r.h > bounds.y + bounds.h)
        fail_msg("%s: %s {%d,%d %dx%d} leaves the picture {%d,%d %dx%d}", setting, what, r.x, r.y,
                 r.w, r.h, bounds.x, bounds.y, bounds.w, bounds.h);
}

static void assert_apart(const named_rect *a, const named_rect *b, const char *setting)
{
    if (empty(a->rect) || empty(b->rect))
        return;
    bool apart = a->rect.x + a->rect.w <= b->rect.x || b->rect.x + b->rect.w <= a->rect.x ||
                 a->rect.y + a->rect.h <= b->rect.y || b->rect.y + b->rect.h <= a->rect.y;
    if (!apart)
        fail_msg("%s: %s {%d,%d %dx%d} overlaps %s {%d,%d %dx%d}", setting, a->name, a->rect.x,
                 a->rect.y, a->rect.w, a->rect.h, b->name, b->rect.x, b->rect.y, b->rect.w,
                 b->rect.h);
}

static void check_layout(const cv_layout *lay, const char *setting)
{
    named_rect parts[] = {
        {"header", lay->header}, {"legend", lay->legend}, {"labels", lay->labels},
        {"plot", lay->plot},     {"stats", lay->stats},   {"strip", lay->strip},
        {"axis", lay->axis},     {"slots", lay->slots},
    };
    size_t n = sizeof parts / sizeof parts[0];
    for (size_t i = 0; i < n; i++) {
        assert_inside(parts[i].name, parts[i].rect, lay->bounds, setting);
        for (size_t j = i + 1; j < n; j++)
            assert_apart(&parts[i], &parts[j], setting);
    }
    assert_inside("banner", lay->banner, lay->header, setting);
    for (int i = 0; i < lay->legend_count; i++)
        assert_inside("legend swatch", lay->legend_entries[i].swatch, lay->legend, setting);
    for (uint32_t lane = 0; lane < lay->lanes_shown; lane++) {
        assert_inside("lane bar", cv_layout_lane_bar(lay, lane), lay->plot, setting);
        assert_inside("lane statistics", cv_layout_stat_bar(lay, lane), lay->stats, setting);
    }
    /* A passing message ("text size 150%") covered the slots at the bottom. */
    named_rect toast = {"toast", cv_layout_toast(lay, lay->bounds.w / 3, cv_layout_px(lay, 40))};
    assert_inside("toast", toast.rect, lay->bounds, setting);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(parts[i].name, "plot") != 0 && strcmp(parts[i].name, "labels") != 0 &&
            strcmp(parts[i].name, "stats") != 0)
            assert_apart(&toast, &parts[i], setting);
    }
}

/* The deadlock tags and the slot boxes (marks.c) stay inside the plot and
 * the slots row; a buffer too big for boxes is one gauge. */
static void check_marks(const cv_layout *lay, cv_text *text, const char *setting)
{
    cv_text_measurer measurer = cv_text_measurer_of(text);
    int end_x = lay->plot.x + lay->plot.w * 9 / 10;
    for (uint32_t lane = 0; lane < lay->lanes_shown; lane++) {
        cv_tag_place at;
        if (cv_layout_lane_tag(lay, &measurer, 4, end_x, lane, "holds the lock, waits for an item",
                               &at) &&
            at.box.w <= lay->plot.w)
            assert_inside("deadlock tag", at.box, lay->plot, setting);
    }
    if (lay->slots.h <= 0)
        return;
    uint32_t items[8] = {1, 22, 333, 4444, 55555, 666666, 7777777, 88888888};
    cv_slots_place place;
    cv_layout_slots(lay, &measurer, lay->slots, 8, 6, items, 6, 2, 1, &place);
    for (uint32_t i = 0; i < place.box_count; i++) {
        assert_inside("slot box", place.boxes[i].box, lay->slots, setting);
        assert_true(place.boxes[i].full == (i < 6));
        assert_false(place.boxes[i].labelled && i >= 6);
    }
    cv_layout_slots(lay, &measurer, lay->slots, 1000, 500, items, 8, 2, 1, &place);
    assert_true(place.gauge);
    assert_int_equal(place.gauge_fill_w, lay->slots.w / 2);
}

/* The caption the last lay_out laid out. */
static cv_caption caption;

static void lay_out(cv_layout *lay, cv_text *text, const cv_theme *theme, const cv_trace *trace,
                    cv_rect bounds, float scale)
{
    cv_run_result result = {.outcome = CV_OUTCOME_DEADLOCK, .lock_holder = 0, .elapsed_s = 1.0};
    /* The longest explanation a lesson gives (if-not-while's). */
    snprintf(result.explanation, sizeof result.explanation,
             "C1 took item 241 from an empty buffer, a second time (11 get(s) from an empty "
             "buffer); P1 put into a full buffer and overwrote item 543 (8 overwritten slot(s)): "
             "woken workers checked the condition with `if`, not `while`, and another worker had "
             "changed the buffer between the signal and the wake-up");
    cv_caption_facts facts = {.trace = trace, .result = &result, .now_ns = trace->end_ns};
    cv_caption_make(&caption, &facts);
    cv_text_measurer measurer = cv_text_measurer_of(text);
    cv_layout_input in = {.bounds = bounds,
                          .scale = scale,
                          .spacing = &theme->spacing,
                          .text = &measurer,
                          .caption = &caption,
                          .trace = trace};
    cv_layout_compute(lay, &in);
}

/* A replay at 1.14 s of a 3.74 s run said "produced 60 · consumed 60 · 52.9
 * items/s": the whole run's items over the playhead's time. Before the end,
 * the items are those up to the playhead; with statistics counted from a
 * --range start, the whole run's items and length. */
static void test_a_replay_before_its_end_counts_items_up_to_the_playhead(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options options = {.lanes = 4, .events = 4000, .seed = 2};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    trace.finished = true;
    cv_run_result result = {.outcome = CV_OUTCOME_COMPLETED,
                            .elapsed_s = (double)trace.end_ns / 1e9,
                            .items_produced = 999999,
                            .items_consumed = 999999};
    int64_t now = trace.end_ns / 3;
    cv_lane_stats stats = {0};
    assert_int_equal(cv_lane_stats_update(&stats, &trace, now, NULL), CV_OK);
    uint64_t produced = 0, consumed = 0;
    for (uint32_t i = 0; i < trace.lane_count; i++)
        *(trace.lanes[i].role == CV_ROLE_PRODUCER ? &produced : &consumed) += stats.lanes[i].items;
    cv_caption made;
    cv_caption_facts facts = {.trace = &trace, .result = &result, .stats = &stats, .now_ns = now};
    cv_caption_make(&made, &facts);
    char expected[96];
    snprintf(expected, sizeof expected, "produced %llu \xC2\xB7 consumed %llu",
             (unsigned long long)produced, (unsigned long long)consumed);
    if (!strstr(made.progress, expected))
        fail_msg("at a third of the run: \"%s\", expected \"%s\"", made.progress, expected);
    /* Counted from a range start: the whole run. */
    cv_lane_stats_count_from(&stats, now / 2);
    assert_int_equal(cv_lane_stats_update(&stats, &trace, now, NULL), CV_OK);
    cv_caption_make(&made, &facts);
    assert_non_null(strstr(made.progress, "produced 999999"));
    cv_lane_stats_free(&stats);
    cv_trace_free(&trace);
}

/* The if-not-while lesson's one slot read "buffer 1 slots". */
static void test_the_setup_counts_slots_in_words(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options options = {.lanes = 2, .events = 100, .seed = 1};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    static const struct {
        uint32_t slots;
        const char *words;
    } cases[] = {{1, "buffer 1 slot"}, {2, "buffer 2 slots"}, {64, "buffer 64 slots"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        trace.buffer_slots = cases[i].slots;
        cv_caption made;
        cv_caption_facts facts = {.trace = &trace, .now_ns = trace.end_ns};
        cv_caption_make(&made, &facts);
        const char *at = strstr(made.setup, cases[i].words);
        if (!at || (at[strlen(cases[i].words)] != '\0' && at[strlen(cases[i].words)] != ' '))
            fail_msg("%u slots: \"%s\" does not say \"%s\"", cases[i].slots, made.setup,
                     cases[i].words);
    }
    cv_trace_free(&trace);
}

/* Lanes first (issue 20, point 4): many-to-many at --scale 2 in 1280x800 hid
 * every other lane name and the items column, and header and legend took a
 * third of the height. At every size, scale and theme the lanes get at least
 * half the height, all of them shown; every lane is named where the lanes
 * are a line of text tall (always with up to 8 lanes), and the items column
 * shows every lane's count, as a number or, in thinner lanes, as a bar. */
static void check_lanes_first(const cv_layout *lay, const cv_trace *trace, const char *setting)
{
    if ((lay->plot.h + lay->strip.h) * 2 < lay->bounds.h)
        fail_msg("%s: the lanes (and the buffer's) have %d of %d pixels, less than half", setting,
                 lay->plot.h + lay->strip.h, lay->bounds.h);
    assert_int_equal(lay->lanes_shown, trace->lane_count);
    if (!lay->lanes_first)
        fail_msg("%s: the lanes do not come first: %u lanes of %d px, a name every %u", setting,
                 lay->lanes_shown, lay->lane_h, lay->lane_label_every);
    bool every_lane_named = trace->lane_count <= 8 || lay->lane_h >= lay->small_h;
    for (uint32_t lane = 0; lane < lay->lanes_shown; lane++) {
        cv_layout_text name, id;
        bool named = cv_layout_lane_label(lay, lane, &name, &id);
        if (every_lane_named && !named)
            fail_msg("%s: lane %u (of %u, %d px each) has no name", setting, lane,
                     trace->lane_count, lay->lane_h);
        if (named) {
            assert_true(name.shown);
            assert_true(name.max_w > 0);
            assert_inside("lane name", (cv_rect){name.x, name.y, 1, lay->small_h}, lay->labels,
                          setting);
        }
        cv_rect cell = cv_layout_items_cell(lay, lane);
        assert_true(cell.w > 0 && cell.h > 0);
        assert_inside("items cell", cell, lay->stats, setting);
        cv_layout_text number = cv_layout_items_text(lay, lane);
        if (lay->items_style != CV_ITEMS_BAR && !number.shown)
            fail_msg("%s: lane %u shows no item count", setting, lane);
    }
    if (trace->lane_count <= 8)
        assert_int_not_equal(lay->items_style, CV_ITEMS_BAR);
}

/* The facts (setup · progress) were cut after "load 1.6" at --scale 2 in
 * 1280x800, so the time, the items and the rate were gone. They wrap at
 * their separators instead, every piece on some line and no line of several
 * pieces cut; squeezed to one line, the brief facts keep the backend, sync,
 * GIL, time, produced and consumed in view from 1280x800 up. */
static void check_facts(const cv_layout *lay, cv_text *text, const char *setting)
{
    const char *separator = " \xC2\xB7 ";
    char joined[2 * sizeof caption.facts] = "";
    int shown = 0;
    for (int line = 0; line < lay->facts.count; line++) {
        const cv_layout_text *at = &lay->facts.at[line];
        char words[sizeof caption.facts];
        cv_layout_line_text(&lay->facts, cv_layout_facts_text(lay, &caption), line, words,
                            sizeof words);
        if (!at->shown)
            continue;
        shown++;
        int w = 0, h = 0;
        cv_text_measure(text, at->style, words, &w, &h);
        if (!lay->facts_brief && strstr(words, separator) && w > at->max_w)
            fail_msg("%s: fact line %d is cut (%d px in %d): %s", setting, line, w, at->max_w,
                     words);
        size_t used = strlen(joined);
        snprintf(joined + used, sizeof joined - used, "%s%s", used ? separator : "", words);
    }
    if (shown == 0)
        return; /* a picture too small for any header line */
    if (!lay->facts_brief) {
        if (shown == lay->facts.count && strcmp(joined, caption.facts) != 0)
            fail_msg("%s: the fact lines say \"%s\", not \"%s\"", setting, joined, caption.facts);
        return;
    }
    if (lay->bounds.w < 1280 || lay->bounds.h < 800)
        return;
    const char *consumed = strstr(caption.facts_brief, "consumed");
    assert_non_null(consumed);
    const char *end = strstr(consumed, separator);
    char kept[sizeof caption.facts_brief];
    snprintf(kept, sizeof kept, "%.*s", (int)(end - caption.facts_brief), caption.facts_brief);
    int w = 0, h = 0;
    cv_text_measure(text, lay->facts.at[0].style, kept, &w, &h);
    if (w > lay->facts.at[0].max_w)
        fail_msg("%s: the one fact line cuts \"%s\" (%d px in %d)", setting, kept, w,
                 lay->facts.at[0].max_w);
}

/* if-not-while's explanation (297 characters) was cut after a third of it
 * on one line: it wraps at spaces instead, every word on some line and no
 * line cut but the last one the layout allows. */
static void check_explanation(const cv_layout *lay, cv_text *text, const char *setting)
{
    const cv_layout_lines *lines = &lay->explanation;
    if (lines->count == 0 || !lines->at[0].shown)
        return;
    char joined[2 * sizeof caption.explanation] = "";
    for (int line = 0; line < lines->count; line++) {
        char words[sizeof caption.explanation];
        cv_layout_line_text(lines, caption.explanation, line, words, sizeof words);
        int w = 0, h = 0;
        cv_text_measure(text, lines->at[line].style, words, &w, &h);
        if (line < lines->count - 1 && w > lines->at[line].max_w)
            fail_msg("%s: explanation line %d is cut (%d px in %d): %s", setting, line, w,
                     lines->at[line].max_w, words);
        size_t used = strlen(joined);
        snprintf(joined + used, sizeof joined - used, "%s%s", used ? " " : "", words);
    }
    /* Where three lines are allowed (before the facts go to one line). */
    if (lay->bounds.w >= 1280 && lay->bounds.h >= 800 && lay->compact < 3 &&
        strcmp(joined, caption.explanation) != 0)
        fail_msg("%s: the explanation lines say \"%s\"", setting, joined);
}

static void check_sizes_scales_and_themes(uint32_t lanes)
{
    cv_trace trace;
    cv_synthetic_options options = {.lanes = lanes, .events = 4000, .seed = 5};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    trace.dropped_events = 12; /* the warning line too */
    static const int sizes[][2] = {{640, 400}, {1280, 800}, {3840, 2160}};
    static const float scales[] = {1.0f, 2.0f};
    for (int t = 0; t < 2; t++) {
        const cv_theme *theme = cv_theme_get((cv_theme_id)t);
        for (size_t s = 0; s < 2; s++) {
            cv_text *text = NULL;
            cv_error err = {0};
            assert_int_equal(cv_text_create(NULL, scales[s], &text, &err), CV_OK);
            for (size_t z = 0; z < 3; z++) {
                for (int pane = 0; pane < 2; pane++) {
                    cv_rect bounds = {pane ? 37 : 0, pane ? 211 : 0, sizes[z][0], sizes[z][1]};
                    char setting[128];
                    snprintf(setting, sizeof setting,
                             "%s theme, scale %g, %dx%d at %d,%d, %u lanes", theme->name,
                             (double)scales[s], bounds.w, bounds.h, bounds.x, bounds.y, lanes);
                    cv_layout lay;
                    lay_out(&lay, text, theme, &trace, bounds, scales[s]);
                    check_layout(&lay, setting);
                    check_marks(&lay, text, setting);
                    check_lanes_first(&lay, &trace, setting);
                    check_facts(&lay, text, setting);
                    check_explanation(&lay, text, setting);
                }
            }
            cv_text_destroy(text);
        }
    }
    cv_trace_free(&trace);
}

static void test_four_lanes_stay_inside_and_apart_at_every_size_scale_and_theme(void **state)
{
    (void)state;
    check_sizes_scales_and_themes(4);
}

static void test_sixty_four_lanes_stay_inside_and_apart_at_every_size_scale_and_theme(void **state)
{
    (void)state;
    check_sizes_scales_and_themes(64);
}

/* many-to-many's eight lanes: the case issue 20 found at --scale 2. */
static void test_eight_lanes_come_first_at_every_size_scale_and_theme(void **state)
{
    (void)state;
    check_sizes_scales_and_themes(8);
}

static int width_of(cv_text *text, const char *string)
{
    int w = 0, h = 0;
    cv_text_measure(text, CV_FONT_BODY, string, &w, &h);
    return w;
}

/* The race lesson's description was cut with "..." beside its wide banner: it
 * goes on to a second line instead, and neither line is cut or under the banner. */
static void test_a_long_description_beside_a_wide_banner_wraps_instead_of_being_cut(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options options = {.lanes = 8, .events = 2000, .seed = 3};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    snprintf(trace.description, sizeof trace.description,
             "Put and get without the lock (sync = no-mutex): items are lost or duplicated, and "
             "the ledger says which");
    cv_run_result result = {.outcome = CV_OUTCOME_LEDGER_VIOLATION, .elapsed_s = 1.0};
    cv_caption caption;
    cv_caption_facts facts = {.trace = &trace, .result = &result, .now_ns = trace.end_ns};
    cv_caption_make(&caption, &facts);
    assert_string_equal(caption.banner, "RACE: ITEMS LOST / DUPLICATED");
    const cv_theme *theme = cv_theme_get(CV_THEME_LIGHT);
    cv_text *text = NULL;
    assert_int_equal(cv_text_create(NULL, 1.0f, &text, NULL), CV_OK);
    cv_text_measurer measurer = cv_text_measurer_of(text);
    cv_layout_input in = {.bounds = {0, 0, 1280, 800},
                          .scale = 1.0f,
                          .spacing = &theme->spacing,
                          .text = &measurer,
                          .caption = &caption,
                          .trace = &trace};
    cv_layout lay;
    cv_layout_compute(&lay, &in);
    char first[CV_DESCRIPTION_MAX];
    const char *rest = cv_layout_description_lines(&lay, caption.description, first, sizeof first);
    assert_non_null(rest);
    assert_true(lay.description.shown && lay.description_more.shown);
    assert_true(width_of(text, first) <= lay.description.max_w);
    assert_true(width_of(text, rest) <= lay.description_more.max_w);
    char joined[2 * CV_DESCRIPTION_MAX];
    snprintf(joined, sizeof joined, "%s %s", first, rest);
    assert_string_equal(joined, caption.description);
    assert_true(lay.description_more.x + lay.description_more.max_w <= lay.banner.x);
    check_layout(&lay, "race at 1280x800");
    cv_text_destroy(text);
    cv_trace_free(&trace);
}

/* Ctrl + went to 400 % and no lane was left: the layout says when text is too
 * big for the lanes (the window then steps it down), and not at the sizes a
 * teacher uses. */
static void test_the_layout_says_when_text_is_too_big_for_the_lanes(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options options = {.lanes = 8, .events = 2000, .seed = 4};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    const cv_theme *theme = cv_theme_get(CV_THEME_LIGHT);
    static const struct {
        float scale;
        bool too_big;
    } cases[] = {{1.0f, false}, {1.5f, false}, {4.0f, true}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cv_text *text = NULL;
        assert_int_equal(cv_text_create(NULL, cases[i].scale, &text, NULL), CV_OK);
        cv_layout lay;
        lay_out(&lay, text, theme, &trace, (cv_rect){0, 0, 1280, 800}, cases[i].scale);
        if (cv_layout_text_too_big(&lay) != cases[i].too_big)
            fail_msg("8 lanes in 1280x800 at scale %g: text too big is %d, expected %d",
                     (double)cases[i].scale, cv_layout_text_too_big(&lay), cases[i].too_big);
        cv_text_destroy(text);
    }
    cv_trace_free(&trace);
}

static void test_a_pane_is_the_same_layout_moved(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options options = {.lanes = 4, .events = 2000, .seed = 9};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    cv_text *text = NULL;
    assert_int_equal(cv_text_create(NULL, 1.0f, &text, NULL), CV_OK);
    const cv_theme *theme = cv_theme_get(CV_THEME_LIGHT);
    cv_layout at_origin, moved;
    lay_out(&at_origin, text, theme, &trace, (cv_rect){0, 0, 1280, 800}, 1.0f);
    lay_out(&moved, text, theme, &trace, (cv_rect){100, 450, 1280, 800}, 1.0f);
    assert_int_equal(moved.plot.x - at_origin.plot.x, 100);
    assert_int_equal(moved.plot.y - at_origin.plot.y, 450);
    assert_int_equal(moved.plot.w, at_origin.plot.w);
    assert_int_equal(moved.lane_h, at_origin.lane_h);
    assert_int_equal(moved.slots.y - at_origin.slots.y, 450);
    cv_text_destroy(text);
    cv_trace_free(&trace);
}

/* A traced program's threads and forked processes in one trace: the caption
 * says both, not the one backend a trace file holds ("processes"). */
static void test_the_caption_says_threads_and_processes_when_the_lanes_are_both(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options options = {.lanes = 4, .events = 200, .seed = 5};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    trace.backend = CV_BACKEND_PROCESSES;
    cv_caption caption;
    cv_caption_facts facts = {.trace = &trace, .now_ns = trace.end_ns};
    cv_caption_make(&caption, &facts);
    assert_non_null(strstr(caption.setup, "processes \xC2\xB7"));
    assert_null(strstr(caption.setup, "threads"));
    trace.lanes[0].os_id_kind = CV_OS_ID_THREAD;
    trace.lanes[1].os_id_kind = CV_OS_ID_PROCESS;
    cv_caption_make(&caption, &facts);
    if (strncmp(caption.setup, "threads and processes", 21) != 0)
        fail_msg("the caption says \"%s\"", caption.setup);
    cv_trace_free(&trace);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_setup_counts_slots_in_words),
        cmocka_unit_test(test_a_replay_before_its_end_counts_items_up_to_the_playhead),
        cmocka_unit_test(test_four_lanes_stay_inside_and_apart_at_every_size_scale_and_theme),
        cmocka_unit_test(test_sixty_four_lanes_stay_inside_and_apart_at_every_size_scale_and_theme),
        cmocka_unit_test(test_eight_lanes_come_first_at_every_size_scale_and_theme),
        cmocka_unit_test(test_a_pane_is_the_same_layout_moved),
        cmocka_unit_test(test_the_layout_says_when_text_is_too_big_for_the_lanes),
        cmocka_unit_test(test_a_long_description_beside_a_wide_banner_wraps_instead_of_being_cut),
        cmocka_unit_test(test_the_caption_says_threads_and_processes_when_the_lanes_are_both),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
