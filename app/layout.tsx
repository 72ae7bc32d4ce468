import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { LiveAnnouncer } from '@/components/live-announcer';
import { AppUpdateBanner } from '@/components/app-update-banner';
import { THEME_COLOUR } from '@/lib/pwa';
import './globals.css';

export const metadata: Metadata = {
  title: 'Gesture Studio',
  description: 'Teach your webcam your own hand gestures, privately, in the browser.',
};

export const viewport: Viewport = {
  themeColor: THEME_COLOUR,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="antialiased">
        <LiveAnnouncer>
          {children}
          <AppUpdateBanner />
        </LiveAnnouncer>
      </body>
    </html>
  );
}
