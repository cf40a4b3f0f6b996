#ifndef GAZETTEER_H
#define GAZETTEER_H

/* Gazetteer records for Ukrainian oblast centres.
 *
 * Keys are the old ASCII slugs (KIEV, KHARKOV, ...) so that files written by
 * version 1 still load. The display names are the house spellings: Kyiv,
 * Kharkiv, Dnipro.
 */

enum city_id {
    CITY_KIEV = 1,     /* capital */
    CITY_KHARKOV = 2,  /* Kharkiv Oblast centre */
    CITY_DNEPR = 3,    /* Dnipro, formerly Dnipropetrovsk */
    CITY_LUGANSK = 4,  /* Luhansk: occupied since 2014, data may be stale */
};

struct city {
    enum city_id id;
    const char *slug;      /* "kiev", "kharkov", ... */
    const char *display;   /* "Kyiv", "Kharkiv", ... */
    double lat, lon;
};

const struct city *city_lookup(const char *slug);

#endif /* GAZETTEER_H */
