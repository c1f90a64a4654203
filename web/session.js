// Nothing lost (docs/offline.md): the visitor's session is saved in this browser (localStorage)
// as they work and restored after a reload or a crash; "Start fresh" (the button, `?fresh` in
// the address, window.ce8Session.startFresh()) forgets it. A shared link (#s=...) or a tour link
// (#tour...) wins over the saved session. A damaged saved session is refused with a one-line
// notice and the explorer starts in its default state. Also: the page's side of a lost WebGL
// context (the app makes its graphics again when the browser restores it; web/main.js calls
// onContextLost).
//
// Saved form (one JSON object, key "ce8.session"):
//   {"kind": "ce8-session", "version": 1, "saved_at": "ISO time", "mode": "start|tour|explore",
//    "tour_step": 3, "view": "orbit|ground", "overlay": "none|lit|earth|shadow|slope",
//    "scenario": {...the app's scenario JSON (scenario/scenario.hpp): site, clock, rover, stops,
//                 manifest, camera, vertical exaggeration, colours, open panels...}}
// The page checks the outer object; the app checks the scenario fully (ce8_session_apply)
// before it changes anything. The language is kept by i18n.js (its own key).
// window.ce8Status.session: {restored, saves, notice, skipped, fresh}; .gl: {lost, restored}.
'use strict';

