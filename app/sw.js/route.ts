import { serviceWorkerScript } from '@/lib/pwa/server';

// Rendered once by `next build`, from that build's output: every build is a new worker (its precache
// manifest names the build), which the page announces as an update.
export const dynamic = 'force-static';

export async function GET(): Promise<Response> {
  // `next dev` has no build to precache, and the page registers no worker there.
  if (process.env.NODE_ENV !== 'production') return new Response('No service worker in development.', { status: 404 });
  return new Response(await serviceWorkerScript(process.cwd()), {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' },
  });
}
