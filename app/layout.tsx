import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { LiveAnnouncer } from '@/components/live-announcer';
import './globals.css';

export const metadata: Metadata = {
  title: 'Gesture Studio',
  description: 'Teach your webcam your own hand gestures, privately, in the browser.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="antialiased">
        <LiveAnnouncer>{children}</LiveAnnouncer>
      </body>
    </html>
  );
}
