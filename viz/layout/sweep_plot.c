/*
 * sweep_plot.c — see sweep_plot.h. Top to bottom: the title, one line of
 * facts, the legend (wrapped into rows), then the two charts side by side.
 * Each chart measures its y tick labels first, so its frame starts right of
 * the widest; ticks on y are 1, 2 or 5 times a power of ten.
 */
#include "layout/sweep_plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { Y_TICKS_WANTED = 5 };

typedef struct plan {
    const cv_sweep_plot_input *in;
    float scale;
    int order[CV_SWEEP_POINTS_MAX];
    int count;
    bool x_log;
    double x_lo, x_hi; /* the axis' ends, in axis units (log2 or plain) */
} plan;

static int px(const plan *p, float points)
{
    return (int)(points * p->scale + 0.5f);
}

static int line_height(const plan *p, cv_font_style style)
{
    return p->in->text->line_height(p->in->text->ctx, style);
}

static int text_width(const plan *p, cv_font_style style, const char *text)
{
    int w = 0, h = 0;
    p->in->text->measure(p->in->text->ctx, style, text, &w, &h);
    return w;
}

float cv_sweep_plot_scale(int height)
{
    float scale = (float)height / 720.0f;
    return scale < 0.8f ? 0.8f : scale > 2.0f ? 2.0f : scale;
}

