// The explorer's one service worker (docs/offline.md). The build (scripts/web-assets) writes the
// bundle's sw.js as this file preceded by one line, `self.CE8_BUILD = {version, files}`: every
// file of the site (path -> SHA-256), and a version that is the hash of that list. So:
//  - Offline: on install every file of this version is fetched, checked against its hash and
//    stored in the cache "ce8-<version>"; pages are then served from that cache first, and the
//    explorer (bundle, languages, tour, fonts, data) works without a network.
//  - Updates never mix files: a new build changes this script (its list), the browser installs
//    the new worker, which stores the whole new set (any file that does not match the list fails
//    the install, and the old version stays), and only then takes over and deletes the old
//    caches. The page (web/offline.js) reloads once when a new version took over, so a running
//    page never goes on with files of another version.
//  - Cross-origin isolation on hosts that cannot send COOP/COEP headers (the coi-serviceworker
//    technique): every response this worker gives carries Cross-Origin-Opener-Policy,
//    Cross-Origin-Embedder-Policy and Cross-Origin-Resource-Policy, so once it controls the page
//    (one reload, done by web/offline.js) the page is cross-origin isolated (threads).
'use strict';

const BUILD = self.CE8_BUILD || { version: 'unbuilt', files: {} };
const CACHE_PREFIX = 'ce8-';
const CACHE = CACHE_PREFIX + BUILD.version;
const BASE = new URL('./', self.location.href).href;  // the site's folder (the worker's scope)

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The response with the isolation headers added (opaque responses cannot be changed).
function isolated(response) {
  if (!response || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  const bodyless = response.status === 204 || response.status === 304;
  return new Response(bodyless ? null : response.body,
    { status: response.status, statusText: response.statusText, headers });
}

// One file of this version into the cache, checked against the build's hash.
async function store(cache, path, hash) {
  const url = new URL(path, BASE).href;
  if (await cache.match(url)) return;  // stored (and checked) by an earlier, interrupted install
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  if (await sha256Hex(bytes) !== hash) {
    throw new Error(`${path} on the server is not the file of build ${BUILD.version} (the site changed during the update)`);
  }
  const headers = new Headers(response.headers);
  headers.set('Content-Length', String(bytes.byteLength));
  await cache.put(url, new Response(bytes, { status: 200, headers }));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // All or nothing: a failed file fails the install, and the old version keeps serving.
    await Promise.all(Object.entries(BUILD.files).map(([path, hash]) => store(cache, path, hash)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(CACHE_PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// The cached file of this version for a request, or null (not part of the build).
async function cached(request, url) {
  if (!url.href.startsWith(BASE)) return null;
  let path = decodeURIComponent(url.pathname.slice(new URL(BASE).pathname.length));
  // The page under any address (?fresh, ?lang=, #s=...) is index.html.
  if (request.mode === 'navigate' && (path === '' || path === 'index.html')) path = 'index.html';
  else if (url.search || !Object.prototype.hasOwnProperty.call(BUILD.files, path)) return null;
  const cache = await caches.open(CACHE);
  return (await cache.match(new URL(path, BASE).href)) || null;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const hit = await cached(request, url);
    return isolated(hit || await fetch(request));
  })());
});

// The page asks which version serves it (web/offline.js: window.ce8Status.offline.version).
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'ce8-version' && event.source) {
    event.source.postMessage({ type: 'ce8-version', version: BUILD.version, files: Object.keys(BUILD.files).length });
  }
});
