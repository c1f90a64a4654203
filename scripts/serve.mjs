// A small static file server for the web bundle, with the cross-origin isolation headers
// (COOP/COEP) that threaded WebAssembly needs, and correct MIME types (.wasm streaming).
// Usage: node scripts/serve.mjs DIR [PORT] [--no-isolation]; tests import createSiteServer.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.data': 'application/octet-stream',
  '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.tif': 'image/tiff', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.webmanifest': 'application/manifest+json',
};

// A server for the site folder that rootOf() returns at each request (tests switch it between
// two versions of the site). isolation: send COOP/COEP/CORP.
export function createSiteServer(rootOf, { isolation = true } = {}) {
  return createServer((req, res) => {
    const root = resolve(rootOf());
    let path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let st;
    try { st = statSync(file); } catch { st = null; }
    if (!st || !st.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const headers = {
      'Content-Type': types[extname(file)] || 'application/octet-stream',
      'Content-Length': st.size,
      'Cache-Control': 'no-cache',
    };
    if (isolation) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      headers['Cross-Origin-Resource-Policy'] = 'same-origin';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const isolation = !args.includes('--no-isolation');
  const [dirArg, portArg] = args.filter((a) => !a.startsWith('--'));
  const root = resolve(dirArg || 'build/web');
  const port = Number(portArg || process.env.PORT || 8080);
  const server = createSiteServer(() => root, { isolation });
  server.on('error', (e) => {
    console.error(`serve: error: ${e.code === 'EADDRINUSE' ? `port ${port} is already in use` : e.message}`);
    process.exit(2);
  });
  server.listen(port, '127.0.0.1', () => {
    console.log(`Chang'e-8 Mission Explorer: http://127.0.0.1:${port}/  (Ctrl-C stops)`);
  });
}
