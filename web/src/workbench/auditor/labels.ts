/** The audit rows' codes in words: the event (the petition's, or supervision's act on it),
 * the role, the step whose deadline it is. */
import { useI18n } from 'vue-i18n'
import type { AuditRow } from './audit'

export function useAuditLabels() {
  const { t, te } = useI18n()
  const word = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const event = (type: string) => {
    const sanction = /^supervision\.sanction\.(.+)$/.exec(type)
    if (sanction) return word(`wb.inspector.sanction.${sanction[1]}`, sanction[1])
    if (type.startsWith('supervision.')) return word(`wb.auditor.sv.event.${type.slice(12)}`, type)
    return word(`wb.auditor.event.${type.replace(/^petition\./, '')}`, type)
  }
  const role = (r: string) => {
    if (r === 'system') return t('wb.auditor.system')
    if (r === 'petitioner') return t('wb.auditor.petitioner')
    return r ? word(`roles.${r}`, r) : ''
  }
  /** 'handler.county（承办人）', or the user alone when the row does not say the role. */
  const who = (r: AuditRow) => (r.role ? `${r.user}（${role(r.role)}）` : r.user)
  const source = (r: AuditRow) => t(`wb.auditor.sv.source.${r.source}`)
  const step = (s: string | null) => (s ? word(`wb.inspector.step.${s}`, s) : '')
  const met = (r: AuditRow) =>
    r.met === true ? t('wb.auditor.petition.met') : r.met === false ? t('wb.auditor.petition.missed') : r.deadline ? t('wb.auditor.petition.setDeadline') : ''
  return { event, role, who, step, met, source }
}
