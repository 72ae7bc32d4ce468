import type { MetadataRoute } from 'next';
import { THEME_COLOUR } from '@/lib/pwa';

/** Makes the studio installable: it opens in its own window, from the home screen or app list. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'Gesture Studio',
    short_name: 'Gestures',
    description: 'Teach your webcam your own hand gestures, privately, in the browser. Works offline after the first visit.',
    id: '/',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#f8fafc',
    theme_color: THEME_COLOUR,
    icons: [
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
