/*
 * svg.c — writing the run as SVG.
 *
 * The layout follows the window's: a header (title, backend, outcome, counts),
 * the legend, one lane per worker with its name and tid/pid, the buffer fill
 * strip and the time axis. Colours come from the shared theme through CSS
 * classes, and each lane's columns become one path per state (adjacent
 * columns in the same state merged into one rectangle), which keeps files
 * small. Every piece of text from the trace is escaped, and bytes that are not
 * valid UTF-8 are replaced, so the result is always well-formed XML.
 */
#include "export/svg.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conveyor/outcome.h"
#include "conveyor/scenario.h"
#include "render/axis.h"
#include "timeline/timeline.h"

enum {
    DEFAULT_WIDTH = 1600,
    DEFAULT_HEIGHT = 900,
    MARGIN = 16,
    HEADER_HEIGHT = 64,
    LEGEND_HEIGHT = 26,
    LABEL_WIDTH = 150,
    FILL_HEIGHT = 44,
    MAX_FILL_HEIGHT = 160,
    MAX_LANE_PITCH = 120,
    AXIS_HEIGHT = 30,
    TICK_MIN_SPACING = 90
};

/* Where things go, in user units. */
typedef struct layout {
    int width, height;
    int plot_x, plot_width; /* the time area, one unit per column */
    int lanes_y, lane_pitch, lane_height;
    int fill_y, fill_height;
    int axis_y;
    int64_t t0, t1;
} layout;

/* Text from traces may hold anything: escape markup, drop controls, mend bad UTF-8. */
static void write_text(FILE *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        unsigned char c = *p;
        int length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool valid = length > 0;
        for (int k = 1; valid && k < length; k++)
            valid = (p[k] & 0xc0) == 0x80;
        if (!valid) {
            fputc('?', out);
            p++;
            continue;
        }
        if (length > 1) {
            fwrite(p, 1, (size_t)length, out);
            p += length;
            continue;
        }
        switch (c) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&apos;", out);
            break;
        default:
            fputc(c < 0x20 ? ' ' : c, out);
            break;
        }
        p++;
    }
}

static void write_style(FILE *out, const cv_theme *theme)
{
    char hex[8];
    fputs("<style>\n", out);
    fputs("text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif}\n", out);
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        cv_rgb_hex(theme->state[s], hex);
        fprintf(out, ".s%d{fill:%s}\n", s, hex);
    }
    const struct {
        const char *name;
        const char *property;
        cv_rgb colour;
    } classes[] = {
        {"bg", "fill", theme->background},   {"panel", "fill", theme->panel},
        {"even", "fill", theme->lane_even},  {"odd", "fill", theme->lane_odd},
        {"fg", "fill", theme->foreground},   {"muted", "fill", theme->text_muted},
        {"warn", "fill", theme->warning},    {"fill", "fill", theme->fill_strip},
        {"grid", "stroke", theme->grid},     {"axis", "stroke", theme->axis},
        {"border", "stroke", theme->border}, {"put", "stroke", theme->put_mark},
        {"get", "stroke", theme->get_mark},
    };
    for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++) {
        cv_rgb_hex(classes[k].colour, hex);
        fprintf(out, ".%s{%s:%s}\n", classes[k].name, classes[k].property, hex);
    }
    fputs(".grid,.axis,.border,.put,.get{fill:none;stroke-width:1}\n</style>\n", out);
}

