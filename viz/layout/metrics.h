/*
 * metrics.h — what the layout needs to know about sizes, without drawing.
 *
 * The layout is pure arithmetic: it asks how tall a line of a text style is
 * and how wide a string will be, and answers with rectangles. The renderer
 * answers those questions from its SDL2_ttf fonts (render/text.c), and so does
 * the SVG writer, so both place every piece of the picture in the same spot.
 * The spacing scale is every gap and padding the picture uses, in points at
 * scale 1; the theme carries one (render/theme.h) so there are no literal
 * pixel offsets in the drawing code.
 */
#ifndef CONVEYOR_VIZ_LAYOUT_METRICS_H
#define CONVEYOR_VIZ_LAYOUT_METRICS_H

#include <stddef.h>

/* A rectangle in pixels; x, y is its top-left corner. */
typedef struct cv_rect {
    int x, y, w, h;
} cv_rect;

typedef enum cv_font_style {
    CV_FONT_SMALL = 0, /* tick labels, tids, secondary facts */
    CV_FONT_BODY,      /* the header's facts, legend, tooltips */
    CV_FONT_LABEL,     /* lane names (bold) */
    CV_FONT_TITLE,     /* scenario name (bold, large) */
    CV_FONT_BANNER,    /* the outcome banner (bold, large) */
    CV_FONT_COUNT
} cv_font_style;

typedef enum cv_align { CV_ALIGN_LEFT = 0, CV_ALIGN_CENTER = 1, CV_ALIGN_RIGHT = 2 } cv_align;

/* How text measures. ctx is the implementation's (a cv_text for the renderer). */
typedef struct cv_text_measurer {
    void *ctx;
    /* The height of one line of the style, in pixels. */
    int (*line_height)(void *ctx, cv_font_style style);
    /* The size of the string drawn in the style (0x0 for ""). */
    void (*measure)(void *ctx, cv_font_style style, const char *string, int *w, int *h);
    /* The string as drawn within max_w (if > 0): itself, or cut with an
     * ellipsis, into out (out_size bytes); returns its width in pixels. */
    int (*fit)(void *ctx, cv_font_style style, const char *string, int max_w, char *out,
               size_t out_size);
} cv_text_measurer;

/* The spacing scale, in points at scale 1 (the layout multiplies by the scale). */
typedef struct cv_spacing {
    int hairline; /* 2: tick and now-line widths, small nudges */
    int tight;    /* 4: between wrapped rows, inside small boxes */
    int small;    /* 6: between a swatch and its words, between bands */
    int medium;   /* 8: padding inside boxes and beside labels */
    int large;    /* 12: the margin around the picture, between columns */
    int loose;    /* 14: padding of the banner, title to description */
    int wide;     /* 22: between legend entries */
    int swatch;   /* 18: a legend swatch's side */
} cv_spacing;

#endif
