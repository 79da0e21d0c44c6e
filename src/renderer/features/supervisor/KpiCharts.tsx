// The KPIs over time: one small chart per KPI, the last 24 hours by hour or the last 7 days by day, each with
// the value over the whole range and the newest period's value.
import { useDesk } from '../../app/store-context';
import { KPIS, kpiSeries, latestValue, type KpiDefinition } from './supervisor-selectors';
import type { SupervisorMetrics } from '../../../shared/domain/supervisor';
import { TrendChart } from './TrendChart';

export function KpiCharts() {
  const metrics = useDesk((s) => s.metrics);
  const error = useDesk((s) => s.metricsError);
  const loading = useDesk((s) => s.metricsLoading);
  const range = useDesk((s) => s.kpiRange);
  const setRange = useDesk((s) => s.setKpiRange);

  return (
    <section className="card sv-panel sv-kpis" aria-label="Performance">
      <header className="card-header">
        <h3>Performance {range === '24h' ? '· last 24 hours' : '· last 7 days'}</h3>
        <div className="card-aside">
          {loading ? <span className="muted small">Updating…</span> : null}
          <div className="sv-toggle" role="group" aria-label="Range">
            {(['24h', '7d'] as const).map((r) => (
              <button key={r} type="button" className={range === r ? 'is-selected' : ''} aria-pressed={range === r} onClick={() => setRange(r)} data-testid={`kpi-range-${r}`}>
                {r === '24h' ? '24 h' : '7 days'}
              </button>
            ))}
          </div>
        </div>
      </header>
      {error ? <p className="error-banner sv-kpi-error">{error}</p> : null}
      {!metrics && !error ? <p className="sv-empty muted">Loading the KPIs…</p> : null}
      {metrics ? (
        <div className="sv-kpi-grid">
          {KPIS.map((k) => (
            <KpiChart key={k.name} kpi={k} metrics={metrics} />
          ))}
        </div>
      ) : null}
    </section>
  );
}

function KpiChart({ kpi, metrics }: { kpi: KpiDefinition; metrics: SupervisorMetrics }) {
  const points = kpiSeries(metrics, kpi);
  const total = kpi.read(metrics.total);
  const latest = latestValue(points);
  const period = metrics.bucket === 'hour' ? 'latest hour' : 'today';
  return (
    <figure className="sv-kpi" data-testid="kpi-chart" data-kpi={kpi.name}>
      <figcaption>
        <span className="sv-kpi-title">{kpi.title}</span>
        <span className="sv-kpi-value tabular">{total === null ? '—' : kpi.format(total)}</span>
        <span className="muted small">
          {period}: {latest === null ? '—' : kpi.format(latest)}
        </span>
      </figcaption>
      <TrendChart
        points={points}
        bucket={metrics.bucket}
        format={kpi.format}
        {...(kpi.max !== undefined ? { max: kpi.max } : {})}
        {...(kpi.unit ? { unit: kpi.unit } : {})}
        kind={kpi.kind}
        label={`${kpi.title} per ${metrics.bucket}`}
      />
    </figure>
  );
}
