/**
 * A report's period, pure: the kinds a leader picks (日/周/月/自定义), the first and last
 * day of each (a week is Monday to Sunday, as the index counts it), and the words a title
 * says it in (2025年3月, 2025年3月31日至4月6日).
 */
export type PeriodKind = 'day' | 'week' | 'month' | 'custom'
export const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'week', 'month', 'custom']

export interface Range {
  start: string
  end: string
}

const pad = (n: number) => String(n).padStart(2, '0')

export function iso(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

function parse(day: string): Date {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y, m - 1, d)
}

/** The first and last day of the period of `kind` that holds `start` (custom: to `end`). */
export function rangeOf(kind: PeriodKind, start: string, end?: string): Range {
  const d = parse(start)
  if (kind === 'day') return { start, end: start }
  if (kind === 'week') {
    const monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7))
    const sunday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 6)
    return { start: iso(monday), end: iso(sunday) }
  }
  if (kind === 'month') {
    return { start: iso(new Date(d.getFullYear(), d.getMonth(), 1)), end: iso(new Date(d.getFullYear(), d.getMonth() + 1, 0)) }
  }
  return { start, end: end ?? start }
}

function words(day: string, withYear: boolean): string {
  const d = parse(day)
  return `${withYear ? `${d.getFullYear()}年` : ''}${d.getMonth() + 1}月${d.getDate()}日`
}

/** How a title names the period: 2025年3月 for a month, 2025年3月5日 for a day, else
 * from–to (the second year left out when it is the same). */
export function periodWords(kind: string, r: Range): string {
  const s = parse(r.start)
  if (kind === 'month') return `${s.getFullYear()}年${s.getMonth() + 1}月`
  if (r.start === r.end) return words(r.start, true)
  const sameYear = r.start.slice(0, 4) === r.end.slice(0, 4)
  return `${words(r.start, true)}至${words(r.end, !sameYear)}`
}
