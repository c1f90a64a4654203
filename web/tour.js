// The first screen and the guided tour (docs/tour.md). The page is in one of three modes:
// "start" (title, "Start the tour", "Explore", the language; the panels hidden and the clock
// sweeping the Sun along the horizon), "tour" (a card with the step's text; each step sends its
// commands: a camera flight, a clock animation, an overlay) or "explore" (the app's panels).
// Steps are data: tour/steps.json holds the commands, tour/<lang>.json the text. Links:
// #tour opens step 1, #tour=N step N; the card carries data-tour-step="N". A shared scenario
// (#s=...) opens in explore mode with exactly the link's state: the page sends no scene. Only a
// plain address shows the start screen and its clock sweep, and any command from outside the
// page's chrome (window.ce8Command, a click, drag, wheel or key in the 3D view) ends the sweep
// for good, so it never overrides what a visitor or a script asked for.
'use strict';

(function () {
  const status = window.ce8Status || (window.ce8Status = {});
  const I = window.ce8I18n;
  const C = window.ce8Commands;
  const $ = (id) => document.getElementById(id);
  const el = {
    topbar: $('topbar'), start: $('start'), tour: $('tour'), step: $('tour-step'), count: $('tour-count'),
    title: $('tour-title'), text: $('tour-text'), prev: $('tour-prev'), next: $('tour-next'), skip: $('tour-skip'),
    progress: $('tour-progress-bar'), notice: $('notice'), lang: $('lang-select'), tourOpen: $('tour-open'),
  };

  let plan = null;          // tour/steps.json
  let texts = null;         // tour/<lang>.json
  // A shared scenario: the app applies it on its first frame; the page stays out of its way.
  const openedWithLink = /^#s=/.test(location.hash);
  let mode = openedWithLink ? 'explore' : 'start';
  let startMotion = false;    // the start screen's clock sweep runs in the app
  let outsideControl = false; // someone else drove the app: the start scene is not sent again
  let stepIndex = 0;        // 0-based
  let appRunning = false;
  let traversePlaying = false;
  status.tour = { mode, step: 0, steps: 0 };

  // ---- tour text: our own files, still reduced to a few harmless tags ----------------------
  const allowedTags = new Set(['P', 'B', 'STRONG', 'I', 'EM', 'BR', 'UL', 'OL', 'LI', 'SPAN', 'BDI', 'ABBR']);
  function cleanHtml(html) {
    const tpl = document.createElement('template');
    tpl.innerHTML = String(html);
    const copy = (from, to) => {
      for (const node of from.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) {
          to.appendChild(document.createTextNode(node.nodeValue));
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          if (!allowedTags.has(node.tagName)) { copy(node, to); continue; }
          const e = document.createElement(node.tagName.toLowerCase());
          for (const attr of ['lang', 'dir', 'title']) if (node.hasAttribute(attr)) e.setAttribute(attr, node.getAttribute(attr));
          copy(node, e);
          to.appendChild(e);
        }
      }
    };
    const out = document.createDocumentFragment();
    copy(tpl.content, out);
    return out;
  }

  // ---- notices -----------------------------------------------------------------------------
  let noticeTimer = 0;
  function showNotice(text) {
    status.pageNotice = text;
    el.notice.textContent = text;
    el.notice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { el.notice.hidden = true; }, 7000);
  }

  // ---- data ----------------------------------------------------------------------------------
  async function fetchJson(path) {
    const r = await fetch(path);
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r.json();
  }
  async function loadTexts(lang) {
    const data = await fetchJson(`tour/${lang}.json`);
    if (I.language() === lang) texts = data;
  }

  // ---- the scene: what the app is asked to show ------------------------------------------------
  function sendAll(cmds) {
    for (const c of cmds) C.send(c);
  }
  function languageCommand() {
    return { cmd: 'set_language', lang: I.language() };
  }
  // The start screen: panels hidden, the first picture, and (unless the visitor prefers reduced
  // motion) the clock sweeping the Sun along the horizon.
  function startScene() {
    const cmds = plan ? plan.start.commands : [];
    const still = cmds.filter((c) => c.cmd !== 'follow_span');
    const sweep = C.reduceMotion ? [] : cmds.filter((c) => c.cmd === 'follow_span');
    startMotion = sweep.length > 0;
    return [{ cmd: 'show_panels', visible: false }, languageCommand()].concat(still, sweep);
  }
  // The start screen's resting instant (its set_clock): where automation finds the clock.
  function startRestCommands() {
    return (plan ? plan.start.commands : []).filter((c) => c.cmd === 'set_clock');
  }
  // Ends the sweep once: a visitor's gesture freezes the picture where it is; a script's command
  // finds the clock back at the first picture's instant (deterministic), then runs.
  function endStartMotion(by) {
    if (!startMotion) return;
    startMotion = false;
    C.send({ cmd: 'pause' });
    if (by === 'automation') sendAll(startRestCommands());
  }
  function stepScene(index) {
    const cmds = plan.steps[index].commands;
    const out = [];
    if (traversePlaying && !cmds.some((c) => c.cmd === 'play_traverse')) out.push({ cmd: 'play_traverse', on: false });
    if (!cmds.some((c) => c.cmd === 'show_panels')) out.push({ cmd: 'show_panels', visible: false });
    traversePlaying = cmds.some((c) => c.cmd === 'play_traverse' && c.on);
    return out.concat(cmds);
  }

  // ---- modes -----------------------------------------------------------------------------------
  function setMode(next) {
    mode = next;
    status.tour.mode = next;
    document.body.dataset.mode = next;
    el.start.hidden = !appRunning || next !== 'start';
    el.topbar.hidden = !appRunning && next !== 'tour';
    el.tour.hidden = next !== 'tour' || !texts;
    el.tourOpen.hidden = next !== 'explore';
  }

  function render() {
    if (!plan || !texts) return;
    const step = plan.steps[stepIndex];
    const words = texts.steps[step.id] || {};
    const n = stepIndex + 1, total = plan.steps.length;
    const numbers = new Intl.NumberFormat(document.documentElement.lang);
    el.step.dataset.tourStep = String(n);
    el.step.dataset.tourId = step.id;
    I.bind(el.count, 'tour.count', { n: numbers.format(n), total: numbers.format(total) });
    el.title.textContent = words.title || step.id;
    el.text.replaceChildren(cleanHtml(words.html || ''));
    el.prev.disabled = stepIndex === 0;
    I.bind(el.next, n === total ? 'tour.finish' : 'tour.next');
    el.progress.style.width = (100 * n / total).toFixed(1) + '%';
    status.tour.step = n;
    status.tour.steps = total;
    status.tour.id = step.id;
  }

  function writeHash(hash) {
    const url = location.pathname + location.search + hash;
    if (location.hash !== hash) history.replaceState(history.state, '', url);
  }

  function goTo(index) {
    if (!plan) return;
    startMotion = false;  // the step's own commands set the clock
    stepIndex = Math.max(0, Math.min(plan.steps.length - 1, index));
    setMode('tour');
    render();
    writeHash('#tour=' + (stepIndex + 1));
    sendAll(stepScene(stepIndex));
  }

  function openTour(index) {
    const wasTour = mode === 'tour';
    goTo(index);
    if (!wasTour) el.next.focus({ preventScroll: true });
  }

  function leaveTour(toMode) {
    if (mode !== 'tour') return;
    writeHash('');
    if (traversePlaying) C.send({ cmd: 'play_traverse', on: false });
    traversePlaying = false;
    setMode(toMode);
    if (toMode === 'explore') {
      C.send({ cmd: 'show_panels', visible: true });
    } else {
      sendAll(plan.start.return || []);
      sendAll(startScene());
    }
    (toMode === 'explore' ? el.tourOpen : $('start-tour')).focus({ preventScroll: true });
  }

  // #tour, #tour=N: the step to open (1-based), or null when the address names no tour step.
  function stepFromHash() {
    const m = /^#tour(?:=(.*))?$/.exec(location.hash);
    if (!m) return null;
    if (m[1] === undefined || m[1] === '') return { index: 0 };
    const n = Number(m[1]);
    if (Number.isInteger(n) && n >= 1 && n <= plan.steps.length) return { index: n - 1 };
    return { index: 0, bad: decodeURIComponent(m[1]).slice(0, 12) };
  }

  function followHash() {
    if (!plan) return;
    const target = stepFromHash();
    if (!target) {
      if (mode === 'tour') leaveTour('start');
      return;
    }
    if (target.bad !== undefined) showNotice(I.t('tour.badStep', { n: target.bad, total: plan.steps.length }));
    if (mode !== 'tour' || target.index !== stepIndex) openTour(target.index);
  }

  // ---- controls ----------------------------------------------------------------------------------
  const next = () => (stepIndex + 1 < plan.steps.length ? goTo(stepIndex + 1) : leaveTour('explore'));
  const prev = () => { if (stepIndex > 0) goTo(stepIndex - 1); };
  el.next.addEventListener('click', next);
  el.prev.addEventListener('click', prev);
  el.skip.addEventListener('click', () => leaveTour('start'));
  $('start-tour').addEventListener('click', () => openTour(0));
  el.tourOpen.addEventListener('click', () => openTour(0));
  $('start-explore').addEventListener('click', () => {
    endStartMotion('visitor');
    setMode('explore');
    C.send({ cmd: 'show_panels', visible: true });
    el.tourOpen.focus({ preventScroll: true });
  });

  // Keys before the app sees them (capture phase): the tour's arrows and Escape.
  window.addEventListener('keydown', (e) => {
    if (mode !== 'tour' || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.target && /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName)) return;
    const action = { ArrowRight: next, ArrowLeft: prev, Escape: () => leaveTour('start') }[e.key];
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    action();
  }, true);

  // Tab on the start screen and in the tour moves through the page's controls: the app (SDL)
  // would swallow it while the 3D view has the focus. In explore mode Tab stays the panels'.
  // Keys typed on one of the page's own controls (Enter or Space on a button, letters in the
  // language list) are theirs: the app would take them and cancel the browser's default action.
  const pageControl = (t) => t && t.id !== 'canvas' && t.closest && t.closest('button, select, input, textarea, a');
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && mode !== 'explore' && !e.altKey && !e.ctrlKey && !e.metaKey) e.stopPropagation();
    else if (pageControl(e.target)) e.stopPropagation();
  }, true);
  // (The browser presses a button on Enter's keypress and Space's keyup.)
  for (const type of ['keypress', 'keyup']) {
    window.addEventListener(type, (e) => { if (pageControl(e.target)) e.stopPropagation(); }, true);
  }

  // Swipes on the card: towards the reading direction's start is "next".
  let touchStart = null;
  el.tour.addEventListener('touchstart', (e) => {
    touchStart = e.touches.length === 1 ? { x: e.touches[0].clientX, y: e.touches[0].clientY } : null;
  }, { passive: true });
  el.tour.addEventListener('touchend', (e) => {
    if (!touchStart || !e.changedTouches.length) return;
    const dx = e.changedTouches[0].clientX - touchStart.x, dy = e.changedTouches[0].clientY - touchStart.y;
    touchStart = null;
    if (Math.abs(dx) < 50 || Math.abs(dx) < 1.5 * Math.abs(dy)) return;
    const forward = I.dir() === 'rtl' ? dx > 0 : dx < 0;
    if (forward) next(); else prev();
  });

  el.lang.addEventListener('change', () => { I.setLanguage(el.lang.value); });
  I.onChange(async (lang) => {
    try {
      await loadTexts(lang);
    } catch (e) {
      showNotice(I.t('tour.loadError'));
    }
    setMode(mode);
    render();
    C.send(languageCommand());
  });
  window.addEventListener('hashchange', followHash);

  // The visitor takes the 3D view: the start screen's sweep stops where it is.
  const canvas = $('canvas');
  const visitorGesture = () => { outsideControl = true; endStartMotion('visitor'); };
  for (const type of ['pointerdown', 'wheel', 'touchstart']) canvas.addEventListener(type, visitorGesture, { passive: true });
  canvas.addEventListener('keydown', visitorGesture);
  // So does a terrain the visitor picks or drops (main.js imports it).
  $('dem-file').addEventListener('change', visitorGesture);
  window.addEventListener('drop', visitorGesture);

  // window.ce8Command from outside the page's chrome (main.js calls this before the command).
  function onOutsideCommand(cmd) {
    outsideControl = true;
    endStartMotion('automation');
    if (mode === 'start' && cmd && cmd.cmd === 'show_panels' && cmd.visible) setMode('explore');
  }

  // ---- start-up ------------------------------------------------------------------------------------
  async function init() {
    await I.ready;
    const notice = I.takeStartupNotice();
    if (notice) showNotice(I.t(notice.key, notice.params));
    // The scene's resolution (docs/performance.md): the app refuses a bad value and adapts.
    const scale = new URLSearchParams(location.search).get('render_scale');
    if (scale !== null && !(Number(scale) >= 0.5 && Number(scale) <= 1))
      showNotice(I.t('render.badScale', { value: scale.slice(0, 20) }));
    try {
      [plan] = await Promise.all([fetchJson('tour/steps.json'), loadTexts(I.language())]);
    } catch (e) {
      console.warn('the tour could not be loaded: ' + e.message);
      status.tourError = e.message;
      showNotice(I.t('tour.loadError'));
      return;
    }
    status.tour.steps = plan.steps.length;
    // Before the app runs these are only recorded; onFirstFrame sends the scene.
    if (openedWithLink) {
      C.send(languageCommand());
    } else if (stepFromHash()) {
      C.send(languageCommand());
      followHash();
    } else {
      sendAll(startScene());
    }
    setMode(mode);
  }
  const started = init();

  // The app runs its main() (before terrain and the first frame): it takes the session
  // settings already, so the first frame comes without panels on the start screen and the tour.
  function onAppStarted() {
    if (!openedWithLink) C.sendEarly({ cmd: 'show_panels', visible: false });
    C.sendEarly(languageCommand());
  }

  // The app drew its first frame: show the chrome and send the current scene, once. A shared
  // link has already been applied by the app (nothing is sent over it); if a visitor or a
  // script drove the app before this, only the language is sent.
  async function onFirstFrame() {
    appRunning = true;
    await started;
    C.start();
    if (plan && !openedWithLink && !outsideControl) {
      sendAll(mode === 'tour' ? [languageCommand()].concat(stepScene(stepIndex)) : startScene());
    } else {
      startMotion = false;
      C.send(languageCommand());
    }
    setMode(mode);
  }

  window.ce8Page = { onAppStarted, onFirstFrame, onOutsideCommand, showNotice, mode: () => mode };
})();
