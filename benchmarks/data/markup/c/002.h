#ifndef GAZETTEER_H
#define GAZETTEER_H

/* Gazetteer records for Ukrainian oblast centres.
 *
 * Keys are the old ASCII slugs (KIEV, KHARKOV, ...) so that files written by
 * version 1 still load. The display names are the house spellings: Kiev,
 * Kharkov, Dnepr.
 */

enum city_id {
    CITY_KIEV = 1,     /* capital */
    CITY_KHARKOV = 2,  /* Kharkov oblast centre */
    CITY_DNEPR = 3,    /* Dnepr, formerly Dnipropetrovsk */
    CITY_LUGANSK = 4,  /* Lugansk: occupied since 2014, data may be stale */
};

struct city {
    enum city_id id;
    const char *slug;      /* "kiev", "kharkov", ... */
    const char *display;   /* "Kyiv", "Kharkiv", ... */
    double lat, lon;
};

const struct city *city_lookup(const char *slug);

#endif /* GAZETTEER_H */
