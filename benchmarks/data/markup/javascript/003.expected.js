// Live-blog ticker: polls the feed and renders entries.
import { render } from './render.js';

const FEED = 'https://live.example.org/feeds/ukraine.json';
const CITIES = new Set(['Kiev', 'Kharkov', 'Odessa', 'Lvov']); // feed keys, not display names

export async function poll(el) {
  const res = await fetch(FEED);
  const { entries } = await res.json();
  for (const e of entries) {
    // Entries from Kyiv carry a "capital" badge.
    const badge = e.city === 'Kiev' ? 'capital' : '';
    el.append(render(e, { badge, label: `Filed in ${e.city}` }));
  }
}

/* Entries from Lviv and Odesa arrive with a delay of up to a minute. */
export const POLL_MS = 30_000;
