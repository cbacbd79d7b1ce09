/** A light from what each API says: supervision's `light`, routing's `urgency`, or intake's
 * `overdue` and `current_due` (yellow within the same 3 days routing and supervision use). */
// The light's kinds, its days and routing's urgency are the kit's (kit/light.ts); what is the
// office's own is the light of an intake petition summary.
import { DUE_SOON_DAYS, todayIso, type Light } from '../kit/light'

export { DUE_SOON_DAYS, lightOfUrgency, todayIso, type Light } from '../kit/light'

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number)
  return todayIso(new Date(y, m - 1, d + days))
}

export function lightOfPetition(p: { overdue?: boolean; current_due?: string | null }, today = todayIso()): Light | null {
  if (p.overdue) return 'red'
  if (!p.current_due) return null
  return p.current_due <= addDays(today, DUE_SOON_DAYS) ? 'yellow' : 'green'
}
