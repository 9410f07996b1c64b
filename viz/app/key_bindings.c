/*
 * key_bindings.c — the window's keys and what the help says about them (see
 * key_bindings.h). Bindings are listed in the order the help shows them.
 */
#include "app/key_bindings.h"

#include <stdio.h>
#include <string.h>

#define CTRL KMOD_CTRL
#define SHIFT KMOD_SHIFT
#define STEP_KEYS                                                                                  \
    "1\xE2\x80\xA6"                                                                                \
    "9"

static const cv_key_binding bindings[] = {
    {SDLK_SPACE, 0, "Space", CV_KEY_PAUSE},
    {SDLK_w, 0, "W", CV_KEY_ZOOM_IN},
    {SDLK_UP, 0, "\xE2\x86\x91", CV_KEY_ZOOM_IN},
    {SDLK_x, 0, "X", CV_KEY_ZOOM_OUT},
    {SDLK_DOWN, 0, "\xE2\x86\x93", CV_KEY_ZOOM_OUT},
    {SDLK_a, 0, "A", CV_KEY_PAN_LEFT},
    {SDLK_d, 0, "D", CV_KEY_PAN_RIGHT},
    {SDLK_LEFT, 0, "\xE2\x86\x90", CV_KEY_ARROW_LEFT},
    {SDLK_RIGHT, 0, "\xE2\x86\x92", CV_KEY_ARROW_RIGHT},
    {SDLK_f, 0, "F", CV_KEY_FOLLOW},
    {SDLK_HOME, 0, "Home", CV_KEY_FIT},
    {SDLK_END, 0, "End", CV_KEY_END},
    {SDLK_r, 0, "R", CV_KEY_RESTART},
    {SDLK_t, 0, "T", CV_KEY_SWITCH_BACKEND},
    {SDLK_c, 0, "C", CV_KEY_COMPARE_BACKEND},
    {SDLK_PLUS, 0, "+", CV_KEY_ADD_CONSUMER},
    {SDLK_KP_PLUS, 0, "+", CV_KEY_ADD_CONSUMER},
    {SDLK_EQUALS, SHIFT, "+", CV_KEY_ADD_CONSUMER},
    {SDLK_MINUS, 0, "\xE2\x88\x92", CV_KEY_REMOVE_CONSUMER},
    {SDLK_KP_MINUS, 0, "\xE2\x88\x92", CV_KEY_REMOVE_CONSUMER},
    {SDLK_LEFTBRACKET, 0, "[", CV_KEY_SLOWER},
    {SDLK_RIGHTBRACKET, 0, "]", CV_KEY_FASTER},
    {SDLK_s, 0, "S", CV_KEY_SCREENSHOT},
    {SDLK_EQUALS, CTRL, "Ctrl +", CV_KEY_TEXT_BIGGER},
    {SDLK_PLUS, CTRL, "Ctrl +", CV_KEY_TEXT_BIGGER},
    {SDLK_KP_PLUS, CTRL, "Ctrl +", CV_KEY_TEXT_BIGGER},
    {SDLK_MINUS, CTRL, "Ctrl \xE2\x88\x92", CV_KEY_TEXT_SMALLER},
    {SDLK_KP_MINUS, CTRL, "Ctrl \xE2\x88\x92", CV_KEY_TEXT_SMALLER},
    {SDLK_0, CTRL, "Ctrl 0", CV_KEY_TEXT_NORMAL},
    {SDLK_KP_0, CTRL, "Ctrl 0", CV_KEY_TEXT_NORMAL},
    {SDLK_l, 0, "L", CV_KEY_THEME},
    {SDLK_F11, 0, "F11", CV_KEY_FULLSCREEN},
    {SDLK_i, 0, "I", CV_KEY_ARROWS},
    {SDLK_p, 0, "P", CV_KEY_STEP_MODE},
    {SDLK_1, 0, STEP_KEYS, CV_KEY_STEP_LANE},
    {SDLK_2, 0, STEP_KEYS, CV_KEY_STEP_LANE},
    {SDLK_3, 0, STEP_KEYS, CV_KEY_STEP_LANE},
    {SDLK_4, 0, STEP_KEYS, CV_KEY_STEP_LANE},
    {SDLK_5, 0, STEP_KEYS, CV_KEY_STEP_LANE},
    {SDLK_6, 0, STEP_KEYS, CV_KEY_STEP_LANE},
    {SDLK_7, 0, STEP_KEYS, CV_KEY_STEP_LANE},
    {SDLK_8, 0, STEP_KEYS, CV_KEY_STEP_LANE},
    {SDLK_9, 0, STEP_KEYS, CV_KEY_STEP_LANE},
    {SDLK_g, 0, "G", CV_KEY_RUN_FREELY},
    {SDLK_h, 0, "H", CV_KEY_HELP},
    {SDLK_QUESTION, 0, "?", CV_KEY_HELP},
    {SDLK_SLASH, SHIFT, "?", CV_KEY_HELP},
    {SDLK_F1, 0, "F1", CV_KEY_HELP},
    {SDLK_ESCAPE, 0, "Esc", CV_KEY_ESCAPE},
    {SDLK_q, 0, "Q", CV_KEY_QUIT},
};

