/**
 * Formats a byline such as "By Dana Whitfield in Kyiv".
 *
 * The city comes from the CMS as a slug (`kiev`, `kharkov`); {@link displayName}
 * turns it into the house spelling, so a story from Kharkiv reads "in Kharkiv".
 */
import { displayName } from './cities';

export function byline(author: string, citySlug: string): string {
  return `By ${author} in ${displayName(citySlug)}`;
}

// Fallback for wire copy with no slug: keep the city as the wire wrote it, even "Kiev".
export function wireByline(author: string, city = 'Kiev'): string {
  return `By ${author} in ${city}`;
}
