// How the explorer feels in headless Chromium, measured the same way by
// tests/browser/variants.spec.mjs (every test run, build/perf/browser-*.json) and
// scripts/bench_browser (the benchmark table): time to the first frame, long main-thread tasks
// after it (PerformanceObserver 'longtask'), the median frame (rAF stamps) and the time to cast
// shadows, over `watchS` seconds after the first frame.

// Installed before the page's scripts (page.addInitScript): long tasks, one rAF stamp per frame,
// and the moments the page reports its first frame and cast shadows (stamped on the frame that
// sees them).
export function recorder() {
  const p = (window.__ce8Perf = { longtasks: [], frames: [], firstFrameAt: null, shadowsAt: null });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) p.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    p.longtaskError = String(e);
  }
  const tick = (t) => {
    p.frames.push(t);
    const s = window.ce8Status;
    if (s && s.firstFrame && p.firstFrameAt === null) p.firstFrameAt = performance.now();
    if (s && s.shadows && s.shadows.ready && p.shadowsAt === null) p.shadowsAt = performance.now();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

export const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const round = (x, d = 1) => (x === null || x === undefined ? null : Number(x.toFixed(d)));

// What the page recorded (window.__ce8Perf and a few status fields), `watchS` seconds after
// its first frame.
export async function readPerf(page) {
  return page.evaluate(() => ({
    perf: window.__ce8Perf,
    app: window.ce8Status.app || null,
    shadows: window.ce8Status.shadows || null,
    isolated: !!self.crossOriginIsolated,
    cores: navigator.hardwareConcurrency,
  }));
}

// The numbers over [first frame, first frame + watchS).
export function summarizePerf(raw, watchS) {
  const p = raw.perf;
  const first = p.firstFrameAt;
  const end = first + watchS * 1000;
  const after = p.longtasks.filter(([t]) => t >= first && t < end);
  const frames = p.frames.filter((t) => t >= first && t < end);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  return {
    cross_origin_isolated: raw.isolated,
    hardware_concurrency: raw.cores,
    watched_s: watchS,
    first_frame_s: round(first / 1000, 2),
    shadows_after_first_frame_s: p.shadowsAt === null ? null : round((p.shadowsAt - first) / 1000, 2),
    shadows_work_s: raw.shadows ? round(raw.shadows.workS, 2) : null,
    long_tasks: after.length,
    long_tasks_over_200ms: after.filter(([, d]) => d > 200).length,
    long_task_blocked_s: round(after.reduce((a, [, d]) => a + d, 0) / 1000, 2),
    longest_task_ms: round(after.reduce((a, [, d]) => Math.max(a, d), 0), 0),
    frames: gaps.length,
    median_frame_ms: round(median(gaps), 1),
    frame_stages_ms: raw.app && raw.app.frame_ms ? raw.app.frame_ms : null,
    longtask_observer_error: p.longtaskError || null,
  };
}