/* What each action does, live and in a replay, and the mouse's way to do it. */
static const struct {
    const char *live;
    const char *replay;
    const char *mouse;
} actions[CV_KEY_ACTION_COUNT] = {
    [CV_KEY_PAUSE] = {"pause / resume the run", "play / pause", NULL},
    [CV_KEY_ZOOM_IN] = {"zoom in at the cursor", "zoom in at the cursor", "wheel"},
    [CV_KEY_ZOOM_OUT] = {"zoom out at the cursor", "zoom out at the cursor", "wheel"},
    [CV_KEY_PAN_LEFT] = {"pan left", "pan left", "drag"},
    [CV_KEY_PAN_RIGHT] = {"pan right", "pan right", "drag"},
    [CV_KEY_ARROW_LEFT] = {"pan left", "move the playhead back", NULL},
    [CV_KEY_ARROW_RIGHT] = {"pan right", "move the playhead on", NULL},
    [CV_KEY_FOLLOW] = {"follow the live edge", "follow the playhead", NULL},
    [CV_KEY_FIT] = {"fit the whole run", "fit the whole run", NULL},
    [CV_KEY_END] = {NULL, "jump to the end", NULL},
    [CV_KEY_RESTART] = {"restart the run", "play again from the start", NULL},
    [CV_KEY_SWITCH_BACKEND] = {"threads \xE2\x87\x84 processes (restarts)", NULL, NULL},
    [CV_KEY_COMPARE_BACKEND] = {"compare: then run the other backend, stacked below", NULL, NULL},
    [CV_KEY_ADD_CONSUMER] = {"add a consumer (restarts)", NULL, NULL},
    [CV_KEY_REMOVE_CONSUMER] = {"remove a consumer (restarts)", NULL, NULL},
    [CV_KEY_SLOWER] = {NULL, "slower (down to 0.25\xC3\x97)", NULL},
    [CV_KEY_FASTER] = {NULL, "faster (up to 8\xC3\x97)", NULL},
    [CV_KEY_SCREENSHOT] = {"save a PNG screenshot in the working directory",
                           "save a PNG screenshot in the working directory", NULL},
    [CV_KEY_TEXT_BIGGER] = {"bigger text (projector)", "bigger text (projector)", NULL},
    [CV_KEY_TEXT_SMALLER] = {"smaller text", "smaller text", NULL},
    [CV_KEY_TEXT_NORMAL] = {"normal text size", "normal text size", NULL},
    [CV_KEY_THEME] = {"light / dark theme", "light / dark theme", NULL},
    [CV_KEY_FULLSCREEN] = {"full screen / window", "full screen / window", NULL},
    [CV_KEY_ARROWS] = {"item arrows: put \xE2\x86\x92 get for every item in view",
                       "item arrows: put \xE2\x86\x92 get for every item in view",
                       "click a tick (that item's, kept)"},
    [CV_KEY_STEP_MODE] = {"step mode: restart, each worker stops before every sync step", NULL,
                          NULL},
    [CV_KEY_STEP_LANE] = {"step mode: that lane (numbered from the top) takes one step", NULL,
                          "click a lane"},
    [CV_KEY_RUN_FREELY] = {"step mode off: every worker runs freely again", NULL, NULL},
    [CV_KEY_HELP] = {"this help", "this help", NULL},
    [CV_KEY_ESCAPE] = {"close the help, or quit (stops the run cleanly)", "close the help, or quit",
                       NULL},
    [CV_KEY_QUIT] = {"quit (stops the run cleanly)", "quit", NULL},
};

cv_key_action cv_key_lookup(SDL_Keycode key, Uint16 mod)
{
    bool ctrl = (mod & KMOD_CTRL) != 0, shift = (mod & KMOD_SHIFT) != 0;
    /* With Ctrl held, Ctrl bindings first; a key with none acts as without Ctrl. */
    for (int pass = ctrl ? 0 : 1; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
            const cv_key_binding *b = &bindings[i];
            if (b->key != key || ((b->mod & KMOD_CTRL) != 0) != (pass == 0))
                continue;
            if ((b->mod & KMOD_SHIFT) && !shift)
                continue;
            return b->action;
        }
    }
    return CV_KEY_NONE;
}

const char *cv_key_action_text(cv_key_action action, bool live)
{
    if (action <= CV_KEY_NONE || action >= CV_KEY_ACTION_COUNT)
        return NULL;
    return live ? actions[action].live : actions[action].replay;
}

/* The action's keys as the help writes them: "H  ?  F1". */
static void keys_of(cv_key_action action, char *out, size_t size)
{
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
        const cv_key_binding *b = &bindings[i];
        if (b->action != action)
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = bindings[j].action == action && strcmp(bindings[j].label, b->label) == 0;
        if (seen)
            continue;
        int n = snprintf(out + used, size - used, "%s%s", used ? "  " : "", b->label);
        if (n > 0 && (size_t)n < size - used)
            used += (size_t)n;
    }
    const char *mouse = actions[action].mouse;
    if (mouse)
        snprintf(out + used, size - used, "%s%s", used ? "  or " : "", mouse);
}

int cv_key_help_lines(bool live, char (*lines)[96], int max_lines)
{
    int n = 0;
    for (int a = CV_KEY_NONE + 1; a < CV_KEY_ACTION_COUNT && n < max_lines; a++) {
        const char *what = cv_key_action_text((cv_key_action)a, live);
        if (!what)
            continue;
        char keys[64];
        keys_of((cv_key_action)a, keys, sizeof keys);
        snprintf(lines[n++], 96, "%s\t%s", keys, what);
    }
    if (!live && n < max_lines)
        snprintf(lines[n++], 96, "click the time axis\tmove the playhead there");
    if (n < max_lines)
        snprintf(lines[n++], 96, "hover a bar\tworker, state, start, duration, item");
    if (n < max_lines)
        snprintf(lines[n++], 96, "hover a put/get tick\tthe item's arrow, put \xE2\x86\x92 get");
    return n;
}

const cv_key_binding *cv_key_bindings(size_t *count)
{
    *count = sizeof bindings / sizeof bindings[0];
    return bindings;
}
