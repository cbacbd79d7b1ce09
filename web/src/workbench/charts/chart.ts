/**
 * What a custom chart (定制图表) draws, pure (no Vue, no ECharts instance): which dimensions a
 * measure can be split by (as index says: services/index/domain/charts.py), the colours of its
 * points (red bad, green good: the cockpit's grade hues, cockpit/scheme.ts), the ECharts option
 * of each chart type, and the CSV columns of its rows.
 */
import type { CsvColumn } from '../kit/csv'
import { GRADE_COLOURS } from '../cockpit/scheme'

export type MeasureKey =
  | 'petitions'
  | 'people'
  | 'on_time_completion_rate'
  | 'first_visit_resolution_rate'
  | 'avg_handling_days'
  | 'timely_acceptance_rate'
  | 'participation_rate'
  | 'satisfaction_rate'
  | 'repeat_share'
  | 'collective_share'
  | 'skip_level_share'
  | 'index'
export type Dimension = 'region' | 'category' | 'channel' | 'department' | 'period'
export type ChartType = 'line' | 'bar' | 'pie' | 'map' | 'table'
export type PeriodKind = 'day' | 'week' | 'month' | 'year' | 'custom'

export const MEASURES: readonly MeasureKey[] = [
  'petitions',
  'people',
  'satisfaction_rate',
  'index',
  'on_time_completion_rate',
  'first_visit_resolution_rate',
  'timely_acceptance_rate',
  'participation_rate',
  'avg_handling_days',
  'repeat_share',
  'collective_share',
  'skip_level_share',
]
export const DIMENSIONS: readonly Dimension[] = ['region', 'category', 'channel', 'department', 'period']
export const CHART_TYPES: readonly ChartType[] = ['bar', 'line', 'pie', 'map', 'table']
export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'year', 'week', 'day', 'custom']

/** The figures index answers for a chart (POST /v1/charts/data). */
export interface ChartRow {
  key: string
  name: string
  value: number | null
}

export interface Figures {
  title: string
  measure_name: string
  dimension: Dimension
  dimension_name: string
  unit: string
  good: 'high' | 'low'
  region: string
  period_text: string
  rows: ChartRow[]
}

/** What a chart picks, as index stores it. */
export interface Definition {
  measure: MeasureKey
  dimension: Dimension
  chart_type: ChartType
  region: string
  period: PeriodKind
  from?: string | null
  to?: string | null
  category?: string | null
}

/** The dimensions index can split a measure by: counts by all, the rates (from the rolled-up
 * facts) by region, category and period, the index by region and period. */
export function dimensionsFor(measure: MeasureKey): Dimension[] {
  if (measure === 'petitions' || measure === 'people') return [...DIMENSIONS]
  if (measure === 'index') return ['region', 'period']
  return ['region', 'category', 'period']
}

/** A map draws regions only. */
export function typesFor(dimension: Dimension): ChartType[] {
  return CHART_TYPES.filter((c) => c !== 'map' || dimension === 'region')
}

/** The definition made consistent after one pick changed: a dimension the measure takes, a
 * type the dimension takes, no category for the index. */
export function settle(d: Definition): Definition {
  const dims = dimensionsFor(d.measure)
  const dimension = dims.includes(d.dimension) ? d.dimension : dims[0]
  const chart_type = typesFor(dimension).includes(d.chart_type) ? d.chart_type : 'bar'
  const category = d.measure === 'index' ? null : (d.category ?? null)
  const to = d.period === 'custom' ? (d.to ?? null) : null
  return { ...d, dimension, chart_type, category, to }
}

const STOPS = [GRADE_COLOURS[1], GRADE_COLOURS[2], GRADE_COLOURS[3], GRADE_COLOURS[4]] // red … green
const NO_DATA = '#c8cdd3'

/** A point's colour among the rows' values: the best green, the worst red (for petitions the
 * fewest are best), in four steps; one value alone, or all equal, is the middle's green. */
