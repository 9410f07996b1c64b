/*
 * theme.c — the light and dark themes and the legend's words.
 *
 * State colours come from the Okabe–Ito palette (Okabe & Ito 2008, "Color
 * Universal Design"), assigned so the story reads at a glance: work is green,
 * I/O sky blue, the two buffer waits warm (orange when the buffer is full,
 * yellow when it is empty), lock contention vermillion, the GIL reddish
 * purple; ready, waiting for a core, is work's green faded. Spawn is indigo (Paul Tol's, on the
 * light theme) or violet (on the dark one): a hue no other state has, kept apart from the
 * near-black (white) put/get ticks, the lanes' background and every state for each kind of colour
 * vision (test_render checks the distances), so the start-up staircase of the spawn-cost lesson
 * stands out. Done is a grey that steps back. The buffer is drawn in the
 * palette's deep blue (light grey on the dark theme), a colour no state uses.
 * The state colours are shared by both themes; only the surroundings change.
 */
#include "render/theme.h"

#include <stdio.h>
#include <string.h>

/* The palette as initialisers (clang-format would spread each over four lines). */
// clang-format off
#define OI_ORANGE         {0xE6, 0x9F, 0x00}
#define OI_SKY_BLUE       {0x56, 0xB4, 0xE9}
#define OI_BLUISH_GREEN   {0x00, 0x9E, 0x73}
#define OI_YELLOW         {0xF0, 0xE4, 0x42}
#define OI_BLUE           {0x00, 0x72, 0xB2}
#define OI_VERMILLION     {0xD5, 0x5E, 0x00}
#define OI_REDDISH_PURPLE {0xCC, 0x79, 0xA7}
/* Spawn: Tol's indigo; a lighter violet on the dark theme. */
#define SPAWN_LIGHT       {0x33, 0x22, 0x88}
#define SPAWN_DARK        {0x7F, 0x3C, 0x8D}
/* Ready is work's green, faded: the worker would be working, but has no
 * core. Pale on the light theme, dim on the dark one, so it sits apart from
 * work by lightness (which every kind of colour vision sees) and from the
 * purple GIL wait and sky-blue I/O by hue. */
#define READY_LIGHT       {0xA9, 0xDD, 0xCE}
#define READY_DARK        {0x2A, 0x5E, 0x50}
#define DARK_TEXT         {0x11, 0x11, 0x11}
#define LIGHT_TEXT        {0xFF, 0xFF, 0xFF}
// clang-format on

/* Both themes space the picture alike; only colours differ. */
#define SPACING                                                                                    \
    {                                                                                              \
        .hairline = 2, .tight = 4, .small = 6, .medium = 8, .large = 12, .loose = 14, .wide = 22,  \
        .swatch = 18                                                                               \
    }

