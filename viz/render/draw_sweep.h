/*
 * draw_sweep.h — a sweep's plot (layout/sweep_plot.h) painted with SDL:
 * thick lines as triangles (SDL_RenderGeometry), markers as filled
 * polygons, dashed ideal line and core mark, text from the timeline's fonts.
 */
#ifndef CONVEYOR_VIZ_RENDER_DRAW_SWEEP_H
#define CONVEYOR_VIZ_RENDER_DRAW_SWEEP_H

#include <SDL.h>

#include "layout/sweep_plot.h"
#include "render/text.h"
#include "render/theme.h"

/* Paint the whole plot (background included) into sdl with text's fonts. */
void cv_sweep_plot_draw(SDL_Renderer *sdl, cv_text *text, const cv_theme *theme,
                        const cv_sweep_plot *plot, cv_rect bounds);

#endif
