/*
 * theme.h — every colour conveyor draws with, defined once.
 *
 * The window, the PNG export and the SVG writer all take their colours from a
 * cv_theme so a picture looks the same wherever it is made. States use the
 * Okabe–Ito palette, chosen because people with any common colour-vision
 * deficiency can still tell its eight colours apart; `done` is a neutral grey
 * so finished workers recede. Colours are plain RGB here (no SDL types), so
 * the SVG writer can use them without linking SDL.
 */
#ifndef CONVEYOR_VIZ_THEME_H
#define CONVEYOR_VIZ_THEME_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/outcome.h"
#include "conveyor/trace.h"
#include "layout/metrics.h"

typedef struct cv_rgb {
    uint8_t r, g, b;
} cv_rgb;

typedef enum cv_theme_id { CV_THEME_LIGHT = 0, CV_THEME_DARK = 1 } cv_theme_id;

#define CV_THEME_SERIES 4

typedef struct cv_theme {
    const char *name;                  /* "light" | "dark" */
    cv_rgb background;                 /* the whole picture */
    cv_rgb panel;                      /* header, legend and stats panels */
    cv_rgb lane_even, lane_odd;        /* alternating lane backgrounds */
    cv_rgb foreground;                 /* main text */
    cv_rgb text_muted;                 /* secondary text: descriptions, tids, tick labels */
    cv_rgb grid;                       /* time-axis grid lines */
    cv_rgb axis;                       /* the axis line and tick marks */
    cv_rgb border;                     /* separators and box outlines */
    cv_rgb state[CV_STATE_COUNT];      /* bar colour per cv_state */
    cv_rgb state_text[CV_STATE_COUNT]; /* readable text drawn on that state's colour */
    cv_rgb put_mark;                   /* a producer's put tick */
    cv_rgb get_mark;                   /* a consumer's get tick */
    cv_rgb slot_filled;                /* a buffer slot holding an item */
    cv_rgb slot_empty;                 /* an empty buffer slot */
    cv_rgb slot_text;                  /* item ids drawn on filled slots */
    cv_rgb fill_strip;                 /* the buffer fill level over time */
    cv_rgb series[CV_THEME_SERIES];    /* a chart's lines (a sweep's variants), palette colours */
    cv_rgb ok;                         /* completed banner */
    cv_rgb bad;                        /* deadlock / race / died / failed banner */
    cv_rgb neutral;                    /* stopped banner */
    cv_rgb banner_text;                /* text on the banners */
    cv_rgb warning;                    /* dropped-events warning */
    cv_rgb tooltip;                    /* tooltip and help overlay background */
    cv_rgb highlight;                  /* hovered span outline, cursor line */
    cv_spacing spacing;                /* every gap and padding, in points at scale 1 */
} cv_theme;

/* The theme for id (light for anything unknown). Never NULL. */
const cv_theme *cv_theme_get(cv_theme_id id);

/* "light" | "dark". */
const char *cv_theme_name(cv_theme_id id);
bool cv_theme_from_name(const char *name, cv_theme_id *out);

/* What the legend says for a state: "work", "I/O", "wait-slot (buffer full)", ... */
const char *cv_state_label(cv_state state);

/* The same, short, for a legend that must fit a narrow screen: "wait-slot", "I/O". */
const char *cv_state_short_label(cv_state state);

/* One line for people explaining the state, for tooltips and the help. */
const char *cv_state_explanation(cv_state state);

/* The colour of the index-th line of a chart (a sweep's variants): the
 * palette's blue (sky blue on dark), orange, green and purple, as on the
 * timeline; they repeat after CV_THEME_SERIES. */
cv_rgb cv_theme_series_colour(const cv_theme *theme, int index);

/* Banner colour for an outcome: ok for completed, neutral for stopped/running, bad otherwise. */
cv_rgb cv_theme_outcome_colour(const cv_theme *theme, cv_outcome outcome);

/* "#rrggbb" into out (8 bytes with the terminator), for SVG and CSS. */
void cv_rgb_hex(cv_rgb colour, char out[8]);

#endif
