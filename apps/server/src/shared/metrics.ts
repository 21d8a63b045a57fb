/**
 * A tiny Prometheus registry (text exposition format 0.0.4): counters, gauges and histograms with
 * labels. No dependency: the gateway needs a handful of series, and the format is a few lines of text.
 * Series are kept in plain maps keyed by their rendered label set, so an increment is one map lookup.
 */

export type Labels = Record<string, string | number>;

type MetricKind = 'counter' | 'gauge' | 'histogram';

type Metric = {
  name: string;
  help: string;
  kind: MetricKind;
  render(out: string[]): void;
};

/** `a="1",b="x"` with label values escaped as the format requires (backslash, quote, newline). */
export function formatLabels(labels: Labels | undefined): string {
  if (!labels) return '';
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  keys.sort();
  return keys
    .map((k) => {
      const v = String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
      return `${k}="${v}"`;
    })
    .join(',');
}

/** Numbers as Prometheus writes them: integers plainly, infinities as +Inf/-Inf. */
export function formatValue(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Number.isNaN(v)) return 'NaN';
  return String(v);
}

function series(name: string, labelText: string, value: number): string {
  return `${name}${labelText ? `{${labelText}}` : ''} ${formatValue(value)}`;
}

export type Counter = {
  inc(labels?: Labels, by?: number): void;
  /** Current value for these labels (tests and the shutdown summary read it). */
  get(labels?: Labels): number;
};

export type Gauge = {
  set(value: number, labels?: Labels): void;
  inc(labels?: Labels, by?: number): void;
  dec(labels?: Labels, by?: number): void;
  get(labels?: Labels): number;
};

export type Histogram = {
  observe(value: number, labels?: Labels): void;
  /** Observation count for these labels. */
  count(labels?: Labels): number;
};

export type MetricsRegistry = ReturnType<typeof createMetricsRegistry>;

/** Default latency buckets in seconds: 1 ms … 5 s. */
export const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetricsRegistry(prefix = '') {
  const metrics = new Map<string, Metric>();

  function register(metric: Metric): void {
    if (metrics.has(metric.name)) throw new Error(`metric ${metric.name} registered twice`);
    metrics.set(metric.name, metric);
  }

  function counter(name: string, help: string, initial: Labels[] = []): Counter {
    const full = prefix + name;
    const values = new Map<string, number>();
    // Series named up front render as 0 from the start, so "never non-zero" is visible, not absent.
    for (const l of initial) values.set(formatLabels(l), 0);
    register({
      name: full,
      help,
      kind: 'counter',
      render(out) {
        for (const [l, v] of values) out.push(series(full, l, v));
      },
    });
    return {
      inc(labels, by = 1) {
        if (by < 0) throw new Error(`counter ${full} cannot decrease`);
        const key = formatLabels(labels);
        values.set(key, (values.get(key) ?? 0) + by);
      },
      get: (labels) => values.get(formatLabels(labels)) ?? 0,
    };
  }

  function gauge(name: string, help: string, collect?: () => number): Gauge {
    const full = prefix + name;
    const values = new Map<string, number>();
    if (!collect) values.set('', 0);
    register({
      name: full,
      help,
      kind: 'gauge',
      render(out) {
        if (collect) out.push(series(full, '', collect()));
        for (const [l, v] of values) out.push(series(full, l, v));
      },
    });
    const add = (labels: Labels | undefined, by: number) => {
      const key = formatLabels(labels);
      values.set(key, (values.get(key) ?? 0) + by);
    };
    return {
      set: (value, labels) => void values.set(formatLabels(labels), value),
      inc: (labels, by = 1) => add(labels, by),
      dec: (labels, by = 1) => add(labels, -by),
      get: (labels) => (collect && !labels ? collect() : (values.get(formatLabels(labels)) ?? 0)),
    };
  }

  function histogram(name: string, help: string, buckets: number[] = latencyBuckets): Histogram {
    const full = prefix + name;
    const bounds = [...buckets].sort((a, b) => a - b);
    type Series = { counts: number[]; sum: number; count: number };
    const all = new Map<string, Series>();
    const seriesOf = (labels: Labels | undefined): Series => {
      const key = formatLabels(labels);
      let s = all.get(key);
      if (!s) {
        s = { counts: bounds.map(() => 0), sum: 0, count: 0 };
        all.set(key, s);
      }
      return s;
    };
    seriesOf(undefined);
    register({
      name: full,
      help,
      kind: 'histogram',
      render(out) {
        for (const [l, s] of all) {
          const sep = l ? `${l},` : '';
          // Buckets are cumulative in the exposition format.
          let running = 0;
          bounds.forEach((b, i) => {
            running += s.counts[i]!;
            out.push(`${full}_bucket{${sep}le="${formatValue(b)}"} ${running}`);
          });
          out.push(`${full}_bucket{${sep}le="+Inf"} ${s.count}`);
          out.push(series(`${full}_sum`, l, s.sum));
          out.push(series(`${full}_count`, l, s.count));
        }
      },
    });
    return {
      observe(value, labels) {
        const s = seriesOf(labels);
        const i = bounds.findIndex((b) => value <= b);
        if (i >= 0) s.counts[i]!++;
        s.sum += value;
        s.count++;
      },
      count: (labels) => all.get(formatLabels(labels))?.count ?? 0,
    };
  }

  return {
    counter,
    gauge,
    histogram,
    /** The whole registry in the Prometheus text format 0.0.4. */
    render(): string {
      const out: string[] = [];
      for (const m of metrics.values()) {
        out.push(`# HELP ${m.name} ${m.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
        out.push(`# TYPE ${m.name} ${m.kind}`);
        m.render(out);
      }
      return `${out.join('\n')}\n`;
    },
  };
}

/** Content type of the text exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
