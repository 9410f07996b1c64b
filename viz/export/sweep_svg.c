/*
 * sweep_svg.c — a sweep's plot as SVG (see svg.h): the layout of
 * layout/sweep_plot.c measured with the fonts the PNG is drawn with, so the
 * two pictures match; lines are polylines with round joins, the ideal line
 * and the core mark dashed, markers as polygons (a circle as <circle>).
 * Every word from the user (scenario, variants, values) is escaped.
 */
#include "export/svg.h"

#include <stdio.h>
#include <string.h>

#include "export/output_file.h"
#include "export/xml_text.h"
#include "render/text.h"

enum { DEFAULT_WIDTH = 1600, DEFAULT_HEIGHT = 900, MAX_SIDE = 16384 };

typedef struct sweep_svg {
    FILE *out;
    const cv_theme *theme;
    cv_text *text;
    const cv_sweep_plot *plot;
} sweep_svg;

static void colour(FILE *out, cv_rgb c)
{
    char hex[8];
    cv_rgb_hex(c, hex);
    fputs(hex, out);
}

static void rect(const sweep_svg *g, cv_rect r, cv_rgb c)
{
    fprintf(g->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"", r.x, r.y, r.w,
            r.h);
    colour(g->out, c);
    fputs("\"/>\n", g->out);
}

/* Text with its top at y, as cv_text_draw places it. */
static void text_at(const sweep_svg *g, cv_font_style style, int x, int y, cv_align align,
                    int max_w, const char *string, cv_rgb c)
{
    if (!string[0])
        return;
    char cut[512];
    cv_text_fit(g->text, style, string, max_w, cut, sizeof cut);
    const char *anchor = align == CV_ALIGN_CENTER ? "middle" : align == CV_ALIGN_RIGHT ? "end" : "";
    fprintf(g->out, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"%s", x,
            y + cv_text_ascent(g->text, style), cv_text_font_px(g->text, style),
            cv_text_font_bold(style) ? " font-weight=\"bold\"" : "");
    if (anchor[0])
        fprintf(g->out, " text-anchor=\"%s\"", anchor);
    fputs(" fill=\"", g->out);
    colour(g->out, c);
    fputs("\">", g->out);
    cv_xml_write_text(g->out, cut);
    fputs("</text>\n", g->out);
}

/* A polyline; dash = 0 for a solid one. */
static void polyline(const sweep_svg *g, const cv_plot_point *points, int count, cv_rgb c,
                     float width, float dash)
{
    if (count < 2)
        return;
    fputs("<polyline fill=\"none\" stroke-linejoin=\"round\" stroke=\"", g->out);
    colour(g->out, c);
    fprintf(g->out, "\" stroke-width=\"%.1f\"", width);
    if (dash > 0)
        fprintf(g->out, " stroke-dasharray=\"%.1f %.1f\"", dash, dash * 0.6f);
    fputs(" points=\"", g->out);
    for (int i = 0; i < count; i++)
        fprintf(g->out, "%s%.1f,%.1f", i ? " " : "", points[i].x, points[i].y);
    fputs("\"/>\n", g->out);
}

static void marker(const sweep_svg *g, int variant, float x, float y, float r)
{
    cv_rgb c = cv_theme_series_colour(g->theme, variant);
    if (variant % 4 == 0) {
        fprintf(g->out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" stroke-width=\"1.5\" stroke=\"",
                x, y, r);
        colour(g->out, g->theme->background);
        fputs("\" fill=\"", g->out);
        colour(g->out, c);
        fputs("\"/>\n", g->out);
        return;
    }
    float xs[16], ys[16];
    int n = cv_sweep_marker_outline(variant, x, y, r, xs, ys);
    fputs("<polygon stroke-width=\"1.5\" stroke=\"", g->out);
    colour(g->out, g->theme->background);
    fputs("\" fill=\"", g->out);
    colour(g->out, c);
    fputs("\" points=\"", g->out);
    for (int i = 0; i < n; i++)
        fprintf(g->out, "%s%.1f,%.1f", i ? " " : "", xs[i], ys[i]);
    fputs("\"/>\n", g->out);
}

static void chart(const sweep_svg *g, const cv_sweep_chart *c)
{
    const cv_theme *th = g->theme;
    const cv_sweep_plot *plot = g->plot;
    cv_rect f = c->frame;
    int small_h = cv_text_line_height(g->text, CV_FONT_SMALL);
    float line = (float)plot->line_px;
    rect(g, f, th->panel);
    for (int i = 0; i < c->y_tick_count; i++) {
        const cv_plot_tick *t = &c->y_ticks[i];
        rect(g, (cv_rect){f.x, (int)t->px, f.w, 1}, th->grid);
        text_at(g, CV_FONT_SMALL, c->y_label_right, (int)t->px - small_h / 2, CV_ALIGN_RIGHT, 0,
                t->label, th->text_muted);
    }
    for (int i = 0; i < c->x_tick_count; i++) {
        const cv_plot_tick *t = &c->x_ticks[i];
        rect(g, (cv_rect){(int)t->px, f.y, 1, f.h}, th->grid);
        if (t->labelled)
            text_at(g, CV_FONT_SMALL, (int)t->px, c->x_label_top, CV_ALIGN_CENTER, 0, t->label,
                    th->text_muted);
    }
    rect(g, (cv_rect){f.x, f.y + f.h - 1, f.w, 2}, th->axis);
    rect(g, (cv_rect){f.x - 1, f.y, 2, f.h}, th->axis);
    if (c->cores_shown) {
        cv_plot_point mark[2] = {{c->cores_x, (float)f.y}, {c->cores_x, (float)(f.y + f.h)}};
        polyline(g, mark, 2, th->highlight, line * 0.7f, 3 * line);
        text_at(g, CV_FONT_SMALL, c->cores_label_box.x, c->cores_label_box.y, CV_ALIGN_LEFT, 0,
                c->cores_label, th->highlight);
    }
    polyline(g, c->ideal, c->ideal_count, th->text_muted, line * 0.7f, 4 * line);
    for (int v = 0; v < plot->variant_count; v++) {
        polyline(g, c->line[v], c->line_count[v], cv_theme_series_colour(th, v), line, 0);
        for (int i = 0; i < c->line_count[v]; i++)
            marker(g, v, c->line[v][i].x, c->line[v][i].y, (float)plot->marker_px);
    }
    text_at(g, CV_FONT_LABEL, c->title_box.x, c->title_box.y, CV_ALIGN_LEFT, c->title_box.w,
            c->title, th->foreground);
    text_at(g, CV_FONT_BODY, c->x_title_box.x + c->x_title_box.w / 2, c->x_title_box.y,
            CV_ALIGN_CENTER, c->x_title_box.w, plot->x_title, th->text_muted);
}

