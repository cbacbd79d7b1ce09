// The auditor area of the workbench (审计): a petition's timeline from the event log, and
// one org's or one person's actions over a period (supervision's audit log).
import type { Area } from '../types'

export const area: Area = {
  routes: [
    {
      path: 'audit/petition',
      name: 'wb-audit-petition',
      meta: { title: 'wb.auditor.petition.title', roles: ['auditor', 'inspector'] },
      component: () => import('./views/PetitionTimelineView.vue'),
    },
    {
      path: 'audit/actions',
      name: 'wb-audit-actions',
      meta: { title: 'wb.auditor.actions.title', roles: ['auditor', 'inspector'] },
      component: () => import('./views/ActionsView.vue'),
    },
  ],
  menu: [
    { route: 'wb-audit-petition', title: 'wb.auditor.menuPetition', roles: ['auditor', 'inspector'], order: 70 },
    { route: 'wb-audit-actions', title: 'wb.auditor.menuActions', roles: ['auditor', 'inspector'], order: 71 },
  ],
}
