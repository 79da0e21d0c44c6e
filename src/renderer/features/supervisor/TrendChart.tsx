// A small hand-drawn SVG chart for one KPI over time: a line (with gaps where a period had nothing to count) or
// bars, three horizontal grid lines labelled on the left, and time labels under the axis. No chart library.
import type { KpiBucket } from '../../../shared/domain/supervisor';

export interface TrendPoint {
  from: string;
  value: number | null;
}

const W = 320;
const H = 132;
const PAD = { left: 40, right: 8, top: 8, bottom: 20 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

/** A rounded top for the scale whose half is a round number too, so the three grid labels are readable. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  const n = v / mag;
  return ([1, 2, 4, 6, 8].find((step) => n <= step) ?? 10) * mag;
}

function timeLabel(iso: string, bucket: KpiBucket): string {
  const d = new Date(iso);
  return bucket === 'hour' ? `${String(d.getHours()).padStart(2, '0')}:00` : d.toLocaleDateString(undefined, { weekday: 'short' });
}

export function TrendChart({
  points,
  bucket,
  format,
  max,
  kind = 'line',
  tone = 'accent',
  label,
  unit,
}: {
  points: TrendPoint[];
  bucket: KpiBucket;
  format: (v: number) => string;
  /** A fixed top of the scale (shares: 1, CSAT: 5); otherwise from the data. */
  max?: number;
  kind?: 'line' | 'bar';
  tone?: 'accent' | 'ok' | 'warn' | 'danger';
  label: string;
  unit?: 'seconds';
}) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const highest = Math.max(0, ...values) * 1.1;
  // Durations get a scale in whole minutes once they pass one.
  const top = max ?? (unit === 'seconds' && highest > 60 ? niceMax(highest / 60) * 60 : niceMax(highest));
  const n = Math.max(points.length, 1);
  const step = plotW / n;
  const x = (i: number) => PAD.left + step * i + step / 2;
  const y = (v: number) => PAD.top + plotH - (Math.min(v, top) / top) * plotH;
  // Every 6th hour or every day gets a time label.
  const labelEvery = bucket === 'hour' ? 6 : 1;

  // Neighbouring periods are joined by a solid line; across periods with nothing to count the line is dashed,
  // so the trend stays readable without pretending there was a value in between.
  const solid: string[] = [];
  const bridged: string[] = [];
  let prev: { i: number; v: number } | undefined;
  points.forEach((p, i) => {
    if (p.value === null) return;
    if (prev) {
      const seg = `M${x(prev.i).toFixed(1)},${y(prev.v).toFixed(1)} L${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
      (i - prev.i === 1 ? solid : bridged).push(seg);
    }
    prev = { i, v: p.value };
  });

  return (
    <svg className={`trend-chart tone-${tone}`} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line className="trend-grid" x1={PAD.left} x2={W - PAD.right} y1={y(top * f)} y2={y(top * f)} />
          <text className="trend-axis" x={PAD.left - 6} y={y(top * f) + 3} textAnchor="end">
            {format(top * f)}
          </text>
        </g>
      ))}
      {points.map((p, i) =>
        i % labelEvery === 0 ? (
          <text key={p.from} className="trend-axis" x={x(i)} y={H - 5} textAnchor="middle">
            {timeLabel(p.from, bucket)}
          </text>
        ) : null,
      )}
      {values.length === 0 ? (
        <text className="trend-empty" x={PAD.left + plotW / 2} y={PAD.top + plotH / 2} textAnchor="middle">
          No data in this range
        </text>
      ) : null}
      {kind === 'bar'
        ? points.map((p, i) =>
            p.value === null || p.value === 0 ? null : (
              <rect key={p.from} className="trend-bar" x={x(i) - step * 0.35} width={step * 0.7} y={y(p.value)} height={PAD.top + plotH - y(p.value)} rx={1.5}>
                <title>{`${timeLabel(p.from, bucket)}: ${format(p.value)}`}</title>
              </rect>
            ),
          )
        : [
            <path key="bridged" className="trend-line is-bridged" d={bridged.join(' ')} />,
            <path key="solid" className="trend-line" d={solid.join(' ')} />,
          ]}
      {kind === 'line'
        ? points.map((p, i) =>
            p.value === null ? null : (
              <circle key={p.from} className="trend-dot" cx={x(i)} cy={y(p.value)} r={2.2}>
                <title>{`${timeLabel(p.from, bucket)}: ${format(p.value)}`}</title>
              </circle>
            ),
          )
        : null}
    </svg>
  );
}
