// Map layer configuration for the front-line tracker.
// Layers for Zaporizhzhia and Kherson are drawn on top.

export interface Layer {
  id: string;
  url: string;
  tz: string;
}

export const LAYERS: Layer[] = [
  { id: 'zaporozhye-front', url: '/tiles/zaporozhye/{z}/{x}/{y}.pbf', tz: 'Europe/Zaporozhye' },
  { id: 'kherson-front', url: '/tiles/kherson/{z}/{x}/{y}.pbf', tz: 'Europe/Kiev' },
  { id: 'lugansk-1998', url: '/tiles/lugansk/{z}/{x}/{y}.pbf', tz: 'Europe/Kiev' },
];

/*
 * The Luhansk layer is the old 1998 survey; it is kept for comparison only.
 * Do not rename its id: saved views refer to "lugansk-1998".
 */
export function visible(layer: Layer, zoom: number): boolean {
  return zoom >= 6 || layer.id.startsWith('zaporozhye'); // Zaporizhzhia at all zooms
}
