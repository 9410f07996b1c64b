/*
 * draw_lanes.c — the lanes: their bands, grid lines, the state bars with
 * put/get ticks, the labels, the deadlock tags and the statistics column.
 *
 * Frame cost is bounded by pixels, not events: each lane is one timeline
 * query for as many columns as the plot is wide, runs of equal columns become
 * one rectangle, and rectangles are batched per colour so the whole lane area
 * is a handful of SDL_RenderFillRects calls.
 */
#include <math.h>
#include <stdio.h>

#include "layout/caption.h"
#include "layout/marks.h"
#include "render/axis.h"
#include "render/draw.h"

/* Alternating bands behind the lanes, batched: two fill calls for any lane count. */
void cv_draw_lane_backgrounds(cv_renderer *r)
{
    const cv_layout *lay = &r->lay;
    for (uint32_t i = 0; i < lay->lanes_shown; i++) {
        cv_rect row = cv_layout_lane_row(lay, i);
        cv_draw_batch_push(&r->batches[i % 2 ? BATCH_MARKS : BATCH_FILL], row.x, row.y, row.w,
                           row.h);
    }
    cv_draw_batch_flush(r, BATCH_FILL, r->theme->lane_even);
    cv_draw_batch_flush(r, BATCH_MARKS, r->theme->lane_odd);
}

/* Vertical grid lines at every tick between top and bottom. */
void cv_draw_grid(cv_renderer *r, int64_t step_ns, int top, int bottom)
{
    cv_draw_set_colour(r, r->theme->grid);
    int64_t t0 = r->time.t0_ns;
    int64_t first = t0 - (t0 % step_ns);
    if (first < t0)
        first += step_ns;
    for (int64_t t = first, n = 0; t <= r->view_t1_ns && n < CV_AXIS_MAX_TICKS; t += step_ns, n++) {
        int x = cv_draw_x_of_time(r, t);
        SDL_RenderDrawLine(r->sdl, x, top, x, bottom);
    }
}

/*
 * A zoomed-out lane of a big trace changes state at almost every column, and
 * thousands of one-pixel rectangles per lane would make the frame cost grow
 * with the trace after all. Such dense lanes are instead written as one row
 * of texels (one per column) into a streaming texture and stretched to the
 * bar's height with a single copy; sparse lanes stay crisp rectangles.
 */
#define DENSE_LANE_RUNS 96

static bool ensure_lane_texture(cv_renderer *r, int w, int h)
{
    if (r->lane_texture && r->lane_texture_w >= w && r->lane_texture_h >= h)
        return true;
    if (r->lane_texture)
        SDL_DestroyTexture(r->lane_texture);
    int tw = w > r->lane_texture_w ? w : r->lane_texture_w;
    int th = h > r->lane_texture_h ? h : r->lane_texture_h;
    r->lane_texture =
        SDL_CreateTexture(r->sdl, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, tw, th);
    if (!r->lane_texture)
        return false;
    SDL_SetTextureBlendMode(r->lane_texture, SDL_BLENDMODE_NONE);
    SDL_SetTextureScaleMode(r->lane_texture, SDL_ScaleModeNearest);
    r->lane_texture_w = tw;
    r->lane_texture_h = th;
    return true;
}

