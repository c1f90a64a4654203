// Offline use, install and cross-origin isolation (docs/offline.md): registers the one service
// worker (sw.js) and reloads the page once when a worker took over that the page did not load
// with: a new version (so the running page never mixes files of two versions; the session is
// saved first and restored after, web/session.js), or the first worker on a host that sends no
// COOP/COEP headers (the worker adds them: after the reload the page is cross-origin isolated).
// window.ce8Status.offline: {supported, controlled, version, files, error, reloads}.
'use strict';

(function () {
  const status = window.ce8Status || (window.ce8Status = {});
  const sw = navigator.serviceWorker;
  const info = status.offline = {
    supported: !!sw, controlled: !!(sw && sw.controller), version: null, files: 0, error: null,
  };
  if (!sw) return;  // an insecure address (http:// other than localhost) or an old browser
  const hadController = !!sw.controller;
  const reloadKey = 'ce8.offline.reloaded';

  sw.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'ce8-version') {
      info.version = e.data.version;
      info.files = e.data.files;
    }
  });
  const askVersion = () => { if (sw.controller) sw.controller.postMessage({ type: 'ce8-version' }); };

  sw.addEventListener('controllerchange', () => {
    info.controlled = true;
    askVersion();
    if (!hadController && self.crossOriginIsolated) return;  // first visit, already isolated
    // At most one automatic reload in 10 s (a broken worker must not make a reload loop).
    let last = 0;
    try { last = Number(sessionStorage.getItem(reloadKey)) || 0; } catch (e) { /* no storage */ }
    if (Date.now() - last < 10000) return;
    try { sessionStorage.setItem(reloadKey, String(Date.now())); } catch (e) { /* no storage */ }
    if (window.ce8Session) window.ce8Session.saveNow();
    location.reload();
  });

  sw.register('sw.js').then(() => askVersion()).catch((e) => {
    info.error = String(e && e.message ? e.message : e);
    console.warn('offline use is not available: ' + info.error);
  });
})();
