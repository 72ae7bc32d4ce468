// The end-to-end tests drive Debian's Chromium: Playwright cannot download its own browsers on
// machines without internet access. Install it when missing and we are allowed to (root + apt).
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  const canApt = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canApt) {
    console.error(`Gesture Studio: the end-to-end tests need Chromium at ${chromium}; install it (sudo apt-get install chromium) or set CHROMIUM_PATH, then run npm test again.`);
    process.exit(1);
  }
  console.log('Gesture Studio: installing Debian chromium for the end-to-end tests…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit', shell: '/bin/bash' });
}
