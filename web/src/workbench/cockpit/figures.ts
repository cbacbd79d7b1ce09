/**
 * How the cockpit writes the statistics' numbers, pure (no Vue): a rate as a percentage or
 * days, a change (同比, 环比) with its sign, and whether a change is good news. Red is bad and
 * green is good, so a rising repeat share is red and a rising satisfaction green.
 */

export type Verdict = 'better' | 'worse' | 'same' | 'none'

export const VERDICT_COLOURS: Record<Verdict, string> = {
  better: '#1a7f3c', // darker than the grades' green: text on white, 4.5:1 at least
  worse: '#c0392b',
  same: '#606266',
  none: '#606266',
}

/** 92.3% for a ratio, 5.2 天 for days, — when nothing was there to measure. */
export function rateText(value: number | null | undefined, unit: 'ratio' | 'days', days = '天'): string {
  if (value === null || value === undefined) return '—'
  return unit === 'ratio' ? `${(value * 100).toFixed(1)}%` : `${value.toFixed(1)} ${days}`
}

/** A relative change as +12.5% or −3.0%; — when there was nothing to compare with. */
export function changeText(change: number | null | undefined): string {
  if (change === null || change === undefined) return '—'
  const pct = (change * 100).toFixed(1)
  if (Number(pct) === 0) return '0.0%'
  return change > 0 ? `+${pct}%` : `−${pct.slice(1)}%`
}

/** Whether a rate's change is good news: `good` is which way the index says is good
 * (services/index/domain/rates.py), high for satisfaction, low for a repeat share. */
export function verdict(good: 'high' | 'low', change: number | null | undefined): Verdict {
  if (change === null || change === undefined) return 'none'
  if (Math.abs(change) < 0.0005) return 'same'
  return change > 0 === (good === 'high') ? 'better' : 'worse'
}

/** The `n` largest by petitions (件次), ties by name, leaving out empty ones. */
export function top<T extends { petitions: number; name: string }>(items: readonly T[], n: number): T[] {
  return items
    .filter((x) => x.petitions > 0)
    .sort((a, b) => b.petitions - a.petitions || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, n)
}

/** 2025-03-01 → 3月 (a series' bucket as a month's name). */
export function monthName(key: string): string {
  const month = Number(key.slice(5, 7))
  return Number.isFinite(month) && month > 0 ? `${month}月` : key
}

/** A period as its days: 2026-11-01 至 2026-11-04, or the one day. */
export function spanText(p: { start: string; end: string }): string {
  return p.start === p.end ? p.start : `${p.start} 至 ${p.end}`
}
