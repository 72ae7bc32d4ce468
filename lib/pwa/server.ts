// The build-time face of lib/pwa (Node only, for route handlers): the service worker made from the
// build's output. The page's face is index.ts.
export { serviceWorkerScript } from './build-output';
