// Custom charts (定制图表, issue 17): a leader or the petition office picks a measure, a
// dimension, filters and a chart type, saves it under a name, shares it with their org and
// exports it (PNG, CSV, Excel).
import type { Area } from '../types'

const READERS = ['leader', 'petition_office'] as const

export const area: Area = {
  routes: [
    {
      path: 'charts',
      name: 'wb-charts',
      meta: { title: 'wb.charts.menu', roles: [...READERS] },
      component: () => import('./views/ChartsView.vue'),
    },
  ],
  menu: [{ route: 'wb-charts', title: 'wb.charts.menu', roles: [...READERS], order: 6 }],
}
