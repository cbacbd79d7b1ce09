// The frame area of the workbench: the home page (everyone's "today") and the petition page
// (whoever intake lets read the petition: intake answers 404 to the others).
import type { FirstReads } from '../kit/early'
import { petitionUrl } from '../kit/petition'
import type { Area, Role } from '../types'

export const ALL_ROLES: Role[] = [
  'registrar',
  'handler',
  'petition_office',
  'case_owner',
  'inspector',
  'leader',
  'auditor',
  'admin',
]

export const area: Area = {
  routes: [
    {
      path: '',
      name: 'wb-home',
      meta: { title: 'wb.frame.homeTitle', roles: ALL_ROLES },
      component: () => import('./views/HomeView.vue'),
    },
    {
      path: 'petitions/:id',
      name: 'wb-petition',
      meta: {
        title: 'wb.frame.petition.title',
        roles: ALL_ROLES,
        firstReads: ((to) => [petitionUrl(String(to.params.id))]) satisfies FirstReads,
      },
      component: () => import('./views/PetitionView.vue'),
    },
  ],
  menu: [{ route: 'wb-home', title: 'wb.frame.home', roles: ALL_ROLES, order: 0 }],
}
