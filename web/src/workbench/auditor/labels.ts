/** The audit rows' codes in words: the event (the petition's, or supervision's act on it),
 * who did it, the role, the step whose deadline it is. */
import { useI18n } from 'vue-i18n'
import { useNames } from '../kit/names'
import type { AuditRow } from './audit'
import { usePeople } from './people'

export function useAuditLabels() {
  const { t, te } = useI18n()
  const names = useNames()
  const person = usePeople()
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
  /** The user id and its role: 'handler.county（承办人）', or the user alone when the row does
   * not say the role (the cell's title, and where the person has no name the page knows). */
  const account = (r: AuditRow) => (r.role ? `${r.user}（${role(r.role)}）` : r.user)
  /**
   * Who did it in words: 系统 for an automatic actor (supervision's own records keep their
   * name, 监督系统), 信访人 for the petitioner (on the portal, at a kiosk, answering a
   * survey), a person the directory names as 姓名（单位）: the unit the event was done for,
   * else the person's own. Anyone else by user id and role.
   */
  const who = (r: AuditRow) => {
    if (r.role === 'system') return r.source === 'supervision' && r.user ? r.user : t('wb.auditor.systemActor')
    if (r.role === 'petitioner' || r.role === 'public') return t('wb.auditor.petitioner')
    const p = person(r.user)
    if (!p) return account(r)
    const unit = !r.org || r.org === p.org ? p.org_name || names.org(p.org) : names.org(r.org)
    return `${p.name}（${unit}）`
  }
  /** The unit a row was done for, by name: an automatic actor's org is its service. */
  const unit = (r: AuditRow) => {
    if (!r.org) return ''
    if (r.role === 'system') return word(`wb.auditor.services.${r.org}`, r.org)
    return names.org(r.org)
  }
  /** The unit with its code, for the CSV: an auditor reconstructs exactly who acted. */
  const unitWithCode = (r: AuditRow) => {
    const name = unit(r)
    return name && name !== r.org ? `${name}（${r.org}）` : r.org
  }
  const source = (r: AuditRow) => t(`wb.auditor.sv.source.${r.source}`)
  const step = (s: string | null) => (s ? word(`wb.inspector.step.${s}`, s) : '')
  const met = (r: AuditRow) =>
    r.met === true ? t('wb.auditor.petition.met') : r.met === false ? t('wb.auditor.petition.missed') : r.deadline ? t('wb.auditor.petition.setDeadline') : ''
  return { event, role, who, account, unit, unitWithCode, step, met, source }
}