static const cv_theme light_theme = {
    .name = "light",
    .background = {0xFF, 0xFF, 0xFF},
    .panel = {0xF2, 0xF2, 0xF2},
    .lane_even = {0xFA, 0xFA, 0xFA},
    .lane_odd = {0xEE, 0xEE, 0xEE},
    .foreground = {0x11, 0x11, 0x11},
    .text_muted = {0x55, 0x55, 0x55},
    .grid = {0xD8, 0xD8, 0xD8},
    .axis = {0x44, 0x44, 0x44},
    .border = {0xB0, 0xB0, 0xB0},
    .state =
        {
            [CV_STATE_SPAWN] = SPAWN_LIGHT,
            [CV_STATE_WORK] = OI_BLUISH_GREEN,
            [CV_STATE_READY] = READY_LIGHT,
            [CV_STATE_IO] = OI_SKY_BLUE,
            [CV_STATE_WAIT_SLOT] = OI_ORANGE,
            [CV_STATE_WAIT_ITEM] = OI_YELLOW,
            [CV_STATE_WAIT_LOCK] = OI_VERMILLION,
            [CV_STATE_WAIT_GIL] = OI_REDDISH_PURPLE,
            [CV_STATE_DONE] = {0xA8, 0xA8, 0xA8},
        },
    .state_text =
        {
            [CV_STATE_SPAWN] = LIGHT_TEXT,
            [CV_STATE_WORK] = LIGHT_TEXT,
            [CV_STATE_READY] = DARK_TEXT,
            [CV_STATE_IO] = DARK_TEXT,
            [CV_STATE_WAIT_SLOT] = DARK_TEXT,
            [CV_STATE_WAIT_ITEM] = DARK_TEXT,
            [CV_STATE_WAIT_LOCK] = LIGHT_TEXT,
            [CV_STATE_WAIT_GIL] = DARK_TEXT,
            [CV_STATE_DONE] = DARK_TEXT,
        },
    .put_mark = {0x11, 0x11, 0x11},
    .get_mark = {0x11, 0x11, 0x11},
    .slot_filled = OI_BLUE,
    .slot_empty = {0xFF, 0xFF, 0xFF},
    .slot_text = {0xFF, 0xFF, 0xFF},
    .fill_strip = OI_BLUE,
    .series = {OI_BLUE, OI_ORANGE, OI_BLUISH_GREEN, OI_REDDISH_PURPLE},
    .ok = {0x00, 0x7A, 0x59},
    .bad = {0xB8, 0x2E, 0x00},
    .neutral = {0x55, 0x55, 0x55},
    .banner_text = {0xFF, 0xFF, 0xFF},
    .warning = {0xB8, 0x2E, 0x00},
    .tooltip = {0xFF, 0xFF, 0xE8},
    .highlight = {0x11, 0x11, 0x11},
    .spacing = SPACING,
};

static const cv_theme dark_theme = {
    .name = "dark",
    .background = {0x12, 0x14, 0x18},
    .panel = {0x1E, 0x21, 0x27},
    .lane_even = {0x1A, 0x1D, 0x22},
    .lane_odd = {0x23, 0x26, 0x2C},
    .foreground = {0xF0, 0xF0, 0xF0},
    .text_muted = {0xB0, 0xB4, 0xBA},
    .grid = {0x36, 0x3A, 0x42},
    .axis = {0xC0, 0xC0, 0xC0},
    .border = {0x4A, 0x4E, 0x56},
    .state =
        {
            [CV_STATE_SPAWN] = SPAWN_DARK,
            [CV_STATE_WORK] = OI_BLUISH_GREEN,
            [CV_STATE_READY] = READY_DARK,
            [CV_STATE_IO] = OI_SKY_BLUE,
            [CV_STATE_WAIT_SLOT] = OI_ORANGE,
            [CV_STATE_WAIT_ITEM] = OI_YELLOW,
            [CV_STATE_WAIT_LOCK] = OI_VERMILLION,
            [CV_STATE_WAIT_GIL] = OI_REDDISH_PURPLE,
            [CV_STATE_DONE] = {0x5C, 0x5F, 0x66},
        },
    .state_text =
        {
            [CV_STATE_SPAWN] = LIGHT_TEXT,
            [CV_STATE_WORK] = LIGHT_TEXT,
            [CV_STATE_READY] = LIGHT_TEXT,
            [CV_STATE_IO] = DARK_TEXT,
            [CV_STATE_WAIT_SLOT] = DARK_TEXT,
            [CV_STATE_WAIT_ITEM] = DARK_TEXT,
            [CV_STATE_WAIT_LOCK] = LIGHT_TEXT,
            [CV_STATE_WAIT_GIL] = DARK_TEXT,
            [CV_STATE_DONE] = LIGHT_TEXT,
        },
    .put_mark = {0xFF, 0xFF, 0xFF},
    .get_mark = {0xFF, 0xFF, 0xFF},
    .slot_filled = {0xC8, 0xC8, 0xC8},
    .slot_empty = {0x12, 0x14, 0x18},
    .slot_text = {0x11, 0x11, 0x11},
    .fill_strip = {0xC8, 0xC8, 0xC8},
    .series = {OI_SKY_BLUE, OI_ORANGE, OI_BLUISH_GREEN, OI_REDDISH_PURPLE},
    .ok = {0x00, 0x9E, 0x73},
    .bad = {0xD5, 0x5E, 0x00},
    .neutral = {0x6A, 0x6E, 0x76},
    .banner_text = {0xFF, 0xFF, 0xFF},
    .warning = {0xF0, 0xA0, 0x40},
    .tooltip = {0x2A, 0x2E, 0x36},
    .highlight = {0xFF, 0xFF, 0xFF},
    .spacing = SPACING,
};

