/*
 * draw_sweep.c — see draw_sweep.h. Lines are thick quads and markers filled
 * polygons (render/shapes.h); dashes are such quads too.
 */
#include "render/draw_sweep.h"

#include <math.h>

#include "render/shapes.h"

static void fill_rect(SDL_Renderer *sdl, cv_rgb c, cv_rect r)
{
    SDL_SetRenderDrawColor(sdl, c.r, c.g, c.b, 255);
    SDL_RenderFillRect(sdl, &(SDL_Rect){r.x, r.y, r.w, r.h});
}

/* A dashed segment: dash_px on, gap_px off. */
static void dashed_segment(SDL_Renderer *sdl, cv_rgb c, float x0, float y0, float x1, float y1,
                           float width, float dash_px, float gap_px)
{
    float dx = x1 - x0, dy = y1 - y0;
    float length = sqrtf(dx * dx + dy * dy);
    for (float at = 0; at < length; at += dash_px + gap_px) {
        float end = at + dash_px < length ? at + dash_px : length;
        cv_shape_thick_segment(sdl, c, x0 + dx * at / length, y0 + dy * at / length,
                               x0 + dx * end / length, y0 + dy * end / length, width);
    }
}

static void marker(SDL_Renderer *sdl, const cv_theme *theme, int variant, float x, float y, float r)
{
    float xs[16], ys[16];
    int n = cv_sweep_marker_outline(variant, x, y, r + 1.5f, xs, ys);
    cv_shape_fill_polygon(sdl, theme->background, xs, ys, n);
    n = cv_sweep_marker_outline(variant, x, y, r, xs, ys);
    cv_shape_fill_polygon(sdl, cv_theme_series_colour(theme, variant), xs, ys, n);
}

static void draw_line(SDL_Renderer *sdl, const cv_theme *theme, const cv_sweep_plot *plot,
                      const cv_plot_point *points, int count, int variant)
{
    cv_rgb c = cv_theme_series_colour(theme, variant);
    for (int i = 1; i < count; i++)
        cv_shape_thick_segment(sdl, c, points[i - 1].x, points[i - 1].y, points[i].x, points[i].y,
                               (float)plot->line_px);
    for (int i = 0; i < count; i++)
        marker(sdl, theme, variant, points[i].x, points[i].y, (float)plot->marker_px);
}

static void draw_ideal(SDL_Renderer *sdl, const cv_theme *theme, const cv_sweep_plot *plot,
                       const cv_plot_point *points, int count)
{
    float width = (float)plot->line_px * 0.7f, dash = 4.0f * (float)plot->line_px;
    for (int i = 1; i < count; i++)
        dashed_segment(sdl, theme->text_muted, points[i - 1].x, points[i - 1].y, points[i].x,
                       points[i].y, width, dash, dash * 0.6f);
}

