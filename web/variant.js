// Which build of the explorer this page loads. Threads in a browser need cross-origin isolation
// (COOP/COEP headers, or a service worker that adds them): then the pthread build in threads/
// (its jobs run on worker threads), everywhere else the single-threaded build next to this page
// (its jobs run in slices of the frame). The choice shows as window.ce8Status.variant.
//   single-threaded: explorer.js, explorer.wasm, explorer.data
//   threaded:        threads/explorer.js, threads/explorer.wasm, threads/explorer.data,
//                    threads/explorer.worker.js
'use strict';

(function () {
  const threads = !!self.crossOriginIsolated && typeof SharedArrayBuffer === 'function';
  const dir = threads ? 'threads/' : '';
  const files = ['explorer.js', 'explorer.wasm', 'explorer.data'].concat(threads ? ['explorer.worker.js'] : []);
  window.ce8Variant = {
    name: threads ? 'threads' : 'single',
    threads,
    script: dir + 'explorer.js',  // the page's loader appends this script
    files: files.map((f) => dir + f),
  };
  const status = window.ce8Status || (window.ce8Status = {});
  status.variant = { name: window.ce8Variant.name, threads };
  // The threaded files did not load (a host that has only the single-threaded build): load that
  // one instead, once. Returns false when there is nothing left to fall back to.
  window.ce8Variant.fallback = (failed) => {
    if (!threads || window.ce8Variant.name !== 'threads') return false;
    console.warn('threaded build unavailable; loading the single-threaded one');
    window.ce8Variant.name = 'single';
    status.variant = { name: 'single', threads: false, fallback: true };
    const s = document.createElement('script');
    s.src = 'explorer.js';
    s.onerror = failed.onerror;
    document.body.appendChild(s);
    return true;
  };
})();
