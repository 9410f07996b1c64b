/*
 * shapes.c — thick lines and filled polygons for SDL (see shapes.h), shared
 * by the sweep's plot and the item arrows.
 */
#include "render/shapes.h"

#include <math.h>

static SDL_Color colour_of(cv_rgb c)
{
    return (SDL_Color){c.r, c.g, c.b, 255};
}

/* A segment width px wide. */
void cv_shape_thick_segment(SDL_Renderer *sdl, cv_rgb c, float x0, float y0, float x1, float y1,
                            float width)
{
    float dx = x1 - x0, dy = y1 - y0;
    float length = sqrtf(dx * dx + dy * dy);
    if (length < 0.01f)
        return;
    float nx = -dy / length * width / 2, ny = dx / length * width / 2;
    SDL_Color colour = colour_of(c);
    SDL_Vertex v[4] = {
        {{x0 + nx, y0 + ny}, colour, {0, 0}},
        {{x1 + nx, y1 + ny}, colour, {0, 0}},
        {{x1 - nx, y1 - ny}, colour, {0, 0}},
        {{x0 - nx, y0 - ny}, colour, {0, 0}},
    };
    static const int indices[6] = {0, 1, 2, 0, 2, 3};
    SDL_RenderGeometry(sdl, NULL, v, 4, indices, 6);
}

/* A convex polygon, filled row by row: SDL's software renderer drops parts
 * of small triangles given to SDL_RenderGeometry, which cut the markers. */
void cv_shape_fill_polygon(SDL_Renderer *sdl, cv_rgb c, const float *xs, const float *ys, int n)
{
    float top = ys[0], bottom = ys[0];
    for (int i = 1; i < n; i++) {
        top = ys[i] < top ? ys[i] : top;
        bottom = ys[i] > bottom ? ys[i] : bottom;
    }
    SDL_SetRenderDrawColor(sdl, c.r, c.g, c.b, 255);
    for (int row = (int)floorf(top); row <= (int)ceilf(bottom); row++) {
        float y = (float)row + 0.5f, left = 1e9f, right = -1e9f;
        for (int i = 0; i < n; i++) {
            float x0 = xs[i], y0 = ys[i], x1 = xs[(i + 1) % n], y1 = ys[(i + 1) % n];
            if ((y < y0) == (y < y1))
                continue; /* the edge does not cross this row */
            float x = x0 + (y - y0) / (y1 - y0) * (x1 - x0);
            left = x < left ? x : left;
            right = x > right ? x : right;
        }
        if (left <= right)
            SDL_RenderDrawLine(sdl, (int)lroundf(left), row, (int)lroundf(right), row);
    }
}
