/** The areas' texts join the locales when the workbench's frame first loads: this module is
 * imported by the frame only, so the portal's pages never download them. */
import { i18n } from '../i18n'
import { messages as admin } from './admin/messages'
import { messages as auditor } from './auditor/messages'
import { messages as charts } from './charts/messages'
import { messages as cockpit } from './cockpit/messages'
import { messages as frame } from './frame/messages'
import { messages as handler } from './handler/messages'
import { messages as inspector } from './inspector/messages'
import { messages as office } from './office/messages'
import { messages as owner } from './owner/messages'
import { messages as registrar } from './registrar/messages'
import { messages as reports } from './reports/messages'

const ALL = [frame, registrar, office, owner, handler, inspector, auditor, admin, cockpit, charts, reports]
let merged = false

export function mergeAreaMessages(): void {
  if (merged) return
  for (const m of ALL) {
    i18n.global.mergeLocaleMessage('zh-CN', m['zh-CN'] as never)
    i18n.global.mergeLocaleMessage('en', m.en as never)
  }
  merged = true
}
