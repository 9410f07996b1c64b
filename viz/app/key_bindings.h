/*
 * key_bindings.h — the window's keys, in one table.
 *
 * The key handler looks keys up here and the help overlay is written from
 * the same table, so a key cannot work without being listed (F1 once did) or
 * be listed without working. Each action says what it does in a live run and
 * in a replay; an action with nothing to say in a mode is not listed there.
 */
#ifndef CONVEYOR_VIZ_KEY_BINDINGS_H
#define CONVEYOR_VIZ_KEY_BINDINGS_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum cv_key_action {
    CV_KEY_NONE = 0,
    CV_KEY_PAUSE,
    CV_KEY_ZOOM_IN,
    CV_KEY_ZOOM_OUT,
    CV_KEY_PAN_LEFT,
    CV_KEY_PAN_RIGHT,
    CV_KEY_ARROW_LEFT, /* live: pan; replay: move the playhead */
    CV_KEY_ARROW_RIGHT,
    CV_KEY_FOLLOW,
    CV_KEY_FIT,
    CV_KEY_END,
    CV_KEY_RESTART,
    CV_KEY_SWITCH_BACKEND,
    CV_KEY_COMPARE_BACKEND, /* after this run, run the other backend in a pane below */
    CV_KEY_ADD_CONSUMER,
    CV_KEY_REMOVE_CONSUMER,
    CV_KEY_SLOWER,
    CV_KEY_FASTER,
    CV_KEY_SCREENSHOT,
    CV_KEY_TEXT_BIGGER,
    CV_KEY_TEXT_SMALLER,
    CV_KEY_TEXT_NORMAL,
    CV_KEY_THEME,
    CV_KEY_FULLSCREEN,
    CV_KEY_ARROWS,     /* an arrow from put to get for every item in view */
    CV_KEY_STEP_MODE,  /* restart in step mode */
    CV_KEY_STEP_LANE,  /* 1-9: that lane takes one step */
    CV_KEY_RUN_FREELY, /* step mode off: everyone runs */
    CV_KEY_HELP,
    CV_KEY_ESCAPE, /* closes the help, or quits */
    CV_KEY_QUIT,
    CV_KEY_ACTION_COUNT
} cv_key_action;

/* One key: with KMOD_CTRL or KMOD_SHIFT in `mod` that modifier is required;
 * label is how the help writes the key. */
typedef struct cv_key_binding {
    SDL_Keycode key;
    Uint16 mod;
    const char *label;
    cv_key_action action;
} cv_key_binding;

/* The action for a key pressed with modifiers mod (CV_KEY_NONE if unbound). */
cv_key_action cv_key_lookup(SDL_Keycode key, Uint16 mod);

/* What the action does in a live run (live) or a replay; NULL if nothing. */
const char *cv_key_action_text(cv_key_action action, bool live);

/*
 * The help overlay's lines for a live run or a replay, each "KEYS\tWHAT"
 * (keys from the binding table, then the mouse where it does the same),
 * into lines[max_lines][line_size]; returns how many.
 */
int cv_key_help_lines(bool live, char (*lines)[96], int max_lines);

/* The whole table (for tests). */
const cv_key_binding *cv_key_bindings(size_t *count);

#endif