static void draw_chart(SDL_Renderer *sdl, cv_text *text, const cv_theme *theme,
                       const cv_sweep_plot *plot, const cv_sweep_chart *c)
{
    cv_rect f = c->frame;
    fill_rect(sdl, theme->panel, f);
    for (int i = 0; i < c->y_tick_count; i++) {
        const cv_plot_tick *t = &c->y_ticks[i];
        fill_rect(sdl, theme->grid, (cv_rect){f.x, (int)t->px, f.w, 1});
        cv_text_draw(text, CV_FONT_SMALL, t->label, theme->text_muted, c->y_label_right,
                     (int)t->px - cv_text_line_height(text, CV_FONT_SMALL) / 2, CV_ALIGN_RIGHT, 0);
    }
    for (int i = 0; i < c->x_tick_count; i++) {
        const cv_plot_tick *t = &c->x_ticks[i];
        fill_rect(sdl, theme->grid, (cv_rect){(int)t->px, f.y, 1, f.h});
        if (t->labelled)
            cv_text_draw(text, CV_FONT_SMALL, t->label, theme->text_muted, (int)t->px,
                         c->x_label_top, CV_ALIGN_CENTER, 0);
    }
    fill_rect(sdl, theme->axis, (cv_rect){f.x, f.y + f.h - 1, f.w, 2});
    fill_rect(sdl, theme->axis, (cv_rect){f.x - 1, f.y, 2, f.h});
    if (c->cores_shown) {
        dashed_segment(sdl, theme->highlight, c->cores_x, (float)f.y, c->cores_x,
                       (float)(f.y + f.h), (float)plot->line_px * 0.7f, 3.0f * (float)plot->line_px,
                       2.0f * (float)plot->line_px);
        cv_text_draw(text, CV_FONT_SMALL, c->cores_label, theme->highlight, c->cores_label_box.x,
                     c->cores_label_box.y, CV_ALIGN_LEFT, 0);
    }
    draw_ideal(sdl, theme, plot, c->ideal, c->ideal_count);
    for (int v = 0; v < plot->variant_count; v++)
        draw_line(sdl, theme, plot, c->line[v], c->line_count[v], v);
    cv_text_draw(text, CV_FONT_LABEL, c->title, theme->foreground, c->title_box.x, c->title_box.y,
                 CV_ALIGN_LEFT, c->title_box.w);
    cv_text_draw(text, CV_FONT_BODY, plot->x_title, theme->text_muted,
                 c->x_title_box.x + c->x_title_box.w / 2, c->x_title_box.y, CV_ALIGN_CENTER,
                 c->x_title_box.w);
}

static void draw_legend(SDL_Renderer *sdl, cv_text *text, const cv_theme *theme,
                        const cv_sweep_plot *plot)
{
    for (int i = 0; i < plot->legend_count; i++) {
        const cv_sweep_legend_entry *e = &plot->legend[i];
        cv_rect s = e->sample;
        float y = (float)s.y + (float)s.h / 2;
        float width = (float)plot->line_px;
        if (e->kind == CV_SWEEP_LEGEND_VARIANT) {
            cv_shape_thick_segment(sdl, cv_theme_series_colour(theme, e->variant), (float)s.x, y,
                                   (float)(s.x + s.w), y, width);
            marker(sdl, theme, e->variant, (float)s.x + (float)s.w / 2, y, (float)plot->marker_px);
        } else if (e->kind == CV_SWEEP_LEGEND_IDEAL) {
            dashed_segment(sdl, theme->text_muted, (float)s.x, y, (float)(s.x + s.w), y,
                           width * 0.7f, 4 * width, 2.4f * width);
        } else {
            float x = (float)s.x + (float)s.w / 2;
            dashed_segment(sdl, theme->highlight, x, (float)s.y, x, (float)(s.y + s.h),
                           width * 0.7f, 3 * width, 2 * width);
        }
        cv_text_draw(text, CV_FONT_BODY, e->label, theme->foreground, e->label_box.x,
                     e->label_box.y, CV_ALIGN_LEFT, e->label_box.w);
    }
}

void cv_sweep_plot_draw(SDL_Renderer *sdl, cv_text *text, const cv_theme *theme,
                        const cv_sweep_plot *plot, cv_rect bounds)
{
    fill_rect(sdl, theme->background, bounds);
    cv_text_draw(text, CV_FONT_TITLE, plot->title, theme->foreground, plot->title_box.x,
                 plot->title_box.y, CV_ALIGN_LEFT, plot->title_box.w);
    cv_text_draw(text, CV_FONT_BODY, plot->facts,
                 plot->incomplete ? theme->warning : theme->text_muted, plot->facts_box.x,
                 plot->facts_box.y, CV_ALIGN_LEFT, plot->facts_box.w);
    draw_legend(sdl, text, theme, plot);
    draw_chart(sdl, text, theme, plot, &plot->elapsed);
    draw_chart(sdl, text, theme, plot, &plot->speedup);
}
