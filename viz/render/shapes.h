/*
 * shapes.h — what SDL cannot draw itself: SDL_RenderDrawLine is one pixel
 * wide, too thin for a projector, so a thick line is a quad of two
 * triangles handed to SDL_RenderGeometry; a convex polygon (a marker, an
 * arrowhead) is filled row by row, since SDL's software renderer drops parts
 * of small triangles.
 */
#ifndef CONVEYOR_VIZ_RENDER_SHAPES_H
#define CONVEYOR_VIZ_RENDER_SHAPES_H

#include <SDL.h>

#include "render/theme.h"

/* A segment from x0, y0 to x1, y1, width pixels wide. */
void cv_shape_thick_segment(SDL_Renderer *sdl, cv_rgb colour, float x0, float y0, float x1,
                            float y1, float width);

/* The convex polygon with corners xs[i], ys[i] (n of them), filled. */
void cv_shape_fill_polygon(SDL_Renderer *sdl, cv_rgb colour, const float *xs, const float *ys,
                           int n);

#endif
