/**
 * What the report pages read, through the typed clients: index's health check (live for a
 * period, or one it kept) and feedback's satisfaction report (live for a region and period,
 * or kept), and each service's list of a region's kept reports. The reports' bodies are
 * `Any` in the services' OpenAPI: their shapes are declared here as the services build them
 * (services/index/domain/report.py; services/feedback/application/report.py, satisfaction.py).
 */
import { feedback, indexApi } from '../../api/clients'
import type { HealthCheck } from '../cockpit/api'
import type { Satisfaction } from '../cockpit/scheme'
import type { PeriodKind } from './periods'

export type { HealthCheck }
export type Cadence = 'week' | 'month'
export type ReportKind = 'health-check' | 'satisfaction'

export interface Aspect {
  counts: Record<string, number>
  satisfied: number
  rate: number | null
}

export interface Figures {
  rated: number
  unit: Aspect
  result: Aspect
  score: number | null
}

export interface RegionFigures extends Figures {
  code: string
  name: string
  level: string | null
  colour: Satisfaction
  rank: number | null
}

export interface DepartmentFigures extends Figures {
  code: string
  name: string
  rank: number | null
}

export interface SatisfactionReport {
  period: { from: string; to: string }
  overall: Figures
  regions: RegionFigures[]
  departments: DepartmentFigures[]
  revisits: { opened: number; done: number; resolved: number; done_late: number; surveys_answered: number }
  analysis: string[]
}

export interface KeptSummary {
  region: string
  name: string
  cadence: Cadence
  period: { start: string; end: string }
  generated_at: string
}

export interface Kept<T> extends KeptSummary {
  body: T
}

export async function healthCheck(region: string, period: PeriodKind, start: string, end?: string): Promise<HealthCheck> {
  const query = { period, start, ...(period === 'custom' ? { end } : {}) }
  const { data } = await indexApi.GET('/v1/index/reports/{region}', { params: { path: { region }, query } })
  return data as HealthCheck
}

export async function satisfaction(region: string, from: string, to: string): Promise<SatisfactionReport> {
  const { data } = await feedback.GET('/v1/satisfaction/report', { params: { query: { region, from, to } } })
  return data as SatisfactionReport
}

export async function keptHealthChecks(region: string): Promise<KeptSummary[]> {
  const { data } = await indexApi.GET('/v1/index/kept-reports', { params: { query: { region } } })
  return (data?.items ?? []) as KeptSummary[]
}

export async function keptSatisfaction(region: string): Promise<KeptSummary[]> {
  const { data } = await feedback.GET('/v1/satisfaction/kept-reports', { params: { query: { region } } })
  return (data?.items ?? []) as KeptSummary[]
}

export async function keptHealthCheck(region: string, cadence: Cadence, start: string): Promise<Kept<HealthCheck>> {
  const { data } = await indexApi.GET('/v1/index/kept-reports/{region}/{cadence}/{start}', {
    params: { path: { region, cadence, start } },
  })
  return data as unknown as Kept<HealthCheck>
}

export async function keptSatisfactionReport(region: string, cadence: Cadence, start: string): Promise<Kept<SatisfactionReport>> {
  const { data } = await feedback.GET('/v1/satisfaction/kept-reports/{region}/{cadence}/{start}', {
    params: { path: { region, cadence, start } },
  })
  return data as unknown as Kept<SatisfactionReport>
}
