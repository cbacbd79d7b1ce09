// Reports for print (报告): the health check (体检表) and the satisfaction report of a region
// for a period, as pages with charts and the analysis text, printed by the browser (A4); and
// the weekly and monthly reports the services keep, reopened as the same pages.
import type { Area } from '../types'

const READERS = ['leader', 'petition_office'] as const

export const area: Area = {
  routes: [
    {
      path: 'reports',
      name: 'wb-reports',
      meta: { title: 'wb.reports.menu', roles: [...READERS] },
      component: () => import('./views/ReportsView.vue'),
    },
    {
      path: 'reports/:kind(health-check|satisfaction)/:region',
      name: 'wb-report',
      meta: { title: 'wb.reports.menu', roles: [...READERS] },
      component: () => import('./views/ReportView.vue'),
    },
  ],
  menu: [{ route: 'wb-reports', title: 'wb.reports.menu', roles: [...READERS], order: 6 }],
}