static void write_header(FILE *out, const cv_trace *trace, const cv_svg_options *options,
                         const cv_theme *theme, const layout *at)
{
    const char *title = options->title && options->title[0] ? options->title : trace->scenario;
    fprintf(out, "<rect class=\"panel\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\"/>\n", at->width,
            MARGIN + HEADER_HEIGHT);
    fprintf(out, "<text class=\"fg\" x=\"%d\" y=\"%d\" font-size=\"22\" font-weight=\"bold\">",
            MARGIN, MARGIN + 20);
    write_text(out, title[0] ? title : "conveyor run");
    fputs("</text>\n", out);

    fprintf(out, "<text class=\"fg\" x=\"%d\" y=\"%d\" font-size=\"14\">", MARGIN, MARGIN + 42);
    fprintf(out, "%s · %u workers · %" PRIu64 " events · buffer of %u slots</text>\n",
            cv_backend_name(trace->backend), trace->lane_count, trace->event_count,
            trace->buffer_slots);

    /* The outcome stands alone at the right, in its banner colour, like the window's. */
    const char *outcome = trace->outcome == CV_OUTCOME_RUNNING && !trace->finished
                              ? "running"
                              : cv_outcome_name(trace->outcome);
    char outcome_colour[8];
    cv_rgb_hex(cv_theme_outcome_colour(theme, trace->outcome), outcome_colour);
    fprintf(out,
            "<text x=\"%d\" y=\"%d\" font-size=\"20\" font-weight=\"bold\" "
            "text-anchor=\"end\" fill=\"%s\">",
            at->width - MARGIN, MARGIN + 20, outcome_colour);
    write_text(out, outcome);
    fputs("</text>\n", out);
    if (trace->dropped_events) {
        fprintf(out,
                "<text class=\"warn\" x=\"%d\" y=\"%d\" font-size=\"13\" "
                "text-anchor=\"end\">%" PRIu64 " events dropped (trace ring full)</text>\n",
                at->width - MARGIN, MARGIN + 42, trace->dropped_events);
    }
    if (trace->description[0]) {
        fprintf(out, "<text class=\"muted\" x=\"%d\" y=\"%d\" font-size=\"12\">", MARGIN,
                MARGIN + 60);
        write_text(out, trace->description);
        fputs("</text>\n", out);
    }
}

static void write_legend(FILE *out, const layout *at)
{
    int x = MARGIN;
    int y = MARGIN + HEADER_HEIGHT + 8;
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        const char *label = cv_state_label((cv_state)s);
        fprintf(out, "<rect class=\"s%d\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\"/>", s, x, y);
        fprintf(out, "<text class=\"fg\" x=\"%d\" y=\"%d\" font-size=\"12\">", x + 16, y + 10);
        write_text(out, label);
        fputs("</text>\n", out);
        x += 16 + 7 * (int)strlen(label) + 18;
    }
    fprintf(out,
            "<path class=\"put\" d=\"M%d %dv12\"/><text class=\"fg\" x=\"%d\" y=\"%d\" "
            "font-size=\"12\">put</text>\n",
            x, y, x + 5, y + 10);
    x += 40;
    fprintf(out,
            "<path class=\"get\" d=\"M%d %dv12\"/><text class=\"fg\" x=\"%d\" y=\"%d\" "
            "font-size=\"12\">get</text>\n",
            x, y, x + 5, y + 10);
    (void)at;
}

static void write_lane_label(FILE *out, const cv_trace *trace, uint32_t lane, const layout *at,
                             int y)
{
    const cv_lane_info *info = &trace->lanes[lane];
    int font = at->lane_height - 2 < 13 ? at->lane_height - 2 : 13;
    if (font < 5)
        font = 5;
    int baseline = y + (at->lane_height + font) / 2 - 1;
    fprintf(out, "<text class=\"fg\" x=\"%d\" y=\"%d\" font-size=\"%d\">", MARGIN, baseline, font);
    write_text(out, info->name[0] ? info->name : "?");
    fputs("</text>\n", out);
    if (info->os_id) {
        fprintf(out,
                "<text class=\"muted\" x=\"%d\" y=\"%d\" font-size=\"%d\" "
                "text-anchor=\"end\">%s %" PRId64 "</text>\n",
                at->plot_x - 6, baseline, font,
                trace->backend == CV_BACKEND_PROCESSES ? "pid" : "tid", info->os_id);
    }
}

/* One path per state: runs of adjacent columns in that state, as rectangles. */
static void write_lane_states(FILE *out, const cv_column *columns, const layout *at, int y)
{
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        bool open = false;
        for (int c = 0; c < at->plot_width;) {
            if (columns[c].state != s) {
                c++;
                continue;
            }
            int run = c;
            while (run < at->plot_width && columns[run].state == s)
                run++;
            if (!open)
                fprintf(out, "<path class=\"s%d\" d=\"", s);
            open = true;
            fprintf(out, "M%d %dh%dv%dh-%dz", at->plot_x + c, y, run - c, at->lane_height, run - c);
            c = run;
        }
        if (open)
            fputs("\"/>\n", out);
    }
}

