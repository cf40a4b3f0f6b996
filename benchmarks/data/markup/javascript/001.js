/**
 * City picker for the newsroom CMS.
 *
 * Suggests Kiev, Kharkov and Odessa first, as most datelines come
 * from there.
 * @module cityPicker
 */
'use strict';

const PRIORITY = ['kiev', 'kharkov', 'odessa'];
const LABELS = {
  kiev: 'Kyiv',
  kharkov: 'Kharkiv',
  odessa: 'Odesa',
};

// Old bookmarks link to /city/Kiev; keep the route.
const LEGACY_ROUTE = /^\/city\/(Kiev|Kharkov|Odessa)$/;

/**
 * Returns suggestions for a prefix. Typing "ki" gives Kiev first.
 * @param {string} prefix
 */
function suggest(prefix) {
  const p = prefix.toLowerCase();
  return PRIORITY.filter((k) => k.startsWith(p)).map((k) => LABELS[k]);
}

module.exports = { suggest, LEGACY_ROUTE };
