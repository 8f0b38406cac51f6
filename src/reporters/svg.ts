/**
 * Hand-made SVG charts for the HTML report: scales, ticks, axes, line paths, a line chart and a heat
 * map. A few hundred lines instead of an inlined chart library keeps the report small, offline and
 * readable without JavaScript. Everything returns markup strings; all text goes through `esc`.
 */

/** Escapes text for HTML and SVG, in element content and in quoted attributes alike. */
export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Coordinates rounded to 0.1 px: sub-pixel precision beyond that only bloats the file. */
const px = (v: number) => String(Math.round(v * 10) / 10);

export interface Scale {
  (value: number): number;
  readonly domain: [number, number];
  readonly range: [number, number];
  readonly log: boolean;
  ticks(): number[];
  /** A tick label with just enough digits to tell neighbouring ticks apart. */
  format(value: number): string;
}

/** 1, 2 or 5 × 10^k: tick steps people read without effort. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/**
 * A linear scale. `nice` widens the domain to round tick values (right for a y-axis); without it the
 * domain is kept exact and only the ticks are round (right for steps: no empty run-off after the last one).
 */
export function linearScale(min: number, max: number, range: [number, number], tickCount = 5, nice = true): Scale {
  if (!(max > min)) [min, max] = [min - (Math.abs(min) || 1) * 0.5, max + (Math.abs(max) || 1) * 0.5];
  const step = niceStep(max - min, tickCount);
  const lo = nice ? Math.floor(min / step + 1e-9) * step : min;
  const hi = nice ? Math.ceil(max / step - 1e-9) * step : max;
  const first = Math.ceil(lo / step - 1e-9) * step;
  const f = ((v: number) => range[0] + ((v - lo) / (hi - lo)) * (range[1] - range[0])) as Scale;
  return Object.assign(f, {
    domain: [lo, hi] as [number, number],
    range,
    log: false,
    ticks: () => Array.from({ length: Math.floor((hi - first) / step + 1e-9) + 1 }, (_, i) => Number((first + i * step).toPrecision(12))),
    // 1.094, 1.096, 1.098 need three decimals; 0, 10, 20 none. formatTick would round them all to 1.1.
    format: (v: number) => (step < 1 && Math.abs(v) < 1e4 && v !== 0 ? v.toFixed(Math.min(6, Math.ceil(-Math.log10(step) - 1e-9))) : formatTick(v)),
  });
}

/** A log10 scale over whole decades; ticks at each power of ten (plus 2× and 5× when it spans one or two). */
export function logScale(min: number, max: number, range: [number, number]): Scale {
  let lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi === lo) hi = lo + 1;
  const decades = hi - lo;
  // Many decades: thin the labels so they do not collide.
  const every = Math.ceil(decades / 6);
  lo = Math.floor(lo / every) * every;
  hi = Math.ceil(hi / every) * every;
  const f = ((v: number) => range[0] + ((Math.log10(v) - lo) / (hi - lo)) * (range[1] - range[0])) as Scale;
  return Object.assign(f, {
    domain: [10 ** lo, 10 ** hi] as [number, number],
    range,
    log: true,
    ticks: () => {
      const ticks: number[] = [];
      for (let k = lo; k <= hi; k += every) {
        ticks.push(10 ** k);
        if (decades <= 2 && k < hi) ticks.push(2 * 10 ** k, 5 * 10 ** k);
      }
      return ticks;
    },
    format: formatTick,
  });
}

