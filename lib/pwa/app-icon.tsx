import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageResponse } from 'next/og';
import { THEME_COLOUR } from './contract';

/** The app's drawing (a raised hand on indigo), also the browser tab's icon. */
const ICON_SVG = 'app/icon.svg';

export interface AppIconOptions {
  /** Width and height in pixels. */
  readonly size: number;
  /**
   * A maskable icon (Android crops it to a circle or squircle): the background fills the square and
   * the hand stays inside the middle 80%, the safe zone every mask keeps.
   */
  readonly maskable?: boolean;
}

/**
 * A PNG of app/icon.svg, rendered at build time by Next's own image renderer (no file fetched, no
 * binary kept in git): the web manifest lists PNGs because install prompts and home screens do not all
 * take SVG.
 */
export async function appIconResponse({ size, maskable = false }: AppIconOptions): Promise<Response> {
  const svg = await readFile(join(process.cwd(), ICON_SVG));
  const drawn = maskable ? Math.round(size * 0.8) : size;
  return new ImageResponse(
    (
      <div style={{ display: 'flex', width: '100%', height: '100%', alignItems: 'center', justifyContent: 'center', background: maskable ? THEME_COLOUR : 'transparent' }}>
        {/* eslint-disable-next-line @next/next/no-img-element -- an image inside a generated PNG, not page markup */}
        <img src={`data:image/svg+xml;base64,${svg.toString('base64')}`} width={drawn} height={drawn} alt="" />
      </div>
    ),
    { width: size, height: size },
  );
}