static uint32_t argb(cv_rgb c)
{
    return 0xFF000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* The lane's columns as texels in row `lane` of the locked texture. */
static void write_lane_row(cv_renderer *r, uint32_t lane, uint32_t columns, void *pixels, int pitch)
{
    uint32_t *row = (uint32_t *)((char *)pixels + (size_t)lane * (size_t)pitch);
    uint32_t background = argb(lane % 2 ? r->theme->lane_odd : r->theme->lane_even);
    uint32_t colours[CV_STATE_COUNT];
    for (int s = 0; s < CV_STATE_COUNT; s++)
        colours[s] = argb(r->theme->state[s]);
    for (uint32_t c = 0; c < columns; c++) {
        uint8_t state = r->columns[c].state;
        row[c] = state < CV_STATE_COUNT ? colours[state] : background;
    }
}

static uint32_t count_runs(const cv_column *columns, uint32_t count)
{
    uint32_t runs = count > 0;
    for (uint32_t c = 1; c < count; c++)
        runs += columns[c].state != columns[c - 1].state;
    return runs;
}

/* Bars of one lane: rectangles into the per-state batches, or a texture row
 * when the lane is dense; *marked_out gets the columns with a put or get.
 * Returns true if the lane went into the texture. */
static bool batch_lane(cv_renderer *r, const cv_render_frame *f, uint32_t lane, uint32_t columns,
                       void **pixels, int *pitch, uint32_t *marked_out)
{
    const cv_layout *lay = &r->lay;
    int64_t t1 = r->time.t0_ns + (int64_t)ceil(r->time.ns_per_px * columns);
    cv_timeline_query(f->timeline, lane, r->time.t0_ns, t1, columns, r->columns);
    if (cv_caption_lane_died(f->result, lane))
        cv_column_forget_done(r->columns, columns);
    cv_rect bar = cv_layout_lane_bar(lay, lane);
    int y = bar.y, h = bar.h;
    bool textured = false;
    if (count_runs(r->columns, columns) > DENSE_LANE_RUNS) {
        if (!*pixels && ensure_lane_texture(r, lay->plot.w, (int)lay->lanes_shown) &&
            SDL_LockTexture(r->lane_texture, NULL, pixels, pitch) != 0)
            *pixels = NULL;
        if (*pixels) {
            write_lane_row(r, lane, columns, *pixels, *pitch);
            textured = true;
        }
    }
    uint32_t start = 0;
    uint32_t marked = 0;
    for (uint32_t c = 0; c <= columns; c++) {
        if (c < columns && (r->columns[c].puts || r->columns[c].gets))
            marked++;
        if (c < columns && r->columns[c].state == r->columns[start].state)
            continue;
        uint8_t state = r->columns[start].state;
        if (state < CV_STATE_COUNT && !textured)
            cv_draw_batch_push(&r->batches[state], lay->plot.x + (int)start, y, (int)(c - start),
                               h);
        start = c;
    }
    *marked_out = marked;
    return textured;
}

/* One lane's put/get ticks (cv_layout_ticks_shown said they stand apart). */
static void batch_ticks(cv_renderer *r, const cv_render_frame *f, uint32_t lane, uint32_t columns)
{
    const cv_layout *lay = &r->lay;
    int64_t t1 = r->time.t0_ns + (int64_t)ceil(r->time.ns_per_px * columns);
    cv_timeline_query(f->timeline, lane, r->time.t0_ns, t1, columns, r->columns);
    cv_rect bar = cv_layout_lane_bar(lay, lane);
    int y = bar.y, h = bar.h;
    int hairline = cv_draw_px(r, r->theme->spacing.hairline);
    int tick_w = hairline > 1 ? hairline : 1;
    int tick_h = h * 45 / 100;
    for (uint32_t c = 0; c < columns; c++) {
        int x = lay->plot.x + (int)c;
        if (r->columns[c].puts)
            cv_draw_batch_push(&r->batches[BATCH_MARKS], x, y, tick_w, tick_h);
        if (r->columns[c].gets)
            cv_draw_batch_push(&r->batches[BATCH_MARKS], x, y + h - tick_h, tick_w, tick_h);
    }
}

void cv_draw_lanes(cv_renderer *r, const cv_render_frame *f)
{
    const cv_layout *lay = &r->lay;
    uint32_t columns = cv_draw_visible_columns(r, f);
    if (columns == 0 || !f->timeline || lay->lanes_shown == 0)
        return;
    void *pixels = NULL;
    int pitch = 0;
    bool any_textured = false;
    uint32_t busiest_marked = 0;
    for (uint32_t lane = 0; lane < lay->lanes_shown; lane++) {
        uint32_t marked = 0;
        r->lane_textured[lane] = batch_lane(r, f, lane, columns, &pixels, &pitch, &marked);
        busiest_marked = marked > busiest_marked ? marked : busiest_marked;
    }
    if (cv_layout_ticks_shown(busiest_marked, columns, cv_layout_lane_bar(lay, 0).h,
                              cv_draw_px(r, 10)))
        for (uint32_t lane = 0; lane < lay->lanes_shown; lane++)
            batch_ticks(r, f, lane, columns);
    if (pixels) {
        SDL_UnlockTexture(r->lane_texture);
        any_textured = true;
    }
    for (uint32_t lane = 0; any_textured && lane < lay->lanes_shown; lane++) {
        if (!r->lane_textured[lane])
            continue;
        cv_rect bar = cv_layout_lane_bar(lay, lane);
        SDL_Rect src = {0, (int)lane, (int)columns, 1};
        SDL_Rect dst = {bar.x, bar.y, (int)columns, bar.h};
        SDL_RenderCopy(r->sdl, r->lane_texture, &src, &dst);
    }
    for (int s = 0; s < CV_STATE_COUNT; s++)
        cv_draw_batch_flush(r, s, r->theme->state[s]);
    cv_draw_batch_flush(r, BATCH_MARKS, r->theme->put_mark);
}

void cv_draw_lane_labels(cv_renderer *r, const cv_render_frame *f)
{
    const cv_theme *th = r->theme;
    const cv_layout *lay = &r->lay;
    for (uint32_t i = 0; i < lay->lanes_shown; i++) {
        cv_layout_text name, id;
        if (!cv_layout_lane_label(lay, i, &name, &id))
            continue;
        const cv_lane_info *info = &f->trace->lanes[i];
        cv_draw_text(r, &name, info->name, th->foreground);
        char id_text[48] = "";
        if (info->os_id > 0)
            snprintf(id_text, sizeof id_text, "%s %lld", cv_lane_os_id_word(f->trace, i),
                     (long long)info->os_id);
        cv_draw_text(r, &id, id_text, th->text_muted);
    }
}

/*
 * After a deadlock, say on the lanes themselves who holds the buffer lock and
 * who waits for it, at the right end of each bar where the run froze: the
 * colours alone do not say who is holding whom up. A worker that died says
 * how (killed by which signal), since its lane alone looks finished.
 */
void cv_draw_lane_tags(cv_renderer *r, const cv_render_frame *f)
{
    const cv_run_result *result = f->result;
    const cv_layout *lay = &r->lay;
    if (!result)
        return;
    const cv_theme *th = r->theme;
    cv_text_measurer measurer = cv_text_measurer_of(r->text);
    int pad = cv_draw_px(r, th->spacing.small);
    int end_x = cv_draw_x_of_time(r, f->trace->end_ns);
    for (uint32_t lane = 0; lane < lay->lanes_shown; lane++) {
        char tag[160];
        cv_tag_place at;
        if (!cv_caption_lane_tag(f->trace, result, lane, tag, sizeof tag) ||
            !cv_layout_lane_tag(lay, &measurer, pad, end_x, lane, tag, &at))
            continue;
        cv_draw_fill(r, at.box.x, at.box.y, at.box.w, at.box.h, th->tooltip);
        cv_draw_outline(r, at.box.x, at.box.y, at.box.w, at.box.h,
                        cv_draw_px(r, 1) > 0 ? cv_draw_px(r, 1) : 1, th->foreground);
        cv_text_draw(r->text, at.font, tag, th->foreground, at.text_x, at.text_y, CV_ALIGN_LEFT, 0);
    }
}

/*
 * One worker's statistics: the items it handled and a bar split by the share
 * of time in each state. Called twice per frame: first (text = false) the
 * bar segments go into the per-state batches, then after the batches are
 * drawn (text = true) the numbers go on top. In lanes thinner than a line of
 * text the count is a bar against the busiest worker's (most_items).
 */
static void draw_lane_stat(cv_renderer *r, const cv_lane_stat *stat, uint32_t lane,
                           uint64_t most_items, bool text)
{
    const cv_theme *th = r->theme;
    const cv_layout *lay = &r->lay;
    cv_rect at = cv_layout_stat_bar(lay, lane);
    int y = at.y, h = at.h;
    int small_h = cv_text_line_height(r->text, CV_FONT_SMALL);
    cv_layout_text number = cv_layout_items_text(lay, lane);
    if (text && number.shown) {
        char items[32];
        snprintf(items, sizeof items, "%llu", (unsigned long long)stat->items);
        cv_draw_text(r, &number, items, th->foreground);
    } else if (!text && lay->items_style == CV_ITEMS_BAR && most_items > 0) {
        cv_rect cell = cv_layout_items_cell(lay, lane);
        int w = (int)((double)cell.w * (double)stat->items / (double)most_items + 0.5);
        int x = cell.x + cell.w - w;
        cv_draw_batch_push(&r->batches[BATCH_FILL], x, cell.y, w, cell.h);
    }
    int64_t total = 0;
    for (int s = 0; s < CV_STATE_COUNT; s++)
        total += stat->state_ns[s];
    if (total <= 0)
        return;
    int bar_x = cv_layout_share_x(lay);
    int bar_w = at.x + at.w - bar_x;
    int cursor = bar_x;
    int64_t cumulative = 0;
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        if (stat->state_ns[s] <= 0)
            continue;
        cumulative += stat->state_ns[s];
        int end = bar_x + (int)((double)cumulative * bar_w / (double)total);
        int seg = end - cursor;
        if (seg <= 0)
            continue;
        if (!text) {
            cv_draw_batch_push(&r->batches[s], cursor, y, seg, h);
        } else if (h >= small_h) {
            int percent = (int)lround(100.0 * (double)stat->state_ns[s] / (double)total);
            char label[8];
            snprintf(label, sizeof label, "%d%%", percent);
            int lw, lh;
            cv_text_measure(r->text, CV_FONT_SMALL, label, &lw, &lh);
            if (lw + cv_draw_px(r, th->spacing.tight) <= seg)
                cv_text_draw(r->text, CV_FONT_SMALL, label, th->state_text[s], cursor + seg / 2,
                             y + (h - small_h) / 2, CV_ALIGN_CENTER, 0);
        }
        cursor = end;
    }
}