export function colourOf(value: number | null, values: readonly (number | null)[], good: 'high' | 'low'): string {
  if (value === null) return NO_DATA
  const known = values.filter((v): v is number => v !== null)
  const lo = Math.min(...known)
  const hi = Math.max(...known)
  if (hi === lo) return STOPS[3]
  const share = (value - lo) / (hi - lo) // 0 lowest … 1 highest
  const goodness = good === 'high' ? share : 1 - share
  return STOPS[Math.min(3, Math.floor(goodness * 4))]
}

/** The rows a chart draws: for a map or a pie, the region's own level (本级) and the empty
 * are left out (they have no boundary, or no slice); the table and CSV keep every row. */
export function drawnRows(f: Figures, type: ChartType): ChartRow[] {
  if (type === 'map' || type === 'pie') return f.rows.filter((r) => r.key !== f.region && r.value !== null && r.value !== 0)
  return f.rows
}

/** The name a region row carries on the map: the boundaries are named as the reference data
 * names regions, without the 本级 suffix. */
export function mapNames(f: Figures): string[] {
  return drawnRows(f, 'map').map((r) => r.name)
}

type Option = Record<string, unknown>

export function optionFor(f: Figures, type: ChartType, mapName = ''): Option {
  const rows = drawnRows(f, type)
  const values = rows.map((r) => r.value)
  const colour = (v: number | null) => colourOf(v, values, f.good)
  const unitName = `${f.measure_name}（${f.unit}）`
  const title = { text: f.title, left: 'center', top: 4, textStyle: { fontSize: 15 } }
  const base = { backgroundColor: '#ffffff', title, tooltip: { trigger: type === 'line' ? 'axis' : 'item' } }
  if (type === 'pie') {
    return {
      ...base,
      legend: { type: 'scroll', bottom: 0, left: 'center' },
      series: [
        {
          type: 'pie',
          name: unitName,
          radius: ['0%', '52%'],
          center: ['50%', '52%'],
          label: { formatter: `{b}：{c}${f.unit}` },
          data: rows.map((r) => ({ name: r.name, value: r.value, itemStyle: { color: colour(r.value) } })),
        },
      ],
    }
  }
  if (type === 'map') {
    return {
      ...base,
      series: [
        {
          type: 'map',
          map: mapName,
          name: unitName,
          roam: false,
          selectedMode: false,
          top: 44,
          bottom: 8,
          // Names only: the districts of the city's centre are small; the values are in the
          // tooltip and in the table beneath.
          label: { show: true, color: '#1f2328', fontSize: 12, textBorderColor: '#fff', textBorderWidth: 3 },
          tooltip: { formatter: (p: { name: string; value: unknown }) => `${p.name}：${typeof p.value === 'number' ? p.value : '—'}${f.unit}` },
          itemStyle: { borderColor: '#ffffff', borderWidth: 1.5 },
          data: rows.map((r) => ({ name: r.name, value: r.value, itemStyle: { areaColor: colour(r.value) } })),
        },
      ],
    }
  }
  const many = rows.length > 8
  return {
    ...base,
    grid: { top: 56, left: 12, right: 16, bottom: 12, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { interval: type === 'line' ? 'auto' : 0, rotate: many ? 40 : 0, hideOverlap: true },
    },
    yAxis: { type: 'value', name: f.unit, nameTextStyle: { align: 'right' }, minInterval: f.unit === '件' || f.unit === '人次' ? 1 : 0 },
    series: [
      type === 'line'
        ? { type: 'line', name: unitName, data: values, connectNulls: false, symbolSize: 6, lineStyle: { color: '#2f6fd1' }, itemStyle: { color: '#2f6fd1' } }
        : { type: 'bar', name: unitName, barMaxWidth: 36, data: rows.map((r) => ({ value: r.value, itemStyle: { color: colour(r.value) } })) },
    ],
  }
}

export function csvColumns(f: Figures): CsvColumn<ChartRow>[] {
  return [
    { header: f.dimension_name, value: (r) => r.name },
    { header: `${f.measure_name}（${f.unit}）`, value: (r) => r.value },
    { header: '代码', value: (r) => r.key },
  ]
}

/** A file name from a chart's name or title: no characters a file system refuses. */
export function fileName(name: string, ext: string): string {
  const safe = name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) || '图表'
  return `${safe}.${ext}`
}
