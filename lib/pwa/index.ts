// The page's face of lib/pwa: the service worker's registration and the update it announces.
// Build-time code (the worker's precache manifest, the icons) is in server.ts.
export { SERVICE_WORKER_PATH, THEME_COLOUR } from './contract';
export { registerServiceWorker } from './register';
export { useAppUpdate, type AppUpdate, type AppUpdateState } from './use-app-update';
export { applyUpdate, watchFirstInstall, watchForUpdate, type ContainerLike, type RegistrationLike, type WorkerLike } from './update';
