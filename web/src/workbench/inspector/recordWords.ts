/**
 * An accountability record in Chinese words: its reason, step, sanctions and what happened.
 * The inspector's records page and the auditor's timeline say a record the same way.
 */
import { useI18n } from 'vue-i18n'
import { parseWhat, type AccountabilityRecord } from './records'

export function useRecordWords() {
  const { t, te } = useI18n()
  const stepName = (s: string | null) => (s && te(`wb.inspector.step.${s}`) ? t(`wb.inspector.step.${s}`) : (s ?? ''))
  const reasonName = (r: string) => (te(`wb.inspector.reason.${r}`) ? t(`wb.inspector.reason.${r}`) : r)
  const sanctionName = (s: string) => (te(`wb.inspector.sanction.${s}`) ? t(`wb.inspector.sanction.${s}`) : s)

  function whatOf(r: AccountabilityRecord): string {
    const said = parseWhat(r.what)
    if (said.kind === 'overdue') {
      const state = said.completedOn
        ? t('wb.inspector.records.completedLate', { on: said.completedOn })
        : t('wb.inspector.records.stillOpen')
      return t('wb.inspector.records.whatOverdue', { step: stepName(said.step), due: said.due, days: said.days, state })
    }
    if (said.kind === 'followup') {
      const kind = said.repeat ? t('wb.inspector.records.followRepeat') : t('wb.inspector.records.followSkip')
      return t('wb.inspector.records.whatFollowup', { kind, id: said.petition.slice(0, 8) })
    }
    if (said.kind === 'dissatisfied') {
      return t('wb.inspector.records.whatDissatisfied', { on: said.revisitedOn, outcome: said.outcome })
    }
    return said.text
  }

  return { stepName, reasonName, sanctionName, whatOf }
}
