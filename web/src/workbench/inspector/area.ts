// The inspector area of the workbench (纪检): overdue cases as they happen, and the
// accountability records with the sanctions recorded on them.
import type { Area } from '../types'

export const area: Area = {
  routes: [
    {
      path: 'inspector/overdue',
      name: 'wb-inspector-overdue',
      meta: { title: 'wb.inspector.overdue.title', roles: ['inspector'] },
      component: () => import('./views/OverdueView.vue'),
    },
    {
      path: 'inspector/records',
      name: 'wb-inspector-records',
      meta: { title: 'wb.inspector.records.title', roles: ['inspector'] },
      component: () => import('./views/RecordsView.vue'),
    },
  ],
  menu: [
    { route: 'wb-inspector-overdue', title: 'wb.inspector.menuOverdue', roles: ['inspector'], order: 60 },
    { route: 'wb-inspector-records', title: 'wb.inspector.menuRecords', roles: ['inspector'], order: 61 },
  ],
}
