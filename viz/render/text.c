/*
 * text.c — SDL2_ttf fonts and a texture cache of drawn strings.
 *
 * The cache is a chained hash table keyed by (style, colour, string). Each
 * entry remembers the frame it was last drawn in; cv_text_end_frame frees the
 * ones idle for CACHE_IDLE_FRAMES, so a live header whose numbers change every
 * frame does not grow the cache without bound.
 */
#include "render/text.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/assets.h"

#define BUCKET_COUNT 1024
#define CACHE_IDLE_FRAMES 120
#define ELLIPSIS "\xE2\x80\xA6"

typedef struct cache_entry {
    struct cache_entry *next;
    uint32_t hash;
    cv_font_style style;
    uint32_t colour;
    char *string;
    SDL_Texture *texture;
    int w, h;
    uint64_t last_frame;
} cache_entry;

struct cv_text {
    SDL_Renderer *renderer;
    float scale;
    TTF_Font *fonts[CV_FONT_COUNT];
    cache_entry *buckets[BUCKET_COUNT];
    int cached;
    uint64_t frame;
    bool ttf_started;
};

/* Point sizes at scale 1 and whether the style is bold. */
static const struct {
    int points;
    bool bold;
} font_specs[CV_FONT_COUNT] = {
    [CV_FONT_SMALL] = {14, false}, [CV_FONT_BODY] = {17, false},  [CV_FONT_LABEL] = {17, true},
    [CV_FONT_TITLE] = {24, true},  [CV_FONT_BANNER] = {22, true},
};

/* The style's size in pixels at the scale (SDL2_ttf takes it as points at 72 dpi). */
static int font_points(cv_font_style style, float scale)
{
    int points = (int)(font_specs[style].points * scale + 0.5f);
    return points < 6 ? 6 : points;
}