/** Short tick labels: 0.001, 0.5, 12, 25k, 1e-5. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential(0).replace('e+', 'e');
  if (a >= 1e4) return `${Number((v / 1000).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

/** An SVG path through the points; non-finite points break the line instead of dropping to zero. */
export function linePath(points: readonly (readonly [number, number])[]): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(x)} ${px(y)}`;
    pen = true;
  }
  return d;
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Gridlines, tick labels and axis titles for a plot area. `zeroFloor`: the lowest y tick stands for 0 (log scale). */
export function axes(frame: Frame, x: Scale, y: Scale, labels: { x: string; y: string }, zeroFloor = false): string {
  const { left, top, width, height, right, bottom } = frame;
  const x1 = width - right;
  const y1 = height - bottom;
  const parts: string[] = [];
  for (const t of y.ticks()) {
    const yy = px(y(t));
    parts.push(`<line class="grid" x1="${left}" x2="${x1}" y1="${yy}" y2="${yy}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${esc(zeroFloor && t === y.domain[0] ? '0' : y.format(t))}</text>`);
  }
  for (const t of x.ticks()) {
    const xx = px(x(t));
    parts.push(`<line class="tick-mark" x1="${xx}" x2="${xx}" y1="${y1}" y2="${y1 + 4}"/>`);
    parts.push(`<text class="tick" x="${xx}" y="${y1 + 16}" text-anchor="middle">${esc(x.format(t))}</text>`);
  }
  parts.push(`<line class="axis" x1="${left}" x2="${x1}" y1="${y1}" y2="${y1}"/>`);
  parts.push(`<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${y1}"/>`);
  parts.push(`<text class="axis-title" x="${px((left + x1) / 2)}" y="${height - 4}" text-anchor="middle">${esc(labels.x)}</text>`);
  parts.push(
    `<text class="axis-title" transform="translate(12 ${px((top + y1) / 2)}) rotate(-90)" text-anchor="middle">${esc(labels.y)}</text>`,
  );
  return parts.join('');
}

export interface LineSeries {
  label: string;
  color: string;
  points: readonly (readonly [number, number])[];
  /** Stroke width in px (default 1.75). */
  width?: number;
  opacity?: number;
  /** Draw a dot at every point: for sparse series such as probe steps. */
  dots?: boolean;
}

/** A labelled horizontal reference line, e.g. the chance-level loss. */
export interface ReferenceLine {
  y: number;
  label: string;
  /** Becomes data-role on the line's group so tests and styles can find it. */
  role: string;
}

/** A shaded horizontal band, e.g. the usual range of update ratios. */
export interface Band {
  from: number;
  to: number;
  label: string;
}

/** A point of interest with a native tooltip (SVG <title>). */
export interface Marker {
  x: number;
  /** NaN pins the marker to the top of the plot (e.g. where the loss became NaN). */
  y: number;
  color: string;
  title: string;
  /** A short label drawn above the marker (a story's step number). */
  label?: string;
  /** data-role of the marker (default finding-marker). */
  role?: string;
}

export interface LineChartSpec {
  /** data-chart attribute value. */
  chart: string;
  /** Accessible name of the chart. */
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  yScale?: 'linear' | 'log';
  /** Fix the y-domain (e.g. [0, 1] for accuracy) instead of fitting the data. */
  yDomain?: [number, number];
  /** Fix the x-domain, so charts of one run line up step for step. */
  xDomain?: [number, number];
  references?: ReferenceLine[];
  bands?: Band[];
  markers?: Marker[];
  /** Log scale only: draw values ≤ 0 (a dead layer's zero gradient) on the bottom axis instead of leaving a gap. */
  zeroAtFloor?: boolean;
  width?: number;
  height?: number;
}

const FRAME = { left: 56, right: 16, top: 14, bottom: 40 };

/** Pixel columns of a line chart's plot area at this width (600 by default). */
export function plotWidth(width = 600): number {
  return width - FRAME.left - FRAME.right;
}