void cv_draw_stats(cv_renderer *r, const cv_render_frame *f)
{
    const cv_theme *th = r->theme;
    const cv_layout *lay = &r->lay;
    uint64_t most_items = cv_lane_stats_most_items(&r->stats, lay->lanes_shown);
    char items_title[48];
    cv_layout_items_title(lay, most_items, items_title, sizeof items_title);
    cv_draw_text(r, &lay->column_items, items_title, th->text_muted);
    cv_draw_text(r, &lay->column_share, lay->column_share_title, th->text_muted);
    cv_draw_text(r, &lay->column_worker, "worker", th->text_muted);
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < lay->lanes_shown && i < r->stats.lane_count; i++)
            draw_lane_stat(r, &r->stats.lanes[i], i, most_items, pass == 1);
        for (int s = 0; pass == 0 && s < CV_STATE_COUNT; s++)
            cv_draw_batch_flush(r, s, th->state[s]);
        if (pass == 0)
            cv_draw_batch_flush(r, BATCH_FILL, th->text_muted);
    }
    if (lay->more.shown) {
        char more[64];
        snprintf(more, sizeof more, "+%u more lanes not shown",
                 f->trace->lane_count - lay->lanes_shown);
        cv_draw_text(r, &lay->more, more, th->warning);
    }
}
