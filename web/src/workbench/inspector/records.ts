/**
 * Accountability records as supervision's GET /v1/records returns them
 * (services/supervision/application/records.py), and what the page shows of them in Chinese:
 * the record's `what` is written by the projection in English, so the page says it again
 * from the same facts.
 */

export interface SanctionRow {
  event_id: string
  record_id: string
  sanction: string
  person: string
  decided_on: string
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
  region_code: string | null
  what: string
  occurred_on: string
  event_ids: string[]
  sanctions: SanctionRow[]
}

export const REASONS = ['overdue', 'repeat_after_mishandling', 'skip_level_after'] as const
export const SANCTIONS = ['admonishment_talk', 'disciplinary', 'dismissal'] as const

export type Said =
  | { kind: 'overdue'; step: string; due: string; days: string; completedOn: string | null }
  | { kind: 'followup'; repeat: boolean; petition: string }
  | { kind: 'other'; text: string }

const OVERDUE = /^step (\S+) due (\S+) missed by (\d+) day\(s\), (?:still open|completed (\S+))$/
const FOLLOWUP = /^(repeat|skip-level) petition (\S+) followed /

/** The facts in a record's `what` (see projections/accountability.py). */
export function parseWhat(what: string): Said {
  const o = OVERDUE.exec(what)
  if (o) return { kind: 'overdue', step: o[1], due: o[2], days: o[3], completedOn: o[4] ?? null }
  const f = FOLLOWUP.exec(what)
  if (f) return { kind: 'followup', repeat: f[1] === 'repeat', petition: f[2] }
  return { kind: 'other', text: what }
}

export interface LocalFilter {
  /** [from, to] as YYYY-MM-DD, both included; null: any day. */
  period: [string, string] | null
  /** '' any, 'none' no sanction yet, or one sanction. */
  sanction: string
}

/** The filters the API lacks, on the rows it returned (period, sanction). */
export function keepRecord(r: AccountabilityRecord, f: LocalFilter): boolean {
  if (f.period && (r.occurred_on < f.period[0] || r.occurred_on > f.period[1])) return false
  if (f.sanction === 'none') return r.sanctions.length === 0
  if (f.sanction) return r.sanctions.some((s) => s.sanction === f.sanction)
  return true
}