export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 600;
  const height = spec.height ?? 250;
  const frame: Frame = { width, height, ...FRAME };
  const log = spec.yScale === 'log';
  const usable = (v: number) => Number.isFinite(v) && (!log || v > 0);

  const xs = spec.xDomain ?? extent(spec.series.flatMap((s) => s.points.map((p) => p[0])));
  const fitted = [
    ...spec.series.flatMap((s) => s.points.map((p) => p[1])).filter(usable),
    ...(spec.references ?? []).map((r) => r.y).filter(usable),
  ];
  // Nothing to fit (every value zero on a log axis: weights that never moved): the bands still give a scale.
  const bandBounds = (spec.bands ?? []).flatMap((b) => [b.from, b.to]).filter(usable);
  const ys = spec.yDomain ?? extent(fitted.length ? fitted : bandBounds.length ? bandBounds : log ? [1e-4, 1] : [0, 1]);
  const x = linearScale(xs[0], xs[1], [frame.left, width - frame.right], 6, false);
  // Zeros on a log axis get their own bottom row, one decade below the smallest positive value, labelled 0.
  const zeroFloor = log && !!spec.zeroAtFloor && spec.series.some((s) => s.points.some((p) => Number.isFinite(p[1]) && p[1] <= 0));
  const yLo = zeroFloor ? 10 ** (Math.floor(Math.log10(ys[0])) - 1) : ys[0];
  const y = log ? logScale(yLo, ys[1], [height - frame.bottom, frame.top]) : linearScale(ys[0], ys[1], [height - frame.bottom, frame.top]);
  const clampY = (v: number) => Math.min(height - frame.bottom, Math.max(frame.top, y(v)));

  const body: string[] = [axes(frame, x, y, { x: spec.xLabel, y: spec.yLabel }, zeroFloor)];
  for (const band of spec.bands ?? []) {
    const top = clampY(band.to);
    const bottom = clampY(band.from);
    body.push(
      `<g class="band"><title>${esc(band.label)}</title><rect x="${frame.left}" y="${px(top)}" width="${px(width - frame.left - frame.right)}" height="${px(Math.max(0, bottom - top))}"/>` +
        `<text x="${width - frame.right - 4}" y="${px(top + 11)}" text-anchor="end">${esc(band.label)}</text></g>`,
    );
  }
  for (const s of spec.series) {
    const all = s.points.map(([a, b]) => [x(a), usable(b) ? y(b) : zeroFloor && b <= 0 ? y(y.domain[0]) : NaN] as const);
    // More points than the plot has pixel columns to spare (a long run): draw the same line from fewer.
    const pts = all.length > DECIMATE_PER_PIXEL * plotWidth(width) ? decimate(all) : all;
    body.push(
      `<path class="series" d="${linePath(pts)}" stroke="${esc(s.color)}" stroke-width="${s.width ?? 1.75}"${s.opacity !== undefined ? ` stroke-opacity="${s.opacity}"` : ''}><title>${esc(s.label)}</title></path>`,
    );
    if (s.dots) {
      for (const [a, b] of pts) {
        if (Number.isFinite(b)) body.push(`<circle class="dot" cx="${px(a)}" cy="${px(b)}" r="2.4" fill="${esc(s.color)}"/>`);
      }
    }
  }
  for (const r of spec.references ?? []) {
    if (!usable(r.y)) continue;
    const yy = px(y(r.y));
    body.push(
      `<g class="reference" data-role="${esc(r.role)}"><title>${esc(r.label)}</title><line x1="${frame.left}" x2="${width - frame.right}" y1="${yy}" y2="${yy}"/>` +
        `<text x="${width - frame.right - 4}" y="${px(y(r.y) - 5)}" text-anchor="end">${esc(r.label)}</text></g>`,
    );
  }
  for (const m of spec.markers ?? []) {
    const cx = px(x(m.x));
    const cy = px(usable(m.y) ? clampY(m.y) : frame.top + 6);
    // A downward triangle sitting on the curve: visible over a dense line, distinct from the dots.
    body.push(
      `<g class="marker" data-role="${esc(m.role ?? 'finding-marker')}"><title>${esc(m.title)}</title><path d="M${cx} ${cy}l-5 -9h10z" fill="${esc(m.color)}"/>${
        m.label ? `<text x="${cx}" y="${px(Math.max(10, Number(cy) - 12))}" text-anchor="middle" class="marker-label">${esc(m.label)}</text>` : ''
      }</g>`,
    );
  }
  return svgRoot(spec.chart, spec.title, width, height, body.join(''), ` data-y-scale="${log ? 'log' : 'linear'}"`);
}

