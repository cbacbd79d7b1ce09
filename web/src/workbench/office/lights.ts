/** A light from what each API says: supervision's `light`, routing's `urgency`, or intake's
 * `overdue` and `current_due` (yellow within the same 3 days routing and supervision use). */
export type Light = 'red' | 'yellow' | 'green'

export const DUE_SOON_DAYS = 3

export function lightOfUrgency(urgency: string | null | undefined): Light | null {
  if (urgency === 'overdue') return 'red'
  if (urgency === 'due_soon') return 'yellow'
  if (urgency === 'on_time') return 'green'
  return null
}

export function todayIso(now = new Date()): string {
  const y = now.getFullYear()
  const m = String(now.getMonth() + 1).padStart(2, '0')
  const d = String(now.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number)
  return todayIso(new Date(y, m - 1, d + days))
}

export function lightOfPetition(p: { overdue?: boolean; current_due?: string | null }, today = todayIso()): Light | null {
  if (p.overdue) return 'red'
  if (!p.current_due) return null
  return p.current_due <= addDays(today, DUE_SOON_DAYS) ? 'yellow' : 'green'
}
