/**
 * Lights (红灯/黄灯/绿灯): red = overdue, yellow = due soon, green = otherwise. The queue's API
 * gives each item's `urgency`; for a single petition the page reads its current due date.
 */

export type Light = 'red' | 'yellow' | 'green'

/** Days before a due date that count as "due soon": routing's and supervision's default. */
export const DUE_SOON_DAYS = 3

/** The city's date today (the browser runs in the city's zone), as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear()
  const m = String(now.getMonth() + 1).padStart(2, '0')
  const d = String(now.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number)
  return todayIso(new Date(y, m - 1, d + days))
}

/** The light of a running due date; null when nothing is due (the petition waits on nobody). */
export function lightOfDue(due: string | null | undefined, today: string = todayIso(), soonDays = DUE_SOON_DAYS): Light | null {
  if (!due) return null
  if (due < today) return 'red'
  return due <= addDays(today, soonDays) ? 'yellow' : 'green'
}

/** routing's queue item `urgency` → its light. */
export function lightOfUrgency(urgency: string | null | undefined): Light | null {
  if (urgency === 'overdue') return 'red'
  if (urgency === 'due_soon') return 'yellow'
  if (urgency === 'on_time') return 'green'
  return null
}

export const LIGHT_TAG: Record<Light, 'danger' | 'warning' | 'success'> = {
  red: 'danger',
  yellow: 'warning',
  green: 'success',
}
