// What app/sw.js/route.ts writes in front of service-worker.js (checked by tsconfig.sw.json only:
// these globals exist in the worker, not on the page).
declare const PRECACHE: import('./contract').PrecacheManifest;
declare const CACHE_PREFIX: string;
declare const SKIP_WAITING_MESSAGE: string;
