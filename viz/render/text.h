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
#include <stdbool.h>
#include <stddef.h>

#include "conveyor/status.h"
#include "layout/metrics.h"
#include "render/theme.h"

typedef struct cv_text cv_text;

/* Open the fonts (found with cv_assets_find) at the given scale. renderer may
 * be NULL for text that is only measured (the SVG writer): then nothing draws. */
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

/* The string as cv_text_draw would draw it within max_w (cut with an
 * ellipsis if max_w > 0 and it is wider) into out; returns its width. */
int cv_text_fit(cv_text *text, cv_font_style style, const char *string, int max_w, char *out,
                size_t out_size);

/* The style's font: its size in pixels, whether bold, and its ascent (top to baseline). */
int cv_text_font_px(const cv_text *text, cv_font_style style);
bool cv_text_font_bold(cv_font_style style);
int cv_text_ascent(const cv_text *text, cv_font_style style);

/* The text as the layout's measurer (layout/metrics.h). */
cv_text_measurer cv_text_measurer_of(cv_text *text);

/* Free cached strings not drawn in the last few hundred frames. */
void cv_text_end_frame(cv_text *text);

/* Cached strings right now (for tests and the frame-time harness). */
int cv_text_cached_count(const cv_text *text);

#endif
