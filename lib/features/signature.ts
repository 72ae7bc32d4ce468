import type { LayerMaps } from './feature-probe';

/**
 * A short hash (FNV-1a, 8 hex digits) of what a grid shows: the layer, each channel's number and
 * its scaled values. Two grids with the same signature look the same; a test watches it change.
 */
export function mapsSignature(maps: LayerMaps): string {
  let h = 0x811c9dc5;
  const mix = (byte: number) => {
    h = Math.imul(h ^ (byte & 0xff), 0x01000193);
  };
  for (let i = 0; i < maps.name.length; i += 1) mix(maps.name.charCodeAt(i));
  for (const map of maps.maps) {
    mix(map.channel);
    mix(map.channel >>> 8);
    for (const v of map.values) mix(v);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
