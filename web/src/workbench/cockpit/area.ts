// The leaders' cockpit (领导驾驶舱): the region's index, map, lights, warnings and measures.
// The petition office reads the same figures for its leaders.
import type { Area } from '../types'

const READERS = ['leader', 'petition_office'] as const

export const area: Area = {
  routes: [
    {
      path: 'cockpit',
      name: 'wb-cockpit',
      meta: { title: 'wb.cockpit.menu', roles: [...READERS] },
      component: () => import('./views/CockpitView.vue'),
    },
  ],
  menu: [{ route: 'wb-cockpit', title: 'wb.cockpit.menu', roles: [...READERS], order: 5 }],
}
