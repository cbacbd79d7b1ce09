// The case owner's area (包案领导): the cases they own, across departments.
import type { Area } from '../types'

export const area: Area = {
  routes: [
    {
      path: 'owner/cases',
      name: 'wb-owner-cases',
      meta: { title: 'wb.owner.menu', roles: ['case_owner'] },
      component: () => import('./views/CasesView.vue'),
    },
  ],
  menu: [{ route: 'wb-owner-cases', title: 'wb.owner.menu', roles: ['case_owner'], order: 30 }],
}