/* Put/get ticks, only where they can still be told apart. */
static void write_lane_marks(FILE *out, const cv_column *columns, const layout *at, int y)
{
    int marked = 0;
    for (int c = 0; c < at->plot_width; c++)
        marked += columns[c].puts || columns[c].gets;
    if (marked == 0 || marked > at->plot_width / 4 || at->lane_height < 6)
        return;
    int tick = at->lane_height / 3;
    const char *kinds[2] = {"put", "get"};
    for (int k = 0; k < 2; k++) {
        bool open = false;
        for (int c = 0; c < at->plot_width; c++) {
            if (!(k == 0 ? columns[c].puts : columns[c].gets))
                continue;
            if (!open)
                fprintf(out, "<path class=\"%s\" d=\"", kinds[k]);
            open = true;
            fprintf(out, "M%d.5 %dv%d", at->plot_x + c, k == 0 ? y : y + at->lane_height - tick,
                    tick);
        }
        if (open)
            fputs("\"/>\n", out);
    }
}

static cv_status write_lanes(FILE *out, const cv_trace *trace, const cv_timeline *timeline,
                             const layout *at, cv_error *err)
{
    cv_column *columns = malloc((size_t)at->plot_width * sizeof *columns);
    if (!columns)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for %d SVG columns",
                       at->plot_width);
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        int y = at->lanes_y + (int)lane * at->lane_pitch;
        fprintf(out, "<rect class=\"%s\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n",
                lane % 2 ? "odd" : "even", y, at->width, at->lane_height);
        write_lane_label(out, trace, lane, at, y);
        cv_timeline_query(timeline, lane, at->t0, at->t1, (uint32_t)at->plot_width, columns);
        write_lane_states(out, columns, at, y);
        write_lane_marks(out, columns, at, y);
    }
    free(columns);
    return CV_OK;
}

/* The buffer fill over time as one filled step shape. */
static cv_status write_fill_strip(FILE *out, const cv_trace *trace, const cv_timeline *timeline,
                                  const layout *at, cv_error *err)
{
    uint32_t *fill = malloc((size_t)at->plot_width * sizeof *fill);
    if (!fill)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the SVG fill strip");
    cv_timeline_fill_query(timeline, at->t0, at->t1, (uint32_t)at->plot_width, fill);
    uint32_t capacity = trace->buffer_slots;
    for (int c = 0; c < at->plot_width; c++)
        capacity = fill[c] > capacity ? fill[c] : capacity;
    if (capacity == 0)
        capacity = 1;

    int bottom = at->fill_y + at->fill_height;
    fprintf(out, "<rect class=\"even\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", at->fill_y,
            at->width, at->fill_height);
    fprintf(out, "<text class=\"fg\" x=\"%d\" y=\"%d\" font-size=\"12\">buffer</text>\n", MARGIN,
            at->fill_y + 16);
    fprintf(out, "<text class=\"muted\" x=\"%d\" y=\"%d\" font-size=\"11\">%u slots</text>\n",
            MARGIN, at->fill_y + 32, capacity);
    fprintf(out, "<path class=\"border\" d=\"M%d %dh%dM%d %dh%d\"/>\n", at->plot_x, at->fill_y,
            at->plot_width, at->plot_x, bottom, at->plot_width);
    fprintf(out, "<path class=\"fill\" d=\"M%d %d", at->plot_x, bottom);
    int64_t last_y = -1;
    for (int c = 0; c < at->plot_width; c++) {
        int y = bottom - (int)((int64_t)at->fill_height * fill[c] / capacity);
        if (y != last_y)
            fprintf(out, "H%dV%d", at->plot_x + c, y);
        last_y = y;
    }
    fprintf(out, "H%dV%dZ\"/>\n", at->plot_x + at->plot_width, bottom);
    free(fill);
    return CV_OK;
}

static void write_axis(FILE *out, const layout *at)
{
    int64_t span = at->t1 - at->t0;
    int64_t step = cv_axis_tick_step(span, at->plot_width, TICK_MIN_SPACING);
    if (step <= 0)
        return;
    int64_t first = at->t0 >= 0 ? (at->t0 + step - 1) / step * step : at->t0 / step * step;
    fprintf(out, "<path class=\"axis\" d=\"M%d %dh%d\"/>\n", at->plot_x, at->axis_y,
            at->plot_width);
    fputs("<path class=\"grid\" d=\"", out);
    for (int64_t t = first; t <= at->t1; t += step) {
        int x = at->plot_x + (int)((t - at->t0) * at->plot_width / span);
        fprintf(out, "M%d.5 %dV%d", x, at->lanes_y, at->axis_y);
    }
    fputs("\"/>\n", out);
    for (int64_t t = first; t <= at->t1; t += step) {
        int x = at->plot_x + (int)((t - at->t0) * at->plot_width / span);
        char label[32];
        cv_axis_label(t, step, at->t1, label, sizeof label);
        fprintf(out, "<path class=\"axis\" d=\"M%d.5 %dv5\"/>", x, at->axis_y);
        fprintf(out,
                "<text class=\"muted\" x=\"%d\" y=\"%d\" font-size=\"12\" "
                "text-anchor=\"middle\">",
                x, at->axis_y + 18);
        write_text(out, label);
        fputs("</text>\n", out);
    }
}

