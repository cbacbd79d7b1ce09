/**
 * Supervision's audit log (GET /api/supervision/v1/audit/…): the rows `sunshine replay`
 * shows (services/supervision/domain/timeline.py). The contract names some fields
 * differently from replay's JSON (`occurred_at`/`at`, `actor_user`/`user_id`,
 * `deadline_met`/`met`): a row is read in either spelling, so the page works with both.
 */
import { intake } from '../../api/clients'
import { request } from '../../lib/api'
import type { Page } from '../kit/cursorList'

export const AUDIT = '/api/supervision/v1/audit'

export interface RawRow {
  [key: string]: unknown
}

export interface AuditRow {
  key: string
  at: string
  petitionId: string
  version: number | null
  eventType: string
  user: string
  role: string
  org: string
  what: string
  /** The step whose deadline this event set or ended. */
  deadline: string | null
  dueOn: string | null
  /** true met, false missed, null: no deadline ended here. */
  met: boolean | null
  /** 'petition': an event of the petition's own log; 'supervision': supervision's act on it
   * (an accountability record, a sanction, an urging, an instruction, a pause). */
  source: 'petition' | 'supervision'
  /** `at` is a day (YYYY-MM-DD), not a moment: an act supervision kept before it kept the
   * instant of each act's event. */
  dayOnly: boolean
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v))
const pick = (r: RawRow, ...names: string[]): unknown => {
  for (const n of names) if (r[n] !== undefined && r[n] !== null) return r[n]
  return null
}

export function normalise(r: RawRow, i: number): AuditRow {
  const met = pick(r, 'deadline_met', 'met')
  const version = pick(r, 'version')
  return {
    key: str(pick(r, 'event_id', 'position')) || String(i),
    at: str(pick(r, 'occurred_at', 'at')),
    petitionId: str(pick(r, 'petition_id')),
    version: typeof version === 'number' ? version : null,
    eventType: str(pick(r, 'event_type')),
    user: str(pick(r, 'actor_user', 'user_id')),
    role: str(pick(r, 'actor_role', 'role')),
    org: str(pick(r, 'actor_org', 'org')),
    what: str(pick(r, 'what')),
    deadline: (pick(r, 'deadline') as string | null) ?? null,
    dueOn: (pick(r, 'due_on', 'deadline_due') as string | null) ?? null,
    met: typeof met === 'boolean' ? met : null,
    source: 'petition',
    dayOnly: false,
  }
}

/**
 * Where a row stands in time, in ms: its instant. An act known by its day only (kept before
 * supervision kept instants) stands at the start of that day in the city, as far as the day
 * can say.
 */
export function sortKey(r: Pick<AuditRow, 'at' | 'dayOnly'>): number {
  const t = Date.parse(r.dayOnly ? `${r.at}T00:00:00+08:00` : r.at)
  return Number.isNaN(t) ? 0 : t
}

/**
 * The petition's own rows and supervision's acts on it as one timeline, in time order. An act
 * never stands before the petition's first event (supervision acts only on a petition it
 * knows: an urging on the day of registration follows the registration); at one moment the
 * petition's rows come first, and rows keep the order they came in.
 */
export function mergeTimeline(events: AuditRow[], acts: AuditRow[]): AuditRow[] {
  const first = events.length ? Math.min(...events.map(sortKey)) : -Infinity
  const keyed = [
    ...events.map((row, i) => ({ row, i, key: sortKey(row), act: 0 })),
    ...acts.map((row, i) => ({ row, i, key: Math.max(sortKey(row), first), act: 1 })),
  ]
  return keyed.sort((a, b) => a.key - b.key || a.act - b.act || a.i - b.i).map((x) => x.row)
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CHECK = ALPHABET + '*~$=U'

/**
 * Whether the text is a tracking code (15 Crockford base32 characters and a check character,
 * usually grouped XXXX-XXXX-XXXX-XXXX: services/intake/domain/tracking.py) rather than a
 * petition id. The audit log is keyed by petition id, so a tracking code is first turned into
 * the petition's id.
 */
export function isTrackingCode(text: string): boolean {
  const raw = text.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1')
  if (raw.length !== 16) return false
  const body = raw.slice(0, 15)
  if ([...body].some((ch) => !ALPHABET.includes(ch))) return false
  let value = 0n
  for (const ch of body) value = value * 32n + BigInt(ALPHABET.indexOf(ch))
  return CHECK[Number(value % 37n)] === raw[15]
}

/** The id of the petition with this tracking code, among those the caller may read in intake
 * (GET /v1/petitions?tracking_code=); null when there is none. */
export async function petitionIdByTrackingCode(code: string): Promise<string | null> {
  const { data } = await intake.GET('/v1/petitions', { params: { query: { tracking_code: code, limit: 1 } } })
  const items = (data as { items?: { id: string }[] } | undefined)?.items ?? []
  return items[0]?.id ?? null
}

export async function petitionTimeline(id: string): Promise<AuditRow[]> {
  const body = await request<{ rows: RawRow[] }>('GET', `${AUDIT}/petitions/${encodeURIComponent(id)}`)
  return (body.rows ?? []).map(normalise)
}

export interface ActionsQuery {
  org: string
  user: string
  since: string | null
  until: string | null
}

export async function actionsPage(q: ActionsQuery, cursor: string | null, limit: number): Promise<Page<AuditRow>> {
  const params = new URLSearchParams()
  if (q.org) params.set('org', q.org)
  if (q.user) params.set('user', q.user)
  if (q.since) params.set('since', q.since)
  if (q.until) params.set('until', q.until)
  if (cursor) params.set('cursor', cursor)
  params.set('limit', String(limit))
  const body = await request<{ items: RawRow[]; next_cursor: string | null }>('GET', `${AUDIT}/actions?${params}`)
  return { items: (body.items ?? []).map(normalise), next_cursor: body.next_cursor ?? null }
}

/** A row's time as the page shows it: a moment in the city's time, or the day alone. */
export function shownAt(r: Pick<AuditRow, 'at' | 'dayOnly'>): string {
  return r.dayOnly ? r.at : cityTime(r.at)
}

/** `2025-03-01T02:03:04.123456+00:00` as the city's local time, to the second. */
export function cityTime(at: string): string {
  const t = Date.parse(at)
  if (Number.isNaN(t)) return at
  const f = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  })
  return f.format(new Date(t)).replace(/\//g, '-')
}
