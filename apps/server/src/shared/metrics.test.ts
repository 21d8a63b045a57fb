import { describe, expect, it } from 'vitest';
import { createMetricsRegistry, formatLabels } from './metrics.ts';

describe('metrics registry (Prometheus text 0.0.4)', () => {
  it('renders counters with HELP/TYPE, pre-declared series at 0 and sorted, escaped labels', () => {
    const m = createMetricsRegistry('x_');
    const c = m.counter('dropped_total', 'Things lost', [{ reason: 'queue_full' }]);
    c.inc({ reason: 'shutdown' }, 2);
    c.inc({ reason: 'shutdown' });
    const text = m.render();
    expect(text).toContain('# HELP x_dropped_total Things lost\n# TYPE x_dropped_total counter\n');
    expect(text).toContain('x_dropped_total{reason="queue_full"} 0\n');
    expect(text).toContain('x_dropped_total{reason="shutdown"} 3\n');
    expect(formatLabels({ b: 'q"u\\o\nte', a: 1 })).toBe('a="1",b="q\\"u\\\\o\\nte"');
    expect(() => c.inc(undefined, -1)).toThrow();
  });

  it('renders gauges from a collector or from set values', () => {
    const m = createMetricsRegistry();
    let depth = 7;
    m.gauge('queue_depth', 'Depth', () => depth);
    const g = m.gauge('connections', 'Open');
    g.inc();
    g.inc();
    g.dec();
    depth = 9;
    const text = m.render();
    expect(text).toContain('# TYPE queue_depth gauge\nqueue_depth 9\n');
    expect(text).toContain('connections 1\n');
  });

  it('renders histograms with cumulative buckets, +Inf, sum and count', () => {
    const m = createMetricsRegistry();
    const h = m.histogram('write_seconds', 'Latency', [0.01, 0.1, 1]);
    h.observe(0.005);
    h.observe(0.05);
    h.observe(0.05);
    h.observe(5);
    const text = m.render();
    expect(text).toContain('write_seconds_bucket{le="0.01"} 1\n');
    expect(text).toContain('write_seconds_bucket{le="0.1"} 3\n');
    expect(text).toContain('write_seconds_bucket{le="1"} 3\n');
    expect(text).toContain('write_seconds_bucket{le="+Inf"} 4\n');
    expect(text).toContain('write_seconds_sum 5.105\n');
    expect(text).toContain('write_seconds_count 4\n');
    expect(h.count()).toBe(4);
  });

  it('refuses a metric registered twice', () => {
    const m = createMetricsRegistry();
    m.counter('a', 'a');
    expect(() => m.counter('a', 'again')).toThrow(/twice/);
  });
});
