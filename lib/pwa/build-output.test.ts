import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuildOutput, serviceWorkerScript } from './build-output';

/** A project folder with a small build in it: `files` are paths relative to it, with their contents. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pwa-build-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

const BUILD = {
  '.next/BUILD_ID': 'abc123\n',
  '.next/server/app-paths-manifest.json': JSON.stringify({ '/page': 'app/page.js', '/bench/page': 'app/bench/page.js' }),
  '.next/static/chunks/b.js': 'chunk b',
  '.next/static/abc123/_buildManifest.js': 'manifest',
  'public/models/mobilenet/model.json': '{}',
  'public/tfjs-wasm/a.wasm': 'wasm',
};

describe('readBuildOutput', () => {
  it("reads the build id, the routes, and every static and public file with its SHA-256, sorted by path", async () => {
    const output = await readBuildOutput(project(BUILD));
    expect(output).toEqual({
      buildId: 'abc123',
      appPaths: ['/page', '/bench/page'],
      staticFiles: [
        { path: 'abc123/_buildManifest.js', sha256: sha256('manifest') },
        { path: 'chunks/b.js', sha256: sha256('chunk b') },
      ],
      publicFiles: [
        { path: 'models/mobilenet/model.json', sha256: sha256('{}') },
        { path: 'tfjs-wasm/a.wasm', sha256: sha256('wasm') },
      ],
    });
  });

  it('says to run next build when there is no build', async () => {
    await expect(readBuildOutput(project({ 'public/a.txt': 'a' }))).rejects.toThrow(/has none: run next build/);
  });
});

describe('serviceWorkerScript', () => {
  it("is the worker's code behind a manifest of that build", async () => {
    const dir = project(BUILD);
    mkdirSync(join(dir, 'lib/pwa'), { recursive: true });
    cpSync(join(__dirname, 'service-worker.js'), join(dir, 'lib/pwa/service-worker.js'));
    const script = await serviceWorkerScript(dir);
    expect(script).toMatch(/^const PRECACHE = \{"caches":\[\{"name":"gesture-studio-shell-abc123","entries":\[\{"url":"\/","page":true\},\{"url":"\/bench","page":true\}/);
    expect(script).toContain('"url":"/tfjs-wasm/a.wasm"');
    expect(script).toContain("worker.addEventListener('install'");
  });
});
