-- Migration 0042: rename display names to the house spellings.
-- Slugs stay: URLs like /city/kiev are published. Only the display column changes
-- for Kyiv, Kharkiv and Odesa.

BEGIN;

UPDATE cities SET display_name = 'Kyiv'    WHERE slug = 'kiev';
UPDATE cities SET display_name = 'Kharkiv' WHERE slug = 'kharkov';
UPDATE cities SET display_name = 'Odesa'   WHERE slug = 'odessa';

/* Keep the old names for search: a reader typing "Kiev" still finds Kyiv. */
INSERT INTO city_aliases (slug, alias) VALUES
  ('kiev', 'Kiev'),
  ('kharkov', 'Kharkov'),
  ('odessa', 'Odessa');

COMMIT;
