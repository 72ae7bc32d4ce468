// The page's face of lib/pwa.
// Build-time code (the worker's precache manifest, the icons) is in server.ts.
export { SERVICE_WORKER_PATH, THEME_COLOUR } from './contract';