int cv_sweep_plot_order(const cv_sweep *sweep, int order[CV_SWEEP_POINTS_MAX])
{
    int n = sweep->point_count;
    for (int i = 0; i < n; i++) {
        int k = i;
        while (k > 0 && sweep->values[order[k - 1]] > sweep->values[i]) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    return n;
}

int cv_sweep_marker_outline(int variant, float x, float y, float r, float xs[16], float ys[16])
{
    static const float pi = 3.14159265f;
    switch (variant % 4) {
    case 1: /* square, a little smaller so it looks as big as the circle */
        r *= 0.9f;
        xs[0] = x - r, ys[0] = y - r, xs[1] = x + r, ys[1] = y - r;
        xs[2] = x + r, ys[2] = y + r, xs[3] = x - r, ys[3] = y + r;
        return 4;
    case 2: /* triangle, point up */
        r *= 1.4f;
        xs[0] = x, ys[0] = y - r;
        xs[1] = x + r * 0.866f, ys[1] = y + r * 0.5f;
        xs[2] = x - r * 0.866f, ys[2] = y + r * 0.5f;
        return 3;
    case 3: /* diamond */
        r *= 1.2f;
        xs[0] = x, ys[0] = y - r, xs[1] = x + r, ys[1] = y;
        xs[2] = x, ys[2] = y + r, xs[3] = x - r, ys[3] = y;
        return 4;
    default:
        for (int i = 0; i < 16; i++) {
            xs[i] = x + r * cosf(2 * pi * (float)i / 16);
            ys[i] = y + r * sinf(2 * pi * (float)i / 16);
        }
        return 16;
    }
}

/* ---- axes ---------------------------------------------------------------- */

static double axis_unit(const plan *p, double value)
{
    return p->x_log ? log2(value) : value;
}

static void plan_x_axis(plan *p)
{
    const cv_sweep *sw = p->in->sweep;
    p->count = cv_sweep_plot_order(sw, p->order);
    double lo = sw->values[p->order[0]], hi = sw->values[p->order[p->count - 1]];
    p->x_log = lo > 0 && hi >= 8 * lo;
    p->x_lo = axis_unit(p, lo);
    p->x_hi = axis_unit(p, hi);
}

/* Pixels from the frame's left edge: the ends keep a marker's room. */
static float x_px(const plan *p, const cv_sweep_chart *c, double value, float pad)
{
    if (p->x_hi <= p->x_lo)
        return (float)c->frame.x + (float)c->frame.w / 2;
    double f = (axis_unit(p, value) - p->x_lo) / (p->x_hi - p->x_lo);
    return (float)c->frame.x + pad + (float)(f * ((double)c->frame.w - 2 * pad));
}

static float y_px(const cv_sweep_chart *c, double value)
{
    double f = c->y_max > 0 ? value / c->y_max : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return (float)(c->frame.y + c->frame.h) - (float)(f * c->frame.h);
}

static double nice_step(double max)
{
    double raw = max / Y_TICKS_WANTED;
    double magnitude = pow(10, floor(log10(raw)));
    static const double multiples[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++) {
        if (multiples[i] * magnitude >= raw)
            return multiples[i] * magnitude;
    }
    return 10 * magnitude;
}

static int decimals_for(double step)
{
    return step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
}

/* The y ticks from 0 to y_max (a whole number of steps over data_max);
 * seconds in s, or ms when the axis stays under one second. */
static void plan_y_ticks(cv_sweep_chart *c, double data_max, bool seconds)
{
    if (!(data_max > 0))
        data_max = 1;
    double step = nice_step(data_max);
    c->y_max = ceil(data_max / step - 1e-9) * step;
    bool ms = seconds && c->y_max < 1;
    double unit = ms ? 1000 : 1;
    int decimals = decimals_for(step * unit);
    c->y_tick_count = 0;
    for (int i = 0; i < CV_SWEEP_PLOT_TICKS_MAX && i * step <= c->y_max * (1 + 1e-9); i++) {
        cv_plot_tick *t = &c->y_ticks[c->y_tick_count++];
        t->labelled = true;
        snprintf(t->label, sizeof t->label, "%.*f%s", decimals, i * step * unit,
                 seconds ? (ms ? " ms" : " s") : "\u00d7");
    }
}

/* ---- a chart ------------------------------------------------------------- */

static double chart_value(const plan *p, bool elapsed, int point, int variant)
{
    if (elapsed)
        return cv_sweep_median_s(p->in->sweep, point, variant);
    return cv_sweep_median_s(p->in->sweep, point, variant) > 0
               ? cv_sweep_speedup(p->in->sweep, point, variant)
               : 0;
}

static double data_max(const plan *p, bool elapsed)
{
    const cv_sweep *sw = p->in->sweep;
    double max = elapsed ? 0 : 1;
    for (int i = 0; i < p->count; i++) {
        for (int v = 0; v < sw->variant_count; v++) {
            double value = chart_value(p, elapsed, p->order[i], v);
            max = value > max ? value : max;
        }
        double ideal = elapsed ? 0 : cv_sweep_ideal(sw, p->order[i]);
        max = ideal > max ? ideal : max;
    }
    return max;
}

static void place_frame(const plan *p, cv_sweep_chart *c, cv_rect area)
{
    c->title_box = (cv_rect){area.x, area.y, area.w, line_height(p, CV_FONT_LABEL)};
    int widest_y = 0;
    for (int i = 0; i < c->y_tick_count; i++) {
        int w = text_width(p, CV_FONT_SMALL, c->y_ticks[i].label);
        widest_y = w > widest_y ? w : widest_y;
    }
    int last_x =
        p->in->values ? text_width(p, CV_FONT_SMALL, p->in->values[p->order[p->count - 1]]) : 0;
    int body = line_height(p, CV_FONT_BODY), small = line_height(p, CV_FONT_SMALL);
    c->x_title_box = (cv_rect){area.x, area.y + area.h - body, area.w, body};
    c->x_label_top = c->x_title_box.y - px(p, 2) - small;
    c->frame.x = area.x + widest_y + px(p, (float)p->in->spacing->medium);
    c->frame.y = c->title_box.y + c->title_box.h + px(p, (float)p->in->spacing->medium);
    c->frame.w = area.x + area.w - last_x / 2 - c->frame.x;
    c->frame.h = c->x_label_top - px(p, (float)p->in->spacing->tight) - c->frame.y;
    c->frame.w = c->frame.w < 1 ? 1 : c->frame.w;
    c->frame.h = c->frame.h < 1 ? 1 : c->frame.h;
    c->y_label_right = c->frame.x - px(p, (float)p->in->spacing->small);
    c->x_title_box.x = c->frame.x;
    c->x_title_box.w = c->frame.w;
}

static void place_x_ticks(const plan *p, cv_sweep_chart *c, float pad)
{
    const cv_sweep *sw = p->in->sweep;
    float last_right = -1e9f;
    c->x_tick_count = p->count;
    for (int i = 0; i < p->count; i++) {
        cv_plot_tick *t = &c->x_ticks[i];
        int point = p->order[i];
        t->px = x_px(p, c, sw->values[point], pad);
        if (p->in->values)
            snprintf(t->label, sizeof t->label, "%s", p->in->values[point]);
        else
            snprintf(t->label, sizeof t->label, "%g", sw->values[point]);
        float half = (float)text_width(p, CV_FONT_SMALL, t->label) / 2;
        t->labelled = t->px - half > last_right + (float)px(p, (float)p->in->spacing->tight);
        if (t->labelled)
            last_right = t->px + half;
    }
}

static void place_cores(const plan *p, cv_sweep_chart *c, float pad)
{
    int cores = p->in->cores;
    c->cores_shown =
        cores > 0 && axis_unit(p, cores) >= p->x_lo - 1e-9 && axis_unit(p, cores) <= p->x_hi + 1e-9;
    if (!c->cores_shown)
        return;
    c->cores_x = x_px(p, c, cores, pad);
    snprintf(c->cores_label, sizeof c->cores_label, "%d core%s", cores, cores == 1 ? "" : "s");
    int w = text_width(p, CV_FONT_SMALL, c->cores_label);
    int gap = px(p, (float)p->in->spacing->tight);
    int x = (int)c->cores_x + gap;
    if (x + w > c->frame.x + c->frame.w)
        x = (int)c->cores_x - gap - w;
    c->cores_label_box = (cv_rect){x, c->frame.y + gap, w, line_height(p, CV_FONT_SMALL)};
}

static void place_lines(const plan *p, cv_sweep_chart *c, bool elapsed, float pad)
{
    const cv_sweep *sw = p->in->sweep;
    for (int v = 0; v < sw->variant_count; v++) {
        c->line_count[v] = 0;
        for (int i = 0; i < p->count; i++) {
            int point = p->order[i];
            if (cv_sweep_median_s(sw, point, v) <= 0)
                continue;
            c->line[v][c->line_count[v]++] = (cv_plot_point){
                x_px(p, c, sw->values[point], pad), y_px(c, chart_value(p, elapsed, point, v))};
        }
    }
    c->ideal_count = 0;
    for (int i = 0; !elapsed && i < p->count; i++) {
        int point = p->order[i];
        double ideal = cv_sweep_ideal(sw, point);
        if (ideal > 0)
            c->ideal[c->ideal_count++] =
                (cv_plot_point){x_px(p, c, sw->values[point], pad), y_px(c, ideal)};
    }
}

static void place_chart(const plan *p, const cv_sweep_plot *plot, cv_sweep_chart *c, cv_rect area,
                        bool elapsed)
{
    const char *first = p->in->values ? p->in->values[0] : "the first value";
    if (elapsed)
        snprintf(c->title, sizeof c->title, "elapsed time (median)");
    else
        snprintf(c->title, sizeof c->title, "speed-up over %s", first);
    plan_y_ticks(c, data_max(p, elapsed), elapsed);
    place_frame(p, c, area);
    for (int i = 0; i < c->y_tick_count; i++)
        c->y_ticks[i].px =
            y_px(c, c->y_max * i / (c->y_tick_count - 1 > 0 ? c->y_tick_count - 1 : 1));
    float pad = (float)(plot->marker_px * 2 + px(p, (float)p->in->spacing->small));
    if (pad * 2 >= (float)c->frame.w)
        pad = 0;
    place_x_ticks(p, c, pad);
    place_cores(p, c, pad);
    place_lines(p, c, elapsed, pad);
}

/* ---- the whole plot -------------------------------------------------------- */

static void make_words(const plan *p, cv_sweep_plot *out)
{
    const cv_sweep_plot_input *in = p->in;
    const cv_sweep *sw = in->sweep;
    const char *lo = in->values ? in->values[p->order[0]] : "";
    const char *hi = in->values ? in->values[p->order[p->count - 1]] : "";
    snprintf(out->title, sizeof out->title, "%s \u00b7 %s from %s to %s",
             in->scenario ? in->scenario : "sweep", in->vary_key ? in->vary_key : "value", lo, hi);
    snprintf(out->x_title, sizeof out->x_title, "%s", in->vary_key ? in->vary_key : "value");
    out->incomplete = !cv_sweep_complete(sw);
    char cores[48] = "";
    if (in->cores > 0)
        snprintf(cores, sizeof cores, " \u00b7 this machine: %d core%s", in->cores,
                 in->cores == 1 ? "" : "s");
    char busy[96] = "";
    if (sw->busy_runs > 0)
        snprintf(busy, sizeof busy, " \u00b7 \u26a0 machine busy in %d run%s", sw->busy_runs,
                 sw->busy_runs == 1 ? "" : "s");
    snprintf(out->facts, sizeof out->facts, "median of %d run%s per value and variant%s%s%s",
             sw->repeat, sw->repeat == 1 ? "" : "s", cores, busy,
             out->incomplete ? " \u00b7 INCOMPLETE: interrupted, some values lack runs" : "");
}

static int place_legend(const plan *p, cv_sweep_plot *out, int x0, int y, int right)
{
    const cv_sweep *sw = p->in->sweep;
    out->legend_count = 0;
    for (int v = 0; v < sw->variant_count; v++) {
        cv_sweep_legend_entry *e = &out->legend[out->legend_count++];
        e->kind = CV_SWEEP_LEGEND_VARIANT;
        e->variant = v;
        snprintf(e->label, sizeof e->label, "%s",
                 p->in->variants && p->in->variants[v] ? p->in->variants[v] : "variant");
    }
    cv_sweep_legend_entry *ideal = &out->legend[out->legend_count++];
    *ideal = (cv_sweep_legend_entry){.kind = CV_SWEEP_LEGEND_IDEAL};
    snprintf(ideal->label, sizeof ideal->label, "ideal speed-up");
    if (p->in->cores > 0) {
        cv_sweep_legend_entry *cores = &out->legend[out->legend_count++];
        *cores = (cv_sweep_legend_entry){.kind = CV_SWEEP_LEGEND_CORES};
        snprintf(cores->label, sizeof cores->label, "this machine's cores");
    }
    int h = line_height(p, CV_FONT_BODY);
    int sample_w = px(p, 36), gap = px(p, (float)p->in->spacing->small);
    int between = px(p, (float)p->in->spacing->wide);
    int x = x0;
    for (int i = 0; i < out->legend_count; i++) {
        cv_sweep_legend_entry *e = &out->legend[i];
        int w = text_width(p, CV_FONT_BODY, e->label);
        if (x > x0 && x + sample_w + gap + w > right) {
            x = x0;
            y += h + px(p, (float)p->in->spacing->tight);
        }
        int room = right - x - sample_w - gap;
        w = w > room ? (room > 0 ? room : 0) : w;
        e->sample = (cv_rect){x, y, sample_w, h};
        e->label_box = (cv_rect){x + sample_w + gap, y, w, h};
        x += sample_w + gap + w + between;
    }
    return y + h;
}

void cv_sweep_plot_layout(cv_sweep_plot *out, const cv_sweep_plot_input *in)
{
    memset(out, 0, sizeof *out);
    plan p = {.in = in, .scale = in->scale > 0 ? in->scale : 1.0f};
    out->scale = p.scale;
    out->variant_count = in->sweep->variant_count;
    out->line_px = px(&p, 3) > 1 ? px(&p, 3) : 1;
    out->marker_px = px(&p, 5) > 2 ? px(&p, 5) : 2;
    plan_x_axis(&p);
    out->x_log = p.x_log;
    make_words(&p, out);
    const cv_spacing *sp = in->spacing;
    int margin = px(&p, (float)sp->large);
    int left = in->bounds.x + margin, right = in->bounds.x + in->bounds.w - margin;
    int top = in->bounds.y + margin;
    int bottom = in->bounds.y + in->bounds.h - margin;
    out->title_box = (cv_rect){left, top, right - left, line_height(&p, CV_FONT_TITLE)};
    int y = top + out->title_box.h + px(&p, (float)sp->tight);
    out->facts_box = (cv_rect){left, y, right - left, line_height(&p, CV_FONT_BODY)};
    y += out->facts_box.h + px(&p, (float)sp->medium);
    y = place_legend(&p, out, left, y, right) + px(&p, (float)sp->loose);
    /* A chart needs its title, tick labels, axis title and some height to
     * plot in; on a picture too small for that the facts and legend go. */
    int chart_min = 2 * line_height(&p, CV_FONT_LABEL) + 2 * line_height(&p, CV_FONT_SMALL) +
                    2 * line_height(&p, CV_FONT_BODY);
    if (bottom - y < chart_min) {
        out->facts[0] = '\0';
        out->facts_box.h = 0;
        out->legend_count = 0;
        y = top + out->title_box.h + px(&p, (float)sp->medium);
    }
    int gap = 3 * px(&p, (float)sp->large);
    int chart_w = (right - left - gap) / 2;
    int chart_h = bottom - y > 1 ? bottom - y : 1;
    place_chart(&p, out, &out->elapsed, (cv_rect){left, y, chart_w, chart_h}, true);
    place_chart(&p, out, &out->speedup, (cv_rect){right - chart_w, y, chart_w, chart_h}, false);
}
