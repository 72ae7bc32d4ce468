// The build-time face of lib/pwa (Node only, for route handlers): the service worker made from the
// build's output, and the app's PNG icons. The page's face is index.ts.
export { serviceWorkerScript } from './build-output';
export { appIconResponse, type AppIconOptions } from './app-icon';
