/*
 * text_size.c — the window's text scale from its height and the user's
 * factor (see text_size.h for the reasoning behind the numbers).
 */
#include "app/text_size.h"

float cv_text_size_room_scale(int drawable_h, float pixel_ratio)
{
    float room = (float)drawable_h / (float)CV_TEXT_SIZE_DESIGN_HEIGHT;
    float scale = room > pixel_ratio ? room : pixel_ratio;
    return scale > 1.0f ? scale : 1.0f;
}

float cv_text_size_step_down(float user_factor)
{
    if (user_factor <= 1.0f)
        return user_factor;
    float smaller = user_factor / CV_TEXT_SIZE_STEP;
    return smaller > 1.0f ? smaller : 1.0f;
}
