/** A history entry in plain words: what happened, who did it (role · org · user), when. */
import type { HistoryEntry } from '../../kit/petition'

type T = (key: string, named?: Record<string, unknown>) => string
type Te = (key: string) => boolean

export function eventWord(type: string, t: T, te: Te): string {
  const key = `wb.frame.events.${type.replace(/^petition\./, '')}`
  return te(key) ? t(key) : type
}

export function actorWords(h: HistoryEntry, t: T, te: Te, org: (code: string) => string): string {
  const a = h.actor
  if (a.role === 'system' || a.user_id === 'system') return t('wb.frame.actors.system')
  const roleKey = `roles.${a.role}`
  const role = te(roleKey) ? t(roleKey) : te(`wb.frame.actors.${a.role}`) ? t(`wb.frame.actors.${a.role}`) : a.role
  return t('wb.frame.petition.by', { role, org: org(a.org), user: a.user_id })
}

/** 2026-03-01T09:30:00+08:00 → 2026-03-01 09:30 in the browser's (the city's) zone. */
export function when(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