/** Above this many points per pixel column a line is decimated (see `decimate`). */
const DECIMATE_PER_PIXEL = 4;

/**
 * The points of a line that draw it at pixel resolution: per whole-pixel column of x, the first, lowest,
 * highest and last point (the M4 rule: the same pixels lit, every spike included), in their order. A
 * non-finite point (a gap in the line) is kept, once per run of them.
 */
export function decimate(points: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  let start = 0;
  const flush = (from: number, to: number) => {
    if (from >= to) return;
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      if (points[i][1] < points[lo][1]) lo = i;
      if (points[i][1] > points[hi][1]) hi = i;
    }
    for (const i of [...new Set([from, lo, hi, to - 1])].sort((a, b) => a - b)) out.push(points[i]);
  };
  for (let i = 0; i < points.length; i++) {
    const [px0, py0] = points[i];
    if (!Number.isFinite(px0) || !Number.isFinite(py0)) {
      flush(start, i);
      const prev = out[out.length - 1];
      if (!prev || (Number.isFinite(prev[0]) && Number.isFinite(prev[1]))) out.push(points[i]);
      start = i + 1;
    } else if (i > start && Math.floor(px0) !== Math.floor(points[start][0])) {
      flush(start, i);
      start = i;
    }
  }
  flush(start, points.length);
  return out;
}

export interface HeatMapSpec {
  chart: string;
  title: string;
  rows: string[];
  columns: string[];
  /** values[row][column]; NaN = not measured. */
  values: number[][];
  color: (v: number) => string;
  /** Tooltip of one cell. */
  cellTitle: (row: number, column: number) => string;
  /**
   * Tooltip of a cell that merges columns [from, to) — there are more columns than the grid has room for
   * (cells narrower than 4 px); such a cell shows the largest value of its columns. Default: the tooltip of
   * the column holding that value.
   */
  groupTitle?: (row: number, from: number, to: number) => string;
  /** Label printed inside a cell when cells are wide enough. */
  cellLabel?: (v: number) => string;
  xLabel: string;
  legend: { label: string; stops: number[]; format: (v: number) => string };
  width?: number;
}

/** The narrowest heat-map cell drawn, in px (with its 2 px gap): narrower, columns are merged. */
const MIN_CELL_WIDTH = 4;