const cv_theme *cv_theme_get(cv_theme_id id)
{
    return id == CV_THEME_DARK ? &dark_theme : &light_theme;
}

const char *cv_theme_name(cv_theme_id id)
{
    return cv_theme_get(id)->name;
}

bool cv_theme_from_name(const char *name, cv_theme_id *out)
{
    if (strcmp(name, "light") == 0) {
        *out = CV_THEME_LIGHT;
        return true;
    }
    if (strcmp(name, "dark") == 0) {
        *out = CV_THEME_DARK;
        return true;
    }
    return false;
}

static const char *const state_labels[CV_STATE_COUNT] = {
    [CV_STATE_SPAWN] = "spawn",
    [CV_STATE_WORK] = "work",
    [CV_STATE_READY] = "ready (waiting for a core)",
    [CV_STATE_IO] = "I/O",
    [CV_STATE_WAIT_SLOT] = "wait-slot (buffer full)",
    [CV_STATE_WAIT_ITEM] = "wait-item (buffer empty)",
    [CV_STATE_WAIT_LOCK] = "wait-lock",
    [CV_STATE_WAIT_GIL] = "wait-GIL",
    [CV_STATE_DONE] = "done",
};

static const char *const state_short_labels[CV_STATE_COUNT] = {
    [CV_STATE_SPAWN] = "spawn",         [CV_STATE_WORK] = "work",
    [CV_STATE_READY] = "ready",         [CV_STATE_IO] = "I/O",
    [CV_STATE_WAIT_SLOT] = "wait-slot", [CV_STATE_WAIT_ITEM] = "wait-item",
    [CV_STATE_WAIT_LOCK] = "wait-lock", [CV_STATE_WAIT_GIL] = "wait-GIL",
    [CV_STATE_DONE] = "done",
};

static const char *const state_explanations[CV_STATE_COUNT] = {
    [CV_STATE_SPAWN] = "being started: from the request until its first instruction",
    [CV_STATE_WORK] = "running on a core: computing or executing its own code",
    [CV_STATE_READY] = "could run, but has no core: preempted, or woken and not yet running",
    [CV_STATE_IO] = "sleeping in an I/O step",
    [CV_STATE_WAIT_SLOT] = "producer blocked: the buffer is full",
    [CV_STATE_WAIT_ITEM] = "consumer blocked: the buffer is empty",
    [CV_STATE_WAIT_LOCK] = "blocked on the buffer's lock",
    [CV_STATE_WAIT_GIL] = "blocked waiting for the interpreter lock (GIL)",
    [CV_STATE_DONE] = "finished",
};

const char *cv_state_label(cv_state state)
{
    if ((unsigned)state >= CV_STATE_COUNT)
        return "unknown";
    return state_labels[state];
}

const char *cv_state_short_label(cv_state state)
{
    if ((unsigned)state >= CV_STATE_COUNT)
        return "unknown";
    return state_short_labels[state];
}

const char *cv_state_explanation(cv_state state)
{
    if ((unsigned)state >= CV_STATE_COUNT)
        return "unknown state";
    return state_explanations[state];
}

cv_rgb cv_theme_series_colour(const cv_theme *theme, int index)
{
    return theme->series[(index % CV_THEME_SERIES + CV_THEME_SERIES) % CV_THEME_SERIES];
}

cv_rgb cv_theme_outcome_colour(const cv_theme *theme, cv_outcome outcome)
{
    switch (outcome) {
    case CV_OUTCOME_COMPLETED:
        return theme->ok;
    case CV_OUTCOME_RUNNING:
    case CV_OUTCOME_STOPPED:
        return theme->neutral;
    default:
        return theme->bad;
    }
}

void cv_rgb_hex(cv_rgb colour, char out[8])
{
    snprintf(out, 8, "#%02x%02x%02x", colour.r, colour.g, colour.b);
}