static cv_status plan_layout(const cv_trace *trace, const cv_svg_options *options, layout *at,
                             cv_error *err)
{
    at->width = options->width > 0 ? options->width : DEFAULT_WIDTH;
    at->height = options->height > 0 ? options->height : DEFAULT_HEIGHT;
    at->t0 = options->range_start_ns;
    at->t1 = options->range_end_ns;
    if (at->t0 == 0 && at->t1 == 0)
        at->t1 = trace->end_ns > 0 ? trace->end_ns : 1;
    if (at->t1 <= at->t0)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "the SVG time range must end after it starts");
    at->plot_x = MARGIN + LABEL_WIDTH;
    at->plot_width = at->width - at->plot_x - MARGIN;
    at->lanes_y = MARGIN + HEADER_HEIGHT + LEGEND_HEIGHT + 8;
    at->axis_y = at->height - MARGIN - AXIS_HEIGHT + 6;
    int room = at->axis_y - FILL_HEIGHT - 16 - at->lanes_y;
    uint32_t lanes = trace->lane_count ? trace->lane_count : 1;
    at->lane_pitch = room / (int)lanes;
    if (at->lane_pitch > MAX_LANE_PITCH)
        at->lane_pitch = MAX_LANE_PITCH;
    /* Few lanes leave room over: the buffer strip takes it, as in the window,
     * so the picture fills its page. */
    at->fill_height = FILL_HEIGHT + (room - at->lane_pitch * (int)lanes);
    if (at->fill_height > MAX_FILL_HEIGHT)
        at->fill_height = MAX_FILL_HEIGHT;
    at->fill_y = at->lanes_y + at->lane_pitch * (int)lanes + 8;
    at->axis_y = at->fill_y + at->fill_height + 8;
    at->lane_height = at->lane_pitch >= 6 ? at->lane_pitch - 2 : at->lane_pitch;
    if (at->plot_width < 16 || at->lane_height < 1)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "an SVG of %dx%d is too small for %u lanes; make it larger", at->width,
                       at->height, trace->lane_count);
    return CV_OK;
}

static cv_status write_picture(FILE *out, const cv_trace *trace, const cv_svg_options *options,
                               const layout *at, cv_error *err)
{
    const cv_theme *theme = cv_theme_get(options->theme);
    cv_timeline *timeline = cv_timeline_create(trace);
    if (!timeline)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the timeline of the SVG");
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\">\n",
            at->width, at->height, at->width, at->height);
    fputs("<title>", out);
    write_text(out, options->title && options->title[0] ? options->title : trace->scenario);
    fputs("</title>\n", out);
    write_style(out, theme);
    fprintf(out, "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\"/>\n", at->width,
            at->height);
    write_header(out, trace, options, theme, at);
    write_legend(out, at);
    cv_status status = write_lanes(out, trace, timeline, at, err);
    if (status == CV_OK)
        status = write_fill_strip(out, trace, timeline, at, err);
    if (status == CV_OK) {
        write_axis(out, at);
        fputs("</svg>\n", out);
    }
    cv_timeline_destroy(timeline);
    return status;
}

cv_status cv_svg_write(const char *path, const cv_trace *trace, const cv_svg_options *options,
                       cv_error *err)
{
    static const cv_svg_options defaults = {0};
    if (!options)
        options = &defaults;
    layout at = {0};
    cv_status status = plan_layout(trace, options, &at, err);
    if (status != CV_OK)
        return status;
    FILE *out = fopen(path, "w");
    if (!out)
        return cv_fail(err, CV_ERR_IO, path, 0, "cannot write the SVG: %s", strerror(errno));
    status = write_picture(out, trace, options, &at, err);
    bool write_failed = ferror(out) != 0;
    int saved_errno = errno;
    if (fclose(out) != 0 && !write_failed) {
        write_failed = true;
        saved_errno = errno;
    }
    if (status == CV_OK && write_failed)
        status =
            cv_fail(err, CV_ERR_IO, path, 0, "writing the SVG failed: %s", strerror(saved_errno));
    if (status != CV_OK)
        remove(path);
    return status;
}