(function () {
  const KEY = 'ce8.session';
  const kMaxBytes = 256 * 1024;
  const kSaveDelayMs = 400;    // after the app's last status change
  const kPollMs = 1500;        // the camera moves without a status change: compared this often
  const status = window.ce8Status || (window.ce8Status = {});
  const I = window.ce8I18n;
  const info = status.session = { restored: false, saves: 0, notice: null, skipped: null, fresh: false };
  const gl = status.gl = { lost: 0, restored: 0 };
  const modes = ['start', 'tour', 'explore'];
  const overlays = ['none', 'lit', 'earth', 'shadow', 'slope'];

  let restoreDone = false;  // nothing is saved before the saved session was restored (or refused)
  let suspended = false;    // "Start fresh": nothing more is saved by this page
  let lastSaved = null;     // the text last written
  let kept = null;          // the saved explore-mode state (scenario, view, overlay)
  let saveTimer = 0;

  const t = (key, params, fallback) => (I ? I.t(key, params, fallback) : fallback);
  const storage = {
    get() { try { return localStorage.getItem(KEY); } catch (e) { return null; } },
    set(text) { try { localStorage.setItem(KEY, text); return true; } catch (e) { return false; } },
    remove() { try { localStorage.removeItem(KEY); } catch (e) { /* storage blocked */ } },
  };
  function showNotice(text) {
    if (window.ce8Page && window.ce8Page.showNotice) window.ce8Page.showNotice(text);
    else console.warn(text);
  }
  const refusedText = (why) => t('session.refused', { why }, `Your saved session could not be restored (${why}): the explorer starts fresh.`);
  function refuse(why) {
    storage.remove();  // a damaged session is not tried again
    info.why = why;
    info.notice = refusedText(why);
    console.warn(info.notice);
    return null;
  }

  // "?fresh": forget the saved session, and take the word out of the address.
  const url = new URL(location.href);
  if (url.searchParams.has('fresh')) {
    storage.remove();
    info.fresh = true;
    url.searchParams.delete('fresh');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  // The saved session after the page's own checks, or null (none, or refused with a notice).
  function readSaved() {
    const text = storage.get();
    if (text === null) return null;
    if (text.length > kMaxBytes) return refuse(`larger than ${kMaxBytes / 1024} KiB`);
    let data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return refuse('not valid JSON');
    }
    const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!isObject(data)) return refuse('not a JSON object');
    if (data.kind !== 'ce8-session') return refuse('"kind" is not "ce8-session"');
    if (data.version !== 1) return refuse(`version ${JSON.stringify(data.version)} is not 1`);
    if (!modes.includes(data.mode)) return refuse('"mode" must be start, tour or explore');
    if (data.tour_step !== undefined && !(Number.isInteger(data.tour_step) && data.tour_step >= 1 && data.tour_step <= 99)) {
      return refuse('"tour_step" must be a whole number 1..99');
    }
    if (data.view !== undefined && data.view !== 'orbit' && data.view !== 'ground') return refuse('"view" must be orbit or ground');
    if (data.overlay !== undefined && !overlays.includes(data.overlay)) return refuse('"overlay" is not an overlay name');
    if (data.scenario !== undefined && !isObject(data.scenario)) return refuse('"scenario" is not a JSON object');
    return data;
  }

  const saved = readSaved();
  if (saved && saved.scenario) kept = { scenario: saved.scenario, view: saved.view, overlay: saved.overlay };

  // ---- the app's side ----------------------------------------------------------------------
  const M = () => window.Module;
  const hasApp = () => !!(M() && typeof M()._ce8_session_capture === 'function');
  function captureScenario() {
    const text = M().ccall('ce8_session_capture', 'string', [], []);
    return text ? JSON.parse(text) : null;
  }
  function applyKept() {
    if (!kept || !hasApp()) return true;
    const reply = JSON.parse(M().ccall('ce8_session_apply', 'string', ['string'], [JSON.stringify(kept.scenario)]));
    if (!reply.ok) {
      kept = null;
      refuse(reply.error);
      showNotice(info.notice);
      return false;
    }
    // The page's own channel: window.ce8Command would count as a script taking over, which puts
    // the start screen's clock back at its first picture (over the restored clock).
    const send = (cmd) => window.ce8Commands.send(cmd);
    if (kept.overlay && kept.overlay !== 'none') send({ cmd: 'overlay', name: kept.overlay });
    const site = kept.scenario.site;
    if (kept.view === 'ground' && site && Number.isFinite(site.lat_deg) && Number.isFinite(site.lon_deg)) {
      send({ cmd: 'stand_here', lat: site.lat_deg, lon: site.lon_deg });
    }
    return true;
  }

  // ---- saving ------------------------------------------------------------------------------
  function capture() {
    const page = window.ce8Page;
    const mode = page && page.mode ? page.mode() : 'start';
    const out = { kind: 'ce8-session', version: 1, saved_at: new Date().toISOString(), mode };
    if (mode === 'tour' && status.tour && status.tour.step >= 1) out.tour_step = status.tour.step;
    // Explore mode is the visitor's own work; the start screen and the tour show their own
    // scenes, so the last explore-mode state is kept as it was.
    if (mode === 'explore') {
      const app = status.app || {};
      kept = { scenario: captureScenario(), view: app.view === 'ground' ? 'ground' : 'orbit',
        overlay: overlays.includes(app.overlay) ? app.overlay : 'none' };
    }
    if (kept && kept.scenario) Object.assign(out, kept);
    return out;
  }
  function saveNow() {
    clearTimeout(saveTimer);
    if (!restoreDone || suspended || !hasApp()) return;
    let text;
    try {
      text = JSON.stringify(capture());
    } catch (e) {
      console.warn('the session could not be saved: ' + e.message);
      return;
    }
    if (text.replace(/"saved_at":"[^"]*",/, '') === (lastSaved || '').replace(/"saved_at":"[^"]*",/, '')) return;
    if (storage.set(text)) {
      lastSaved = text;
      info.saves += 1;
    }
  }
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, kSaveDelayMs);
  };

  // ---- restoring (once the app runs and the page sent its first scene) --------------------------
  function onAppRunning() {
    if (restoreDone) return;
    restoreDone = true;
    if (info.notice) {  // refused before the app ran: now in the page's language
      info.notice = refusedText(info.why);
      showNotice(info.notice);
    }
    if (/^#s=/.test(location.hash)) info.skipped = 'shared link';
    else if (/^#tour/.test(location.hash)) info.skipped = 'tour link';
    else if (saved && saved.mode === 'tour' && saved.tour_step) {
      location.hash = '#tour=' + saved.tour_step;  // tour.js opens that step
      info.restored = true;
    } else if (saved && saved.mode === 'explore' && applyKept()) {
      // Checked and applied: now explore mode, as the visitor left it.
      applyOnExplore = false;
      const button = document.getElementById('start-explore');
      if (button) button.click();
      applyOnExplore = true;
      info.restored = !!kept;
    }
    setInterval(saveNow, kPollMs);
    saveSoon();
  }

  // Entering explore mode brings the visitor's last explore-mode state back.
  const exploreButton = document.getElementById('start-explore');
  let applyOnExplore = true;
  if (exploreButton) exploreButton.addEventListener('click', () => { if (restoreDone && applyOnExplore) applyKept(); });

  function startFresh() {
    suspended = true;
    clearTimeout(saveTimer);
    storage.remove();
    location.replace(location.pathname + '?fresh');
  }

  // The "Start fresh" button, next to the page's other top-bar actions (explore mode).
  const actions = document.querySelector('#topbar .top-actions');
  if (actions) {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'start-fresh';
    button.className = 'pill';
    const label = () => { button.textContent = t('session.fresh', {}, 'Start fresh'); };
    label();
    if (I && I.onChange) I.onChange(label);
    button.addEventListener('click', startFresh);
    actions.insertBefore(button, actions.firstChild);
    // Shown in explore mode (the visitor's own work), like the Tour button.
    const follow = () => { button.hidden = document.body.dataset.mode !== 'explore'; };
    follow();
    new MutationObserver(follow).observe(document.body, { attributes: true, attributeFilter: ['data-mode'] });
  }

  // ---- a lost WebGL context ----------------------------------------------------------------------
  let restoreWait = 0;
  function onContextLost() {
    gl.lost += 1;
    saveNow();
    showNotice(t('gl.lost', {}, 'The graphics were interrupted: restoring them…'));
    clearTimeout(restoreWait);
    restoreWait = setTimeout(() => showNotice(t('gl.notRestored', {},
      'The graphics did not come back. Reload the page: your session is saved.')), 10000);
  }
  const canvas = document.getElementById('canvas');
  if (canvas) {
    canvas.addEventListener('webglcontextrestored', () => {
      gl.restored += 1;
      clearTimeout(restoreWait);
      showNotice(t('gl.restored', {}, 'The graphics are back.'));
    });
  }

  window.addEventListener('pagehide', saveNow);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') saveNow(); });

  // suspend(): this page saves nothing more (tests that damage the saved text on purpose).
  const suspend = () => { suspended = true; clearTimeout(saveTimer); };
  window.ce8Session = { onAppRunning, onStatus: saveSoon, onContextLost, saveNow, startFresh, suspend, key: KEY };
})();
