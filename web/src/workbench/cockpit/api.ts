/**
 * What the cockpit reads, through the typed clients. The services answer `Any`, so each shape
 * is declared here as the services build it: index's scorecards and health check
 * (services/index/application/scorecards.py, domain/report.py), its measures and surges
 * (application/measures.py, surges.py), supervision's light counts (case_reads.py) and
 * feedback's satisfaction by region (application/satisfaction.py figures), and intake's
 * search for a region's petitions.
 */
import { feedback, indexApi, intake, supervision } from '../../api/clients'
import type { components } from '../../api/schema/index'
import type { Grade, LightCounts, Satisfaction } from './scheme'

export interface Factor {
  id: string
  name: string
  metric: string
  type: string
  weight: number
  value: number | null
  score: number | null
  contribution: number
}

export interface Period {
  kind?: string
  start: string
  end: string
}

export interface Scorecard {
  subject_kind: 'region' | 'department'
  subject: string
  name: string
  period: Period
  total: number
  grade: Grade
  factors: Factor[]
  trend: { previous_total: number; previous_grade: Grade; change: number }
}

export interface HealthCheck {
  scorecard: Scorecard
  sub_regions: Scorecard[]
  analysis: string[]
}

export interface Measure {
  measure_id: string
  subject: string
  grade: Grade
  kind: string
  addressee: string
  issued_on: string
  due_on: string | null
  period_start: string
  period_end: string
  completed_on: string | null
  overdue: boolean
}

export interface Surge {
  region_code: string
  category_code: string
  active: boolean
  share: number
  changed_on: string
}

export interface SatisfactionGroup {
  code: string
  rated: number
  score: number | null
  colour: Satisfaction
}

/** The periods a leader picks: today, this week, this month (index's period kinds). */
export type PeriodKind = 'day' | 'week' | 'month'

export async function healthCheck(region: string, period: PeriodKind): Promise<HealthCheck> {
  const { data } = await indexApi.GET('/v1/index/reports/{region}', { params: { path: { region }, query: { period } } })
  return data as HealthCheck
}

/** The health check as index prints it (HTML), for a new tab. */
export function healthCheckHtmlUrl(region: string, period: PeriodKind): string {
  return `/api/index/v1/index/reports/${encodeURIComponent(region)}?format=html&period=${period}`
}

export async function openMeasures(region: string): Promise<Measure[]> {
  const { data } = await indexApi.GET('/v1/index/measures', { params: { query: { region, open_only: true } } })
  return (data as { items: Measure[] }).items
}

export async function surges(region: string): Promise<Surge[]> {
  const { data } = await indexApi.GET('/v1/index/surges', { params: { query: { region } } })
  return (data as { items: Surge[] }).items
}

export async function lightsOf(by: 'region' | 'department', region: string): Promise<Record<string, LightCounts>> {
  const { data } = await supervision.GET('/v1/lights', { params: { query: { by, region } } })
  return (data as { groups: Record<string, LightCounts> }).groups
}

export async function satisfactionByRegion(): Promise<SatisfactionGroup[]> {
  const { data } = await feedback.GET('/v1/satisfaction', { params: { query: { by: 'region' } } })
  return (data as { groups: SatisfactionGroup[] }).groups
}

/** A petition as intake's search lists it (services/intake/api/views.py summary). */
export interface PetitionRow {
  id: string
  tracking_code: string | null
  status: string
  category_code: string
  region_code: string
  received_on: string
  current_due: string | null
  overdue: boolean
}

/** The newest petitions about a region (and every region below it), as intake lists them. */
export async function recentIn(region: string, limit = 10): Promise<PetitionRow[]> {
  const { data } = await intake.GET('/v1/petitions', { params: { query: { region, limit } } })
  return (data as { items: PetitionRow[] }).items
}

/** Index's statistics (services/index/api/stats.py): their answers are typed models. */
export type Counts = components['schemas']['CountsAnswer']
export type CountItem = components['schemas']['CountItem']
export type Rates = components['schemas']['RatesAnswer']
export type Rate = components['schemas']['RateOut']
export type HotWords = components['schemas']['HotWordsAnswer']
type StatsPeriod = PeriodKind | 'year'
type CountsBy = 'region' | 'major' | 'minor' | 'channel' | 'kind' | 'level' | 'department' | 'status' | 'day' | 'week' | 'month'

export async function counts(region: string, by: CountsBy, period: StatsPeriod): Promise<Counts> {
  const { data } = await indexApi.GET('/v1/stats/counts', { params: { query: { region, by, period } } })
  return data as Counts
}

export async function rates(region: string, period: StatsPeriod): Promise<Rates> {
  const { data } = await indexApi.GET('/v1/stats/rates', { params: { query: { region, period } } })
  return data as Rates
}

export async function hotWords(region: string, period: StatsPeriod, limit = 12): Promise<HotWords> {
  const { data } = await indexApi.GET('/v1/stats/hot-words', { params: { query: { region, period, limit } } })
  return data as HotWords
}
