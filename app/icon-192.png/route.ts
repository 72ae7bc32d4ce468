import { appIconResponse } from '@/lib/pwa/server';

// Rendered once by `next build` (listed in app/manifest.ts).
export const dynamic = 'force-static';

export function GET(): Promise<Response> {
  return appIconResponse({ size: 192 });
}
