/*
 * text.h — fonts and cached text for the renderer.
 *
 * Rasterising text with SDL2_ttf is the usual reason a frame takes too long,
 * and most of what we draw (lane names, tick labels, the legend) is the same
 * from one frame to the next. So every string is rendered once into a texture
 * and kept, keyed by (style, colour, text); entries not drawn for a while are
 * freed. Sizes are in points at scale 1 and multiplied by the scale, which is
 * how projector mode and high-DPI screens make everything bigger together.
 */
#ifndef CONVEYOR_VIZ_TEXT_H
#define CONVEYOR_VIZ_TEXT_H

#include <SDL.h>

#include "conveyor/status.h"
#include "render/theme.h"

typedef enum cv_font_style {
    CV_FONT_SMALL = 0, /* tick labels, tids, secondary facts */
    CV_FONT_BODY,      /* the header's facts, legend, tooltips */
    CV_FONT_LABEL,     /* lane names (bold) */
    CV_FONT_TITLE,     /* scenario name (bold, large) */
    CV_FONT_BANNER,    /* the outcome banner (bold, large) */
    CV_FONT_COUNT
} cv_font_style;

typedef enum cv_align { CV_ALIGN_LEFT = 0, CV_ALIGN_CENTER = 1, CV_ALIGN_RIGHT = 2 } cv_align;

typedef struct cv_text cv_text;

/* Open the fonts (found with cv_assets_find) at the given scale. */
cv_status cv_text_create(SDL_Renderer *renderer, float scale, cv_text **out, cv_error *err);
void cv_text_destroy(cv_text *text);

/* Reopen the fonts at another scale; the cache is emptied. */
cv_status cv_text_set_scale(cv_text *text, float scale, cv_error *err);

/* The height of one line of this style, in pixels. */
int cv_text_line_height(const cv_text *text, cv_font_style style);

/* The size the string takes when drawn (0x0 for the empty string). */
void cv_text_measure(cv_text *text, cv_font_style style, const char *string, int *w, int *h);

/*
 * Draw the string with its top at y and x at its left, centre or right edge;
 * returns the width drawn. Strings that do not fit max_w (if > 0) are cut
 * with an ellipsis.
 */
int cv_text_draw(cv_text *text, cv_font_style style, const char *string, cv_rgb colour, int x,
                 int y, cv_align align, int max_w);

/* Free cached strings not drawn in the last few hundred frames. */
void cv_text_end_frame(cv_text *text);

/* Cached strings right now (for tests and the frame-time harness). */
int cv_text_cached_count(const cv_text *text);

#endif
