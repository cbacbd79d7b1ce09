/** The audit rows' codes in words: the event, the role, the step whose deadline it is. */
import { useI18n } from 'vue-i18n'
import type { AuditRow } from './audit'

export function useAuditLabels() {
  const { t, te } = useI18n()
  const word = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const event = (type: string) => word(`wb.auditor.event.${type.replace(/^petition\./, '')}`, type)
  const role = (r: string) => (r === 'system' ? t('wb.auditor.system') : word(`roles.${r}`, r))
  const step = (s: string | null) => (s ? word(`wb.inspector.step.${s}`, s) : '')
  const met = (r: AuditRow) =>
    r.met === true ? t('wb.auditor.petition.met') : r.met === false ? t('wb.auditor.petition.missed') : r.deadline ? t('wb.auditor.petition.setDeadline') : ''
  return { event, role, step, met }
}
