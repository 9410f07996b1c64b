/*
 * fuzz_scenario.c — libFuzzer harness for the scenario loader.
 *
 * Input: the file text, then optionally NUL-separated --set arguments, so
 * the fuzzer reaches both the INI path and the override path. Beyond "no
 * crash", it checks two properties: every diagnostic is a terminated,
 * non-empty message with a sane line, and a scenario that loads cleanly
 * also passes cv_scenario_validate() (the loader and the rules agree).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conveyor/scenario.h"

#define MAX_OVERRIDES 8

static void check_diagnostics(const cv_diagnostics *diag)
{
    if (diag->count < 0 || diag->count > CV_MAX_DIAGNOSTICS || diag->suppressed < 0)
        abort();
    for (int i = 0; i < diag->count; i++) {
        const cv_error *e = &diag->items[i];
        if (!memchr(e->message, '\0', sizeof e->message) || e->message[0] == '\0')
            abort();
        if (!memchr(e->file, '\0', sizeof e->file) || e->line < 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    size_t text_length = strnlen(copy, size);
    const char *overrides[MAX_OVERRIDES];
    size_t override_count = 0;
    for (size_t at = text_length + 1; at < size && override_count < MAX_OVERRIDES;) {
        overrides[override_count++] = copy + at;
        at += strlen(copy + at) + 1;
    }
    static cv_scenario scenario;
    static cv_diagnostics diag;
    cv_status status = cv_scenario_load_string(copy, text_length, "fuzz.ini", overrides,
                                               override_count, &scenario, &diag);
    check_diagnostics(&diag);
    if ((status == CV_OK) != (diag.count == 0))
        abort();
    if (status == CV_OK && cv_scenario_validate(&scenario, &diag) != CV_OK)
        abort();
    free(copy);
    return 0;
}