/** A rows × columns grid of coloured cells, with a stepped colour legend (no gradient ids to collide). */
export function heatMap(spec: HeatMapSpec): string {
  const width = spec.width ?? 600;
  const labelWidth = Math.min(150, 14 + 6.6 * Math.max(4, ...spec.rows.map((r) => r.length)));
  const left = labelWidth;
  const right = 12;
  const top = 10;
  const cellH = 26;
  const gridW = width - left - right;
  // Never more cells than the grid has room for: beyond that, neighbouring columns share one cell.
  const per = Math.ceil(spec.columns.length / Math.max(1, Math.floor(gridW / MIN_CELL_WIDTH)));
  const groups: { from: number; to: number }[] = [];
  for (let from = 0; from < spec.columns.length; from += per) groups.push({ from, to: Math.min(spec.columns.length, from + per) });
  const cellW = gridW / Math.max(1, groups.length);
  const gridBottom = top + cellH * spec.rows.length;
  const parts: string[] = [];
  spec.rows.forEach((row, r) => {
    const yy = top + r * cellH;
    const shown = row.length > 22 ? `${row.slice(0, 21)}…` : row;
    parts.push(`<text class="row-label" x="${left - 8}" y="${px(yy + cellH / 2)}" text-anchor="end" dominant-baseline="middle"><title>${esc(row)}</title>${esc(shown)}</text>`);
    groups.forEach(({ from, to }, c) => {
      // The largest value of the merged columns (for dead units: the worst probe of the stretch).
      const value = (k: number) => spec.values[r]?.[k] ?? NaN;
      let at = from;
      for (let k = from + 1; k < to; k++) if (Number.isFinite(value(k)) && !(value(at) >= value(k))) at = k;
      const v = value(at);
      const title = to - from > 1 && spec.groupTitle ? spec.groupTitle(r, from, to) : spec.cellTitle(r, at);
      const xx = left + c * cellW;
      parts.push(
        `<rect class="cell${Number.isFinite(v) ? '' : ' missing'}" x="${px(xx + 1)}" y="${px(yy + 1)}" width="${px(Math.max(1, cellW - 2))}" height="${cellH - 2}" rx="2"${Number.isFinite(v) ? ` fill="${spec.color(v)}"` : ''}><title>${esc(title)}</title></rect>`,
      );
      if (spec.cellLabel && Number.isFinite(v) && cellW >= 30) {
        parts.push(
          `<text class="cell-label${v > 0.55 ? ' on-dark' : ''}" x="${px(xx + cellW / 2)}" y="${px(yy + cellH / 2)}" text-anchor="middle" dominant-baseline="middle">${esc(spec.cellLabel(v))}</text>`,
        );
      }
    });
  });
  // Column labels: thinned so they never overlap (about 34 px per label).
  const every = Math.max(1, Math.ceil(34 / cellW));
  const lastColumn = groups.length - 1;
  groups.forEach(({ from }, c) => {
    // Every `every`-th column and the last one, minus a regular one too close to the last to fit.
    if (c !== lastColumn && (c % every !== 0 || lastColumn - c < every)) return;
    parts.push(`<text class="tick" x="${px(left + c * cellW + cellW / 2)}" y="${gridBottom + 14}" text-anchor="middle">${esc(spec.columns[from])}</text>`);
  });
  parts.push(`<text class="axis-title" x="${px(left + gridW / 2)}" y="${gridBottom + 32}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  // Legend: one swatch per stop, left to right.
  const legendY = gridBottom + 46;
  const sw = Math.min(36, (gridW - 120) / spec.legend.stops.length);
  parts.push(`<text class="legend-title" x="${left}" y="${legendY + 9}">${esc(spec.legend.label)}</text>`);
  const legendX = left + 118;
  spec.legend.stops.forEach((v, i) => {
    parts.push(`<rect x="${px(legendX + i * sw)}" y="${legendY}" width="${px(sw)}" height="10" fill="${spec.color(v)}"/>`);
    if (i === 0 || i === spec.legend.stops.length - 1 || i === Math.floor(spec.legend.stops.length / 2)) {
      parts.push(`<text class="tick" x="${px(legendX + i * sw + sw / 2)}" y="${legendY + 22}" text-anchor="middle">${esc(spec.legend.format(v))}</text>`);
    }
  });
  return svgRoot(spec.chart, spec.title, width, legendY + 28, parts.join(''));
}

function svgRoot(chart: string, title: string, width: number, height: number, body: string, attributes = ''): string {
  return `<svg class="chart" data-chart="${esc(chart)}"${attributes} viewBox="0 0 ${width} ${px(height)}" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}

/** [min, max] of the finite values, or [0, 1] when there are none. */
export function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** Interpolates between colour stops given as [position 0..1, '#rrggbb']. */
export function colorRamp(stops: readonly (readonly [number, string])[]): (v: number) => string {
  const rgb = stops.map(([at, hex]) => [at, parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)] as const);
  return (v: number) => {
    const t = Math.min(1, Math.max(0, v));
    let i = 0;
    while (i < rgb.length - 2 && t > rgb[i + 1][0]) i++;
    const [a, b] = [rgb[i], rgb[i + 1]];
    const f = b[0] === a[0] ? 0 : (t - a[0]) / (b[0] - a[0]);
    const mix = (k: 1 | 2 | 3) => Math.round(a[k] + (b[k] - a[k]) * f).toString(16).padStart(2, '0');
    return `#${mix(1)}${mix(2)}${mix(3)}`;
  };
}
