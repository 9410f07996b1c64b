/*
 * text_size.h — how big the window's text is, and why.
 *
 * The window's text scale is the user's factor (--scale, Ctrl +/-) times a
 * scale for the room: text is laid out for a 1280x800 window at scale 1, and
 * a taller window keeps the same proportions, so axis text (14 points at
 * scale 1) is a 57th of the window's height however big the screen is: 19
 * px on a 1920x1080 projector (body text 23 px), capitals about 14 px, which
 * a viewer six picture-heights away (the back of a classroom) sees at about
 * 7 minutes of arc, half again the 5 minutes of the smallest letters normal
 * eyesight reads; at 13 px (scale 1) they were at that limit. A high-DPI screen's pixel
 * ratio counts the same way. Bigger text must still leave the lanes room:
 * while the layout cannot put them first (layout.h, lanes_first), the
 * window takes the user's factor down a step, never below 1.
 */
#ifndef CONVEYOR_VIZ_APP_TEXT_SIZE_H
#define CONVEYOR_VIZ_APP_TEXT_SIZE_H

/* The height the picture is laid out for at scale 1. */
#define CV_TEXT_SIZE_DESIGN_HEIGHT 800

/* The user's factor goes up and down in steps of this ratio, within these limits. */
#define CV_TEXT_SIZE_STEP 1.15f
#define CV_TEXT_SIZE_MIN 0.5f
#define CV_TEXT_SIZE_MAX 4.0f

/* The scale for a window drawing drawable_h pixels high with pixel_ratio
 * drawable pixels per window coordinate: the larger of the two ratios, and
 * at least 1. */
float cv_text_size_room_scale(int drawable_h, float pixel_ratio);

/* The user's factor after one step down because the lanes were crowded:
 * 1 / CV_TEXT_SIZE_STEP smaller, but not below 1; returns user_factor
 * itself when it is 1 or less already (nothing more to give). */
float cv_text_size_step_down(float user_factor);

#endif
