/**
 * What the cockpit's colours and groupings mean, pure (no Vue, no ECharts): the index's four
 * grades and feedback's four satisfaction colours, the leader's own region and the regions
 * just below it, and light counts rolled up to those regions. Red is bad and green is good
 * everywhere: the grades' hues are the health check's (services/index/domain/report.py), the
 * satisfaction colours feedback's charts' (services/feedback/application/charts.py).
 */
import type { Region } from '../../lib/reference'

export type Grade = 1 | 2 | 3 | 4
export type Satisfaction = 'green' | 'blue' | 'yellow' | 'red' | 'none'
export type Colouring = 'grade' | 'satisfaction'

/** 一级 is the most serious (red), 四级 routine management (green). */
export const GRADES: readonly Grade[] = [1, 2, 3, 4]
export const GRADE_COLOURS: Record<Grade, string> = { 1: '#c0392b', 2: '#e67e22', 3: '#f1c40f', 4: '#27ae60' }

/** Best first, as feedback's thresholds (90, 80, 70); "none": nobody rated yet. */
export const SATISFACTIONS: readonly Satisfaction[] = ['green', 'blue', 'yellow', 'red', 'none']
export const SATISFACTION_COLOURS: Record<Satisfaction, string> = {
  green: '#2e9d4f',
  blue: '#2f6fd1',
  yellow: '#e6b422',
  red: '#d23c3c',
  none: '#9e9e9e',
}

/** The region a user's org belongs to: a region's own code, or the part before a
 * department's suffix (320831-ZJJ → 320831). */
export function homeRegion(org: string): string {
  return org.split('-')[0]
}

/** Every region by code, with its parent. */
export function regionIndex(regions: readonly Region[]): Map<string, { region: Region; parent: string | null }> {
  const out = new Map<string, { region: Region; parent: string | null }>()
  const walk = (r: Region, parent: string | null) => {
    out.set(r.code, { region: r, parent })
    for (const c of r.children ?? []) walk(c, r.code)
  }
  for (const r of regions) walk(r, null)
  return out
}

/**
 * The regions the cockpit shows for a leader of `root`: the city's districts and counties for
 * the city's leader; for a county's leader the county alone (its map is the county's own
 * shape), its townships listed below it.
 */
export function shownRegions(root: Region): Region[] {
  return root.level === 'city' ? [...(root.children ?? [])] : [root]
}

export interface LightCounts {
  red: number
  yellow: number
  green: number
}

/** Supervision counts lights by a petition's own (village or township) region: add them up
 * into `targets` (each the region itself or an ancestor of the counted ones). */
export function rollUpLights(
  groups: Record<string, LightCounts>,
  targets: readonly string[],
  root: string,
  index: Map<string, { region: Region; parent: string | null }>,
): Record<string, LightCounts> {
  const out: Record<string, LightCounts> = {}
  for (const t of targets) out[t] = { red: 0, yellow: 0, green: 0 }
  for (const [code, c] of Object.entries(groups)) {
    const chain: string[] = []
    for (let at: string | null = code; at && chain.length < 10; at = index.get(at)?.parent ?? null) chain.push(at)
    if (!chain.includes(root)) continue
    const target = chain.find((x) => x in out)
    if (!target) continue
    out[target].red += c.red
    out[target].yellow += c.yellow
    out[target].green += c.green
  }
  return out
}

/** The names the map's boundaries carry, against the reference data's: a region whose name
 * has no boundary is shown beside the map. */
export function splitByBoundary(regions: readonly Region[], boundaryNames: ReadonlySet<string>): { drawn: Region[]; beside: Region[] } {
  return {
    drawn: regions.filter((r) => boundaryNames.has(r.name_zh)),
    beside: regions.filter((r) => !boundaryNames.has(r.name_zh)),
  }
}
