import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.md': 'text/markdown',
};

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * A tiny static file server on localhost, as a person would run to try a bundle: each URL prefix
 * maps to a folder; anything outside those folders is a 404.
 */
export async function serveFolders(mounts: Record<string, string>): Promise<StaticServer> {
  const server = http.createServer((request, response) => {
    const url = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const mount = Object.keys(mounts)
      .sort((a, b) => b.length - a.length)
      .find((prefix) => url.startsWith(prefix));
    const root = mount === undefined ? null : path.resolve(mounts[mount]);
    const file = root && mount !== undefined ? path.resolve(root, `.${url.slice(mount.length - 1)}`) : null;
    if (!root || !file || !file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
