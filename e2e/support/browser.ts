/** Debian's Chromium (Playwright cannot download its own browsers on these machines). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet, offline-friendly flags; SwiftShader so WebGL exists (in software) without a GPU. */
const BASE_ARGS = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--enable-unsafe-swiftshader'];

export function launchOptions(extraArgs: readonly string[] = []) {
  return { executablePath: CHROMIUM_PATH, args: [...BASE_ARGS, ...extraArgs] };
}
