/**
 * Supervision's own acts on one petition, as rows of the auditor's timeline: its
 * accountability records (问责) with each sanction recorded on them (诫勉谈话/处分/免职), the
 * urgings, 督办 and leaders' instructions on it, and the pauses and resumes of its clock. The
 * audit log holds the petition's own events only; these come from supervision's reads, each
 * cut to the caller's scope there: GET /v1/records?petition_id=, the department's view (its
 * urgings, ?petition_id=), /v1/instructions?petition_id= and /v1/petitions/{id}/pauses. Each
 * act stands at the instant of its event; one kept before supervision kept instants has its
 * day only.
 */
import { useI18n } from 'vue-i18n'
import { supervision } from '../../api/clients'
import { ApiError } from '../../lib/api'
import { loadPetition } from '../kit/petition'
import { allRecords, type AccountabilityRecord } from '../inspector/records'
import { useRecordWords } from '../inspector/recordWords'
import type { AuditRow } from './audit'

/** An urging (催办/督办) or an instruction case (批示件) as supervision returns it. */
export interface SupervisionAction {
  action_id: string
  petition_id: string
  kind: string // urge, supervise, instruction
  department: string | null
  by_user: string
  by_org: string
  leader: string | null
  note: string
  issued_on: string
  /** The instant it was issued (UTC); null on one kept before instants were. */
  issued_at?: string | null
  due_on: string
  status: string // open, overdue, done
}

/** A pause or resume of the petition's clock, as GET /v1/petitions/{id}/pauses gives it. */
export interface ClockChange {
  event_id: string
  petition_id: string
  kind: 'pause' | 'resume'
  day: string
  reason: string | null
  by_user: string
  by_org: string
  at: string
}

export async function petitionRecords(petitionId: string): Promise<AccountabilityRecord[]> {
  return allRecords({ petition_id: petitionId })
}

/** A refusal that says "not yours to read" (as opposed to a failure). */
const refused = (e: unknown) => e instanceof ApiError && (e.status === 403 || e.status === 404)

/**
 * The urgings and instruction cases on the petition. The department's view holds the
 * urgings on it; which department is the petition's (intake) or a record's. `readable` is
 * false when the caller may read neither (an inspector reads only overdue petitions in
 * intake, and only the departments of its region in supervision).
 */
export async function petitionActions(
  petitionId: string,
  recordDepartments: string[],
): Promise<{ actions: SupervisionAction[]; readable: boolean }> {
  const departments = new Set(recordDepartments)
  try {
    const p = await loadPetition(petitionId)
    if (p.department) departments.add(p.department)
  } catch (e) {
    if (!refused(e)) throw e
  }
  const found = new Map<string, SupervisionAction>()
  let readable = false
  const keep = (items: SupervisionAction[]) => {
    readable = true
    for (const a of items) found.set(a.action_id, a)
  }
  // A department's view holds the urgings on its petitions: supervision gives this one's.
  for (const department of departments) {
    try {
      const { data } = await supervision.GET('/v1/departments/{department}/view', {
        params: { path: { department }, query: { petition_id: petitionId } },
      })
      keep((data as { actions: SupervisionAction[] }).actions ?? [])
    } catch (e) {
      if (!refused(e)) throw e
    }
  }
  // An instruction case has no department of its own: supervision lists the petition's.
  try {
    const { data } = await supervision.GET('/v1/instructions', { params: { query: { petition_id: petitionId } } })
    keep((data as { items: SupervisionAction[] }).items ?? [])
  } catch (e) {
    if (!refused(e)) throw e
  }
  return { actions: [...found.values()], readable }
}

/** The pauses and resumes of the petition's clock; none when the caller may not read them. */
export async function petitionPauses(petitionId: string): Promise<ClockChange[]> {
  try {
    const { data } = await supervision.GET('/v1/petitions/{petition_id}/pauses', {
      params: { path: { petition_id: petitionId } },
    })
    return (data as { items: ClockChange[] }).items ?? []
  } catch (e) {
    if (refused(e)) return []
    throw e
  }
}

/** Rows of the timeline for the records, their sanctions and the actions, in Chinese. */
export function useSupervisionRows() {
  const { t, te } = useI18n()
  const { reasonName, sanctionName, whatOf } = useRecordWords()
  const status = (s: string) => (te(`wb.auditor.sv.status.${s}`) ? t(`wb.auditor.sv.status.${s}`) : s)

  const base = (petitionId: string) => ({
    petitionId,
    version: null,
    deadline: null,
    met: null,
    source: 'supervision' as const,
  })
  /** The act's instant where supervision kept it, else its day alone. */
  const when = (instant: string | null | undefined, day: string) =>
    instant ? { at: instant, dayOnly: false } : { at: day, dayOnly: true }

  function recordRows(records: AccountabilityRecord[]): AuditRow[] {
    const out: AuditRow[] = []
    for (const r of records) {
      out.push({
        ...base(r.petition_id),
        key: `record-${r.record_id}`,
        ...when(r.found_at, r.occurred_on),
        eventType: 'supervision.record',
        user: t('wb.auditor.sv.supervision'),
        role: 'system',
        org: r.department ?? r.region_code ?? '',
        what: `${reasonName(r.reason)}：${whatOf(r)}`,
        dueOn: null,
      })
      for (const s of r.sanctions) {
        const said = t('wb.auditor.sv.sanctionWhat', {
          person: s.person,
          sanction: sanctionName(s.sanction),
          reason: reasonName(r.reason),
          on: r.occurred_on,
        })
        out.push({
          ...base(r.petition_id),
          key: `sanction-${s.event_id}`,
          ...when(s.decided_at, s.decided_on),
          eventType: `supervision.sanction.${s.sanction}`,
          user: s.decided_by,
          role: 'inspector',
          org: '',
          what: s.note ? `${said}；${t('wb.auditor.sv.note', { note: s.note })}` : said,
          dueOn: null,
        })
      }
    }
    return out
  }

  function actionRows(actions: SupervisionAction[]): AuditRow[] {
    return actions.map((a) => ({
      ...base(a.petition_id),
      key: `action-${a.action_id}`,
      ...when(a.issued_at, a.issued_on),
      eventType: `supervision.${a.kind}`,
      user: a.by_user,
      // Only the petition office urges (催办/督办); an instruction may be a leader's entry.
      role: a.kind === 'instruction' ? '' : 'petition_office',
      org: a.by_org,
      what:
        a.kind === 'instruction'
          ? t('wb.auditor.sv.instructionWhat', { leader: a.leader ?? '', note: a.note, status: status(a.status) })
          : t('wb.auditor.sv.urgeWhat', { note: a.note, status: status(a.status) }),
      dueOn: a.due_on,
    }))
  }

  function pauseRows(changes: ClockChange[]): AuditRow[] {
    return changes.map((p) => ({
      ...base(p.petition_id),
      key: `clock-${p.event_id}`,
      ...when(p.at, p.day),
      eventType: `supervision.${p.kind}`,
      user: p.by_user,
      role: 'petition_office', // only the petition office stops and restarts a clock
      org: p.by_org,
      what:
        p.kind === 'pause'
          ? t('wb.auditor.sv.pauseWhat', { on: p.day, reason: p.reason ?? '' })
          : t('wb.auditor.sv.resumeWhat', { on: p.day }),
      dueOn: null,
    }))
  }

  return { recordRows, actionRows, pauseRows }
}