static void legend(const sweep_svg *g)
{
    const cv_theme *th = g->theme;
    const cv_sweep_plot *plot = g->plot;
    float line = (float)plot->line_px;
    for (int i = 0; i < plot->legend_count; i++) {
        const cv_sweep_legend_entry *e = &plot->legend[i];
        cv_rect s = e->sample;
        float y = (float)s.y + (float)s.h / 2, mid = (float)s.x + (float)s.w / 2;
        if (e->kind == CV_SWEEP_LEGEND_VARIANT) {
            cv_plot_point sample[2] = {{(float)s.x, y}, {(float)(s.x + s.w), y}};
            polyline(g, sample, 2, cv_theme_series_colour(th, e->variant), line, 0);
            marker(g, e->variant, mid, y, (float)plot->marker_px);
        } else if (e->kind == CV_SWEEP_LEGEND_IDEAL) {
            cv_plot_point sample[2] = {{(float)s.x, y}, {(float)(s.x + s.w), y}};
            polyline(g, sample, 2, th->text_muted, line * 0.7f, 4 * line);
        } else {
            cv_plot_point sample[2] = {{mid, (float)s.y}, {mid, (float)(s.y + s.h)}};
            polyline(g, sample, 2, th->highlight, line * 0.7f, 3 * line);
        }
        text_at(g, CV_FONT_BODY, e->label_box.x, e->label_box.y, CV_ALIGN_LEFT, e->label_box.w,
                e->label, th->foreground);
    }
}

static void document(const sweep_svg *g, int width, int height)
{
    const cv_sweep_plot *plot = g->plot;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", g->out);
    fprintf(g->out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\">\n<title>",
            width, height, width, height);
    cv_xml_write_text(g->out, plot->title);
    fputs("</title>\n<style>\ntext{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;"
          "white-space:pre}\n</style>\n",
          g->out);
    rect(g, (cv_rect){0, 0, width, height}, g->theme->background);
    text_at(g, CV_FONT_TITLE, plot->title_box.x, plot->title_box.y, CV_ALIGN_LEFT,
            plot->title_box.w, plot->title, g->theme->foreground);
    text_at(g, CV_FONT_BODY, plot->facts_box.x, plot->facts_box.y, CV_ALIGN_LEFT, plot->facts_box.w,
            plot->facts, plot->incomplete ? g->theme->warning : g->theme->text_muted);
    legend(g);
    chart(g, &plot->elapsed);
    chart(g, &plot->speedup);
    fputs("</svg>\n", g->out);
}

cv_status cv_svg_write_sweep(const char *path, const cv_sweep_plot_input *plot_input,
                             const cv_svg_options *options, cv_error *err)
{
    static const cv_svg_options defaults = {0};
    const cv_svg_options *o = options ? options : &defaults;
    int width = o->width > 0 ? o->width : DEFAULT_WIDTH;
    int height = o->height > 0 ? o->height : DEFAULT_HEIGHT;
    if (o->width < 0 || o->height < 0 || width < 320 || height < 200 || width > MAX_SIDE ||
        height > MAX_SIDE)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "the picture size %dx%d is out of range (320x200 to %dx%d)", width, height,
                       MAX_SIDE, MAX_SIDE);
    sweep_svg g = {.theme = cv_theme_get(o->theme)};
    float scale = o->scale > 0 ? o->scale : cv_sweep_plot_scale(height);
    cv_status status = cv_text_create(NULL, scale, &g.text, err);
    if (status != CV_OK)
        return status;
    cv_text_measurer measurer = cv_text_measurer_of(g.text);
    cv_sweep_plot_input in = *plot_input;
    in.bounds = (cv_rect){0, 0, width, height};
    in.scale = scale;
    in.spacing = &g.theme->spacing;
    in.text = &measurer;
    static cv_sweep_plot plot;
    cv_sweep_plot_layout(&plot, &in);
    g.plot = &plot;
    cv_output_file file;
    status = cv_output_open(&file, path, "SVG", err);
    if (status == CV_OK) {
        g.out = file.stream;
        document(&g, width, height);
        status = cv_output_close(&file, err);
    }
    cv_text_destroy(g.text);
    return status;
}