static uint32_t hash_key(cv_font_style style, uint32_t colour, const char *string)
{
    uint32_t h = 2166136261u ^ (uint32_t)style ^ (colour * 16777619u);
    for (const unsigned char *p = (const unsigned char *)string; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

static uint32_t pack(cv_rgb c)
{
    return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static void free_entry(cache_entry *e)
{
    if (e->texture)
        SDL_DestroyTexture(e->texture);
    free(e->string);
    free(e);
}

static void clear_cache(cv_text *text)
{
    for (int i = 0; i < BUCKET_COUNT; i++) {
        cache_entry *e = text->buckets[i];
        while (e) {
            cache_entry *next = e->next;
            free_entry(e);
            e = next;
        }
        text->buckets[i] = NULL;
    }
    text->cached = 0;
}

static void close_fonts(cv_text *text)
{
    for (int i = 0; i < CV_FONT_COUNT; i++) {
        if (text->fonts[i])
            TTF_CloseFont(text->fonts[i]);
        text->fonts[i] = NULL;
    }
}

static cv_status open_fonts(cv_text *text, float scale, cv_error *err)
{
    char regular[1024], bold[1024];
    cv_status st = cv_assets_find("DejaVuSans.ttf", regular, sizeof regular, err);
    if (st == CV_OK)
        st = cv_assets_find("DejaVuSans-Bold.ttf", bold, sizeof bold, err);
    if (st != CV_OK)
        return st;
    for (int i = 0; i < CV_FONT_COUNT; i++) {
        int points = font_points((cv_font_style)i, scale);
        const char *path = font_specs[i].bold ? bold : regular;
        text->fonts[i] = TTF_OpenFont(path, points);
        if (!text->fonts[i]) {
            close_fonts(text);
            return cv_fail(err, CV_ERR_INPUT, path, 0, "cannot open the font: %s", TTF_GetError());
        }
    }
    text->scale = scale;
    return CV_OK;
}

cv_status cv_text_create(SDL_Renderer *renderer, float scale, cv_text **out, cv_error *err)
{
    cv_text *text = calloc(1, sizeof *text);
    if (!text)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the text cache");
    text->renderer = renderer;
    /* TTF_Init and TTF_Quit count references (SDL2_ttf >= 2.0.18), so every
     * cv_text holds one and the window and a PNG export can live side by side. */
    if (TTF_Init() != 0) {
        free(text);
        return cv_fail(err, CV_ERR_SYSTEM, "", 0, "cannot start SDL2_ttf: %s", TTF_GetError());
    }
    text->ttf_started = true;
    cv_status st = open_fonts(text, scale, err);
    if (st != CV_OK) {
        cv_text_destroy(text);
        return st;
    }
    *out = text;
    return CV_OK;
}

void cv_text_destroy(cv_text *text)
{
    if (!text)
        return;
    clear_cache(text);
    close_fonts(text);
    if (text->ttf_started)
        TTF_Quit();
    free(text);
}

cv_status cv_text_set_scale(cv_text *text, float scale, cv_error *err)
{
    clear_cache(text);
    close_fonts(text);
    return open_fonts(text, scale, err);
}

int cv_text_line_height(const cv_text *text, cv_font_style style)
{
    return TTF_FontHeight(text->fonts[style]);
}

/* Measurements share the table under a key no RGB colour can take. */
#define MEASURE_ONLY 0xFF000000u

static cache_entry *find(cv_text *text, cv_font_style style, uint32_t packed, const char *string,
                         uint32_t *hash)
{
    uint32_t h = hash_key(style, packed, string);
    *hash = h;
    for (cache_entry *e = text->buckets[h % BUCKET_COUNT]; e; e = e->next) {
        if (e->hash == h && e->style == style && e->colour == packed &&
            strcmp(e->string, string) == 0) {
            e->last_frame = text->frame;
            return e;
        }
    }
    return NULL;
}

/* A new entry owning texture (may be NULL for a measurement); NULL if out of memory. */
static cache_entry *insert(cv_text *text, cv_font_style style, uint32_t packed, uint32_t hash,
                           const char *string, SDL_Texture *texture, int w, int h)
{
    cache_entry *e = calloc(1, sizeof *e);
    if (e)
        e->string = strdup(string);
    if (!e || !e->string) {
        free(e);
        return NULL;
    }
    e->texture = texture;
    e->w = w;
    e->h = h;
    e->hash = hash;
    e->style = style;
    e->colour = packed;
    e->last_frame = text->frame;
    e->next = text->buckets[hash % BUCKET_COUNT];
    text->buckets[hash % BUCKET_COUNT] = e;
    text->cached++;
    return e;
}

static cache_entry *lookup(cv_text *text, cv_font_style style, cv_rgb colour, const char *string)
{
    uint32_t packed = pack(colour), hash;
    cache_entry *e = find(text, style, packed, string, &hash);
    if (e)
        return e;
    SDL_Color c = {colour.r, colour.g, colour.b, 255};
    if (!text->renderer)
        return NULL; /* measuring only */
    SDL_Surface *surface = TTF_RenderUTF8_Blended(text->fonts[style], string, c);
    if (!surface)
        return NULL;
    SDL_Texture *texture = SDL_CreateTextureFromSurface(text->renderer, surface);
    int w = surface->w, h = surface->h;
    SDL_FreeSurface(surface);
    if (!texture)
        return NULL;
    e = insert(text, style, packed, hash, string, texture, w, h);
    if (!e)
        SDL_DestroyTexture(texture);
    return e;
}

void cv_text_measure(cv_text *text, cv_font_style style, const char *string, int *w, int *h)
{
    *w = 0;
    *h = 0;
    if (!string[0])
        return;
    /* Shaping text (HarfBuzz inside SDL2_ttf) costs as much as drawing it, and
     * the layout measures the same labels every frame: remember the answers. */
    uint32_t hash;
    cache_entry *e = find(text, style, MEASURE_ONLY, string, &hash);
    if (e) {
        *w = e->w;
        *h = e->h;
        return;
    }
    TTF_SizeUTF8(text->fonts[style], string, w, h);
    insert(text, style, MEASURE_ONLY, hash, string, NULL, *w, *h);
}

/* The longest prefix of string (at a UTF-8 boundary) that fits max_w with an ellipsis. */
static void truncate_to_fit(cv_text *text, cv_font_style style, const char *string, int max_w,
                            char *out, size_t out_size)
{
    size_t length = strlen(string);
    size_t lo = 0, hi = length < out_size - 4 ? length : out_size - 4;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        while (mid > lo && ((unsigned char)string[mid] & 0xC0) == 0x80)
            mid--;
        if (mid == lo) {
            break;
        }
        memcpy(out, string, mid);
        memcpy(out + mid, ELLIPSIS, sizeof ELLIPSIS);
        int w = 0, h = 0;
        TTF_SizeUTF8(text->fonts[style], out, &w, &h);
        if (w <= max_w)
            lo = mid;
        else
            hi = mid - 1;
    }
    while (lo > 0 && ((unsigned char)string[lo] & 0xC0) == 0x80)
        lo--;
    memcpy(out, string, lo);
    memcpy(out + lo, ELLIPSIS, sizeof ELLIPSIS);
}

int cv_text_draw(cv_text *text, cv_font_style style, const char *string, cv_rgb colour, int x,
                 int y, cv_align align, int max_w)
{
    if (!string[0])
        return 0;
    cache_entry *e = lookup(text, style, colour, string);
    if (e && max_w > 0 && e->w > max_w) {
        char cut[512];
        truncate_to_fit(text, style, string, max_w, cut, sizeof cut);
        e = lookup(text, style, colour, cut);
    }
    if (!e)
        return 0;
    SDL_Rect dst = {x, y, e->w, e->h};
    if (align == CV_ALIGN_CENTER)
        dst.x -= e->w / 2;
    else if (align == CV_ALIGN_RIGHT)
        dst.x -= e->w;
    SDL_RenderCopy(text->renderer, e->texture, NULL, &dst);
    return e->w;
}

int cv_text_fit(cv_text *text, cv_font_style style, const char *string, int max_w, char *out,
                size_t out_size)
{
    int w = 0, h = 0;
    cv_text_measure(text, style, string, &w, &h);
    if (max_w <= 0 || w <= max_w || out_size < 8) {
        snprintf(out, out_size, "%s", string);
        return w;
    }
    truncate_to_fit(text, style, string, max_w, out, out_size);
    cv_text_measure(text, style, out, &w, &h);
    return w;
}

int cv_text_font_px(const cv_text *text, cv_font_style style)
{
    return font_points(style, text->scale);
}

bool cv_text_font_bold(cv_font_style style)
{
    return font_specs[style].bold;
}

int cv_text_ascent(const cv_text *text, cv_font_style style)
{
    return TTF_FontAscent(text->fonts[style]);
}

static int measurer_line_height(void *ctx, cv_font_style style)
{
    return cv_text_line_height(ctx, style);
}

static void measurer_measure(void *ctx, cv_font_style style, const char *string, int *w, int *h)
{
    cv_text_measure(ctx, style, string, w, h);
}

static int measurer_fit(void *ctx, cv_font_style style, const char *string, int max_w, char *out,
                        size_t out_size)
{
    return cv_text_fit(ctx, style, string, max_w, out, out_size);
}

cv_text_measurer cv_text_measurer_of(cv_text *text)
{
    return (cv_text_measurer){text, measurer_line_height, measurer_measure, measurer_fit};
}

void cv_text_end_frame(cv_text *text)
{
    text->frame++;
    if (text->frame % 30 != 0)
        return;
    for (int i = 0; i < BUCKET_COUNT; i++) {
        cache_entry **link = &text->buckets[i];
        while (*link) {
            cache_entry *e = *link;
            if (text->frame - e->last_frame > CACHE_IDLE_FRAMES) {
                *link = e->next;
                free_entry(e);
                text->cached--;
            } else {
                link = &e->next;
            }
        }
    }
}

int cv_text_cached_count(const cv_text *text)
{
    return text->cached;
}
