/*
 * panes.c — see panes.h. The panes' plots line up because their label
 * columns are made equal; the axis is fitted to the narrowest plot so that
 * the longest run ends inside every pane.
 */
#include "layout/panes.h"

#include <assert.h>

float cv_panes_scale(int pane_h)
{
    float scale = (float)pane_h / 560.0f;
    return scale < 0.8f ? 0.8f : scale > 1.25f ? 1.25f : scale;
}

void cv_panes_split(cv_rect bounds, int count, int gap_px, cv_rect out[])
{
    assert(count >= 1 && count <= CV_PANES_MAX);
    if (gap_px < 0 || gap_px * (count - 1) >= bounds.h)
        gap_px = 0;
    int each_h = (bounds.h - gap_px * (count - 1)) / count;
    int y = bounds.y;
    for (int i = 0; i < count; i++) {
        int h = i + 1 < count ? each_h : bounds.y + bounds.h - y;
        out[i] = (cv_rect){bounds.x, y, bounds.w, h};
        y += h + gap_px;
    }
}

void cv_panes_layout(cv_layout out[], const cv_layout_input in[], int count)
{
    assert(count >= 1 && count <= CV_PANES_MAX);
    int widest = 0;
    for (int i = 0; i < count; i++) {
        int w = cv_layout_label_column_width(&in[i]);
        if (w > widest)
            widest = w;
    }
    for (int i = 0; i < count; i++) {
        cv_layout_input same = in[i];
        same.label_column_w = widest;
        cv_layout_compute(&out[i], &same);
    }
}

cv_time_axis cv_panes_time_axis(const cv_layout layouts[], int count, int64_t t0_ns, int64_t t1_ns)
{
    assert(count >= 1 && count <= CV_PANES_MAX);
    int narrowest = layouts[0].plot.w;
    for (int i = 1; i < count; i++) {
        if (layouts[i].plot.w < narrowest)
            narrowest = layouts[i].plot.w;
    }
    return cv_time_axis_fit(t0_ns, t1_ns, narrowest);
}
