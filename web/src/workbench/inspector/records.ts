/**
 * Accountability records as supervision's GET /v1/records returns them
 * (services/supervision/application/record_reads.py), the query the records page sends for
 * its filters, and what the page shows of a record in Chinese: the record's `what` is written
 * by the projection in English, so the page says it again from the same facts.
 */
import { supervision } from '../../api/clients'
import type { Page } from '../kit/cursorList'

export interface SanctionRow {
  event_id: string
  record_id: string
  sanction: string
  person: string
  decided_on: string
  /** The instant it was recorded (UTC); null on a sanction recorded before it was kept. */
  decided_at?: string | null
  decided_by: string
  note: string
}

export interface AccountabilityRecord {
  record_id: string
  reason: string
  petition_id: string
  step: string | null
  department: string | null
  handler: string | null
  case_owner: string | null
  /** The case owner's name while the case still has that owner. */
  case_owner_name?: string | null
  region_code: string | null
  what: string
  occurred_on: string
  /** The instant supervision found it (UTC); null on a record made before it was kept. */
  found_at?: string | null
  event_ids: string[]
  sanctions: SanctionRow[]
}

export const REASONS = ['overdue', 'dissatisfied_after_revisit', 'repeat_after_mishandling', 'skip_level_after'] as const
export const SANCTIONS = ['admonishment_talk', 'disciplinary', 'dismissal'] as const
export const KINDS = ['suggestion', 'accusation', 'claim'] as const

export type Said =
  | { kind: 'overdue'; step: string; due: string; days: string; completedOn: string | null }
  | { kind: 'followup'; repeat: boolean; petition: string }
  | { kind: 'dissatisfied'; revisitedOn: string; outcome: string }
  | { kind: 'other'; text: string }

const OVERDUE = /^step (\S+) due (\S+) missed by (\d+) day\(s\), (?:still open|completed (\S+))$/
const FOLLOWUP = /^(repeat|skip-level) petition (\S+) followed /
const DISSATISFIED = /^不满意 still standing after the revisit of (\S+): ([\s\S]*)$/

/** The facts in a record's `what` (see projections/accountability.py and domain/fold.py). */
export function parseWhat(what: string): Said {
  const o = OVERDUE.exec(what)
  if (o) return { kind: 'overdue', step: o[1], due: o[2], days: o[3], completedOn: o[4] ?? null }
  const f = FOLLOWUP.exec(what)
  if (f) return { kind: 'followup', repeat: f[1] === 'repeat', petition: f[2] }
  const d = DISSATISFIED.exec(what)
  if (d) return { kind: 'dissatisfied', revisitedOn: d[1], outcome: d[2] }
  return { kind: 'other', text: what }
}

/** The records page's filters, as the user set them. */
export interface RecordFilters {
  region: string | null
  department: string
  reason: string
  kind: string
  petitionId: string
  /** YYYY-MM-DD, both days included; '' or null: open-ended. */
  since: string | null
  until: string | null
  /** '' any, 'none' no sanction yet, 'any' at least one, or one sanction. */
  sanction: string
  newestFirst: boolean
}

export const NO_FILTERS: RecordFilters = {
  region: null,
  department: '',
  reason: '',
  kind: '',
  petitionId: '',
  since: null,
  until: null,
  sanction: '',
  newestFirst: true,
}

export interface RecordQuery {
  region?: string
  department?: string
  reason?: string
  kind?: (typeof KINDS)[number]
  petition_id?: string
  since?: string
  until?: string
  sanction?: (typeof SANCTIONS)[number] | 'none' | 'any'
  order?: 'oldest' | 'newest'
}

/** Every filter as the API takes it: the server filters, so nothing outside them is sent. */
export function recordQuery(f: RecordFilters): RecordQuery {
  const q: RecordQuery = {}
  const text = (s: string | null | undefined) => (s ?? '').trim()
  if (f.region) q.region = f.region
  if (text(f.department)) q.department = text(f.department)
  if (f.reason) q.reason = f.reason
  if ((KINDS as readonly string[]).includes(f.kind)) q.kind = f.kind as RecordQuery['kind']
  if (text(f.petitionId)) q.petition_id = text(f.petitionId)
  if (f.since) q.since = f.since
  if (f.until) q.until = f.until
  if (f.sanction) q.sanction = f.sanction as RecordQuery['sanction']
  q.order = f.newestFirst ? 'newest' : 'oldest'
  return q
}

/** One page of the records the query selects (the caller's scope applied by supervision). */
export async function recordsPage(q: RecordQuery, cursor: string | null, limit: number): Promise<Page<AccountabilityRecord>> {
  const { data } = await supervision.GET('/v1/records', {
    params: { query: { ...q, limit, cursor: cursor ?? undefined } },
  })
  const page = data as { items: AccountabilityRecord[]; next_cursor?: string | null }
  return { items: page.items, next_cursor: page.next_cursor ?? null }
}

/** Every record the query selects, page after page (the export, the auditor's timeline). */
export async function allRecords(q: RecordQuery): Promise<AccountabilityRecord[]> {
  const out: AccountabilityRecord[] = []
  let cursor: string | null = null
  do {
    const page: Page<AccountabilityRecord> = await recordsPage(q, cursor, 1000)
    out.push(...page.items)
    cursor = page.next_cursor
  } while (cursor)
  return out
}
